"""The ratio frame of a metric question (knowledge.kpi_frame) and its part in ranking cards (knowledge.kpi_meaning)."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.chunking import digest
from knowledge.embedding import DEFAULT_EMBEDDING
from knowledge.kpi_catalogue import KpiCatalogue, KpiEntry
from knowledge.kpi_frame import DIVIDED, PER, SHARE_OF, describes_share, formula_frame, question_frame
from knowledge.kpi_meaning import FRAME_VECTOR_NAME, KpiMeaning, frame_texts
from knowledge.vector_cache import INDEX_DIR, load_vector_cache


@pytest.mark.parametrize(
    ("question", "counted", "base", "shape"),
    [
        ("out of all the trial users this spring, how many ended up paying?", "ended up paying",
         "trial users this spring", SHARE_OF),
        ("what share of new gym members still come in after three months?", "still come in after three months",
         "new gym members", SHARE_OF),
        ("how many of the patients who booked online showed up? which metric", "who booked online showed up",
         "patients", SHARE_OF),
        ("refunds issued divided by orders shipped — is there a name for it?", "refunds issued", "orders shipped",
         DIVIDED),
        ("tickets reopened / tickets closed, what's that called", "tickets reopened", "tickets closed", DIVIDED),
        ("how much marketing budget per booked demo are we burning", "marketing budget", "booked demo are we burning",
         PER),
        ("見積もりを出した案件のうち、契約まで進んだ割合って何て指標?", "契約まで進んだ", "見積もりを出した案件",
         SHARE_OF),
        ("アプリを入れた人のうちプッシュ通知を許可してくれた人の割合を見たい", "プッシュ通知を許可してくれた",
         "アプリを入れた人", SHARE_OF),
        ("返品件数を出荷件数で割った数字って名前ある?", "返品件数", "出荷件数", DIVIDED),
        ("会員1人あたりの年間の購入金額を見たい", "年間の購入金額", "会員1人", PER),
        ("for every new seller we sign up, how much did we spend on ads and sales?", "did we spend on ads and sales",
         "new seller we sign up", PER),
        ("per new customer, what did acquisition cost us", "did acquisition cost us", "new customer", PER),
        ("アプリのユーザー1人あたり、月にいくら売上があるか", "月にいくら売上がある", "アプリのユーザー1人", PER),
        # the count asked for put first in the part ("何%が", "何人が", "どれくらいが"), not "何%の人が"
        ("アクティブユーザーのうち何%が新しいレポート機能を使ってるか見たい", "新しいレポート機能を使ってる",
         "アクティブユーザー", SHARE_OF),
        ("無料会員のうち何人が有料プランに移ったか知りたい", "有料プランに移った", "無料会員", SHARE_OF),
        ("来店客のうちどれくらいが実際に買ってるか", "実際に買ってる", "来店客", SHARE_OF),
    ],
)
def test_a_question_with_a_ratio_shape_gives_its_counted_part_and_its_base(
    question: str, counted: str, base: str, shape: str
) -> None:
    frame = question_frame(question)
    assert frame is not None and (frame.counted, frame.base, frame.shape) == (counted, base, shape), frame


@pytest.mark.parametrize(
    "question",
    [
        "how long does it take support to answer the first email?",
        "what is NPS?",
        "うちの店の先週の売上は?",  # うちの is "our", not a part of a group
        "問い合わせ対応の平均時間ってどう測る?",
        "each time a customer checks out, what do they spend on average?",  # "each time" is no base
    ],
)
def test_a_question_without_a_ratio_shape_has_no_frame(question: str) -> None:
    assert question_frame(question) is None


def test_a_card_formula_gives_the_first_division_of_its_first_sentence() -> None:
    frame = formula_frame("Win rate (%) = won deals ÷ (won + lost deals) × 100. Count each deal once.")
    assert frame is not None and (frame.counted, frame.base) == ("won deals", "won + lost deals")
    grouped = formula_frame("ROI (%) = (profit − cost) ÷ cost × 100")
    assert grouped is not None and (grouped.counted, grouped.base) == ("profit − cost", "cost")
    formula = "返品率(%)= 返品された注文数 ÷ 出荷した注文数(途中でキャンセルされた注文は最初から数えないことにする)"
    remark = formula_frame(formula)
    assert remark is not None and remark.base == "出荷した注文数"


def test_a_formula_dividing_nothing_has_no_frame() -> None:
    assert formula_frame("TTV = time of the first value moment − time of sign-up") is None
    assert formula_frame("NPS = % of promoters − % of detractors. Range −100 to +100 ÷ nothing") is None


def _card(kpi_id: str, formula: str, quantity: str = "share") -> KpiEntry:
    return KpiEntry(id=kpi_id, name_ja=kpi_id, name_en=kpi_id, aliases=(), definition_ja="-", definition_en="-",
                    formula_ja=formula, formula_en=formula, stages=("retention",), how_to_measure_ja="-",
                    how_to_measure_en="-", pitfalls_ja=(), pitfalls_en=(), sources=(), quantity=quantity)


WORDS = ("apples", "pears", "plums", "figs")


def _vector(text: str) -> np.ndarray:
    """A toy embedding: one axis per fruit named; anything else lies on a shared axis (all whole cards alike)."""
    found = np.array([word in text for word in WORDS] + [0.0] * 8, dtype=np.float32)
    if not found.any():
        found[-1] = 1.0
    return found / np.linalg.norm(found)


def _meaning() -> KpiMeaning:
    # two cards alike as a whole; they differ only in what their formulas count
    entries = [_card("apple_rate", "A (%) = apples ÷ pears × 100"), _card("plum_rate", "P (%) = plums ÷ pears × 100"),
               *(_card(f"k{i}", f"k{i} = figs{i} ÷ dates{i}") for i in range(6))]
    whole = np.tile(np.eye(12, dtype=np.float32)[-1], (2 * len(entries), 1))
    roles = np.array([_vector(text) for e in entries for text in frame_texts(e)])
    return KpiMeaning(entries, query_vector=_vector, vectors=whole, frame_vectors=roles)


def test_the_roles_decide_between_cards_the_whole_question_cannot_tell_apart() -> None:
    meaning = _meaning()
    scores, _, fused = meaning.scores("of all the pears, how many became apples")
    ids = [e.id for e in meaning.entries]
    assert fused and ids[int(np.argmax(scores))] == "apple_rate"
    scores, _, _ = meaning.scores("of all the pears, how many became plums")
    assert ids[int(np.argmax(scores))] == "plum_rate"


def test_roles_matched_the_wrong_way_round_count_against_a_card() -> None:
    roles = _meaning().frame_scores("pears divided by apples")
    straight = _meaning().frame_scores("apples divided by pears")
    assert roles is not None and straight is not None and roles[0] < straight[0]


def test_a_question_without_a_frame_is_ranked_as_a_whole_alone() -> None:
    meaning = _meaning()
    assert meaning.frame_scores("what is the apple thing") is None


def test_without_role_vectors_the_frame_is_not_scored() -> None:
    entries = [_card("apple_rate", "A = apples ÷ pears"), _card("plum_rate", "P = plums ÷ pears")]
    meaning = KpiMeaning(entries, query_vector=_vector, vectors=np.ones((4, 12), dtype=np.float32))
    assert meaning.frame_scores("of all the pears, how many became apples") is None


def test_the_committed_frame_vectors_match_the_catalogue() -> None:
    cache = load_vector_cache(INDEX_DIR, model=DEFAULT_EMBEDDING, name=FRAME_VECTOR_NAME)
    assert cache is not None, "knowledge/index/kpi_frame_vectors.* missing: run `make kb-vectors`"
    catalogue = KpiCatalogue.default()
    stale = [e.id for e in catalogue for text in frame_texts(e) if digest(text) not in cache.rows]
    assert not stale, f"KPI formulas changed since their role vectors were computed: run `make kb-vectors` ({stale})"
    assert sum(bool(frame_texts(e)) for e in catalogue) >= 30  # most cards are ratios


@pytest.mark.parametrize(
    ("question", "share"),
    [
        ("For each FAQ article, what % of its page views were the last page before people left?", True),
        ("アプリを入れた人のうちプッシュ通知を許可してくれた人の割合", True),
        ("ad spend per sign-up", False),  # an amount for each, no part of a group
        ("should the CES question be agree/disagree or a 1-7 scale?", False),  # a slash between options
    ],
)
def test_a_part_of_a_group_is_told_from_other_ratios_and_slashes(question: str, share: bool) -> None:
    assert describes_share(question) is share
