"""Service blueprint lanes: frontstage, backstage, support and owner items in `blueprint_notes`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

Written by hand to match journeys/storage/tables.py (tests/journeys/storage/test_migrations.py checks it).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "blueprint_notes",
        sa.Column("journey_id", sa.String(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("stage", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("message_id", sa.String(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.CheckConstraint("kind IN ('frontstage', 'backstage', 'support', 'owner')", name="ck_blueprint_notes_kind"),
        sa.ForeignKeyConstraint(
            ["journey_id"], ["journeys.id"], name="fk_blueprint_notes_journey_id_journeys", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("journey_id", "item_id", name="pk_blueprint_notes"),
    )


def downgrade() -> None:
    op.drop_table("blueprint_notes")
