"""Each Slack event is acted on once, even when Slack retries it (X-Slack-Retry-Num), across restarts.

An event that stores an answer claims its event id inside the same transaction as the answer and the
replies it owes (`SlackSessions.handle(claim=…)`, see bot/slack/delivery.py): a retry, or the same delivery
reaching another replica, finds the claim and does nothing, and a crash can't separate the claim from the
answer. Events that neither store nor owe anything (the App Home being opened) only `claim` here, first.
"""

from __future__ import annotations

from typing import Any

from bot.slack.deps import Deps

__all__ = ["claim"]


def claim(deps: Deps, body: dict[str, Any]) -> bool:
    """Claim an event that stores nothing: True the first time (or when it is not an Events API event)."""
    event_id = body.get("event_id")
    return True if not event_id else deps.events.mark_seen(str(event_id))
