"""The repository contract, run on every backend (`db_url` in tests/conftest.py: SQLite file, PostgreSQL)."""

from __future__ import annotations

import dataclasses
import pickle
import signal
import subprocess
import sys
import threading
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError

from journeys.state import Contribution, Item, Persona, SessionState
from journeys.steps import ItemKind, MapType, Step
from journeys.storage import ConcurrentUpdate, JourneyRepository, create_db_engine
from journeys.storage.rows import CONTRIBUTIONS, ITEM_TABLES, STAGES

T0 = datetime(2026, 4, 1, 9, 30, 15, 123456, tzinfo=UTC)
JST = timezone(timedelta(hours=9))
STAGES_JA = ("認知", "検討", "購入", "維持", "推奨")


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def new_state(**changes: object) -> SessionState:
    state = SessionState(
        journey_id=str(uuid.uuid4()),
        title="ECサイトの購買体験 🛒",
        team_id="T1",
        channel_id="C1",
        thread_ts=f"1700000000.{uuid.uuid4().int % 10**6:06d}",
        created_by="U1",
        created_at=T0,
        updated_at=T0,
        stages=STAGES_JA,
    )
    return state.evolve(**changes)


def item(kind: ItemKind, message: int, text: str, n: int = 0, **fields: Any) -> Item:
    defaults: dict[str, Any] = {"author": "U1", "at": at(message), "stage": "認知"}
    if kind == ItemKind.PERSONA:
        defaults["stage"] = None
    return Item(
        item_id=f"m{message}#{n}",
        kind=kind,
        text=text,
        message_id=f"m{message}",
        **(defaults | fields),
    )


def contribution(message: int, text: str, step: Step = Step.TOUCHPOINTS, **fields: Any) -> Contribution:
    values: dict[str, Any] = {"author": "U1", "stage": "認知", "at": at(message)} | fields
    return Contribution(message_id=f"m{message}", text=text, step=step, **values)


def rich_state(**changes: object) -> SessionState:
    """Every item kind with every field it can hold, Japanese and emoji text, odd-but-valid values."""
    persona = Persona(
        name="佐藤 花子",
        description="30代の会社員、スマホで買い物 📱",
        goals=("早く買いたい",),
        needs=("送料無料", "翌日配送"),
        frustrations=("会員登録が面倒 😤",),
        behaviors=(),
    )
    items = (
        item(ItemKind.PERSONA, 1, "佐藤 花子: 30代の会社員", persona=persona),
        item(ItemKind.PERSONA, 1, "bare persona item", n=1),
        item(ItemKind.TOUCHPOINT, 2, "Instagram広告", channel="online"),
        item(ItemKind.TOUCHPOINT, 2, "店頭ポップ", n=1, channel="offline", stage="検討"),
        item(ItemKind.TOUCHPOINT, 2, "口コミ", n=2),
        item(ItemKind.ACTION, 3, "検索する 🔍"),
        item(ItemKind.THOUGHT, 4, "「本当に安いの?」", author="U2"),
        item(ItemKind.EMOTION, 5, "不安", score=-2),
        item(ItemKind.EMOTION, 5, "😀", n=1, score=2, stage="推奨"),
        item(ItemKind.PAIN_POINT, 6, "送料が高い\n二行目"),
        item(ItemKind.OPPORTUNITY, 7, "送料無料ライン", impact=3, effort=1),
        item(ItemKind.OPPORTUNITY, 7, "チャット導入", n=1),
        item(ItemKind.KPI, 8, "CTR", kpi_id="ctr", target="2%"),
        item(ItemKind.KPI, 8, "独自指標", n=1, stage="購入"),
    )
    contributions = (
        contribution(1, "佐藤 花子: 30代の会社員", Step.PERSONA, stage=None),
        contribution(2, "Instagram広告, 店頭ポップ, 口コミ", at=at(2).astimezone(JST)),
        contribution(3, "検索する 🔍", Step.ACTIONS, author="U2"),
    )
    contributions = (*contributions[:2], replace(contributions[2], author_name="鈴木 一郎 🐟"))
    return new_state(
        step=Step.KPIS,
        stage_index=2,
        map_type=MapType.FUTURE_STATE,
        scope="初回来店から契約まで\n(オンライン申込も含む)",
        language="en",
        items=items,
        contributions=contributions,
    ).evolve(**changes)


def test_create_returns_version_1_and_load_round_trips_everything(repository: JourneyRepository) -> None:
    state = rich_state(created_at=T0.astimezone(JST))
    created = repository.create(state)
    loaded = repository.load(state.journey_id)
    assert created == dataclasses.replace(state, version=1)
    assert loaded == created
    assert loaded is not None
    assert loaded.created_at.tzinfo == UTC and all(i.at.tzinfo == UTC for i in loaded.items)


def test_load_of_an_unknown_journey_is_none(repository: JourneyRepository) -> None:
    assert repository.load("nope") is None


def test_an_empty_journey_round_trips(repository: JourneyRepository) -> None:
    state = new_state(stages=(), thread_ts=None)
    assert repository.load(repository.create(state).journey_id) == dataclasses.replace(state, version=1)


def test_save_adds_updates_and_removes_items_contributions_stages_and_fields(
    repository: JourneyRepository,
) -> None:
    old = repository.create(rich_state())
    items = [i for i in old.items if i.item_id != "m2#1"]  # a removed touchpoint
    emotion = next(n for n, i in enumerate(items) if i.kind == ItemKind.EMOTION)
    items[emotion] = dataclasses.replace(items[emotion], score=1, text="やや不安")  # an updated emotion
    items[0] = dataclasses.replace(items[0], persona=Persona(name="田中", goals=("a", "b")))
    items.append(item(ItemKind.PAIN_POINT, 9, "新しい 🆕"))
    contributions = [
        dataclasses.replace(old.contributions[0], text="edited ✏️"),
        old.contributions[2],
        contribution(9, "新しい 🆕", Step.PAIN_POINTS),
    ]
    new = old.evolve(
        title="改訂版",
        step=Step.REVIEW,
        stage_index=0,
        updated_at=at(60),
        stages=("認知", "検討", "決定"),
        items=tuple(items),
        contributions=tuple(contributions),
    )
    saved = repository.save(old, new)
    assert saved == dataclasses.replace(new, version=2)
    assert repository.load(old.journey_id) == saved
    assert repository.save(saved, saved) == dataclasses.replace(saved, version=3)  # a no-op still bumps


def test_save_keeps_the_exact_order_when_items_are_inserted_moved_or_refiled(
    repository: JourneyRepository,
) -> None:
    old = repository.create(rich_state())
    moved = (old.items[-1], *old.items[2:-1], old.items[0])
    inserted = (*moved[:3], item(ItemKind.ACTION, 10, "割り込み"), *moved[3:])
    refiled = tuple(
        dataclasses.replace(i, kind=ItemKind.PAIN_POINT) if i.kind == ItemKind.THOUGHT else i for i in inserted
    )
    state = old
    for items in (moved, inserted, refiled):
        state = repository.save(state, state.evolve(items=items))
        assert repository.load(old.journey_id) == state


def test_save_from_a_stale_version_raises_concurrent_update_and_writes_nothing(
    repository: JourneyRepository,
) -> None:
    old = repository.create(new_state())
    first = repository.save(old, old.evolve(items=(item(ItemKind.ACTION, 1, "first"),)))
    with pytest.raises(ConcurrentUpdate):
        repository.save(old, old.evolve(items=(item(ItemKind.ACTION, 2, "second"),), title="lost"))
    assert repository.load(old.journey_id) == first


def test_two_racing_saves_from_the_same_version_one_wins(repository: JourneyRepository) -> None:
    old = repository.create(new_state())
    barrier = threading.Barrier(2)
    outcomes: list[SessionState | Exception] = []

    def save(n: int) -> None:
        barrier.wait()
        try:
            outcomes.append(repository.save(old, old.evolve(items=(item(ItemKind.ACTION, n, f"#{n}"),))))
        except ConcurrentUpdate as error:
            outcomes.append(error)

    threads = [threading.Thread(target=save, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [o for o in outcomes if isinstance(o, SessionState)]
    assert len(winners) == 1 and sum(isinstance(o, ConcurrentUpdate) for o in outcomes) == 1
    assert repository.load(old.journey_id) == winners[0]


def test_concurrent_writers_that_retry_lose_no_answer(repository: JourneyRepository) -> None:
    """The service's load → change → save → retry loop, from many threads at once."""
    journey_id = repository.create(new_state()).journey_id
    writers, answers = 6, 5

    def write(writer: int) -> None:
        for answer in range(answers):
            while True:
                old = repository.load(journey_id)
                assert old is not None
                new_item = item(ItemKind.PAIN_POINT, writer * 100 + answer, f"{writer}/{answer}")
                try:
                    repository.save(old, old.evolve(items=(*old.items, new_item)))
                    break
                except ConcurrentUpdate:
                    continue

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = repository.load(journey_id)
    assert final is not None
    assert len(final.items) == writers * answers and final.version == 1 + writers * answers


def test_save_of_a_deleted_journey_raises_concurrent_update(repository: JourneyRepository) -> None:
    old = repository.create(new_state())
    assert repository.delete(old.journey_id)
    with pytest.raises(ConcurrentUpdate):
        repository.save(old, old.evolve(title="x"))


def test_find_by_thread(repository: JourneyRepository) -> None:
    state = repository.create(rich_state())
    repository.create(new_state(thread_ts=None))
    assert state.thread_ts is not None
    assert repository.find_by_thread(team_id="T1", channel_id="C1", thread_ts=state.thread_ts) == state
    assert repository.find_by_thread(team_id="T1", channel_id="C2", thread_ts=state.thread_ts) is None
    assert repository.find_by_thread(team_id="T2", channel_id="C1", thread_ts=state.thread_ts) is None


def test_one_journey_per_thread_but_any_number_without_one(repository: JourneyRepository) -> None:
    first = repository.create(new_state())
    with pytest.raises(IntegrityError):
        repository.create(new_state(thread_ts=first.thread_ts))
    repository.create(new_state(thread_ts=None))
    repository.create(new_state(thread_ts=None))
    repository.create(new_state(thread_ts=first.thread_ts, channel_id="C2"))  # same ts, other channel
    assert len(repository.list(team_id="T1", channel_id="C1")) == 3


def test_list_is_scoped_by_team_and_channel_and_newest_first(repository: JourneyRepository) -> None:
    a = repository.create(new_state(team_id="T1", channel_id="C1", created_at=at(1)))
    b = repository.create(new_state(team_id="T1", channel_id="C2", created_at=at(3)))
    c = repository.create(rich_state(team_id="T2", channel_id="C1", created_at=at(2)))
    assert repository.list() == [b, c, a]
    assert repository.list(team_id="T1") == [b, a]
    assert repository.list(team_id="T1", channel_id="C1") == [a]
    assert repository.list(channel_id="C1") == [c, a]
    assert repository.list(team_id="T3") == []


def test_delete_cascades_to_every_row_of_the_journey_only(repository: JourneyRepository, engine: Engine) -> None:
    doomed, kept = repository.create(rich_state()), repository.create(rich_state())
    assert repository.delete(doomed.journey_id) is True
    assert repository.delete(doomed.journey_id) is False
    assert repository.load(doomed.journey_id) is None
    assert repository.load(kept.journey_id) == kept
    with engine.connect() as conn:
        for table in (STAGES, CONTRIBUTIONS, *ITEM_TABLES):
            count = conn.scalar(select(func.count()).where(table.c.journey_id == doomed.journey_id))
            assert count == 0, table.name


def test_unstorable_states_are_refused_before_anything_is_written(repository: JourneyRepository) -> None:
    old = repository.create(new_state())
    bad_items = [
        item(ItemKind.ACTION, 1, "x", score=1),  # a field its kind has no column for
        item(ItemKind.TOUCHPOINT, 1, "x", persona=Persona(name="p")),
        item(ItemKind.ACTION, 1, "nul \x00 byte"),  # PostgreSQL cannot store it: refused everywhere
    ]
    for bad in bad_items:
        with pytest.raises(ValueError):
            repository.save(old, old.evolve(items=(bad,)))
    with pytest.raises(ValueError, match="naive"):
        repository.save(old, old.evolve(updated_at=datetime(2026, 1, 1)))
    duplicate = item(ItemKind.ACTION, 1, "x")
    with pytest.raises(ValueError, match="duplicate"):
        repository.save(old, old.evolve(items=(duplicate, duplicate)))
    assert repository.load(old.journey_id) == old


def test_data_survives_a_new_engine(db_url: str) -> None:
    first = create_db_engine(db_url)
    state = JourneyRepository(first).create(rich_state())
    first.dispose()
    second = create_db_engine(db_url)
    try:
        assert JourneyRepository(second).load(state.journey_id) == state
    finally:
        second.dispose()


_KILLED_WRITER = """
import os, pickle, signal, sys
from journeys.storage import create_db_engine
from journeys.storage import JourneyRepository
url, first, second = pickle.load(sys.stdin.buffer)
repository = JourneyRepository(create_db_engine(url))
repository.save(repository.create(first), second)
print("saved", flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_committed_saves_survive_kill_9(engine: Engine, db_url: str) -> None:
    """A writer process killed right after its save (no dispose, no checkpoint) loses nothing."""
    first = rich_state()
    second = first.evolve(items=(*first.items, item(ItemKind.ACTION, 20, "最後の回答")), step=Step.REVIEW)
    result = subprocess.run(
        [sys.executable, "-c", _KILLED_WRITER],
        input=pickle.dumps((db_url, first, second)),
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()
    assert result.stdout == b"saved\n"
    assert JourneyRepository(engine).load(first.journey_id) == dataclasses.replace(second, version=2)


# --- property: any sequence of edits, saved one by one, reloads as the last state ---------------------

_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12) | st.sampled_from(
    ["認知", "送料が高い 😤", "", " ", "👨‍👩‍👧"]
)
_ZONE = st.sampled_from([UTC, JST, timezone(timedelta(hours=-5, minutes=-30))])
_WHEN = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=_ZONE)
_OPTIONAL_1_3 = st.none() | st.integers(1, 3)
_KIND_FIELDS: dict[ItemKind, st.SearchStrategy[dict[str, Any]]] = {
    ItemKind.PERSONA: st.fixed_dictionaries(
        {"persona": st.none() | st.builds(Persona, name=_TEXT, description=_TEXT, goals=st.tuples(_TEXT))}
    ),
    ItemKind.TOUCHPOINT: st.fixed_dictionaries({"channel": st.sampled_from([None, "online", "offline"])}),
    ItemKind.EMOTION: st.fixed_dictionaries({"score": st.none() | st.integers(-2, 2)}),
    ItemKind.OPPORTUNITY: st.fixed_dictionaries({"impact": _OPTIONAL_1_3, "effort": _OPTIONAL_1_3}),
    ItemKind.KPI: st.fixed_dictionaries({"kpi_id": st.none() | _TEXT, "target": st.none() | _TEXT}),
}


@st.composite
def _new_item(draw: st.DrawFn, message: int) -> Item:
    kind = draw(st.sampled_from(list(ItemKind)))
    fields = draw(_KIND_FIELDS.get(kind, st.just({})))
    stage = draw(st.none() | st.sampled_from(STAGES_JA))
    return item(kind, message, draw(_TEXT), stage=stage, at=draw(_WHEN), author=draw(_TEXT), **fields)


_OPS = st.lists(st.tuples(st.sampled_from(["add", "add", "remove", "edit"]), st.integers(0, 10**6), _TEXT), max_size=12)


def test_random_edit_sequences_reload_as_the_last_saved_state(repository: JourneyRepository, db_url: str) -> None:
    examples = 15 if db_url.startswith("postgresql") else 60

    @settings(max_examples=examples, deadline=None)
    @given(ops=_OPS, data=st.data())
    def run(ops: list[tuple[str, int, str]], data: st.DataObject) -> None:
        state = repository.create(new_state())
        for message, (op, pick, text) in enumerate(ops):
            items = list(state.items)
            if op == "add":
                items.insert(pick % (len(items) + 1), data.draw(_new_item(message)))
            elif items and op == "remove":
                del items[pick % len(items)]
            elif items:
                items[pick % len(items)] = dataclasses.replace(items[pick % len(items)], text=text)
            state = repository.save(state, state.evolve(items=tuple(items), updated_at=at(message)))
        assert repository.load(state.journey_id) == state

    run()


def test_a_blueprint_session_round_trips_its_lanes(repository: JourneyRepository) -> None:
    from tests.journeys.factories import blueprint_session

    state = blueprint_session().state
    repository.create(state)
    loaded = repository.load(state.journey_id)
    assert loaded is not None and loaded.items == state.items
    assert {i.kind for i in loaded.items} >= {ItemKind.FRONTSTAGE, ItemKind.BACKSTAGE, ItemKind.SUPPORT,
                                              ItemKind.OWNER}
    assert loaded.step is Step.BLUEPRINT


def test_what_a_command_replaced_round_trips_so_undo_works_after_a_reload(repository: JourneyRepository) -> None:
    from journeys.events import Answer
    from journeys.flow import advance
    from tests.journeys.factories import Driver

    driver = Driver()
    driver.goto(Step.PERSONA)
    driver.say("名前: 佐藤 美咲\n目標: 時短")
    driver.goto(Step.OPPORTUNITIES)
    driver.say("チャットで相談できるようにする (影響:高, 工数:中)\n比較表を載せる")
    driver.say("評価 1 影響:低")
    driver.say("投票 2")
    driver.say("投票取消 2")
    driver.say("削除 1、2")
    repository.create(driver.state)
    loaded = repository.load(driver.state.journey_id)
    assert loaded is not None and loaded.contributions == driver.state.contributions
    undone = advance(loaded, Answer("取り消し", "U1", "m-undo", at(99)), driver.ctx).state
    assert [(i.text, i.impact) for i in undone.items_of(ItemKind.OPPORTUNITY)] == [
        ("チャットで相談できるようにする", 1), ("比較表を載せる", None)]
