"""Easily confused KPI cards told apart by what each counts that the other does not (knowledge.kpi_contrast),
in the ranking by meaning (knowledge.kpi_meaning) and in the shipped catalogue's data."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.kpi_catalogue import CatalogueError, KpiCatalogue, KpiEntry
from knowledge.kpi_contrast import base, confusable, count, negated_only, prefer, says_plainly, terms_against
from knowledge.kpi_meaning import BARS, KpiMeaning, phrase_texts
from knowledge.kpi_question import DESCRIBED


def _card(kpi_id: str, words: str, contrast: dict[str, tuple[str, ...]] | None = None) -> KpiEntry:
    return KpiEntry(id=kpi_id, name_ja=kpi_id, name_en=kpi_id, aliases=(), definition_ja=words, definition_en=words,
                    formula_ja=words, formula_en=words, stages=("retention",), how_to_measure_ja="-",
                    how_to_measure_en="-", pitfalls_ja=(), pitfalls_en=(), sources=(),
                    contrast=tuple((contrast or {}).items()))


# ----- reading terms --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "terms", "found"),
    [
        ("visitors leaving right away", ("leav", "right away"), 2),  # a stem matches the word's start
        ("they left", ("leav",), 0),
        ("add to basket", ("ad",), 0),  # short terms only as whole words
        ("our ads", ("ad",), 1),
        ("ＬＰに来てすぐ帰る", ("lp", "すぐ"), 2),  # width and case folded
        ("かーとに入れた", ("カート",), 1),  # katakana, hiragana and long-vowel marks meet
        ("avg spend per order", ("average",), 1),  # chat shorthand written out first
        ("nothing here", (), 0),
    ],
)
def test_terms_are_matched_loosely(text: str, terms: tuple[str, ...], found: int) -> None:
    assert count(text, terms) == found


def test_the_question_words_pick_one_of_a_confusable_pair_or_neither() -> None:
    first = _card("a", "x", {"b": ("first page", "right away")})
    second = _card("b", "y", {"a": ("last page",)})
    loner = _card("c", "z")
    assert confusable(first, second) and confusable(second, first) and not confusable(first, loner)
    assert prefer("people who leave right away from the first page", first, second) is first
    assert prefer("which page was the last page of the visit", first, second) is second
    assert prefer("first page or last page?", first, second) is None  # one each: no decision
    assert prefer("share of sessions", first, second) is None
    assert terms_against(first, "b") == ("first page", "right away") and terms_against(loner, "a") == ()


# ----- negated terms ----------------------------------------------------------------------------------------
LEAVING = ("解約", "退会", "やめ", "cancel", "leav", "left")


@pytest.mark.parametrize(
    "text",
    [
        "年度末まで一度も解約しなかった法人の割合",
        "途中で退会せずに一年通った生徒",
        "プランをやめないで使い続けている人",
        "subscribers who never cancelled during the trial",
        "accounts that have not left us after two years",
        "people who stayed on without cancelling",
    ],
)
def test_a_term_said_only_negated_is_no_evidence_for_its_card(text: str) -> None:
    assert negated_only(text, LEAVING) and not says_plainly(text, LEAVING)


@pytest.mark.parametrize(
    "text",
    [
        "年度内に解約した法人の割合",
        "退会した生徒は何人?",
        "subscribers who cancelled during the trial",
        "accounts that left us within two years",
        "people who did not renew and then cancelled",  # negated once, said plainly after
    ],
)
def test_a_term_said_plainly_still_counts(text: str) -> None:
    assert says_plainly(text, LEAVING) and not negated_only(text, LEAVING)


def test_a_negated_term_does_not_decide_a_pair_for_its_card() -> None:
    leaves = _card("leaves", "x", {"stays": LEAVING})
    stays = _card("stays", "y", {"leaves": ("続け", "still")})
    assert prefer("一年間退会せずに続けている会員の割合", leaves, stays) is stays
    assert prefer("members who never cancelled and are still paying", leaves, stays) is stays
    assert prefer("一年以内に退会した会員の割合", leaves, stays) is leaves


# ----- in the ranking by meaning --------------------------------------------------------------------------
N = 50  # enough cards for two close ones to stand out from the rest


def _meaning(query: np.ndarray) -> KpiMeaning:
    entries = [_card(f"k{i}", f"alpha{i}") for i in range(N)]
    entries[0] = _card("k0", "alpha0", {"k1": ("straight away",)})
    entries[1] = _card("k1", "alpha1", {"k0": ("last one",)})
    vectors = np.repeat(np.eye(N, dtype=np.float32), 2, axis=0)
    return KpiMeaning(entries, query_vector=lambda _text: query, vectors=vectors)


TIE = np.array([0.70, 0.69] + [0.0] * (N - 2), dtype=np.float32)  # k0 a hair ahead of its confusable k1


def test_a_near_tie_between_confusable_cards_goes_to_the_one_the_question_describes() -> None:
    picked = _meaning(TIE).best("where was the last one they saw", bar=BARS[DESCRIBED])
    assert picked is not None and picked.id == "k1"


def test_a_near_tie_the_words_decide_is_no_reason_to_doubt_the_top_card() -> None:
    picked = _meaning(TIE).best("they went straight away", bar=BARS[DESCRIBED])
    assert picked is not None and picked.id == "k0"


def test_a_near_tie_the_words_do_not_decide_is_still_refused() -> None:
    assert _meaning(TIE).best("nothing telling", bar=BARS[DESCRIBED]) is None


def test_cards_far_apart_are_not_swapped_by_a_rival_word() -> None:
    clear = np.array([0.9, 0.3] + [0.0] * (N - 2), dtype=np.float32)
    picked = _meaning(clear).best("the last one", bar=BARS[DESCRIBED])
    assert picked is not None and picked.id == "k0"


def test_a_card_whose_words_are_only_negated_gives_way_to_its_opposite() -> None:
    """The embedding reads "退会せずに" as a question about leaving; the words say the opposite card is meant."""
    entries = [_card(f"k{i}", f"alpha{i}") for i in range(N)]
    entries[0] = _card("k0", "alpha0", {"k1": LEAVING})
    entries[1] = _card("k1", "alpha1", {"k0": ("続け", "still")})
    vectors = np.repeat(np.eye(N, dtype=np.float32), 2, axis=0)
    apart = np.array([0.80, 0.60] + [0.0] * (N - 2), dtype=np.float32)  # beyond the contrast window
    meaning = KpiMeaning(entries, query_vector=lambda _text: apart, vectors=vectors)
    for question in ("一年間退会せずに続けている会員の割合", "members who never cancelled and are still paying"):
        picked = meaning.best(question, bar=BARS[DESCRIBED])
        assert picked is not None and picked.id == "k1"
    # said plainly, or negated without the opposite card's own words: the meaning stands
    for question in ("一年以内に退会した会員の割合", "members who never cancelled"):
        picked = meaning.best(question, bar=BARS[DESCRIBED])
        assert picked is not None and picked.id == "k0"
    far = np.array([0.95, 0.10] + [0.0] * (N - 2), dtype=np.float32)
    picked = KpiMeaning(entries, query_vector=lambda _text: far, vectors=vectors).best(
        "一年間退会せずに続けている会員の割合", bar=BARS[DESCRIBED])
    assert picked is not None and picked.id == "k0"  # too far behind to be meant


def test_a_card_is_scored_whole_and_by_its_closest_answer() -> None:
    entries = [_card(f"k{i}", f"alpha{i}") for i in range(6)]
    entries[2] = KpiEntry(**{**entries[2].__dict__, "answers_ja": ("one way to say it",), "answers_en": ("another",)})
    cards = np.repeat(np.eye(6, dtype=np.float32), 2, axis=0)
    phrases = np.zeros((len(phrase_texts(entries[2])), 6), dtype=np.float32)
    phrases[1, 5] = 1.0  # card k2's second answer reads like the question
    query = np.eye(6, dtype=np.float32)[5] * 0.6
    query[3] = 0.5  # the question is a bit like card k3 as a whole
    whole_only = KpiMeaning(entries, query_vector=lambda _t: query, vectors=cards)
    with_answers = KpiMeaning(entries, query_vector=lambda _t: query, vectors=cards, phrase_vectors=phrases)
    assert int(np.argmax(whole_only.scores("q")[0])) == 5
    scores = with_answers.scores("q")[0]
    assert scores[2] > whole_only.scores("q")[0][2]  # its close answer lifts card k2


def test_each_close_rival_is_weighed_against_the_card_chosen_so_far() -> None:
    entries = [_card(f"k{i}", f"alpha{i}") for i in range(N)]
    entries[0] = _card("k0", "alpha0", {"k1": ("each basket",), "k2": ("each basket",)})
    entries[1] = _card("k1", "alpha1", {"k0": ("per head",)})
    entries[2] = _card("k2", "alpha2", {"k0": ("over the years", "all along")})
    vectors = np.repeat(np.eye(N, dtype=np.float32), 2, axis=0)
    query = np.array([0.70, 0.69, 0.68] + [0.0] * (N - 3), dtype=np.float32)
    meaning = KpiMeaning(entries, query_vector=lambda _text: query, vectors=vectors)
    # k0 beats k1 on "each basket", yet the third card's words outnumber k0's: it is the one described
    picked = meaning.best("each basket a buyer fills over the years, all along", bar=BARS[DESCRIBED])
    assert picked is not None and picked.id == "k2"


@pytest.mark.parametrize(
    ("question", "group"),
    [
        ("店舗サイトの閲覧者の中で、申込書を出した比率", "店舗さいとの閲覧者"),
        ("among those who began the form, how many sent it?", "among those who began the form"),
        ("what share of visitors buy", ""),
    ],
)  # fmt: skip
def test_the_base_of_a_share_is_read(question: str, group: str) -> None:
    assert base(question) == group


def test_a_term_in_the_share_base_counts_twice() -> None:
    converts = _card("conv", "x", {"done": ("閲覧", "サイト")})
    completes = _card("done", "y", {"conv": ("申込書", "出し")})
    # two terms each, but the visitors' two are the group the share is of
    assert prefer("サイトの閲覧者の中で、申込書を出した比率", converts, completes) is converts
    assert prefer("申込書を出しかけた方の中で、サイトも閲覧した比率", converts, completes) is completes


# ----- the catalogue's contrast data ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def catalogue() -> KpiCatalogue:
    return KpiCatalogue.default()


def test_the_known_confusable_pairs_are_told_apart(catalogue: KpiCatalogue) -> None:
    pairs = [("bounce_rate", "exit_rate"), ("average_order_value", "cart_abandonment_rate"), ("churn_rate", "mrr"),
             ("ticket_volume", "contact_rate"), ("first_contact_resolution", "contact_rate"), ("nps", "csat")]
    for a, b in pairs:
        first, second = catalogue.get(a), catalogue.get(b)
        assert first is not None and second is not None and confusable(first, second), (a, b)


def test_a_cards_distinguishing_words_describe_it_better_than_its_rival(catalogue: KpiCatalogue) -> None:
    """Its own answers hold more of the words it lists against a rival than the rival's answers do."""
    for entry in catalogue:
        for rival_id, terms in entry.contrast:
            rival = catalogue.get(rival_id)
            assert rival is not None
            ours = count(" / ".join(phrase_texts(entry)), terms)
            theirs = count(" / ".join(phrase_texts(rival)), terms)
            assert ours > theirs, (entry.id, rival_id, ours, theirs)


def test_a_contrast_with_an_unknown_card_is_rejected() -> None:
    with pytest.raises(CatalogueError):
        KpiCatalogue([_card("a", "x", {"nowhere": ("y",)})])
    with pytest.raises(CatalogueError):
        KpiCatalogue([_card("a", "x", {"a": ("y",)})])
    with pytest.raises(CatalogueError):
        KpiEntry.from_mapping({**_card("a", "x").to_json(), "contrast": {"b": []}})


@pytest.mark.parametrize(
    ("text", "kpi_id"),
    [("guests reach the payment page but don't finish paying", "cart_abandonment_rate"),
     ("share of sessions that end in a purchase", "conversion_rate")],
)
def test_the_shipped_words_tell_a_finished_purchase_from_one_left_at_payment(text: str, kpi_id: str) -> None:
    shipped = KpiCatalogue.default()
    conversion, abandonment = shipped.get("conversion_rate"), shipped.get("cart_abandonment_rate")
    assert conversion is not None and abandonment is not None
    chosen = prefer(text, conversion, abandonment)
    assert chosen is not None and chosen.id == kpi_id
