"""Each Slack event is acted on once, even when Slack retries it (X-Slack-Retry-Num), across restarts.

The claim is recorded in the database (`mark_event_seen`), not in memory. Where an event stores an answer,
listeners claim it *after* the store: a crash between the two then leaves the answer stored and the retry
(which finds the event unclaimed) is a no-op in the engine, which is idempotent on message ids. Claiming
first would make a crash lose the answer, since the retry would be dropped as already seen.
"""

from __future__ import annotations

from typing import Any

from bot.slack.deps import Deps

__all__ = ["claim"]


def claim(deps: Deps, body: dict[str, Any]) -> bool:
    """True the first time this event is seen (and for payloads that are not retried events)."""
    event_id = body.get("event_id")
    if not event_id:
        return True
    return deps.service.mark_event_seen(str(event_id))
