"""Requests in flight, so that work after the ack can step aside for the acks — in this process and, under
`serve --workers N`, in its sibling processes too.

Python runs one thread at a time. In a burst of fifty answers, applying and posting the first ones (a few
ms of CPU each, on the worker's threads) competed with the acks still being made, and the last ack waited
for that work instead of the other way round. Slack needs the ack within 3 s and retries without it; a
reply 50 ms later is not noticed. So the HTTP layer counts requests in flight (`serving`), and background
tasks wait for a quiet moment (`wait_quiet`) — never longer than `max_wait`, so a steady stream of
requests cannot starve them.

Processes share the machine's cores as threads share a process: with four workers on two cores, a worker
done with its acks applied its answers while its siblings were still acking, and the burst's ack p99 grew
from 17 ms (one process) to 140 ms (four). `TrafficBoard` is a small piece of memory the workers of one
`serve --workers N` share (mapped before they are forked): each writes its own count of requests in flight,
and background work waits until every count is zero. A sibling's requests are seen by polling
(`SIBLING_POLL`): no signal crosses processes. A worker killed with requests in flight leaves its count
behind until its replacement clears it; the wait is bounded by `max_wait` meanwhile.

One per process (`TRAFFIC`): one server per process, and the worker and delivery live in that process.
"""

from __future__ import annotations

import mmap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["SIBLING_POLL", "TRAFFIC", "Traffic", "TrafficBoard"]

SIBLING_POLL = 0.003  # seconds between looks at the siblings' counts while they have requests in flight


class TrafficBoard:
    """Requests in flight per worker process, in anonymous shared memory inherited by processes forked after
    it was made. Slot i is written only by worker i (one aligned 8-byte store), read by all."""

    def __init__(self, processes: int) -> None:
        self._memory = mmap.mmap(-1, 8 * max(1, processes))  # MAP_SHARED | MAP_ANONYMOUS: survives fork
        self._counts = memoryview(self._memory).cast("q")

    def __len__(self) -> int:
        return len(self._counts)

    def set(self, slot: int, in_flight: int) -> None:
        self._counts[slot] = in_flight

    def others(self, slot: int) -> int:
        """Requests in flight in every process but `slot`'s."""
        return sum(count for index, count in enumerate(self._counts) if index != slot)


class Traffic:
    def __init__(self) -> None:
        self._in_flight = 0
        self._quiet = threading.Condition()
        self._board: TrafficBoard | None = None
        self._slot = 0

    def share(self, board: TrafficBoard, slot: int) -> None:
        """Count this process's requests on `board` as worker `slot`, and wait for the other workers' too
        (a restarted worker clears what its predecessor left there)."""
        with self._quiet:
            self._board, self._slot = board, slot
            board.set(slot, self._in_flight)

    @contextmanager
    def serving(self) -> Iterator[None]:
        with self._quiet:
            self._in_flight += 1
            if self._board is not None:
                self._board.set(self._slot, self._in_flight)
        try:
            yield
        finally:
            with self._quiet:
                self._in_flight -= 1
                if self._board is not None:
                    self._board.set(self._slot, self._in_flight)
                if self._in_flight == 0:
                    self._quiet.notify_all()

    def alone(self) -> bool:
        """Whether at most one request is in flight here and none in a sibling worker: the caller's own, when
        called while serving one."""
        with self._quiet:
            siblings = self._board.others(self._slot) if self._board is not None else 0
            return self._in_flight <= 1 and siblings <= 0

    def wait_quiet(self, max_wait: float, *, unless: Callable[[], bool] = lambda: False) -> bool:
        """Wait until no request is in flight here or in a sibling worker, at most `max_wait` seconds, or until
        `unless()` holds (checked now, at every `nudge` and every sibling poll); True if it got quiet or
        `unless()` held."""
        deadline = time.monotonic() + max_wait
        with self._quiet:
            while True:
                if unless():
                    return True
                if self._in_flight == 0:
                    siblings = self._board.others(self._slot) if self._board is not None else 0
                    if siblings <= 0:
                        return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                # Here, the last request's end notifies; a sibling's end is only seen by looking again.
                self._quiet.wait(min(left, SIBLING_POLL) if self._board is not None else left)

    def nudge(self) -> None:
        """Have the waiters check their `unless` again (e.g. a request now waits for their work)."""
        with self._quiet:
            self._quiet.notify_all()


TRAFFIC = Traffic()
