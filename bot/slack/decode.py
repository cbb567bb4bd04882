"""Slack's message format read back as what the person typed, before the engine sees it.

Slack sends `&`, `<` and `>` as `&amp;` `&lt;` `&gt;`, and links, mentions and channel names as
`<…>` tokens, and emoji as shortcodes (`:sob:`). Read raw, `&amp;` splits an item at its `;`, a mention is
stored as `<@U123>` and `:slightly_smiling_face:` is no feeling the emotion step can read (the map showed the
code). Every
text from Slack (thread replies, edits, mentions, DMs, modal fields, the message shortcut, slash-command
text) passes through `decode` once; it is escaped again, once, only when echoed (`mrkdwn.escape`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import emoji

__all__ = ["decode"]

# Only Slack's own token shapes: a mention, channel or special (@ # !) or a URL with a scheme. In text Slack
# encoded, a typed "<" is always "&lt;"; in a modal field (sent as typed) "<星5>" must stay as it is.
_TOKEN = re.compile(r"<((?:[@#!][^<>|\s]+|[A-Za-z][A-Za-z0-9+.\-]*:[^<>|\s]+)(?:\|[^<>\n]*)?)>")
_ENTITY = re.compile(r"&(amp|lt|gt);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
_SPECIAL = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}


# Slack writes a skin tone as a second code after the first (`:+1::skin-tone-3:`): the emoji is the first.
_SKIN_TONE = re.compile(r"(?<=:):skin-tone-[2-6]:")


def _unescape(text: str, *, shortcodes: bool = True) -> str:
    """One pass, so a typed `&amp;lt;` (sent as `&amp;amp;lt;`) comes back as `&amp;lt;`, not `<`; shortcodes of
    standard emoji as the emoji (a workspace's custom `:party_parrot:` has none, and stays as it is)."""
    text = _ENTITY.sub(lambda m: _ENTITIES[m.group(1)], text)
    if not shortcodes or ":" not in text:
        return text
    return str(emoji.emojize(_SKIN_TONE.sub("", text), language="alias"))


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
    return label or _unescape(target, shortcodes=False)  # <https://…|label>, <mailto:…> (a URL holds colons)


def decode(text: str, *, name_of: Callable[[str], str]) -> str:
    """`text` as typed: entities decoded, `<@U…>` → display name (`name_of`), `<#C…|name>` → `#name`,
    `<url|label>` → label, `<url>` → url, `<!here>` → `@here`, `:sob:` → 😭."""
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
