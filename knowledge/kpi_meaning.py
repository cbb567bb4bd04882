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

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.kpi_question import DESCRIBED, NAMED, metric_cue, normalise

if TYPE_CHECKING:  # numpy loads only when a question is ranked: `journeybot kpi NPS` never pays for it
    import numpy as np
    import numpy.typing as npt

    from knowledge.kpi_catalogue import KpiEntry
    from knowledge.lexical import LexicalIndex

__all__ = ["BARS", "Bar", "KpiMeaning", "card_texts"]

VECTOR_NAME = "kpi_vectors"
LEXICAL_WEIGHT = 0.5  # the lexical z-score counts half as much as the embedding's
EMBED_CHARS = 120  # a metric question is short; longer input is cut before embedding (cost grows with it)


@dataclass(frozen=True)
class Bar:
    """How far the best card must stand out: its fused score in standard deviations above the catalogue's
    mean (`min_z`) and above the runner-up (`min_gap`); `min_score` is the lexical-only bar (BM25, and the
    best must beat the runner-up by the factor MARGIN) when no vectors are available."""

    min_z: float
    min_gap: float
    min_score: float


MARGIN = 1.1
# A question asking which metric ("なんて指標?") needs less evidence than one that only describes a
# quantity ("what % of …"), which could be about something else with a number in it.
BARS: dict[str, Bar] = {
    NAMED: Bar(min_z=3.0, min_gap=0.0, min_score=4.0),
    DESCRIBED: Bar(min_z=3.5, min_gap=0.1, min_score=10.0),
}
# Cards kept by `rank` for a "did you mean…" reply without sharing a word with the question.
MIN_Z_RANK = 2.5


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

        by_meaning = metric_cue(text) is not None  # else "zzzz" would stand out from nothing
        scores, lexical, fused = self.scores(normalise(text), by_meaning=by_meaning)
        order = np.argsort(-scores, kind="stable")[: max(n, 0)]
        keep = (lexical > 0) | (scores >= MIN_Z_RANK) if fused else lexical > 0
        return [(self.entries[i], float(scores[i])) for i in order if keep[i]]

    def best(self, text: str, *, bar: Bar = BARS[NAMED]) -> KpiEntry | None:
        """The card a metric question describes, when it clears `bar` (see BARS)."""
        import numpy as np

        scores, _, fused = self.scores(normalise(text))
        if not scores.size:
            return None
        order = np.argsort(-scores, kind="stable")
        top = float(scores[order[0]])
        second = float(scores[order[1]]) if len(order) > 1 else float("-inf")
        if fused:
            if top < bar.min_z or top - second < bar.min_gap:
                return None
        elif top < bar.min_score or top < MARGIN * second:
            return None
        return self.entries[int(order[0])]
