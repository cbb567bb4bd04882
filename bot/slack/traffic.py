"""Requests in flight in this process, so that work after the ack can step aside for the acks.

Python runs one thread at a time. In a burst of fifty answers, applying and posting the first ones (a few
ms of CPU each, on the worker's threads) competed with the acks still being made, and the last ack waited
for that work instead of the other way round. Slack needs the ack within 3 s and retries without it; a
reply 50 ms later is not noticed. So the HTTP layer counts requests in flight (`serving`), and background
tasks wait for a quiet moment (`wait_quiet`) — never longer than `max_wait`, so a steady stream of
requests cannot starve them.

One per process (`TRAFFIC`): one server per process, and the worker and delivery live in that process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["TRAFFIC", "Traffic"]


class Traffic:
    def __init__(self) -> None:
        self._in_flight = 0
        self._quiet = threading.Condition()

    @contextmanager
    def serving(self) -> Iterator[None]:
        with self._quiet:
            self._in_flight += 1
        try:
            yield
        finally:
            with self._quiet:
                self._in_flight -= 1
                if self._in_flight == 0:
                    self._quiet.notify_all()

    def wait_quiet(self, max_wait: float, *, unless: Callable[[], bool] = lambda: False) -> bool:
        """Wait until no request is in flight, at most `max_wait` seconds, or until `unless()` holds (checked
        now and at every `nudge`); True if it got quiet or `unless()` held."""
        with self._quiet:
            return self._quiet.wait_for(lambda: self._in_flight == 0 or unless(), timeout=max_wait)

    def nudge(self) -> None:
        """Have the waiters check their `unless` again (e.g. a request now waits for their work)."""
        with self._quiet:
            self._quiet.notify_all()


TRAFFIC = Traffic()
