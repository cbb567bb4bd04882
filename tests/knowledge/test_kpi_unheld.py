"""The negative catalogue (knowledge/unheld_metrics.yaml, knowledge.kpi_unheld): metrics we do NOT hold get no card,
by name or by meaning, and never take a card's place."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from knowledge.chunking import digest
from knowledge.embedding import DEFAULT_EMBEDDING, E5Embeddings
from knowledge.kpi_catalogue import KpiCatalogue, KpiEntry
from knowledge.kpi_matching import match_key, metric_pattern
from knowledge.kpi_meaning import EMBED_CHARS, KpiMeaning
from knowledge.kpi_question import normalise
from knowledge.kpi_subject import SubjectWords
from knowledge.kpi_unheld import (
    UNHELD_MARGIN,
    VECTOR_NAME,
    UnheldError,
    UnheldMeaning,
    UnheldMetric,
    embedded_texts,
    load_unheld,
)
from knowledge.vector_cache import INDEX_DIR, load_vector_cache

_QUERIES: dict[str, np.ndarray] = {}


def _query(text: str) -> np.ndarray:
    """The real model's query vector, each text embedded once for this module."""
    if text not in _QUERIES:
        _QUERIES[text] = _model().query_vector(text)
    return _QUERIES[text]


def _embed_ahead(texts: list[str]) -> None:
    """Embed in batches the texts the look-up will ask for (the same vectors, about twice as fast)."""
    missing = list(dict.fromkeys(t[:EMBED_CHARS] for t in map(normalise, texts) if t[:EMBED_CHARS] not in _QUERIES))
    for start in range(0, len(missing), 16):
        batch = missing[start : start + 16]
        _QUERIES.update(zip(batch, np.atleast_2d(_model()._engine().query(batch)), strict=True))


@cache
def _model() -> E5Embeddings:
    return E5Embeddings()


def _with_query_cache(catalogue: KpiCatalogue) -> KpiCatalogue:
    catalogue._meaning._query_vector = _query  # the same model, memoised: two catalogues embed each text once
    return catalogue


@pytest.fixture(scope="module")
def catalogue() -> KpiCatalogue:
    return _with_query_cache(KpiCatalogue.load())


@pytest.fixture(scope="module")
def without_unheld() -> KpiCatalogue:
    """The shipped cards with an empty negative catalogue: the look-up as it was before it."""
    return _with_query_cache(KpiCatalogue.load(unheld=_empty_unheld_file()))


@cache
def _empty_unheld_file() -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / "none.yaml"
    path.write_text("unheld: []\n", encoding="utf-8")
    return path


# ----- the file itself ---------------------------------------------------------------------------------------
def test_the_shipped_list_is_large_and_says_each_metric_in_both_languages() -> None:
    metrics = load_unheld()
    assert len(metrics) >= 150
    assert len({m.id for m in metrics}) == len(metrics)
    for metric in metrics:
        assert metric.name_ja and metric.name_en and metric.aliases
        assert 1 <= len(metric.answers_ja) <= 6 and 1 <= len(metric.answers_en) <= 6


def test_no_unheld_metric_is_a_card_or_shares_a_name_with_one(catalogue: KpiCatalogue) -> None:
    card_keys = {match_key(n): e.id for e in catalogue for n in (e.id, e.name_ja, e.name_en, *e.aliases)}
    for metric in load_unheld():
        assert catalogue.get(metric.id) is None, metric.id
        shared = [n for n in metric.names() if match_key(n) in card_keys]
        assert not shared, (metric.id, shared)


def test_a_malformed_entry_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "unheld.yaml"
    path.write_text("unheld:\n  - id: x\n    name_ja: X\n    name_en: X\n    aliases: [x]\n    answers_ja: []\n"
                    "    answers_en: [x]\n", encoding="utf-8")
    with pytest.raises(UnheldError):
        load_unheld(path)
    path.write_text("unheld:\n  - id: x\n    name_ja: X\n    name_en: X\n    aliases: [x]\n    answers_ja: [x]\n"
                    "    answers_en: [x]\n    quantity: weight\n", encoding="utf-8")
    with pytest.raises(UnheldError):
        load_unheld(path)
    path.write_text("unheld:\n  - id: x\n    name_ja: X\n    name_en: X\n    aliases: [x]\n    answers_ja: [x]\n"
                    "    answers_en: [x]\n    requires: []\n", encoding="utf-8")
    with pytest.raises(UnheldError):
        load_unheld(path)


def test_the_committed_unheld_vectors_match_the_list() -> None:
    vectors = load_vector_cache(INDEX_DIR, model=DEFAULT_EMBEDDING, name=VECTOR_NAME)
    assert vectors is not None, "knowledge/index/unheld_vectors.* missing: run `make kb-vectors`"
    stale = [m.id for m in load_unheld() for text in embedded_texts(m) if digest(text) not in vectors.rows]
    assert not stale, f"unheld metrics changed since their vectors were computed: run `make kb-vectors` ({stale[:5]})"


# ----- no shadowing of a real card ----------------------------------------------------------------------------
def test_every_card_name_and_alias_still_looks_up_to_its_card(catalogue: KpiCatalogue) -> None:
    wrong = [(entry.id, name, found.id if (found := catalogue.lookup(name)) else None)
             for entry in catalogue for name in (entry.id, entry.name_ja, entry.name_en, *entry.aliases)
             if (found := catalogue.lookup(name)) is None or found.id != entry.id]
    assert not wrong


@pytest.mark.parametrize("part", range(4))  # four parts, so that the test workers share the ~2,600 answers
def test_every_card_answer_that_finds_its_card_still_does(
    catalogue: KpiCatalogue, without_unheld: KpiCatalogue, part: int
) -> None:
    """A card's `answers_*` are how people describe it without its name: the negative catalogue must take none
    of them away (those that found no card before are no concern of it)."""
    entries = list(catalogue)[part::4]
    # Every sixth answer of each card (~430 in all): the full list costs ~90 s of CPU in a one-minute suite.
    _embed_ahead([answer for entry in entries for answer in (*entry.answers_ja, *entry.answers_en)[::6]])
    checked, lost = 0, []
    for entry in entries:
        for answer in (*entry.answers_ja, *entry.answers_en)[::6]:
            before = without_unheld.lookup(answer)
            if before is None or before.id != entry.id:
                continue
            checked += 1
            after = catalogue.lookup(answer)
            if after is None or after.id != entry.id:
                lost.append((entry.id, answer, after.id if after else None))
    assert checked > 40 and not lost


# ----- by name ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "unheld_id"),
    [
        ("CPCって何?", "cost_per_click"),
        ("what is RevPAR?", "revpar"),
        ("ROEの計算方法を教えて", "return_on_equity"),
        ("email bounce rate", "email_bounce_rate"),  # holds the card name "bounce rate"
        ("従業員定着率とは", "employee_retention_rate"),  # holds the card name "定着率"
        ("how do you calculate employee attrition rate?", "employee_turnover_rate"),
        # a word between the name's own ("pages viewed per session"); the name said keeps the question unless a
        # card is closer by meaning
        ("average number of pages viewed per session — which KPI is that", "pages_per_session"),
        # a card's name only guessed for a metric the catalogue lacks
        ("share of table reservations cancelled before the evening — is this churn rate?",
         "reservation_cancellation_rate"),
    ],
)
def test_naming_an_unheld_metric_gets_no_card_and_the_reply_can_say_which_it_is(
    catalogue: KpiCatalogue, question: str, unheld_id: str
) -> None:
    assert catalogue.lookup(question) is None
    found = catalogue.unheld(question)
    assert found is not None and found.id == unheld_id


@pytest.mark.parametrize(
    ("question", "kpi_id"),
    [("bounce rate", "bounce_rate"), ("定着率って?", "retention_rate"), ("what is churn", "churn_rate"),
     ("CTRとCPCの違いは?", "ctr")],
)
def test_a_card_named_on_its_own_keeps_the_question(catalogue: KpiCatalogue, question: str, kpi_id: str) -> None:
    found = catalogue.lookup(question)
    assert found is not None and found.id == kpi_id
    assert catalogue.unheld(question) is None


# ----- by meaning ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "広告がクリックされるたびに広告主が支払う金額って、なんて指標?",
        "which KPI says how many of a hotel's rooms were sold for the night?",
        "what share of our staff quit the company within a year — which metric?",
        "期初にいた社員のうち、期末まで辞めずに残った人の割合はなんて指標?",
        # entries added later (see the file's header)
        "how much of our charity's total spending reaches the programmes rather than admin? what's that measure called",
        "of all the bugs found, what % did customers find in production instead of QA before the release? metric name?",
        "what % of the UI strings in our app are translated for each language? how do we calculate it",
        "how do we measure what share of the vegetables we buy gets thrown away before it ships?",
    ],
)
def test_a_question_describing_an_unheld_metric_gets_no_neighbouring_card(
    catalogue: KpiCatalogue, without_unheld: KpiCatalogue, question: str
) -> None:
    assert catalogue.lookup(question) is None
    assert catalogue.unheld(question) is not None


@pytest.mark.parametrize(
    ("question", "kpi_id"),
    [
        ("what % of people who see our ad click on it?", "ctr"),
        ("1年前にいたお客さんのうち、今も残っている人の割合ってなんて指標?", "retention_rate"),
        ("ヨガ教室の生徒で、春に在籍していた会員のうち秋まで退会しないで続けている人の割合はなんて指標?",
         "retention_rate"),
        ("of the members enrolled in january, what share are still with the club in december without cancelling? "
         "which metric", "retention_rate"),
        ("how long, on average, does a customer wait before an agent picks up the phone?", "waiting_time"),
    ],
)
def test_a_card_described_by_meaning_is_still_found(catalogue: KpiCatalogue, question: str, kpi_id: str) -> None:
    found = catalogue.lookup(question)
    assert found is not None and found.id == kpi_id


def _card(kpi_id: str, words: str, quantity: str = "") -> KpiEntry:
    return KpiEntry(id=kpi_id, name_ja=kpi_id, name_en=kpi_id, aliases=(), definition_ja=words, definition_en=words,
                    formula_ja=words, formula_en=words, stages=("retention",), how_to_measure_ja="-",
                    how_to_measure_en="-", pitfalls_ja=(), pitfalls_en=(), sources=(), quantity=quantity)


def _unheld(metric_id: str, words: str, quantity: str = "") -> UnheldMetric:
    return UnheldMetric(id=metric_id, name_ja=metric_id, name_en=metric_id, aliases=(f"{metric_id} alias",),
                        answers_ja=(words,), answers_en=(words,), quantity=quantity)


def _toy(query: np.ndarray, unheld_quantity: str = "") -> tuple[UnheldMeaning, list[KpiEntry]]:
    """12 cards on the unit vectors e_0…e_11 and one unheld metric on e_12 (dimension 13)."""
    cards = [_card(f"k{i}", f"alpha{i} beta{i}", quantity="time" if i == 0 else "") for i in range(12)]
    eye = np.eye(13, dtype=np.float32)
    meaning = KpiMeaning(cards, query_vector=lambda _text: query, vectors=np.repeat(eye[:12], 2, axis=0))
    metric = _unheld("u", "gamma delta", unheld_quantity)
    return UnheldMeaning([metric], meaning, vectors=np.repeat(eye[12:], 2, axis=0),
                         phrase_vectors=np.repeat(eye[12:], 2, axis=0)), cards


def test_a_card_gives_way_only_to_an_unheld_metric_clearly_closer() -> None:
    closer_to_unheld = np.zeros(13, dtype=np.float32)
    closer_to_unheld[[0, 12]] = [0.2, 0.95]
    meaning, cards = _toy(closer_to_unheld)
    found = meaning.closer("nothing in common", cards[0])
    assert found is not None and found.id == "u"
    tied = np.zeros(13, dtype=np.float32)
    tied[[0, 12]] = [0.7, 0.7]
    meaning, cards = _toy(tied)
    assert meaning.closer("nothing in common", cards[0]) is None
    scores = meaning.scores("nothing in common")
    assert scores is not None and float(scores[1][0] - scores[0][0]) < UNHELD_MARGIN


def test_an_unheld_metric_of_another_kind_of_number_does_not_take_the_question() -> None:
    query = np.zeros(13, dtype=np.float32)
    query[[0, 12]] = [0.2, 0.95]
    meaning, cards = _toy(query, unheld_quantity="count")
    assert meaning.closer("how long from sign-up until the first order?", cards[0]) is None  # a duration
    assert meaning.closer("nothing in common", cards[0]) is not None  # no kind asked: any metric may


def _closer_than_card_0(metric: UnheldMetric, subjects: SubjectWords | None = None) -> tuple[UnheldMeaning, KpiEntry]:
    """12 plain cards on e_0…e_11 and `metric` on e_12, every question nearer the metric (0.95) than card 0 (0.2)."""
    query = np.zeros(13, dtype=np.float32)
    query[[0, 12]] = [0.2, 0.95]
    cards = [_card(f"k{i}", f"alpha{i} beta{i}") for i in range(12)]
    eye = np.eye(13, dtype=np.float32)
    meaning = KpiMeaning(cards, query_vector=lambda _text: query, vectors=np.repeat(eye[:12], 2, axis=0))
    return UnheldMeaning([metric], meaning, vectors=np.repeat(eye[12:], 2, axis=0),
                         phrase_vectors=np.repeat(eye[12:], 2, axis=0), subjects=subjects), cards[0]


def test_an_unheld_metric_whose_telling_words_are_missing_does_not_take_the_question() -> None:
    back, card = _closer_than_card_0(replace(_unheld("u", "gamma delta"), requires=("came back", "lapsed", "復帰")))
    assert back.closer("players still logging in on day 30", card) is None
    assert back.closer("lapsed players who logged in again", card) is not None
    assert back.closer("休眠から復帰したプレイヤーの割合", card) is not None


def test_an_unheld_metric_of_staff_does_not_take_a_question_about_customers() -> None:
    words = SubjectWords.from_mapping({"customer": ["customer", "member", "会員"], "employee": ["employee", "社員"]})
    staff, card = _closer_than_card_0(_unheld("u", "employees who stay"), words)
    assert staff.closer("share of members still with us at year end", card) is None
    assert staff.closer("年度末まで残っている会員の割合", card) is None
    assert staff.closer("share of employees still with us at year end", card) is not None
    assert staff.closer("share still with us at year end", card) is not None  # nobody named: meaning decides


def test_without_vectors_words_alone_never_withdraw_a_card() -> None:
    cards = [_card(f"k{i}", f"alpha{i} beta{i}") for i in range(3)]
    meaning = UnheldMeaning([_unheld("u", "alpha0 beta0 alpha0")], KpiMeaning(cards, query_vector=None))
    assert meaning.scores("alpha0 beta0") is None and meaning.closer("alpha0 beta0", cards[0]) is None


def test_a_catalogue_of_ones_own_holding_an_unheld_name_keeps_its_card(tmp_path: Path) -> None:
    """An unheld metric sharing a name with a card is left out: a catalogue may hold what ours does not."""
    cpc = _card("cpc", "what a click costs")
    catalogue = KpiCatalogue([KpiEntry(**{**cpc.__dict__, "aliases": ("CPC",)})],
                             unheld=[_unheld("cost_per_click", "what one click costs"),
                                     UnheldMetric(id="cpc_too", name_ja="クリック単価", name_en="Cost per click",
                                                  aliases=("CPC",), answers_ja=("x",), answers_en=("x",))])
    found = catalogue.lookup("CPC")
    assert found is not None and found.id == "cpc"
    assert catalogue.unheld("cost_per_click alias って何?") is not None


@pytest.mark.parametrize("question", ["NPS", "NPSって何?", "what is churn"])
def test_a_card_asked_by_its_name_alone_never_reads_the_unheld_list(question: str) -> None:
    """The list (~320 metrics) costs ~40 ms to read and its names are only a risk where more than the name is said."""
    catalogue = KpiCatalogue.load()
    assert catalogue.lookup(question) is not None
    assert catalogue._unheld_index is None


def test_a_long_english_name_of_an_unheld_metric_may_have_a_word_between_its_own() -> None:
    key = match_key("average number of pages viewed per session")
    assert metric_pattern("pages per session", metric=True, gaps=True).search(key)
    assert not metric_pattern("pages per session", metric=True).search(key)  # card names stay exact
    assert not metric_pattern("page depth", metric=True, gaps=True).search(match_key("page scroll depth"))  # 2 words


@pytest.mark.parametrize("name", ["試着率", "来店予約率", "fittingrate"])
def test_a_bare_name_the_list_lacks_is_called_no_other_metric(catalogue: KpiCatalogue, name: str) -> None:
    """`試着率` (share of visitors who try something on) was called 従業員定着率 for the shared 着率: a name that
    neither the cards nor the list hold is another metric, so the reply must not say which one it is."""
    assert catalogue.lookup(name) is None
    assert catalogue.unheld(name) is None
