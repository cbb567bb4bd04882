"""How often this process may rewrite messages in one workspace (chat.update), so that many sessions at once
stay under Slack's rate limit instead of queueing behind 429s.

chat.update is a Tier 3 method: about 50 calls a minute per workspace and app, with short bursts allowed.
Each session's root message is rewritten at most once per `ROOT_REFRESH_SECONDS` after a change, which is
plenty for one session but not for fifty in one workspace: at a few answers a minute each they asked for
hundreds of updates a minute, and every 429 held a worker thread in the retry handler's sleep. So the
refreshes of a workspace get slots: the first `burst` at once, then one per `60 / per_minute` seconds, in
the order they were asked for (the generic cell rate algorithm: one "theoretical arrival time" per
workspace, no timer, no thread). A refresh reads the newest state when it runs, so a later slot loses
nothing; the thread's replies are never paced.

The workers of one `journeybot serve --workers N` share the budget: their workspaces' slots live in a
`SharedSchedule`, memory mapped before the fork (a 1/N share per process left a worker holding more of a burst's
sessions behind the others: at four workers the roots took over three minutes to catch up). Replicas on
other machines each keep a budget of their own (docs/deploy.md).
"""

from __future__ import annotations

import hashlib
import mmap
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

__all__ = ["CHAT_UPDATES_BURST", "CHAT_UPDATES_PER_MINUTE", "LocalSchedule", "SharedSchedule", "UpdatePace"]

CHAT_UPDATES_PER_MINUTE = 40.0  # under Tier 3's ~50, leaving room for the vote messages' and other updates
CHAT_UPDATES_BURST = 10


class Schedule(Protocol):
    """Per workspace, when its next slot would be due with no burst left (clock seconds); read and written only
    inside `locked()`."""

    def locked(self) -> AbstractContextManager[None]: ...

    def due(self, workspace: str, *, now: float) -> float | None: ...

    def set_due(self, workspace: str, at: float, *, now: float) -> None: ...


class LocalSchedule:
    """One process's schedule: a dict."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    @contextmanager
    def locked(self) -> Iterator[None]:
        with self._lock:
            yield

    def due(self, workspace: str, *, now: float) -> float | None:
        return self._next.get(workspace)

    def set_due(self, workspace: str, at: float, *, now: float) -> None:
        self._next[workspace] = at
        if len(self._next) > 1000:  # workspaces idle for longer than their burst hold nothing
            self._next = {w: t for w, t in self._next.items() if t > now}


class SharedSchedule:
    """The schedule of every process forked after it was made: a table in a shared memory map, open addressing
    by a stable hash of the workspace id (`PROBES` places each). A place whose workspace holds nothing (its due
    time passed) is free. With every place of a workspace busy it shares the first one's budget: stricter than
    its own, never looser. Locked per thread and, across processes, with a record lock on the map's file, which
    the kernel releases when its holder dies (a worker killed with -9 mid-`reserve` blocks nobody)."""

    PLACES = 1024
    PROBES = 8

    def __init__(self, places: int = PLACES) -> None:
        self._places = places
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 — lives as long as the schedule, in every fork
        self._file.truncate(16 * places)
        self._memory = mmap.mmap(self._file.fileno(), 16 * places)  # MAP_SHARED
        self._keys = memoryview(self._memory)[: 8 * places].cast("Q")  # 0: never used
        self._times = memoryview(self._memory)[8 * places:].cast("d")
        self._threads = threading.Lock()

    @contextmanager
    def locked(self) -> Iterator[None]:
        import fcntl  # POSIX, as the fork that shares this is: the pace module itself imports anywhere

        with self._threads:  # record locks are per process: the threads of one take turns first
            fcntl.lockf(self._file.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.lockf(self._file.fileno(), fcntl.LOCK_UN)

    def _place(self, workspace: str, *, now: float) -> int:
        """The workspace's place: its own, else a free one (taken now), else the first it probes (shared)."""
        key = int.from_bytes(hashlib.blake2b(workspace.encode(), digest_size=8).digest(), "big") or 1
        places = [(key + step) % self._places for step in range(self.PROBES)]
        place = next((p for p in places if self._keys[p] == key), None)
        if place is None:
            place = next((p for p in places if self._keys[p] == 0 or self._times[p] <= now), None)
            if place is None:
                return places[0]  # every place busy: share that workspace's budget
            self._keys[place], self._times[place] = key, 0.0  # a due time long past: a fresh budget
        return place

    def due(self, workspace: str, *, now: float) -> float | None:
        return self._times[self._place(workspace, now=now)]

    def set_due(self, workspace: str, at: float, *, now: float) -> None:
        place = self._place(workspace, now=now)
        self._times[place] = max(at, self._times[place])  # a shared place keeps the later of the two


class UpdatePace:
    def __init__(self, *, per_minute: float = CHAT_UPDATES_PER_MINUTE, burst: int = CHAT_UPDATES_BURST,
                 clock: Callable[[], float] = time.monotonic, schedule: Schedule | None = None) -> None:
        if per_minute <= 0 or burst < 1:
            raise ValueError("per_minute must be positive and burst at least 1")
        self._interval = 60.0 / per_minute
        self._tolerance = self._interval * (burst - 1)
        self._clock = clock
        self._schedule: Schedule = schedule if schedule is not None else LocalSchedule()

    @classmethod
    def shared(cls) -> UpdatePace:
        """A pace for the processes forked after this call (`serve --workers N`): one budget for them all."""
        return cls(schedule=SharedSchedule())

    def reserve(self, workspace: str, *, earliest: float) -> float:
        """Seconds from now until this workspace's next free slot, not before `earliest` seconds from now;
        the slot is taken."""
        now = self._clock()
        wanted = now + earliest
        with self._schedule.locked():
            due = self._schedule.due(workspace, now=now)
            due = wanted if due is None else due
            slot = max(wanted, due - self._tolerance)
            self._schedule.set_due(workspace, max(due, slot) + self._interval, now=now)
        return slot - now
