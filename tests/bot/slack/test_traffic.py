"""bot/slack/traffic.py: background work waits for the requests in flight, but never longer than it may."""

from __future__ import annotations

import multiprocessing
import threading
import time

from bot.slack.traffic import Traffic, TrafficBoard


def test_a_quiet_process_does_not_wait() -> None:
    started = time.monotonic()
    assert Traffic().wait_quiet(1.0)
    assert time.monotonic() - started < 0.1


def test_work_waits_until_the_last_request_in_flight_is_answered() -> None:
    traffic = Traffic()
    answered = threading.Event()

    def request() -> None:
        with traffic.serving():
            time.sleep(0.2)
        answered.set()

    thread = threading.Thread(target=request)
    thread.start()
    time.sleep(0.05)
    assert traffic.wait_quiet(5.0)
    assert answered.wait(1.0)  # quiet only once the request had left
    thread.join()


def test_a_steady_stream_of_requests_cannot_starve_the_work() -> None:
    traffic = Traffic()
    with traffic.serving():
        started = time.monotonic()
        assert not traffic.wait_quiet(0.1)
        assert 0.09 <= time.monotonic() - started < 1.0


def test_work_waits_for_a_sibling_workers_requests_too() -> None:
    """`serve --workers N`: a request in flight in another worker process holds this one's background work."""
    board = TrafficBoard(2)
    here = Traffic()
    here.share(board, 0)
    entered, leave = multiprocessing.get_context("fork").Event(), multiprocessing.get_context("fork").Event()

    def sibling() -> None:
        there = Traffic()
        there.share(board, 1)
        with there.serving():
            entered.set()
            leave.wait(10)

    process = multiprocessing.get_context("fork").Process(target=sibling)
    process.start()
    try:
        assert entered.wait(10)
        assert board.others(0) == 1
        assert not here.wait_quiet(0.1)  # the sibling's request holds the work back (for at most max_wait)
        released = threading.Timer(0.1, leave.set)
        released.start()
        started = time.monotonic()
        assert here.wait_quiet(5.0)  # and once it is answered, the work goes on
        assert time.monotonic() - started < 2.0 and leave.is_set()
    finally:
        leave.set()
        process.join(10)
    assert board.others(0) == 0


def test_a_restarted_worker_clears_what_its_predecessor_left_on_the_board() -> None:
    board = TrafficBoard(2)
    board.set(1, 3)  # a worker killed with three requests in flight
    Traffic().share(board, 1)
    assert board.others(0) == 0
