"""What a new user typed in a real session and the engine got wrong: signs read as bullets, full-width list
markers, commands half-typed, and undo after an item command. Each case was a message stored wrong or lost."""

from __future__ import annotations

import pytest

from journeys.replies import ReplyKind
from journeys.steps import ItemKind, Step

from .factories import Driver, at_blueprint_lanes, new_state


def at(step: Step) -> Driver:
    driver = Driver()
    driver.goto(step)
    return driver


@pytest.mark.parametrize(("typed", "score"), [("-2", -2), ("-1", -1), ("-2 不安", -2), ("- 1", 1), ("−2", -2),
                                               ("－1", -1), ("+2 嬉しい", 2), ("2", 2)])
def test_an_ascii_minus_is_a_sign_not_a_bullet(typed: str, score: int) -> None:
    driver = at(Step.EMOTIONS)
    driver.say(typed)
    [emotion] = driver.state.items_of(ItemKind.EMOTION)
    assert emotion.score == score


def test_a_pain_point_starting_with_a_negative_number_keeps_its_sign() -> None:
    driver = at(Step.PAIN_POINTS)
    driver.say("-5%の割引が適用されない")
    assert [i.text for i in driver.state.items_of(ItemKind.PAIN_POINT)] == ["-5%の割引が適用されない"]


@pytest.mark.parametrize("typed", ["１．送料が高い\n２．配送日が選べない", "1．送料が高い\n2．配送日が選べない",
                                   "１、送料が高い\n２、配送日が選べない", "1) 送料が高い\n2) 配送日が選べない",
                                   "１）送料が高い\n２）配送日が選べない"])
def test_full_width_list_markers_are_markers(typed: str) -> None:
    driver = at(Step.PAIN_POINTS)
    driver.say(typed)
    assert [i.text for i in driver.state.items_of(ItemKind.PAIN_POINT)] == ["送料が高い", "配送日が選べない"]


@pytest.mark.parametrize("typed", ["1.5倍の時間がかかる", "2、3日待たされる"])
def test_a_number_that_starts_an_answer_is_not_a_marker(typed: str) -> None:
    driver = at(Step.PAIN_POINTS)
    driver.say(typed)
    assert [i.text for i in driver.state.items_of(ItemKind.PAIN_POINT)] == [typed]


def pains(driver: Driver) -> list[str]:
    return [i.text for i in driver.state.items_of(ItemKind.PAIN_POINT)]


@pytest.mark.parametrize("typed", ["削除 1、2", "削除 1 2", "削除 1,2", "delete 1, 2", "削除１・２"])
def test_deleting_several_numbers_at_once(typed: str) -> None:
    driver = at(Step.PAIN_POINTS)
    driver.say("送料が高い\n配送日が選べない\n会員登録が面倒")
    driver.say(typed)
    assert pains(driver) == ["会員登録が面倒"]


@pytest.mark.parametrize("typed", ["修正 1", "修正 1:", "修正", "削除", "edit 2", "delete", "投票", "評価", "削除 。"])
def test_a_half_typed_command_is_explained_not_stored(typed: str) -> None:
    driver = at(Step.PAIN_POINTS)
    driver.say("送料が高い")
    before = driver.state
    driver.say(typed)
    assert driver.state == before
    assert [r.kind for r in driver.last.replies] == [ReplyKind.NOTICE]
    assert any(word in driver.last.replies[0].text for word in ("修正 2:", "edit 2:", "削除 2", "delete 2", "投票 1",
                                                                "vote 1", "評価 1", "rate 1"))


@pytest.mark.parametrize(("typed", "step"), [("次 へ", Step.TOUCHPOINTS), ("つぎ へ", Step.TOUCHPOINTS),
                                             ("見直しへ", Step.REVIEW), ("レビューへ", Step.REVIEW)])
def test_moves_typed_with_a_space_or_by_another_name(typed: str, step: Step) -> None:
    driver = at(Step.TOUCHPOINTS)
    driver.say(typed)
    assert not driver.state.items
    if step is Step.TOUCHPOINTS:
        assert driver.state.stage_index == 1
    else:
        assert driver.state.step is step


def test_a_title_command_at_a_later_step_renames_the_map() -> None:
    driver = at(Step.TOUCHPOINTS)
    driver.say("タイトル: 初回購入ジャーニー")
    assert driver.state.title == "初回購入ジャーニー"
    assert not driver.state.items
    assert driver.state.step is Step.TOUCHPOINTS


def test_undo_after_delete_restores_the_deleted_item() -> None:
    driver = at(Step.PAIN_POINTS)
    driver.say("送料が高い\n配送日が選べない")
    driver.say("削除 2")
    assert pains(driver) == ["送料が高い"]
    driver.say("取り消し")
    assert pains(driver) == ["送料が高い", "配送日が選べない"]
    driver.say("一覧")
    assert "2." in driver.texts[0] and "配送日が選べない" in driver.texts[0]


def test_undo_after_edit_restores_the_text_before() -> None:
    driver = at(Step.PAIN_POINTS)
    driver.say("送料が高い\n配送日が選べない")
    driver.say("修正 1: 送料が高すぎる")
    driver.say("undo")
    assert pains(driver) == ["送料が高い", "配送日が選べない"]
    driver.say("undo")  # the answer itself, now
    assert pains(driver) == []


def test_undo_after_a_vote_takes_the_vote_back_only() -> None:
    driver = at(Step.PAIN_POINTS)
    driver.say("送料が高い\n配送日が選べない")
    driver.say("投票 1")
    assert len(driver.state.votes) == 1
    driver.say("取り消し")
    assert driver.state.votes == ()
    assert pains(driver) == ["送料が高い", "配送日が選べない"]


def test_undo_after_a_rating_restores_the_levels() -> None:
    driver = at(Step.OPPORTUNITIES)
    driver.say("チャットで相談できるようにする (影響:高, 工数:中)")
    driver.say("評価 1 影響:低 工数:高")
    driver.say("取り消し")
    [opportunity] = driver.state.items_of(ItemKind.OPPORTUNITY)
    assert (opportunity.impact, opportunity.effort) == (3, 2)


def test_undo_is_per_person_for_commands_too() -> None:
    driver = at(Step.PAIN_POINTS)
    driver.say("送料が高い\n配送日が選べない", author="U1")
    driver.say("削除 1", author="U2")
    driver.say("取り消し", author="U1")  # U1's last change is their answer, not U2's delete
    assert pains(driver) == []
    driver.say("取り消し", author="U2")  # U2's delete: its item's answer is gone, so nothing comes back wrongly
    assert pains(driver) == []


def test_undo_of_a_delete_after_more_answers_puts_the_item_back_in_its_place() -> None:
    driver = at(Step.PAIN_POINTS)
    driver.say("送料が高い\n配送日が選べない\n会員登録が面倒")
    driver.say("削除 2")
    driver.say("支払い方法が少ない", author="U2")
    driver.say("取り消し")
    assert pains(driver) == ["送料が高い", "配送日が選べない", "会員登録が面倒", "支払い方法が少ない"]


def test_a_kpi_named_again_with_a_target_sets_the_target() -> None:
    driver = at(Step.KPIS)
    driver.say("NPS")
    driver.say("NPS (目標: +30)")
    [kpi] = driver.state.items_of(ItemKind.KPI)
    assert kpi.target == "+30"


def test_editing_an_opportunity_keeps_levels_not_restated() -> None:
    driver = at(Step.OPPORTUNITIES)
    driver.say("チャットで相談できるようにする (影響:高, 工数:中)")
    driver.say("修正 1: チャットとLINEで相談できるようにする")
    [opportunity] = driver.state.items_of(ItemKind.OPPORTUNITY)
    assert opportunity.text == "チャットとLINEで相談できるようにする"
    assert (opportunity.impact, opportunity.effort) == (3, 2)


def test_editing_with_a_stage_prefix_moves_the_item() -> None:
    driver = at(Step.PAIN_POINTS)
    driver.say("送料が高い")
    driver.say("修正 1: 検討: 比較表がない")
    [pain] = driver.state.items_of(ItemKind.PAIN_POINT)
    assert (pain.stage, pain.text) == ("検討", "比較表がない")


def test_undo_of_a_restated_kpi_brings_the_earlier_entry_back() -> None:
    driver = at(Step.KPIS)
    driver.say("NPS (目標: +20)")
    driver.say("NPS (目標: +30)")
    driver.say("取り消し")
    [kpi] = driver.state.items_of(ItemKind.KPI)
    assert kpi.target == "+20"


def test_a_session_titled_in_english_but_answered_in_japanese_replies_in_japanese() -> None:
    driver = Driver(new_state("EC site checkout", lang="en"))
    driver.say("次へ")  # a move tells nothing about the team's language
    assert driver.state.language == "en"
    driver.say("back")
    driver.say("初めてスマホで購入する20代の体験")
    assert driver.state.language == "ja"
    assert "記録" in driver.texts[0] or "範囲" in driver.texts[0]


def test_the_language_is_settled_by_the_first_answer_only() -> None:
    driver = Driver(new_state("EC site checkout", lang="en"))
    driver.say("First-time buyers on mobile")
    driver.say("名前: 佐藤")
    assert driver.state.language == "en"


@pytest.mark.parametrize("typed", ["評価 7 高 低", "見直し あとで", "投票 いちばん上"])
def test_a_command_at_the_review_step_that_does_not_read_shows_its_form(typed: str) -> None:
    driver = at(Step.REVIEW)
    before = driver.state
    driver.say(typed)
    assert driver.state == before
    [reply] = driver.last.replies
    assert "完成" not in reply.text and "`" in reply.text


@pytest.mark.parametrize(("typed", "months", "days"), [("見直し 来月", 1, 0), ("見直し 再来月", 2, 0),
                                                       ("見直し 来週", 0, 7), ("見直し 半年後", 6, 0),
                                                       ("review next month", 1, 0), ("review next week", 0, 7)])
def test_reviews_scheduled_in_words(typed: str, months: int, days: int) -> None:
    from journeys.parsing.session_commands import ReviewAfter, ScheduleReview, read_session_command

    command = read_session_command(typed)
    assert isinstance(command, ScheduleReview) and command.unreadable is None
    expected = ReviewAfter(months, "months") if months else ReviewAfter(days // 7, "weeks")
    assert command.when == expected


@pytest.mark.parametrize("typed", ["紙の契約書", "番号札発券機", "サポートセンター", "券売機", "店頭のキオスク端末"])
def test_offline_touchpoints_a_team_named(typed: str) -> None:
    driver = at(Step.TOUCHPOINTS)
    driver.say(typed)
    [touchpoint] = driver.state.items_of(ItemKind.TOUCHPOINT)
    assert touchpoint.channel == "offline"


@pytest.mark.parametrize("typed", ["👍", "、、、", "...", "!!", "—"])
def test_a_message_of_only_marks_is_no_touchpoint(typed: str) -> None:
    driver = at(Step.TOUCHPOINTS)
    before = driver.state
    driver.say(typed)
    assert driver.state == before
    assert [r.kind for r in driver.last.replies] == [ReplyKind.NOTICE]


def test_marks_between_real_items_are_dropped() -> None:
    driver = at(Step.TOUCHPOINTS)
    driver.say("Instagram広告\n👍\n店頭POP")
    assert [i.text for i in driver.state.items_of(ItemKind.TOUCHPOINT)] == ["Instagram広告", "店頭POP"]


def test_a_full_width_target_is_kept_in_half_width() -> None:
    driver = at(Step.KPIS)
    driver.say("CVR（目標：２０％）")
    [kpi] = driver.state.items_of(ItemKind.KPI)
    assert (kpi.text, kpi.target) == ("CVR", "20%")


def test_a_message_edited_or_deleted_in_the_thread_puts_back_what_it_replaced() -> None:
    from journeys.events import Delete, Edit

    from .factories import T0

    driver = at(Step.KPIS)
    driver.say("NPS (目標: +20)")
    driver.say("NPS (目標: +30)")
    replaced_by = f"m{driver.count}"
    driver.send(Edit(replaced_by, "CTR", "U1", T0))  # the second message now names another KPI
    assert sorted((i.text, i.target) for i in driver.state.items_of(ItemKind.KPI)) == [("CTR", None), ("NPS", "+20")]
    driver.send(Delete(replaced_by, "U1", T0))
    assert [(i.text, i.target) for i in driver.state.items_of(ItemKind.KPI)] == [("NPS", "+20")]


def test_a_persona_typed_line_by_line_is_one_persona_in_the_list() -> None:
    driver = at(Step.PERSONA)
    for line in ("名前: 佐藤 美咲", "年齢: 34", "目標: 平日の買い物を時短したい", "名前: 佐藤 美咲\n不満: 送料が高い"):
        driver.say(line)
    [persona] = driver.state.items_of(ItemKind.PERSONA)
    assert persona.persona is not None
    assert persona.persona.goals == ("平日の買い物を時短したい",) and persona.persona.frustrations == ("送料が高い",)
    driver.say("一覧")
    assert driver.texts[0].count("佐藤 美咲") == 1
    driver.say("取り消し")  # the last message only: its frustration goes, the rest stays
    [persona] = driver.state.items_of(ItemKind.PERSONA)
    assert persona.persona is not None and persona.persona.frustrations == ()
    assert persona.persona.goals == ("平日の買い物を時短したい",)


# ---- what an English-speaking CX lead typed ----------------------------------------------------------------
def en_at(step: Step) -> Driver:
    driver = Driver(new_state("Onboarding for new admins", lang="en"))
    driver.goto(step)
    return driver


def test_undo_takes_back_a_scope_answer_and_the_settings_follow() -> None:
    driver = Driver(new_state("Onboarding", lang="en"))
    driver.say("This map covers new admins from invite to five active teammates.")
    driver.say("Out of scope: billing.")
    driver.say("undo")
    assert driver.state.scope == "This map covers new admins from invite to five active teammates."
    driver.say("Title: Admin onboarding")
    driver.say("undo")
    assert driver.state.title == "Onboarding"


def test_a_vote_at_a_step_with_its_own_list_is_refused() -> None:
    driver = en_at(Step.PAIN_POINTS)
    driver.say("Slow page")
    driver.say("go to kpis")
    driver.say("CVR target 3%")
    driver.say("vote 1")
    assert driver.state.votes == ()
    assert "review" in driver.texts[0]


def test_a_kpi_list_mixing_languages_is_two_kpis() -> None:
    driver = en_at(Step.KPIS)
    driver.say("CSAT (target: 4.5), First contact resolution 目標80%")
    assert [(i.text, i.target) for i in driver.state.items_of(ItemKind.KPI)] == [
        ("CSAT", "4.5"), ("First contact resolution", "80%")]


@pytest.mark.parametrize(("typed", "word"), [("nex", "next"), ("delet 2", "delete"), ("summray", "summary"),
                                             ("nextt", "next")])
def test_a_command_with_a_slip_is_asked_about_not_stored(typed: str, word: str) -> None:
    driver = en_at(Step.TOUCHPOINTS)
    before = driver.state
    driver.say(typed)
    assert driver.state == before and f"`{word}`" in driver.texts[0]


@pytest.mark.parametrize("typed", ["Bank", "Nest app", "Ski", "Help center"])
def test_words_near_a_command_are_answers(typed: str) -> None:
    driver = en_at(Step.TOUCHPOINTS)
    driver.say(typed)
    assert [i.text for i in driver.state.items_of(ItemKind.TOUCHPOINT)] == [typed]


@pytest.mark.parametrize("typed", ["ok next", "next please", "ok, next", "next step"])
def test_a_move_with_chat_words_around_it(typed: str) -> None:
    driver = en_at(Step.TOUCHPOINTS)
    driver.say(typed)
    assert not driver.state.items and driver.state.stage_index == 1


def test_a_step_named_in_part_or_not_at_all() -> None:
    driver = en_at(Step.TOUCHPOINTS)
    driver.say("go to pain")
    assert driver.state.step is Step.PAIN_POINTS
    driver.say("go to the moon")
    assert driver.state.step is Step.PAIN_POINTS and not driver.state.items
    assert "Opportunities" in driver.texts[0]


def test_emoji_joined_by_zero_width_joiners_stay_one_emoji() -> None:
    driver = en_at(Step.PAIN_POINTS)
    driver.say("Dev team 👩\u200d💻 blocked by SSO \u200b")
    assert [i.text for i in driver.state.items_of(ItemKind.PAIN_POINT)] == ["Dev team 👩\u200d💻 blocked by SSO"]


def test_quoted_thoughts_separated_by_commas_are_one_thought_each() -> None:
    driver = en_at(Step.THOUGHTS)
    driver.say('"Where do I even start?", "Why are there 40 settings?"')
    assert len(driver.state.items_of(ItemKind.THOUGHT)) == 2


@pytest.mark.parametrize(("typed", "items"), [
    ("Okta integration docs, support chat, and a call with our solutions engineer",
     ["Okta integration docs", "support chat", "a call with our solutions engineer"]),
    ("Welcome video (optional), hosted on YouTube", ["Welcome video (optional), hosted on YouTube"]),
])
def test_serial_commas_and_describing_phrases(typed: str, items: list[str]) -> None:
    driver = en_at(Step.TOUCHPOINTS)
    driver.say(typed)
    assert [i.text for i in driver.state.items_of(ItemKind.TOUCHPOINT)] == items


def test_a_half_point_emotion_is_refused_not_rounded() -> None:
    driver = en_at(Step.EMOTIONS)
    driver.say("1.5")
    assert not driver.state.items_of(ItemKind.EMOTION)


def test_a_rename_from_the_command_line_makes_nobody_a_contributor() -> None:
    from journeys.events import Rename

    from .factories import T0

    driver = en_at(Step.TOUCHPOINTS)
    driver.say("Invite email")
    driver.send(Rename("Admin onboarding", "cli", "cli-1", T0))
    assert driver.state.title == "Admin onboarding" and driver.state.contributors() == ("U1",)


def test_an_untitled_session_answered_in_english_gets_an_english_placeholder() -> None:
    driver = Driver(new_state("新しいカスタマージャーニー", lang="ja"))
    driver.say("current state, new admins from invite to first value")
    assert driver.state.language == "en" and driver.state.title == "New customer journey"


def test_next_says_why_it_leaves_a_step_whose_stages_are_all_filled() -> None:
    driver = en_at(Step.TOUCHPOINTS)
    stages = driver.state.stages
    driver.say("\n".join(f"{stage}: something" for stage in stages))
    driver.say("next")
    assert driver.state.step is not Step.TOUCHPOINTS
    assert any("Every stage" in text for text in driver.texts)


def test_a_title_at_a_later_step_says_renamed_without_the_scope_hint() -> None:
    driver = en_at(Step.OPPORTUNITIES)
    driver.say("Title: Admin onboarding")
    assert driver.texts == ['Renamed the map to "Admin onboarding".']


def test_list_at_the_stages_step_lists_the_stages() -> None:
    driver = en_at(Step.STAGES)
    driver.say("Invite, Configure SSO, First value")
    driver.say("list")
    assert "1. Invite" in driver.texts[0] and "3. First value" in driver.texts[0]


def test_a_second_blueprint_lane_after_a_semicolon() -> None:
    driver = at_blueprint_lanes("Report, Resolve", title="Support", lang="en")
    driver.say("Resolve: Frontstage: Agent calls the customer; Backstage: engineer fixes the bug")
    assert [(i.kind, i.stage, i.text) for i in driver.state.items if i.kind in (ItemKind.FRONTSTAGE,
                                                                               ItemKind.BACKSTAGE)] == [
        (ItemKind.FRONTSTAGE, "Resolve", "Agent calls the customer"),
        (ItemKind.BACKSTAGE, "Resolve", "engineer fixes the bug")]


def test_impact_and_effort_that_do_not_read_are_said_to() -> None:
    driver = en_at(Step.OPPORTUNITIES)
    driver.say("Faster checkout (impact: 4, effort: 0)")
    assert any("impact/effort" in text for text in driver.texts)
    driver.say("rate 1 impact 5 effort low")
    [opportunity] = driver.state.items_of(ItemKind.OPPORTUNITY)
    assert (opportunity.impact, opportunity.effort) == (None, None)
    assert "rate 1 impact high effort low" in driver.texts[0]


def test_a_persona_pasted_line_by_line_stays_one_persona() -> None:
    driver = en_at(Step.PERSONA)
    for line in ("Name: Priya Shah", "Description: Runs IT for a 200-person fintech", "and is very security-minded.",
                 "Goals: SSO, audit"):
        driver.say(line)
    [persona] = driver.state.items_of(ItemKind.PERSONA)
    assert persona.text == "Priya Shah" and persona.persona is not None
    assert "security-minded" in persona.persona.description and persona.persona.goals == ("SSO", "audit")


def test_a_persona_described_in_a_sentence_is_named_by_its_subject() -> None:
    driver = en_at(Step.PERSONA)
    driver.say("Aiko is an operations manager in Osaka who evaluates tools for her 30-person team.")
    assert [i.text for i in driver.state.items_of(ItemKind.PERSONA)] == ["Aiko"]


def test_a_prefix_naming_no_stage_is_said_to() -> None:
    driver = en_at(Step.TOUCHPOINTS)
    driver.say("Stage C: partner portal")
    assert [i.text for i in driver.state.items_of(ItemKind.TOUCHPOINT)] == ["Stage C: partner portal"]
    assert any('no stage "Stage C"' in text for text in driver.texts)
    driver.say("Note: the portal is new")  # a label that is no stage reference stays quiet
    assert not any("no stage" in text for text in driver.texts)


# ---- what a Japanese CX manager typed, round 2 ------------------------------------------------------------
@pytest.mark.parametrize("typed", ["ToBe", "PE", "CVR改善"])
def test_a_term_in_latin_letters_does_not_switch_a_japanese_session(typed: str) -> None:
    driver = Driver()
    driver.say(typed)
    assert driver.state.language == "ja"


def test_an_ime_typo_of_next_moves_and_a_leftover_letter_is_asked_about() -> None:
    driver = Driver()
    driver.say("ECサイトの購入体験、検索から購入まで")
    driver.say("次ぎへ")
    assert driver.state.step is Step.PERSONA and driver.state.scope == "ECサイトの購入体験、検索から購入まで"
    before = driver.state
    driver.say("次ｈ")
    assert driver.state == before and "`次`" in driver.texts[0]


@pytest.mark.parametrize(("typed", "channel"), [("店舗受け取り予約メール", "online"), ("来店予約フォーム", "online"),
                                                ("ダイレクトメール", "offline"), ("保険料シミュレーター", "online")])
def test_online_words_win_over_the_shop_they_are_about(typed: str, channel: str) -> None:
    driver = at(Step.TOUCHPOINTS)
    driver.say(typed)
    [touchpoint] = driver.state.items_of(ItemKind.TOUCHPOINT)
    assert touchpoint.channel == channel


def test_a_half_filled_priority_is_said_to() -> None:
    driver = at(Step.OPPORTUNITIES)
    driver.say("電子証券 (影響:高, 工数:)")
    assert any("影響・工数が読めませんでした" in text for text in driver.texts)


@pytest.mark.parametrize("typed", ["削除 1〜3", "削除 1-3", "削除 １～３", "delete 1-3"])
def test_a_range_of_numbers_deletes_them_all(typed: str) -> None:
    driver = at(Step.PAIN_POINTS)
    driver.say("A\nB\nC\nD")
    driver.say(typed)
    assert pains(driver) == ["D"]


@pytest.mark.parametrize("typed", ["削除 全部", "delete all", "削除 3-1", "削除 1-999"])
def test_a_delete_that_would_surprise_shows_the_form(typed: str) -> None:
    driver = at(Step.PAIN_POINTS)
    driver.say("A\nB")
    driver.say(typed)
    assert pains(driver) == ["A", "B"] and "`削除 2`" in driver.texts[0]


def test_blueprint_lanes_on_one_line_separated_by_slashes() -> None:
    driver = at_blueprint_lanes("受付、引き取り")
    driver.say("引き取り: 表舞台: ドライバーが引き取る / 裏舞台: 配送手配 / 支援: 配送管理システム / 担当: 物流チーム")
    lanes = {(i.kind, i.text) for i in driver.state.items if i.stage == "引き取り"}
    assert lanes == {(ItemKind.FRONTSTAGE, "ドライバーが引き取る"), (ItemKind.BACKSTAGE, "配送手配"),
                     (ItemKind.SUPPORT, "配送管理システム"), (ItemKind.OWNER, "物流チーム")}


@pytest.mark.parametrize(("typed", "items"), [
    ("受け取りカウンター、配送業者、マイページの注文履歴。",
     ["受け取りカウンター", "配送業者", "マイページの注文履歴"]),
    ("修理受付システムに登録し、部品在庫を確認", ["修理受付システムに登録し、部品在庫を確認"]),
    ("「この色、店舗にあるかな？」「アプリの在庫表示って本当に正しいの？」",
     ["「この色、店舗にあるかな？」", "「アプリの在庫表示って本当に正しいの？」"]),
])
def test_lists_closed_by_a_full_stop_clauses_and_quotes(typed: str, items: list[str]) -> None:
    driver = at(Step.ACTIONS)
    driver.say(typed)
    assert [i.text for i in driver.state.items_of(ItemKind.ACTION)] == items


@pytest.mark.parametrize(("typed", "kind"), [("現状の申込フローを描く。To-Beは来期に別途作る", "current_state"),
                                             ("As-Isはもうあるので、To-Beを作る", "future_state")])
def test_a_map_type_said_of_another_map_is_not_this_maps(typed: str, kind: str) -> None:
    driver = Driver()
    driver.say(typed)
    assert driver.state.map_type.value == kind


def test_moving_a_pain_point_to_another_stage_drops_the_old_stages_touchpoint() -> None:
    driver = at(Step.PAIN_POINTS)
    driver.say("店員を呼べない @試着室")
    driver.say("修正 1: 購入: 店員を呼ぶボタンがない")
    [pain] = driver.state.items_of(ItemKind.PAIN_POINT)
    assert (pain.stage, pain.touchpoint) == ("購入", None)
    driver.say("修正 1: 店員を呼ぶボタンが小さい")  # the same stage: the link stays
    driver.say("修正 1: 店員を呼ぶボタンが小さい @レジ")
    [pain] = driver.state.items_of(ItemKind.PAIN_POINT)
    assert pain.touchpoint == "レジ"


def test_undo_names_the_stage_the_items_were_filed_under() -> None:
    driver = at(Step.EMOTIONS)
    driver.say("維持: 😐")
    driver.say("取り消し")
    assert "維持" in driver.texts[0] and "認知" not in driver.texts[0]


def test_levels_are_echoed_the_way_they_are_typed() -> None:
    driver = at(Step.OPPORTUNITIES)
    driver.say("チャット相談 (影響:高, 工数:中)")
    assert "(影響:高, 工数:中)" in driver.texts[0]


def test_a_stage_scored_by_several_people_shows_their_average() -> None:
    from journeys.export.journey_map import to_journey_map

    driver = at(Step.EMOTIONS)
    driver.say("認知: -2", author="U1")
    driver.say("認知: 2", author="U2")
    driver.say("認知: 1", author="U3")
    driver.say("認知: -1", author="U2")  # U2 thinks again: only U2's own score changes
    [awareness] = [s for s in to_journey_map(driver.state)["stages"] if s["name"] == "認知"]
    assert awareness["emotion"] == -1  # (-2 - 1 + 1) / 3 = -0.67
    assert len(awareness["emotion_history"]) == 4


def test_a_pain_point_at_a_touchpoint_nobody_listed_is_said_to() -> None:
    driver = at(Step.TOUCHPOINTS)
    driver.say("カート画面、店頭")
    driver.goto(Step.PAIN_POINTS)
    driver.say("送料が高い @カート画面")
    assert not any("まだ一覧にありません" in text for text in driver.texts)
    driver.say("レジ待ちが長い @存在しないタッチポイント")
    linked = [i.touchpoint for i in driver.state.items_of(ItemKind.PAIN_POINT)]
    assert linked == ["カート画面", "存在しないタッチポイント"]
    assert any("まだ一覧にありません" in text for text in driver.texts)


def test_a_reply_listing_several_stages_names_each() -> None:
    driver = at(Step.EMOTIONS)
    driver.say("1、検討: -2")
    assert "認知: +1" in driver.texts[0] and "検討: -2" in driver.texts[0]


def test_a_persona_description_reads_as_sentences_with_a_half_width_age() -> None:
    driver = at(Step.PERSONA)
    driver.say("名前: 鈴木 花子\n年齢: ３４\n職業: 会社員（共働き）\n平日は忙しく、夜にスマホで買い物する")
    [persona] = driver.state.items_of(ItemKind.PERSONA)
    assert persona.persona is not None
    assert persona.persona.description == "34歳、会社員（共働き）。平日は忙しく、夜にスマホで買い物する"


def test_details_for_a_persona_already_there_say_added_to_it() -> None:
    driver = en_at(Step.PERSONA)
    driver.say("Name: Priya Shah")
    assert driver.texts[0].startswith("Persona recorded: Priya Shah")
    driver.say("Goals: SSO, audit")
    assert driver.texts[0].startswith("Added to the persona Priya Shah")


def test_a_restated_kpi_says_it_replaced_the_earlier_entry() -> None:
    driver = en_at(Step.KPIS)
    driver.say("CSAT")
    driver.say("CSAT (target: 4.5)")
    assert "replaces the earlier entry for the same metric: CSAT" in driver.texts[0]
    assert len(driver.state.items_of(ItemKind.KPI)) == 1
