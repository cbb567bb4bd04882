"""The guided session's state: one immutable snapshot of a journey and where the team is in it.

Everything the engine needs lives here, so `flow.advance` is a pure function of (state, event).
Items and contributions carry stable ids derived from the Slack/terminal message they came from:
that is what makes a repeated message a no-op and an edit or delete exact.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from journeys.steps import DEFAULT_MAP_TYPE, PER_STAGE_STEPS, ItemKind, MapType, Step

RENAME_PREFIX = "rename:"  # a title set from outside the thread (`journeybot rename`): the text is the title


@dataclass(frozen=True)
class Persona:
    name: str
    description: str = ""
    goals: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    frustrations: tuple[str, ...] = ()
    behaviors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """One thing the team said, filed under a kind and (for per-stage kinds) a stage.

    `item_id` is "<message_id>#<n>", so re-processing the same message yields the same ids.
    Only the fields that matter for `kind` are set.
    """

    item_id: str
    kind: ItemKind
    text: str
    message_id: str
    author: str
    at: datetime
    stage: str | None = None
    channel: str | None = None  # touchpoint: "online" | "offline"
    score: int | None = None  # emotion: -2..2
    impact: int | None = None  # opportunity: 1..3
    effort: int | None = None  # opportunity: 1..3
    kpi_id: str | None = None  # kpi: canonical id from the catalogue, when known
    target: str | None = None  # kpi: optional target value as said
    persona: Persona | None = None
    touchpoint: str | None = None  # pain point: the touchpoint it happens at, as named (`@カート画面`)


@dataclass(frozen=True)
class Vote:
    """One person's vote on one pain point or opportunity (at most one per person and item)."""

    item_id: str
    voter: str
    at: datetime
    voter_name: str | None = None


@dataclass(frozen=True)
class Review:
    """A review of the map the team scheduled (`見直し …`): due on `due_on`, posted once in the thread.

    `review_id` comes from the message (or button click) that scheduled it, so a replay schedules once.
    Whether it was posted is operational, not part of the map: storage keeps that (`ReviewReminders`).
    """

    review_id: str
    due_on: date
    scheduled_by: str
    scheduled_at: datetime


@dataclass(frozen=True)
class Restore:
    """What a message replaced, so `取り消し` / `undo` can put it back: the items as they were (each with its
    position in `SessionState.items`, and whether the message removed it or rewrote it) and the votes it took
    back. Kept with the message because `削除 2` or `修正 2: …` cannot be undone from its text alone."""

    items: tuple[tuple[int, Item, bool], ...] = ()  # (position, item before, removed)
    votes: tuple[Vote, ...] = ()


@dataclass(frozen=True)
class Contribution:
    """One message that changed the journey: who, when, where in the session, and its raw text."""

    message_id: str
    author: str
    text: str
    step: Step
    stage: str | None
    at: datetime
    author_name: str | None = None  # the display name the author had when they said it
    restore: Restore | None = None  # what it replaced (an item command, a KPI restated): for undo


@dataclass(frozen=True)
class SessionState:
    journey_id: str
    title: str
    team_id: str
    channel_id: str
    thread_ts: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    language: str = "ja"  # the journey's language: "ja" or "en"
    map_type: MapType = DEFAULT_MAP_TYPE
    scope: str | None = None  # what the map covers, as the team described it at the scope step
    step: Step = Step.SCOPE
    stage_index: int = 0
    stages: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    contributions: tuple[Contribution, ...] = ()
    votes: tuple[Vote, ...] = ()
    reviews: tuple[Review, ...] = ()
    version: int = 0  # optimistic-concurrency counter, bumped by the repository on save

    @property
    def current_stage(self) -> str | None:
        if self.step in PER_STAGE_STEPS and self.stages:
            return self.stages[min(self.stage_index, len(self.stages) - 1)]
        return None

    def items_of(self, kind: ItemKind, stage: str | None = None) -> tuple[Item, ...]:
        return tuple(
            item for item in self.items if item.kind == kind and (stage is None or item.stage == stage)
        )

    def has_message(self, message_id: str) -> bool:
        return any(c.message_id == message_id for c in self.contributions)

    def contributors(self) -> tuple[str, ...]:
        """Authors in order of first contribution, each once. A rename (`journeybot rename`, by `cli` unless
        told) is history, not a contribution to the map: it makes nobody a contributor; nor does a message
        remembered only as deleted (an empty contribution)."""
        seen: dict[str, None] = {}
        for contribution in self.contributions:
            if contribution.text and not contribution.message_id.startswith(RENAME_PREFIX):
                seen.setdefault(contribution.author, None)
        return tuple(seen)

    def display_name(self, user_id: str) -> str:
        """The latest display name seen for `user_id` (Slack names change), else the id itself."""
        for contribution in reversed(self.contributions):
            if contribution.author == user_id and contribution.author_name:
                return contribution.author_name
        return user_id

    def vote_count(self, item_id: str) -> int:
        return sum(1 for vote in self.votes if vote.item_id == item_id)

    def voters(self, item_id: str) -> tuple[str, ...]:
        """Who voted for `item_id`, in the order they voted."""
        return tuple(vote.voter for vote in self.votes if vote.item_id == item_id)

    def evolve(self, **changes: object) -> SessionState:
        return replace(self, **changes)  # type: ignore[arg-type]
