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
        worker.submit_later("a", lambda: fired.append(("a", time.monotonic() - started)), delay=0.2, coalesce="root")
    worker.submit_later("b", lambda: fired.append(("b", time.monotonic() - started)), delay=0.05, coalesce="root")
    assert worker.join(timeout=10)
    assert [key for key, _ in fired] == ["b", "a"]  # due order, not submission order
    assert fired[0][1] >= 0.05 and fired[1][1] >= 0.2
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
