"""The Markdown export as a Slack canvas, where the workspace allows canvases.

Canvases are not everywhere (free workspaces: `free_team_not_allowed`; admins may turn them off:
`not_allowed`; an app without `canvases:write`: `missing_scope`). Any refusal means "post the Markdown
file instead", so the caller falls back to the upload; nothing is lost either way.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.slack.deps import Deps
from bot.slack.mrkdwn import escape
from journeys.state import SessionState
from prompts.slack import text

__all__ = ["post_canvas"]

logger = logging.getLogger(__name__)


def post_canvas(deps: Deps, *, state: SessionState, markdown: str, lang: str) -> bool:
    """Create a canvas of the map (tabbed in the journey's channel) and link it in the thread; False when
    the workspace refused (the caller then uploads the Markdown file)."""
    try:
        created = deps.client.canvases_create(title=state.title[:250], channel_id=state.channel_id,
                                              document_content={"type": "markdown", "markdown": markdown})
    except SlackApiError as error:
        logger.info("No canvas for %s (%s): posting the Markdown file", state.journey_id,
                    error.response.get("error"))
        return False
    canvas_id = str(created.get("canvas_id") or "")
    url = None
    try:
        url = (deps.client.files_info(file=canvas_id).get("file") or {}).get("permalink")
    except SlackApiError as error:
        logger.info("files.info for canvas %s: %s", canvas_id, error.response.get("error"))
    if url and state.thread_ts is not None:
        deps.client.chat_postMessage(channel=state.channel_id, thread_ts=state.thread_ts,
                                     text=text("canvas_posted", lang, url=url, title=escape(state.title)))
    return True
