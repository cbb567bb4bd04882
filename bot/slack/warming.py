"""The knowledge base and the KPI catalogue as `journeybot serve` uses them: warmed in the background, never
in the way of start-up or of the first question.

Loading it costs seconds (the embedding model, the shipped notes' index; then chromadb, which a team's
own documents live in). `serve` answers /healthz before any of that, and warms in two parts on a thread:
the shipped notes (served from memory, knowledge/memory_index.py), then the store. A question asked
meanwhile waits for the notes (it needs them anyway, and loading them twice at once would only be
slower), but not for the store: until the store is open it is answered from the shipped notes alone
(a team's own documents join a few seconds after start-up).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from bot.slack.deps import KpiLookup, QuestionAnswerer
from journeys.ports import KpiSuggester

if TYPE_CHECKING:
    from knowledge.answer import Answer
    from knowledge.kpi_catalogue import KpiEntry
    from knowledge.kpi_unheld import UnheldMetric

__all__ = ["FirstUseKpis", "WarmingKnowledge"]

logger = logging.getLogger(__name__)

WARM_QUESTION = "NPSとは?"
WARM_WORKSPACE = "journeybot-warm-up"  # a workspace with no documents: opening it opens the store


class Warmable(QuestionAnswerer, Protocol):
    def warm_up(self) -> None:
        """Load the notes, the model and what an answer touches."""
        ...


class WarmingKnowledge:
    """A QuestionAnswerer over the knowledge base `build` makes (on first use: even importing it costs a
    few hundred milliseconds), which may be asked before `warm_up` (run on a thread) is done."""

    def __init__(self, build: Callable[[], Warmable], *, notes_patience: float = 30.0,
                 store_patience: float = 0.2) -> None:
        self._build = build
        self._built: Warmable | None = None
        self._lock = threading.Lock()
        self._asking = 0
        self._quiet = threading.Condition(self._lock)
        self._notes = threading.Event()
        self._store = threading.Event()
        self._notes_patience = notes_patience
        self._store_patience = store_patience

    def warm_up(self) -> None:
        """Both parts, in order."""
        self.warm_notes()
        self.warm_store()

    def warm_notes(self) -> None:
        """What a question on the shipped notes needs (the import, the model, the notes' index): one question
        answered. Questions asked meanwhile wait for this, then go ahead."""
        try:
            self._knowledge().ask(WARM_QUESTION)
        except Exception:
            logger.exception("Warming up the shipped notes failed; they load on the first question")
        finally:
            self._notes.set()

    def warm_store(self) -> None:
        """The rest: everything else an answer touches (the knowledge base's own warm-up), then the store a
        team's documents live in. Until it is open, questions are answered from the shipped notes."""
        try:
            self._knowledge().warm_up()
            self._knowledge().ask(WARM_QUESTION, workspace=WARM_WORKSPACE)
        except Exception:
            logger.exception("Opening the knowledge store failed; it opens on the first question")
        finally:
            self._store.set()

    def ask(self, question: str, *, workspace: str | None = None) -> Answer:
        with self._lock:
            self._asking += 1
        try:
            self._notes.wait(self._notes_patience)
            if workspace is not None and not self._store.wait(self._store_patience):
                workspace = None  # the store is still opening: the shipped notes answer now
            return self._knowledge().ask(question, workspace=workspace)
        finally:
            with self._lock:
                self._asking -= 1
                self._quiet.notify_all()

    def wait_quiet(self, *, timeout: float = 5.0) -> bool:
        """Block until no question is being answered (at most `timeout` seconds): the warm-up's later parts
        hold the interpreter for seconds, and the first questions after start-up should not share it."""
        with self._lock:
            return self._quiet.wait_for(lambda: self._asking == 0, timeout=timeout)

    def _knowledge(self) -> Warmable:
        with self._lock:
            if self._built is None:
                self._built = self._build()
            return self._built


class Catalogue(KpiLookup, KpiSuggester, Protocol):
    """knowledge.KpiCatalogue as `serve` uses it: the engine's suggestions and the Slack surface's look-ups."""


class FirstUseKpis:
    """The KPI catalogue, read on first use or by `warm` (a few hundred milliseconds of YAML and patterns),
    so that `serve` answers /healthz without waiting for it."""

    def __init__(self, build: Callable[[], Catalogue]) -> None:
        self._build = build
        self._built: Catalogue | None = None
        self._lock = threading.Lock()

    def warm(self) -> None:
        self._catalogue()

    def lookup(self, text: str) -> KpiEntry | None:
        return self._catalogue().lookup(text)

    def closest(self, text: str, n: int) -> list[KpiEntry]:
        return self._catalogue().closest(text, n)

    def unheld(self, text: str) -> UnheldMetric | None:
        return self._catalogue().unheld(text)

    def miss_reason(self, text: str) -> str | None:
        return self._catalogue().miss_reason(text)

    def suggest(self, *, stage: str, lang: str, limit: int = 3, about: str = "") -> list[tuple[str, str]]:
        return self._catalogue().suggest(stage=stage, lang=lang, limit=limit, about=about)

    def resolve(self, term: str) -> tuple[str, str] | None:
        return self._catalogue().resolve(term)

    def _catalogue(self) -> Catalogue:
        with self._lock:
            if self._built is None:
                self._built = self._build()
            return self._built
