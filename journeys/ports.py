"""Ports the domain needs from the outside, implemented elsewhere (e.g. `knowledge/`)."""

from __future__ import annotations

from typing import Protocol

from journeys.replies import Tip
from journeys.steps import Step


class TipSource(Protocol):
    """Best-practice tips for a step (and stage), in a language. Must be fast and never raise."""

    def tips(self, *, step: Step, stage: str | None, lang: str, limit: int = 2) -> list[Tip]: ...


class KpiSuggester(Protocol):
    """KPIs that fit a stage, as (canonical id, display name) pairs, best first."""

    def suggest(self, *, stage: str, lang: str, limit: int = 3, about: str = "") -> list[tuple[str, str]]: ...

    def resolve(self, term: str) -> tuple[str, str] | None:
        """Canonical (id, name) for a KPI the team typed, or None when it is not in the catalogue."""
        ...
