"""Personas as a new user typed them at the persona step (Slack messages and terminal lines): labels one per
line with attributes the parser did not know (`年齢:` / `職業:` / `Age:`), free text, separators offered by the
step's own prompt (`---`), labels in any order, and the same persona given twice. Each case was read wrong."""

from __future__ import annotations

import pytest

from journeys.export.grouping import group_items
from journeys.parsing.personas import looks_like_persona, parse_personas
from journeys.replies import ReplyKind
from journeys.state import Persona
from journeys.steps import ItemKind, Step

from ..factories import Driver


def at_persona_step() -> Driver:
    driver = Driver()
    driver.goto(Step.PERSONA)
    return driver


def persona_names(driver: Driver) -> list[str]:
    return [item.persona.name for item in driver.state.items_of(ItemKind.PERSONA) if item.persona]


# ---- 1. attributes: 年齢 / 職業 / 家族 / Age / Job go into the description ---------------------------------
def test_labels_one_per_line_with_attributes_japanese() -> None:
    [persona] = parse_personas(
        "・名前：佐藤 美咲\n・年齢：34\n・職業：会社員（経理）\n・家族：夫と小学生の娘\n"
        "・目標：平日の買い物を15分で済ませたい\n・不満：送料無料の条件が分かりにくい"
    )
    assert persona.name == "佐藤 美咲"
    assert persona.description == "34歳、会社員（経理）、家族: 夫と小学生の娘"
    assert persona.goals == ("平日の買い物を15分で済ませたい",)
    assert persona.frustrations == ("送料無料の条件が分かりにくい",)


def test_labels_one_per_line_with_attributes_english() -> None:
    [persona] = parse_personas("Name: Mika Sato\nAge: 34\nJob: nurse\nGoals: save time\nPain points: hidden fees")
    assert persona.name == "Mika Sato"
    assert persona.description == "34 years old, nurse"
    assert persona.frustrations == ("hidden fees",)


def test_attributes_come_before_the_description_text() -> None:
    [persona] = parse_personas("名前: 佐藤 美咲\n説明: 平日は忙しく、夜にスマホで買い物をする\n年齢: 30代\n"
                               "職業: 営業職")
    assert persona.description == "30代、営業職。平日は忙しく、夜にスマホで買い物をする"


def test_attributes_on_one_line_are_not_part_of_the_name() -> None:
    """The terminal sends one line: `名前: 佐藤 美咲 / 年齢: 34 / …` named the persona `佐藤 美咲 / 年齢: 34 / …`."""
    [persona] = parse_personas("名前: 佐藤 美咲 / 年齢: 34 / 職業: 会社員 / 目標: 時短")
    assert (persona.name, persona.description, persona.goals) == ("佐藤 美咲", "34歳、会社員", ("時短",))
    [persona] = parse_personas("名前：佐藤 美咲　年齢：34　職業：会社員")
    assert (persona.name, persona.description) == ("佐藤 美咲", "34歳、会社員")


@pytest.mark.parametrize(("typed", "description"), [
    ("年齢: 34", "34歳"),
    ("職業：会社員", "会社員"),
    ("家族: 夫と子ども2人", "家族: 夫と子ども2人"),
    ("Age: 34, Job: nurse", "34 years old, nurse"),
    ("年齢: 34 / 職業: 会社員 / 家族: 夫と子ども2人", "34歳、会社員、家族: 夫と子ども2人"),
    ("趣味嗜好: 料理、キャンプ", "趣味嗜好: 料理、キャンプ"),
])
def test_an_attribute_alone_is_a_detail_of_the_last_persona_not_a_name(typed: str, description: str) -> None:
    [persona] = parse_personas(typed)
    assert (persona.name, persona.description) == ("", description)


def test_a_persona_typed_line_by_line_in_the_terminal_is_one_persona() -> None:
    driver = at_persona_step()
    for line in ["名前: 佐藤 美咲", "年齢: 34", "職業: 会社員", "目標: 時短", "不満: 比較が面倒"]:
        assert driver.say(line).replies[0].kind is ReplyKind.RECORDED
    assert set(persona_names(driver)) == {"佐藤 美咲"}
    [group] = group_items(driver.state).personas
    assert group.persona.goals == ("時短",) and group.persona.frustrations == ("比較が面倒",)
    assert "34歳" in group.persona.description and "会社員" in group.persona.description


@pytest.mark.parametrize("typed", ["ペルソナ1: 佐藤 美咲", "1人目：佐藤 美咲", "Persona A: 佐藤 美咲",
                                   "メインペルソナ: 佐藤 美咲"])
def test_a_numbered_persona_label_names_the_persona(typed: str) -> None:
    [persona] = parse_personas(typed)
    assert persona.name == "佐藤 美咲"


# ---- 2. free text: a short name, the rest is the description ---------------------------------------------
@pytest.mark.parametrize(("typed", "name", "description"), [
    ("30代の共働きママ。平日は忙しく、スマホで夜にまとめ買いする",
     "30代の共働きママ", "平日は忙しく、スマホで夜にまとめ買いする"),
    ("30代の共働き夫婦、週末にまとめ買い", "30代の共働き夫婦", "週末にまとめ買い"),
    ("34歳の会社員です。夜にスマホでまとめ買いします。", "34歳の会社員", "夜にスマホでまとめ買いします。"),
    ("ペルソナは30代の共働きママです。平日は忙しい", "30代の共働きママ", "平日は忙しい"),
    ("Busy mom in her 30s. Shops at night on her phone.", "Busy mom in her 30s", "Shops at night on her phone."),
    ("Retired teacher Ken, 67, shops in store, distrusts apps", "Retired teacher Ken",
     "67, shops in store, distrusts apps"),
])
def test_free_text_names_the_persona_and_keeps_the_rest(typed: str, name: str, description: str) -> None:
    [persona] = parse_personas(typed)
    assert (persona.name, persona.description) == (name, description)


def test_free_text_that_starts_with_a_clause_is_named_by_its_noun_phrase() -> None:
    """`平日は忙しく、…` named the persona `平日は忙しく`."""
    typed = "平日は忙しく、スマホで夜にまとめ買いする30代の共働きママ"
    [persona] = parse_personas(typed)
    assert persona.name == "30代の共働きママ"
    assert persona.description == typed  # the name is not a prefix: nothing is lost


def test_a_long_first_sentence_gives_a_short_name() -> None:
    typed = "都内の賃貸マンションに住んでいて小学生の子どもが2人いるフルタイム勤務の会社員で、週末にまとめ買いする"
    [persona] = parse_personas(typed)
    assert 2 <= len(persona.name) <= 21
    assert persona.description == typed


def test_an_unlabelled_first_line_names_a_labelled_persona() -> None:
    [persona] = parse_personas("佐藤 美咲\n年齢: 34\n職業: 会社員\n目標: 時短")
    assert (persona.name, persona.description, persona.goals) == ("佐藤 美咲", "34歳、会社員", ("時短",))


# ---- 3. separators: ---, ——, ＊＊＊, a blank line between labelled blocks -----------------------------------
@pytest.mark.parametrize("separator", ["---", "——", "＊＊＊", "***", "－－－", "ーーー", "===", "- - -", ""])
def test_separator_lines_between_personas(separator: str) -> None:
    personas = parse_personas(f"名前: 佐藤\n目標: 時短\n{separator}\n名前: 鈴木\n目標: 節約")
    assert [(p.name, p.description, p.goals) for p in personas] == [("佐藤", "", ("時短",)), ("鈴木", "", ("節約",))]


@pytest.mark.parametrize("separator", ["---", "——", "＊＊＊"])
def test_a_separator_on_one_line_as_the_terminal_sends_it(separator: str) -> None:
    personas = parse_personas(f"名前: 佐藤 / 目標: 時短 {separator} 名前: 鈴木 / 目標: 節約")
    assert [(p.name, p.goals) for p in personas] == [("佐藤", ("時短",)), ("鈴木", ("節約",))]


def test_free_text_personas_separated_on_one_line() -> None:
    personas = parse_personas("30代の共働きママ。夜にまとめ買い --- 60代の年金暮らし。店舗で買う")
    assert [(p.name, p.description) for p in personas] == [("30代の共働きママ", "夜にまとめ買い"),
                                                           ("60代の年金暮らし", "店舗で買う")]


def test_a_blank_line_inside_one_persona_does_not_split_it() -> None:
    """A blank line before a block without a name groups the lines; it does not start a nameless persona."""
    [persona] = parse_personas("名前: 佐藤 美咲\n年齢: 34\n\n目標: 時短\n不満: 送料が高い")
    assert (persona.name, persona.description, persona.goals) == ("佐藤 美咲", "34歳", ("時短",))
    assert persona.frustrations == ("送料が高い",)


def test_a_nameless_persona_after_a_separator_is_named_by_its_description() -> None:
    personas = parse_personas("名前: 佐藤\n目標: 時短\n---\n説明: 60代の年金暮らし\n目標: 安心して買いたい")
    assert [(p.name, p.goals) for p in personas] == [("佐藤", ("時短",)), ("60代の年金暮らし", ("安心して買いたい",))]


def test_the_step_prompt_separators_are_recorded_in_a_session() -> None:
    driver = at_persona_step()
    assert driver.say("名前: 佐藤 / 目標: 時短 --- 名前: 鈴木 / 目標: 節約").replies[0].kind is ReplyKind.RECORDED
    assert persona_names(driver) == ["佐藤", "鈴木"]
    assert [group.persona.goals for group in group_items(driver.state).personas] == [("時短",), ("節約",)]


# ---- 4. label order does not matter within one block ------------------------------------------------------
@pytest.mark.parametrize("typed", [
    "目標：時短、節約。名前：佐藤 美咲",
    "目標: 時短、節約\n名前: 佐藤 美咲",
    "・目標：時短、節約 ・名前：佐藤 美咲",
    "目標：時短、節約・名前：佐藤 美咲",
    "【目標】時短、節約 【名前】佐藤 美咲",
    "目標: 時短、節約 / 不満: 送料が高い / 名前: 佐藤 美咲",
])
def test_goals_before_the_name(typed: str) -> None:
    [persona] = parse_personas(typed)
    assert (persona.name, persona.goals) == ("佐藤 美咲", ("時短", "節約"))
    assert looks_like_persona(typed)


def test_goals_before_the_name_in_english() -> None:
    [persona] = parse_personas("Goals: save time, spend less. Frustrations: hidden fees. Name: Mika")
    assert (persona.name, persona.goals, persona.frustrations) == ("Mika", ("save time", "spend less"),
                                                                   ("hidden fees",))


def test_names_after_their_details_split_after_each_name() -> None:
    personas = parse_personas("目標: 時短\n名前: 佐藤\n目標: 節約\n名前: 鈴木")
    assert [(p.name, p.goals) for p in personas] == [("佐藤", ("時短",)), ("鈴木", ("節約",))]


def test_goals_before_the_name_as_the_first_persona_of_a_session() -> None:
    """With no persona yet, a nameless `目標:` is dropped; `目標：…。名前：…` was read as nameless."""
    driver = at_persona_step()
    outcome = driver.say("目標：時短、節約。名前：佐藤 美咲")
    assert outcome.replies[0].kind is ReplyKind.RECORDED
    assert persona_names(driver) == ["佐藤 美咲"]


def test_a_colon_inside_brackets_is_not_a_label() -> None:
    [persona] = parse_personas("名前: 佐藤\n目標: 時短（目標: 15分、名前: 無し）")
    assert persona.goals == ("時短（目標: 15分、名前: 無し）",)


# ---- 5. the same details twice are kept once ---------------------------------------------------------------
def test_identical_lines_in_one_message_are_kept_once() -> None:
    [persona] = parse_personas("名前: 佐藤\n説明: 30代の会社員\n説明: 30代の会社員\n目標: 時短\n目標: 時短、節約")
    assert (persona.description, persona.goals) == ("30代の会社員", ("時短", "節約"))


def test_the_same_persona_twice_in_one_message_is_one_persona_without_repeated_sentences() -> None:
    personas = parse_personas("名前: 佐藤\n説明: 30代の会社員。夜に買い物。\n目標: 時短\n---\n"
                              "名前: 佐藤\n説明: 30代の会社員。週末にまとめ買い。\n目標: 時短、節約")
    assert [(p.name, p.description, p.goals) for p in personas] == [
        ("佐藤", "30代の会社員。夜に買い物。週末にまとめ買い。", ("時短", "節約"))]


def test_merging_a_resent_persona_does_not_repeat_its_sentences() -> None:
    from journeys.parsing.personas import merge_personas

    old = Persona("佐藤", "30代の会社員。夜に買い物。", goals=("時短",))
    again = Persona("佐藤", "30代の会社員。夜に買い物。週末にまとめ買い。", goals=("時短", "節約"))
    merged = merge_personas(old, again)
    assert merged == Persona("佐藤", "30代の会社員。夜に買い物。週末にまとめ買い。", goals=("時短", "節約"))
    assert merge_personas(merged, again) == merged
    assert merge_personas(Persona("Sam", "Busy parent."), Persona("sam", "Busy parent. Shops late.")) == Persona(
        "Sam", "Busy parent. Shops late.")
    assert merge_personas(Persona("佐藤", "34歳、会社員"), Persona("佐藤", "34歳")).description == "34歳、会社員"


# ---- what still reads as before ----------------------------------------------------------------------------
def test_the_slack_form_answer_still_reads() -> None:
    [persona] = parse_personas("Name: Sam\nDescription: Two kids, works full time\nGoals: save time, fewer trips")
    assert (persona.name, persona.description, persona.goals) == ("Sam", "Two kids, works full time",
                                                                  ("save time", "fewer trips"))


@pytest.mark.parametrize("typed", ["---", "", "——"])
def test_a_separator_alone_is_no_persona(typed: str) -> None:
    assert parse_personas(typed) == []


def test_a_scope_sentence_with_an_attribute_label_is_not_a_persona() -> None:
    assert not looks_like_persona("範囲: 初回購入まで")
    assert not looks_like_persona("年齢: 30代 / 範囲: 初回購入まで")
    assert looks_like_persona("名前: 佐藤\n年齢: 34")


@pytest.mark.parametrize(
    ("text", "goals", "frustrations"),
    [
        # a doc's layout: the label on its own line, the values as bullets below it (they became the description)
        ("名前：佐々木 花\n目標：\n・予約を1分で済ませたい\n・指名したい\n不満：\n・電話予約しかない",
         ("予約を1分で済ませたい", "指名したい"), ("電話予約しかない",)),
        ("Name: Hana\nGoals:\n- book in a minute\n- choose the stylist\nFrustrations:\n- phone only",
         ("book in a minute", "choose the stylist"), ("phone only",)),
    ],
)
def test_a_label_alone_on_its_line_takes_the_bullets_below_it(
    text: str, goals: tuple[str, ...], frustrations: tuple[str, ...]
) -> None:
    (persona,) = parse_personas(text)
    assert (persona.goals, persona.frustrations, persona.description) == (goals, frustrations, "")
