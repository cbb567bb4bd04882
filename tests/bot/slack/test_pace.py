"""bot/slack/pace.py: a workspace's message rewrites get slots under Slack's chat.update rate limit."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import pytest

from bot.slack.pace import SharedSchedule, UpdatePace
from bot.slack.worker import Worker


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_goes_at_once_then_one_slot_per_interval_in_order() -> None:
    clock = Clock()
    pace = UpdatePace(per_minute=40, burst=10, clock=clock)
    delays = [pace.reserve("T1", earliest=3.0) for _ in range(14)]
    assert delays[:10] == [3.0] * 10
    assert delays[10:] == pytest.approx([4.5, 6.0, 7.5, 9.0])  # 60 s / 40


def test_workspaces_have_budgets_of_their_own() -> None:
    clock = Clock()
    pace = UpdatePace(per_minute=6, burst=1, clock=clock)
    assert pace.reserve("T1", earliest=0) == 0 and pace.reserve("T1", earliest=0) == pytest.approx(10)
    assert pace.reserve("T2", earliest=0) == 0


def test_the_budget_refills_with_time_and_never_beyond_the_burst() -> None:
    clock = Clock()
    pace = UpdatePace(per_minute=60, burst=3, clock=clock)
    assert [pace.reserve("T1", earliest=0) for _ in range(4)] == pytest.approx([0, 0, 0, 1])
    clock.now += 4.0  # three came back: the fourth used the slot of the first second
    assert [pace.reserve("T1", earliest=0) for _ in range(4)] == pytest.approx([0, 0, 0, 1])
    clock.now += 3600  # an hour idle: the burst again, not an hour's worth
    assert [pace.reserve("T1", earliest=0) for _ in range(4)] == pytest.approx([0, 0, 0, 1])


def test_processes_forked_after_a_shared_pace_share_one_budget() -> None:
    """`serve --workers N`: what one worker took is gone for the others (slots in order, across processes).
    The clock stands still (both processes hold a copy): on a busy machine the fork alone took long enough for the
    parent's wait to shrink below the second it is measured against."""
    pace = UpdatePace(per_minute=60, burst=2, clock=Clock(), schedule=SharedSchedule())
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def worker() -> None:
        results.put([round(pace.reserve("T1", earliest=0), 1) for _ in range(2)])

    process = context.Process(target=worker)
    process.start()
    process.join(10)
    assert results.get(timeout=5) == [0.0, 0.0]  # the sibling took the burst
    assert pace.reserve("T1", earliest=0) == pytest.approx(1.0, abs=0.1)  # here, the next slot: a second on
    assert pace.reserve("T2", earliest=0) == 0  # another workspace has its own


def test_a_shared_schedule_reuses_the_places_of_idle_workspaces_and_never_loosens_a_budget() -> None:
    clock = Clock()
    schedule = SharedSchedule(places=4)
    pace = UpdatePace(per_minute=60, burst=1, clock=clock, schedule=schedule)
    taken = [pace.reserve(f"T{n}", earliest=0) for n in range(12)]  # more workspaces than places
    assert taken[:4] == [0.0] * 4  # (some may share a place: then the later one waits, never goes early)
    assert all(delay >= 0 for delay in taken)
    assert pace.reserve("T0", earliest=0) >= 1.0  # T0's slot was taken: its next is a second on, or later
    clock.now += 3600  # an hour on, every place is free again
    assert [pace.reserve(f"U{n}", earliest=0) for n in range(4)] == [0.0] * 4


def test_a_worker_killed_holding_the_schedule_blocks_nobody() -> None:
    schedule = SharedSchedule()
    context = multiprocessing.get_context("fork")
    holding = context.Event()

    def worker() -> None:
        with schedule.locked():
            holding.set()
            time.sleep(60)

    process = context.Process(target=worker)
    process.start()
    assert holding.wait(10)
    os.kill(process.pid, signal.SIGKILL)
    process.join(10)
    started = time.monotonic()
    assert UpdatePace(schedule=schedule).reserve("T1", earliest=0) == 0
    assert time.monotonic() - started < 1.0


def test_only_a_task_really_scheduled_takes_a_slot() -> None:
    """Answers coalesced into a refresh already waiting ask for no slot: fifty answers in one session take one."""
    clock = Clock()
    pace = UpdatePace(per_minute=60, burst=1, clock=clock)
    worker = Worker()
    ran: list[str] = []
    for _ in range(50):
        worker.submit_later("j1", lambda: ran.append("j1"), delay=lambda: pace.reserve("T1", earliest=0.05),
                            coalesce="root")
    worker.submit_later("j2", lambda: ran.append("j2"), delay=lambda: pace.reserve("T2", earliest=0.05),
                        coalesce="root")
    assert worker.join(timeout=10)
    assert sorted(ran) == ["j1", "j2"]
    assert pace.reserve("T1", earliest=0) == pytest.approx(1.05)  # one T1 slot was taken, at 0.05 s
    started = time.monotonic()
    worker.submit_later("j3", lambda: ran.append("j3"), delay=lambda: 0.0, coalesce="root")  # due now: at once
    assert worker.join(timeout=10) and ran[-1] == "j3" and time.monotonic() - started < 1.0
    worker.shutdown()


def test_bad_budgets_are_refused() -> None:
    with pytest.raises(ValueError):
        UpdatePace(per_minute=0)
    with pytest.raises(ValueError):
        UpdatePace(burst=0)
