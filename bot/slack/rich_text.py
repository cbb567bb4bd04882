"""A message's text read from its `rich_text` blocks, for messages whose `text` is empty or missing.

Slack's own clients send both; some clients, workflows and integrations send only the blocks, and such a
message was refused as empty. Neither slack_sdk nor Bolt turns blocks back into text, so this does, in the
shape Slack gives `text` itself: a mention as `<@U…>`, a channel as `<#C…>`, a link as `<url|label>`, an
emoji as `:name:`, `&` `<` `>` escaped, and a bulleted list as `• item` lines. The result then goes through
the same reading as any text from Slack (bot/slack/decode.py).
"""

from __future__ import annotations

from typing import Any

from bot.slack.mrkdwn import escape

__all__ = ["blocks_text", "message_text"]

_BROADCASTS = {"here": "<!here>", "channel": "<!channel>", "everyone": "<!everyone>"}


def message_text(message: dict[str, Any]) -> str:
    """The message's `text`, or when it has none, what its rich_text blocks say."""
    raw = str(message.get("text") or "")
    return raw if raw.strip() else blocks_text(message.get("blocks"))


def blocks_text(blocks: object) -> str:
    """The text of every rich_text block, one block after another on its own line."""
    if not isinstance(blocks, list):
        return ""
    parts = [_container(block) for block in blocks if isinstance(block, dict) and block.get("type") == "rich_text"]
    return "\n".join(part for part in parts if part)


def _container(block: dict[str, Any]) -> str:
    """A rich_text block: sections run on, lists, quotes and code blocks start on a line of their own."""
    lines: list[str] = []
    for element in _dicts(block.get("elements")):
        kind = element.get("type")
        if kind == "rich_text_list":
            lines.append(_list(element))
        elif kind in ("rich_text_section", "rich_text_preformatted", "rich_text_quote"):
            lines.append(_inline(element.get("elements")))
    return "\n".join(line for line in lines if line).strip("\n")


def _list(element: dict[str, Any]) -> str:
    """One item a line, marked as Slack marks them in `text` (`• ` for bullets, `1. ` when ordered)."""
    ordered = element.get("style") == "ordered"
    indent = "    " * int(element.get("indent") or 0)
    items = [_inline(item.get("elements")) for item in _dicts(element.get("elements"))]
    return "\n".join(f"{indent}{f'{n}.' if ordered else '•'} {item}"
                     for n, item in enumerate(items, start=int(element.get("offset") or 0) + 1))


def _inline(elements: object) -> str:
    return "".join(_piece(element) for element in _dicts(elements))


def _piece(element: dict[str, Any]) -> str:
    """One inline element as it appears in a message's `text`."""
    kind = element.get("type")
    if kind == "text":
        return escape(str(element.get("text") or ""))
    if kind == "link":
        url, label = str(element.get("url") or ""), str(element.get("text") or "")
        return f"<{url}|{escape(label)}>" if label else f"<{url}>"
    if kind == "user":
        return f"<@{element.get('user_id')}>"
    if kind == "usergroup":
        return f"<!subteam^{element.get('usergroup_id')}>"
    if kind == "channel":
        return f"<#{element.get('channel_id')}>"
    if kind == "broadcast":
        return _BROADCASTS.get(str(element.get("range")), "")
    if kind == "emoji":
        return f":{element.get('name')}:" if element.get("name") else str(element.get("unicode") or "")
    if kind == "date":
        return escape(str(element.get("fallback") or ""))
    return escape(str(element.get("text") or ""))


def _dicts(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
