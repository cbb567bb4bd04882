"""The Slack adapter's sessions: which thread is which journey, the newest state of each, and the one door
into the engine for session events.

Every message in every thread of every channel the bot is in asks "is this thread a session?", and each
answer would load a whole journey. So this object remembers, in memory and bounded:

* thread → journey, for threads that *are* sessions. A miss is never remembered: a thread becomes a
  session when its root is posted, and a reply can arrive before the link is stored; a remembered miss
  would drop every later answer in that thread (issue 10).
* the newest state each journey reached in this process, handed to the engine as its current state (its
  save is version-checked, so a state another process moved on from only costs a reload), and read by
  root-message refreshes.

Deleting a journey, or finding it gone, forgets both.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from datetime import UTC, datetime

from journeys.events import AnyEvent
from journeys.flow import Outcome
from journeys.service import JourneyNotFound, JourneyService, Owed
from journeys.state import SessionState

__all__ = ["SlackSessions"]

ThreadKey = tuple[str, str, str]  # (team, channel, thread ts)


class SlackSessions:
    def __init__(self, service: JourneyService, *, states: int = 2000, threads: int = 50_000) -> None:
        self._service = service
        self._lock = threading.Lock()
        self._states: OrderedDict[str, SessionState] = OrderedDict()
        self._threads: OrderedDict[ThreadKey, str] = OrderedDict()
        self._max_states, self._max_threads = states, threads

    # -- finding a session ------------------------------------------------------------------------------
    def in_thread(self, *, team_id: str, channel_id: str, thread_ts: str | None) -> str | None:
        """The id of the journey whose thread this is, if any."""
        if not thread_ts:
            return None
        key = (team_id, channel_id, thread_ts)
        with self._lock:
            known = self._threads.get(key)
            if known is not None:
                self._threads.move_to_end(key)
                return known
        state = self._service.find(team_id=team_id, channel_id=channel_id, thread_ts=thread_ts)
        if state is None:
            return None
        self._keep(state)
        return state.journey_id

    def awaited(self, *, team_id: str, channel_id: str, thread_ts: str, timeout: float) -> str | None:
        """`in_thread`, waiting up to `timeout` seconds for the link: a reply to a root the bot has just posted
        can arrive before the journey is linked to that root's thread (the link is stored right after
        chat.postMessage returns), and dropping it would lose an acknowledged answer."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.in_thread(team_id=team_id, channel_id=channel_id, thread_ts=thread_ts)
            if found is not None or time.monotonic() >= deadline:
                return found
            time.sleep(0.05)

    def opening(self, *, team_id: str, channel_id: str) -> bool:
        """Whether a journey of this channel still waits for its thread: a start whose root is being posted,
        here or in another process. Only then can a reply under a fresh bot message be an answer whose link
        is not stored yet; a reply under any other bot message need not wait for a link that never comes."""
        return any(state.thread_ts is None for state in self._service.list(team_id=team_id, channel_id=channel_id))

    def scoped(self, *, journey_id: object, team_id: str, channel_id: str) -> SessionState | None:
        """The journey if it lives in this workspace and channel (neither ever changes, so a cached state
        answers that as well as the database)."""
        if not isinstance(journey_id, str) or not journey_id:
            return None
        cached = self.latest(journey_id)
        if cached is not None:
            return cached if (cached.team_id, cached.channel_id) == (team_id, channel_id) else None
        return self._service.get(journey_id=journey_id, team_id=team_id, channel_id=channel_id)

    def latest(self, journey_id: str) -> SessionState | None:
        """The newest state this process knows, without a database read (None when it knows none)."""
        with self._lock:
            return self._states.get(journey_id)

    def load(self, journey_id: str) -> SessionState | None:
        """The newest state known here, else the stored one."""
        return self.latest(journey_id) or self._service.get(journey_id=journey_id)

    # -- changing a session -----------------------------------------------------------------------------
    def handle(self, *, journey_id: str, event: AnyEvent, claim: str | None = None,
               owe: Owed | None = None) -> Outcome:
        """Apply `event` through the engine; keeps the outcome's state. Raises JourneyNotFound when gone, and
        AlreadyHandled when `claim` (the Slack event id) was claimed before: nothing happened then."""
        try:
            outcome = self._service.handle(journey_id=journey_id, event=event, current=self.latest(journey_id),
                                           claim=claim, owe=owe)
        except JourneyNotFound:
            self.forget(journey_id)
            raise
        if outcome.changed:
            self._keep(outcome.state)
        return outcome

    def start(self, *, team_id: str, channel_id: str, title: str, author: str) -> Outcome:
        """Create a journey (its thread comes once the root message is posted: `attach`)."""
        outcome = self._service.start(team_id=team_id, channel_id=channel_id, title=title, author=author,
                                      at=datetime.now(UTC))
        self._keep(outcome.state)
        return outcome

    def attach(self, *, journey_id: str, thread_ts: str, owe: Owed | None = None) -> SessionState:
        """Link the session to the thread of its root message, just posted (and owe, with the link, what
        `owe` says the linked session owes: its first question)."""
        state = self._service.set_thread(journey_id=journey_id, thread_ts=thread_ts, owe=owe)
        self._keep(state)
        return state

    def delete(self, journey_id: str) -> bool:
        self.forget(journey_id)
        return self._service.delete(journey_id=journey_id)

    def forget(self, journey_id: str) -> None:
        with self._lock:
            self._states.pop(journey_id, None)
            for key in [k for k, v in self._threads.items() if v == journey_id]:
                del self._threads[key]

    def _keep(self, state: SessionState) -> None:
        with self._lock:
            known = self._states.get(state.journey_id)
            if known is None or state.version >= known.version:
                self._states[state.journey_id] = state
            self._states.move_to_end(state.journey_id)
            while len(self._states) > self._max_states:
                self._states.popitem(last=False)
            if state.thread_ts:
                key = (state.team_id, state.channel_id, state.thread_ts)
                self._threads[key] = state.journey_id
                self._threads.move_to_end(key)
                while len(self._threads) > self._max_threads:
                    self._threads.popitem(last=False)
