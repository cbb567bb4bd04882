"""The one way every adapter changes a journey: load → flow.advance → save, retried on a race.

Slack (HTTP and Socket Mode) and the terminal call this; neither touches the repository or the
engine directly, so a rule lives in one place.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime

from journeys.events import AnyEvent, Rename
from journeys.flow import Context, Outcome, advance, question, session_language, summary
from journeys.language import reply_language
from journeys.parsing.items import START_PREFIX, derive_settings
from journeys.parsing.scope import strip_title_label
from journeys.ports import KpiSuggester, TipSource
from journeys.replies import Reply, ReplyKind
from journeys.state import RENAME_PREFIX, Contribution, SessionState
from journeys.steps import Step
from journeys.storage.repository import AlreadyHandled, ConcurrentUpdate, JourneyRepository
from journeys.text import clean
from prompts import render

__all__ = ["AlreadyHandled", "JourneyNotFound", "JourneyService", "Outcome", "Owed"]

Owed = Callable[[Outcome], Sequence[tuple[str, str]]]
"""What an outcome owes, as (destination, payload) pairs the adapter will deliver from the outbox."""

MAX_TITLE_CHARS = 200


class JourneyNotFound(LookupError):
    """No journey with that id (or not in the caller's workspace/channel)."""


class JourneyService:
    def __init__(self, *, repository: JourneyRepository, kpis: KpiSuggester | None = None,
                 tips: TipSource | None = None, language: str = "auto", max_attempts: int = 8) -> None:
        self._repository = repository
        self._tips = tips
        self._context = Context(kpis=kpis, language=language)
        self._max_attempts = max_attempts

    @property
    def context(self) -> Context:
        return self._context

    def start(self, *, team_id: str, channel_id: str, title: str, author: str, at: datetime,
              thread_ts: str | None = None, lang: str | None = None, author_name: str | None = None,
              claim: str | None = None, owe: Owed | None = None) -> Outcome:
        """Create a journey at the scope step. Its language follows the title unless told otherwise.

        `claim` and what `owe` says the new journey owes commit with it, as in `handle` (AlreadyHandled
        when the claim was made before: no journey is created then)."""
        title = " ".join(strip_title_label(clean(title)).split())[:MAX_TITLE_CHARS]
        if lang not in ("ja", "en"):
            lang = reply_language(self._context.language, title, default="ja")
        title = title or render("journey.untitled", lang)
        journey_id = uuid.uuid4().hex[:12]
        state = SessionState(
            journey_id=journey_id, title=title, team_id=team_id, channel_id=channel_id, thread_ts=thread_ts,
            created_by=author, created_at=at, updated_at=at, language=lang,
            contributions=(Contribution(f"{START_PREFIX}{journey_id}", author, title, Step.SCOPE, None, at,
                                        author_name),),
        )
        state = derive_settings(state)
        replies = [question(state, lang, self._context)]
        owed = owe(Outcome(state, replies, True)) if owe else ()
        saved = self._repository.create(state, claim=claim, outbox=owed)
        return Outcome(saved, replies, changed=True)

    def set_thread(self, *, journey_id: str, thread_ts: str, owe: Owed | None = None) -> SessionState:
        """Record the chat thread the session lives in (an adapter knows it only once it opened the thread).

        What `owe` says the linked session owes (its first question in that thread) commits with the link."""
        for _ in range(self._max_attempts):
            state = self._load(journey_id)
            linked = state.evolve(thread_ts=thread_ts)
            owed = owe(Outcome(linked, [question(linked, session_language(linked, self._context), self._context)],
                               True)) if owe else ()
            try:
                return self._repository.save(state, linked, outbox=owed)
            except ConcurrentUpdate:
                continue
        raise ConcurrentUpdate(journey_id)

    def handle(self, *, journey_id: str, event: AnyEvent, current: SessionState | None = None,
               claim: str | None = None, owe: Owed | None = None) -> Outcome:
        """Apply one event. Idempotent on message ids; a lost race reloads and applies it again.

        `current` is the caller's copy of the state (e.g. from its previous outcome), to spare a load. It is
        only trusted for a change, whose save is version-checked: a stale copy fails the check and is
        reloaded. An event that changes nothing is judged again on the stored state.
        `claim` (the delivery's event id) and what `owe` says the outcome owes commit together with it, so
        a crash or a retry can neither lose the replies of a stored answer nor store it twice; a claim made
        before raises AlreadyHandled.
        """
        trusted = current if current is not None and current.journey_id == journey_id else None
        for _ in range(self._max_attempts):
            state = trusted or self._load(journey_id)
            outcome = advance(state, event, self._context)
            if not outcome.changed:
                if trusted is not None:
                    trusted = None
                    continue
                owed = owe(outcome) if owe else ()
                if claim is not None or owed:
                    self._repository.record(claim=claim, outbox=owed)
                return outcome
            try:
                saved = self._repository.save(state, outcome.state, claim=claim,
                                              outbox=owe(Outcome(outcome.state, outcome.replies, True)) if owe else ())
            except ConcurrentUpdate:
                trusted = None
                continue
            return Outcome(saved, outcome.replies, changed=True)
        raise ConcurrentUpdate(journey_id)

    def rename(self, *, journey_id: str, title: str, author: str, at: datetime,
               author_name: str | None = None) -> Outcome:
        """A new title, recorded as a contribution (unchanged outcome when the title is empty)."""
        event = Rename(title=title, author=author, message_id=f"{RENAME_PREFIX}{uuid.uuid4().hex}", at=at,
                       author_name=author_name)
        return self.handle(journey_id=journey_id, event=event)

    def tips_for(self, state: SessionState, *, lang: str) -> list[Reply]:
        """Tips for where the session is. May be slow (retrieval): adapters call it after acknowledging."""
        return self.tips_at(step=state.step, stage=state.current_stage, lang=lang)

    def tips_at(self, *, step: Step, stage: str | None, lang: str) -> list[Reply]:
        """Tips for a step and stage (an adapter that posts later knows where the session was, not its state)."""
        if self._tips is None or step is Step.REVIEW:
            return []
        tips = self._tips.tips(step=step, stage=stage, lang=lang)
        if not tips:
            return []
        bullet = "・" if lang == "ja" else "• "  # no space after a Japanese bullet: terminals wrap there
        text = "\n".join([render("tips.header", lang), *(f"{bullet}{tip.text}" for tip in tips)])
        return [Reply(ReplyKind.TIPS, text, lang, step=step, stage=stage, sources=tuple(tip.source for tip in tips))]

    def question(self, state: SessionState, *, lang: str | None = None) -> Reply:
        return question(state, lang or session_language(state, self._context), self._context)

    def summary(self, state: SessionState, *, lang: str | None = None) -> Reply:
        return summary(state, lang or session_language(state, self._context))

    def find(self, *, team_id: str, channel_id: str, thread_ts: str) -> SessionState | None:
        return self._repository.find_by_thread(team_id=team_id, channel_id=channel_id, thread_ts=thread_ts)

    def get(self, *, journey_id: str, team_id: str | None = None,
            channel_id: str | None = None) -> SessionState | None:
        """The journey, or None when it does not exist or lives in another workspace/channel."""
        state = self._repository.load(journey_id)
        if state is None:
            return None
        if team_id is not None and state.team_id != team_id:
            return None
        if channel_id is not None and state.channel_id != channel_id:
            return None
        return state

    def list(self, *, team_id: str | None = None, channel_id: str | None = None) -> list[SessionState]:
        return self._repository.list(team_id=team_id, channel_id=channel_id)

    def delete(self, *, journey_id: str) -> bool:
        return self._repository.delete(journey_id)

    def _load(self, journey_id: str) -> SessionState:
        state = self._repository.load(journey_id)
        if state is None:
            raise JourneyNotFound(journey_id)
        return state
