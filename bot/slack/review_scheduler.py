"""Posts due review reminders in their session threads: a small thread beside the Slack app.

Every process runs one; they may all see the same due review, and the storage claim
(`ReviewReminders.claim`, a compare-and-set on `posted_at`) lets exactly one of them post it. The schedule
lives in the database, so a restart loses nothing and re-posts nothing. A failed post gives its claim
back, to be tried at the next check. The clock is injectable so tests need no waiting.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient

from bot.slack import limits
from bot.slack.blocks import section_blocks
from bot.slack.delivery import Delivery, message_parcel
from bot.slack.mrkdwn import escape
from bot.slack.team_client import acting_for, not_installed
from journeys.language import reply_language
from journeys.reviews import changes_text
from journeys.service import AlreadyHandled, JourneyService
from journeys.storage import DueReview, ReviewReminders

__all__ = ["DEFAULT_INTERVAL", "ReviewScheduler", "start_review_scheduler"]

logger = logging.getLogger(__name__)
DEFAULT_INTERVAL = 60.0  # seconds between checks: reviews are due on a day, a minute late is on time


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class _Reminder:
    thread_ts: str
    team: str
    text: str
    blocks: list[dict[str, Any]]


class ReviewScheduler:
    def __init__(self, *, reminders: ReviewReminders, service: JourneyService, client: WebClient,
                 language: str = "auto", clock: Callable[[], datetime] = _now,
                 interval: float = DEFAULT_INTERVAL, delivery: Delivery | None = None) -> None:
        """`delivery`: the app's outbox. With it a reminder is owed (committed once, under a claim of its own)
        before the review is marked posted, and delivered like any reply — a process killed between the two
        loses nothing (a direct post marked first was lost when the process died while posting it)."""
        self._reminders, self._service, self._client = reminders, service, client
        self._language, self._clock, self._interval = language, clock, interval
        self._delivery = delivery
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        """Post every review due now that this process wins; returns how many it posted (or owed)."""
        now = self._clock()
        posted = 0
        for due in self._reminders.due(today=now.date()):
            if self._delivery is not None:
                posted += self._owe(due, self._delivery, now=now)
                continue
            if not self._reminders.claim(due, now=now):
                continue  # another process has it
            try:
                self._post(due)
            except Exception:
                logger.exception("Posting review %s of %s failed; it will be tried again", due.review_id,
                                 due.journey_id)
                self._reminders.release(due, claimed_at=now)
                continue
            posted += 1
        return posted

    def _owe(self, due: DueReview, delivery: Delivery, *, now: datetime) -> int:
        """Owe the reminder in the outbox (once: the claim `review:<journey>:<review>`), then mark it posted."""
        reminder = self._reminder(due)
        owed = 0
        if reminder is not None:
            try:
                delivery.owe([message_parcel(channel=due.channel_id, thread_ts=reminder.thread_ts, team=reminder.team,
                                             message={"text": reminder.text, "blocks": reminder.blocks})],
                             claim=f"review:{due.journey_id}:{due.review_id}")
                owed = 1
            except AlreadyHandled:
                pass  # owed before (by another process, or by this one before it died): only the mark is left
        self._reminders.claim(due, now=now)
        return owed

    def _post(self, due: DueReview) -> None:
        reminder = self._reminder(due)
        if reminder is None:
            return  # nowhere to post, and nothing to post again
        with acting_for(self._client, reminder.team):  # that workspace's bot token (OAuth installs)
            self._client.chat_postMessage(channel=due.channel_id, thread_ts=reminder.thread_ts, text=reminder.text,
                                          blocks=reminder.blocks)

    def _reminder(self, due: DueReview) -> _Reminder | None:
        """The reminder's message; None when there is nowhere to post it: the journey was deleted, never had a
        thread, or its workspace uninstalled the app (and it is not tried again every minute)."""
        state = self._service.get(journey_id=due.journey_id)
        if state is None or due.thread_ts is None:
            return None
        with acting_for(self._client, state.team_id):
            if not_installed():
                logger.info("Review %s of %s not posted: its workspace uninstalled Journey Bot", due.review_id,
                            due.journey_id)
                return None
        report = changes_text(due.snapshot, state, reply_language(self._language, default=state.language))
        return _Reminder(thread_ts=due.thread_ts, team=state.team_id,
                         text=limits.truncate(escape(report), limits.MESSAGE_TEXT),
                         blocks=[block.to_dict() for block in section_blocks(report)][: limits.MAX_BLOCKS])

    def start(self) -> None:
        """Check now and then every `interval` seconds, on a daemon thread, until `stop`."""
        if self._thread is not None:
            return

        def loop() -> None:
            while not self._stop.is_set():
                try:
                    self.run_once()
                except Exception:
                    logger.exception("Checking due reviews failed; trying again in %.0f s", self._interval)
                self._stop.wait(self._interval)

        self._thread = threading.Thread(target=loop, name="journeybot-reviews", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)


def start_review_scheduler(*, database_url: str, service: JourneyService, client: WebClient,
                           language: str, delivery: Delivery | None = None) -> ReviewScheduler:
    """The production scheduler: its own small engine on the app's database, checking every minute."""
    from journeys.storage import create_db_engine

    # The app's own engine has already brought the schema to head; this one only reads and claims.
    engine = create_db_engine(database_url, migrate=False)
    scheduler = ReviewScheduler(reminders=ReviewReminders(engine), service=service,
                                client=client, language=language, delivery=delivery)
    scheduler.start()
    return scheduler
