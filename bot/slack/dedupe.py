"""Each Slack event is acted on once, even when Slack retries it (X-Slack-Retry-Num), across restarts.

Claims live in the database (`deps.events`, the `EventLedger` port that journeys.storage.ProcessedEvents
implements), not in memory. When to claim is the subtle part:

* A first delivery stores its answer *then* claims. Claiming first would let a crash between the two lose
  the answer: Slack retries (it got no ack) and the retry would be dropped as already seen.
* A retry (the X-Slack-Retry-Num header) claims *first*: usually the first delivery was handled but its
  ack came late, and re-running it would repeat what is not idempotent in the engine (a control word such
  as 次へ moves the session again). If the first delivery crashed before storing, the retry wins the claim
  and stores it.

Either way only the delivery holding the claim goes on to the slow work (posting replies). Events that
store nothing (a mention asking a question, the App Home) simply `claim` first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import BoltRequest

from bot.slack.deps import Deps

__all__ = ["claim", "is_retry", "once"]

T = TypeVar("T")


def is_retry(request: BoltRequest | None) -> bool:
    if request is None:
        return False
    values = request.headers.get("x-slack-retry-num") or []
    return any(str(v).strip() not in ("", "0") for v in values)


def once(deps: Deps, *, body: dict[str, Any], request: BoltRequest | None, store: Callable[[], T]) -> T | None:
    """Run `store` (the durable part) once per event; its result when this delivery should do the slow work."""
    event_id = body.get("event_id")
    if not event_id:
        return store()
    if is_retry(request):
        return store() if deps.events.mark_seen(str(event_id)) else None
    result = store()
    return result if deps.events.mark_seen(str(event_id)) else None


def claim(deps: Deps, body: dict[str, Any]) -> bool:
    """Claim an event that stores nothing: True the first time (or when it is not a retried event)."""
    event_id = body.get("event_id")
    return True if not event_id else deps.events.mark_seen(str(event_id))
