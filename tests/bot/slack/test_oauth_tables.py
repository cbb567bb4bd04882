"""Migration 0006 creates exactly the tables slack_sdk's SQL installation and state stores define.

They are not in journeys/storage/tables.py (the domain never reads them), so the journeys' drift test
leaves them out; this one compares them with slack_sdk's own definition, on both backends.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Engine, MetaData, String

from bot.slack.installations import SLACK_TABLES, slack_metadata


def _differences(engine: Engine, target: MetaData) -> list[object]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={
            "compare_type": True,
            "include_name": lambda name, type_, _parents: type_ != "table" or name in SLACK_TABLES})
        return list(compare_metadata(context, target))


def test_migrated_slack_tables_match_slack_sdk(engine: Engine) -> None:
    assert set(slack_metadata().tables) == SLACK_TABLES
    assert _differences(engine, slack_metadata()) == []
    # and the comparison would notice a change
    changed = slack_metadata()
    changed.tables["slack_bots"].append_column(Column("colour", String(), nullable=True))
    assert [diff[0] for diff in _differences(engine, changed)] == ["add_column"]  # type: ignore[index]
