"""Everything Slack may send that the bot does not act on, answered 200 so Slack keeps delivering.

Bolt answers a request no listener matched with 404, and Slack disables event delivery for an app that
fails more than 5 % of them. These catch-alls are registered last, so they only see what every other
listener passed over: other event types (`tokens_revoked`, `app_uninstalled`, `member_joined_channel`,
`assistant_thread_started`, …), unknown action ids, `view_closed`, and top-level notices such as
`app_rate_limited`, which do not come wrapped in an `event_callback`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltResponse

__all__ = ["register"]

_ANY = re.compile(r".*")
# Top-level payload types Bolt has no listener kind for.
_NOTICES = frozenset({"app_rate_limited"})


def register(app: App) -> None:
    @app.middleware
    def answer_notices(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        if body.get("type") in _NOTICES:
            return BoltResponse(status=200, body="")
        next()
        return None

    @app.event(_ANY)
    def ignore_event() -> None:
        """Events are acknowledged by Bolt once a listener returns."""

    def just_ack(ack: Ack) -> None:
        ack()

    app.action(_ANY)(just_ack)
    app.view_closed(_ANY)(just_ack)
    app.view(_ANY)(just_ack)
    app.shortcut(_ANY)(just_ack)
    app.options(_ANY)(just_ack)
    app.command(_ANY)(just_ack)
