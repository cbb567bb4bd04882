"""What can happen to a session. Adapters translate Slack payloads or terminal lines into these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Move(StrEnum):
    """Control moves; also the values behind the step buttons."""

    NEXT = "next"
    BACK = "back"
    SKIP = "skip"
    UNDO = "undo"
    SUMMARY = "summary"
    HELP = "help"


@dataclass(frozen=True)
class Answer:
    """A plain message in the session: an answer to the current step, or a control word."""

    text: str
    author: str
    message_id: str
    at: datetime
    author_name: str | None = None  # the author's display name, when the adapter knows it


@dataclass(frozen=True)
class Control:
    """A button press (or any explicit move that did not come as text)."""

    move: Move
    author: str
    at: datetime
    lang: str | None = None
    # Where the pressed button was posted. A button from an earlier step must not move the session
    # again (two people clicking "next" on the same message advance it once).
    at_step: str | None = None
    at_stage: str | None = None
    author_name: str | None = None


@dataclass(frozen=True)
class Edit:
    """The message `message_id` now reads `text`: replace what it produced."""

    message_id: str
    text: str
    author: str
    at: datetime
    author_name: str | None = None


@dataclass(frozen=True)
class Delete:
    """The message `message_id` is gone: remove what it produced."""

    message_id: str
    author: str
    at: datetime
    author_name: str | None = None


Event = Answer | Control | Edit | Delete


@dataclass(frozen=True)
class FileItem:
    """File a message from elsewhere (e.g. Slack's "Add to journey map" shortcut) under a stage.

    Does not move the session. `kind` is an ItemKind value: pain_point, touchpoint or thought (a quote).
    """

    kind: str
    stage: str
    text: str
    author: str
    message_id: str
    at: datetime
    author_name: str | None = None


@dataclass(frozen=True)
class Rename:
    """A new title from outside the session (`journeybot rename`): recorded like a `Title:` answer, so the
    title stays derived from contributions and the history says who renamed the map."""

    title: str
    author: str
    message_id: str
    at: datetime
    author_name: str | None = None


@dataclass(frozen=True)
class VoteClick:
    """A vote button: the clicker's vote on `item_id`, or, when they had voted, taking it back."""

    item_id: str
    author: str
    at: datetime
    author_name: str | None = None


AnyEvent = Answer | Control | Edit | Delete | FileItem | Rename | VoteClick
