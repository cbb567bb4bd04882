"""Issue 7, session side: the engine reads what people type as they meant it (SPEC "What people type")."""

from __future__ import annotations

import json

import pytest

from journeys.events import Answer, Control, Move
from journeys.export import to_journey_map
from journeys.export.importer import from_journey_map, read_journey_map
from journeys.flow import Context
from journeys.parsing.items import derive_settings
from journeys.replies import ReplyKind
from journeys.steps import ItemKind, MapType, Step

from .factories import T0, Driver, new_state


def kinds(driver: Driver) -> list[ReplyKind]:
    return [reply.kind for reply in driver.last.replies]


# ---- pt 10: scope ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("answer", "map_type", "scope"),
    [
        ("現状(As-Is)でお願いします。範囲は初回来店から契約までです。", MapType.CURRENT_STATE,
         "範囲は初回来店から契約までです。"),
        ("service blueprint please", MapType.SERVICE_BLUEPRINT, None),
        ("サービスブループリントで", MapType.SERVICE_BLUEPRINT, None),
        ("To-Beで", MapType.FUTURE_STATE, None),
        ("future state please", MapType.FUTURE_STATE, None),
        ("4", MapType.SERVICE_BLUEPRINT, None),
        ("対象は20代の新規ユーザー、アプリのダウンロードから初回購入まで", MapType.CURRENT_STATE,
         "対象は20代の新規ユーザー、アプリのダウンロードから初回購入まで"),
    ],
)
def test_scope_sentence_sets_type_and_scope_never_the_title(answer: str, map_type: MapType,
                                                            scope: str | None) -> None:
    driver = Driver()
    driver.say(answer)
    assert (driver.state.title, driver.state.map_type, driver.state.scope) == ("EC購入体験", map_type, scope)
    assert to_journey_map(driver.state)["scope"] == scope
    if scope:
        assert scope in driver.texts[0]
        driver.say("まとめ")
        assert scope in driver.texts[0]


def test_a_scope_several_people_describe_keeps_each_ones_latest() -> None:
    """Two people describing the scope: the second message used to replace the first in the map. Someone
    answering again still changes their own part (undo refuses settings and says to answer again)."""
    driver = Driver()
    driver.say("対象は20代の新規ユーザー")
    driver.say("店舗での購入は含めない", author="U2")
    driver.say("対象は20代の新規ユーザー、アプリのダウンロードから初回購入まで")
    both = "対象は20代の新規ユーザー、アプリのダウンロードから初回購入まで\n店舗での購入は含めない"
    assert driver.state.scope == both and to_journey_map(driver.state)["scope"] == both
    raw = json.dumps(to_journey_map(driver.state), ensure_ascii=False).encode()
    copy = from_journey_map(read_journey_map(raw), journey_id="copy", team_id="T1", channel_id="C1",
                            author="U9", at=T0)
    assert derive_settings(copy).scope == both  # export → import keeps both lines


def test_title_changes_only_through_the_label() -> None:
    driver = Driver()
    driver.say("タイトル: 住宅ローン申込体験\n理想の姿で")
    assert (driver.state.title, driver.state.map_type) == ("住宅ローン申込体験", MapType.FUTURE_STATE)
    driver.say("Title: Mortgage")
    assert driver.state.title == "Mortgage" and driver.state.map_type is MapType.FUTURE_STATE


@pytest.mark.parametrize("persona", [
    "名前: 佐藤 / 説明: 30代の会社員 / 目標: 早く安く買いたい",
    "名前: 佐藤\n目標: 早く安く買いたい\n不満: 送料が高い",
    "Name: Sato\nGoals: buy quickly",
])
def test_a_persona_typed_while_the_scope_is_open_is_the_persona_not_the_scope(persona: str) -> None:
    driver = Driver()
    driver.say("ECサイトで初めて買う人の体験。サービスブループリントで")
    driver.say(persona)
    assert driver.state.scope == "ECサイトで初めて買う人の体験。"  # kept, not replaced by the persona
    assert driver.state.step is Step.PERSONA
    personas = [i for i in driver.state.items if i.kind is ItemKind.PERSONA]
    assert [p.persona.name for p in personas if p.persona] in (["佐藤"], ["Sato"])
    driver.say("名前: 鈴木 / 目標: 比較したい")  # and the persona step goes on as usual
    assert len([i for i in driver.state.items if i.kind is ItemKind.PERSONA]) == 2


def test_a_scope_sentence_with_one_colon_is_still_the_scope() -> None:
    driver = Driver()
    driver.say("範囲: 初回購入から2回目の購入まで")
    assert driver.state.step is Step.SCOPE and driver.state.scope


# ---- pt 13: language --------------------------------------------------------------------------------
def test_a_control_word_in_the_other_language_does_not_switch_the_session() -> None:
    driver = Driver()
    driver.say("next")
    assert driver.state.step is Step.PERSONA
    assert all(reply.lang == "ja" for reply in driver.last.replies)
    driver.say("undo")
    assert driver.last.replies[0].lang == "ja"
    english = Driver(new_state("Grocery", lang="en"))
    english.say("次へ")
    assert english.last.replies[0].lang == "en" and english.state.step is Step.PERSONA
    fixed = Driver(ctx=Context(language="en"))
    fixed.say("ヘルプ")
    assert fixed.last.replies[0].lang == "en"


# ---- pt 14: per-stage steps ---------------------------------------------------------------------------
def test_next_after_every_stage_has_an_entry_goes_to_the_next_step() -> None:
    driver = Driver()
    driver.goto(Step.EMOTIONS)
    driver.say("認知: 1、検討: -1、購入: 😞、維持: 満足、推奨: 2")
    driver.say("次へ")
    assert driver.state.step is Step.PAIN_POINTS and driver.state.current_stage == "認知"
    assert ReplyKind.WARNING not in kinds(driver)


def test_next_still_walks_the_stages_while_some_are_empty() -> None:
    driver = Driver()
    driver.goto(Step.EMOTIONS)
    driver.say("認知: 1、検討: -1")
    driver.say("次へ")
    assert (driver.state.step, driver.state.current_stage) == (Step.EMOTIONS, "検討")


# ---- pt 15: jump, list, delete, edit, undo ----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "step"),
    [("改善機会へ", Step.OPPORTUNITIES), ("行動へ", Step.ACTIONS), ("KPIへ", Step.KPIS),
     ("go to pain points", Step.PAIN_POINTS), ("ペインポイントへ", Step.PAIN_POINTS),
     ("go to Customer thoughts", Step.THOUGHTS), ("ペルソナへ", Step.PERSONA), ("go to review", Step.REVIEW),
     ("感情へ", Step.EMOTIONS)],
)
def test_jump_to_a_step(text: str, step: Step) -> None:
    driver = Driver()
    driver.goto(Step.REVIEW)
    driver.say(text)
    assert driver.state.step is step
    assert driver.state.stage_index == 0
    assert driver.last.replies[-1].kind is ReplyKind.QUESTION
    assert not driver.state.items  # the jump is not an answer


def test_list_delete_and_edit_items_by_number() -> None:
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    driver.say("Instagram広告、Google検索", author="U1")
    driver.say("検討: 比較サイト、店舗", author="U2")
    driver.say("一覧", author="U3")
    listing = driver.texts[0]
    assert "1. " in listing and "4. " in listing and "【検討】" in listing
    driver.say("削除 2", author="U3")
    assert [i.text for i in driver.state.items_of(ItemKind.TOUCHPOINT)] == ["Instagram広告", "比較サイト", "店舗"]
    driver.say("修正 3: 来店して契約", author="U3")
    edited = driver.state.items_of(ItemKind.TOUCHPOINT)[2]
    assert (edited.text, edited.channel, edited.stage) == ("来店して契約", "offline", "検討")
    assert "U3" in driver.state.contributors()  # attributed
    driver.say("delete 9", author="U3")
    assert kinds(driver) == [ReplyKind.NOTICE] and len(driver.state.items) == 3


def test_an_item_command_replayed_acts_once() -> None:
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    driver.say("A、B、C")
    event = Answer("削除 1", "U2", "slack:C1:1.1", T0)
    driver.send(event)
    driver.send(event)
    assert [i.text for i in driver.state.items] == ["B", "C"]


def test_list_of_a_step_without_items_and_edit_in_english() -> None:
    driver = Driver(new_state("Grocery", lang="en"))
    driver.goto(Step.PAIN_POINTS)
    driver.say("list")
    assert kinds(driver) == [ReplyKind.NOTICE]
    driver.say("slow delivery")
    driver.say("edit 1: very slow delivery")
    assert [i.text for i in driver.state.items] == ["very slow delivery"]


def test_undo_says_where_the_removed_answer_was() -> None:
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    driver.say("店舗")
    driver.say("改善機会へ")
    driver.say("取り消し")
    assert "タッチポイント" in driver.texts[0] and "認知" in driver.texts[0] and "店舗" in driver.texts[0]
    assert driver.state.step is Step.OPPORTUNITIES


def test_button_moves_still_work_after_a_jump() -> None:
    driver = Driver()
    driver.say("KPIへ")
    driver.send(Control(Move.NEXT, "U1", T0, at_step="kpis", at_stage="認知"))
    assert driver.state.current_stage == "検討"


# ---- pt 16: KPIs ---------------------------------------------------------------------------------------
def test_kpi_targets_and_custom_kpis() -> None:
    driver = Driver()
    driver.goto(Step.KPIS)
    driver.say("NPS target +20、一次解決率 目標80%")
    nps, custom = driver.state.items_of(ItemKind.KPI)
    assert (nps.text, nps.kpi_id, nps.target) == ("NPS", "nps", "+20")
    assert (custom.text, custom.kpi_id, custom.target) == ("一次解決率", None, "80%")
    assert "一次解決率" in driver.texts[-1] and "独自" in driver.texts[-1]
    [stage] = [s for s in to_journey_map(driver.state)["stages"] if s["name"] == "認知"]
    assert [k.get("custom") for k in stage["kpis"]] == [False, True]


# ---- pt 17: touchpoint channel ----------------------------------------------------------------------
@pytest.mark.parametrize("text", ["来店して契約", "司法書士との面談", "内覧会に参加", "showroom visit"])
def test_offline_touchpoints(text: str) -> None:
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    driver.say(text)
    assert driver.state.items[0].channel == "offline"


def test_the_touchpoint_question_documents_the_channel_tag() -> None:
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    assert "(オフライン)" in driver.last.replies[-1].text
    english = Driver(new_state("Grocery", lang="en"))
    english.goto(Step.TOUCHPOINTS)
    assert "(offline)" in english.last.replies[-1].text


# ---- pt 9: display names --------------------------------------------------------------------------------
def test_contributors_are_named_by_their_latest_display_name() -> None:
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    driver.send(Answer("店舗", "U2", "m100", T0, author_name="佐藤"))
    driver.send(Answer("チラシ", "U2", "m101", T0, author_name="佐藤 花子"))
    assert driver.state.display_name("U2") == "佐藤 花子"
    assert driver.state.display_name("U9") == "U9"
    driver.say("まとめ")
    assert "佐藤 花子" in driver.texts[0] and "U2" not in driver.texts[0]
    assert to_journey_map(driver.state)["contributors"] == ["U1", "U2"]


def test_markdown_names_contributors_by_display_name() -> None:
    from journeys.export import to_markdown

    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    driver.send(Answer("店舗", "U2", "m100", T0, author_name="佐藤 花子"))
    markdown = to_markdown(driver.state, "ja")
    assert "佐藤 花子" in markdown and "U2" not in markdown
    assert to_journey_map(driver.state)["contributor_names"] == {"U1": "U1", "U2": "佐藤 花子"}
