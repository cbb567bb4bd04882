"""Delivering what the outbox owes to Slack: every stored answer's replies, once, in order per thread.

A listener renders an outcome's messages and commits them with the answer (`parcel`, passed as the
service's `owe`), then `wake()`s this loop, which posts them a few milliseconds later. Because the
messages are rows, not in-memory work, a process killed after the ack loses nothing: its leases run out
and this loop — in it after a restart, or in another replica — posts them. Tips are the one part not
rendered up front (retrieval is too slow for the ack path): a parcel asks for them and they are added
just before the step's buttons when it is posted.

Failures: slack_sdk's retry handlers already absorb 429s, 5xx and timeouts for a few attempts; what
still fails is postponed with a growing delay, which keeps later replies of that thread behind it. An
error that no retry can fix (the channel is gone, the bot was removed) drops the parcel, once logged.
The database failing right after Slack accepted a post does not post it twice: the process remembers it
and records it at its next round, while its lease keeps the parcel from any other process.

Cost: a reply used to take three transactions (the claim, then a delete per parcel). Now the outbox hands
this loop what this process's saves owe as they commit (`lessee`, journeys.storage.outbox), so it claims only
when something was owed behind older messages, by another path (`owe`), or at the poll (other processes'
leftovers); and a round deletes what it posted in one statement.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from datetime import timedelta
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import limits
from bot.slack.blocks import SlackMessage
from bot.slack.client import no_blind_retry_of_posts
from bot.slack.post_marks import already_posted, marked
from bot.slack.team_client import acting_for
from journeys.storage import Outbox, Parcel
from journeys.storage.outbox import Lessee

__all__ = ["Delivery", "KindHandler", "TipsRequest", "destination", "message_parcel", "parcels"]

logger = logging.getLogger(__name__)

TipsRequest = dict[str, str | None]  # {"journey_id", "step", "stage", "lang"}
TipBlocks = Callable[[TipsRequest], list[dict[str, Any]]]


GiveUp = Callable[[dict[str, Any], str], None]  # (payload, Slack error code)


class KindHandler(Protocol):
    """Delivers a parcel that is not a plain message (its payload names a `kind`, e.g. a session start);
    `retry`: an earlier attempt may have got half-way. Raises what should be retried later."""

    def __call__(self, payload: dict[str, Any], *, retry: bool) -> None: ...


# Errors that will not go away by trying again: drop the parcel instead of blocking its thread.
PERMANENT = frozenset({
    "channel_not_found", "is_archived", "not_in_channel", "thread_not_found", "message_not_found",
    "account_inactive", "invalid_auth", "token_revoked", "team_access_not_granted", "restricted_action",
    "user_not_found", "user_not_in_channel", "not_authed", "missing_scope", "msg_too_long", "no_text",
})
MAX_ATTEMPTS = 8
# Posted parcels are deleted in batches at most this often: a delete per reply cost about as much CPU as the
# post itself at human pace (many sessions answering a few seconds apart).
RECORD_EVERY = 0.25
CLAIM_DESTINATIONS = 8  # threads claimed per round, posted to in parallel
# The poll once a claim found nothing to take: what this process owes wakes the loop itself, and the poll is for
# what other processes leave (a lease of 30 s ran out) and for retries after a failure, neither of which needs
# a query a second. An idle server's polls were most of its CPU when nothing happened (~5 ms a second).
IDLE_POLL_SECONDS = 3.0


def destination(channel: str, thread_ts: str | None) -> str:
    return f"{channel}/{thread_ts or '-'}"


def parcels(*, channel: str, thread_ts: str | None, messages: Sequence[SlackMessage],
            tips: TipsRequest | None = None, ephemeral_user: str | None = None,
            team: str | None = None) -> list[tuple[str, str]]:
    """(destination, payload) pairs for the outbox, one per Slack message, so a failure half-way through an
    outcome re-posts only what was not posted. Tips ride on the last message (the one with the buttons).
    `team` is the journey's workspace: with OAuth installs its bot token posts the message."""
    return [message_parcel(channel=channel, thread_ts=thread_ts, message=message.kwargs(), team=team,
                           tips=tips if n == len(messages) - 1 else None, ephemeral_user=ephemeral_user)
            for n, message in enumerate(messages)]


def message_parcel(*, channel: str, thread_ts: str | None, message: dict[str, Any], team: str | None = None,
                   tips: TipsRequest | None = None, ephemeral_user: str | None = None) -> tuple[str, str]:
    """One chat.postMessage (or postEphemeral) owed: its destination and payload."""
    payload = {"channel": channel, "thread_ts": thread_ts, "team": team, "message": message, "tips": tips,
               "user": ephemeral_user, "key": uuid.uuid4().hex,  # the post's mark (bot.slack.post_marks)
               "at": round(time.time(), 3)}
    return destination(channel, thread_ts), json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _with_tips(blocks: list[dict[str, Any]], tips: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tips go right before the step's trailing action rows (its buttons), within Slack's block limit."""
    end = len(blocks)
    while end > 0 and blocks[end - 1].get("type") == "actions":
        end -= 1
    room = max(0, limits.MAX_BLOCKS - len(blocks))
    return [*blocks[:end], *tips[:room], *blocks[end:]]


class Delivery:
    def __init__(self, *, outbox: Outbox, client: WebClient, tip_blocks: TipBlocks | None = None,
                 owner: str | None = None, poll_seconds: float = 1.0) -> None:
        self._outbox = outbox
        self._client = client
        self._tip_blocks = tip_blocks
        self.owner = owner or f"delivery-{uuid.uuid4().hex[:12]}"
        self._poll = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Condition()
        self._busy = False
        self._thread: threading.Thread | None = None
        self._pool = ThreadPoolExecutor(max_workers=CLAIM_DESTINATIONS, thread_name_prefix="journeybot-delivery")
        self._kinds: dict[str, KindHandler] = {}
        self._give_ups: dict[str, GiveUp] = {}
        # Parcels Slack accepted and not yet deleted: a round deletes them at its end, in one statement; if the
        # database went down in between, the lease is still ours and the next claim hands them back here:
        # record them, do not post again.
        self._posted: set[int] = set()
        self._recorded_at = 0.0  # monotonic time of the last delete of posted parcels
        self._record_now = False  # `wait_idle` wants them deleted at once
        self._lock = threading.Lock()
        self._handed: list[Parcel] = []  # leased to this loop as they were committed (`lessee`)
        self._claim_due = True  # a claim at the first round finds what a previous run left behind
        self._claimed_at = 0.0  # monotonic time of the last claim: one at least every poll interval
        self._poll_every = poll_seconds  # the poll interval now: longer while claims find nothing

    def lessee(self) -> Lessee:
        """For `Outbox.lend_to`: what this process's saves owe is handed here as it commits."""
        return Lessee(owner=self.owner, take=self._take)

    def _take(self, handed: list[Parcel], waiting: int) -> None:
        with self._lock:
            self._handed.extend(handed)
            if waiting:
                self._claim_due = True
        self._wake.set()

    def on(self, kind: str, handler: KindHandler, *, give_up: GiveUp | None = None) -> None:
        """Deliver parcels whose payload has this `kind` with `handler(payload, retry=…)`. Such a parcel is
        marked as tried before its first attempt, so that a process dying half-way is noticed by the next.
        `give_up(payload, error)` runs when delivery stops trying (an error that will not pass, or one that
        kept coming back): e.g. tell the person who started a session that it could not be opened."""
        self._kinds[kind] = handler
        if give_up is not None:
            self._give_ups[kind] = give_up

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> Delivery:
        self._thread = threading.Thread(target=self._run, name="journeybot-delivery", daemon=True)
        self._thread.start()
        return self

    def stop(self, *, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout)
        self._pool.shutdown(wait=False)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def owe(self, parcels: Sequence[tuple[str, str]], *, claim: str | None = None) -> None:
        """Owe parcels that no stored change caused, committed with the request's `claim` (AlreadyHandled when
        it was claimed before), and deliver them now."""
        self._outbox.add(parcels, claim=claim)
        self.wake()

    def wake(self) -> None:
        """Something was just owed that was not handed over (`lessee`): claim and deliver it now instead of at
        the next poll."""
        self._claim_due = True
        self._wake.set()

    @property
    def poll_interval(self) -> float:
        """Seconds between claims now: the poll given, or IDLE_POLL_SECONDS while claims find nothing."""
        return self._poll_every

    def wait_idle(self, *, timeout: float = 10.0) -> bool:
        """True once nothing is owed and nothing is being posted (tests, shutdown)."""
        deadline = threading.Event()
        timer = threading.Timer(timeout, deadline.set)
        timer.start()
        try:
            while not deadline.is_set():
                with self._idle:
                    if not self._busy and self._outbox.pending() == 0:
                        return True
                self._record_now = True
                self._wake.set()
                deadline.wait(0.01)
            return False
        finally:
            timer.cancel()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(RECORD_EVERY if self._posted else self._poll_every)
            self._wake.clear()
            try:
                # Go on at once while something was handed over meanwhile or claims come back full (a
                # backlog); what is owed later wakes the loop, and what other processes owe is found at the poll.
                while self._round()[1] >= CLAIM_DESTINATIONS or self._handed or self._claim_due:
                    pass
            except Exception:  # the database may be down for a moment: try again at the next wake or poll
                self._claim_due = True
                logger.exception("Delivery round failed; retrying")

    # -- one round ---------------------------------------------------------------------------------
    def deliver_once(self) -> int:
        """Claim what is owed and post it; returns how many parcels were handled."""
        self._claim_due = True
        return self._round(record=True)[0]

    def _round(self, *, record: bool = False) -> tuple[int, int]:
        """(parcels, destinations) claimed and handled. Destinations are posted to in parallel, each in
        order on its own thread, so one slow thread (or a slow Web API) does not hold the others up."""
        with self._idle:
            self._busy = True
        try:
            self._record_posted(now=record)
            with self._lock:
                handed, self._handed = self._handed, []
                # The poll: what other processes left, what was postponed, what a repository not lent to
                # this loop owed.
                claim = self._claim_due or time.monotonic() - self._claimed_at >= self._poll_every
                self._claim_due = False
                if claim:
                    self._claimed_at = time.monotonic()
            try:
                claimed = self._outbox.claim(owner=self.owner, destinations=CLAIM_DESTINATIONS) if claim else []
            except Exception:
                with self._lock:  # still leased to this loop: deliver them at the next round
                    self._handed[:0] = handed
                raise
            if claim:
                self._poll_every = self._poll if claimed else max(self._poll, IDLE_POLL_SECONDS)
            threads: dict[str, list[Parcel]] = {}
            for item in [*handed, *claimed]:  # disjoint: a claim leaves handed leases alone
                threads.setdefault(item.destination, []).append(item)
            if len(threads) == 1:
                self._deliver_in_order(*threads.values())
            elif threads:
                futures = [self._pool.submit(self._deliver_in_order, items) for items in threads.values()]
                wait(futures)
                for future in futures:
                    future.result()  # the first failure (e.g. the database went away) ends the round
            self._record_posted(now=record)
            return sum(len(items) for items in threads.values()), len({item.destination for item in claimed})
        finally:
            with self._idle:
                self._busy = False
                self._idle.notify_all()

    def _record_posted(self, *, now: bool = False) -> None:
        """Delete what Slack accepted, in one statement, at most every RECORD_EVERY seconds (may raise: `_posted`
        keeps it for the next round). Until then the parcels stay leased to this process, which will not post
        them again; if it dies, whoever takes them over finds them posted by their marks."""
        if not (now or self._record_now) and time.monotonic() - self._recorded_at < RECORD_EVERY:
            return
        self._record_now = False
        self._recorded_at = time.monotonic()
        posted = set(self._posted)
        if posted:
            if self._outbox.delivered_ids(posted):
                self._claim_due = True  # what waited behind them in their threads
            self._posted -= posted

    def _deliver_in_order(self, items: list[Parcel]) -> None:
        """One destination's parcels, oldest first; a failed one (postponed) keeps the rest waiting."""
        for item in items:
            if not self._deliver(item):
                return

    def _deliver(self, item: Parcel) -> bool:
        """Post one parcel; False when its thread must wait (it was postponed)."""
        if item.id in self._posted:
            return True  # posted before the database went away: deleted with this round's
        try:
            payload = json.loads(item.payload)
            kind = payload.get("kind")
            if kind is None:
                self._post(payload, retry=item.attempts > 0)
            else:
                self._special(kind, payload, item)
        except SlackApiError as error:
            code = str(error.response.get("error", ""))
            if code in PERMANENT or item.attempts + 1 >= MAX_ATTEMPTS:
                logger.warning("Dropping a reply to %s: %s (attempt %d)", item.destination, code, item.attempts + 1)
                self._give_up(item, code)
                self._outbox.drop(item)
                return True
            self._postpone(item)
            return False
        except (OSError, TimeoutError) as error:  # the Web API unreachable beyond the client's own retries
            logger.warning("Slack unreachable for %s: %s", item.destination, error)
            # A post that timed out may still be carried out: look for its mark only after Slack had as long
            # again as we waited for its answer, or the look could come before the post (and post it twice).
            self._postpone(item, at_least=2.0 * float(self._client.timeout or 0)
                           if isinstance(error, TimeoutError) else 0.0)
            return False
        except (ValueError, KeyError, TypeError):
            logger.exception("Dropping an unreadable parcel for %s", item.destination)
            self._outbox.drop(item)
            return True
        self._posted.add(item.id)  # deleted at the end of the round (`_record_posted`)
        return True

    def _give_up(self, item: Parcel, error: str) -> None:
        try:
            payload = json.loads(item.payload)
            give_up = self._give_ups.get(str(payload.get("kind")))
            if give_up is not None:
                give_up(payload, error)
        except Exception:  # telling someone is a courtesy: the parcel is dropped either way
            logger.exception("Giving up on %s failed", item.destination)

    def _special(self, kind: str, payload: dict[str, Any], item: Parcel) -> None:
        handler = self._kinds[kind]  # an unknown kind is unreadable: KeyError drops the parcel
        if item.attempts == 0:
            self._outbox.tried(item)
        with acting_for(self._client, payload.get("team")):  # the workspace's own bot token (OAuth installs)
            handler(payload, retry=item.attempts > 0)

    def _postpone(self, item: Parcel, *, at_least: float = 0.0) -> None:
        delay = max(min(60.0, 0.5 * 2 ** item.attempts), at_least)
        self._outbox.postpone(item, delay=timedelta(seconds=delay))
        self._poll_every = self._poll  # its retry is found by the poll: keep it prompt

    def _post(self, payload: dict[str, Any], *, retry: bool = False) -> None:
        """Post a parcel's message. `retry`: an earlier attempt may have been carried out (it timed out, or
        a process that held the parcel died), so look for the message's mark first (bot.slack.post_marks)."""
        message: dict[str, Any] = dict(payload["message"])
        channel, thread_ts, user = payload["channel"], payload.get("thread_ts"), payload.get("user")
        key = payload.get("key")
        if key and not user:
            message = marked(message, key)
            if retry:
                with acting_for(self._client, payload.get("team")):
                    if already_posted(self._client, channel=channel, thread_ts=thread_ts, key=key,
                                      since=float(payload.get("at") or 0)):
                        return
        tips = payload.get("tips")
        if tips and self._tip_blocks is not None:
            try:
                extra = self._tip_blocks(tips)
            except Exception:  # tips are a courtesy: never hold a reply back for them
                logger.exception("Tips failed; posting without them")
                extra = []
            if extra:
                message["blocks"] = _with_tips(list(message.get("blocks") or []), extra)
        with acting_for(self._client, payload.get("team")), no_blind_retry_of_posts():
            if user:
                message.pop("metadata", None)  # ephemeral messages carry no metadata
                self._client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, **message)
            else:
                self._client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message)
