"""The App Home tab: the journeys of the channels the viewer can see, latest activity first, in their language
(the dashboard itself is drawn in bot.slack.dashboard)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.errors import SlackApiError

from bot.slack.dashboard import dashboard_view
from bot.slack.dedupe import claim
from bot.slack.deps import Deps
from bot.slack.visibility import visible_channels
from journeys.state import SessionState

__all__ = ["register"]


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
        if event.get("tab", "home") == "home" and claim(deps, body):
            team, user = str(context.team_id or ""), str(event.get("user") or "")
            deps.worker.submit(f"home:{user}", lambda: publish_home(deps, team=team, user=user))


def publish_home(deps: Deps, *, team: str, user: str) -> None:
    """Ask Slack what the viewer can see and speaks (users.info locale), then publish their Home tab."""
    journeys = sorted(deps.service.list(team_id=team), key=lambda s: s.updated_at, reverse=True)
    visible = visible_channels(deps.client, user_id=user, channel_ids=[s.channel_id for s in journeys])
    shown = [state for state in journeys if state.channel_id in visible]
    lang = deps.lang(default=deps.people.get(user).language)
    view = dashboard_view(shown, lang, permalink=lambda state: thread_permalink(deps, state))
    deps.client.views_publish(user_id=user, view=view)


def thread_permalink(deps: Deps, state: SessionState) -> str | None:
    """The link to the journey's thread (Slack builds it: only it knows the workspace's domain)."""
    if state.thread_ts is None:
        return None
    try:
        link = deps.client.chat_getPermalink(channel=state.channel_id, message_ts=state.thread_ts).get("permalink")
    except SlackApiError:
        return None
    return str(link) if link else None
