"""How Slack identifiers become engine identifiers: message ids and times.

A message is identified by its channel and ts (`C123:1700000000.000100`), which is what makes a retried
or replayed event a no-op in the engine and lets an edit or delete find what a message produced.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["at_from_ts", "message_id"]


def message_id(channel: str, ts: str) -> str:
    return f"{channel}:{ts}"


def at_from_ts(ts: str | float | None) -> datetime:
    """The moment a Slack ts stands for (now when missing or unreadable)."""
    try:
        return datetime.fromtimestamp(float(ts), UTC) if ts is not None else datetime.now(UTC)
    except (TypeError, ValueError, OverflowError):
        return datetime.now(UTC)
