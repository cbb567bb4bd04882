"""How a question relates to KPIs, read from its form: asking for a metric, about stages or mapping, a KPI
named and asked about or only mentioned (knowledge.kpi_question)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.kpi_question import (
    DESCRIBED,
    NAMED,
    about_kpi_practice,
    about_mapping,
    about_something_else,
    about_stages,
    asks_about_named,
    asks_for_a_measure,
    asks_for_advice,
    asks_metric_name,
    asks_to_move,
    asks_what_it_is,
    asks_which_of,
    defines_named,
    metric_cue,
    metric_names,
    normalise,
    off_the_map,
    relates_two,
    says_more,
    set_aside,
    tells_not_asks,
    without,
)


@pytest.mark.parametrize(
    ("question", "cue"),
    [
        ("問い合わせの平均の長さ、指標の名前は?", NAMED), ("what do you call the share of users who upgrade", NAMED),
        ("is there a score for how loyal people are", NAMED), ("返品の多さはどう測る?", NAMED),
        ("注文から発送までの日数を見たい", DESCRIBED), ("time from signup until the first invoice", DESCRIBED),
        ("what fraction of trials convert", DESCRIBED), ("avg spend per order", DESCRIBED),
        ("how often do agents escalate a call", DESCRIBED), ("広告費に対する売上", DESCRIBED),
        ("what is a persona", None), ("should we A/B test our fixes", None), ("旅行の滞在期間は?", None),
        ("投稿への反応の良さ", DESCRIBED), ("サイトの集客数", DESCRIBED), ("日次と月次の利用者の比", DESCRIBED),
        ("returning buyers share", DESCRIBED), ("uptake of the new feature", DESCRIBED),
        ("how do we share the map", None),
        ("新規と既存、コストが安いのはどっち?", None),
        ("should the comment box come before or after the rating question?", None),  # a choice, not a measure
        ("show me the card for people who stop paying", NAMED), ("カード見せて、途中でやめる人の割合", NAMED),
        ("a single score combining usage and tickets per account", NAMED), ("満足と推奨を1つの数字にまとめたい", NAMED),
        # what to show or judge something with asks for a measure, even ending in "…のがいい?"
        ("展示会の成果を何で見せるのがいい?", NAMED), ("サポートの質は何で評価すればいい?", NAMED),
        ("what should we use to show the redesign paid for itself", NAMED),
        # how it is worked out, or a number tracked week after week, asks for a metric; a division is a quantity
        ("あれの計算方法おしえてください", NAMED),
        ("how do you calculate the thing where customers rate us 0-10?", NAMED),
        ("返品件数を出荷件数で割った数字を毎週追いたい", NAMED), ("リーチ数で割った数字", DESCRIBED),
    ],
)  # fmt: skip
def test_what_counts_as_asking_for_a_metric(question: str, cue: str | None) -> None:
    assert metric_cue(question) == cue


def test_chat_shorthand_is_written_out() -> None:
    assert normalise("Avg # of tickets per cust w/o ppl incl. bots") == (
        "average number of tickets per customer without people including bots"
    )


@pytest.mark.parametrize(
    ("question", "stages"),
    [
        ("kpis for the purchase stage?", True), ("各ステージのKPIを教えて", True), ("KPIツリーの作り方", True),
        ("how many phases should the map have", True), ("満足度を5段階で聞く指標", False),
        ("share of carts that become orders", False),
    ],
)  # fmt: skip
def test_questions_about_stages_and_kpi_trees(question: str, stages: bool) -> None:
    assert about_stages(question) is stages


def test_questions_about_mapping_itself() -> None:
    assert about_mapping("which number shows the map worked?")
    assert about_mapping("ペルソナごとの指標は?")
    assert about_mapping("personaって何人くらい?")  # an English word right before kana is still a word
    assert not about_mapping("which number shows the redesign paid off?")


@pytest.mark.parametrize(
    ("rest", "asks"),
    [
        (" って何?", True), ("how do we compute  ?", True), ("  in b2b sales", True), ("注文あたりの ", True),
        ("  と直帰率の違い", True), ("what does   mean as a metric?", True), ("  ", True),
        ("who on the team owns the   dashboard?", False), (" アンケートの配信ツールおすすめある?", False),
        ("the   survey email went out twice, how do i apologise to customers?", False),
        ("how do i pitch the   of journey work to finance", False), (" が落ちた原因を分析して", False),
        ("should we show   on the journey map?", False),
        (" のアンケート結果をslackに流したい", False),
        # 何 before a counter is "how many": 「設問って何問?」 asks how long the survey is, not what the KPI is
        (" アンケートの設問って何問くらいがいい?", False), (" の調査って何回やれば十分?年1回で足りる?", False),
        # the name first, then the one case it is asked for
        ("   for a two-sided marketplace — buyers and sellers separately?", True),
        ("   with annual plans and monthly plans mixed?", True),
        ("when does the q4   survey go out?", False), ("   for our board deck, can you make a chart?", False),
        # the kind of product it is measured in is no tool to pick; how to split the count asks about it
        ("  for a B2B tool people use weekly?", True), ("  、週1で使うB2Bツールだと低く出ちゃうけどどう見る?", True),
        ("which tool should we use to send   surveys?", False),
        ("   ってマーケットプレイスだと買い手と売り手で分けて出す?", True),
        # what goes into it: denominator, numerator, what is counted in or left out
        (" は分母に無料ユーザーを含める?", True), (" はどうやって求めるの?解約済みの人も入れるの?", True),
        ("for  , do refunds count as lost revenue or not", True), ("should   exclude internal test accounts", True),
        ("how do i calc   when a customer has two plans", True),
        ("should   include customers who downgrade?", True),  # "who" here is no owner: it says what counts
        ("how is   different from resolution time", True), (" には広告代理店の手数料も入れる?", True),
        ("our   went up 3 points, how do we explain it to leadership?", False),
        (" が先月から下がった。経営陣にどう伝える?", False),
    ],
)  # fmt: skip
def test_a_named_kpi_is_asked_about_or_only_mentioned(rest: str, asks: bool) -> None:
    assert asks_about_named(rest) is asks


def test_relating_two_kpis_differs_from_comparing_them() -> None:
    assert relates_two("LTVとCACの比率") and relates_two("lifetime value divided by acquisition cost")
    assert not relates_two("difference between churn and retention")
    assert not relates_two("直帰率と離脱率の違い")


def test_names_are_removed_loosely_and_the_rest_keeps_its_script() -> None:
    assert without("りぴーと率の出し方", ["リピート率"]).strip() == "の出し方"
    assert without("ＮＰＳのアンケート", ["NPS"]).strip() == "のアンケート"
    assert without("nps nps", ["NPS"]).strip() == ""


@settings(max_examples=60, deadline=None)
@given(st.text(), st.lists(st.text(max_size=8), max_size=4))
def test_reading_a_question_never_raises(text: str, names: list[str]) -> None:
    assert metric_cue(text) in (NAMED, DESCRIBED, None)
    assert isinstance(about_stages(text) or about_mapping(text) or relates_two(text), bool)
    assert isinstance(asks_about_named(without(text, names)), bool)


@pytest.mark.parametrize(
    ("question", "advice"),
    [
        ("決済の手前で離脱する人が多い。どうすればいい?", True), ("how can we reduce drop-off at checkout?", True),
        ("解約を減らすには?", True), ("any tips for raising the open rate", True), ("does that make sense?", True),
        ("カゴ落ちの割合ってなんて指標?", False), ("how do we measure drop-off at checkout?", False),
        ("share of visitors who leave at checkout", False), ("we need to reduce the steps in the form", True),
        ("what's the best time to send emails", True), ("投稿の頻度はどれくらいがいい?", True),
        ("問い合わせフォームの項目を減らしたい", True), ("投稿の反応の良さ", False),
        ("any quick wins to cut the average wait at the clinic's front desk?", True),
        ("ideas for lowering the time callers spend on hold?", True), ("窓口の待ち時間を短くする施策ある?", True),
        ("ways to measure the average wait at the front desk?", False),
    ],
)  # fmt: skip
def test_asking_what_to_do_rather_than_what_to_measure(question: str, advice: bool) -> None:
    assert asks_for_advice(question) is advice


@pytest.mark.parametrize(
    ("question", "what"),
    [
        ("アクセス解析って何?", True), ("what is a service blueprint", True), ("CVRの意味", True),
        ("アンケートの設問って何問くらい?", False),
        ("what's the share of people who click", True), ("注文から発送までの日数", False),
        ("how long people wait at the counter", False),
    ],
)  # fmt: skip
def test_asking_what_something_is(question: str, what: bool) -> None:
    assert asks_what_it_is(question) is what


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("アプリのアンインストール率を見たい", ["アンインストール率"]), ("クリック単価の目安", ["クリック単価"]),
        ("ticket reopen rate — how is it calculated?", ["reopen rate"]), ("cost per click って?", ["cost per click"]),
        ("ads shown per 1000 people (CPM)", ["cpm"]), ("GMVとは", ["gmv"]),
        ("how do customers rate us", []), ("広告の費用効率", []), ("解約する確率", []), ("what rate is healthy", []),
        ("share of visitors who buy", []), ("money spent per won deal — what KPI is that?", []),
        ("what is OKR", []),  # asks for a metric, names none
    ],
)  # fmt: skip
def test_terms_that_look_like_a_metrics_name(question: str, names: list[str]) -> None:
    assert metric_names(question) == names


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("which KPI counts the number of deals we lost?", True), ("what's the metric for the % who stay", True),
        ("what do people call the share of users who stay", True), ("この割合の指標名は?", True),
        ("今期の受注件数ってなんて指標で見る?", True), ("what was our churn last quarter?", False),
        ("先月のNPSはいくつ?", False), ("how many deals did we close this quarter?", False),
        ("which KPI did we miss this quarter?", False), ("今期達成できなかった指標はどれ?", False),  # no quantity
        ("got 150 new customers for $30k — what's the $200 per customer called?", True),
        ("5,000 MAU and 1,100 DAU: what's the ratio called?", True), ("what's the deck called?", False),
    ],
)  # fmt: skip
def test_asking_outright_which_metric(question: str, asks: bool) -> None:
    assert asks_metric_name(question) is asks


def test_a_description_of_its_own_beside_a_name_says_more() -> None:
    assert says_more("what metric tells me how many   end up signing a contract after the demo")
    assert says_more("  のうち、最後まで申込を終えた人の割合を見たい指標")
    assert not says_more("what is   ?") and not says_more(" って何?") and not says_more("  in b2b")


def test_chat_shorthand_for_calculating_is_written_out() -> None:
    assert "calculate" in normalise("how do u calc it") and "calculated" in normalise("how's it calcd")


@pytest.mark.parametrize(
    "rest",
    [
        # the KPI's name blanked out; what is left asks what it is called, whatever slide or report it is for
        "share of  , what should we call it in the board slides?", "  って経営会議の資料では何て呼べばいい?",
        "on our dashboard, what is that called?",
    ],
)  # fmt: skip
def test_asking_what_a_named_kpi_is_called_is_about_it(rest: str) -> None:
    assert asks_about_named(rest)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("what's NRR, and why do investors care so much?", True), ("Define CAC, and who should own it", True),
        ("what is NPS? also where is the dashboard", True), ("CESって何？会議でよく聞く", True),
        ("LTVとは", True), ("ARPUの意味を教えて", True),
        ("what is NPS's trend this year?", False), ("what is the NPS survey schedule", False),
        ("NPSとは別に、配信ツールを選びたい", False), ("why is churn up?", False),
    ],
)  # fmt: skip
def test_a_question_opening_on_what_a_named_kpi_is(text: str, asks: bool) -> None:
    names = ("NRR", "CAC", "NPS", "CES", "LTV", "ARPU", "churn")
    assert defines_named(text, names) is asks


def test_apart_from_a_kpi_is_no_question_about_it() -> None:
    assert not asks_what_it_is("とは別に、アンケートの配信ツールを選びたい")
    assert asks_what_it_is("とは?")


@pytest.mark.parametrize(
    ("question", "stages"),
    [
        ("of the opportunities past the negotiation stage, what share do we sign?", False),
        ("見積段階まで進んだ案件のうち契約できた割合", False), ("what do we track in the consideration stage?", True),
    ],
)  # fmt: skip
def test_a_sales_pipeline_stage_is_no_journey_stage(question: str, stages: bool) -> None:
    assert about_stages(question) is stages


@pytest.mark.parametrize(
    ("rest", "moves"),
    [
        ("how can we lift   for our support line?", True), ("  を下げるにはどうすればいい?", True),
        ("ways to shorten   for new accounts", True), ("  の改善施策のアイデアを考えて", False),
        ("brainstorm ways to cut   ", False), ("our   went up last month", False),
    ],
)  # fmt: skip
def test_asking_how_to_move_a_named_kpi(rest: str, moves: bool) -> None:
    assert asks_to_move(rest) is moves


def test_where_a_kpi_came_up_is_only_a_mention() -> None:
    assert about_something_else("先週の勉強会で  の話題が出た")
    assert about_something_else("saw an article on   this morning")
    assert not about_something_else("会議で聞かれた  って何?")  # asking what it is still wins


@pytest.mark.parametrize(
    "question",
    ["what part of each buyer's grocery budget lands with us?", "how much of the audience remembers us?",
     "are tickets usually closed on the first reply?", "アプリは何点くらいの評価?",
     "is our spending on ads paying off?"],
)  # fmt: skip
def test_more_ways_of_describing_a_quantity(question: str) -> None:
    assert metric_cue(question) == DESCRIBED


def test_usually_inside_a_how_question_is_no_quantity() -> None:
    assert metric_cue("app stability — how is that usually defined") is None


# ----- kpi9: what the asker already has, named metrics, owners, denominators, observed results ---------------
@pytest.mark.parametrize(
    ("question", "gone", "kept"),
    [
        ("We already measure NPS and CSAT. Which one shows the effort?", "NPS and CSAT", "effort"),
        ("Besides churn rate, what tells us revenue kept?", "churn rate", "revenue kept"),
        ("what they bring in over the years, not per month", "per month", "over the years"),
        ("Not what one basket is worth: what a shopper is worth", "one basket", "a shopper"),
        ("I need weekly totals; we don't need a percentage here", "percentage", "weekly totals"),
        ("解約率はもう追っています。継続率の見方は?", "解約率", "継続率"),
        ("直帰率以外で、最後に見たページの指標", "直帰率", "最後に見た"),
        ("最後に出ていったページの割合。直帰とは別のやつ", "直帰", "出ていった"),
        ("最後に出ていったページの割合、直帰とは違う", "直帰", "出ていった"),
        ("成約じゃなくて、手前まで来た比率", "成約", "手前まで"),
        ("件数が知りたい。割合とかはいらない", "割合", "件数"),
        ("広告の売上を広告費で割ったもの(利益じゃなくて売上で)", "利益", "広告費で割った"),
    ],
)  # fmt: skip
def test_what_the_asker_already_has_or_rules_out_is_set_aside(question: str, gone: str, kept: str) -> None:
    left = set_aside(question)
    assert gone not in left and kept in left and len(left) == len(question)


@pytest.mark.parametrize(
    "question",
    ["customers who did not come back within a year", 
     "もう一度見に来た利用者の比率", "not only new buyers but also old ones",
     "もう少し詳しく見ている人の割合"],
)  # fmt: skip
def test_ordinary_negation_and_mou_are_not_set_aside(question: str) -> None:
    assert set_aside(question) == question


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Is the Product Market Fit Score in your list?", "product market fit score"),
        ("where is the SUPR-Q score defined?", "supr-q"), ("we send the UMUX survey monthly", "umux"),
        ("can we track our share of voice on social?", "share of voice"),
        ("what about a loyalty index for members", "loyalty index"),
        ("ブランド好意度スコアはどの指標?", "ブランド好意度スコア"),
        ("顧客ロイヤルティ指数って何", "顧客ロイヤルティ指数"),
        ("アクティブ会員数って何?", "アクティブ会員数"),
    ],
)  # fmt: skip
def test_named_scales_scores_indices_and_shares_are_metric_names(question: str, name: str) -> None:
    assert name in metric_names(question)


@pytest.mark.parametrize(
    "question",
    ["what share of visitors who land there buy?", "share of calls agents solve alone", "What Is The Average Score",
     "a single index for everything", "会員数で割る", "share of first-time guests who book again — which metric?",
     "share of long-term members - still active?"],
)  # fmt: skip
def test_descriptions_are_no_metric_names(question: str) -> None:
    assert not [n for n in metric_names(question) if "share" in n or "score" in n or "index" in n or "数" in n]


@pytest.mark.parametrize(
    ("rest", "mention"),
    [
        ("の責任者はどの部署?", True), ("which team should own   ?", True), ("  — who is accountable for it?", True),
        ("the   kpi: who looks after it", True), ("what's the formula for   , and who should own it?", False),
        ("  for customers who signed up last year", False),
    ],
)  # fmt: skip
def test_who_owns_a_kpi_is_a_mention_even_when_it_says_kpi(rest: str, mention: bool) -> None:
    assert about_something_else(rest) is mention


def test_which_denominator_to_divide_by_asks_about_the_kpi() -> None:
    assert asks_about_named("は、閲覧数で割る?それとも来訪者で割る?")


@pytest.mark.parametrize(
    ("question", "cue"),
    [
        ("3 of 5 testers got through the signup alone", DESCRIBED), ("10人中7人がひとりで完了できた", DESCRIBED),
        ("the testers mostly managed it. what do I record this as?", NAMED), ("これは何として記録する?", NAMED),
    ],
)  # fmt: skip
def test_an_observed_result_describes_a_share_and_asking_how_to_log_it_asks_for_a_metric(
    question: str, cue: str
) -> None:
    assert metric_cue(question) == cue


def test_the_step_just_before_a_named_one_is_no_journey_stage() -> None:
    assert not about_stages("商談まで進んだ割合。契約じゃなく、その前の段階")
    assert not about_stages("how many get to a demo — the step before that, not the signed deal")
    assert about_stages("購入前の段階のKPIは?")


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("定期便の利用者のうち、翌月も注文した人がどれくらいいるか見たい", True),  # a share of a group, to see
        ("of the visitors who open the pricing page, how many start a trial? we want to track it", True),
        ("which metric shows that?", True),  # a metric asked for outright
        ("先月のNPSいくつだった?", False),  # a figure, not a measure
        ("what was our NPS last month?", False),
        ("先月のNPSを見たい", False),  # to see, but no share of a group
    ],
)  # fmt: skip
def test_asking_how_to_measure_a_share_is_told_from_asking_for_a_figure(text: str, asks: bool) -> None:
    assert asks_for_a_measure(text) is asks


@pytest.mark.parametrize(
    ("question", "rest"),
    [
        ("how many stages should a journey map have?", ""),
        ("解約した人の割合、ジャーニーマップの継続フェーズに置く指標名は?", "解約した人の割合、"),
        ("the share of 4s and 5s. Which metric does that map to?", "the share of 4s and 5s."),
        ("Planning a workshop — how many people should come?", " how many people should come?"),
    ],
)  # fmt: skip
def test_off_the_map_keeps_the_clauses_about_neither_stages_nor_mapping(question: str, rest: str) -> None:
    assert off_the_map(question) == rest


@pytest.mark.parametrize(
    ("question", "cue"),
    [("media site: average time a reader spends on an article — which card?", "named"), ("どのカードになる?", "named"),
     ("クレジットカードの利用率", "described"), ("what card do I use at the checkout", None)],
)  # fmt: skip
def test_asking_which_card_asks_for_a_metric_but_a_credit_card_does_not(question: str, cue: str | None) -> None:
    assert metric_cue(question) == cue



@pytest.mark.parametrize(
    ("question", "practice"),
    [
        ("how many KPIs should a team of five realistically track?", True),
        ("KPIって何個くらいに絞るのがいいですか", True),
        ("指標が多すぎて追いきれない、どう絞ればいい?", True), ("KPIのオーナーは誰がやるのが普通?", True),
        ("who should own the metrics once the workshop is over, PM or CX?", True),
        ("how often should we review our KPIs? monthly enough?", True),
        ("KPIの見直しってどのくらいの頻度でやってます?", True),
        ("what's the difference between OKRs and KPIs?", True),
        ("経営層向けのダッシュボード、レイアウトどう作るのがいい?", True),
        ("how do we set targets for our KPIs when we have no history?", True),
        ("can you suggest a good chart type for showing KPIs to the board?", True),
        # a quantity described besides: a metric asked for, whoever owns it
        ("our KPI owner wants the share of tickets solved in one contact — what's it called?", False),
        ("ダッシュボードに載せたいんだけど、サイトに来た人のうち買った人の割合って何て呼ぶ?", False),
        ("whats the kpi for how often that happens", False),  # how often it happens, not how often to review
        ("which KPI shows what % of trial users become paying customers?", False),
        ("who owns the onboarding stage?", False),  # no KPI in it
        ("Should a KPI be owned by one named person or by a whole team?", True),
        ("who should own revenue KPIs, finance or RevOps?", True),  # "revenue" only says which KPIs
        ("what's a north star metric and how do we pick one for the app?", True),
        ("best tool to build a KPI dashboard pulling from our billing and CRM tools?", True),
        ("how do we choose a metric for how fast support replies?", False),
    ],
)  # fmt: skip
def test_keeping_kpis_in_general_is_told_from_asking_for_one(question: str, practice: bool) -> None:
    assert about_kpi_practice(question) is practice


def test_asking_which_of_the_things_named() -> None:
    assert asks_which_of("直帰率と離脱率どっちですか?") and asks_which_of("bounce rate or exit rate?")
    assert not asks_which_of("顧客1人の生涯価値が獲得コストの何倍になってるか、よく言われるやつ")


@pytest.mark.parametrize(
    ("text", "tells"),
    [("Conversion rate landed at 2.8% this week, nice work all", True), ("先週のCSATは4.2点でした", True),
     ("pls add churn rate to the QBR deck", True), ("問い合わせ率を月次レポートに記載してください", True),
     ("CVR was 2% — what does it count exactly?", False), ("can you explain what NPS is", False),
     ("can someone explain share of wallet?", False), ("送信してくれた人の割合", False), ("NPS", False),
     ("churn is 5% monthly, is that bad?", False), ("NPS was 30 so how should we read it", False)],
)  # fmt: skip
def test_a_reported_figure_or_a_chore_tells_rather_than_asks(text: str, tells: bool) -> None:
    assert tells_not_asks(text) is tells


@pytest.mark.parametrize(
    ("text", "name", "asks"),
    [("what exactly is ARPU?", "ARPU", True), ("how to calculate LTV correctly?", "LTV", True),
     ("how to calc MRR properly?", "MRR", True), ("exactly how much ARPU do we need?", "ARPU", False)],
)  # fmt: skip
def test_what_exactly_and_how_to_calculate_ask_what_a_named_kpi_is(text: str, name: str, asks: bool) -> None:
    assert defines_named(text, [name]) is asks


def test_a_bracketed_not_keeps_what_follows_its_comma_and_a_rival_named_for_contrast_is_set_aside() -> None:
    kept = set_aside("which metric shows whether they read it (not the replies, just whether they read it)?")
    assert "just whether they read it" in kept and "replies" not in kept
    assert "CTR" not in set_aside("the share of emails opened — what's that, and is it different from CTR?")
    assert "CTR" in set_aside("How is NPS different from CTR?")  # no pronoun: both named are asked about


@pytest.mark.parametrize(
    ("text", "mapping"),
    [("what % of our target persona have heard of us?", False), ("ペルソナのうち何割が知ってる?", False),
     ("how many personas should we make?", True), ("which KPI fits our persona?", True)],
)  # fmt: skip
def test_a_persona_counted_by_a_share_is_no_question_about_mapping(text: str, mapping: bool) -> None:
    assert about_mapping(text) is mapping


@pytest.mark.parametrize(
    ("text", "practice"),
    [("how many questions should the NPS survey have?", True), ("アンケートの設問は何問くらいがいい?", True),
     ("Power BI vs Looker for our CX dashboard, any recs?", True),
     ("what % of people who get the survey answer it?", False), ("which survey question measures effort?", False)],
)  # fmt: skip
def test_a_surveys_length_and_dashboard_tools_weighed_are_practice(text: str, practice: bool) -> None:
    assert about_kpi_practice(text) is practice


def test_a_long_run_of_names_or_nul_characters_is_read_in_linear_time() -> None:
    """A run of blanked names once made the definitional pattern backtrack cubically (1,000 NULs took 10 s)."""
    import time

    start = time.perf_counter()
    for text in ("\x00" * 4000, "NPS" * 2000, "what is " + "NPS " * 1000):
        defines_named(text, ["NPS"])
    assert time.perf_counter() - start < 5.0  # ~0.03 s now; the cubic pattern took minutes


@pytest.mark.parametrize(
    "question",
    ["is there a standard ratio for that?", "what's the right rate to track here?",
     "my team calls it the second order rate, what's the real name?", "basically the kaiyaku ratio. card pls",
     "we usually call it 'come-back rate'", "社内では再来店率って呼んでるけど正式名は?"],
)  # fmt: skip
def test_the_usual_metric_and_the_teams_own_word_are_no_other_metrics_name(question: str) -> None:
    assert metric_names(question) == []


def test_what_the_described_thing_is_said_not_to_be_is_set_aside() -> None:
    kept = set_aside("Which page do people leave from most? I think this is not bounce rate, different one?")
    assert "bounce" not in kept and "leave from most" in kept
