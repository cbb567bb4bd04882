"""The App Home tab: the workspace's journeys, newest first."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.slack import cards
from bot.slack.dedupe import claim
from bot.slack.deps import Deps

__all__ = ["register"]


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
        if event.get("tab", "home") == "home" and claim(deps, body):
            _publish(deps, event=event, body=body, context=context)


def _publish(deps: Deps, *, event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
    team = str(body.get("team_id") or context.team_id or "")
    user = str(event.get("user") or "")
    journeys = sorted(deps.service.list(team_id=team), key=lambda s: s.created_at, reverse=True)
    view = cards.home_view(journeys, deps.lang())
    deps.worker.submit(f"home:{user}", lambda: deps.client.views_publish(user_id=user, view=view))
