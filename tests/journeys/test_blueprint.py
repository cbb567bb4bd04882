"""Service blueprint sessions: the `blueprint` step asks for the lanes behind each stage."""

from __future__ import annotations

from journeys.flow import question
from journeys.replies import ReplyKind
from journeys.steps import ItemKind, MapType, Step
from journeys.summary import summary_text

from .factories import Driver, blueprint_session


def lanes(driver: Driver, stage: str) -> dict[ItemKind, list[str]]:
    kinds = (ItemKind.FRONTSTAGE, ItemKind.BACKSTAGE, ItemKind.SUPPORT, ItemKind.OWNER)
    return {kind: [i.text for i in driver.state.items_of(kind, stage)] for kind in kinds}


def test_a_blueprint_session_asks_for_the_lanes_right_after_the_actions_and_stores_them() -> None:
    driver = blueprint_session()
    assert driver.state.map_type is MapType.SERVICE_BLUEPRINT
    assert (driver.state.step, driver.state.current_stage) == (Step.BLUEPRINT, "認知")  # prefixes did not move
    assert lanes(driver, "認知") == {
        ItemKind.FRONTSTAGE: ["店員が在庫を確認", "売場へ案内", "POPで新商品を案内"],
        ItemKind.BACKSTAGE: ["倉庫システムで引当"],
        ItemKind.SUPPORT: ["在庫管理システム"],
        ItemKind.OWNER: ["店舗運営チーム"],
    }
    assert lanes(driver, "購入")[ItemKind.BACKSTAGE] == ["決済の照合"]
    assert lanes(driver, "購入")[ItemKind.SUPPORT] == ["POSレジ"]
    summary = summary_text(driver.state, "ja")
    assert "担当: 店舗運営部" in summary and "店長" not in summary  # one owner per stage: the latest
    assert "裏舞台: 決済の照合" in summary


def test_the_blueprint_question_explains_the_lanes_and_counts_in_the_progress() -> None:
    driver = Driver()
    driver.say("サービスブループリント")
    driver.goto(Step.ACTIONS)
    outcome = driver.say("スキップ")
    assert driver.state.step is Step.BLUEPRINT
    text = outcome.replies[-1].text
    assert text.startswith("ステップ 6/12") and "表舞台: 店員が在庫を確認" in text and "担当:" in text
    english = question(driver.state.evolve(language="en"), "en").text
    assert "Step 6/12" in english and "Frontstage:" in english and "Owner:" in english
    driver.say("スキップ")
    assert driver.state.step is Step.THOUGHTS
    driver.say("戻る")
    assert (driver.state.step, driver.state.current_stage) == (Step.BLUEPRINT, driver.state.stages[-1])


def test_a_current_state_map_never_sees_the_blueprint_step() -> None:
    driver = Driver()
    visited = []
    while driver.state.step is not Step.REVIEW:
        visited.append(driver.state.step)
        assert "/11" in question(driver.state, "ja").text
        driver.say("スキップ")
    assert Step.BLUEPRINT not in visited and Step.ACTIONS in visited
    driver.say("思考へ")
    driver.say("戻る")
    assert driver.state.step is Step.ACTIONS
    outcome = driver.say("ブループリントへ")
    assert not outcome.changed and outcome.replies[0].kind is ReplyKind.NOTICE
    assert driver.state.step is Step.ACTIONS


def test_jump_list_delete_edit_and_undo_work_at_the_blueprint_step() -> None:
    driver = blueprint_session()
    driver.say("KPIへ")
    driver.say("go to blueprint")
    assert (driver.state.step, driver.state.current_stage) == (Step.BLUEPRINT, "認知")
    listed = driver.say("一覧").replies[0].text
    assert "1. 表舞台: 店員が在庫を確認" in listed and "裏舞台: 決済の照合" in listed
    assert "来店して商品を探す" not in listed  # the customer's actions belong to their own step
    driver.say("削除 2")  # 売場へ案内
    assert lanes(driver, "認知")[ItemKind.FRONTSTAGE] == ["店員が在庫を確認", "POPで新商品を案内"]
    driver.say("修正 1: 店員が在庫をタブレットで確認")
    assert lanes(driver, "認知")[ItemKind.FRONTSTAGE][0] == "店員が在庫をタブレットで確認"
    driver.say("支援: 顧客アプリ")
    driver.say("undo")
    assert lanes(driver, "認知")[ItemKind.SUPPORT] == ["在庫管理システム"]


def test_english_labels_and_an_unlabelled_line() -> None:
    driver = Driver(state=None)
    driver.say("service blueprint")
    driver.goto(Step.BLUEPRINT)
    driver.say("Frontstage: staff check the stock, staff greet\nBackstage: reserve in the warehouse\n"
               "Support process: inventory system\nOwner: store operations\nhands over the bag")
    assert lanes(driver, driver.state.stages[0]) == {
        ItemKind.FRONTSTAGE: ["staff check the stock", "staff greet", "hands over the bag"],
        ItemKind.BACKSTAGE: ["reserve in the warehouse"],
        ItemKind.SUPPORT: ["inventory system"],
        ItemKind.OWNER: ["store operations"],
    }
