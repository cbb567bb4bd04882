"""Alembic migrations for the journeys tables, shipped inside the package (see journeys.storage.database).

Migration 0006 also creates the Slack adapter's OAuth tables (`slack_*`: slack_sdk's installation and
state stores, used by bot/slack/installations.py), so that one `upgrade` makes the whole database. They are
not in journeys/storage/tables.py, so comparisons with that metadata (autogenerate, the drift test) leave
them out with `include_name`; tests/bot/slack/test_oauth_tables.py compares them with slack_sdk's layout.
"""

from __future__ import annotations

__all__ = ["SLACK_TABLE_PREFIX", "include_name"]

SLACK_TABLE_PREFIX = "slack_"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's `include_name` hook: every object but the Slack adapter's tables."""
    return not (type_ == "table" and name is not None and name.startswith(SLACK_TABLE_PREFIX))
