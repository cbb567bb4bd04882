"""KPI cards ranked by what a question means, for questions that name no KPI.

"How much does it cost us to win one new customer — which metric?" names no alias, but its words
(cost, new customer) are the words of the CAC card's definition and formula. Each card's names,
definitions and formulas in both languages are indexed with the knowledge base's own lexical
retrieval (BM25 over Japanese bigrams, English stems and glossary concepts), built on first use:
`journeybot kpi NPS` never pays for it. No embedding model is loaded: a look-up stays instant.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.kpi_catalogue import KpiEntry
    from knowledge.lexical import LexicalIndex

__all__ = ["KpiMeaning", "about_something_else", "asks_for_metric"]

MIN_SCORE = 4.0  # BM25 of a card that shares only a common word or two with the question
MIN_SCORE_VAGUE = 10.0  # when the question only asks "how many/how long", the card must match much more
MARGIN = 1.1  # the best card must stand out from the second

_METRIC = re.compile(
    r"指標|kpi|メトリクス|数字|数値|割合|比率|率|何%|パーセント|測る|測り|計測|名前|なんて"
    r"|metric|measure|\brate\b|ratio|percent|%|share of|what number|called|which number"
)
_VAGUE = re.compile(r"どのくらい|どれくらい|何人|何日|how (?:fast|long|many|much)")
_ELSE = re.compile(
    r"文面|件名|書き方|書けば|書く|ツール|おすすめ|配信|テンプレ|デザイン|文言|施策|事例"
    r"|wording|\bword\b|\bwrite\b|subject line|\btools?\b|template|design|\bcopy\b|send"
)
_DEFINITIONAL = re.compile(
    r"定義|計算|出し方|求め方|測り方|とは|って何|ってなに|意味|指標|formula|calculate|compute|definition|\bdefine"
    r"|what is|what's|what does|measure|metric|kpi"
)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def asks_for_metric(text: str) -> str | None:
    """'metric' when the question asks which measure, rate or share to use ("なんて指標?", "what % of …"),
    'vague' when it only asks how many/long/fast, None otherwise."""
    folded = _fold(text)
    return "metric" if _METRIC.search(folded) else "vague" if _VAGUE.search(folded) else None


def about_something_else(text: str) -> bool:
    """A KPI is only mentioned: the question is about an email's wording, a tool, a campaign…"""
    folded = _fold(text)
    return bool(_ELSE.search(folded)) and not _DEFINITIONAL.search(folded)


def _card(entry: KpiEntry) -> str:
    return "\n".join([entry.name_ja, entry.name_en, *entry.aliases, entry.definition_ja, entry.definition_en,
                      entry.formula_ja, entry.formula_en])


class KpiMeaning:
    """BM25 over the KPI cards; ranks entries by a question's words and concepts."""

    def __init__(self, entries: Sequence[KpiEntry]) -> None:
        self.entries = tuple(entries)
        self._index: LexicalIndex | None = None

    def _lexical(self) -> LexicalIndex:
        if self._index is None:
            from knowledge.glossary import default_glossary
            from knowledge.lexical import LexicalIndex

            self._index = LexicalIndex([_card(e) for e in self.entries], default_glossary())
        return self._index

    def rank(self, text: str, n: int = 5) -> list[tuple[KpiEntry, float]]:
        """The `n` cards closest to the text, best first, with their BM25 scores."""
        found = self._lexical().top(text, n)
        return [(self.entries[row], float(score)) for row, score in found if score > 0]

    def best(self, text: str, *, vague: bool = False) -> KpiEntry | None:
        """The card a metric question describes, when one clearly stands out."""
        ranked = self.rank(text, 2)
        if not ranked or ranked[0][1] < (MIN_SCORE_VAGUE if vague else MIN_SCORE):
            return None
        if len(ranked) > 1 and ranked[0][1] < MARGIN * ranked[1][1]:
            return None
        return ranked[0][0]
