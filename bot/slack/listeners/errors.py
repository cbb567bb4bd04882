"""The one error handler: log (tokens redacted by the logging filter), and tell the person when we can.

Events keep Bolt's 500, so Slack retries them: an error before an answer was stored must not be acked,
and a retry of an answer that was stored is a no-op. Commands, clicks and modals get a friendly reply.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import App, BoltResponse

from bot.slack.deps import Deps
from prompts.slack import text

__all__ = ["register"]


def register(app: App, deps: Deps) -> None:
    @app.error
    def on_error(error: Exception, body: dict[str, Any], logger: logging.Logger) -> BoltResponse | None:
        kind = body.get("type") or ("slash_command" if "command" in body else "")
        logger.exception("Slack request failed (%s): %s", kind, type(error).__name__)
        message = text("error", deps.lang())
        if kind == "slash_command":
            return BoltResponse(status=200, body=json.dumps({"response_type": "ephemeral", "text": message}),
                                headers={"content-type": "application/json"})
        if kind == "view_submission":
            blocks = ((body.get("view") or {}).get("blocks")) or []
            first = next((b.get("block_id") for b in blocks if b.get("type") == "input"), None)
            if first:
                payload = {"response_action": "errors", "errors": {first: message}}
                return BoltResponse(status=200, body=json.dumps(payload), headers={"content-type": "application/json"})
        if kind in ("block_actions", "message_action", "shortcut"):
            return BoltResponse(status=200, body="")
        return None
