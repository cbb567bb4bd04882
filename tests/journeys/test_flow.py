"""Table-driven tests of the pure state machine: state + event → new state + replies."""

from __future__ import annotations

from datetime import timedelta

import pytest

from journeys.events import Answer, Control, Delete, Edit, FileItem, Move
from journeys.flow import MAX_MESSAGE_CHARS, Context, advance
from journeys.replies import ReplyKind
from journeys.steps import ItemKind, MapType, Step

from .factories import T0, Driver, new_state


def kinds(driver: Driver) -> list[ReplyKind]:
    return [reply.kind for reply in driver.last.replies]


def test_opening_question_names_the_title() -> None:
    from journeys.flow import question

    reply = question(new_state("店舗の再来店"), "ja")
    assert reply.kind is ReplyKind.QUESTION and reply.step is Step.SCOPE
    assert "店舗の再来店" in reply.text


@pytest.mark.parametrize(
    ("answer", "title", "map_type"),
    [("2", "EC購入体験", MapType.FUTURE_STATE), ("サービスブループリント", "EC購入体験", MapType.SERVICE_BLUEPRINT),
     ("タイトル: 新規会員の初回購入", "新規会員の初回購入", MapType.CURRENT_STATE),
     ("Title: First purchase", "First purchase", MapType.CURRENT_STATE)],
)
def test_scope_answers(answer: str, title: str, map_type: MapType) -> None:
    driver = Driver()
    driver.say(answer)
    assert (driver.state.title, driver.state.map_type) == (title, map_type)
    assert driver.state.step is Step.SCOPE


def test_next_at_scope_and_stages_keeps_defaults() -> None:
    driver = Driver()
    driver.say("次へ")
    driver.say("次へ")
    driver.say("次へ")
    assert driver.state.step is Step.TOUCHPOINTS
    assert driver.state.stages == ("認知", "検討", "購入", "維持", "推奨")
    assert (driver.state.title, driver.state.map_type) == ("EC購入体験", MapType.CURRENT_STATE)


def test_persona_then_next_without_persona_warns_but_moves() -> None:
    driver = Driver()
    driver.goto(Step.PERSONA)
    driver.say("next")
    assert driver.state.step is Step.STAGES
    assert ReplyKind.WARNING in kinds(driver)
    driver.say("back")
    driver.say("名前: 田中\n目標: 時短")
    [persona] = driver.state.items_of(ItemKind.PERSONA)
    assert persona.persona is not None and persona.persona.goals == ("時短",)


def test_unreadable_stages_change_nothing() -> None:
    driver = Driver()
    driver.goto(Step.STAGES)
    before = driver.state
    driver.say("ひとつ")
    assert driver.state == before
    assert kinds(driver) == [ReplyKind.NOTICE]


@pytest.mark.parametrize(
    ("stages", "early", "lang", "stage", "items"),
    [("Discover, Evaluate, Trial", "Evaluate: LinkedIn ad, a colleague's recommendation at a conference", "en",
      "Evaluate", ["LinkedIn ad", "a colleague's recommendation at a conference"]),
     ("来店、試着、購入", "試着: 店員の声かけ、試着室", "ja", "試着", ["店員の声かけ", "試着室"]),
     (None, "認知: Instagram広告、友人の紹介", "ja", "認知", ["Instagram広告", "友人の紹介"])],  # default stages too
)
def test_a_stage_answer_sent_at_the_stages_step_moves_on_and_keeps_the_stages(
        stages: str | None, early: str, lang: str, stage: str, items: list[str]) -> None:
    driver = Driver(new_state(lang=lang))
    driver.goto(Step.STAGES)
    if stages is not None:
        driver.say(stages)
    before = driver.state.stages
    driver.say(early)
    # it replaced the stages with "Evaluate: LinkedIn ad / a colleague's recomm…"
    assert driver.state.stages == before
    assert (driver.state.step, driver.state.current_stage) == (Step.TOUCHPOINTS, before[0])
    assert [(i.stage, i.text) for i in driver.state.items_of(ItemKind.TOUCHPOINT)] == [(stage, t) for t in items]
    assert kinds(driver)[-1] is ReplyKind.RECORDED


def test_a_sentence_is_not_a_stage_name() -> None:
    driver = Driver(new_state("Clinic onboarding", lang="en"))
    driver.goto(Step.STAGES)
    before = driver.state
    driver.say("Books a demo. Compares us with rivals; the pricing page is confusing & she can't find the cost.")
    assert driver.state == before  # it became a stage cut at 40 characters ("…& she can'")
    assert kinds(driver) == [ReplyKind.NOTICE]
    driver.say("1: Discover, 2: Evaluate, 3: Trial")  # numbered labels are a list, not answers
    assert len(driver.state.stages) == 3


def test_custom_stages_then_per_stage_walk() -> None:
    driver = Driver()
    driver.goto(Step.STAGES)
    driver.say("来店、試着、購入")
    assert driver.state.stages == ("来店", "試着", "購入")
    driver.say("次へ")
    assert (driver.state.step, driver.state.current_stage) == (Step.TOUCHPOINTS, "来店")
    driver.say("店頭POP、Instagram広告")
    driver.say("購入: レジ")
    assert driver.state.current_stage == "来店"  # a prefix files elsewhere without moving
    assert [(i.stage, i.text, i.channel) for i in driver.state.items_of(ItemKind.TOUCHPOINT)] == [
        ("来店", "店頭POP", "offline"), ("来店", "Instagram広告", "online"), ("購入", "レジ", "offline")]
    driver.say("次へ")
    assert driver.state.current_stage == "試着"
    assert ReplyKind.WARNING not in kinds(driver)
    driver.say("次へ")  # leaving 試着 with nothing: warned, still moves
    assert driver.state.current_stage == "購入" and ReplyKind.WARNING in kinds(driver)
    assert any("試着" in text for text in driver.texts)
    driver.say("次へ")
    assert (driver.state.step, driver.state.current_stage) == (Step.ACTIONS, "来店")


def test_emotions_several_stages_and_unreadable_parts() -> None:
    driver = Driver()
    driver.goto(Step.EMOTIONS)
    driver.say("認知: 1、検討: 不安\n購入: 😞, 維持: banana")
    scores = {i.stage: i.score for i in driver.state.items_of(ItemKind.EMOTION)}
    assert scores == {"認知": 1, "検討": -1, "購入": -1}
    assert any("banana" in text for text in driver.texts)


def test_pasted_emotions_keep_every_stage_and_skip_words_around_them() -> None:
    """A line of staged feelings ending in `！` was one sentence: the first stage got a score, the others nothing. A
    correction naming its stage (`お試し申込は…`) replaced the current stage's feeling; its lead-in was unreadable."""
    driver = Driver()
    driver.goto(Step.STAGES)
    driver.say("① 認知 → ② お試し申込 → ③ 初回到着・使用")
    driver.goto(Step.EMOTIONS)
    driver.say("認知：まあまあ、お試し申込：ちょっとイラッとする、初回到着・使用：最高！")
    assert {i.stage: i.score for i in driver.state.items_of(ItemKind.EMOTION)} == {
        "認知": 0, "お試し申込": -1, "初回到着・使用": 2}
    driver.say("すみません、訂正です。お試し申込はイラッとまではいかず、少し不安くらいです")
    assert {i.stage: i.score for i in driver.state.items_of(ItemKind.EMOTION)} == {
        "認知": 0, "お試し申込": -1, "初回到着・使用": 2}
    assert [i.text for i in driver.state.items_of(ItemKind.EMOTION)][-1].startswith("お試し申込は")
    assert not any("読み取れません" in text for text in driver.texts[-2:])


def test_words_around_an_answer_are_no_items() -> None:
    driver = Driver()
    driver.goto(Step.PAIN_POINTS)
    driver.say("次へ進む前に一つだけ。LINEの通知が多すぎてブロックされがち")
    driver.say("Sorry, one more thing: the FAQ search finds nothing")
    assert [i.text for i in driver.state.items_of(ItemKind.PAIN_POINT)] == [
        "LINEの通知が多すぎてブロックされがち", "the FAQ search finds nothing"]


def test_emotion_nothing_readable_changes_nothing() -> None:
    driver = Driver()
    driver.goto(Step.EMOTIONS)
    before = driver.state
    driver.say("よくわからない")
    assert driver.state == before and kinds(driver) == [ReplyKind.NOTICE]


def test_opportunities_priority_and_kpis_resolution() -> None:
    driver = Driver()
    driver.goto(Step.OPPORTUNITIES)
    driver.say("ワンクリック購入 (影響:高, 工数:低)、チャットサポート")
    first, second = driver.state.items_of(ItemKind.OPPORTUNITY)
    assert (first.text, first.impact, first.effort) == ("ワンクリック購入", 3, 1)
    assert (second.impact, second.effort) == (None, None)
    driver.goto(Step.KPIS)
    assert any("クリック率" in text for text in driver.texts)  # suggestion from the KPI port
    driver.say("NPS (目標: +30), 独自指標")
    nps, own = driver.state.items_of(ItemKind.KPI)
    assert (nps.kpi_id, nps.target, own.kpi_id) == ("nps", "+30", None)


def test_same_message_twice_is_stored_once_and_silent() -> None:
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    event = Answer("店舗", "U2", "slack:C1:111.1", T0)
    driver.send(event)
    state = driver.state
    outcome = advance(state, event, driver.ctx)
    assert outcome.state == state and outcome.replies == [] and not outcome.changed


def test_edit_replaces_items_and_keeps_history_order() -> None:
    driver = Driver()
    driver.goto(Step.PAIN_POINTS)
    driver.say("送料が高い", author="U2")
    edited_id = f"m{driver.count}"
    driver.say("在庫がわからない", author="U3")
    driver.send(Edit(edited_id, "送料が高い、配送が遅い", "U2", T0 + timedelta(hours=1)))
    pains = [i.text for i in driver.state.items_of(ItemKind.PAIN_POINT)]
    # where the answer stood: appended at the end, an edit renumbered `一覧` under a `修正 N` read before it
    assert pains == ["送料が高い", "配送が遅い", "在庫がわからない"]
    assert [c.message_id for c in driver.state.contributions][-2:] == [edited_id, f"m{driver.count}"]
    assert {i.author for i in driver.state.items if i.message_id == edited_id} == {"U2"}


def test_an_empty_edit_of_an_unknown_message_does_nothing_and_its_delete_stores_no_item() -> None:
    driver = Driver()
    before = driver.state
    assert advance(before, Edit("nope", "   ", "U1", T0), driver.ctx).state == before
    after = advance(before, Delete("nope", "U1", T0), driver.ctx).state
    assert after.items == before.items and after.has_message("nope") and after.contributors() == before.contributors()


def test_delete_removes_exactly_what_the_message_added() -> None:
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    driver.say("店舗、アプリ")
    gone = f"m{driver.count}"
    driver.say("電話")
    driver.send(Delete(gone, "U1", T0))
    assert [i.text for i in driver.state.items] == ["電話"]
    assert not driver.state.has_message(gone)


def test_edit_to_empty_deletes() -> None:
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    driver.say("店舗")
    driver.send(Edit(f"m{driver.count}", "   ", "U1", T0))
    assert driver.state.items == ()


def test_deleting_the_stages_message_restores_the_default_stages() -> None:
    driver = Driver()
    driver.goto(Step.STAGES)
    driver.say("3")
    stages_message = f"m{driver.count}"
    assert len(driver.state.stages) == 4
    driver.send(Delete(stages_message, "U1", T0))
    assert driver.state.stages == ("認知", "検討", "購入", "維持", "推奨")


def test_undo_is_per_author() -> None:
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    driver.say("店舗", author="U2")
    driver.say("アプリ", author="U3")
    driver.say("取り消し", author="U2")
    assert [i.text for i in driver.state.items] == ["アプリ"]
    driver.say("undo", author="U4")
    assert kinds(driver) == [ReplyKind.NOTICE]
    assert [i.text for i in driver.state.items] == ["アプリ"]


@pytest.mark.parametrize(("step", "stage_index", "expected"), [
    (Step.TOUCHPOINTS, 0, (Step.STAGES, None)),
    (Step.ACTIONS, 0, (Step.TOUCHPOINTS, "推奨")),
    (Step.ACTIONS, 2, (Step.ACTIONS, "検討")),
    (Step.PERSONA, 0, (Step.SCOPE, None)),
])
def test_back(step: Step, stage_index: int, expected: tuple[Step, str | None]) -> None:
    state = new_state().evolve(step=step, stage_index=stage_index)
    outcome = advance(state, Answer("戻る", "U1", "m1", T0), Context())
    assert (outcome.state.step, outcome.state.current_stage) == expected


def test_back_at_first_step_is_a_notice() -> None:
    outcome = advance(new_state(), Answer("back", "U1", "m1", T0), Context())
    assert not outcome.changed and outcome.replies[0].kind is ReplyKind.NOTICE


def test_review_refuses_answers_and_next() -> None:
    driver = Driver()
    driver.goto(Step.REVIEW)
    before = driver.state
    driver.say("追加したい")
    assert driver.state == before and kinds(driver) == [ReplyKind.NOTICE]
    driver.say("次へ")
    assert driver.state.step is Step.REVIEW and ReplyKind.SUMMARY in kinds(driver)


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200b", "x" * (MAX_MESSAGE_CHARS + 1)])
def test_empty_or_huge_input_changes_nothing(text: str) -> None:
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    before = driver.state
    driver.say(text)
    assert driver.state == before
    assert kinds(driver) == [ReplyKind.NOTICE]


def test_stale_button_does_not_move_twice() -> None:
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    press = Control(Move.NEXT, "U2", T0, at_step="touchpoints", at_stage="認知")
    driver.send(press)
    assert driver.state.current_stage == "検討"
    driver.send(Control(Move.NEXT, "U3", T0, at_step="touchpoints", at_stage="認知"))
    assert driver.state.current_stage == "検討"
    assert kinds(driver)[0] is ReplyKind.NOTICE


def test_file_item_from_elsewhere() -> None:
    driver = Driver()
    driver.send(FileItem("pain_point", "購入", "レジが混んでいて、待ち時間が長い", "U5", "slack:C1:9.9", T0))
    [item] = driver.state.items
    assert (item.kind, item.stage, item.text) == (ItemKind.PAIN_POINT, "購入", "レジが混んでいて、待ち時間が長い")
    assert driver.state.step is Step.SCOPE  # filing never moves the session
    driver.send(FileItem("pain_point", "Loyalty", "x", "U5", "slack:C1:9.8", T0))
    assert kinds(driver) == [ReplyKind.NOTICE] and len(driver.state.items) == 1


def test_reply_language_is_the_session_language_unless_fixed() -> None:
    """SPEC (issue 7): a session keeps the language it started in; `help` in a Japanese one answers in Japanese."""
    driver = Driver()
    driver.say("help")
    assert driver.last.replies[0].lang == "ja"
    driver.say("ヘルプ")
    assert driver.last.replies[0].lang == "ja"
    fixed = Driver(ctx=Context(language="ja"))
    fixed.say("help")
    assert fixed.last.replies[0].lang == "ja"


def test_changing_stages_later_warns_about_orphaned_items() -> None:
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    driver.say("推奨: 口コミ")
    driver.say("back")
    driver.say("2")  # 認知 / 検討 / 決定
    assert any(reply.kind is ReplyKind.WARNING and "推奨" in reply.text for reply in driver.last.replies)


def test_summary_lists_items_by_stage_and_contributors() -> None:
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    driver.say("店舗", author="U2")
    driver.say("まとめ", author="U3")
    text = driver.texts[0]
    assert "店舗" in text and "U2" in text and "■ 認知" in text


def test_a_replayed_move_moves_once() -> None:
    driver = Driver()
    event = Answer("次へ", "U2", "slack:C1:5.5", T0)
    driver.send(event)
    assert driver.state.step is Step.PERSONA
    again = advance(driver.state, event, driver.ctx)
    assert again.state == driver.state and not again.changed and again.replies == []


def test_moves_are_not_answers_for_undo_edit_or_settings() -> None:
    driver = Driver()
    driver.say("次へ", author="U2")  # at scope: must not become the title
    assert driver.state.title == "EC購入体験"
    move_id = f"m{driver.count}"
    driver.send(Edit(move_id, "タイトル: 別の名前", "U2", T0))
    assert driver.state.title == "EC購入体験" and driver.state.step is Step.PERSONA
    driver.say("取り消し", author="U2")
    assert kinds(driver) == [ReplyKind.NOTICE]


def test_filed_opportunity_keeps_its_priority() -> None:
    driver = Driver()
    driver.send(FileItem("opportunity", "購入", "ゲスト購入 (影響:高, 工数:中)", "U5", "slack:C1:7.7", T0))
    [item] = driver.state.items
    assert (item.text, item.impact, item.effort) == ("ゲスト購入", 3, 2)


def test_delete_and_edit_at_the_review_step_read_the_list_it_shows() -> None:
    """`一覧` at the review step numbers the pain points and opportunities; `削除 1` answered that the step had none."""
    driver = Driver()
    driver.goto(Step.PAIN_POINTS)
    driver.say("送料が高い")
    driver.say("在庫がわからない")
    driver.goto(Step.OPPORTUNITIES)
    driver.say("送料を先に表示")
    driver.goto(Step.REVIEW)
    driver.say("削除 1")
    assert [i.text for i in driver.state.items_of(ItemKind.PAIN_POINT)] == ["在庫がわからない"]
    driver.say("修正 2: 送料を商品ページに表示")
    assert [i.text for i in driver.state.items_of(ItemKind.OPPORTUNITY)] == ["送料を商品ページに表示"]


def test_next_on_an_empty_stage_says_the_step_goes_on_at_the_next_stage() -> None:
    """"moving on anyway" read as the end of the step, and the next answers went to the wrong step."""
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    driver.say("次へ")
    assert "「検討」のタッチポイントに進みます" in driver.texts[0] and "スキップ" in driver.texts[0]
    assert driver.state.step is Step.TOUCHPOINTS and driver.state.current_stage == "検討"


def test_an_edit_or_a_delete_that_arrives_before_its_message_decides_what_the_late_message_stores() -> None:
    """Slack retried a failed delivery to the other replica after the edit (or the delete) had arrived: the edit was
    dropped and the late original stored as first typed; a deleted answer came back."""
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    driver.send(Edit("late-1", "修正済み接点", "U2", T0 + timedelta(minutes=5)))
    driver.send(Answer("誤字あり接点", "U2", "late-1", T0 + timedelta(minutes=1)))
    driver.send(Delete("late-2", "U3", T0 + timedelta(minutes=6)))
    driver.send(Answer("消したはずの接点", "U3", "late-2", T0 + timedelta(minutes=2)))
    assert [i.text for i in driver.state.items_of(ItemKind.TOUCHPOINT)] == ["修正済み接点"]
    assert "U3" not in driver.state.contributors()
    driver.send(Answer("取り消し", "U3", "undo-3", T0 + timedelta(minutes=7)))
    assert [i.text for i in driver.state.items_of(ItemKind.TOUCHPOINT)] == ["修正済み接点"]


def test_a_review_today_is_told_it_is_today_not_past() -> None:
    """`見直し <today>` answered that the date was in the past."""
    driver = Driver()
    driver.goto(Step.REVIEW)
    driver.say(f"見直し {driver.at().date().isoformat()}")
    assert "今日です" in driver.texts[0] and "過去" not in driver.texts[0]
    assert driver.state.reviews == ()


def test_two_people_typing_next_at_the_same_moment_move_once() -> None:
    """Two `次へ` in the same second moved two stages, skipping one nobody had answered."""
    driver = Driver()
    driver.goto(Step.TOUCHPOINTS)
    at = T0 + timedelta(hours=1)
    driver.send(Answer("次へ", "U1", "n1", at))
    driver.send(Answer("次へ", "U2", "n2", at + timedelta(seconds=1)))
    assert driver.state.current_stage == "検討" and "もう進んでいます" in driver.texts[0]
    driver.send(Answer("次へ", "U2", "n3", at + timedelta(seconds=30)))  # later on purpose: a move
    assert driver.state.current_stage == "購入"
