"""The outbox: what the bot owes, delivered exactly once per message, in order per destination.

Replies used to be in-memory work after the answer was stored, so a crash (kill -9) or a retry landing
on another replica left stored answers that never got a reply. Now the replies an answer owes are rows
written in the same transaction as the answer (`put`, called by the repository), and any process may
deliver them: `claim` leases the oldest undelivered message of a destination (a Slack thread) with a
compare-and-set on that row, then every later message of the same destination, so one process at a time
posts to a thread and the thread reads in order. `delivered` deletes a row; `postpone` hands it back
after a failure, keeping its destination blocked until then (a later reply must not overtake it). A
process that dies holding a lease loses it when the lease runs out, and another one delivers.

The compare-and-set works the same on SQLite (one writer at a time) and PostgreSQL (the row lock of the
UPDATE serialises two claimers; the loser re-reads the lease and backs off), without SKIP LOCKED.

Hand-off: claiming costs a transaction of its own for every reply, and in a burst that was a third of the
bot's CPU. So a process that delivers replies itself `lend_to`s the outbox: messages owed by a save
(`put_for`, inside the transaction that bumped the journey's version) are written already leased to that
process's deliverer, under a name of their own (`_handed_owner`), and handed to it in memory once committed
— when their thread owes nothing older; else they are written unleased and wait their turn for a claim. The
version bump serialises two saves of one journey, so two processes never both see a thread as free. If
the process dies, the lease runs out and a claim takes the parcels over like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    null,
    or_,
    select,
    update,
)

from journeys.storage.database import one_statement
from journeys.storage.processed_events import claim_in
from journeys.storage.tables import OutboxParcel, table_of

__all__ = ["Lease", "Lessee", "Outbox", "Parcel", "put"]

OUTBOX = table_of(OutboxParcel)
# A parcel written leased to this process's deliverer unless its destination already owes something (then it
# waits its turn for a claim): the check is part of the INSERT, one statement per save instead of two. Built
# once: SQLAlchemy memoises a statement's cache key on the object.
_PUT = insert(OUTBOX).inline()  # no RETURNING: the ids are not read
_HEADS = (select(OUTBOX.c.destination, func.min(OUTBOX.c.id).label("head"), func.count().label("owed"))
          .group_by(OUTBOX.c.destination).order_by(func.min(OUTBOX.c.id)))
_ANY = select(OUTBOX.c.id).limit(1)
_OWES = select(OUTBOX.c.id).where(OUTBOX.c.destination == bindparam("_destination")).exists()
_PUT_LEASED = insert(OUTBOX).values(
    lease_owner=case((_OWES, null()), else_=bindparam("_owner", type_=OUTBOX.c.lease_owner.type)),
    lease_until=case((_OWES, null()), else_=bindparam("_until", type_=OUTBOX.c.lease_until.type)),
).returning(OUTBOX.c.id, OUTBOX.c.lease_owner, sort_by_parameter_order=True)

# `delivered_ids` on PostgreSQL: the delete, and whether the destinations it emptied still owe anything, in one
# statement (its parts see one snapshot, so the rows being deleted are left out of the look by their ids).
_GONE = (delete(OUTBOX).where(OUTBOX.c.id.in_(bindparam("ids", expanding=True)))
         .returning(OUTBOX.c.destination).cte("gone"))
_DELIVERED = select(exists(select(OUTBOX.c.id).where(
    OUTBOX.c.destination.in_(select(_GONE.c.destination)),
    OUTBOX.c.id.not_in(bindparam("ids", expanding=True))))).add_cte(_GONE)


@dataclass(frozen=True)
class Lease:
    """What a parcel written now is leased as, unless its destination already owes one (then it waits)."""

    owner: str
    until: datetime


@dataclass(frozen=True)
class Parcel:
    """One message owed: `payload` is the adapter's JSON, `attempts` how often delivery failed."""

    id: int
    destination: str
    payload: str
    attempts: int


def put(conn: Connection, parcels: Iterable[tuple[str, str]], *, at: datetime) -> None:
    """Add (destination, payload) pairs inside the caller's transaction, in order."""
    rows = [{"destination": d, "payload": p, "created_at": at, "attempts": 0} for d, p in parcels]
    if rows:
        conn.execute(_PUT, rows)


def _handed_owner(owner: str) -> str:
    """The lease name of parcels handed to `owner` at write time: not `owner` itself, so that its own claims
    leave them to the hand-off (a claim re-takes its owner's leases) until the lease runs out."""
    return f"{owner}+handed"


@dataclass(frozen=True)
class Lessee:
    """The deliverer living in this process: `take(parcels, waiting)` gets the parcels leased to it at write
    time, and how many others were owed behind older ones (those need a claim)."""

    owner: str
    take: Callable[[list[Parcel], int], None]


class Outbox:
    def __init__(self, engine: Engine, *, lease: timedelta = timedelta(seconds=30),
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._engine = engine
        self._lease = lease
        self._clock = clock
        self._lessee: Lessee | None = None

    def lend_to(self, lessee: Lessee) -> None:
        """Hand what this process owes from now on to `lessee` as it is written (see the module's docstring)."""
        self._lessee = lessee

    def put_for(self, conn: Connection, parcels: Sequence[tuple[str, str]], *, at: datetime) -> list[Parcel]:
        """`put`, leasing to the lessee the parcels whose destination owes nothing older; returns them (to be
        handed over with `hand` once the transaction committed). Only for a transaction that holds the lock
        of the journey the destinations belong to (its version bump)."""
        if self._lessee is None or not parcels:
            put(conn, parcels, at=at)
            return []
        owner, until = _handed_owner(self._lessee.owner), at + self._lease
        if len(parcels) == 1:  # nearly every save: the check rides in the INSERT
            ((destination, payload),) = parcels
            row = conn.execute(_PUT_LEASED, {"destination": destination, "payload": payload, "created_at": at,
                                             "attempts": 0, "_destination": destination, "_owner": owner,
                                             "_until": until}).one()
            return [Parcel(id=row.id, destination=destination, payload=payload, attempts=0)] if row.lease_owner else []
        # Several parcels: all of a destination share its fate, decided before any is written (SQLite would
        # run a multi-row INSERT row by row, and a thread's second parcel would see its first).
        destinations = {destination for destination, _ in parcels}
        busy = set(conn.execute(select(OUTBOX.c.destination).where(OUTBOX.c.destination.in_(destinations))
                                .distinct()).scalars())
        rows = [{"destination": d, "payload": p, "created_at": at, "attempts": 0,
                 "lease_owner": None if d in busy else owner, "lease_until": None if d in busy else until}
                for d, p in parcels]
        written = conn.execute(insert(OUTBOX).returning(OUTBOX.c.id, OUTBOX.c.destination, OUTBOX.c.payload,
                                                        OUTBOX.c.lease_owner, sort_by_parameter_order=True), rows)
        return [Parcel(id=r.id, destination=r.destination, payload=r.payload, attempts=0)
                for r in written if r.lease_owner is not None]

    def lease_for_write(self, at: datetime) -> Lease | None:
        """The lease a parcel written at `at` gets when its destination owes nothing older (what `put_for`
        decides inside its INSERT); None when no deliverer lives in this process."""
        if self._lessee is None:
            return None
        return Lease(owner=_handed_owner(self._lessee.owner), until=at + self._lease)

    def hand(self, handed: list[Parcel], *, owed: int) -> None:
        """After the commit: give the lessee what was leased to it, and tell it how many others wait."""
        if self._lessee is not None and owed:
            self._lessee.take(handed, owed - len(handed))

    def add(self, parcels: Sequence[tuple[str, str]], *, claim: str | None = None) -> None:
        """Owe messages that no stored change caused (a notice, a question's answer), in a transaction of their
        own; with `claim`, the request's claim commits with them (AlreadyHandled when it was claimed before)."""
        with self._write() as conn:
            claim_in(conn, claim)
            put(conn, parcels, at=self._clock())

    def claim(self, *, owner: str, destinations: int = 8) -> list[Parcel]:
        """Lease up to `destinations` destinations' undelivered messages for `owner`, oldest first.

        A fixed handful of statements whatever the backlog: the heads of the oldest destinations are
        compare-and-set in one UPDATE (a head another claimer holds is skipped, and the next ones tried),
        then the rest of the won destinations that owe more in a second; both return the leased rows.
        """
        now = self._clock()
        if self._engine.dialect.name == "postgresql":  # most polls find nothing: one round trip for them
            with one_statement(self._engine) as conn:
                if not conn.execute(_ANY).first():
                    return []
        with self._write() as conn:
            heads = conn.execute(_HEADS).all()  # every destination: the outbox holds only what is undelivered
            if not heads:  # the poll of an idle process: nothing more to build
                return []
            free = or_(OUTBOX.c.lease_until.is_(None), OUTBOX.c.lease_until < now, OUTBOX.c.lease_owner == owner)
            # A parcel taken over from a process whose lease ran out may have been posted by it just before it
            # died: counting that as an attempt tells the next deliverer to check before posting again.
            taken_over = and_(OUTBOX.c.lease_owner.isnot(None), OUTBOX.c.lease_owner != owner)
            lease = {"lease_owner": owner, "lease_until": now + self._lease,
                     "attempts": OUTBOX.c.attempts + case((taken_over, 1), else_=0)}
            columns = (OUTBOX.c.id, OUTBOX.c.destination, OUTBOX.c.payload, OUTBOX.c.attempts)
            owed = {destination: count for destination, _, count in heads}
            won: dict[str, int] = {}
            rows: list[Row[Any]] = []
            tried = 0
            while tried < len(heads) and len(won) < destinations:
                batch = heads[tried:tried + destinations - len(won)]
                tried += len(batch)
                taken = conn.execute(update(OUTBOX).where(OUTBOX.c.id.in_([head for _, head, _ in batch]), free)
                                     .values(**lease).returning(*columns)).all()
                won.update((row.destination, row.id) for row in taken)
                rows.extend(taken)
            if not won:
                return []
            # Destinations that owed more than their head (rows owed since are found by the next claim: the
            # leased head keeps other claimers off the destination until it is delivered).
            more = {destination: head for destination, head in won.items() if owed[destination] > 1}
            if more:
                rows.extend(conn.execute(
                    update(OUTBOX).where(or_(*(and_(OUTBOX.c.destination == destination, OUTBOX.c.id > head)
                                               for destination, head in more.items())), free)
                    .values(**lease).returning(*columns)
                ).all())
        rows.sort(key=lambda row: row.id)
        return [Parcel(id=r.id, destination=r.destination, payload=r.payload, attempts=r.attempts) for r in rows]

    def delivered(self, parcel: Parcel) -> None:
        self.delivered_ids([parcel.id])

    def delivered_ids(self, ids: Iterable[int]) -> bool:
        """Delete delivered parcels, many in one statement (a delivery round's worth). True when their
        destinations still owe something: messages owed meanwhile waited behind them, unleased (maybe by
        another process, which cannot know they are free now), and should be claimed at once."""
        ids = sorted(ids)
        if not ids:
            return False
        if self._engine.dialect.name == "postgresql":
            with one_statement(self._engine) as conn:
                return bool(conn.execute(_DELIVERED, {"ids": ids}).scalar_one())
        which = OUTBOX.c.id.in_(ids) if len(ids) > 1 else OUTBOX.c.id == ids[0]
        with self._write() as conn:
            gone = set(conn.execute(delete(OUTBOX).where(which).returning(OUTBOX.c.destination)).scalars())
            left = conn.execute(select(OUTBOX.c.id).where(OUTBOX.c.destination.in_(gone)).limit(1)).first()
        return left is not None

    def postpone(self, parcel: Parcel, *, delay: timedelta) -> None:
        """Give the parcel back after a failed delivery; its destination waits `delay` (order is kept)."""
        with self._write() as conn:
            conn.execute(update(OUTBOX).where(OUTBOX.c.id == parcel.id).values(
                lease_owner=None, lease_until=self._clock() + delay, attempts=OUTBOX.c.attempts + 1))
            conn.execute(update(OUTBOX).where(OUTBOX.c.destination == parcel.destination, OUTBOX.c.id > parcel.id,
                                              OUTBOX.c.lease_owner.isnot(None))
                         .values(lease_owner=None, lease_until=None))

    def tried(self, parcel: Parcel) -> None:
        """Count an attempt before it is made, keeping the lease: for a parcel whose delivery is not one
        idempotent call, so that whoever delivers it next knows an attempt may have got half-way."""
        with self._write() as conn:
            conn.execute(update(OUTBOX).where(OUTBOX.c.id == parcel.id).values(attempts=OUTBOX.c.attempts + 1))

    def drop(self, parcel: Parcel) -> None:
        """Give up on a parcel that can never be delivered (e.g. the channel is gone)."""
        self.delivered(parcel)

    def pending(self) -> int:
        with self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(OUTBOX)).scalar_one())

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.connect().execution_options(sqlite_begin="BEGIN IMMEDIATE") as conn, conn.begin():
            yield conn
