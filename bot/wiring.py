"""The composition root: builds the running parts from Settings, the one place that knows how they fit.

`journeybot` makes one `Container` per process and hands it to every command through Typer's context
(`bot.commands.container()`); the Slack runners take it from there. Everything is built on first use, so a
command that only lists journeys never reads the knowledge base, and `journeybot kpi` never opens the
database. Tests build their own pieces, or give the CLI a Container of their own (`CliRunner.invoke(obj=…)`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from bot.settings import Settings
from journeys.ports import KpiSuggester, TipSource
from journeys.replies import Tip
from journeys.steps import Step

if TYPE_CHECKING:  # imported where built: `journeybot kpi` needs neither SQLAlchemy nor the retrieval stack
    from sqlalchemy import Engine

    from journeys.service import JourneyService
    from journeys.storage import Inbox, JourneyRepository, Outbox, ProcessedEvents
    from knowledge.kpi_catalogue import KpiCatalogue
    from knowledge.service import KnowledgeBase


class Container:
    """Lazily built components: a command that only lists journeys never opens the knowledge base.

    One instance of each part per process, so the session tips and `/journey ask` share one knowledge base.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        if settings is not None:
            self.settings = settings

    @cached_property
    def settings(self) -> Settings:
        """Read once, from the environment and `.env`, when a command first needs it."""
        return Settings()

    @cached_property
    def engine(self) -> Engine:
        from journeys.storage import create_db_engine

        return create_db_engine(self.settings.database_url)

    @cached_property
    def repository(self) -> JourneyRepository:
        from journeys.storage import JourneyRepository

        return JourneyRepository(self.engine, outbox=self.outbox)

    @cached_property
    def outbox(self) -> Outbox:
        """Replies owed to Slack threads, delivered by whichever process claims them."""
        from journeys.storage import Outbox

        return Outbox(self.engine, lease=timedelta(seconds=self.settings.outbox_lease_seconds))

    @cached_property
    def inbox(self) -> Inbox:
        """Slack thread messages acknowledged and not yet applied (bot/slack/received.py)."""
        from journeys.storage import Inbox

        return Inbox(self.engine)

    @cached_property
    def processed_events(self) -> ProcessedEvents:
        """Slack event ids already handled (the Slack adapter's de-duplication port)."""
        from journeys.storage import ProcessedEvents

        return ProcessedEvents(self.engine)

    @cached_property
    def kpis(self) -> KpiCatalogue:
        from knowledge.kpi_catalogue import KpiCatalogue

        return KpiCatalogue.default()

    @cached_property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge base over CHROMA_URL (a server) or CHROMA_PATH (embedded), EMBEDDING_MODEL, LLM_MODEL.

        Nothing is opened or loaded until the first search; the import itself is deferred too, because
        chromadb costs seconds and most commands never search.
        """
        from knowledge.service import KnowledgeBase

        settings = self.settings
        return KnowledgeBase(chroma_path=None if settings.chroma_url else settings.chroma_path,
                             chroma_url=settings.chroma_url, embedding_model=settings.embedding_model,
                             llm_model=settings.llm_model)

    def service(self, *, tips: bool = True, kpis: KpiSuggester | None = None) -> JourneyService:
        """The engine's service; `kpis` stands in for the catalogue (e.g. one loaded after start-up)."""
        from journeys.service import JourneyService

        return JourneyService(repository=self.repository, kpis=kpis or self.kpis,
                              tips=_FirstUse(lambda: self.knowledge.tips) if tips else None,
                              language=self.settings.bot_language)


class _FirstUse:
    """A TipSource that builds the knowledge base's on the first tip asked for, not at start-up: building
    it imports the retrieval stack and reads every note, which `serve` must not wait for before /healthz."""

    def __init__(self, build: Callable[[], TipSource]) -> None:
        self._build = build
        self._source: TipSource | None = None

    def tips(self, *, step: Step, stage: str | None, lang: str, limit: int = 2) -> list[Tip]:
        if self._source is None:
            self._source = self._build()
        return self._source.tips(step=step, stage=stage, lang=lang, limit=limit)
