"""Journeys in SQL: load a SessionState, save the difference between two states, optimistically.

Writes go through SQLAlchemy Core so that every statement is deliberate: a save is one transaction that
first bumps `journeys.version` guarded by the version the caller loaded (no row → someone else saved
first → `ConcurrentUpdate`, and the caller reloads and retries), then writes only the rows that differ.
Reads run in one snapshot (REPEATABLE READ on PostgreSQL, a BEGIN on SQLite) so a state is never
stitched together from two different saves.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, bindparam, delete, insert, select, update

from journeys.state import SessionState
from journeys.storage import rows as row_codec
from journeys.storage import single_statement
from journeys.storage.database import one_statement
from journeys.storage.outbox import Outbox, Parcel, put
from journeys.storage.processed_events import AlreadyHandled, claim_in
from journeys.storage.rows import CONTRIBUTIONS, ITEM_TABLES, JOURNEYS, STAGES, Row, StoredRow
from journeys.storage.shared_rows import (
    REVIEWS,
    VOTES,
    insert_shared,
    reviews_from,
    shared_unchanged,
    sync_shared,
    votes_from,
)

__all__ = ["AlreadyHandled", "ConcurrentUpdate", "JourneyRepository"]


# The statements every save runs, built once (their cache keys are memoised on the objects). The columns a
# save changes come as parameters: an UPDATE sets the columns its parameters name besides the bind params.
_BUMP = (update(JOURNEYS)
         .where(JOURNEYS.c.id == bindparam("_id"), JOURNEYS.c.version == bindparam("_version"))
         .values(version=JOURNEYS.c.version + 1))
_INSERTS: dict[Table, Any] = {}


class ConcurrentUpdate(Exception):
    """The stored journey moved on (or was deleted) since `old` was loaded: reload and retry."""


class JourneyRepository:
    def __init__(self, engine: Engine, *, outbox: Outbox | None = None) -> None:
        """`outbox`: the process's outbox, when it delivers what it owes itself (the messages a save owes are
        then handed to its deliverer as they are committed, instead of waiting for a claim)."""
        self._engine = engine
        self._outbox = outbox

    def create(self, state: SessionState, *, claim: str | None = None,
               outbox: Sequence[tuple[str, str]] = ()) -> SessionState:
        """Insert a new journey; returns it with version 1. `claim` and `outbox` commit with it (see `save`)."""
        with self._write() as conn:
            claim_in(conn, claim)
            conn.execute(insert(JOURNEYS).values(id=state.journey_id, version=1, **row_codec.journey_row(state)))
            _insert(conn, STAGES, row_codec.stage_rows(state))
            _insert(conn, CONTRIBUTIONS, builtins.list(row_codec.contribution_rows(state).values()))
            for table, rows in _by_table(row_codec.item_rows(state).values()).items():
                _insert(conn, table, rows)
            insert_shared(conn, state)
            handed = self._owe(conn, outbox)
        self._hand(handed, outbox)
        return replace(state, version=1)

    def load(self, journey_id: str) -> SessionState | None:
        states = self._select(JOURNEYS.c.id == journey_id)
        return states[0] if states else None

    def find_by_thread(self, *, team_id: str, channel_id: str, thread_ts: str) -> SessionState | None:
        states = self._select(
            JOURNEYS.c.team_id == team_id, JOURNEYS.c.channel_id == channel_id, JOURNEYS.c.thread_ts == thread_ts
        )
        return states[0] if states else None

    def list(self, *, team_id: str | None = None, channel_id: str | None = None) -> builtins.list[SessionState]:
        """Journeys in scope, newest first."""
        conditions = []
        if team_id is not None:
            conditions.append(JOURNEYS.c.team_id == team_id)
        if channel_id is not None:
            conditions.append(JOURNEYS.c.channel_id == channel_id)
        return self._select(*conditions)

    def save(self, old: SessionState, new: SessionState, *, claim: str | None = None,
             outbox: Sequence[tuple[str, str]] = ()) -> SessionState:
        """Write what differs between `old` and `new`; returns `new` with the next version.

        `old` must be the state as stored (from load/create/save): the diff is taken against it, not
        against the database, and the version guard is what makes that safe. `claim` (an event id) and
        `outbox` (messages the change owes) commit in the same transaction: all of it happens, or none.
        """
        if old.journey_id != new.journey_id:
            raise ValueError(f"cannot save journey {new.journey_id} over {old.journey_id}")
        journey_id = new.journey_id
        # Build (and validate) every row before taking the write lock.
        old_journey, new_journey = row_codec.journey_row(old), row_codec.journey_row(new)
        changed = {name: value for name, value in new_journey.items() if old_journey[name] != value}
        # Only rows that can differ: what is the very same object at the same position in both is unchanged.
        was, now = row_codec.changed_positions(old.contributions, new.contributions)
        contributions = [
            {key: (CONTRIBUTIONS, row) for key, row in row_codec.contribution_rows(state, positions).items()}
            for state, positions in ((old, was), (new, now))
        ]
        was, now = row_codec.changed_positions(old.items, new.items)
        items = [row_codec.item_rows(old, was), row_codec.item_rows(new, now)]
        stages = row_codec.stage_rows(new) if old.stages != new.stages else None
        added = _only_added(*contributions, *items)
        if (added is not None and stages is None and len(outbox) <= 1 and shared_unchanged(old, new)
                and self._engine.dialect.name == "postgresql"):
            return self._save_in_one_statement(old, new, changed, added, claim=claim, outbox=outbox)
        with self._write() as conn:
            claim_in(conn, claim)
            bumped = conn.execute(_BUMP, {"_id": journey_id, "_version": old.version, **changed})
            if bumped.rowcount != 1:
                raise ConcurrentUpdate(f"journey {journey_id} is no longer at version {old.version}")
            if stages is not None:
                conn.execute(delete(STAGES).where(STAGES.c.journey_id == journey_id))
                _insert(conn, STAGES, stages)
            _sync(conn, journey_id, "message_id", *contributions)
            _sync(conn, journey_id, "item_id", *items)
            sync_shared(conn, old, new)
            handed = self._owe(conn, outbox)
        self._hand(handed, outbox)
        return replace(new, version=old.version + 1)

    def _save_in_one_statement(self, old: SessionState, new: SessionState, changed: Row,
                               added: builtins.list[tuple[Table, Row]], *, claim: str | None,
                               outbox: Sequence[tuple[str, str]]) -> SessionState:
        """`save` for a change that only adds rows, on PostgreSQL: journeys.storage.single_statement."""
        at = datetime.now(UTC)
        parcel = outbox[0] if outbox else None
        with one_statement(self._engine) as conn:
            written = single_statement.write(
                conn, journey_id=new.journey_id, version=old.version, changed=changed, inserts=added, claim=claim,
                parcel=parcel, at=at, lease=self._outbox.lease_for_write(at) if self._outbox is not None else None)
        if not written.bumped:
            raise ConcurrentUpdate(f"journey {new.journey_id} is no longer at version {old.version}")
        handed = []
        if parcel is not None and written.leased_id is not None:
            handed = [Parcel(id=written.leased_id, destination=parcel[0], payload=parcel[1], attempts=0)]
        self._hand(handed, outbox)
        return replace(new, version=old.version + 1)

    def record(self, *, claim: str | None, outbox: Sequence[tuple[str, str]]) -> None:
        """Claim an event and owe its messages when the journey itself does not change (a question, `help`)."""
        with self._write() as conn:
            claim_in(conn, claim)
            put(conn, outbox, at=datetime.now(UTC))  # no journey lock held: never handed, always claimed
        self._hand([], outbox)

    def delete(self, journey_id: str) -> bool:
        """Delete a journey and (by ON DELETE CASCADE) everything in it; False if there was none."""
        with self._write() as conn:
            return conn.execute(delete(JOURNEYS).where(JOURNEYS.c.id == journey_id)).rowcount > 0

    def _owe(self, conn: Connection, outbox: Sequence[tuple[str, str]]) -> builtins.list[Parcel]:
        """Write what a change owes, in its transaction (which holds the journey's row: its version bump)."""
        if self._outbox is None:
            put(conn, outbox, at=datetime.now(UTC))
            return []
        return self._outbox.put_for(conn, outbox, at=datetime.now(UTC))

    def _hand(self, handed: builtins.list[Parcel], outbox: Sequence[tuple[str, str]]) -> None:
        if self._outbox is not None:
            self._outbox.hand(handed, owed=len(outbox))

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.connect().execution_options(sqlite_begin="BEGIN IMMEDIATE") as conn, conn.begin():
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        options = {"isolation_level": "REPEATABLE READ"} if self._engine.dialect.name == "postgresql" else {}
        with self._engine.connect().execution_options(**options) as conn, conn.begin():
            yield conn

    def _select(self, *conditions: Any) -> builtins.list[SessionState]:
        """Whole states of the journeys matching `conditions`, newest first, in a fixed number of queries."""
        with self._read() as conn:
            query = select(JOURNEYS).where(*conditions).order_by(JOURNEYS.c.created_at.desc(), JOURNEYS.c.id)
            journeys = [row._mapping for row in conn.execute(query)]
            ids = [journey["id"] for journey in journeys]
            if not ids:
                return []
            stages, contributions = _rows_by_journey(conn, STAGES, ids), _rows_by_journey(conn, CONTRIBUTIONS, ids)
            items: dict[str, builtins.list[tuple[Table, StoredRow]]] = {}
            for table in ITEM_TABLES:
                for journey_id, rows in _rows_by_journey(conn, table, ids).items():
                    items.setdefault(journey_id, []).extend((table, row) for row in rows)
            votes, reviews = _rows_by_journey(conn, VOTES, ids), _rows_by_journey(conn, REVIEWS, ids)
        return [
            replace(
                row_codec.state_from_rows(
                    journey,
                    stages.get(journey["id"], []),
                    contributions.get(journey["id"], []),
                    items.get(journey["id"], []),
                ),
                votes=votes_from(votes.get(journey["id"], [])),
                reviews=reviews_from(reviews.get(journey["id"], [])),
            )
            for journey in journeys
        ]


def _only_added(old_contributions: dict[str, tuple[Table, Row]], new_contributions: dict[str, tuple[Table, Row]],
                old_items: dict[str, tuple[Table, Row]], new_items: dict[str, tuple[Table, Row]],
                ) -> list[tuple[Table, Row]] | None:
    """The rows a change adds, when adding is all it does to the contributions and items (None otherwise:
    a row deleted, rewritten or moved to another table)."""
    added: list[tuple[Table, Row]] = []
    for old, new in ((old_contributions, new_contributions), (old_items, new_items)):
        for key, (table, row) in old.items():
            if key not in new or new[key][0] is not table or new[key][1] != row:
                return None
        added.extend(pair for key, pair in new.items() if key not in old)
    return added


def _rows_by_journey(conn: Connection, table: Table, journey_ids: Sequence[str]) -> dict[str, list[StoredRow]]:
    grouped: dict[str, list[StoredRow]] = {}
    for row in conn.execute(select(table).where(table.c.journey_id.in_(journey_ids))):
        grouped.setdefault(row.journey_id, []).append(row._mapping)
    return grouped


def _by_table(pairs: Iterable[tuple[Table, Row]]) -> dict[Table, list[Row]]:
    grouped: dict[Table, list[Row]] = {}
    for table, row in pairs:
        grouped.setdefault(table, []).append(row)
    return grouped


def _insert(conn: Connection, table: Table, rows: list[Row]) -> None:
    if rows:
        statement = _INSERTS.get(table)
        if statement is None:
            statement = _INSERTS.setdefault(table, insert(table))
        conn.execute(statement, rows)


def _sync(
    conn: Connection,
    journey_id: str,
    key: str,
    old: dict[str, tuple[Table, Row]],
    new: dict[str, tuple[Table, Row]],
) -> None:
    """Make the stored rows `old` into `new`, keyed by `key`: delete, then update, then insert.

    A row whose table changed (an item re-filed under another kind) is deleted and re-inserted.
    """
    gone, changed, added = [], [], []
    for k, (table, row) in old.items():
        if k not in new or new[k][0] is not table:
            gone.append((table, row))
    for k, (table, row) in new.items():
        if k not in old or old[k][0] is not table:
            added.append((table, row))
        elif old[k][1] != row:
            changed.append((table, row))
    for table, rows in _by_table(gone).items():
        keys = [row[key] for row in rows]
        conn.execute(delete(table).where(table.c.journey_id == journey_id, table.c[key].in_(keys)))
    for table, rows in _by_table(changed).items():
        statement = update(table).where(
            table.c.journey_id == bindparam("_journey_id"), table.c[key] == bindparam("_key")
        )
        params = [
            {"_journey_id": journey_id, "_key": row[key]}
            | {name: value for name, value in row.items() if name not in ("journey_id", key)}
            for row in rows
        ]
        conn.execute(statement, params)
    for table, rows in _by_table(added).items():
        _insert(conn, table, rows)
