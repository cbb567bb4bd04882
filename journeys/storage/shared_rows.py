"""Votes and scheduled reviews <-> rows, and writing what changed of them within a journey's save.

Kept apart from `rows` (items and contributions) because they are not items: a vote is keyed by
(item, voter), and a review row holds more than the state does — the snapshot taken when it was first
stored and `posted_at`, which only `ReviewReminders` writes. So reviews are only ever inserted or deleted
here, never updated, and a save cannot undo a reminder another process has just claimed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, and_, delete, insert, or_

from journeys.reviews import snapshot_of
from journeys.state import Review, SessionState, Vote
from journeys.storage import tables
from journeys.storage.rows import Row, StoredRow

__all__ = ["REVIEWS", "VOTES", "insert_shared", "reviews_from", "shared_unchanged", "sync_shared", "votes_from"]

VOTES = tables.table_of(tables.Vote)
REVIEWS = tables.table_of(tables.ReviewReminder)


def _vote_rows(state: SessionState) -> dict[tuple[str, str], Row]:
    rows: dict[tuple[str, str], Row] = {}
    for seq, vote in enumerate(state.votes):
        key = (vote.item_id, vote.voter)
        if key in rows:
            raise ValueError(f"journey {state.journey_id}: {vote.voter} votes twice for {vote.item_id!r}")
        rows[key] = {"journey_id": state.journey_id, "item_id": vote.item_id, "voter": vote.voter, "seq": seq,
                     "at": vote.at, "voter_name": vote.voter_name}
    return rows


def _review_rows(state: SessionState, *, at: datetime) -> dict[str, Row]:
    snapshot = snapshot_of(state, at=at)
    return {
        review.review_id: {"journey_id": state.journey_id, "review_id": review.review_id, "seq": seq,
                           "due_on": review.due_on, "scheduled_by": review.scheduled_by,
                           "scheduled_at": review.scheduled_at, "snapshot": snapshot, "posted_at": None}
        for seq, review in enumerate(state.reviews)
    }


def insert_shared(conn: Connection, state: SessionState) -> None:
    """The votes and reviews of a journey being created."""
    sync_shared(conn, state.evolve(votes=(), reviews=()), state)


def sync_shared(conn: Connection, old: SessionState, new: SessionState) -> None:
    """Make the stored votes and reviews of `old` into those of `new` (same transaction as the save)."""
    journey_id = new.journey_id
    old_votes, new_votes = _vote_rows(old), _vote_rows(new)
    gone = [key for key, row in old_votes.items() if new_votes.get(key) != row]
    if gone:
        conn.execute(delete(VOTES).where(VOTES.c.journey_id == journey_id, or_(
            *(and_(VOTES.c.item_id == item, VOTES.c.voter == voter) for item, voter in gone))))
    added = [row for key, row in new_votes.items() if old_votes.get(key) != row]
    if added:
        conn.execute(insert(VOTES), added)
    old_ids = {review.review_id for review in old.reviews}
    new_ids = {review.review_id for review in new.reviews}
    if old_ids - new_ids:
        conn.execute(delete(REVIEWS).where(REVIEWS.c.journey_id == journey_id,
                                           REVIEWS.c.review_id.in_(sorted(old_ids - new_ids))))
    if new_ids - old_ids:
        rows = _review_rows(new, at=new.updated_at)
        conn.execute(insert(REVIEWS), [rows[review_id] for review_id in sorted(new_ids - old_ids)])


def shared_unchanged(old: SessionState, new: SessionState) -> bool:
    """True when `sync_shared` would write nothing: the same votes, and the same reviews by id."""
    return old.votes == new.votes and ({r.review_id for r in old.reviews} == {r.review_id for r in new.reviews})


def votes_from(rows: Iterable[StoredRow]) -> tuple[Vote, ...]:
    return tuple(Vote(item_id=row["item_id"], voter=row["voter"], at=row["at"], voter_name=row["voter_name"])
                 for row in sorted(rows, key=lambda row: int(row["seq"])))


def reviews_from(rows: Iterable[StoredRow]) -> tuple[Review, ...]:
    return tuple(Review(review_id=row["review_id"], due_on=row["due_on"], scheduled_by=row["scheduled_by"],
                        scheduled_at=row["scheduled_at"])
                 for row in sorted(rows, key=lambda row: (row["scheduled_at"], int(row["seq"]))))
