"""Whose behaviour a question's metric is about (knowledge.kpi_subject): the catalogue's customer metrics
are no answer to questions about employees, machines, stock or the books."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.kpi_catalogue import CatalogueError, KpiCatalogue, KpiEntry
from knowledge.kpi_subject import CUSTOMER, SubjectWords

WORDS = SubjectWords.from_mapping({
    "customer": ["顧客", "お客", "customer", "member"],
    "employee": ["従業員", "スタッフ", "employee", "team member"],
    "system": ["サーバー", "server"],
})  # fmt: skip


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("従業員の満足度", {"employee"}), ("employee satisfaction", {"employee"}), ("Employees' NPS", {"employee"}),
        ("サーバの応答時間", {"system"}),  # long-vowel marks and katakana folded
        ("スタッフとサーバー", {"employee", "system"}),
        ("how satisfied are team members", {"employee"}),  # "team member" before "member"
        ("how satisfied are members", set()),  # a customer: no restriction
        ("the staff asked how fast pages load", set()), ("サーバーチームから聞かれた表示速度", set()),  # who asks
        ("employees who asked for a transfer", {"employee"}),  # whom it counts, who happened to ask
        ("customers' view of our staff", set()),  # staff named, but the customer is the subject
        ("顧客のスタッフ評価", set()), ("the cart page", set()), ("", set()),
        ("serverless pricing", set()),  # English words whole only
    ],
)  # fmt: skip
def test_the_subjects_a_question_names(text: str, kinds: set[str]) -> None:
    assert WORDS.of(text) == kinds


def test_a_card_serves_customers_and_the_kinds_it_lists() -> None:
    assert SubjectWords.serves(("customer",), frozenset())
    assert not SubjectWords.serves(("customer",), frozenset({"employee"}))
    assert SubjectWords.serves(("customer", "employee"), frozenset({"employee"}))
    assert not SubjectWords.serves(("customer", "employee"), frozenset({"employee", "system"}))
    assert WORDS.kinds == {"customer", "employee", "system"}


@pytest.fixture(scope="module")
def catalogue() -> KpiCatalogue:
    return KpiCatalogue.default()


def test_every_card_measures_customers(catalogue: KpiCatalogue) -> None:
    assert all(CUSTOMER in entry.subjects for entry in catalogue)


@pytest.mark.parametrize(
    "question",
    [
        "what's a good way to measure staff morale?", "従業員のエンゲージメントってどう測る?", "社員の離職率の出し方",
        "how do we track employee churn?", "サーバーの稼働率を指標にしたい", "machine downtime as a percentage",
        "在庫回転率ってなに?", "what KPI shows warehouse picking accuracy?", "営業利益率はどう計算する?",
        "gross margin by product line", "サプライヤーの納期遵守率を見たい", "how many days of cash runway do we have",
        # the company's own cash: no customer is losing anything
        "what share of our cash reserve do we lose each month? metric?",
        "at our current burn, what fraction of the bank balance disappears monthly - which KPI?",
        # the company's shipping operations and its environmental footprint
        "配送トラックの積載率ってどう測る?", "which metric shows freight cost per parcel?",
        "how much carbon do our deliveries emit per order - which metric?", "物流センターの出荷ミス率の指標は?",
        "what's the average time to fill an open role?",
        "採用1人あたりのコスト", "what's a good engineer productivity metric?",
        "how many people did we hire last quarter, which KPI?",
        "how many bugs do we fix per sprint — which KPI?", "deployment frequency — which metric card?",
    ],
)  # fmt: skip
def test_questions_about_staff_machines_stock_or_the_books_get_no_customer_card(
    catalogue: KpiCatalogue, question: str
) -> None:
    assert catalogue.lookup(question) is None


@pytest.mark.parametrize(
    ("question", "kpi_id"),
    [
        ("スタッフが電話1件の対応にかける平均時間", "average_handling_time"),  # the support team's own work
        ("how long does our staff take to send the first reply to an email", "first_response_time"),
        ("which metric shows how satisfied customers were with our store staff after a visit", "csat"),
        ("従業員の対応について顧客が満足したかを5段階で聞く指標", "csat"),
        # a return is something only a buyer does: a question about returned goods is about customers, whatever
        # it says about the warehouse or the shipping
        ("倉庫から発送した品物の中で、返品扱いになった比率を見たい", "return_rate"),
        ("what % of the parcels our warehouse ships come back within 30 days? which metric", "return_rate"),
        ("倉庫から出荷した商品のうち戻ってきた割合は何の指標?", "return_rate"),
        # the customers of a trade called by its own word, in a question that also names the team asking
        ("our engineers want the metric: of passengers who put a trip in the cart, what share leave without paying?",
         "cart_abandonment_rate"),
        ("開発チームが知りたいのは、受講生のうち翌年も契約を続けている人の割合。何の指標?", "retention_rate"),
        # when the team shipped something dates the feature; a SaaS's customers counted as accounts
        ("we shipped the bulk-edit button last sprint. what share of active accounts have clicked it at least once? "
         "which metric", "feature_adoption_rate"),
        ("our devs released dark mode in the last deploy — how do we measure how many people actually turned it on?",
         "feature_adoption_rate"),
        # the return on any investment is the ROI card, whatever was bought
        ("we spent ¥5M on new self-checkout machines — how do we measure what that investment returned?", "roi"),
        # staff, a vendor or an agency who ask for the metric or pass the work on, naming no customer word
        ("the UX agency we hired asked which pages people most often leave the site from, whatever page they came "
         "in on. which metric is that?", "exit_rate"),
        ("our outsourced call-centre vendor keeps asking how we'd measure the share of calls solved without a "
         "callback — metric name?", "first_contact_resolution"),
    ],
)
def test_staff_named_in_a_customer_metric_question_keep_the_card(
    catalogue: KpiCatalogue, question: str, kpi_id: str
) -> None:
    entry = catalogue.lookup(question)
    assert entry is not None and entry.id == kpi_id


def test_subjects_must_be_kinds_with_words() -> None:
    card = KpiEntry.from_mapping({
        "id": "a", "name_ja": "エー", "name_en": "A", "aliases": ["a1"], "definition_ja": "定義", "definition_en": "d",
        "formula_ja": "式", "formula_en": "f", "stages": ["retention"], "how_to_measure_ja": "測る",
        "how_to_measure_en": "m", "pitfalls_ja": ["注意"], "pitfalls_en": ["p"], "sources": [],
        "subjects": ["customer", "robot"],
    })  # fmt: skip
    with pytest.raises(CatalogueError):
        KpiCatalogue([card], subject_words={"customer": ["客"]})
    assert KpiCatalogue([card], subject_words={"customer": ["客"], "robot": ["ロボット"]}).get("a") == card


# Words a question about a metric is built from: the catalogue's own names and answers, subject words,
# question scaffolding. Any mix of them is looked up without an exception, and a card it returns measures
# whom the question is about.
_CATALOGUE = KpiCatalogue.default()
_FRAGMENTS = sorted(
    {name for e in _CATALOGUE for name in (e.name_ja, e.name_en, *e.aliases[:3], *e.answers_ja[:2], *e.answers_en[:2])}
    | {"従業員の", "employee", "server", "在庫", "粗利", "customers", "顧客の", "スタッフ", "team member"}
    | {"って何?", "なんて指標?", "what metric", "の割合", "how long", "%", "vs", "どっち", "?", "、"}
)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), min_size=1, max_size=5), st.sampled_from(["", " ", "の"]))
def test_lookup_of_any_mix_of_metric_words_never_raises(parts: list[str], glue: str) -> None:
    text = glue.join(parts)
    entry = _CATALOGUE.lookup(text)
    assert entry is None or isinstance(entry, KpiEntry)
    if entry is not None:  # it measures whom the question is about
        words = _CATALOGUE.subject_words
        assert words.serves(entry.subjects, words.of(text)), (text, entry.id)


def test_an_orders_time_to_shipment_is_still_the_lead_time_card(catalogue: KpiCatalogue) -> None:
    entry = catalogue.lookup("注文を受けてから出荷するまでにかかる日数はなんて指標?")
    assert entry is not None and entry.id == "processing_lead_time"


def test_a_feature_adopted_by_users_is_not_hiring() -> None:
    """採用 is hiring in 採用単価 but adoption in 機能採用率 (found by the property test above)."""
    words = _CATALOGUE.subject_words
    assert words.of("機能採用率") == frozenset() and words.of("採用単価") == {"employee"}
    entry = _CATALOGUE.lookup("機能採用率")
    assert entry is not None and entry.id == "feature_adoption_rate"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["従業員", "スタッフ", "お客", "顧客", "サーバー", "team member", "member", "members",
                                 "employees", "server", "serverless", "asked", "から聞かれた", " ", "、", "the"]),
                max_size=8))
def test_skipping_words_absent_from_the_text_reads_the_same_subjects(parts: list[str]) -> None:
    """The literal pre-check (a word's pattern can only match where the word occurs) changes nothing read."""
    text = " ".join(parts)
    unchecked = SubjectWords(tuple(("", pattern, kind) for _, pattern, kind in WORDS.words))  # every one searched
    assert WORDS.of(text) == unchecked.of(text)
    assert WORDS.names_customer(text) == unchecked.names_customer(text)


def test_a_choice_between_two_named_kpis_still_measures_whom_it_asks_about() -> None:
    """Found by the property test above: two names and an "or" are a choice, but staff are still not customers."""
    text = "AHT clicks on an ad, link or search result per impression スタッフ セルフサービス率"
    entry = _CATALOGUE.lookup(text)
    words = _CATALOGUE.subject_words
    assert entry is None or words.serves(entry.subjects, words.of(text))


@pytest.mark.parametrize(
    ("text", "kinds"),
    [("win rate on the corporate fleet fuel card deals", set()), ("社員向けプランの受注率", set()),
     ("what % of our delivery fleet arrives on time?", {"logistics"}),
     ("what % of staff finished the training plan?", {"employee"})],
)  # fmt: skip
def test_a_product_named_for_its_buyers_is_no_subject(catalogue: KpiCatalogue, text: str, kinds: set[str]) -> None:
    assert catalogue.subject_words.of(text) == kinds


@pytest.mark.parametrize(
    ("text", "kinds"),
    [("our ads for airport car hire got 3,100 clicks", set()),
     ("freight forwarding sales: what % of leads qualify?", set()),
     ("what % of new hires leave within 90 days?", {"employee"}), ("we hired 5 people last month", {"employee"})],
)  # fmt: skip
def test_a_trade_named_and_car_hire_are_no_subjects(catalogue: KpiCatalogue, text: str, kinds: set[str]) -> None:
    assert catalogue.subject_words.of(text) == kinds
