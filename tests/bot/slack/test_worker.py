"""The Slack worker: tasks in order per key, delayed tasks coalesced and fired by one timer thread."""

from __future__ import annotations

import threading
import time

import pytest

from bot.slack import worker as worker_module
from bot.slack.traffic import TRAFFIC
from bot.slack.worker import Worker


def test_tasks_of_one_key_run_in_submission_order() -> None:
    worker = Worker(max_workers=4)
    done: list[int] = []
    for n in range(20):
        worker.submit("journey", lambda n=n: (time.sleep(0.001 * (n % 3)), done.append(n)))
    assert worker.join(timeout=10)
    assert done == list(range(20))
    worker.shutdown()


def test_delayed_tasks_are_coalesced_per_key_and_fire_after_their_delay() -> None:
    worker = Worker()
    fired: list[tuple[str, float]] = []
    started = time.monotonic()
    for _ in range(5):  # five answers within the delay: one refresh
        worker.submit_later("a", lambda: fired.append(("a", time.monotonic() - started)), delay=0.6, coalesce="root")
    worker.submit_later("b", lambda: fired.append(("b", time.monotonic() - started)), delay=0.05, coalesce="root")
    assert worker.join(timeout=10)
    assert [key for key, _ in fired] == ["b", "a"]  # due order, not submission order
    assert fired[0][1] >= 0.05 and fired[1][1] >= 0.6
    worker.submit_later("a", lambda: fired.append(("a", 0.0)), delay=0.01, coalesce="root")  # fired: a new one
    assert worker.join(timeout=10) and len(fired) == 3
    worker.shutdown()


def test_many_delayed_tasks_do_not_start_a_thread_each() -> None:
    worker = Worker()
    before = threading.active_count()
    ran = threading.Event()
    for n in range(50):  # a burst: 50 sessions answered at once, each owing a root refresh
        worker.submit_later(f"journey-{n}", ran.set, delay=0.3, coalesce="root")
    assert threading.active_count() - before <= 1  # the one timer thread
    assert worker.join(timeout=10) and ran.is_set()
    worker.shutdown()


def test_work_steps_aside_for_acks_in_flight_but_not_for_a_request_that_waits_for_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(worker_module, "YIELD_TO_ACKS", 2.0)  # a wide margin: a busy machine is slow too
    worker = Worker()
    done = threading.Event()
    try:
        with TRAFFIC.serving():  # a request in flight: background work waits for it to be answered
            submitted = time.monotonic()
            worker.submit("j1", done.set)
            assert not done.wait(0.1)
            assert worker.wait_key("j1", timeout=5)  # the request waits for j1's work: it goes ahead at once
            assert done.is_set() and time.monotonic() - submitted < 1.0
    finally:
        worker.shutdown(timeout=1)


def test_a_task_runs_now_in_the_callers_thread_only_when_its_key_is_idle_and_later_tasks_queue_behind_it() -> None:
    worker = Worker(max_workers=4)
    order: list[str] = []
    inside = threading.Event()
    release = threading.Event()
    blocker_done = threading.Event()

    def blocker() -> None:
        inside.set()
        release.wait(5)
        order.append("blocker")
        blocker_done.set()

    worker.submit("busy", blocker)
    assert inside.wait(5)
    assert not worker.run_now_if_idle("busy", lambda: order.append("never"))  # a task of the key is running
    release.set()
    assert blocker_done.wait(5) and worker.join(timeout=5)

    caller = threading.get_ident()

    def now() -> None:
        order.append(f"now in caller: {threading.get_ident() == caller}")
        worker.submit("busy", lambda: order.append("queued during it"))  # must wait for this one
        assert not worker.wait_key("busy", timeout=0.05)  # the key counts as busy meanwhile
        order.append("now done")

    assert worker.run_now_if_idle("busy", now)
    assert worker.join(timeout=5)
    assert order == ["blocker", "now in caller: True", "now done", "queued during it"]
    with pytest.raises(RuntimeError):
        worker.run_now_if_idle("busy", lambda: (_ for _ in ()).throw(RuntimeError("boom")))
    assert worker.wait_key("busy", timeout=1)  # a failed task leaves the key free
    worker.shutdown()
