"""The claim key of each kind of Slack request: the same for every delivery of one request (a retry, the
same request reaching two replicas), different for two requests.

Events API deliveries carry an `event_id`. Interactivity and slash commands carry none, so a key is built
from what Slack sends identically every time it sends that one request:

* a click (block_actions): the workspace, channel and message it was on, the control (`action_id`), the
  clicker and the click's own `action_ts`; the `trigger_id` where a payload has no action_ts. Two clicks of
  the same button are two keys (their action_ts differ), one click delivered twice is one.
* a form (view_submission): the view's id and hash, and a digest of the submitted values. A modal shown
  again with errors keeps its id and hash, so the values tell a corrected re-submission apart. (The session
  forms need no claim: the engine's message id of a form is its view's id, so a second delivery of a
  stored form changes nothing, and a refused one is judged again when corrected.)
* a slash command: the workspace and its `trigger_id`, unique per invocation.

The key goes into `processed_events` in the transaction that applies the request (see bot/slack/dedupe.py).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

__all__ = ["action_key", "command_key", "event_key", "view_key"]


def _digest(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def event_key(body: dict[str, Any]) -> str | None:
    """An Events API delivery's event id (None for other requests)."""
    event_id = body.get("event_id")
    return str(event_id) if event_id else None


def action_key(body: dict[str, Any], action: dict[str, Any], *, team: str) -> str:
    container = body.get("container") or {}
    where = [team, str((body.get("channel") or {}).get("id") or container.get("channel_id") or ""),
             str(container.get("message_ts") or container.get("view_id") or ""),
             str(action.get("block_id") or ""), str(action.get("action_id") or ""),
             str((body.get("user") or {}).get("id") or ""),
             str(action.get("action_ts") or body.get("trigger_id") or "")]
    return f"action:{_digest(where)}"


def view_key(view: dict[str, Any], *, team: str) -> str:
    values = (view.get("state") or {}).get("values") or {}
    return f"view:{team}:{view.get('id') or ''}:{_digest([view.get('hash'), values])}"


def command_key(command: dict[str, Any], *, team: str) -> str:
    trigger = command.get("trigger_id")
    if not trigger:  # never seen from Slack; without it, only the gate's replay check protects the command
        trigger = _digest([command.get("user_id"), command.get("channel_id"), command.get("text"),
                           command.get("response_url")])
    return f"command:{team}:{trigger}"
