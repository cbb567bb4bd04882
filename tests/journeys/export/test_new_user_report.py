"""A new user's report on the exports, replayed through the engine as they typed it (English and Japanese).

1. CSV and XLSX dropped a pain point's touchpoint (`… @invite email`) that JSON, Markdown and PNG show;
2. the scheduled review date was only in the JSON;
3. English counts said "(1 votes)", "1 reviews", "1 people";
4. the picture's emotion answers repeated the score ("+1 1", "-2 -2").
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from openpyxl import load_workbook

from journeys.export import to_csv, to_journey_map, to_markdown, to_xlsx
from journeys.export.grouping import answer_words
from journeys.picture import render
from journeys.picture.view import read_map
from journeys.state import Review, SessionState
from prompts.export import counted, counts, votes_label
from tests.journeys.factories import T0, Driver, new_state
from tests.journeys.picture.test_map_content import svg_texts

SCRIPT_EN = [
    "Onboarding for new team admins",
    "next",
    "Name: Dana / Description: team admin",
    "next",
    "Sign up, Invite, Use",
    "next",
    "Sign up: invite email",
    "Invite: invite email",
    "go to emotions",
    "Sign up: 1, Invite: -2, Use: 2",
    "go to pain points",
    "The invite email lands in spam @invite email",
    "go to opportunities",
    "Faster invites (impact: H, effort: L)",
    "go to review",
    "vote 1",
    "vote 2",
    "review in 6 weeks",
]
SCRIPT_JA = [
    "新規管理者のオンボーディング",
    "次へ",
    "名前: 田中",
    "次へ",
    "登録、招待",
    "次へ",
    "登録: 招待メール",
    "感情へ",
    "登録: 1、招待: -2 不安",
    "ペインポイントへ",
    "招待メールが迷惑メールに入る @招待メール",
    "レビューへ",
    "投票 1",
    "見直し 6週間後",
]


def session(script: list[str], lang: str) -> Driver:
    driver = Driver(new_state("T" if lang == "en" else "招待", lang=lang))
    for line in script:
        driver.say(line)  # U1, who opened the session: one person
    return driver


def english() -> SessionState:
    return session(SCRIPT_EN, "en").state


def japanese() -> SessionState:
    return session(SCRIPT_JA, "ja").state


def test_the_script_holds_what_the_report_is_about() -> None:
    data = to_journey_map(english())
    assert data["stages"][0]["pain_points"] == [
        {"text": "The invite email lands in spam", "touchpoint": "invite email", "votes": 1}]
    assert [r["due_on"] for r in data["reviews"]] == ["2026-02-12"]  # six weeks after 2026-01-01
    assert [e["text"] for s in data["stages"] for e in s["emotion_history"]] == ["1", "-2", "2"]


# ---- 1. a pain point's touchpoint --------------------------------------------------------------------------


def test_csv_has_the_pain_points_touchpoint_for_people_and_programs() -> None:
    for state, header, kind in ((english(), "Linked touchpoint", "Pain points"),
                                (japanese(), "関連タッチポイント", "ペインポイント")):
        rows = list(csv.DictReader(io.StringIO(to_csv(state).removeprefix("\ufeff"))))
        pains = [row for row in rows if row["種類" if state.language == "ja" else "Kind"] == kind]
        assert [row[header] for row in pains] == ["invite email" if state.language == "en" else "招待メール"]
        others = [row[header] for row in rows if row not in pains]
        assert others and not any(others)  # only pain points have one
    programs = list(csv.DictReader(io.StringIO(to_csv(english(), excel=False))))
    assert [(r["kind"], r["touchpoint"]) for r in programs if r["touchpoint"]] == [("pain_point", "invite email")]


def test_xlsx_has_the_pain_points_touchpoint_in_its_sheet_and_on_the_map() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(english())))
    header, *rows = list(book["Pain points"].iter_rows(values_only=True))
    assert [row[header.index("Linked touchpoint")] for row in rows] == ["invite email"]
    grid = book["Map"]
    pain_row = next(r for r in range(3, 12) if grid.cell(row=r, column=1).value == "Pain points")
    assert grid.cell(row=pain_row, column=2).value == "• The invite email lands in spam (@invite email · 1 vote)"
    ja = load_workbook(io.BytesIO(to_xlsx(japanese())))["マップ"]
    assert "• 招待メールが迷惑メールに入る (@招待メール · 1票)" in [c.value for row in ja.iter_rows() for c in row]


# ---- 2. the scheduled reviews ------------------------------------------------------------------------------


def test_markdown_shows_the_review_dates_in_the_exports_language() -> None:
    state = english()
    assert "- Review: 2026-02-12" in to_markdown(state, "en").splitlines()
    assert "- 見直し: 2026-02-12" in to_markdown(state, "ja").splitlines()
    history = state.evolve(reviews=(Review("r0", date(2025, 12, 1), "U1", T0), *state.reviews))
    assert "- Reviews: 2025-12-01, 2026-02-12" in to_markdown(history, "en").splitlines()
    no_review = to_markdown(state.evolve(reviews=()), "en")
    assert "Review" not in no_review


def test_the_xlsx_map_sheet_shows_the_review_dates_under_the_grid() -> None:
    for state, sheet, label in ((english(), "Map", "Review"), (japanese(), "マップ", "見直し")):
        rows = [tuple(c.value for c in row) for row in load_workbook(io.BytesIO(to_xlsx(state)))[sheet].iter_rows()]
        assert (label, "2026-02-12") in [row[:2] for row in rows]
    rows = list(load_workbook(io.BytesIO(to_xlsx(english().evolve(reviews=()))))["Map"].iter_rows(values_only=True))
    assert "Review" not in [row[0] for row in rows]


def test_the_picture_footer_shows_the_review_dates() -> None:
    view = read_map(to_journey_map(english()), "en")
    assert view.footer.startswith("Review: 2026-02-12 · Made with Journey Bot")
    assert read_map(to_journey_map(japanese()), "ja").footer.startswith("見直し: 2026-02-12 · ")
    (svg,) = render(to_journey_map(english()), fmt="svg")
    assert any("Review: 2026-02-12" in text for text in svg_texts(svg))


# ---- 3. English counts -------------------------------------------------------------------------------------


def test_english_counts_say_one_in_the_singular() -> None:
    assert [votes_label(n, "en") for n in (1, 2)] == ["1 vote", "2 votes"]
    assert [counted("people", n, "en") for n in (1, 3)] == ["1 person", "3 people"]
    assert counts("en", stages=1, items=1, votes_cast=1, reviews=1) == "1 stage, 1 item, 1 vote, 1 review"
    assert counts("en", stages=3, items=8, votes_cast=0, reviews=2) == "3 stages, 8 items, 0 votes, 2 reviews"
    assert counts("ja", stages=3, items=1, votes_cast=1, reviews=1) == "ステージ 3、項目 1、投票 1、見直し 1"
    assert read_map(to_journey_map(english()), "en").subtitle.endswith("Contributors: 1 person")


def test_a_vote_reply_and_the_vote_list_say_1_vote() -> None:
    driver = session(SCRIPT_EN[:-3], "en")
    driver.say("vote 1")
    assert driver.texts == ['Voted: 1. "The invite email lands in spam (@invite email)" (1 vote)']
    driver.say("list")
    (listed,) = driver.texts
    assert "(@invite email) — 1 vote" in listed and "Faster invites (impact:high, effort:low) — 0 votes" in listed
    driver.say("vote 1", "U2")
    assert driver.texts[0].endswith("(2 votes)")
    ja = session(SCRIPT_JA[:-2], "ja")
    ja.say("投票 1")
    assert ja.texts == ["投票しました: 1.「招待メールが迷惑メールに入る (@招待メール)」(1票)"]


# ---- 4. emotion answers show their score once -----------------------------------------------------------------


def emotion_cards(state: SessionState, lang: str) -> list[list[str]]:
    return [[card.text for card in stage.cards["emotion"]] for stage in read_map(to_journey_map(state), lang).stages]


def test_the_pictures_emotion_answers_show_the_score_once() -> None:
    assert emotion_cards(english(), "en") == [["+1"], ["-2"], ["+2"]]
    assert emotion_cards(japanese(), "ja") == [["+1"], ["-2 不安"]]
    (svg,) = render(to_journey_map(english()), fmt="svg")
    texts = svg_texts(svg)
    assert {"+1", "-2", "+2"} <= set(texts) and not {"+1 1", "-2 -2", "+2 2"} & set(texts)


def test_markdown_emotion_answers_show_the_score_once() -> None:
    lines = to_markdown(english(), "en").splitlines()
    assert "- +1 happy" in lines and "- -2 very unhappy" in lines and "- +2 very happy" in lines
    assert not [line for line in lines if line.startswith(("- +1 happy:", "- -2 very unhappy:"))]
    assert "- -2 とても不満: 不安" in to_markdown(japanese(), "ja").splitlines()


def test_only_a_leading_number_equal_to_the_score_is_left_out() -> None:
    cases: list[tuple[str, int | None, str]] = [
        ("1", 1, ""), ("+1", 1, ""), ("-2", -2, ""), ("－２ 不安", -2, "不安"), ("2: great", 2, "great"),
        ("0", 0, ""), ("1", 2, "1"), ("10", 1, "10"), ("1.5", 1, "1.5"), ("1,000", 1, "1,000"),
        ("1つ目で不安", 1, "1つ目で不安"), ("😞", -2, "😞"), ("very happy", 2, "very happy"), ("1", None, "1"),
    ]
    got: list[tuple[str, Any, str]] = [(text, score, answer_words(text, score)) for text, score, _ in cases]
    assert got == cases
