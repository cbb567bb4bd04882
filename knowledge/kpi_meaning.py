"""KPI cards ranked by what a question means, for questions that name no KPI.

"How much does it cost us to win one new customer — which metric?" names no alias, but it asks what
the CAC card answers. Each card is read in two ways and the two are fused:
- lexically: BM25 (the knowledge base's own: Japanese bigrams, English stems, glossary concepts) over
  the card's names, definitions, formulas and `answers_*` (the questions the metric answers, in plain
  words), so shared words count;
- by meaning: the multilingual embedding of the question against each card's definition and answers,
  so "how fast we close a ticket" meets "time to solve a customer's problem" without a shared word.
  The card vectors are precomputed (`make kb-vectors` → knowledge/index/kpi_vectors.*); only the
  question is embedded, and only when no alias matched (`journeybot kpi NPS` never loads the model).
Both scores are standardised over the catalogue (z-scores) before they are added, so neither scale
dominates; a card is returned only when it stands out from the rest and from the runner-up. Without
the shipped vectors (a catalogue of one's own, or vectors out of date) the lexical half works alone.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy loads only when a question is ranked: `journeybot kpi NPS` never pays for it
    import numpy as np
    import numpy.typing as npt

    from knowledge.kpi_catalogue import KpiEntry
    from knowledge.lexical import LexicalIndex

__all__ = ["KpiMeaning", "about_something_else", "asks_for_metric", "card_texts"]

VECTOR_NAME = "kpi_vectors"
LEXICAL_WEIGHT = 0.5  # the lexical z-score counts half as much as the embedding's
MIN_Z = 2.5  # the best card's fused score, in standard deviations above the catalogue's mean
MIN_Z_VAGUE = 3.5  # when the question only asks "how many/how long", it must stand out more
MIN_GAP = 0.35  # …and above the runner-up
EMBED_CHARS = 120  # a metric question is short; longer input is cut before embedding (cost grows with it)
# Lexical-only thresholds (no vectors): BM25 of a card sharing only a common word or two, and margin.
MIN_SCORE = 4.0
MIN_SCORE_VAGUE = 10.0
MARGIN = 1.1

_METRIC = re.compile(
    r"指標|kpi|メトリクス|数字|数値|割合|比率|率|何%|パーセント|測る|測り|計測|名前|なんて|平均|あたり|何割"
    r"|metric|measure|\brate\b|ratio|percent|%|share of|fraction|proportion|what number|called|which number"
    r"|\baverage\b|\bper (?:order|customer|user|account|visit|month|call|ticket)"
)
_VAGUE = re.compile(
    r"どのくらい|どれくらい|どれだけ|何人|何日|何回|いくら|までの(?:時間|日数|期間)|(?:を|が)(?:見たい|知りたい|測りたい|追いたい)"
    r"|how (?:fast|long|many|much|often|quickly|likely)|out of (?:the|all|people)"
    r"|(?:time|days|hours|minutes) (?:from|between|until|it takes)"
)
_ELSE = re.compile(
    r"文面|件名|書き方|書けば|書く|ツール|おすすめ|配信|テンプレ|デザイン|文言|施策|事例|キャンペーン|案を|考えて|いつ送"
    r"|担当|作って"
    r"|wording|\bword\b|\bwrite\b|subject line|\btools?\b|template|design|\bcopy\b|send|\bdraft\b|campaign"
    r"|\bowns?\b|dashboard|chart"
)
_DEFINITIONAL = re.compile(
    r"定義|計算|出し方|求め方|測り方|とは|って何|ってなに|意味|指標|formula|calculate|compute|definition|\bdefine"
    r"|what is|what's|what does|measure|metric|kpi"
)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def asks_for_metric(text: str) -> str | None:
    """'metric' when the question asks which measure, rate or share to use ("なんて指標?", "what % of …"),
    'vague' when it only asks how many/long/often, None otherwise."""
    folded = _fold(text)
    return "metric" if _METRIC.search(folded) else "vague" if _VAGUE.search(folded) else None


def about_something_else(text: str) -> bool:
    """A KPI is only mentioned: the question is about an email's wording, a tool, a campaign, an owner…"""
    folded = _fold(text)
    return bool(_ELSE.search(folded)) and not _DEFINITIONAL.search(folded)


def _lexical_card(entry: KpiEntry) -> str:
    return "\n".join([entry.name_ja, entry.name_en, *entry.aliases, entry.definition_ja, entry.definition_en,
                      entry.formula_ja, entry.formula_en, *entry.answers_ja, *entry.answers_en])


def card_texts(entry: KpiEntry) -> tuple[str, str]:
    """The passages embedded for a card (Japanese, English): its name, definition and what it answers."""
    return (f"{entry.name_ja}: {entry.definition_ja} {' '.join(entry.answers_ja)}",
            f"{entry.name_en}: {entry.definition_en} {' '.join(entry.answers_en)}")


def _z(scores: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    import numpy as np

    spread = float(scores.std())
    return (scores - scores.mean()) / spread if spread > 0 else np.zeros_like(scores)


_model_lock = threading.Lock()
_model: Callable[[str], npt.NDArray[np.float32]] | None = None


def _default_query_vector(text: str) -> npt.NDArray[np.float32]:
    """The question's vector from the default model, loaded once per process on first use."""
    global _model
    with _model_lock:
        if _model is None:
            from knowledge.embedding import E5Embeddings

            _model = E5Embeddings().query_vector
    return _model(text)


class KpiMeaning:
    """Ranks KPI cards by a question's words and meaning (see the module docstring)."""

    def __init__(
        self,
        entries: Sequence[KpiEntry],
        *,
        query_vector: Callable[[str], npt.NDArray[np.float32]] | None = _default_query_vector,
        vectors: npt.NDArray[np.float32] | None = None,
    ) -> None:
        """`vectors` (2 rows per entry: ja, en) default to the shipped ones when they match the cards;
        `query_vector=None` keeps the ranking lexical."""
        self.entries = tuple(entries)
        self._query_vector = query_vector
        self._vectors = vectors
        self._vectors_loaded = vectors is not None
        self._index: LexicalIndex | None = None

    def _lexical(self) -> LexicalIndex:
        if self._index is None:
            from knowledge.glossary import default_glossary
            from knowledge.lexical import LexicalIndex

            self._index = LexicalIndex([_lexical_card(e) for e in self.entries], default_glossary())
        return self._index

    def _card_vectors(self) -> npt.NDArray[np.float32] | None:
        """The shipped card vectors when every card's text has one (else None: lexical only)."""
        if not self._vectors_loaded:
            self._vectors_loaded = True
            from knowledge.chunking import digest
            from knowledge.embedding import DEFAULT_EMBEDDING
            from knowledge.vector_cache import load_vector_cache

            cache = load_vector_cache(model=DEFAULT_EMBEDDING, name=VECTOR_NAME)
            if cache is not None:
                rows = [cache.rows.get(digest(text)) for e in self.entries for text in card_texts(e)]
                if all(row is not None for row in rows):
                    self._vectors = cache.vectors[[row for row in rows if row is not None]]
        return self._vectors

    def _semantic(self, text: str) -> npt.NDArray[np.float32] | None:
        vectors = self._card_vectors() if self._query_vector is not None else None
        if vectors is None or self._query_vector is None:
            return None
        import numpy as np

        cosine = vectors @ self._query_vector(text[:EMBED_CHARS])
        return np.asarray(cosine.reshape(len(self.entries), 2).max(axis=1), dtype=np.float32)

    def scores(
        self, text: str, *, by_meaning: bool = True
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], bool]:
        """Every card's score for the text, its lexical score, and whether the first is the fused one
        (`by_meaning=False`: lexical alone, no embedding)."""
        lexical = self._lexical().scores(text)
        semantic = self._semantic(text) if by_meaning and lexical.size and text.strip() else None
        if semantic is None:
            return lexical, lexical, False
        return _z(semantic) + LEXICAL_WEIGHT * _z(lexical), lexical, True

    def rank(self, text: str, n: int = 5) -> list[tuple[KpiEntry, float]]:
        """The `n` cards closest to the text, best first, with their scores: cards sharing a word or concept
        with it, or (for a question asking for a measure) standing out by meaning; nothing for a text that is
        about no metric."""
        import numpy as np

        by_meaning = asks_for_metric(text) is not None  # else "zzzz" would stand out from nothing
        scores, lexical, fused = self.scores(text, by_meaning=by_meaning)
        order = np.argsort(-scores, kind="stable")[: max(n, 0)]
        keep = (lexical > 0) | (scores >= MIN_Z) if fused else lexical > 0
        return [(self.entries[i], float(scores[i])) for i in order if keep[i]]

    def best(self, text: str, *, vague: bool = False) -> KpiEntry | None:
        """The card a metric question describes, when one clearly stands out."""
        import numpy as np

        scores, _, fused = self.scores(text)
        if not scores.size:
            return None
        order = np.argsort(-scores, kind="stable")
        top = float(scores[order[0]])
        second = float(scores[order[1]]) if len(order) > 1 else float("-inf")
        if fused:
            if top < (MIN_Z_VAGUE if vague else MIN_Z) or top - second < MIN_GAP:
                return None
        elif top < (MIN_SCORE_VAGUE if vague else MIN_SCORE) or top < MARGIN * second:
            return None
        return self.entries[int(order[0])]
