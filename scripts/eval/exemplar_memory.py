"""An exemplar memory for the KPI look-up: labelled questions as evidence where the rules are unsure.

Measured by scripts/eval/loro_kpi.py and NOT adopted (see scripts/eval/README.md, round 10 preparation): it lives
here, beside the harness, not in knowledge/. The product look-up is knowledge.kpi_catalogue unchanged;
`ExemplarCatalogue` is that look-up with the memory consulted at two places:

- where the rules found no card but refused nothing either (no question for a benchmark, the team's own data or
  a date; none asking what to do about, or not asking for, a metric it does not name; none about stages or the
  map), the nearest labelled questions may name the card — when the nearest and at least one other of the
  `VOTERS` nearest agree on it, and that card passes the checks any card does (whom it measures, the metric
  names the question uses, the card's known neighbours);
- where a card was found by meaning alone, it is withdrawn when the question's words fit questions about metrics
  the catalogue lacks (labelled none, asking for a metric) better than they fit that card (its names, definition,
  answers and the questions labelled with it) by less than `MIN_LOG_ODDS`, naive-Bayes style, AND the nearest
  labelled question wanted no card either.

"Nearest" fuses the question's embedding (the meaning step's vector) with BM25 over the labelled questions'
words, both standardised over the memory, as knowledge.kpi_meaning fuses the cards. The settings (3 voters,
2 agreeing, log-odds 2, lexical weight 0.5) were chosen on the tuning halves only: each round's tuning half
scored on the code that first measured that round (before any tuning on it), with a memory of the other rounds.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from unicodedata import normalize

import numpy as np

from knowledge.kpi_catalogue import MAX_QUERY_CHARS, KpiCatalogue
from knowledge.kpi_question import (
    about_mapping,
    about_stages,
    asks_for_advice,
    asks_metric_name,
    metric_cue,
    normalise,
    set_aside,
)
from knowledge.question_intent import unanswerable_reason

if TYPE_CHECKING:
    import numpy.typing as npt

    from knowledge.kpi_catalogue import KpiEntry
    from knowledge.lexical import LexicalIndex

__all__ = ["AGREE", "MIN_LOG_ODDS", "VOTERS", "Exemplar", "ExemplarCatalogue", "ExemplarMemory", "exemplar_text"]

EMBED_CHARS = 240  # as knowledge.kpi_meaning: the stored vectors are of the same text the meaning step embeds
LEXICAL_WEIGHT = 0.5  # the BM25 z-score counts half as much as the embedding's, as in knowledge.kpi_meaning
VOTERS = 3  # the nearest labelled questions that vote…
AGREE = 2  # …and how many of them (the nearest among them) must name the same answer
SMOOTHING = 0.5  # added to every word count when the words' odds are estimated
MIN_LOG_ODDS = 2.0  # a found card's words must be this much likelier (natural log) than an unheld metric's


def exemplar_text(text: str) -> str:
    """The form a question is embedded and indexed in (the meaning step's: folded, shorthand written out)."""
    return normalise(text)[:EMBED_CHARS]


@dataclass(frozen=True)
class Exemplar:
    """A labelled question: `kpi` is the card id it should get, None for no card."""

    id: str
    text: str
    kpi: str | None


def _z(scores: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    spread = float(scores.std())
    return (scores - scores.mean()) / spread if spread > 0 else np.zeros_like(scores)


class ExemplarMemory:
    """Labelled questions with their vectors (rows in the same order); see the module docstring."""

    def __init__(self, exemplars: Sequence[Exemplar], vectors: npt.NDArray[np.float32]) -> None:
        if len(exemplars) != len(vectors):
            raise ValueError(f"{len(exemplars)} exemplars but {len(vectors)} vectors")
        self.exemplars = tuple(exemplars)
        rows = np.asarray(vectors, dtype=np.float32).reshape(len(self.exemplars), -1)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        self._vectors = (rows / np.where(norms > 0, norms, 1)).astype(np.float32)
        self._lock = threading.Lock()
        self._index: LexicalIndex | None = None
        self._terms: list[frozenset[str]] | None = None
        self._unheld: tuple[Counter[str], int] | None = None
        self._cards: dict[str, tuple[Counter[str], int]] = {}

    def __len__(self) -> int:
        return len(self.exemplars)

    @property
    def vectors(self) -> npt.NDArray[np.float32]:
        """The exemplars' vectors (unit length), one row each."""
        return self._vectors

    # ----- nearest labelled questions --------------------------------------------------------------------
    def nearest(self, text: str, vector: npt.NDArray[np.float32] | None, n: int = VOTERS) -> list[Exemplar]:
        """The `n` labelled questions closest to the text (its embedding and its words together), nearest
        first. Without a vector the words alone decide."""
        if not self.exemplars or n <= 0:
            return []
        lexical = self._lexical().scores(exemplar_text(text))
        fused = LEXICAL_WEIGHT * _z(lexical)
        if vector is not None:
            query = np.asarray(vector, dtype=np.float32)
            norm = float(np.linalg.norm(query))
            if norm > 0 and query.shape[-1] == self._vectors.shape[1]:
                fused = fused + _z(self._vectors @ (query / norm))
        order = np.argsort(-fused, kind="stable")[:n]
        return [self.exemplars[int(i)] for i in order]

    def vote(self, text: str, vector: npt.NDArray[np.float32] | None) -> tuple[bool, str | None]:
        """(whether the nearest labelled questions agree, the answer they agree on: a card id or None). They
        agree when the nearest and at least AGREE of the VOTERS nearest hold the same label."""
        voters = self.nearest(text, vector, VOTERS)
        if not voters:
            return False, None
        label = voters[0].kpi
        return sum(e.kpi == label for e in voters) >= AGREE, label

    # ----- does a card's vocabulary fit the question better than unheld metrics'? -----------------------------
    def log_odds(self, entry: KpiEntry, text: str) -> float:
        """How much likelier the question's words are among the card's (its names, definition, answers and
        the questions labelled with it) than among questions about metrics the catalogue lacks (labelled
        none, asking for a metric), in natural log: a naive Bayes comparison of which words occur, each
        word counted once per text, counts smoothed by SMOOTHING. Words neither side uses count for nothing."""
        card_counts, card_docs = self._card(entry)
        unheld_counts, unheld_docs = self._unheld_metrics()
        total = 0.0
        for term in _terms(text):
            mine, theirs = card_counts.get(term, 0), unheld_counts.get(term, 0)
            if mine or theirs:
                total += math.log((mine + SMOOTHING) / (card_docs + 2 * SMOOTHING))
                total -= math.log((theirs + SMOOTHING) / (unheld_docs + 2 * SMOOTHING))
        return total

    def unheld(self, entry: KpiEntry, text: str, vector: npt.NDArray[np.float32] | None) -> bool:
        """Whether a card found by meaning is more likely a metric the catalogue lacks: its words fit questions
        about those less than MIN_LOG_ODDS better than the card, and the nearest labelled question wanted
        no card (both; see the module docstring)."""
        if not any(e.kpi is None for e in self.exemplars) or self.log_odds(entry, text) >= MIN_LOG_ODDS:
            return False
        nearest = self.nearest(text, vector, 1)
        return bool(nearest) and nearest[0].kpi is None

    # ----- lazily built parts ---------------------------------------------------------------------------
    def _lexical(self) -> LexicalIndex:
        with self._lock:
            if self._index is None:
                from knowledge.glossary import default_glossary
                from knowledge.lexical import LexicalIndex

                self._index = LexicalIndex([exemplar_text(e.text) for e in self.exemplars], default_glossary())
            return self._index

    def _exemplar_terms(self) -> list[frozenset[str]]:
        with self._lock:
            if self._terms is None:
                self._terms = [_terms(e.text) for e in self.exemplars]
            return self._terms

    def _unheld_metrics(self) -> tuple[Counter[str], int]:
        if self._unheld is None:
            rows = [terms for e, terms in zip(self.exemplars, self._exemplar_terms(), strict=True)
                    if e.kpi is None and metric_cue(e.text) is not None]
            self._unheld = _document_counts(rows), len(rows)
        return self._unheld

    def _card(self, entry: KpiEntry) -> tuple[Counter[str], int]:
        found = self._cards.get(entry.id)
        if found is None:
            own = (entry.name_ja, entry.name_en, *entry.aliases, entry.definition_ja, entry.definition_en,
                   *entry.answers_ja, *entry.answers_en)
            rows = [_terms(text) for text in own]
            rows += [terms for e, terms in zip(self.exemplars, self._exemplar_terms(), strict=True)
                     if e.kpi == entry.id]
            found = self._cards[entry.id] = (_document_counts(rows), len(rows))
        return found


def _terms(text: str) -> frozenset[str]:
    """The words BM25 indexes (Japanese bigrams, English stems, glossary concepts), each once."""
    from knowledge.glossary import default_glossary
    from knowledge.lexical import index_terms

    return frozenset(index_terms(exemplar_text(text), default_glossary()))


def _document_counts(rows: Iterable[frozenset[str]]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for terms in rows:
        counts.update(terms)
    return counts


class ExemplarCatalogue(KpiCatalogue):
    """The shipped look-up (knowledge.kpi_catalogue) with an exemplar memory consulted where it is unsure (see the
    module docstring). `ExemplarCatalogue.load()` reads the packaged catalogue; set `memory` before use."""

    memory: ExemplarMemory | None = None

    def lookup(self, text: str) -> KpiEntry | None:
        found = super().lookup(text)
        if found is not None or self.memory is None:
            return found
        text = text[:MAX_QUERY_CHARS]
        reason = unanswerable_reason(text)
        if reason is not None and not (reason == "own_data" and asks_metric_name(text)):
            return None  # refused before the rules ran: the same test as the rules'
        kept = set_aside(text)
        aside = "".join(" " if ch == left else ch for ch, left in zip(normalize("NFKC", text), kept, strict=True))
        return self._recalled(kept, aside)

    def _by_meaning(self, text: str, aside: str = "") -> KpiEntry | None:
        found = super()._by_meaning(text, aside)
        if found is not None and self.memory is not None and self.memory.unheld(found, text, self._vector(text)):
            return None  # a metric the catalogue lacks, by its words and by the nearest labelled question
        return found

    def _recalled(self, text: str, aside: str) -> KpiEntry | None:
        """The card the nearest labelled questions agree on, for a question the rules answered with none."""
        if self.memory is None:
            return None
        if self.match(text) is None and (asks_for_advice(text) or metric_cue(text) is None):
            return None
        if about_stages(text) or about_mapping(text):
            return None
        agreed, kpi_id = self.memory.vote(text, self._vector(text))
        entry = self.get(kpi_id) if agreed and kpi_id is not None else None
        if entry is None or not self._measures(entry, text, aside) or not self._knows_names(entry, text):
            return None
        return None if self._neighbour(entry, text) else entry

    def _vector(self, text: str) -> npt.NDArray[np.float32] | None:
        """The question's vector as the meaning step computes it (None without a model)."""
        model = self._meaning._query_vector
        return None if model is None else model(exemplar_text(text))
