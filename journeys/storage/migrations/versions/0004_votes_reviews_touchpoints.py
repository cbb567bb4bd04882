"""Votes on pain points and opportunities, scheduled reviews with a snapshot, a pain point's touchpoint.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Written by hand to match journeys/storage/tables.py (tests/journeys/storage/test_migrations.py checks it).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _journey_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["journey_id"], ["journeys.id"], name=f"fk_{table}_journey_id_journeys", ondelete="CASCADE"
    )


def upgrade() -> None:
    with op.batch_alter_table("pain_points") as batch:
        batch.add_column(sa.Column("touchpoint", sa.Text(), nullable=True))
    op.create_table(
        "votes",
        sa.Column("journey_id", sa.String(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("voter", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("voter_name", sa.Text(), nullable=True),
        _journey_fk("votes"),
        sa.PrimaryKeyConstraint("journey_id", "item_id", "voter", name="pk_votes"),
    )
    op.create_table(
        "review_reminders",
        sa.Column("journey_id", sa.String(), nullable=False),
        sa.Column("review_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("scheduled_by", sa.String(), nullable=False),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        _journey_fk("review_reminders"),
        sa.PrimaryKeyConstraint("journey_id", "review_id", name="pk_review_reminders"),
    )
    op.create_index("ix_review_reminders_due_on", "review_reminders", ["due_on"])


def downgrade() -> None:
    op.drop_table("review_reminders")  # its index goes with it
    op.drop_table("votes")
    with op.batch_alter_table("pain_points") as batch:
        batch.drop_column("touchpoint")
