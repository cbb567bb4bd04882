"""Metrics the KPI catalogue does not hold (`unheld_metrics.yaml`): a negative catalogue.

A question about cost per click, a hotel's occupancy or staff turnover is close in meaning to some card (the
CTR, the retention rate…), and the meaning step would hand that card out. Knowing the metrics we do NOT hold,
by name and by what they measure, lets the look-up (knowledge.kpi_catalogue) say "none" instead:
- by name: "CPCって何?", "what is RevPAR" name an unheld metric; "email bounce rate" and "従業員定着率" hold a
  card's name ("bounce rate", "定着率") inside a longer unheld one, which is what they name;
- by meaning: a card found by closeness of meaning gives way when the question's words and meaning fit an unheld
  metric clearly better (`UnheldMeaning.closer`), measured with the meaning step's own machinery — the same
  embedding (each metric whole and each of its descriptions, precomputed in knowledge/index/unheld_vectors.*)
  and BM25 — over the cards and the unheld metrics together, so that both are on one scale.
It generalises a card's own `not_for` words, which stay. The "not a KPI I know" reply can say which unheld
metric a miss sounds like (`UnheldMeaning.described`).

Names are indexed as match keys only; their patterns are compiled when a question holds the name's first word
(a few thousand patterns compiled at start-up would cost ~0.2 s of every `journeybot kpi NPS`). The vectors and
the lexical index are built on first use by meaning, never for a question naming a card.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge.kpi_matching import match_key
from knowledge.kpi_question import normalise
from knowledge.yaml_text import load_yaml

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from knowledge.kpi_catalogue import KpiEntry
    from knowledge.kpi_meaning import KpiMeaning
    from knowledge.kpi_subject import SubjectWords
    from knowledge.lexical import LexicalIndex

__all__ = [
    "UNHELD_FILE", "UNHELD_MARGIN", "UNHELD_MIN_Z", "VECTOR_NAME", "UnheldError", "UnheldMeaning", "UnheldMetric",
    "embedded_texts", "load_unheld",
]  # fmt: skip

UNHELD_FILE = "unheld_metrics.yaml"
VECTOR_NAME = "unheld_vectors"
# A card found by meaning gives way when the best unheld metric's fused score (z over cards and unheld metrics
# together) is at least this far above the card's. Chosen on the tuning halves (scripts/eval/README.md): 2.0 while
# cards had ~8 answers per language and unheld metrics 1–2; 1.0 since cards have ~20 and unheld metrics ~5 (a card
# with more answers has more chances of one close answer, which the margin must not reward).
UNHELD_MARGIN = 1.0
# The "not a KPI I know" reply names an unheld metric described (not named) only when it stands this far above
# the catalogue's mean and above every card by UNHELD_MARGIN.
UNHELD_MIN_Z = 3.0


class UnheldError(ValueError):
    """The unheld-metrics file is malformed."""


@dataclass(frozen=True)
class UnheldMetric:
    """A metric the catalogue does not hold: its names and plain descriptions of what it measures."""

    id: str
    name_ja: str
    name_en: str
    aliases: tuple[str, ...]
    answers_ja: tuple[str, ...]
    answers_en: tuple[str, ...]
    # What kind of number it is (knowledge.kpi_quantity), "" when it is no one kind: as a card's `quantity`.
    quantity: str = ""
    # Words one of which any description of it holds (empty: none needed). A return after a gap is told by the gap or
    # the return ("lapsed", "came back", 休眠); without them "players still logging in on day 30" is retention, however
    # near in meaning "players back after 30 days away" is.
    requires: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> UnheldMetric:
        from knowledge.kpi_quantity import KINDS

        values: dict[str, Any] = {}
        for spec in fields(cls):
            value = raw.get(spec.name)
            if spec.name == "requires" and value is None:
                values[spec.name] = ()
            elif spec.name == "quantity":
                if value not in (None, "", *KINDS):
                    raise UnheldError(f"unheld metric {raw.get('id')!r}: quantity must be one of {sorted(KINDS)}")
                values[spec.name] = value or ""
            elif spec.type == "str":
                if not isinstance(value, str) or not value.strip():
                    raise UnheldError(f"unheld metric {raw.get('id')!r}: {spec.name} must be a non-empty string")
                values[spec.name] = value.strip()
            else:
                if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip()
                                                                       for v in value):
                    raise UnheldError(f"unheld metric {raw.get('id')!r}: {spec.name} must be a list of strings")
                values[spec.name] = tuple(v.strip() for v in value)
        return cls(**values)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_ja

    def names(self) -> tuple[str, ...]:
        return (self.name_ja, self.name_en, *self.aliases)


def load_unheld(path: str | Path | None = None) -> tuple[UnheldMetric, ...]:
    """The unheld metrics in a YAML file; by default the one shipped inside the `knowledge` package."""
    if path is None:
        text = resources.files("knowledge").joinpath(UNHELD_FILE).read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data = load_yaml(text)
    if not isinstance(data, dict) or not isinstance(data.get("unheld"), list):
        raise UnheldError("the unheld-metrics file must be a mapping with an `unheld` list")
    metrics = tuple(UnheldMetric.from_mapping(raw) for raw in data["unheld"])
    if len({m.id for m in metrics}) != len(metrics):
        raise UnheldError("unheld metric ids must be unique")
    return metrics


def whole_texts(metric: UnheldMetric) -> tuple[str, str]:
    """The passages embedded for a metric as a whole (Japanese, English): its name and descriptions."""
    return (f"{metric.name_ja}: {' '.join(metric.answers_ja)}", f"{metric.name_en}: {' '.join(metric.answers_en)}")


def phrase_texts(metric: UnheldMetric) -> tuple[str, ...]:
    """Each description, embedded on its own (as a card's answers are)."""
    return (*metric.answers_ja, *metric.answers_en)


def embedded_texts(metric: UnheldMetric) -> tuple[str, ...]:
    """Every text of the metric that has a vector in knowledge/index/unheld_vectors.*."""
    return (*whole_texts(metric), *phrase_texts(metric))


def lexical_text(metric: UnheldMetric) -> str:
    return "\n".join([*metric.names(), *metric.answers_ja, *metric.answers_en])


# A Latin abbreviation joined to a Japanese noun ("CAC回収期間") is as often typed with の between ("CACの回収期間").
_LATIN_THEN_JA = re.compile(r"^([a-z0-9]+)([\u3040-\u30ff\u3400-\u9fff].*)$")


def key_names(metric: UnheldMetric) -> list[str]:
    """The metric's names as match keys (id aside: ids are not what people type), with の between a Latin
    abbreviation and the Japanese noun it qualifies as a second spelling."""
    keys = [match_key(name) for name in metric.names()]
    keys += [f"{m.group(1)}の{m.group(2)}" for key in keys if (m := _LATIN_THEN_JA.match(key))]
    return [key for key in dict.fromkeys(keys) if key]


class UnheldMeaning:
    """The cards and the unheld metrics scored together for a question, on one scale (see the module docstring)."""

    def __init__(
        self,
        metrics: Sequence[UnheldMetric],
        meaning: KpiMeaning,
        *,
        vectors: npt.NDArray[np.float32] | None = None,
        phrase_vectors: npt.NDArray[np.float32] | None = None,
        subjects: SubjectWords | None = None,
    ) -> None:
        """`vectors` (2 rows per metric: ja, en) and `phrase_vectors` (one row per description, in
        `phrase_texts` order) default to the shipped ones when they match the metrics. `subjects` (the catalogue's
        subject words, knowledge.kpi_subject) tell which metrics are about someone other than customers."""
        self.metrics = tuple(metrics)
        self._subjects = subjects
        # metrics whose own names and descriptions speak of staff, machines, stock, the books… and of no customer
        self._not_customers = [bool(subjects.of(lexical_text(m))) for m in self.metrics] if subjects else []
        self._meaning = meaning
        self._vectors = vectors
        self._phrases = phrase_vectors
        self._loaded = vectors is not None
        self._index: LexicalIndex | None = None
        self._owners = [i for i, m in enumerate(self.metrics) for _ in phrase_texts(m)]

    def _lexical(self) -> LexicalIndex:
        if self._index is None:
            from knowledge.glossary import default_glossary
            from knowledge.kpi_meaning import lexical_card
            from knowledge.lexical import LexicalIndex

            texts = [lexical_card(e) for e in self._meaning.entries] + [lexical_text(m) for m in self.metrics]
            self._index = LexicalIndex(texts, default_glossary())
        return self._index

    def _metric_vectors(self) -> npt.NDArray[np.float32] | None:
        if not self._loaded:
            self._loaded = True
            from knowledge.vector_cache import shipped_matrices

            found = shipped_matrices(VECTOR_NAME, [t for m in self.metrics for t in whole_texts(m)],
                                     [t for m in self.metrics for t in phrase_texts(m)])
            if found is not None:
                self._vectors, self._phrases = found
        return self._vectors

    def scores(self, text: str) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]] | None:
        """The fused scores of every card and every unheld metric for the text (z-scores over all of them
        together, as the meaning step fuses a card's), or None without vectors: words alone do not decide
        that a question is about a metric we lack."""
        import numpy as np

        from knowledge.kpi_meaning import CARD_WEIGHT, LEXICAL_WEIGHT, zscores

        text = normalise(text)
        cards = self._meaning.semantic(text)
        vectors = self._metric_vectors() if cards is not None and self.metrics else None
        query = self._meaning.query_vector(text) if vectors is not None else None
        if cards is None or vectors is None or query is None:
            return None
        whole = (vectors @ query).reshape(len(self.metrics), 2).max(axis=1)
        closest = np.full(len(self.metrics), -np.inf, dtype=np.float32)
        if self._phrases is not None and self._owners:
            np.maximum.at(closest, self._owners, self._phrases @ query)
        closest = np.where(np.isfinite(closest), closest, whole)
        unheld = CARD_WEIGHT * whole + (1 - CARD_WEIGHT) * closest
        semantic = np.concatenate([cards, unheld]).astype(np.float32)
        lexical = self._lexical().scores(text)
        fused = zscores(semantic) + LEXICAL_WEIGHT * zscores(lexical)
        n = len(cards)
        return fused[:n], fused[n:]

    def _fitting(
        self, text: str, cards: npt.NDArray[np.float32], unheld: npt.NDArray[np.float32]
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        """The scores with every metric that cannot be the kind of number the question asks for (a count, for
        "the average minutes from … until …") put out of the running, as the meaning step does with cards, and
        with the metrics of someone other than customers out of it when the question names customers."""
        import numpy as np

        from knowledge.kpi_contrast import count
        from knowledge.kpi_quantity import asked_kind, fits

        # a metric whose telling words the question lacks is not what it describes
        unheld = np.where([bool(m.requires) and not count(text, m.requires) for m in self.metrics], -np.inf,
                          unheld).astype(np.float32)
        if self._subjects is not None and any(self._not_customers) and self._subjects.names_customer(text):
            # a question about customers ("members who stayed to the end of the year") is not about a metric of
            # staff or machines however alike the wording ("employees who stayed…"): whom it measures decides
            unheld = np.where(self._not_customers, -np.inf, unheld).astype(np.float32)
        asked = asked_kind(text)
        if asked is None:
            return cards, unheld
        unheld = np.where([fits(m.quantity, asked) for m in self.metrics], unheld, -np.inf).astype(np.float32)
        cards = np.where([fits(e.quantity, asked) for e in self._meaning.entries], cards, -np.inf).astype(np.float32)
        return cards, unheld

    def closer(
        self, text: str, card: KpiEntry, *, metric: UnheldMetric | None = None, margin: float = UNHELD_MARGIN
    ) -> UnheldMetric | None:
        """The unheld metric the text describes better than `card` by `margin` — the best one, or `metric` when
        given (one the question names) — or None."""
        import numpy as np

        found = self.scores(text)
        if found is None:
            return None
        cards, unheld = self._fitting(text, *found)
        from knowledge.kpi_meaning import FRAME_WEIGHT

        # how the question's number is built (knowledge.kpi_frame) is evidence for a card whose formula has that
        # shape; unheld metrics have no formula, so they stand where the average card with a ratio does
        roles = self._meaning.frame_scores(normalise(text))
        if roles is not None:
            cards = cards + FRAME_WEIGHT * roles
        index = next((i for i, e in enumerate(self._meaning.entries) if e.id == card.id), None)
        if index is None:
            return None
        if metric is not None:
            best = next((i for i, m in enumerate(self.metrics) if m.id == metric.id), -1)
            if best < 0:
                return None
        else:
            best = int(np.argmax(unheld))
        return self.metrics[best] if float(unheld[best] - cards[index]) >= margin else None

    def described(self, text: str) -> UnheldMetric | None:
        """The unheld metric the text describes, when it stands out (UNHELD_MIN_Z) and above every card by
        UNHELD_MARGIN: what a "not a KPI I know" reply can name."""
        import numpy as np

        found = self.scores(text)
        if found is None:
            return None
        cards, unheld = self._fitting(text, *found)
        best = int(np.argmax(unheld))
        top = float(unheld[best])
        if top < UNHELD_MIN_Z or (cards.size and top - float(cards.max()) < UNHELD_MARGIN):
            return None
        return self.metrics[best]
