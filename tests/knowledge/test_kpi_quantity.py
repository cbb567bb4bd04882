"""The kind of number a metric question asks for (knowledge.kpi_quantity): a share of a group, or a duration,
and the cards that can be that number."""

from __future__ import annotations

import pytest

from knowledge.kpi_catalogue import CatalogueError, KpiCatalogue, KpiEntry
from knowledge.kpi_quantity import COUNT, KINDS, MONEY, MULTIPLE, RANK, SCORE, SHARE, TIME, asked_kind, fits


@pytest.fixture(scope="module")
def catalogue() -> KpiCatalogue:
    return KpiCatalogue.default()


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("登録した人の割合", SHARE), ("何%の人が戻ってくる?", SHARE), ("フォームを開いた人のうち送信した人", SHARE),
        ("what share of trial users upgrade", SHARE), ("how many of our leads become customers", SHARE),
        ("how many shoppers end up buying", SHARE), ("解約率の目安", SHARE),
        ("申込から承認まで何日かかる?", TIME), ("how long until a ticket is closed", TIME),
        ("time from sign-up until the first report", TIME), ("ページが出るまでの速さ", TIME),
        ("広告費の効率", None), ("ROASの目安は?", None), ("how many visits a month", COUNT),
        ("バナーが表示された回数", COUNT), ("how many times a week do people log in", COUNT),
        ("how many guests book again within a year", None),  # a window, not a rate per year
        ("the ratio of agents' time on calls to their available time", SHARE),  # one amount against another
        # 件数 alone: no kind; per 1,000 orders: a rate
        ("問い合わせ件数の推移", None), ("注文1,000件あたりの問い合わせ件数", SHARE),
        ("what % of tickets are answered within an hour, and how long do the rest take", None),  # both: no kind
        ("how many weeks from the first call to a signed order", TIME), ("契約まで何カ月かかる?", TIME),
        ("what do we pay the agency for every banner shown", MONEY), ("展示会1回でいくらかかってる?", MONEY),
        ("how much does one webinar sign-up cost us", MONEY),
        ("how much of our revenue comes from renewals", None),  # an amount of revenue is as often a share of it
        ("自社サイトの検索順位", RANK), ("our average position in google for brand terms", RANK),
        ("how do customers rank us against rivals", None),  # customers ranking us: a rating, not a place
    ],
)  # fmt: skip
def test_the_kind_of_number_a_question_asks_for(question: str, kind: str | None) -> None:
    assert asked_kind(question) == kind


def test_which_cards_can_be_that_number() -> None:
    assert fits("share", SHARE) and fits("multiple", SHARE) and not fits("count", SHARE)
    assert not fits("score", SHARE) and not fits("money", SHARE) and not fits("time", SHARE)
    assert fits("time", TIME) and not fits("share", TIME)
    assert fits("count", COUNT) and not fits("share", COUNT) and not fits("multiple", COUNT)
    assert fits("", SHARE) and fits("count", None)  # a card stating no kind, a question asking none
    assert fits("money", MONEY) and fits("multiple", MONEY) and not fits("share", MONEY) and not fits("time", MONEY)
    assert fits("rank", RANK) and not any(fits(kind, RANK) for kind in KINDS - {RANK})


def test_every_shipped_card_says_what_kind_of_number_it_is(catalogue: KpiCatalogue) -> None:
    assert {entry.quantity for entry in catalogue} <= KINDS
    assert all(entry.quantity for entry in catalogue)


def test_an_unknown_kind_is_rejected() -> None:
    raw = {
        "id": "a", "name_ja": "エー", "name_en": "A", "aliases": ["a1"], "definition_ja": "定義", "definition_en": "d",
        "formula_ja": "式", "formula_en": "f", "stages": ["retention"], "how_to_measure_ja": "測る",
        "how_to_measure_en": "m", "pitfalls_ja": ["注意"], "pitfalls_en": ["p"], "sources": [], "quantity": "speed",
    }  # fmt: skip
    with pytest.raises(CatalogueError):
        KpiEntry.from_mapping(raw)


@pytest.mark.parametrize(
    ("question", "kpi_id"),
    [
        # about visitors or the app, asking for a share of them that did something: no count, no rating
        ("ホームページに来た人のうち、見積もり依頼まで進んだ人の割合はなんて指標?", "conversion_rate"),
        ("what share of people who try the app free end up on a paid plan - metric?", "trial_conversion_rate"),
    ],
)  # fmt: skip
def test_a_share_of_a_group_is_not_answered_with_a_count_or_a_rating(
    catalogue: KpiCatalogue, question: str, kpi_id: str
) -> None:
    entry = catalogue.lookup(question)
    assert entry is not None and entry.id == kpi_id


def test_a_count_of_occurrences_is_not_answered_with_a_rate(catalogue: KpiCatalogue) -> None:
    assert catalogue.lookup("バナー広告が画面に出た回数の合計ってなんて呼ぶ?") is None  # no card counts that
    entry = catalogue.lookup("how many help requests arrive each month, the raw number - metric?")
    assert entry is not None and entry.id == "ticket_volume"


@pytest.mark.parametrize(
    "question",
    [
        "how much do we pay the search engine every single time our ad gets a click? which metric",  # no CPC card
        "how many months of cash are left at this burn — which KPI?",
        "SEO: where do we rank in google for our brand terms — which KPI?",
        "検索結果で自社サイトが平均何位に出ているかを見たい。指標は?",
    ],
)  # fmt: skip
def test_an_amount_paid_a_duration_or_a_rank_is_not_answered_with_a_rate(
    catalogue: KpiCatalogue, question: str
) -> None:
    assert catalogue.lookup(question) is None


@pytest.mark.parametrize(
    ("question", "kpi_id"),
    [
        ("資料請求1件あたりにいくらかかってるかを見たい", "cost_per_lead"),
        ("how much does it cost us on average to get one new paying client?", "customer_acquisition_cost"),
        ("how many weeks from first demo to signed deal, what's the KPI", "sales_cycle_length"),
    ],
)  # fmt: skip
def test_money_and_duration_cards_still_answer_their_own_kind(
    catalogue: KpiCatalogue, question: str, kpi_id: str
) -> None:
    entry = catalogue.lookup(question)
    assert entry is not None and entry.id == kpi_id


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("how many times more than its cost does a buyer's lifetime spend bring in?", MULTIPLE),
        ("広告費の何倍の売上が返ってくる?", MULTIPLE), ("how many times over did the campaign pay back?", MULTIPLE),
        ("how many times a day do users open the app", COUNT),  # a count of times stays a count
    ],
)  # fmt: skip
def test_how_many_times_over_asks_for_a_multiple(question: str, kind: str) -> None:
    assert asked_kind(question) == kind


@pytest.mark.parametrize(
    "question",
    ["complaints per 1,000 shipped parcels, not just a count", "calls relative to the number of active users",
     "注文100件あたりの問い合わせ", "support emails for every 100 orders — rather than the total number"],
)  # fmt: skip
def test_so_many_per_a_base_is_a_rate_and_a_kind_ruled_out_is_not_read(question: str) -> None:
    assert asked_kind(question) == SHARE


@pytest.mark.parametrize(
    "question",
    ["for our gym: how much does one member bring in over the whole time they stay with us?",
     "how much is a customer worth to us over the years", "1人のお客さんが生涯でいくら稼いでくれるか",
     "会員がうちにいくら落としてくれてるか"],
)  # fmt: skip
def test_what_a_customer_brings_in_is_money(question: str) -> None:
    assert asked_kind(question) == MONEY


def test_at_our_is_no_part_of_a_group() -> None:
    # でのうちの is "at our", no share; the stars are a score
    assert asked_kind("Google Playでのうちのアプリの星の平均、KPIにするならどれ?") == SCORE
    assert asked_kind("会員のうち翌月も買った人") == SHARE


def test_what_someone_is_paid_is_money() -> None:
    assert asked_kind("what is the typical salary of a call-centre agent?") == MONEY
    assert asked_kind("スタッフの平均給与は?") == MONEY


def test_a_multiple_question_fits_only_multiples() -> None:
    assert fits("multiple", MULTIPLE)
    assert not fits(COUNT, MULTIPLE) and not fits(SHARE, MULTIPLE)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("相談の総数を毎週見たい", COUNT), ("the sheer number of complaints each quarter", COUNT),
        ("件数で見たい。比率などは不要です", None),  # 件数 alone reads as no kind; the unneeded 比率 is not read
        ("the total count of enquiries; we don't need a percentage", COUNT),
        ("3 of 5 testers booked without help", SHARE), ("参加者8人中5人が完了", SHARE),
    ],
)  # fmt: skip
def test_a_plain_total_an_unneeded_kind_and_an_observed_n_of_m(question: str, kind: str | None) -> None:
    assert asked_kind(question) == kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [("on a 1-5 scale, what's that rating called?", SCORE), ("do we average it or report the % of 4s and 5s?", SCORE),
     ("平均で出すか、4と5の割合で出すか", SCORE), ("what % of raters gave us 5 stars?", None)],  # a share and a score
)  # fmt: skip
def test_a_rating_asks_for_a_score_or_a_share_of_ratings(question: str, kind: str | None) -> None:
    assert asked_kind(question) == kind
    if kind == SCORE:
        assert fits("score", kind) and fits("share", kind) and not fits("time", kind)


@pytest.mark.parametrize(
    "question",
    ["what's the per-contact cost metric called?", "cost per delivery for the last mile", "1件あたりのコストは?"],
)
def test_a_cost_per_unit_is_money(question: str) -> None:
    assert asked_kind(question) == MONEY


@pytest.mark.parametrize(
    ("question", "kind"),
    [("clicks on the tile divided by how many times it was shown", None),  # the counts are the division's sides
     ("all-in agent cost divided by contacts handled — the per-contact cost", MONEY),
     ("how many members cancel each month", None),  # how many leave: as often a share of them as a count
     ("how many sign-ups do we get each week", COUNT)],
)  # fmt: skip
def test_a_division_spelt_out_and_how_many_leave_ask_for_no_count(question: str, kind: str | None) -> None:
    assert asked_kind(question) == kind


@pytest.mark.parametrize(
    ("text", "kpi_id"),
    [("how do we track how many members on the family plan cancel each month?", "churn_rate"),
     ("taps on the in-app promo tile divided by how many times it was displayed — what's that called?", "ctr")],
)
def test_how_many_leave_and_a_division_of_counts_find_their_rate(
    catalogue: KpiCatalogue, text: str, kpi_id: str
) -> None:
    found = catalogue.lookup(text)
    assert found is not None and found.id == kpi_id
