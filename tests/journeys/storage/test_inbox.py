"""The inbox on SQLite and PostgreSQL: an acknowledged event is committed before `receive` returns, once per
event id, concurrent receives share transactions, and entries come back in order until they are consumed."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, event

from journeys.storage import Inbox, Received
from journeys.storage.inbox import CONSUMED_DELAY


def _item(n: int, journey: str = "j1") -> Received:
    return Received(event_id=f"Ev{n}", journey_id=journey, payload=f'{{"n": {n}}}')


def _count_commits(engine: Engine) -> list[int]:
    commits = [0]
    event.listen(engine, "commit", lambda conn: commits.__setitem__(0, commits[0] + 1))
    return commits


def test_a_received_entry_is_committed_before_receive_returns(engine: Engine) -> None:
    Inbox(engine).receive(_item(1))
    other_process = Inbox(engine)  # reads the table, not the first one's memory
    assert [(e.event_id, e.payload) for e in other_process.pending("j1", max_attempts=3)] == [("Ev1", '{"n": 1}')]
    assert other_process.waiting() == 1


def test_a_retry_of_an_entry_still_waiting_is_ignored(engine: Engine) -> None:
    inbox = Inbox(engine)
    inbox.receive(_item(1))
    inbox.receive(Received(event_id="Ev1", journey_id="j1", payload="the retry"))
    assert [e.payload for e in inbox.pending("j1", max_attempts=3)] == ['{"n": 1}']


def test_entries_come_back_per_journey_in_the_order_received(engine: Engine) -> None:
    inbox = Inbox(engine)
    for n in range(5):
        inbox.receive(_item(n, journey="j1" if n % 2 == 0 else "j2"))
    assert [e.event_id for e in inbox.pending("j1", max_attempts=3)] == ["Ev0", "Ev2", "Ev4"]
    assert [e.event_id for e in inbox.pending("j2", max_attempts=3)] == ["Ev1", "Ev3"]


def test_concurrent_receives_share_transactions(engine: Engine) -> None:
    inbox = Inbox(engine)
    inbox.receive(_item(0))  # the writer thread is up
    commits = _count_commits(engine)
    start = threading.Barrier(40)
    errors: list[BaseException] = []

    def one(n: int) -> None:
        start.wait()
        try:
            inbox.receive(_item(n, journey=f"j{n}"))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(1, 41)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert inbox.waiting() == 41
    assert commits[0] < 40, f"{commits[0]} commits for 40 entries: no group commit"


def test_a_receive_that_cannot_commit_raises_so_the_request_is_not_acknowledged(engine: Engine) -> None:
    inbox = Inbox(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE inbox")
    with pytest.raises(Exception):  # noqa: B017 - whatever the driver raises reaches the caller
        inbox.receive(_item(1))


def test_consumed_entries_are_not_waiting_and_are_deleted_soon_after(engine: Engine) -> None:
    inbox = Inbox(engine)
    inbox.receive(_item(1))
    inbox.receive(_item(2))
    inbox.consumed(["Ev1"])
    assert inbox.waiting() == 1  # at once, though the row is deleted later
    deadline = datetime.now(UTC) + timedelta(seconds=CONSUMED_DELAY + 5)
    while len(Inbox(engine).pending("j1", max_attempts=3)) > 1 and datetime.now(UTC) < deadline:
        threading.Event().wait(0.05)
    assert [e.event_id for e in Inbox(engine).pending("j1", max_attempts=3)] == ["Ev2"]


def test_failed_entries_back_off_and_are_parked_after_too_many_attempts(engine: Engine) -> None:
    now = [datetime(2026, 11, 1, 9, 0, tzinfo=UTC)]
    inbox = Inbox(engine, clock=lambda: now[0])
    inbox.receive(_item(1))
    assert inbox.due(older_than=timedelta(seconds=3), max_attempts=2) == []  # not stale yet
    now[0] += timedelta(seconds=4)
    assert [e.attempts for e in inbox.due(older_than=timedelta(seconds=3), max_attempts=2)] == [0]
    inbox.failed("Ev1")
    assert [e.attempts for e in inbox.due(older_than=timedelta(seconds=3), max_attempts=2)] == [1]
    inbox.failed("Ev1")
    assert inbox.due(older_than=timedelta(seconds=3), max_attempts=2) == []  # parked: kept, not retried
    assert inbox.pending("j1", max_attempts=2) == [] and inbox.waiting() == 1


def test_a_held_journey_stays_held_until_released(engine: Engine) -> None:
    inbox = Inbox(engine)
    inbox.hold("j1")
    assert inbox.held("j1") and not inbox.held("j2")
    inbox.release("j1")
    assert not inbox.held("j1")
