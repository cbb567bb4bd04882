"""The inbox: events acknowledged before they are applied, so that an ack waits for one small insert.

Applying a thread answer (load, engine, save, owe its replies) costs milliseconds of CPU and a transaction;
done inside the ack, a burst of fifty answers made the last ack wait for the forty-nine before it. Now the ack
waits only for `receive` — the entry committed here — and the adapter applies entries right after, in the
order they were received per journey. Applying one claims its event id (journeys.storage.processed_events) in
the transaction that stores the answer, so an entry is applied at most once; one left behind by a killed
process stays here until any process applies it (`due`).

Group commit: concurrent `receive` calls share one transaction. One writer thread takes whatever entries are
waiting, inserts them in one statement and commits; every caller returns once its entry is committed (or
raises what the commit raised, so its request is not acknowledged). A retry of an entry still waiting is
ignored by the insert (`event_id` is unique); a retry of one already applied is refused by its claim.

The claim, not the entry, is what makes applying happen once; the claim's transaction also deletes the entry
(journeys.storage.processed_events.claim_in). An entry with nothing to apply (its journey is gone, or its event
was claimed before) is only `consumed` here and deleted by the writer with its next batch (a process killed
before that leaves entries whose claims refuse them again: they are then dropped). And a journey whose entry
failed to apply is `held` in this process: its later entries wait, so that none overtakes the failed one, until
an ordered drain (`pending`) succeeds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Select, bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from journeys.storage.database import one_statement
from journeys.storage.tables import InboxEntry, table_of

__all__ = ["Entry", "Inbox", "Received"]

logger = logging.getLogger(__name__)

INBOX = table_of(InboxEntry)
# The sweep's query, every second in every process: built once (SQLAlchemy memoises a statement's cache key on
# the object), with and without the entries this process consumed but has not deleted yet.
_DUE = (select(INBOX).where(INBOX.c.received_at < bindparam("cutoff", type_=INBOX.c.received_at.type),
                            INBOX.c.attempts < bindparam("max_attempts"))
        .order_by(INBOX.c.id).limit(bindparam("limit")))
_DUE_EXCEPT = _DUE.where(INBOX.c.event_id.not_in(bindparam("consumed", expanding=True)))
CONSUMED_DELAY = 1.0  # seconds; well below the sweeper's STALE, which would otherwise re-read consumed entries


@dataclass(frozen=True)
class Received:
    """An event to apply later: `payload` is the adapter's JSON."""

    event_id: str
    journey_id: str
    payload: str


@dataclass(frozen=True)
class Entry:
    id: int
    event_id: str
    journey_id: str
    payload: str
    received_at: datetime
    attempts: int


@dataclass
class _Batch:
    rows: list[dict[str, object]] = field(default_factory=list)
    committed: Future[None] = field(default_factory=Future)
    then: list[Callable[[], object]] = field(default_factory=list)  # run once committed, in the rows' order


class Inbox:
    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._engine = engine
        self._clock = clock
        self._lock = threading.Condition()
        self._open = _Batch()
        self._consumed: list[str] = []  # applied entries, deleted with the next batch
        self._consumed_due = 0.0
        self._held: set[str] = set()  # journeys whose later entries wait for an ordered drain
        self._writer: threading.Thread | None = None
        insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        # inline(): no RETURNING of the new id, which nobody reads (a result set to build on every answer)
        self._insert = insert(INBOX).on_conflict_do_nothing(index_elements=["event_id"]).inline()
        self._write_options = {"sqlite_begin": "BEGIN IMMEDIATE"} if engine.dialect.name == "sqlite" else {}

    # -- receiving (the ack path) -----------------------------------------------------------------------------
    def receive(self, item: Received, *, timeout: float = 10.0) -> None:
        """Return once `item` is committed (a no-op if its event id is already waiting); raise if it is not."""
        self.submit(item).result(timeout)

    def submit(self, item: Received, *, then: Callable[[], object] | None = None) -> Future[None]:
        """`receive` without waiting: the future is done once `item` is committed, or fails with what the
        commit raised (a caller that must not wait holds its request's answer until then). `then` runs on the
        writer thread right after the commit — for entries of one batch in the order they were submitted — and
        not at all if the commit failed."""
        row = {"event_id": item.event_id, "journey_id": item.journey_id, "payload": item.payload,
               "received_at": self._clock(), "attempts": 0}
        with self._lock:
            batch = self._open
            batch.rows.append(row)
            if then is not None:
                batch.then.append(then)
            self._wake_writer()
        return batch.committed

    def consumed(self, event_ids: Sequence[str]) -> None:
        """Entries applied (or refused by their claim): deleted with the writer's next insert, or within
        `CONSUMED_DELAY` (a transaction of their own for every answer cost as much as the insert)."""
        if event_ids:
            with self._lock:
                if not self._consumed:
                    self._consumed_due = time.monotonic() + CONSUMED_DELAY
                self._consumed.extend(event_ids)
                self._wake_writer()

    def _wake_writer(self) -> None:
        if self._writer is None or not self._writer.is_alive():  # first use, or in a forked worker process
            self._writer = threading.Thread(target=self._write_batches, name="journeybot-inbox", daemon=True)
            self._writer.start()
        self._lock.notify_all()

    def _write_batches(self) -> None:
        while True:
            with self._lock:
                while not self._open.rows and not (self._consumed and time.monotonic() >= self._consumed_due):
                    self._lock.wait(timeout=max(0.0, self._consumed_due - time.monotonic()) if self._consumed
                                    else None)
                batch, self._open = self._open, _Batch()
                consumed, self._consumed = self._consumed, []
            try:
                with self._engine.connect().execution_options(**self._options(batch.rows, consumed)) as conn, \
                        conn.begin():
                    if batch.rows:
                        # One row as one execute: a list, even of one, is an executemany, which psycopg runs
                        # in pipeline mode (its own set-up and sync, ~20 % more CPU for the usual lone answer).
                        conn.execute(self._insert, batch.rows[0] if len(batch.rows) == 1 else batch.rows)
                    if consumed:
                        conn.execute(delete(INBOX).where(INBOX.c.event_id.in_(consumed)))
            except Exception as error:  # handed to every caller of the batch
                batch.committed.set_exception(error)  # (consumed entries stay: their claims refuse them later)
            else:
                for then in batch.then:
                    try:
                        then()
                    except Exception:  # one caller's follow-up must not keep the others' acks waiting
                        logger.exception("after the inbox commit")
                batch.committed.set_result(None)

    def _options(self, rows: list[dict[str, object]], consumed: list[str]) -> dict[str, str]:
        """One statement on PostgreSQL is atomic by itself: autocommit spares the BEGIN and COMMIT round trips
        (most batches are only an insert, since claims spend their entries; see database.one_statement)."""
        if self._engine.dialect.name == "postgresql" and not (rows and consumed):
            return {"isolation_level": "AUTOCOMMIT"}
        return self._write_options

    # -- order after a failure ----------------------------------------------------------------------------------
    def hold(self, journey_id: str) -> None:
        with self._lock:
            self._held.add(journey_id)

    def held(self, journey_id: str) -> bool:
        with self._lock:
            return journey_id in self._held

    def release(self, journey_id: str) -> None:
        with self._lock:
            self._held.discard(journey_id)

    # -- applying (after the ack) -----------------------------------------------------------------------------
    def pending(self, journey_id: str, *, max_attempts: int) -> list[Entry]:
        """The journey's entries, oldest first, except those that failed `max_attempts` times (parked)."""
        return self._entries(select(INBOX).where(INBOX.c.journey_id == journey_id, INBOX.c.attempts < max_attempts)
                             .order_by(INBOX.c.id))

    def due(self, *, older_than: timedelta, max_attempts: int, limit: int = 500) -> list[Entry]:
        """Entries received more than `older_than` ago and not parked, oldest first: left by a process that
        died, or failed (the caller backs off by `attempts`)."""
        consumed = self._consumed_now()
        return self._entries(_DUE_EXCEPT if consumed else _DUE,
                             {"cutoff": self._clock() - older_than, "max_attempts": max_attempts, "limit": limit,
                              "consumed": sorted(consumed)})

    def _entries(self, query: Select[Any], params: dict[str, Any] | None = None) -> list[Entry]:
        with one_statement(self._engine) as conn:
            return [Entry(r.id, r.event_id, r.journey_id, r.payload, r.received_at, r.attempts)
                    for r in conn.execute(query, params)]

    def waiting(self) -> int:
        """How many entries are not applied yet (parked ones included): for tests and operators."""
        consumed = self._consumed_now()
        query = select(func.count()).select_from(INBOX)
        if consumed:
            query = query.where(INBOX.c.event_id.not_in(consumed))
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def _consumed_now(self) -> list[str]:
        """Consumed entries whose rows are not deleted yet: they are done, whatever the table says."""
        with self._lock:
            return list(self._consumed)

    def failed(self, event_id: str) -> None:
        """Count a failed attempt to apply an entry (the caller backs off, and parks it after too many)."""
        with self._engine.connect().execution_options(**self._write_options) as conn, conn.begin():
            conn.execute(update(INBOX).where(INBOX.c.event_id == event_id).values(attempts=INBOX.c.attempts + 1))
