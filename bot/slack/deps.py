"""What every listener needs, built once by `build_app` and handed to each surface's `register`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from slack_sdk import WebClient

from bot.settings import Settings
from bot.slack.deleted_threads import JudgedThreads
from bot.slack.delivery import Delivery
from bot.slack.pace import UpdatePace
from bot.slack.people import People
from bot.slack.sessions import SlackSessions
from bot.slack.worker import Worker
from journeys.language import LANGUAGES, reply_language, stated_language
from journeys.service import JourneyService
from journeys.storage import Inbox

if TYPE_CHECKING:  # only types here: importing them at run time pulls in numpy (retrieval), or the KPI catalogue
    from knowledge.answer import Answer as KnowledgeAnswer
    from knowledge.kpi_catalogue import KpiEntry
    from knowledge.kpi_unheld import UnheldMetric

__all__ = ["ROOT_REFRESH_SECONDS", "Deps", "EventLedger", "KpiLookup", "QuestionAnswerer"]

# The root message's running summary is rewritten at most once per this many seconds per session: chat.update
# is rate-limited per workspace (Tier 3, ~50 a minute: bot/slack/pace.py spreads many sessions' refreshes), and
# a refresh cost ~1 ms of CPU per answer in the burst benchmark at 1 s. The thread's own reply to an answer is
# never delayed by it.
ROOT_REFRESH_SECONDS = 3.0


class KpiLookup(Protocol):
    """knowledge.KpiCatalogue as the Slack surface uses it."""

    def lookup(self, text: str) -> KpiEntry | None: ...

    def closest(self, text: str, n: int) -> list[KpiEntry]: ...

    def unheld(self, text: str) -> UnheldMetric | None: ...

    def miss_reason(self, text: str) -> str | None: ...


class QuestionAnswerer(Protocol):
    """knowledge.KnowledgeBase as the Slack surface uses it."""

    def ask(self, question: str, *, workspace: str | None = None) -> KnowledgeAnswer: ...


class EventLedger(Protocol):
    """Slack event ids already acted on (journeys.storage.ProcessedEvents), shared by every process."""

    def mark_seen(self, event_id: str) -> bool:
        """Record `event_id`; False when it was recorded before."""
        ...


@dataclass(frozen=True)
class Deps:
    settings: Settings
    service: JourneyService
    sessions: SlackSessions
    events: EventLedger
    people: People
    knowledge: QuestionAnswerer | None
    kpis: KpiLookup | None
    client: WebClient  # for work after the ack (same base URL, token and retry handlers as Bolt's)
    worker: Worker
    delivery: Delivery  # posts what the outbox owes (replies of stored answers), from any process
    inbox: Inbox  # thread messages acknowledged, applied right after the ack (bot/slack/received.py)
    root_refresh_delay: float = ROOT_REFRESH_SECONDS  # answers within it share one chat.update of the root
    updates: UpdatePace | None = None  # the workspaces' chat.update budgets (None: not paced, as in tests)
    judged_threads: JudgedThreads = field(default_factory=JudgedThreads)  # bot/slack/deleted_threads.py

    def update_delay(self, team_id: str) -> float | Callable[[], float]:
        """The delay of a message rewrite in `team_id`: `root_refresh_delay`, then its workspace's next slot."""
        updates, earliest = self.updates, self.root_refresh_delay
        if updates is None or earliest <= 0:
            return earliest
        return lambda: updates.reserve(team_id, earliest=earliest)

    def lang(self, *texts: str | None, default: str | None = None) -> str:
        """The one language rule (journeys.language): BOT_LANGUAGE, else the texts, else `default`/ja."""
        return reply_language(self.settings.bot_language, *texts, default=default or "ja")

    def person_lang(self, user_id: str, *said: str | None) -> str:
        """The language to answer one person in outside a session (commands, mentions, DMs): BOT_LANGUAGE;
        else what they wrote, when it clearly states a language (`stated_language`: Japanese as soon as it has
        Japanese in it, English only as a sentence); else their Slack locale (users.info, cached); else ja.

        A command word (`help`, `list`), a KPI acronym (`CES`) or a number is how Japanese teams type too:
        read as English, it switched Japanese users' replies to English while `status` answered in Japanese."""
        if self.settings.bot_language in LANGUAGES:
            return self.settings.bot_language
        for text in said:
            found = stated_language(text) if text else None
            if found:
                return found
        return self.people.get(user_id).language or "ja"

    def name(self, user_id: str) -> str:
        """The display name of a Slack user (cached users.info)."""
        return self.people.name(user_id)
