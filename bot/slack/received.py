"""Thread answers, edits and deletions: acknowledged once received, applied right after the ack — or, when
nothing else is in flight, applied inside the ack itself (`_applied_in_ack`).

Applying an answer inside the ack (load, engine, save, owe its replies: 2–3 ms of CPU and a transaction) made
the last ack of a burst of fifty wait for the forty-nine before it. Now a listener only puts what the
message means into the inbox (journeys.storage.inbox: one insert, shared by the acks that arrive together)
and returns; this process's worker applies it right after, one task per journey at a time (so a thread's
answers keep their order), from memory: the entry is only read back from the table when something went
wrong. Decoding mentions and looking up display names (users.info) happen here too, not in the ack.

Exactly once: applying an entry claims its Slack event id in the transaction that stores the answer and owes
its replies. A process killed between the ack and the apply leaves the entry in the table; `Sweeper` — in
every process — applies, in the order received, entries nobody applied within `STALE`, and retries failed
ones with a growing delay (the journey's later entries wait meanwhile); one that failed `MAX_ATTEMPTS` times
is parked (kept, logged, skipped) rather than blocking its session's later answers for good.
"""

from __future__ import annotations

import contextvars
import json
import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from bot.slack.ack_after import ack_after
from bot.slack.decode import decode
from bot.slack.deps import Deps
from bot.slack.publish import committed, replies_owed
from bot.slack.traffic import TRAFFIC
from journeys.events import Answer, Delete, Edit, Event
from journeys.service import AlreadyHandled, JourneyNotFound
from journeys.storage import Received

__all__ = ["DRAIN", "MAX_ATTEMPTS", "STALE", "Sweeper", "apply_received", "pending_event", "receive", "settle"]

logger = logging.getLogger(__name__)

DRAIN = "inbox"  # the worker task name: one queued drain per journey is enough (it reads every entry)
STALE = timedelta(seconds=3)  # an entry this old was not applied by the process that received it
MAX_ATTEMPTS = 10  # retries at STALE × 2^attempts: parked after ~1.5 hours of failures
SETTLE_SECONDS = 2.0  # how long a click may wait for the answers received before it


def pending_event(kind: str, *, channel_message: str, author: str, at: datetime, text: str | None = None) -> str:
    """What a message means, as the inbox keeps it (raw text: decoding and names come when it is applied)."""
    return json.dumps({"kind": kind, "message_id": channel_message, "author": author, "at": at.isoformat(),
                       "text": text}, ensure_ascii=False, separators=(",", ":"))


def _event(deps: Deps, payload: str) -> Event:
    data: dict[str, Any] = json.loads(payload)
    author, at, mid = str(data["author"]), datetime.fromisoformat(data["at"]), str(data["message_id"])
    name = deps.name(author) if author else None
    text = decode(str(data.get("text") or ""), name_of=deps.name)
    if data["kind"] == "answer":
        return Answer(text=text, author=author, message_id=mid, at=at, author_name=name)
    if data["kind"] == "edit":
        return Edit(message_id=mid, text=text, author=author, at=at, author_name=name)
    return Delete(message_id=mid, author=author, at=at, author_name=name)


def receive(deps: Deps, *, event_id: str, journey_id: str, payload: str) -> None:
    """Apply the message inside its ack when nothing else waits (`_applied_in_ack`); otherwise commit the entry,
    holding the request's ack until then (bot/slack/ack_after.py), and have the worker apply it once committed —
    in this request's context (with OAuth, its workspace's token posts the replies)."""
    if _applied_in_ack(deps, event_id=event_id, journey_id=journey_id, payload=payload):
        return
    received = Received(event_id=event_id, journey_id=journey_id, payload=payload)
    context = contextvars.copy_context()
    apply = partial(deps.worker.submit, journey_id, partial(_apply_received, deps, received))
    ack_after(deps.inbox.submit(received, then=partial(context.run, apply)))


def _applied_in_ack(deps: Deps, *, event_id: str, journey_id: str, payload: str) -> bool:
    """Apply the message now, in the request's thread, when it is the only request in flight (in every worker
    process), its journey has nothing queued or held here, and applying it asks Slack nothing (its author's
    name is known, it mentions nobody). True when it was applied (or refused by its claim: a retry).

    The inbox exists for bursts, where applying inside the acks made the last ack wait for all the others.
    An answer arriving alone has nobody to keep waiting, and for it the inbox was pure cost: an insert and
    three thread hand-offs (0.46–0.8 ms of CPU per entry on the 2-core machine, measured alone).
    The claim still commits with the answer and the replies it owes, so a retry is refused as before. If
    applying fails, the message goes the inbox's way instead (and is acknowledged once its entry is in):
    nothing is lost, and the worker's retries and the sweeper take over.
    """
    data: dict[str, Any] = json.loads(payload)
    author, text = str(data.get("author") or ""), str(data.get("text") or "")
    if (not TRAFFIC.alone() or deps.inbox.held(journey_id) or "<@" in text
            or (author and not deps.people.knows(author))):
        return False
    failed = False

    def apply() -> None:
        nonlocal failed
        try:
            apply_received(deps, journey_id=journey_id, event_id=event_id, payload=payload)
        except Exception:
            failed = True
            logger.warning("could not apply %s to journey %s in its ack; it goes through the inbox", event_id,
                           journey_id, exc_info=True)

    return deps.worker.run_now_if_idle(journey_id, apply) and not failed


def apply_received(deps: Deps, *, journey_id: str, event_id: str | None, payload: str) -> bool:
    """Apply one message now, in the caller's thread (an event without an id cannot wait in the inbox); False
    when there was nothing to do: the journey is gone, or the event was applied before (its claim)."""
    try:
        outcome = deps.sessions.handle(journey_id=journey_id, event=_event(deps, payload), owe=replies_owed,
                                       claim=event_id)
    except (JourneyNotFound, AlreadyHandled):
        return False
    committed(deps, outcome)
    return True


def _apply_received(deps: Deps, received: Received) -> None:
    if deps.inbox.held(received.journey_id):
        return  # an earlier entry failed: the ordered drain applies this one after it
    _apply(deps, received.journey_id, received.event_id, received.payload, attempts=0)


def drain(deps: Deps, journey_id: str) -> None:
    """Apply the journey's entries from the table, oldest first; stop at a failure, so that no later answer
    overtakes it. A drain that gets through lets this process apply the journey's entries from memory again."""
    for entry in deps.inbox.pending(journey_id, max_attempts=MAX_ATTEMPTS):
        if not _apply(deps, journey_id, entry.event_id, entry.payload, attempts=entry.attempts):
            return
    deps.inbox.release(journey_id)


def _apply(deps: Deps, journey_id: str, event_id: str, payload: str, *, attempts: int) -> bool:
    """Apply an entry; on failure hold the journey and count the attempt. False on failure. An applied entry
    was spent by its claim's transaction (journeys.storage.processed_events.claim_in); one with nothing to do
    (its journey is gone, or it was claimed before) is consumed here."""
    try:
        claimed = apply_received(deps, journey_id=journey_id, event_id=event_id, payload=payload)
    except Exception:
        deps.inbox.hold(journey_id)
        logger.exception("could not apply %s to journey %s (attempt %d); will retry", event_id, journey_id,
                         attempts + 1)
        if attempts + 1 >= MAX_ATTEMPTS:
            logger.error("parked %s: it failed %d times and stays in the inbox", event_id, MAX_ATTEMPTS)
        deps.inbox.failed(event_id)
        return False
    if not claimed:
        deps.inbox.consumed([event_id])
    return True


def settle(deps: Deps, journey_id: str) -> None:
    """Let what this process received for the journey be applied first (a click right after an answer must
    not overtake it). Only for listeners on the ack path: a worker task waiting here would wait for itself."""
    deps.worker.wait_key(journey_id, timeout=SETTLE_SECONDS)


class Sweeper:
    """Applies entries the process that received them did not: it died, or applying failed. In every process;
    two processes applying the same entry is harmless (the claim lets one win). It runs as long as the
    process's delivery: a process that stops delivering (shutting down, or a test's "killed" process) stops
    taking over other processes' work too."""

    def __init__(self, deps: Deps, *, every: float = 1.0) -> None:
        self._deps = deps
        self._every = every
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="journeybot-inbox-sweep", daemon=True)
            self._thread.start()

    def sweep(self) -> int:
        """Queue a drain for every journey with an entry due; how many journeys."""
        now = datetime.now(UTC)
        due = {entry.journey_id for entry in self._deps.inbox.due(older_than=STALE, max_attempts=MAX_ATTEMPTS)
               if now - entry.received_at >= STALE * 2 ** min(entry.attempts, 10)}
        for journey_id in due:
            self._deps.worker.submit(journey_id, partial(drain, self._deps, journey_id), coalesce=DRAIN)
        return len(due)

    def _run(self) -> None:
        wait = self._every
        while True:
            time.sleep(wait)
            if self._deps.delivery.stopped:
                return
            try:
                # Nothing due: look again in STALE (an idle server's sweeps each second were a third of its CPU
                # when nothing happened); an entry a dead process left is taken over at most that much later.
                wait = self._every if self.sweep() else max(self._every, STALE.total_seconds())
            except Exception:  # the database may be down for a while: try again at the next round
                wait = self._every
                logger.warning("inbox sweep failed; trying again in %.0f s", self._every, exc_info=True)
