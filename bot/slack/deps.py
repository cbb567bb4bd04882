"""What every listener needs, built once by `build_app` and handed to each surface's `register`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from slack_sdk import WebClient

from bot.settings import Settings
from bot.slack.worker import Worker
from journeys.service import JourneyService
from journeys.text import detect_language

__all__ = ["Deps", "KpiLookup", "QuestionAnswerer"]


class KpiLookup(Protocol):
    """knowledge.KpiCatalogue as the Slack surface uses it (entries expose `to_json()`)."""

    def lookup(self, text: str) -> Any: ...

    def closest(self, text: str, n: int) -> list[Any]: ...


class QuestionAnswerer(Protocol):
    """knowledge.KnowledgeBase as the Slack surface uses it: {"answer", "sources", "covered"} or alike."""

    def ask(self, question: str, *, workspace: str | None = None) -> Any: ...


@dataclass(frozen=True)
class Deps:
    settings: Settings
    service: JourneyService
    knowledge: QuestionAnswerer | None
    kpis: KpiLookup | None
    client: WebClient  # for work after the ack (same base URL, token and retry handlers as Bolt's)
    worker: Worker

    def lang(self, *texts: str | None, default: str | None = None) -> str:
        """BOT_LANGUAGE when fixed; else the first text with a detectable language; else `default`/ja."""
        if self.settings.bot_language in ("ja", "en"):
            return self.settings.bot_language
        for text in texts:
            found = detect_language(text) if text else None
            if found:
                return found
        return default or "ja"
