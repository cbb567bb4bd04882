"""Slack's message format read back as what the person typed, before the engine sees it.

Slack sends `&`, `<` and `>` as `&amp;` `&lt;` `&gt;`, and links, mentions and channel names as
`<…>` tokens. Read raw, `&amp;` splits an item at its `;` and a mention is stored as `<@U123>`. Every
text from Slack (thread replies, edits, mentions, DMs, modal fields, the message shortcut, slash-command
text) passes through `decode` once; it is escaped again, once, only when echoed (`mrkdwn.escape`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["decode"]

# Only Slack's own token shapes: a mention, channel or special (@ # !) or a URL with a scheme. In text Slack
# encoded, a typed "<" is always "&lt;"; in a modal field (sent as typed) "<星5>" must stay as it is.
_TOKEN = re.compile(r"<((?:[@#!][^<>|\s]+|[A-Za-z][A-Za-z0-9+.\-]*:[^<>|\s]+)(?:\|[^<>\n]*)?)>")
_ENTITY = re.compile(r"&(amp|lt|gt);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
_SPECIAL = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}


def _unescape(text: str) -> str:
    """One pass, so a typed `&amp;lt;` (sent as `&amp;amp;lt;`) comes back as `&amp;lt;`, not `<`."""
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text)


def _token(inner: str, name_of: Callable[[str], str]) -> str:
    target, _, label = inner.partition("|")
    label = _unescape(label)
    if target.startswith("@"):  # <@U123> or <@U123|name>
        return label or name_of(target[1:])
    if target.startswith("#"):  # <#C123|general>
        return f"#{label or target[1:]}"
    if target.startswith("!"):  # <!here>, <!subteam^S1|@team>, <!date^…|fallback>
        word = target[1:].split("^", 1)[0]
        if word in _SPECIAL:
            return _SPECIAL[word]
        return label or f"@{word}"
    return label or _unescape(target)  # <https://…|label>, <mailto:…>


def decode(text: str, *, name_of: Callable[[str], str]) -> str:
    """`text` as typed: entities decoded, `<@U…>` → display name (`name_of`), `<#C…|name>` → `#name`,
    `<url|label>` → label, `<url>` → url, `<!here>` → `@here`."""
    if not text:
        return ""
    parts: list[str] = []
    last = 0
    for match in _TOKEN.finditer(text):
        parts.append(_unescape(text[last : match.start()]))
        parts.append(_token(match.group(1), name_of))
        last = match.end()
    parts.append(_unescape(text[last:]))
    return "".join(parts)
