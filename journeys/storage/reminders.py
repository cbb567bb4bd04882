"""Scheduled reviews that are due, and the claim that makes each one posted exactly once.

Any number of processes (Slack workers, restarts) may look for due reviews at the same moment. Each
claims a review with a compare-and-set — `UPDATE … SET posted_at = now WHERE … AND posted_at IS NULL` —
and only the one whose update changed a row posts it. If posting then fails, `release` gives the claim
back (only its own: guarded by the `posted_at` it set) so the next check tries again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, select, update

from journeys.storage.rows import JOURNEYS
from journeys.storage.shared_rows import REVIEWS

__all__ = ["DueReview", "ReviewReminders"]


@dataclass(frozen=True)
class DueReview:
    journey_id: str
    review_id: str
    due_on: date
    team_id: str
    channel_id: str
    thread_ts: str | None
    snapshot: dict[str, Any]


class ReviewReminders:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def due(self, *, today: date, limit: int = 100) -> list[DueReview]:
        """Reviews due on or before `today` that nobody has posted yet, oldest first."""
        query = (
            select(REVIEWS, JOURNEYS.c.team_id, JOURNEYS.c.channel_id, JOURNEYS.c.thread_ts)
            .join(JOURNEYS, JOURNEYS.c.id == REVIEWS.c.journey_id)
            .where(REVIEWS.c.posted_at.is_(None), REVIEWS.c.due_on <= today)
            .order_by(REVIEWS.c.due_on, REVIEWS.c.journey_id, REVIEWS.c.review_id)
            .limit(limit)
        )
        with self._engine.connect() as conn:
            return [DueReview(journey_id=row.journey_id, review_id=row.review_id, due_on=row.due_on,
                              team_id=row.team_id, channel_id=row.channel_id, thread_ts=row.thread_ts,
                              snapshot=dict(row.snapshot or {}))
                    for row in conn.execute(query)]

    def claim(self, review: DueReview, *, now: datetime) -> bool:
        """True for exactly one caller per review: the one whose update set `posted_at`."""
        with self._engine.begin() as conn:
            result = conn.execute(update(REVIEWS).where(
                REVIEWS.c.journey_id == review.journey_id, REVIEWS.c.review_id == review.review_id,
                REVIEWS.c.posted_at.is_(None)).values(posted_at=now))
            return result.rowcount == 1

    def release(self, review: DueReview, *, claimed_at: datetime) -> None:
        """Undo this caller's claim (posting failed), so that a later check posts it."""
        with self._engine.begin() as conn:
            conn.execute(update(REVIEWS).where(
                REVIEWS.c.journey_id == review.journey_id, REVIEWS.c.review_id == review.review_id,
                REVIEWS.c.posted_at == claimed_at).values(posted_at=None))

    def dispose(self) -> None:
        """Close this store's connections (a process shutting down; tests with engines of their own)."""
        self._engine.dispose()

    def posted_at(self, *, journey_id: str, review_id: str) -> datetime | None:
        with self._engine.connect() as conn:
            value = conn.execute(select(REVIEWS.c.posted_at).where(
                REVIEWS.c.journey_id == journey_id, REVIEWS.c.review_id == review_id)).scalar_one_or_none()
        return value if isinstance(value, datetime) else None
