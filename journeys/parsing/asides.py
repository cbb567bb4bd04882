"""Words around an answer that are not part of it: `すみません、訂正です。`, `次へ進む前に一つだけ。`, "Sorry, one more
thing:". Pasted notes and chat lead in with them; split into sentences, each became an item of its own (a pain point
"次へ進む前に一つだけ。" on the map, an unreadable feeling "すみません、訂正です。")."""

from __future__ import annotations

import re

__all__ = ["is_aside", "without_aside"]

_JA = re.compile(
    r"すみません|すいません|ごめんなさい|失礼しました|失礼します|申し訳ない(?:です)?|えっと|えーと|あの|あっ?"
    r"|ちなみに|念のため|取り急ぎ|補足(?:です|します)?|追加(?:です|します)?|追記(?:です|します)?|訂正(?:です|します)?"
    r"|修正(?:です|します)?|以上(?:です)?|よろしくお願いします|お願いします"
    r"|次(?:へ|に)(?:進む|行く|いく)前に|(?:もう)?(?:一つ|ひとつ|一点|1つ|１つ)(?:だけ)?"
)
_EN = re.compile(
    r"\b(?:sorry|oops|correction|quick|one more thing|one more|one thing|also|btw|by the way|fyi|note|oh"
    r"|that's all|thanks|thank you|before we move on|to add|adding|addendum)\b",
    re.I,
)
_REST = re.compile(r"[\s、。,.，．:：!！?？\-ー…~〜]+")


def is_aside(text: str) -> bool:
    """Whether a sentence is only words around an answer, with nothing of its own."""
    rest = _REST.sub("", _EN.sub("", _JA.sub("", text)))
    return not rest and bool(text.strip())


_LEAD = re.compile(r"^(?P<lead>[^:：、,，]{1,30})[:：、,，]\s*(?P<rest>.+)$", re.S)


def without_aside(text: str) -> str:
    """The answer without the words leading into it ("Sorry, one more thing: the FAQ search finds nothing")."""
    match = _LEAD.match(text)
    while match is not None and is_aside(match.group("lead")):
        text = match.group("rest")
        match = _LEAD.match(text)
    return text
