"""What the engine reads besides the state (`Context`) and what it returns (`Outcome`).

Apart from `flow` so that the modules `flow` delegates to (e.g. `editing`) can build outcomes too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeys.ports import KpiSuggester
from journeys.replies import Reply
from journeys.state import SessionState

__all__ = ["DEFAULT_CONTEXT", "Context", "Outcome"]


@dataclass(frozen=True)
class Context:
    """What the engine reads but does not own: the KPI catalogue and the language setting."""

    kpis: KpiSuggester | None = None
    language: str = "auto"  # BOT_LANGUAGE: auto | ja | en


@dataclass(frozen=True)
class Outcome:
    state: SessionState
    replies: list[Reply] = field(default_factory=list)
    changed: bool = False


DEFAULT_CONTEXT = Context()
