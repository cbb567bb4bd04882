"""Which journey a Slack thread belongs to, remembered in memory.

Every message in every thread of every channel the bot is in asks this question, and the repository
answers it by loading a whole journey. The answer never changes once known: a thread becomes a session
when the bot posts its root (so no one can reply in it before), and a thread that is not a session never
becomes one. Misses are remembered too. Entries of deleted journeys are forgotten when seen.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from journeys.service import JourneyService

__all__ = ["ThreadIndex"]

_MISSING = ""


class ThreadIndex:
    def __init__(self, *, size: int = 50_000) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, str, str], str] = OrderedDict()

    def journey_id(self, service: JourneyService, *, team_id: str, channel_id: str, thread_ts: str) -> str | None:
        key = (team_id, channel_id, thread_ts)
        with self._lock:
            cached = self._entries.get(key)
            if cached is not None:
                self._entries.move_to_end(key)
                return cached or None
        state = service.find(team_id=team_id, channel_id=channel_id, thread_ts=thread_ts)
        self.remember(team_id=team_id, channel_id=channel_id, thread_ts=thread_ts,
                      journey_id=state.journey_id if state is not None else None)
        return state.journey_id if state is not None else None

    def remember(self, *, team_id: str, channel_id: str, thread_ts: str, journey_id: str | None) -> None:
        with self._lock:
            self._entries[(team_id, channel_id, thread_ts)] = journey_id or _MISSING
            self._entries.move_to_end((team_id, channel_id, thread_ts))
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def forget(self, journey_id: str) -> None:
        with self._lock:
            for key in [k for k, v in self._entries.items() if v == journey_id]:
                del self._entries[key]
