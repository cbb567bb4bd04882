"""Builds the running parts from Settings. The only place that knows how the pieces fit together.

Tests build their own pieces (in-memory SQLite, temporary Chroma) and never go through here.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from bot.knowledge_wiring import build_knowledge
from bot.settings import Settings
from journeys.service import JourneyService
from journeys.storage import JourneyRepository, ProcessedEvents, create_db_engine
from knowledge.kpi_catalogue import KpiCatalogue

if TYPE_CHECKING:
    from knowledge.service import KnowledgeBase


class Container:
    """Lazily built components: a command that only lists journeys never opens the knowledge base.

    One instance of each part per process, so the session tips and `/journey ask` share one knowledge base.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def engine(self) -> Engine:
        return create_db_engine(self.settings.database_url)

    @cached_property
    def repository(self) -> JourneyRepository:
        return JourneyRepository(self.engine)

    @cached_property
    def processed_events(self) -> ProcessedEvents:
        """Slack event ids already handled (the Slack adapter's de-duplication port)."""
        return ProcessedEvents(self.engine)

    @cached_property
    def kpis(self) -> KpiCatalogue:
        return KpiCatalogue.load()

    @cached_property
    def knowledge(self) -> KnowledgeBase:
        """Opens nothing until the first search (see build_knowledge)."""
        return build_knowledge(self.settings)

    def service(self, *, tips: bool = True) -> JourneyService:
        return JourneyService(repository=self.repository, kpis=self.kpis,
                              tips=self.knowledge.tips if tips else None, language=self.settings.bot_language)
