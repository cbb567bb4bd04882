"""Votes, ratings, touchpoint links and scheduled reviews in the pure engine (issue 9)."""

from __future__ import annotations

from datetime import date

import pytest

from journeys.events import Answer, VoteClick
from journeys.parsing.links import split_touchpoint
from journeys.parsing.session_commands import CastVotes, RateItem, ReviewAfter, ScheduleReview, read_session_command
from journeys.reviews import add_months, changes_text, snapshot_of
from journeys.steps import ItemKind, Step
from journeys.voting import votable

from .factories import T0, Driver


def _at_review() -> Driver:
    driver = Driver()
    driver.say("次へ")  # scope
    driver.say("30代の会社員")  # persona
    driver.say("次へ")
    driver.say("次へ")  # stages: the default five
    driver.goto(Step.TOUCHPOINTS)
    driver.say("カート画面、Instagram広告")
    driver.goto(Step.PAIN_POINTS)
    driver.say("送料が高い @カート画面")
    driver.say("購入: 決済方法が少ない (タッチポイント: 決済画面)")
    driver.goto(Step.OPPORTUNITIES)
    driver.say("送料無料ラインを表示 (影響:高, 工数:低)")
    driver.say("購入: 後払いを追加")
    driver.goto(Step.REVIEW)
    return driver


@pytest.mark.parametrize(("text", "command"), [
    ("投票 2", CastVotes((2,))),
    ("投票 １、３", CastVotes((1, 3))),
    ("vote #2 and 5", CastVotes((2, 5))),
    ("unvote 2", CastVotes((2,), withdraw=True)),
    ("投票取消 2", CastVotes((2,), withdraw=True)),
    ("評価 3 影響:高 工数:低", RateItem(3, 3, 1)),
    ("rate 3 impact high effort low", RateItem(3, 3, 1)),
    ("見直し", ScheduleReview(None)),
    ("見直し 2027-03-01", ScheduleReview(date(2027, 3, 1))),
    ("review on 2027-03-01", ScheduleReview(date(2027, 3, 1))),
    ("review in 6 weeks", ScheduleReview(ReviewAfter(6, "weeks"))),
    ("見直し 3ヶ月後", ScheduleReview(ReviewAfter(3, "months"))),
    ("見直し 2027-02-30", ScheduleReview(None, unreadable="2027-02-30")),
    ("見直しが必要な料金表", None),
    ("review the pricing page", None),
    ("投票率が低い", None),
])
def test_commands_are_read_and_answers_stay_answers(text: str, command: object) -> None:
    assert read_session_command(text) == command


@pytest.mark.parametrize(("text", "expected"), [
    ("送料が高い @カート画面", ("送料が高い", "カート画面")),
    ("送料が高い＠カート画面", ("送料が高い", "カート画面")),
    ("shipping is expensive (touchpoint: checkout page)", ("shipping is expensive", "checkout page")),
    ("問い合わせは support@example.com", ("問い合わせは support@example.com", None)),
    ("@カート画面", ("@カート画面", None)),
])
def test_touchpoint_markers(text: str, expected: tuple[str, str | None]) -> None:
    assert split_touchpoint(text) == expected


def test_pain_points_keep_their_touchpoint_in_the_listed_spelling() -> None:
    driver = _at_review()
    pains = driver.state.items_of(ItemKind.PAIN_POINT)
    assert [(p.text, p.touchpoint) for p in pains] == [("送料が高い", "カート画面"), ("決済方法が少ない", "決済画面")]


def test_votes_once_per_person_taken_back_explicitly_and_replay_safe() -> None:
    driver = _at_review()
    numbered = votable(driver.state)
    assert [i.kind for i in numbered] == [ItemKind.PAIN_POINT] * 2 + [ItemKind.OPPORTUNITY] * 2
    first = numbered[0].item_id
    driver.say("投票 1", author="U1")
    assert driver.last.changed and "1票" in driver.texts[0]
    driver.say("投票 1", author="U1")  # twice: still one vote, and it says so
    assert not driver.last.changed and "投票済み" in driver.texts[0]
    replay = driver.send(Answer("投票 1 3", "U2", "m-replayed", driver.at()))
    assert replay.changed
    assert driver.send(Answer("投票 1 3", "U2", "m-replayed", driver.at())).changed is False  # replayed: once
    assert driver.state.vote_count(first) == 2
    assert driver.state.voters(first) == ("U1", "U2")
    driver.say("投票取消 1", author="U1")
    assert driver.state.voters(first) == ("U2",)
    driver.say("投票 9")
    assert not driver.last.changed and "9番" in driver.texts[0]
    driver.say("一覧")
    assert "送料が高い (@カート画面) — 1票" in driver.texts[0]


def test_a_vote_button_toggles() -> None:
    driver = _at_review()
    item = votable(driver.state)[2]
    driver.send(VoteClick(item.item_id, "U3", driver.at(), "鈴木"))
    assert driver.state.vote_count(item.item_id) == 1 and driver.state.votes[0].voter_name == "鈴木"
    driver.send(VoteClick(item.item_id, "U3", driver.at()))
    assert driver.state.vote_count(item.item_id) == 0
    assert driver.send(VoteClick("nope#0", "U3", driver.at())).changed is False


def test_rate_an_existing_opportunity() -> None:
    driver = _at_review()
    driver.say("評価 4 影響:中 工数:高")
    opportunity = votable(driver.state)[3]
    assert (opportunity.impact, opportunity.effort) == (2, 3) and driver.last.changed
    driver.say("rate 3 effort medium")  # only effort: impact kept
    assert (votable(driver.state)[2].impact, votable(driver.state)[2].effort) == (3, 2)
    driver.say("評価 1 影響:高")
    assert not driver.last.changed and "改善機会ではありません" in driver.texts[0]
    driver.say("評価 4 影響:とても")
    assert not driver.last.changed and "読み取れません" in driver.texts[0]
    assert read_session_command("rate 3 times higher") is None  # an answer that starts with the word


def test_schedule_a_review_default_three_months_and_replace_the_pending_one() -> None:
    driver = _at_review()
    driver.say("見直し")
    assert [r.due_on for r in driver.state.reviews] == [add_months(T0.date(), 3)]
    driver.say("review in 6 weeks")
    assert [r.due_on for r in driver.state.reviews] == [date(2026, 2, 12)]
    assert "置き換え" in driver.texts[0]
    driver.say("見直し 2025-01-01")
    assert not driver.last.changed and "過去" in driver.texts[0]
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_what_changed_since_the_snapshot() -> None:
    driver = _at_review()
    snapshot = snapshot_of(driver.state, at=T0)
    driver.goto(Step.REVIEW)
    driver.say("ペインへ")
    driver.say("配送が遅い")
    driver.say("削除 1")
    report = changes_text(snapshot, driver.state, "ja")
    assert "ペインポイント: 2 → 2件" in report and "＋ 認知: 配送が遅い" in report and "− 認知: 送料が高い" in report
    assert "Nothing changed" in changes_text(snapshot_of(driver.state, at=T0), driver.state, "en")


def test_vote_counter_is_what_the_exports_read() -> None:
    from journeys.voting import vote_counter

    driver = _at_review()
    driver.say("投票 1 2", author="U1")
    driver.say("投票 1", author="U2")
    votes_of = vote_counter(driver.state)
    assert [votes_of(item) for item in votable(driver.state)] == [2, 1, 0, 0]


def test_votes_and_touchpoints_reach_every_export() -> None:
    """The exports count votes from the state (one per person) and keep a pain point's touchpoint."""
    from journeys.events import Answer as _Answer
    from journeys.export import to_csv, to_journey_map, to_markdown
    from journeys.flow import advance
    from tests.journeys.factories import T0 as _T0
    from tests.journeys.factories import new_state

    state = new_state()
    lines = ["カートへ", "タッチポイントへ", "カート画面", "ペインポイントへ", "送料が高い @カート画面", "レビューへ"]
    for n, text in enumerate(lines):
        state = advance(state, _Answer(text=text, author="U1", message_id=f"m{n}", at=_T0)).state
    for n, voter in enumerate(("U1", "U2")):
        state = advance(state, _Answer(text="投票 1", author=voter, message_id=f"v{n}", at=_T0)).state
    stages = to_journey_map(state)["stages"]
    [pain] = [p for s in stages for p in s["pain_points"]]
    assert pain["votes"] == 2 and pain["touchpoint"] == "カート画面"
    assert "2" in to_markdown(state, "ja").split("送料が高い")[1].splitlines()[0]
    import csv as _csv
    import io as _io

    rows = list(_csv.DictReader(_io.StringIO(to_csv(state, excel=False))))
    [row] = [r for r in rows if r["text"] == "送料が高い"]
    assert row["votes"] == "2"


def test_a_touchpoint_marker_at_the_end_of_a_sentence_leaves_the_full_stop_to_the_sentence() -> None:
    from journeys.parsing.links import split_touchpoint

    assert split_touchpoint("送料が高い @比較サイト。") == ("送料が高い。", "比較サイト")
    assert split_touchpoint("Shipping costs too much @comparison site.") == ("Shipping costs too much.",
                                                                               "comparison site")
    assert split_touchpoint("送料が高い @。") == ("送料が高い @。", None)
