"""Initial schema: journeys, their stages and contributions, one table per item kind, processed events.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Written by hand to match journeys/storage/tables.py exactly (tests/journeys/storage/test_migrations.py checks it).
Migrations are frozen history: they never import the app's models.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ITEM_TABLES = ("personas", "touchpoints", "stage_notes", "emotions", "pain_points", "opportunities", "kpis")


def _journey_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["journey_id"], ["journeys.id"], name=f"fk_{table}_journey_id_journeys", ondelete="CASCADE"
    )


def _item_table(table: str, *extra: sa.Column[object] | sa.CheckConstraint) -> None:
    op.create_table(
        table,
        sa.Column("journey_id", sa.String(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("stage", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        *extra,
        _journey_fk(table),
        sa.PrimaryKeyConstraint("journey_id", "item_id", name=f"pk_{table}"),
    )


def upgrade() -> None:
    op.create_table(
        "journeys",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("team_id", sa.String(), nullable=False),
        sa.Column("channel_id", sa.String(), nullable=False),
        sa.Column("thread_ts", sa.String(), nullable=True),
        sa.Column("created_by", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("map_type", sa.String(), nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("stage_index", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_journeys"),
    )
    op.create_index("ix_journeys_team_id", "journeys", ["team_id"])
    op.create_index("ix_journeys_channel_id", "journeys", ["channel_id"])
    op.create_index(
        "uq_journeys_thread",
        "journeys",
        ["team_id", "channel_id", "thread_ts"],
        unique=True,
        sqlite_where=sa.text("thread_ts IS NOT NULL"),
        postgresql_where=sa.text("thread_ts IS NOT NULL"),
    )

    op.create_table(
        "stages",
        sa.Column("journey_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        _journey_fk("stages"),
        sa.PrimaryKeyConstraint("journey_id", "position", name="pk_stages"),
    )
    op.create_table(
        "contributions",
        sa.Column("journey_id", sa.String(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("step", sa.String(), nullable=False),
        sa.Column("stage", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        _journey_fk("contributions"),
        sa.PrimaryKeyConstraint("journey_id", "message_id", name="pk_contributions"),
    )

    _item_table(
        "personas",
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("goals", sa.JSON(), nullable=False),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("frustrations", sa.JSON(), nullable=False),
        sa.Column("behaviors", sa.JSON(), nullable=False),
    )
    _item_table(
        "touchpoints",
        sa.Column("channel", sa.String(), nullable=True),
        sa.CheckConstraint("channel IN ('online', 'offline')", name="ck_touchpoints_channel"),
    )
    _item_table(
        "stage_notes",
        sa.Column("kind", sa.String(), nullable=False),
        sa.CheckConstraint("kind IN ('action', 'thought')", name="ck_stage_notes_kind"),
    )
    _item_table(
        "emotions",
        sa.Column("score", sa.Integer(), nullable=True),
        sa.CheckConstraint("score BETWEEN -2 AND 2", name="ck_emotions_score"),
    )
    _item_table("pain_points")
    _item_table(
        "opportunities",
        sa.Column("impact", sa.Integer(), nullable=True),
        sa.Column("effort", sa.Integer(), nullable=True),
        sa.CheckConstraint("impact BETWEEN 1 AND 3", name="ck_opportunities_impact"),
        sa.CheckConstraint("effort BETWEEN 1 AND 3", name="ck_opportunities_effort"),
    )
    _item_table(
        "kpis",
        sa.Column("kpi_id", sa.String(), nullable=True),
        sa.Column("target", sa.Text(), nullable=True),
    )

    op.create_table(
        "processed_events",
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_processed_events"),
    )
    op.create_index("ix_processed_events_seen_at", "processed_events", ["seen_at"])


def downgrade() -> None:
    op.drop_table("processed_events")
    for table in (*ITEM_TABLES, "contributions", "stages"):
        op.drop_table(table)
    op.drop_table("journeys")  # its indexes go with it
