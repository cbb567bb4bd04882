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

The budget is per process: `journeybot serve --workers N` gives each process 1/N of it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["CHAT_UPDATES_BURST", "CHAT_UPDATES_PER_MINUTE", "UpdatePace"]

CHAT_UPDATES_PER_MINUTE = 40.0  # under Tier 3's ~50, leaving room for the vote messages' and other updates
CHAT_UPDATES_BURST = 10


class UpdatePace:
    def __init__(self, *, per_minute: float = CHAT_UPDATES_PER_MINUTE, burst: int = CHAT_UPDATES_BURST,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute <= 0 or burst < 1:
            raise ValueError("per_minute must be positive and burst at least 1")
        self._interval = 60.0 / per_minute
        self._tolerance = self._interval * (burst - 1)
        self._clock = clock
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}  # workspace → when its next slot would be due with no burst left

    @classmethod
    def shared_by(cls, processes: int) -> UpdatePace:
        """This process's part of the budget when `processes` serve the same workspaces."""
        processes = max(1, processes)
        return cls(per_minute=CHAT_UPDATES_PER_MINUTE / processes, burst=max(1, CHAT_UPDATES_BURST // processes))

    def reserve(self, workspace: str, *, earliest: float) -> float:
        """Seconds from now until this workspace's next free slot, not before `earliest` seconds from now;
        the slot is taken."""
        now = self._clock()
        wanted = now + earliest
        with self._lock:
            due = self._next.get(workspace, wanted)
            slot = max(wanted, due - self._tolerance)
            self._next[workspace] = max(due, slot) + self._interval
            if len(self._next) > 1000:  # workspaces idle for longer than their burst hold nothing
                self._next = {w: t for w, t in self._next.items() if t > now}
        return slot - now
