"""What every listener needs, built once by `build_app` and handed to each surface's `register`."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Protocol

from slack_sdk import WebClient

from bot.settings import Settings
from bot.slack.threads import ThreadIndex
from bot.slack.worker import Worker
from journeys.language import detect_language
from journeys.service import JourneyService
from journeys.state import SessionState
from knowledge.answer import Answer
from knowledge.kpi_catalogue import KpiEntry

__all__ = ["Deps", "KpiLookup", "QuestionAnswerer", "StateCache"]


class KpiLookup(Protocol):
    """knowledge.KpiCatalogue as the Slack surface uses it."""

    def lookup(self, text: str) -> KpiEntry | None: ...

    def closest(self, text: str, n: int) -> list[KpiEntry]: ...


class QuestionAnswerer(Protocol):
    """knowledge.KnowledgeBase as the Slack surface uses it."""

    def ask(self, question: str, *, workspace: str | None = None) -> Answer: ...


class StateCache:
    """The newest saved state of recently active journeys, kept from the outcomes this process produced.

    It spares the database a load per message (`JourneyService.handle(known=…)`, whose save is
    version-checked, so a state another process moved on from only costs a reload) and lets root-message
    refreshes render without reading the journey again. Bounded: least recently used journeys drop out.
    """

    def __init__(self, *, size: int = 2000) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._states: OrderedDict[str, SessionState] = OrderedDict()

    def offer(self, state: SessionState) -> None:
        with self._lock:
            known = self._states.get(state.journey_id)
            if known is None or state.version >= known.version:
                self._states[state.journey_id] = state
            self._states.move_to_end(state.journey_id)
            while len(self._states) > self._size:
                self._states.popitem(last=False)

    def get(self, journey_id: str) -> SessionState | None:
        with self._lock:
            return self._states.get(journey_id)

    def forget(self, journey_id: str) -> None:
        with self._lock:
            self._states.pop(journey_id, None)


@dataclass(frozen=True)
class Deps:
    settings: Settings
    service: JourneyService
    knowledge: QuestionAnswerer | None
    kpis: KpiLookup | None
    client: WebClient  # for work after the ack (same base URL, token and retry handlers as Bolt's)
    worker: Worker
    root_refresh_delay: float = 1.0  # seconds: answers within it share one chat.update of the root message
    threads: ThreadIndex = field(default_factory=ThreadIndex)
    states: StateCache = field(default_factory=StateCache)

    def lang(self, *texts: str | None, default: str | None = None) -> str:
        """BOT_LANGUAGE when fixed; else the first text with a detectable language; else `default`/ja."""
        if self.settings.bot_language in ("ja", "en"):
            return self.settings.bot_language
        for text in texts:
            found = detect_language(text) if text else None
            if found:
                return found
        return default or "ja"
