"""KPI cards ranked by what a question means, for questions that name no KPI.

"How much does it cost us to win one new customer — which metric?" names no alias, but it asks what
the CAC card answers. Each card is read in two ways and the two are fused:
- lexically: BM25 (the knowledge base's own: Japanese bigrams, English stems, glossary concepts) over
  the card's names, definitions, formulas and `answers_*` (the questions the metric answers, in plain
  words), so shared words count;
- by meaning: the multilingual embedding of the question against each card's definition and answers,
  so "how fast we close a ticket" meets "time to solve a customer's problem" without a shared word.
  A card is embedded whole (name, definition and answers: its overall topic) and each of its answers
  on its own (one way people put it: "LPに来てすぐ帰っちゃう"); its score is the mean of the whole card's
  similarity and its closest answer's, so a question phrased like one answer is not drowned by the
  rest of the card, and a card with one odd answer does not win on that alone.
  The vectors are precomputed (`make kb-vectors` → knowledge/index/kpi_vectors.*); only the
  question is embedded, and only when no alias matched (`journeybot kpi NPS` never loads the model).
Both scores are standardised over the catalogue (z-scores) before they are added, so neither scale
dominates; a card is returned only when it stands out from the rest and from the runner-up — unless the
runner-up is a card it is easily confused with and the question's words tell the two apart
(knowledge.kpi_contrast). Without the shipped vectors (a catalogue of one's own, or vectors out of
date) the lexical half works alone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.kpi_contrast import confusable, count, negated_only, prefer, says_plainly, terms_against
from knowledge.kpi_frame import SHARE_OF, RatioFrame, formula_frame, question_frame
from knowledge.kpi_quantity import COUNT, MULTIPLE, RANK, SHARE, TIME, asked_kind, fits
from knowledge.kpi_question import DESCRIBED, NAMED, metric_cue, normalise

if TYPE_CHECKING:  # numpy loads only when a question is ranked: `journeybot kpi NPS` never pays for it
    import numpy as np
    import numpy.typing as npt

    from knowledge.kpi_catalogue import KpiEntry
    from knowledge.lexical import LexicalIndex

__all__ = [
    "BARS", "FRAME_VECTOR_NAME", "PLACED", "UNCUED", "Bar", "KpiMeaning", "card_frames", "card_texts", "embedded_texts",
    "frame_texts", "lexical_card", "phrase_texts", "zscores",
]

VECTOR_NAME = "kpi_vectors"
LEXICAL_WEIGHT = 0.5  # the lexical z-score counts half as much as the embedding's
EMBED_CHARS = 240  # longer input is cut before embedding (cost grows with it: ~50 ms in English, ~150 ms in Japanese)
CARD_WEIGHT = 0.5  # the whole card's similarity against its closest answer's (see the module docstring)
# Two confusable cards this close (in fused z) are told apart by the question's words, the top three at most.
# (1.0 until the cards got their second and third authors' answers: more answers per card spread the close cards
# further apart by meaning, and the embedding cannot tell "買わずに" from "買った"; 1.5 on the tuning halves.)
CONTRAST_WINDOW = 1.5
CONTRAST_DEPTH = 3
# A card whose distinguishing words the question holds only negated ("退会せずに続けている", "never cancelled") gives
# way to a confusable rival whose own words it holds, up to this far behind (the embedding reads the negated word as
# the card's own: 4 z behind on a plain sentence); the rival must also be among the top CONTRAST_DEPTH + 1.
NEGATION_WINDOW = 5.0
# ... and up to this far behind when the question holds none of the top card's words at all and some of the rival's
# ("cost of acquiring one customer through paid search": customer, not lead; 1.6 z behind by meaning). On the tuning
# halves 1.5-2.5 change nothing there and 4.0 breaks two answers (whose gaps were 2.5 and 4.0): 2.0 keeps a margin.
ONLY_RIVAL_WINDOW = 2.0
# A card named in a question gives way to a confusable card only when that one is this far ahead by meaning.
RIVAL_MARGIN = 1.0
# The ratio frame (knowledge.kpi_frame): how much the match of the question's counted part and base with a card's
# counts, as a z-score added to the fused one; where a card without a ratio stands on that scale (below the
# average card that has one); and how much a question's roles matching the card's the wrong way round (the
# amount spent as the base, as in ROAS, where the question spends per lead) counts against it. Chosen on the
# tuning halves, leave-one-round-out (scripts/eval/loro_kpi.py): 0.5 and 0.5; 1.0 broke more than it fixed.
FRAME_WEIGHT = 0.5
FRAME_UNFRAMED = -1.0
FRAME_SWAP = 0.5
FRAME_VECTOR_NAME = "kpi_frame_vectors"


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
# A phrase naming a KPI without asking anything of it ("購入後アンケートの満足度") is about that KPI only when its
# meaning alone puts the card far above the rest; the lexical half alone is never evidence enough.
UNCUED = Bar(min_z=6.0, min_gap=2.5, min_score=float("inf"))
# A question that also speaks of the map or its stages ("…の割合、「継続」フェーズに置く指標名は?") gets a card only
# when what it says besides the map (knowledge.kpi_question.off_the_map) puts one card clearly above the rest: the
# bar of a described quantity (the map clauses are already set aside; z 5.0 and gap 2.5 refused a plain "what % of
# visitors to the booking site complete a reservation" said for the purchase stage). Below it, workshop logistics
# ("付箋どのくらい用意すれば") began to get cards on the tuning halves.
PLACED = Bar(min_z=3.5, min_gap=1.0, min_score=float("inf"))
# Cards kept by `rank` for a "did you mean…" reply without sharing a word with the question.
MIN_Z_RANK = 2.5


def lexical_card(entry: KpiEntry) -> str:
    """The words of a card the lexical half indexes."""
    return "\n".join([entry.name_ja, entry.name_en, *entry.aliases, entry.definition_ja, entry.definition_en,
                      entry.formula_ja, entry.formula_en, *entry.answers_ja, *entry.answers_en])


def card_texts(entry: KpiEntry) -> tuple[str, str]:
    """The passages embedded for a card (Japanese, English): its name, definition and what it answers."""
    return (f"{entry.name_ja}: {entry.definition_ja} {' '.join(entry.answers_ja)}",
            f"{entry.name_en}: {entry.definition_en} {' '.join(entry.answers_en)}")


def phrase_texts(entry: KpiEntry) -> tuple[str, ...]:
    """The card's answers, each embedded on its own (see the module docstring)."""
    return (*entry.answers_ja, *entry.answers_en)


def embedded_texts(entry: KpiEntry) -> tuple[str, ...]:
    """Every text of the card that has a vector in knowledge/index/kpi_vectors.*."""
    return (*card_texts(entry), *phrase_texts(entry))


def card_frames(entry: KpiEntry) -> tuple[RatioFrame, ...]:
    """The card's ratio roles, from its formulas (English, Japanese); none for a card that divides nothing."""
    return tuple(f for f in (formula_frame(entry.formula_en), formula_frame(entry.formula_ja)) if f is not None)


def frame_texts(entry: KpiEntry) -> tuple[str, ...]:
    """The role texts of the card with a vector in knowledge/index/kpi_frame_vectors.* (embedded as queries, as
    a question's roles are: short phrases compared with short phrases)."""
    return tuple(text for frame in card_frames(entry) for text in (frame.counted, frame.base))


def zscores(scores: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Scores in standard deviations from their mean (all zero when they do not vary)."""
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
        phrase_vectors: npt.NDArray[np.float32] | None = None,
        frame_vectors: npt.NDArray[np.float32] | None = None,
    ) -> None:
        """`vectors` (2 rows per entry: ja, en) and `phrase_vectors` (one row per answer, in `phrase_texts`
        order) default to the shipped ones when they match the cards; `query_vector=None` keeps the
        ranking lexical. Given `vectors` without `phrase_vectors`, each card is scored as a whole.
        `frame_vectors` (one row per role text, in `frame_texts` order) default to the shipped ones when the
        card vectors are the shipped ones; without them the ratio frame is not scored."""
        self.entries = tuple(entries)
        self._query_vector = query_vector
        self._vectors = vectors
        self._phrases = phrase_vectors
        self._vectors_loaded = vectors is not None
        self._index: LexicalIndex | None = None
        self._owners = [i for i, e in enumerate(self.entries) for _ in phrase_texts(e)]
        self._last_query: tuple[str, npt.NDArray[np.float32]] | None = None
        self._frames = [card_frames(e) for e in self.entries]
        self._role_rows: dict[str, npt.NDArray[np.float32]] | None = None
        if frame_vectors is not None:
            texts = [text for e in self.entries for text in frame_texts(e)]
            self._role_rows = dict(zip(texts, frame_vectors, strict=True))

    def _lexical(self) -> LexicalIndex:
        if self._index is None:
            from knowledge.glossary import default_glossary
            from knowledge.lexical import LexicalIndex

            self._index = LexicalIndex([lexical_card(e) for e in self.entries], default_glossary())
        return self._index

    def _card_vectors(self) -> npt.NDArray[np.float32] | None:
        """The shipped card vectors when every card's texts have one (else None: lexical only)."""
        if not self._vectors_loaded:
            self._vectors_loaded = True
            from knowledge.vector_cache import shipped_matrices

            found = shipped_matrices(VECTOR_NAME, [text for e in self.entries for text in card_texts(e)],
                                     [text for e in self.entries for text in phrase_texts(e)])
            if found is not None:
                self._vectors, self._phrases = found
                self._role_rows = self._role_rows or self._shipped_roles()
        return self._vectors

    def _shipped_roles(self) -> dict[str, npt.NDArray[np.float32]] | None:
        """The shipped vectors of the cards' ratio roles, by text, when every card's roles have one."""
        from knowledge.vector_cache import shipped_matrices

        texts = list(dict.fromkeys(text for e in self.entries for text in frame_texts(e)))
        found = shipped_matrices(FRAME_VECTOR_NAME, texts) if texts else None
        return dict(zip(texts, found[0], strict=True)) if found is not None else None

    def query_vector(self, text: str) -> npt.NDArray[np.float32] | None:
        """The question's vector (None without a model); the last one is kept, so that the unheld metrics
        (knowledge.kpi_unheld) compared with a card found for the same question cost no second embedding."""
        if self._query_vector is None:
            return None
        cut = text[:EMBED_CHARS]
        last = self._last_query
        if last is not None and last[0] == cut:
            return last[1]
        vector = self._query_vector(cut)
        self._last_query = (cut, vector)
        return vector

    def semantic(self, text: str) -> npt.NDArray[np.float32] | None:
        """Every card's similarity to the text by meaning (before standardising), or None without vectors."""
        return self._semantic(text)

    def _semantic(self, text: str) -> npt.NDArray[np.float32] | None:
        vectors = self._card_vectors() if self._query_vector is not None else None
        if vectors is None or self._query_vector is None:
            return None
        import numpy as np

        query = self.query_vector(text)
        if query is None:
            return None
        whole = (vectors @ query).reshape(len(self.entries), 2).max(axis=1)
        if self._phrases is None or not len(self._owners):
            return np.asarray(whole, dtype=np.float32)
        closest = np.full(len(self.entries), -np.inf, dtype=np.float32)
        np.maximum.at(closest, self._owners, self._phrases @ query)
        closest = np.where(np.isfinite(closest), closest, whole)  # a card without answers: as a whole
        return np.asarray(CARD_WEIGHT * whole + (1 - CARD_WEIGHT) * closest, dtype=np.float32)

    def scores(
        self, text: str, *, by_meaning: bool = True
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], bool]:
        """Every card's score for the text, its lexical score, and whether the first is the fused one
        (`by_meaning=False`: lexical alone, no embedding)."""
        lexical = self._lexical().scores(text)
        semantic = self._semantic(text) if by_meaning and lexical.size and text.strip() else None
        if semantic is None:
            return lexical, lexical, False
        fused = zscores(semantic) + LEXICAL_WEIGHT * zscores(lexical)
        roles = self.frame_scores(text)
        if roles is not None:
            fused = fused + FRAME_WEIGHT * roles
        return fused, lexical, True

    def _aligned(self, counted: npt.NDArray[np.float32], base: npt.NDArray[np.float32], frame: RatioFrame,
                 roles: dict[str, npt.NDArray[np.float32]]) -> float:
        """The question's roles against a card's, each against its own; matching the other role counts against."""
        own_counted, own_base = roles[frame.counted], roles[frame.base]
        aligned = float(counted @ own_counted) + float(base @ own_base)
        swapped = float(counted @ own_base) + float(base @ own_counted)
        return aligned - FRAME_SWAP * swapped

    def frame_scores(self, text: str) -> npt.NDArray[np.float32] | None:
        """How well each card's ratio roles (knowledge.kpi_frame) match the question's, as z-scores over the cards
        with a ratio of the shape asked for (a share card for "of everyone who …, how many …"); the others get
        FRAME_UNFRAMED. None when the question has no ratio frame, asks for a duration, a count or a rank (no
        ratio, whatever its wording), or there are no role vectors."""
        import numpy as np

        frame = question_frame(text)
        if frame is None or asked_kind(text) in (TIME, COUNT, RANK):
            return None
        roles = self._role_rows if self._card_vectors() is not None else None
        if roles is None or self._query_vector is None:
            return None
        counted, base = self._query_vector(frame.counted), self._query_vector(frame.base)
        raw = np.full(len(self.entries), np.nan, dtype=np.float32)
        for i, frames in enumerate(self._frames):
            if frames and (frame.shape != SHARE_OF or self.entries[i].quantity in ("", SHARE, MULTIPLE)):
                raw[i] = max(self._aligned(counted, base, f, roles) for f in frames)
        framed = ~np.isnan(raw)
        if not framed.any():
            return None
        scores = np.full(len(self.entries), FRAME_UNFRAMED, dtype=np.float32)
        scores[framed] = zscores(raw[framed])
        return scores

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

        scores, fused = self._fitting_scores(text)
        if not scores.size:
            return None
        order = np.argsort(-scores, kind="stable")
        top = float(scores[order[0]])
        second = float(scores[order[1]]) if len(order) > 1 else float("-inf")
        if not fused:
            if top < bar.min_score or top < MARGIN * second:
                return None
            return self.entries[int(order[0])]
        if top < bar.min_z:
            return None
        chosen, decided = self._told_apart(text, [int(i) for i in order[: CONTRAST_DEPTH + 1]], scores)
        if not decided and top - second < bar.min_gap:
            return None
        return chosen

    def _fitting_scores(self, text: str) -> tuple[npt.NDArray[np.float32], bool]:
        """Every card's score (fused when vectors are available), with the cards that cannot be the kind of
        number the question asks for (knowledge.kpi_quantity) put below all others: they cannot win."""
        scores, _, fused = self.scores(normalise(text))
        asked = asked_kind(text) if scores.size else None
        unfit = [i for i, entry in enumerate(self.entries) if not fits(entry.quantity, asked)]
        if unfit:
            scores = scores.copy()
            scores[unfit] = scores.min() - 1.0 if fused else 0.0
        return scores, fused

    def nearer(self, text: str, one: KpiEntry, other: KpiEntry) -> KpiEntry:
        """Whichever of two cards the text's words tell apart (when they are easily confused) or its meaning puts
        higher (the first named on a tie, or without vectors)."""
        told = prefer(text, one, other) if confusable(one, other) else None
        if told is not None:
            return told
        scores, fused = self._fitting_scores(text)
        if not fused:
            return one
        index = {e.id: i for i, e in enumerate(self.entries)}
        return other if float(scores[index[other.id]]) > float(scores[index[one.id]]) else one

    def clearly_first(self, text: str, entry: KpiEntry, over: KpiEntry) -> bool:
        """Whether `entry` is the card closest to the text by meaning and stands RIVAL_MARGIN above `over`
        (False without vectors: words alone are no evidence against a name). A card that cannot be the kind
        of number asked for (a count, for "how many visitors go on to buy") is never first."""
        import numpy as np

        scores, fused = self._fitting_scores(text)
        if not fused:
            return False
        index = {e.id: i for i, e in enumerate(self.entries)}
        mine, theirs = float(scores[index[entry.id]]), float(scores[index[over.id]])
        return int(np.argmax(scores)) == index[entry.id] and mine - theirs >= RIVAL_MARGIN

    def _told_apart(
        self, text: str, order: list[int], scores: npt.NDArray[np.float32]
    ) -> tuple[KpiEntry, bool]:
        """The top card, or a close confusable runner-up the question's words point to instead; and whether
        the words decided between them (then the runner-up's closeness is no reason to doubt)."""
        chosen, decided = self.entries[order[0]], False
        for i in order[1:]:
            gap = float(scores[order[0]] - scores[i])
            rival = self.entries[i]
            if gap > CONTRAST_WINDOW:
                # what tells the top card apart is only ever negated in the question ("退会せずに続けている"), or
                # (within ONLY_RIVAL_WINDOW) absent, and the rival's own words are there un-negated: the question
                # says the rival's detail and nothing of the top card's ("cost of acquiring one customer" over leads)
                window = NEGATION_WINDOW if negated_only(text, terms_against(chosen, rival.id)) else (
                    ONLY_RIVAL_WINDOW if not count(text, terms_against(chosen, rival.id)) else 0.0)
                if gap <= window and chosen is self.entries[order[0]] and confusable(chosen, rival) and (
                    says_plainly(text, terms_against(rival, chosen.id))
                ):
                    chosen, decided = rival, True
                continue
            # each close rival in turn against the card chosen so far: the top card beating the runner-up by
            # words does not settle a third card the words point to over both (order value vs revenue per user,
            # then vs lifetime value)
            if confusable(chosen, rival) and (pick := prefer(text, chosen, rival)) is not None:
                chosen, decided = pick, True
        if decided and chosen is not self.entries[order[0]]:
            # a card the words chose is held against the close rivals met before it too ("fix it in one go": the
            # resolution time chosen over the first reply is itself told from first-contact resolution)
            for i in order[1:]:
                rival = self.entries[i]
                if rival is chosen or float(scores[order[0]] - scores[i]) > CONTRAST_WINDOW:
                    continue
                if confusable(chosen, rival) and prefer(text, chosen, rival) is rival:
                    chosen = rival
        return chosen, decided
