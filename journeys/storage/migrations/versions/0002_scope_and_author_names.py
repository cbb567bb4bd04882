"""The scope description of a journey, and the display name each contribution's author had.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

Written by hand to match journeys/storage/tables.py (tests/journeys/storage/test_migrations.py checks it).
Both columns are nullable: journeys and contributions stored before this revision simply have none.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("journeys") as batch:
        batch.add_column(sa.Column("scope", sa.Text(), nullable=True))
    with op.batch_alter_table("contributions") as batch:
        batch.add_column(sa.Column("author_name", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contributions") as batch:
        batch.drop_column("author_name")
    with op.batch_alter_table("journeys") as batch:
        batch.drop_column("scope")
