"""A journey with everything the map can hold, driven through the engine: export → import → export is the
same map, and the Markdown shows all of it.

Import used to lose the scope text, pain points' touchpoints, votes (\"cannot store them yet\"), people who
only described the scope, and the review date; the Markdown left out the scope and the touchpoints.
"""

from __future__ import annotations

import json
from datetime import date

from journeys.events import Answer, Move, VoteClick
from journeys.export import anonymous_votes, from_journey_map, read_journey_map, to_journey_map, to_markdown
from journeys.parsing import control_word, derive_settings
from journeys.parsing.session_commands import CastVotes, ScheduleReview, read_session_command
from journeys.state import SessionState
from journeys.steps import ItemKind, MapType, Step
from journeys.storage import JourneyRepository
from prompts.export import IMPORTED_MESSAGES
from tests.journeys.export.test_files import NOW, without_ids
from tests.journeys.factories import Driver


def say(driver: Driver, text: str, author: str = "U1", name: str | None = None) -> None:
    """A message, with the author's display name as a Slack adapter passes it."""
    driver.count += 1
    driver.send(Answer(text, author, f"m{driver.count}", driver.at(), name))


def rich_session() -> Driver:
    """A service blueprint: two people describe the scope (U2 does nothing else), every step answered, a pain
    point at a touchpoint, a stage renamed away (its items are unassigned), typed votes (U4 only votes), a
    button vote (U5: no message), a review scheduled."""
    d = Driver()
    say(d, "サービスブループリントでお願いします。範囲は初回来店から購入までです。", name="田中 一郎")
    say(d, "範囲: 20代の初回購入", "U2", "鈴木 花子")
    d.goto(Step.PERSONA)
    say(d, "名前: 田中さゆり / 説明: 30代の会社員 / 目標: 時短、節約 / 不満: 比較が面倒", "U3", "佐藤 次郎")
    say(d, "目標: ポイントを貯める", "U3", "佐藤 次郎")
    d.goto(Step.STAGES)
    say(d, "来店、比較、購入")
    d.goto(Step.TOUCHPOINTS)
    say(d, "店舗、検索広告\n比較: 比較サイト\n購入: レジ、カート画面", "U3", "佐藤 次郎")
    d.goto(Step.ACTIONS)
    say(d, "店に入る\n購入: カートに入れる")
    d.goto(Step.BLUEPRINT)
    say(d, "表舞台: 店員が在庫を確認\n裏舞台: 倉庫システムで引当\n支援: 在庫管理システム\n担当: 店舗運営チーム")
    d.goto(Step.THOUGHTS)
    say(d, "良い服があるかな")
    d.goto(Step.EMOTIONS)
    say(d, "来店: 1\n購入: -2")
    d.goto(Step.PAIN_POINTS)
    say(d, "購入: 送料が高い @カート画面、配送日が選べない\n比較: 比較が面倒 @比較サイト", "U3", "佐藤 次郎")
    d.goto(Step.OPPORTUNITIES)
    say(d, "購入: ワンクリック購入 (影響:高, 工数:低)")
    d.goto(Step.KPIS)
    say(d, "購入: CVR (目標: 3%)\n来店: NPS")
    say(d, "ステージへ")
    say(d, "来店、購入")  # 比較 is gone: its touchpoint and its pain point are unassigned now
    d.goto(Step.REVIEW)
    say(d, "投票 1 3", "U3", "佐藤 次郎")  # numbers of the review step's list: pain points, then opportunities
    say(d, "投票 1", "U4", "高橋 三郎")
    say(d, "投票 4", "U4", "高橋 三郎")  # the unassigned pain point
    pain = next(i for i in d.state.items if i.kind is ItemKind.PAIN_POINT and i.stage == "購入")
    d.send(VoteClick(pain.item_id, "U5", d.at(), "伊藤 四郎"))  # a button: a vote and no message
    say(d, "見直し 2026-04-01")
    return d


def imported(state: SessionState) -> SessionState:
    raw = json.dumps(to_journey_map(state), ensure_ascii=False).encode()
    return from_journey_map(read_journey_map(raw), journey_id="copy1", team_id=state.team_id,
                            channel_id=state.channel_id, author="U_IMPORT", at=NOW)


def test_the_rich_journey_holds_everything_the_test_is_about() -> None:
    data = to_journey_map(rich_session().state)
    assert data["map_type"] == "service_blueprint" and data["step"] == "review"
    assert data["scope"] == "範囲は初回来店から購入までです。\n20代の初回購入"
    assert [(p["text"], p["by"]) for p in data["attribution"]["scope"]] == [
        ("範囲は初回来店から購入までです。", "U1"), ("20代の初回購入", "U2")]
    assert data["contributors"] == ["U1", "U2", "U3", "U4"]  # U5 voted with a button only
    assert data["contributor_names"]["U2"] == "鈴木 花子"
    assert data["personas"][0]["goals"] == ["時短", "節約", "ポイントを貯める"]
    visit, buy = data["stages"]
    assert (visit["frontstage"], visit["owner"]) == (["店員が在庫を確認"], "店舗運営チーム")
    assert buy["pain_points"] == [{"text": "送料が高い", "touchpoint": "カート画面", "votes": 3},
                                  {"text": "配送日が選べない", "touchpoint": None, "votes": 0}]
    assert buy["opportunities"][0]["votes"] == 1 and buy["kpis"][0]["target"] == "3%"
    assert {(u["kind"], u["text"], u.get("touchpoint")) for u in data["unassigned"]} == {
        ("touchpoint", "比較サイト", None), ("pain_point", "比較が面倒", "比較サイト")}
    assert sorted((v["by"], v["name"]) for v in data["votes"]) == [
        ("U3", "佐藤 次郎"), ("U3", "佐藤 次郎"), ("U4", "高橋 三郎"), ("U4", "高橋 三郎"), ("U5", "伊藤 四郎")]
    assert [(r["due_on"], r["by"]) for r in data["reviews"]] == [("2026-04-01", "U1")]


def test_export_import_export_of_the_rich_journey_is_the_same_map() -> None:
    state = rich_session().state
    copy = imported(state)
    assert without_ids(to_journey_map(copy)) == without_ids(to_journey_map(state))
    twice = imported(copy)  # and again: nothing drifts
    assert without_ids(to_journey_map(twice)) == without_ids(to_journey_map(state))


def test_the_imported_journey_holds_the_votes_reviews_and_scope_as_the_engine_does() -> None:
    state = rich_session().state
    copy = imported(state)
    assert copy.scope == state.scope == derive_settings(copy).scope  # an answer at the scope step keeps it
    assert (derive_settings(copy).map_type, derive_settings(copy).stages) == (MapType.SERVICE_BLUEPRINT,
                                                                              ("来店", "購入"))
    assert sorted(v.voter for v in copy.votes) == sorted(v.voter for v in state.votes)
    assert anonymous_votes(copy) == 0
    assert [(r.due_on, r.scheduled_by) for r in copy.reviews] == [(r.due_on, r.scheduled_by) for r in state.reviews]
    assert [i.touchpoint for i in copy.items_of(ItemKind.PAIN_POINT)] == ["カート画面", None, "比較サイト"]
    assert copy.display_name("U2") == "鈴木 花子"
    # The session goes on: U4 takes back their last vote, U1 their review, as they could before the export.
    driver = Driver(copy)
    say(driver, "取り消し", "U4")
    assert len(driver.state.votes) == len(state.votes) - 1
    say(driver, "取り消し")
    assert driver.state.reviews == ()


def test_the_imported_rich_journey_is_stored_and_loaded_whole(repository: JourneyRepository) -> None:
    state = rich_session().state
    saved = repository.create(imported(state))
    loaded = repository.load(saved.journey_id)
    assert loaded is not None
    assert without_ids(to_journey_map(loaded)) == without_ids(to_journey_map(state))


def lines_of(markdown: str) -> list[str]:
    return markdown.splitlines()


def test_markdown_shows_the_scope_and_where_a_pain_point_happens() -> None:
    state = rich_session().state
    ja, en = lines_of(to_markdown(state, "ja")), lines_of(to_markdown(state, "en"))
    assert "- 範囲:" in ja and "  - 範囲は初回来店から購入までです。" in ja and "  - 20代の初回購入" in ja
    assert "- Scope:" in en
    assert "- 送料が高い (@カート画面) — 3票" in ja
    assert "- 配送日が選べない" in ja
    assert any(line.startswith("- [ペインポイント] 比較: 比較が面倒 (@比較サイト)") for line in ja)  # unassigned too
    one = state.evolve(scope="初回購入まで")
    assert "- 範囲: 初回購入まで" in lines_of(to_markdown(one, "ja"))
    assert not any(line.startswith("- 範囲") for line in lines_of(to_markdown(state.evolve(scope=None), "ja")))


def test_the_messages_an_import_records_read_back_as_the_commands_they_stand_for() -> None:
    for lang, said in IMPORTED_MESSAGES.items():
        assert read_session_command(said["vote"].format(numbers="1 3")) == CastVotes((1, 3)), lang
        assert read_session_command(said["review"].format(date="2027-03-01")) == ScheduleReview(date(2027, 3, 1))
        assert control_word(said["next"]) is Move.NEXT


def test_markdown_shows_kpi_names_targets_as_typed_and_kinds_in_the_maps_language() -> None:
    """A reader saw `conversion_rate`, a target of `\\+20` and `[touchpoint]` in a Japanese document."""
    from journeys.export import to_markdown
    from tests.journeys.export.test_export import K, StateBuilder

    b = StateBuilder()
    b.add(K.KPI, "CVR", "購入", kpi_id="conversion_rate", target="+20")
    b.add(K.TOUCHPOINT, "展示会", "検討", channel="offline")
    text = to_markdown(b.state(title="t", stages=("認知", "購入"), lang="ja"), "ja")
    assert "- CVR — 目標値: +20" in text and "conversion_rate" not in text
    assert "- [タッチポイント] 検討: 展示会" in text and "[touchpoint]" not in text


def test_the_summary_gives_a_stages_emotion_as_the_map_does() -> None:
    """Three people at -2, +2 and +1: the map says 0 (the rounded mean of each one's latest); the summary said +1 (the
    last one said), and wrote a neutral stage as "+0"."""
    from journeys.summary import summary_text
    from tests.journeys.export.test_export import K, StateBuilder

    b = StateBuilder()
    b.add(K.EMOTION, "最悪", "予約", author="U_A", score=-2)
    b.add(K.EMOTION, "最高", "予約", author="U_B", score=2)
    b.add(K.EMOTION, "よい", "予約", author="U_C", score=1)
    b.add(K.EMOTION, "ふつう", "来店", author="U_A", score=0)
    text = summary_text(b.state(title="t", stages=("予約", "来店"), lang="ja"), "ja")
    assert "予約 感情 0" in text and "来店 感情 0" in text and "+" not in text, text


def test_the_workbook_gives_each_emotion_answer_with_its_score() -> None:
    """The grid read "+1 満足 • 1" and "• 😡": an answer's score was missing, or said twice."""
    import io

    from openpyxl import load_workbook

    from journeys.export import to_xlsx
    from tests.journeys.export.test_export import K, StateBuilder

    b = StateBuilder()
    b.add(K.EMOTION, "1", "予約", author="U_A", score=1)
    b.add(K.EMOTION, "😡", "予約", author="U_B", score=-2)
    book = load_workbook(io.BytesIO(to_xlsx(b.state(title="t", stages=("予約",), lang="ja"), lang="ja")))
    cells = [str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value]
    emotion = next(c for c in cells if "• " in c and ("😡" in c or "+1" in c))
    assert "• +1" in emotion and "• -2 😡" in emotion and "• 1\n" not in emotion + "\n", emotion
