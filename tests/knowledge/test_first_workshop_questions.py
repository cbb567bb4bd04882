"""What a team preparing its first workshop asked, typed as they typed it (a new-user round of ja and en questions):
each answer leads with what was asked, and what no note can answer is declined for the right reason."""

from __future__ import annotations

import pytest

from knowledge.answer_text import question_type
from knowledge.query_text import Vocabulary, normalise
from knowledge.question_intent import unanswerable_reason
from knowledge.service import KnowledgeBase
from knowledge.text import detect_language


@pytest.mark.parametrize(
    ("question", "lead", "items"),
    [
        # the steps note's list, not only the sentence announcing it
        ("ジャーニーマップの始め方", "始め方の順番", ["1. 問いとスコープ", "2. 手元にある材料"]),
        ("where do i even start with a journey map for our onboarding?", "Getting started", ["1. Write the question"]),
    ],
)
def test_where_to_start_shows_the_steps(shipped: KnowledgeBase, question: str, lead: str, items: list[str]) -> None:
    answer = shipped.ask(question)
    assert answer.covered and lead in answer.answer, answer.answer
    assert all(item in answer.answer for item in items), answer.answer


def test_a_list_is_shown_once_when_two_chunks_of_its_note_overlap(shipped: KnowledgeBase) -> None:
    text = shipped.ask("ジャーニーマップの作り方の手順を教えて").answer
    numbered = [line for line in text.splitlines() if line[:3].rstrip(".").isdigit()]
    assert numbered and len(numbered) == len(set(numbered)), text
    assert not any("。11." in line for line in text.splitlines()), text  # "11." starts a line of its own


@pytest.mark.parametrize(
    ("question", "first"),
    [("as-is vs to-be, which first", "Start with As-Is"), ("As-IsとTo-Be、どっちから作るべき？", "まずAs-Isを作る")],
)
def test_which_comes_first_leads_with_the_order(shipped: KnowledgeBase, question: str, first: str) -> None:
    assert question_type(question) == "first"
    answer = shipped.ask(question).answer
    assert first in answer.split("\n\n")[1], answer


@pytest.mark.parametrize(
    ("question", "one", "other"),
    [
        ("CSATとNPSの違いって何ですか", "【CSAT】定義：", "【NPS】定義："),
        ("CES vs CSAT?", "[CES] Definition:", "[CSAT] Definition:"),
        ("what's the difference between NPS and CSAT", "[NPS] Definition:", "[CSAT] Definition:"),
        ("CESって何ですか?CSATとの違いも知りたい", "【CES】定義：", "【CSAT】定義："),  # the other side was 【の】
    ],
)
def test_each_side_of_a_metric_comparison_is_its_own_cards_definition(
    shipped: KnowledgeBase, question: str, one: str, other: str
) -> None:
    answer = shipped.ask(question).answer
    assert one in answer and other in answer, answer


def test_a_side_is_not_answered_from_the_other_sides_card(shipped: KnowledgeBase) -> None:
    answer = shipped.ask("KGIとKPIの違い").answer
    kpi = answer.split("【KPI】", 1)[1]
    assert "返品" not in kpi and "KPI: " not in kpi.split("\n")[1], answer  # no card merely titled "KPI: …"


@pytest.mark.parametrize(
    "question",
    [
        "tips for running it remote, team is across 3 timezones",
        "リモートでワークショップやるコツ、メンバーが大阪と東京とシンガポールに分かれてる",
        "how do we keep the map from dying in confluence",
    ],
)
def test_context_beside_the_question_is_no_reason_to_refuse(shipped: KnowledgeBase, question: str) -> None:
    assert shipped.ask(question).covered


def test_words_two_letters_from_a_known_word_are_not_mended_into_it() -> None:
    vocab = Vocabulary.of(["confidence", "timeboxes", "experience", "customer"])
    assert normalise("how do we keep the map from dying in confluence", vocab).endswith("confluence")
    assert "timezones" in normalise("team is across 3 timezones", vocab)
    assert "experience" in normalise("customer expereince", vocab)  # two letters swapped: still a typo
    assert "customer" in normalise("custmer journey", vocab)  # a dropped letter: still a typo


def test_setting_up_a_product_no_note_mentions_is_a_vendor_how_to(shipped: KnowledgeBase) -> None:
    answer = shipped.ask("how do I set up journey builder in salesforce marketing cloud")
    assert not answer.covered and "help" in answer.answer.casefold(), answer.answer
    assert shipped.ask("how do we set up a remote workshop across timezones").covered


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("CVRの業界平均", "benchmark"),
        ("NPSの平均ってどれくらい", "benchmark"),
        ("b2b saas churn benchmark", "benchmark"),
        ("typical NRR for saas", "benchmark"),
        ("今日のランチ何にしよう？笑", "off_topic"),
        ("any good sci-fi books for the flight?", "off_topic"),
        ("来週のワークショップの日程調整お願いできますか？", "schedule"),
        # …and their neighbours that the notes answer
        ("ワークショップって平均どれくらいかかる?", None),
        ("NPSの平均の出し方", None),
        ("CVRの計算方法", None),
        ("what's a benchmark in journey mapping?", None),
        ("ワークショップの日程ってどう組めばいい?", None),
    ],
)
def test_what_no_note_can_answer_is_told_apart(question: str, reason: str | None) -> None:
    assert unanswerable_reason(question) == reason


def test_how_long_a_workshop_takes_is_answered_with_a_duration(shipped: KnowledgeBase) -> None:
    answer = shipped.ask("ワークショップって平均どれくらいかかる?").answer
    assert "半日" in answer.split("\n\n")[1], answer


def test_kpi_cards_written_from_common_practice_cite_it() -> None:
    from knowledge.kpi_catalogue import KpiCatalogue

    churn = KpiCatalogue.default().match("churn")
    assert churn is not None and churn.sources == ("general-practice",)


@pytest.mark.parametrize("term", ["foobar metric", "zzqx metric"])
def test_words_no_card_uses_get_no_card_by_meaning(term: str) -> None:
    from knowledge.kpi_catalogue import KpiCatalogue

    catalogue = KpiCatalogue.default()
    assert catalogue.lookup(term) is None
    assert catalogue.closest(term) == [] or all(e.id != "nps" for e in catalogue.closest(term))


@pytest.mark.parametrize(
    ("question", "steps"),
    [("where do i even start with a journey map?", ["1. ", "2. ", "3. "]),
     ("ジャーニーマップって何から始めればいい？", ["1. ", "2. ", "3. "])],
)
def test_a_step_chosen_for_a_how_question_brings_the_steps_after_it(
    shipped: KnowledgeBase, question: str, steps: list[str]
) -> None:
    first = shipped.ask(question).answer.split("\n\n")[1]
    assert all(f"\n{step}" in first for step in steps), first


def test_a_currency_rate_of_the_day_is_off_topic() -> None:
    """"today" in a note made "what's the usd jpy exchange rate today" look covered."""
    assert unanswerable_reason("what's the usd jpy exchange rate today") == "off_topic"
    assert unanswerable_reason("今日のドル円いくら?") == "off_topic"
    assert unanswerable_reason("what's the GBP to JPY rate today") == "off_topic"  # a pair said with "to"
    assert unanswerable_reason("we price in dollars and yen, which conversion rate metric?") is None


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        # a city office, a UK booking app and a SaaS success team (a second new-user round)
        ("住民基本台帳法上の問題はございませんでしょうか", "legal"),
        ("法律上、電子申請で本人確認を省略しても大丈夫ですか", "legal"),
        ("Do we need a DPIA under UK GDPR for the booking app?", "legal"),
        ("What's the average appointment no-show rate across NHS GP practices?", "benchmark"),
        ("average NPS across UK healthcare apps", "benchmark"),
        ("How do I set up a funnel in Mixpanel for the booking flow?", "vendor_config"),
        ("おつかれー、今日ランチ何食べた?", "off_topic"),
        ("いつもお世話になっております。本日は冷えますね。", "off_topic"),
        ("Cheers for the help earlier — fancy telling me a joke to lighten the mood?", "off_topic"),
        ("Could you translate our appointment reminder SMS into Welsh?", "off_topic"),
        ("住民向けのお知らせ文（電子申請開始のご案内）を作成していただけますでしょうか。", "off_topic"),
        ("SalesforceからチャーンデータをCSVでexportして", "off_topic"),
        ("明日のQBR、15分だけ後ろにずらしといて", "schedule"),
        # …and their neighbours the notes answer
        ("how do we translate pain points into opportunities?", None),
        ("ステージをずらして配置したほうがいい?", None),
        ("how do we build a journey map across all our brands?", None),
        ("寒い時期の来店が減るのはどう描く?", None),
    ],
)
def test_what_a_city_office_a_clinic_app_and_a_saas_team_asked_is_told_apart(question: str, reason: str | None) -> None:
    assert unanswerable_reason(question) == reason


def test_a_legal_question_is_told_whom_to_ask_and_which_notes_are_near(shipped: KnowledgeBase) -> None:
    answer = shipped.ask("個人情報保護法上、インタビューの録音に同意書は必要でしょうか")
    assert not answer.covered and "法務" in answer.answer and answer.sources, answer.answer


def test_end_users_beside_decision_makers_is_a_b2b_persona_question(shipped: KnowledgeBase) -> None:
    """「エンドユーザー」 was an unknown name, and the question was refused."""
    answer = shipped.ask("B2Bのペルソナ、決裁者とエンドユーザーは分けるべき?")
    assert answer.covered and "決裁者" in answer.answer, answer.answer


def test_onboarding_shortened_as_teams_say_it_names_its_card() -> None:
    from knowledge.kpi_catalogue import KpiCatalogue

    found = KpiCatalogue.default().lookup("オンボ完了率ってどう計算?")
    assert found is not None and found.id == "onboarding_completion_rate"


def test_the_cards_near_a_named_metric_the_catalogue_lacks_are_near_what_it_measures() -> None:
    """The nearest cards to a metric named by its letters were read from the letters (page load time for GRR)."""
    from knowledge.kpi_catalogue import KpiCatalogue

    near = [entry.id for entry in KpiCatalogue.default().closest("CPCの計算式")]
    assert near and near[0] in {"customer_acquisition_cost", "roas", "cost_per_lead"}, near


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("How should accessibility be handled in a journey map?", ["assistive", "screen reader"]),
        ("高齢者やスマホを持っていない住民も含めたジャーニーマップにするには、どのような点に気をつければよろしいでしょうか。",
         ["高齢者"]),
        ("Who should own the journey map once it's done — product, UX research or operations?", ["own"]),
    ],
)
def test_accessibility_and_ownership_questions_are_answered_from_their_notes(
    shipped: KnowledgeBase, question: str, words: list[str]
) -> None:
    lead = shipped.ask(question).answer.split("\n\n")[1]
    assert any(word in lead for word in words), lead


@pytest.mark.parametrize(
    ("question", "card"),
    [
        # the CLV card's formula divides by the monthly churn rate: it led, and the churn formula was not shown
        ("how do we compute churn for monthly subscribers?", "KPI: Churn rate"),
        ("LTVとは?保険の場合どう計算する?", "KPI: LTV(顧客生涯価値)"),  # not the LTV/CAC ratio's card
    ],
)
def test_the_card_a_question_names_leads(shipped: KnowledgeBase, question: str, card: str) -> None:
    answer = shipped.ask(question)
    assert answer.sources[0] == card, answer.answer


def test_an_english_question_with_a_japanese_gloss_is_answered_in_english(shipped: KnowledgeBase) -> None:
    """The reply frame and the notes were Japanese for "(オンライン)" in brackets."""
    answer = shipped.ask("How should we run a journey mapping workshop remotely (オンライン)?")
    assert answer.covered and answer.answer.startswith("Here is what the knowledge base says"), answer.answer
    assert detect_language("my 上司 wants a KPIツリー by friday, how should I structure it?") == "ja"  # terms inline


def test_an_unheard_gloss_of_a_known_word_is_no_unknown_name(shipped: KnowledgeBase) -> None:
    """Declined, with the note that answers it as the nearest, for "オポチュニティ" in brackets after 改善機会."""
    answer = shipped.ask("改善機会(オポチュニティ)はどうやって洗い出せばいいですか?")
    assert answer.covered and "機会" in answer.answer.split("\n\n")[1], answer.answer


@pytest.mark.parametrize("question", ["how do we measure course completion rate?", "email bounce rate?"])
def test_a_named_metric_the_catalogue_lacks_is_not_answered_from_its_neighbours_card(
    shipped: KnowledgeBase, question: str
) -> None:
    """The application-completion card answered course completion; the web bounce rate's, email bounces."""
    answer = shipped.ask(question)
    assert not answer.covered and "KPI catalogue" in answer.answer, answer.answer
    assert shipped.ask("what is bounce rate?").covered  # the card's own name still has its card


@pytest.mark.parametrize(
    ("question", "metrics"),
    [("which KPIs should we track for the onboarding stage?", ["activation rate", "time to value"]),
     ("オンボーディングのステージではどんなKPIを見ればいい?", ["アクティベーション率", "オンボーディング完了率"])],
)
def test_a_saas_stage_gets_its_list_of_metrics(shipped: KnowledgeBase, question: str, metrics: list[str]) -> None:
    """One card's definition answered "which KPIs" for a stage no stage note is about."""
    lead = shipped.ask(question).answer.split("\n\n")[1]
    assert all(metric in lead for metric in metrics), lead


@pytest.mark.parametrize(
    ("question", "reason"),
    [("来週のオンボーディングworkshopの日程を教えて", "schedule"),  # it said it could not see the team's figures
     ("新入社員向けのwelcome letterを書いて", "off_topic"), ("write a welcome email for new hires", "off_topic"),
     ("ワークショップは何時間やるのがいい?", None), ("次のワークショップの進め方は?", None)],
)
def test_an_event_date_and_a_letter_to_write_are_declined_for_what_they_are(question: str, reason: str | None) -> None:
    assert unanswerable_reason(question) == reason
