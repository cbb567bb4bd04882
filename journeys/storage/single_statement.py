"""A typical save as one SQL statement on PostgreSQL: the version bump, the claim, the new rows, the reply owed.

Nearly every answer saves the same shape of change: the journey's version bump (plus a column or two), its
event claim (which also spends the event's inbox entry), one new contribution, perhaps one new item, and one
message owed. As separate statements in a transaction that was seven round trips (BEGIN, five statements,
COMMIT), each paying SQLAlchemy's and psycopg's per-statement CPU: about 0.4 ms of CPU per answer, the
largest single share of what an answer cost `serve` beyond what a bare Bolt app pays.

Here the bump is a data-modifying CTE that returns the journey's id when the version matched, and every other
write selects its values `FROM bump`: they happen exactly when the bump did, in one statement, which
PostgreSQL runs atomically on its own (no BEGIN/COMMIT). What the caller learns is the same as from the
transaction: no row from the bump → `ConcurrentUpdate` (nothing was written); a claim made before → the
unique violation on `processed_events` → `AlreadyHandled` (nothing was written).

Only for changes that add rows: a save that deletes or rewrites rows (an edit, a deletion, new stages, votes,
reviews) or owes several messages goes the transaction's way (journeys.storage.repository). The rows it adds
never collide within the statement (its parts see one snapshot, so a delete and a re-insert of one key
could). The statement of each shape — which columns changed, which tables get how many rows — is built once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Table,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import ColumnElement, Executable

from journeys.storage.inbox import INBOX
from journeys.storage.outbox import OUTBOX, Lease
from journeys.storage.processed_events import EVENTS, AlreadyHandled
from journeys.storage.rows import JOURNEYS, Row

__all__ = ["Written", "write"]

Shape = tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...], int], ...], bool, str | None]
_STATEMENTS: dict[Shape, Executable] = {}


@dataclass(frozen=True)
class Written:
    bumped: bool  # False: the journey was not at the expected version, and nothing was written
    leased_id: int | None = None  # the owed message's outbox id, when it was leased to this process


def write(conn: Connection, *, journey_id: str, version: int, changed: Row, inserts: list[tuple[Table, Row]],
          claim: str | None, parcel: tuple[str, str] | None, at: datetime, lease: Lease | None) -> Written:
    """Run the save as one statement on `conn` (autocommit), stamped `at` (the claim, the message owed).
    Raises AlreadyHandled for a claim made before."""
    grouped: dict[Table, list[Row]] = {}
    for table, row in inserts:
        grouped.setdefault(table, []).append(row)
    tables = tuple((table.name, tuple(rows[0]), len(rows)) for table, rows in grouped.items())
    for table, rows in grouped.items():
        if any(tuple(row) != tuple(rows[0]) for row in rows):
            raise ValueError(f"{table.name}: rows of one save must have the same columns")
    outbox = None if parcel is None else ("leased" if lease is not None else "put")
    shape: Shape = (tuple(changed), tables, claim is not None, outbox)
    statement = _STATEMENTS.get(shape)
    if statement is None:
        statement = _STATEMENTS.setdefault(shape, _build(shape, {table.name: table for table in grouped}))
    params: dict[str, Any] = {"_id": journey_id, "_version": version}
    params.update({f"j_{name}": value for name, value in changed.items()})
    for t, rows in enumerate(grouped.values()):
        for r, row in enumerate(rows):
            params.update({f"t{t}_{r}_{name}": value for name, value in row.items()})
    if claim is not None:
        params.update(e_event_id=claim, e_seen_at=at)
    if parcel is not None:
        params.update(o_destination=parcel[0], o_payload=parcel[1], o_created_at=at)
        if lease is not None:
            params.update(o_owner=lease.owner, o_until=lease.until)
    try:
        rows_back = conn.execute(statement, params).all()
    except IntegrityError as error:
        if claim is not None and _violated_table(error) == EVENTS.name:
            raise AlreadyHandled(claim) from None
        raise
    if parcel is None:
        return Written(bumped=bool(rows_back[0][0]))
    if not rows_back:
        return Written(bumped=False)
    written = rows_back[0]
    return Written(bumped=True, leased_id=written.id if written.lease_owner is not None else None)


def _violated_table(error: IntegrityError) -> str | None:
    diag = getattr(error.orig, "diag", None)
    return getattr(diag, "table_name", None)


def _build(shape: Shape, tables: dict[str, Table]) -> Executable:
    changed, inserted, claimed, outbox = shape
    bump = (update(JOURNEYS)
            .where(JOURNEYS.c.id == bindparam("_id"), JOURNEYS.c.version == bindparam("_version"))
            .values(version=JOURNEYS.c.version + 1,
                    **{name: bindparam(f"j_{name}", type_=JOURNEYS.c[name].type) for name in changed})
            .returning(JOURNEYS.c.id)
            .cte("bump"))
    ctes = []
    if claimed:
        event = bindparam("e_event_id", type_=EVENTS.c.event_id.type)
        ctes.append(insert(EVENTS).from_select(
            ["event_id", "seen_at"], select(event, bindparam("e_seen_at", type_=EVENTS.c.seen_at.type))
            .select_from(bump)).cte("claim"))
        # A claimed event's inbox entry is spent (journeys.storage.processed_events.claim_in does the same).
        ctes.append(delete(INBOX).where(INBOX.c.event_id == event, exists(select(bump.c.id))).cte("spent"))
    for t, (name, columns, count) in enumerate(inserted):
        table = tables[name]
        rows = [select(*(bindparam(f"t{t}_{r}_{column}", type_=table.c[column].type) for column in columns))
                .select_from(bump) for r in range(count)]
        ctes.append(insert(table).from_select(list(columns), rows[0] if count == 1 else union_all(*rows))
                    .cte(f"rows{t}"))
    if outbox is None:
        return select(func.count()).select_from(bump).add_cte(*ctes)
    destination = bindparam("o_destination", type_=OUTBOX.c.destination.type)
    values: list[ColumnElement[Any]] = [destination, bindparam("o_payload", type_=OUTBOX.c.payload.type),
              bindparam("o_created_at", type_=OUTBOX.c.created_at.type), literal(0)]
    outbox_columns = ["destination", "payload", "created_at", "attempts"]
    if outbox == "leased":
        owes = exists(select(OUTBOX.c.id).where(OUTBOX.c.destination == destination))
        values += [case((owes, null()), else_=bindparam("o_owner", type_=OUTBOX.c.lease_owner.type)),
                   case((owes, null()), else_=bindparam("o_until", type_=OUTBOX.c.lease_until.type))]
        outbox_columns += ["lease_owner", "lease_until"]
    return (insert(OUTBOX).from_select(outbox_columns, select(*values).select_from(bump))
            .returning(OUTBOX.c.id, OUTBOX.c.lease_owner).add_cte(*ctes))
