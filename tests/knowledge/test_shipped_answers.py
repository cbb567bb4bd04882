"""The shipped notes answer from memory (no vector store opened), and answer what teams actually ask."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.service import KnowledgeBase
from tests.knowledge.conftest import NoStore


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("ペルソナは何人分用意しておけば足りる?", ["ペルソナ", "2〜3"]),
        ("B2C向けだとペルソナいくつ必要?", ["ペルソナ"]),
        ("KPIとKGIってどう違うの?", ["KGI", "KPI"]),
        ("Q3中にマップを更新したい。どのくらいの間隔で見直すもの?", ["四半期"]),
        ("スコープの決め方を教えて", ["スコープ"]),
        ("after the workshop, who keeps the map up to date?", ["owner"]),
    ],
)
def test_unseen_words_are_no_reason_to_refuse(shipped: KnowledgeBase, question: str, words: list[str]) -> None:
    answer = shipped.ask(question)
    assert answer.covered, answer.answer
    assert all(word in answer.answer for word in words), answer.answer


@pytest.mark.parametrize(
    ("question", "why"),
    [("うちの先月のNPSは?", "見えません"), ("国内ECのCVRの平均は?", "ベンチマーク"),
     ("average cart abandonment rate in 2024?", "benchmarks"),
     ("can you pull our Q3 conversion rate from the dashboard", "can't see"),
     ("How do I configure Salesforce Journey Builder?", "help pages")],
)
def test_what_no_note_holds_is_refused_with_why_and_the_nearest_notes(
    shipped: KnowledgeBase, question: str, why: str
) -> None:
    answer = shipped.ask(question)
    assert not answer.covered and answer.sources
    assert why in answer.answer  # what kind of question no note answers, so people know what to ask instead


@pytest.mark.parametrize(
    ("question", "why"),
    [("when is our next review meeting?", "calendar"),
     ("来週のジャーニーマップ定例って何時からでしたっけ?", "カレンダー"),
     ("経費精算の申請ってどうやるんだっけ?", "社内ポータル")],
)
def test_a_schedule_or_admin_question_gets_no_nearest_notes(shipped: KnowledgeBase, question: str, why: str) -> None:
    """No note is near "when is the meeting?": the notes on meetings-as-workshops would only look confused."""
    answer = shipped.ask(question)
    assert not answer.covered and not answer.sources and why in answer.answer


def test_a_difference_question_is_answered_side_by_side(shipped: KnowledgeBase) -> None:
    answer = shipped.ask("difference between touchpoint and channel?")
    assert "[touchpoint]" in answer.answer and "[channel]" in answer.answer
    assert "Touchpoint vs channel" in answer.sources


def test_a_fresh_directory_is_not_created_for_the_notes(shipped: KnowledgeBase, tmp_path: Path) -> None:
    shipped.ask("NPSって何?")
    assert shipped._client.__class__ is NoStore  # still never opened


@pytest.mark.parametrize(
    ("question", "source", "words"),
    [
        ("共感マップとカスタマージャーニーマップって何が違うの?",
         "ジャーニーマップと共感マップ(エンパシーマップ)の違い", ["共感マップ", "時系列"]),
        ("we only have funnel dashboards. why bother with a journey map?", "Journey map vs funnel analysis",
         ["funnel"]),
        ("BtoBだとステージって何が変わる?", "B2BとSaaSのジャーニー", ["B2B"]),
        ("primary vs secondary persona — which one do we map first?", "Persona count and validation",
         ["primary persona"]),
        ("マップってExcelで作っても大丈夫?専用ツール入れるべき?", "ジャーニーマップ作成・可視化ツール", ["Excel"]),
        ("ジャーニーマップの失敗例ってある?よくある落とし穴知りたい", "よくある失敗(調査と中身づくり編)", ["失敗"]),
        ("we're a hospital — does journey mapping even apply to patients?", "Healthcare and patient journeys",
         ["patient"]),
        ("how do I get execs to care about the map?", "Getting approval for journey work from a manager or leadership",
         ["leadership"]),
        ("is there a standard set of rows a journey map should have?", "What goes into a customer journey map",
         ["Persona"]),
        ("what's ZMOT?", "Moments of truth", ["ZMOT"]),  # the sentence spelling out the abbreviation asked
        ("代理店経由で売ってるんだけど、誰のジャーニーを描けばいい?", "マップづくりの目的と範囲を決める", ["最終顧客"]),
        ("mgmt wants the map done in a week. realistic? what can we cut",
         "Setting the objective and scope of a mapping project", ["one persona"]),
        ("MOTとは", "真実の瞬間(moment of truth)", ["真実の瞬間"]),
        ("is a user story map the same thing as a journey map?", "Journey map vs user story map", ["story map"]),
        ("how do I stop the HiPPO from taking over the workshop?", "Running a journey mapping workshop", ["HiPPO"]),
    ],
)
def test_questions_teams_ask_about_neighbouring_methods_are_answered(
    shipped: KnowledgeBase, question: str, source: str, words: list[str]
) -> None:
    answer = shipped.ask(question)
    assert answer.covered and source in answer.sources, answer.answer
    assert all(word in answer.answer for word in words), answer.answer


@pytest.mark.parametrize("question", ["how do i sort a list in python", "明日の大阪の天気は?",
                                      "need a regex that matches order numbers in our support emails"])
def test_code_and_weather_are_refused_even_beside_journey_words(shipped: KnowledgeBase, question: str) -> None:
    assert not shipped.ask(question).covered


@pytest.mark.parametrize(
    "question",
    ["Zendeskの問い合わせログをマップのペインポイントに使うコツは?",
     "Tableauのダッシュボードにステージ別KPIを並べたい、どのKPIを選ぶ?",
     "we track NPS in Qualtrics. where does NPS go on the journey map?",
     "can we use Hotjar heatmaps to find pain points in the consideration stage?"],
)
def test_tools_named_around_a_question_about_the_map_are_context(shipped: KnowledgeBase, question: str) -> None:
    assert shipped.ask(question).covered


@pytest.mark.parametrize(
    "question",
    ["Marketing Cloudでメール配信するには?", "Zendeskのマクロの作り方教えて",
     "what's the difference between scrum and kanban?", "スクラムとカンバンの違いは?",
     "how do I configure the NPS survey widget in Qualtrics?", "how do I add a custom event in Mixpanel?"],
)
def test_how_to_use_a_tool_the_notes_never_mention_is_refused(shipped: KnowledgeBase, question: str) -> None:
    assert not shipped.ask(question).covered


@pytest.mark.parametrize(("question", "words"), [("who won the game last night?", "journey mapping"),
                                                 ("明日の大阪の天気は?", "範囲外"),
                                                 ("lol anyone watch the game last night?", "journey mapping"),
                                                 ("今日のランチ何がいいと思う?", "範囲外")])
def test_an_off_topic_question_is_told_what_the_bot_is_for_without_nearest_notes(
    shipped: KnowledgeBase, question: str, words: str
) -> None:
    answer = shipped.ask(question)
    assert not answer.covered and not answer.sources and words in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        # the context around the question brings words and names of its own
        "How do you validate a persona? Ours were made by an agency in 2021 and the CX team doesn't trust them anymore",
        "ジャーニーマップ作りでありがちな失敗ってなんですか?来週キックオフなので先に知っておきたい",
        # ... or names the topic the question leans on
        "ファシリ初めてです。声の大きい部長が全部決めちゃいそうで不安…どう回せばいい?",
        "we have a to-be map nobody believes in. how do we make it credible",
        # a katakana term typed in a hurry
        "ワークショプって何時間くらい確保すべき?",
        # a meeting room as a place in a sentence, not a room to book
        "how do we know our personas are right and not just something we made up in a meeting room?",
    ],
)
def test_what_a_message_asks_decides_not_every_word_around_it(shipped: KnowledgeBase, question: str) -> None:
    assert shipped.ask(question).covered
