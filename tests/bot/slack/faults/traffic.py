"""Slack-shaped traffic for the fault scenarios: sessions opened in the database, answers sent over HTTP
the way Slack sends them — signed, and retried with X-Slack-Retry-Num when not acknowledged.

Slack resends an event that got no 2xx within 3 seconds (a 5xx, a reset connection, a timeout) up to
three times, with the same body and event id and a fresh signature timestamp. `SlackSender` does the
same, with the pauses between attempts shortened (Slack waits about a minute before the second retry).
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from bot.slack.http import EVENTS_PATH
from journeys.events import Answer
from journeys.service import JourneyService
from tests.bot.slack import loopback
from tests.bot.slack.fake_slack import BOT_USER_ID, TEAM_ID
from tests.bot.slack.signing import json_body, signed_headers

__all__ = ["Answered", "SlackSender", "open_sessions"]

CHANNEL = "C0FAULTS1"
_IDS = itertools.count(1)  # shared by every sender: Slack's message ts and event ids are unique per channel
_IDS_LOCK = threading.Lock()


def open_sessions(service: JourneyService, *, threads: Sequence[str]) -> list[str]:
    """A session per thread ts, moved to the persona step (where each answer gets a reply that names it);
    returns the journey ids. Built through the service, so the scenario starts with no request in flight."""
    ids = []
    for n, thread_ts in enumerate(threads):
        outcome = service.start(team_id=TEAM_ID, channel_id=CHANNEL, title=f"障害試験{n}", author="U0LEAD001",
                                at=datetime.now(UTC), thread_ts=thread_ts)
        journey_id = outcome.state.journey_id
        service.handle(journey_id=journey_id, event=Answer("次へ", "U0LEAD001", f"{CHANNEL}:open{n}",
                                                           datetime.now(UTC)))
        ids.append(journey_id)
    return ids


def answer_body(*, text: str, thread_ts: str, ts: str, event_id: str, user: str = "U0TANAKA1") -> str:
    event = {"type": "message", "channel": CHANNEL, "user": user, "text": text, "ts": ts, "event_ts": ts,
             "thread_ts": thread_ts, "parent_user_id": BOT_USER_ID, "channel_type": "channel", "team": TEAM_ID}
    body, _ = json_body({
        "token": "legacy", "team_id": TEAM_ID, "api_app_id": "A0JOURNEY", "type": "event_callback",
        "event_id": event_id, "event_time": int(time.time()), "event": event,
        "authorizations": [{"enterprise_id": None, "team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True,
                            "is_enterprise_install": False}]})
    return body


@dataclass
class Answered:
    """One answer as Slack saw it: its token and the status of each attempt (0: no response at all)."""

    text: str
    thread_ts: str
    statuses: list[int] = field(default_factory=list)
    seconds: float = 0.0  # from the first attempt to the last answer

    @property
    def acknowledged(self) -> bool:
        return 200 in self.statuses


class SlackSender:
    """Sends answers to `url` (a server's base URL) as Slack would; thread-safe."""

    def __init__(self, url: str, *, secret: str, retries: int = 3, pause: float = 0.25, timeout: float = 3.0) -> None:
        self.url = url.rstrip("/") + EVENTS_PATH
        self.secret = secret
        self.retries = retries
        self.pause = pause
        self.timeout = timeout

    def _next(self) -> int:
        with _IDS_LOCK:
            return next(_IDS)

    def answer(self, text: str, *, thread_ts: str) -> Answered:
        n = self._next()
        ts = f"{int(time.time())}.9{n:05d}"  # never a root's ts (the fake numbers those from 1)
        body = answer_body(text=text, thread_ts=thread_ts, ts=ts, event_id=f"Ev0FAULT{n:06d}")
        answered = Answered(text=text, thread_ts=thread_ts)
        started = time.monotonic()
        for attempt in range(self.retries + 1):
            headers = signed_headers(secret=self.secret, body=body, content_type="application/json",
                                     retry_num=attempt or None)
            try:
                with loopback.client(timeout=self.timeout) as client:  # a connection per attempt, as Slack's
                    status = client.post(self.url, content=body.encode(), headers=headers).status_code
            except httpx.TransportError:
                status = 0
            answered.statuses.append(status)
            if status == 200:
                break
            time.sleep(self.pause * 2**attempt)  # Slack backs off too (1 min, then 5 min)
        answered.seconds = time.monotonic() - started
        return answered

    def burst(self, texts_by_thread: dict[str, Sequence[str]], *, concurrency: int = 8, gap: float = 0.0,
              after_each: Callable[[Answered], object] | None = None) -> list[Answered]:
        """Every thread's answers one after the other (the next `gap` seconds after the previous was sent),
        the threads at the same time; `after_each` sees each answer once Slack is done with it."""
        def run(thread_ts: str) -> list[Answered]:
            done = []
            for text in texts_by_thread[thread_ts]:
                done.append(self.answer(text, thread_ts=thread_ts))
                if after_each is not None:
                    after_each(done[-1])
                time.sleep(gap)
            return done

        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            return [a for done in pool.map(run, list(texts_by_thread)) for a in done]
