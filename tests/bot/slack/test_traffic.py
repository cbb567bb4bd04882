"""bot/slack/traffic.py: background work waits for the requests in flight, but never longer than it may."""

from __future__ import annotations

import threading
import time

from bot.slack.traffic import Traffic


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
