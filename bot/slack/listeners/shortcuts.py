"""The message shortcut "Add to journey map": file any message as a pain point, touchpoint or quote."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk.errors import SlackApiError

from bot.slack import ids, modals
from bot.slack.decode import decode
from bot.slack.deps import Deps
from prompts.slack import text

__all__ = ["register"]


def register(app: App, deps: Deps) -> None:
    @app.shortcut(ids.ADD_TO_MAP_SHORTCUT)
    def on_add_to_map(ack: Ack, body: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        ack()
        _open(deps, body=body, respond=respond, team=str(context.team_id or ""))


def _open(deps: Deps, *, body: dict[str, Any], respond: Respond, team: str) -> None:
    channel = str((body.get("channel") or {}).get("id") or "")
    message = body.get("message") or {}
    # The modal shows the message as people read it (links and names decoded), and files that text.
    content = decode(str(message.get("text") or ""), name_of=deps.name)
    lang = deps.lang(content)
    journeys = sorted((s for s in deps.service.list(team_id=team, channel_id=channel) if s.stages),
                      key=lambda s: s.created_at, reverse=True)
    trigger = body.get("trigger_id")
    if not journeys:
        deps.worker.submit(f"view:{trigger}", lambda: respond(text=text("file_no_journey", lang),
                                                             response_type="ephemeral"))
        return
    message_ts = str(message.get("ts") or body.get("message_ts") or "")

    def open_modal() -> None:
        try:
            permalink = deps.client.chat_getPermalink(channel=channel, message_ts=message_ts).get("permalink")
        except SlackApiError:
            permalink = None  # a message we cannot read: file it without the link
        metadata = {"c": channel, "ts": message_ts, "p": permalink, "l": lang}
        view = modals.file_item_modal(journeys=journeys, message_text=content, lang=lang, metadata=metadata)
        deps.client.views_open(trigger_id=trigger, view=view)

    deps.worker.submit(f"view:{trigger}", open_modal)
