"""Plain SQLModel table models: the storage shape of a journey. Only `journeys.storage.repository` uses them.

One table per item kind (actions and thoughts share `stage_notes`) so each kind's own fields are real,
typed, constrained columns instead of a bag of nullable ones. Every item and contribution row keeps
`seq`, its position in `SessionState.items` / `.contributions`, because a reloaded state must equal
the saved one exactly, order included. `journeys/migrations` must match this module exactly (a test
compares them), so any change here needs a new migration.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, DateTime, Dialect, Index, MetaData, Table, Text, text
from sqlalchemy.orm import registry
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

__all__ = [
    "BlueprintNote",
    "Contribution",
    "Emotion",
    "Journey",
    "Kpi",
    "Opportunity",
    "OutboxParcel",
    "PainPoint",
    "Persona",
    "ProcessedEvent",
    "ReviewReminder",
    "Stage",
    "StageNote",
    "Touchpoint",
    "UTCDateTime",
    "Vote",
    "metadata",
    "table_of",
]

# Deterministic constraint names, identical on SQLite and PostgreSQL, so migrations can name them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Our own registry keeps these tables out of the process-wide `SQLModel.metadata`.
metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every backend.

    SQLite has no time zones (it would silently drop them), so values are stored there as naive UTC,
    which also keeps their text form sortable. Naive input is refused: guessing its zone loses data.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: journeys store timezone-aware datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class _Table(SQLModel, registry=registry(metadata=metadata)):
    pass


def _journey_fk() -> Any:
    return Field(foreign_key="journeys.id", ondelete="CASCADE", primary_key=True)


class Journey(_Table, table=True):
    __tablename__ = "journeys"
    __table_args__ = (
        # One session per Slack thread; journeys not (yet) bound to a thread are unconstrained.
        Index(
            "uq_journeys_thread",
            "team_id",
            "channel_id",
            "thread_ts",
            unique=True,
            sqlite_where=text("thread_ts IS NOT NULL"),
            postgresql_where=text("thread_ts IS NOT NULL"),
        ),
    )

    id: str = Field(primary_key=True)
    title: str = Field(sa_type=Text)
    team_id: str = Field(index=True)
    channel_id: str = Field(index=True)
    thread_ts: str | None = Field(default=None, nullable=True)
    created_by: str
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    language: str
    map_type: str
    scope: str | None = Field(default=None, sa_type=Text, nullable=True)
    step: str
    stage_index: int
    version: int


class Stage(_Table, table=True):
    __tablename__ = "stages"

    journey_id: str = _journey_fk()
    position: int = Field(primary_key=True)  # 1-based, as in the exported map
    name: str = Field(sa_type=Text)


class Contribution(_Table, table=True):
    __tablename__ = "contributions"

    journey_id: str = _journey_fk()
    message_id: str = Field(primary_key=True)
    seq: int
    author: str
    text: str = Field(sa_type=Text)
    step: str
    stage: str | None = Field(default=None, sa_type=Text, nullable=True)
    at: datetime = Field(sa_type=UTCDateTime)
    author_name: str | None = Field(default=None, sa_type=Text, nullable=True)
    # What the message replaced, for undo (journeys.state.Restore as JSON): a snapshot, never queried.
    restore: dict[str, Any] | None = Field(default=None, sa_type=JSON, nullable=True)


class _ItemColumns(SQLModel):
    """Columns every item row has; the primary key (journey_id, item_id) makes item ids unique per journey."""

    journey_id: str = _journey_fk()
    item_id: str = Field(primary_key=True)
    seq: int
    stage: str | None = Field(default=None, sa_type=Text, nullable=True)
    text: str = Field(sa_type=Text)
    message_id: str
    author: str
    at: datetime = Field(sa_type=UTCDateTime)


class Persona(_ItemColumns, _Table, table=True):
    __tablename__ = "personas"

    # NULL name: a persona-kind item that carries no Persona object.
    name: str | None = Field(default=None, sa_type=Text, nullable=True)
    description: str = Field(default="", sa_type=Text)
    goals: list[str] = Field(default_factory=list, sa_type=JSON)
    needs: list[str] = Field(default_factory=list, sa_type=JSON)
    frustrations: list[str] = Field(default_factory=list, sa_type=JSON)
    behaviors: list[str] = Field(default_factory=list, sa_type=JSON)


class Touchpoint(_ItemColumns, _Table, table=True):
    __tablename__ = "touchpoints"
    __table_args__ = (CheckConstraint("channel IN ('online', 'offline')", name="channel"),)

    channel: str | None = Field(default=None, nullable=True)


class StageNote(_ItemColumns, _Table, table=True):
    """Actions and thoughts: the same shape, told apart by `kind`."""

    __tablename__ = "stage_notes"
    __table_args__ = (CheckConstraint("kind IN ('action', 'thought')", name="kind"),)

    kind: str


class BlueprintNote(_ItemColumns, _Table, table=True):
    """A service blueprint's lanes (frontstage, backstage, support, owner): one shape, told apart by `kind`."""

    __tablename__ = "blueprint_notes"
    __table_args__ = (CheckConstraint("kind IN ('frontstage', 'backstage', 'support', 'owner')", name="kind"),)

    kind: str


class Emotion(_ItemColumns, _Table, table=True):
    __tablename__ = "emotions"
    __table_args__ = (CheckConstraint("score BETWEEN -2 AND 2", name="score"),)

    score: int | None = Field(default=None, nullable=True)


class PainPoint(_ItemColumns, _Table, table=True):
    __tablename__ = "pain_points"

    touchpoint: str | None = Field(default=None, sa_type=Text, nullable=True)  # the touchpoint it happens at


class Opportunity(_ItemColumns, _Table, table=True):
    __tablename__ = "opportunities"
    __table_args__ = (
        CheckConstraint("impact BETWEEN 1 AND 3", name="impact"),
        CheckConstraint("effort BETWEEN 1 AND 3", name="effort"),
    )

    impact: int | None = Field(default=None, nullable=True)
    effort: int | None = Field(default=None, nullable=True)


class Kpi(_ItemColumns, _Table, table=True):
    __tablename__ = "kpis"

    kpi_id: str | None = Field(default=None, nullable=True)
    target: str | None = Field(default=None, sa_type=Text, nullable=True)


class ProcessedEvent(_Table, table=True):
    """Slack event ids already handled, so a retry after a restart is still recognised."""

    __tablename__ = "processed_events"

    event_id: str = Field(primary_key=True)
    seen_at: datetime = Field(sa_type=UTCDateTime, index=True)


class InboxEntry(_Table, table=True):
    """An event acknowledged but not yet applied (e.g. a Slack thread answer), so that the ack only waits for
    one small insert. Deleted in the transaction that applies it (claiming its event id); `payload` is the
    adapter's own JSON. `id` orders a journey's entries as they were received."""

    __tablename__ = "inbox"

    id: int | None = Field(default=None, primary_key=True)
    event_id: str = Field(unique=True)
    journey_id: str = Field(index=True)
    payload: str = Field(sa_type=Text)
    received_at: datetime = Field(sa_type=UTCDateTime, index=True)
    attempts: int = 0


class OutboxParcel(_Table, table=True):
    """A message the bot owes somewhere (e.g. a reply in a Slack thread), written in the same transaction as
    the answer that caused it, and deleted once delivered. `payload` is the adapter's own JSON."""

    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    destination: str = Field(index=True)
    payload: str = Field(sa_type=Text)
    created_at: datetime = Field(sa_type=UTCDateTime)
    attempts: int = 0
    lease_owner: str | None = Field(default=None, nullable=True)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class Vote(_Table, table=True):
    """One person's vote on one pain point or opportunity; the key makes it one per person and item.

    No foreign key to the item: items live in one table per kind. A vote on a deleted item is ignored.
    """

    __tablename__ = "votes"

    journey_id: str = _journey_fk()
    item_id: str = Field(primary_key=True)
    voter: str = Field(primary_key=True)
    seq: int
    at: datetime = Field(sa_type=UTCDateTime)
    voter_name: str | None = Field(default=None, sa_type=Text, nullable=True)


class ReviewReminder(_Table, table=True):
    """A scheduled review with the map as it was when it was scheduled.

    `posted_at` is set by whichever process posts the reminder, with a compare-and-set (`… WHERE
    posted_at IS NULL`), so several processes post it once; it is not part of the session's state.
    """

    __tablename__ = "review_reminders"

    journey_id: str = _journey_fk()
    review_id: str = Field(primary_key=True)
    seq: int
    due_on: date = Field(index=True)
    scheduled_by: str
    scheduled_at: datetime = Field(sa_type=UTCDateTime)
    snapshot: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    posted_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a model (the repository writes with Core to control each statement)."""
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table
