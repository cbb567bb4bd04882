"""What a mention or a DM outside a session asks for: start a session, a KPI, or a question.

Kept crude on purpose: a start word at the beginning, else the KPI catalogue decides whether the text
names a KPI (with the usual question framing removed), else it is a question for the knowledge base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from journeys.text import clean, fold

__all__ = ["START_WORDS", "Intent", "Routed", "route", "strip_mentions"]

# The words that start a session, for `/journey <word> <title>` and `@Journey Bot <word> <title>` alike.
START_WORDS: tuple[str, ...] = ("start", "開始", "はじめる", "始める", "はじめて", "始めて", "スタート")

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
# \s also matches the full-width space (U+3000) a Japanese input method types after a word.
_START = re.compile(rf"^(?:{'|'.join(map(re.escape, START_WORDS))})(?:\s+|[:：、,]\s*|$)(.*)$", re.S | re.I)
_FRAME_BEFORE = re.compile(r"^(?:what(?:'s| is| are)|define|explain|how (?:do|can|should) (?:we|i|you) "
                           r"(?:compute|calculate|measure)|how is)\s+(?:the\s+|an?\s+)?", re.I)
_FRAME_AFTER = re.compile(r"(?:って(?:何|なに|なん)(?:ですか)?|とは(?:何|なに)?(?:ですか)?"
                          r"|の(?:意味|定義|計算(?:方法)?|測り方|出し方)(?:は)?(?:何)?(?:ですか)?"
                          r"|\s*(?:means?|formula))?\s*[?？。.!！]*\s*$")


class Intent(StrEnum):
    START = "start"
    KPI = "kpi"
    QUESTION = "question"
    HELP = "help"


@dataclass(frozen=True)
class Routed:
    intent: Intent
    text: str  # the title to start, the KPI term, or the question
    kpi: Any = None  # the catalogue entry when intent is KPI


def strip_mentions(text: str) -> str:
    return clean(_MENTION.sub(" ", text))


def _kpi_term(text: str) -> str:
    return _FRAME_AFTER.sub("", _FRAME_BEFORE.sub("", text)).strip()


def route(text: str, *, kpis: Any | None) -> Routed:
    """What `text` (decoded, mentions of the bot already removed) asks for."""
    body = strip_mentions(text)
    if not body or fold(body) in {"help", "ヘルプ", "?"}:
        return Routed(Intent.HELP, body)
    start = _START.match(body)
    if start:
        return Routed(Intent.START, start.group(1).strip())
    if kpis is not None:
        term = _kpi_term(body)
        if term and len(term) <= 40:
            entry = kpis.lookup(term)
            if entry is not None:
                return Routed(Intent.KPI, term, entry)
    return Routed(Intent.QUESTION, body)
