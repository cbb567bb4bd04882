"""One module per Slack surface, each with `register(app, deps)`."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.deps import Deps
from bot.slack.listeners import actions, commands, errors, home, ignored, items, messages, sharing, shortcuts, views

__all__ = ["register_all"]


def register_all(app: App, deps: Deps) -> None:
    for surface in (commands, messages, actions, items, sharing, views, shortcuts, home, errors):
        surface.register(app, deps)
    ignored.register(app)  # last: it answers only what no listener above took
