"""Builds the running parts from Settings. The only place that knows how the pieces fit together.

Tests build their own pieces (in-memory SQLite, temporary Chroma) and never go through here.
"""

from __future__ import annotations

from functools import cached_property

from knowledge.kpi_catalogue import KpiCatalogue

from bot.settings import Settings
from journeys.database import create_db_engine
from journeys.repository import JourneyRepository
from journeys.service import JourneyService


class Container:
    """Lazily built components: a CLI command that only lists journeys never loads the embedding model."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def repository(self) -> JourneyRepository:
        return JourneyRepository(create_db_engine(self.settings.database_url))

    @cached_property
    def kpis(self) -> KpiCatalogue:
        return KpiCatalogue.load()

    def service(self, *, tips: bool = True) -> JourneyService:
        return JourneyService(repository=self.repository, kpis=self.kpis,
                              tips=self.tips if tips else None, language=self.settings.bot_language)

    @cached_property
    def tips(self):  # type: ignore[no-untyped-def]
        from bot.knowledge_wiring import build_tips

        return build_tips(self.settings)
