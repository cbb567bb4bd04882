"""Expected answer types: a question asking for a price, a duration or a head count needs a number.

The notes are best practice, not price lists or workshop logistics. When a question asks "how much
does it cost", "how long does it take" or "how many people", a passage can only answer it if it
states such an amount; passages on the right topic without one do not cover the question.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ASKS", "STATES", "answerable", "expected_type"]

_NUM = r"(?:\d[\d,.]*|[一二三四五六七八九十百千万数]+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few)"

ASKS: dict[str, re.Pattern[str]] = {
    "price": re.compile(
        r"how much (?:does|do|is|are|would|will|should)\b.*\b(?:cost|charge|pay|price)|\bprice\b|\bpricing\b"
        r"|\bfees?\b|料金|価格|値段|いくら|月額|年額|費用はどれ",
    ),
    "duration": re.compile(
        r"how long\b|how many (?:\w+ )?(?:hours|minutes|days|weeks|months)"
        r"|所要時間|何時間|何分|何日|何週間|何か月|何ヶ月|どのくらいの時間|どれくらいの時間|期間はどれ"
        r"|(?:どれ|どの)[くぐ]らい(?:の期間|かか)",
    ),
    "headcount": re.compile(r"how many (?:people|participants|persons|members|attendees)|何人|人数|参加者数"),
}
STATES: dict[str, re.Pattern[str]] = {
    "price": re.compile(rf"{_NUM}\s*(?:円|ドル|ユーロ|usd|eur|jpy|dollars?)|[$€£¥]\s*\d"),
    "duration": re.compile(
        rf"{_NUM}\s*(?:分|時間|日|週|か月|ヶ月|カ月|年|minutes?|mins?|hours?|days?|weeks?|months?|years?)"
    ),
    "headcount": re.compile(rf"{_NUM}\s*(?:人|名|つ|個|people|participants|persons|members|personas|interviews)"),
}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def expected_type(question: str) -> str | None:
    """'price', 'duration', 'headcount' or None (any other question)."""
    folded = _fold(question)
    return next((kind for kind, pattern in ASKS.items() if pattern.search(folded)), None)


def answerable(question: str, passage: str) -> bool:
    """False only when the question wants an amount of a kind the passage never states."""
    kind = expected_type(question)
    return kind is None or bool(STATES[kind].search(_fold(passage)))
