"""Replies are data: adapters decide how they look (Block Kit in Slack, text in the terminal).

`text` is already in the reply's language and may contain user text verbatim: adapters that
echo it somewhere with markup (Slack) must escape it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from journeys.steps import Step


class ReplyKind(StrEnum):
    QUESTION = "question"  # the prompt for the current step (and stage); carries step buttons
    RECORDED = "recorded"  # what was just stored
    NOTICE = "notice"  # neutral information (nothing to undo, already recorded, …)
    WARNING = "warning"  # stage-gating: what is still missing before moving on
    SUMMARY = "summary"  # the map so far
    HELP = "help"
    TIPS = "tips"  # best-practice tips with sources, from the knowledge base


@dataclass(frozen=True)
class Source:
    title: str
    ref: str = ""  # e.g. the note's path or a URL


@dataclass(frozen=True)
class ListedItem:
    """One numbered line of an item list (`一覧` / `list`), so an adapter can offer buttons for it."""

    number: int
    item_id: str
    label: str


@dataclass(frozen=True)
class Reply:
    kind: ReplyKind
    text: str
    lang: str
    step: Step | None = None
    stage: str | None = None
    sources: tuple[Source, ...] = ()
    listed: tuple[ListedItem, ...] = ()  # an item list's lines (Slack offers delete/edit per line)


@dataclass(frozen=True)
class Tip:
    text: str
    source: Source
