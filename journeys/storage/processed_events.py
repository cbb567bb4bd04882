"""Ids of chat events already acted on, so a retried delivery is recognised, also after a restart.

Kept apart from the journeys: it is an adapter's bookkeeping (Slack retries an event it got no ack for),
which the storage layer offers through this small class and the Slack adapter declares as its port.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, bindparam, delete, insert
from sqlalchemy.exc import IntegrityError

from journeys.storage.inbox import INBOX
from journeys.storage.tables import ProcessedEvent, table_of

__all__ = ["EVENTS", "AlreadyHandled", "ProcessedEvents", "claim_in"]

EVENTS = table_of(ProcessedEvent)
# Built once: SQLAlchemy memoises a statement's cache key on the object, so a statement made per call pays
# for its construction and its key on every answer (about a tenth of the apply's CPU in a burst).
_CLAIM = insert(EVENTS).inline()  # no RETURNING: nothing is read back
_SPEND = delete(INBOX).where(INBOX.c.event_id == bindparam("event_id"))


class AlreadyHandled(Exception):
    """The event claimed with a write was claimed before: nothing of that write happened (a retry)."""


def claim_in(conn: Connection, event_id: str | None) -> None:
    """Record `event_id` inside the caller's transaction, so the claim commits with what the event stored
    (and is rolled back with it); AlreadyHandled when it was recorded before.

    The event's inbox entry (journeys.storage.inbox), if it waited there, is spent in the same transaction:
    once claimed it can only be refused, so deleting it here saves the inbox a transaction of its own."""
    if event_id is None:
        return
    try:
        conn.execute(_CLAIM, {"event_id": event_id, "seen_at": datetime.now(UTC)})
    except IntegrityError:
        raise AlreadyHandled(event_id) from None
    conn.execute(_SPEND, {"event_id": event_id})


class ProcessedEvents:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def mark_seen(self, event_id: str) -> bool:
        """Record `event_id`; False when it was recorded before (a retry: do nothing)."""
        try:
            with self._engine.connect().execution_options(sqlite_begin="BEGIN IMMEDIATE") as conn, conn.begin():
                conn.execute(insert(EVENTS).values(event_id=event_id, seen_at=datetime.now(UTC)))
        except IntegrityError:
            return False
        return True

    def forget(self, *, before: datetime) -> int:
        """Drop records older than `before` (Slack stops retrying after minutes); returns how many."""
        with self._engine.connect().execution_options(sqlite_begin="BEGIN IMMEDIATE") as conn, conn.begin():
            return conn.execute(delete(EVENTS).where(EVENTS.c.seen_at < before)).rowcount
