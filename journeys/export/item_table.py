"""Every item as one row of typed columns: the shared body of the CSV and of the XLSX lane sheets.

Impact, effort, score and votes are numbers in their own columns (so a spreadsheet can sort by them),
never packed into a text cell; a pain point's touchpoint (`… @invite email`) has its own column too.
`for_people` gives the words a reader of the map's language expects (kind and channel in Japanese for a
Japanese map); without it the values are the stable ids that programs match on (`touchpoint`, `online`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from journeys.export.grouping import STAGE_LISTS, channel, clamp, group_items, map_lanes, persona_of, utc
from journeys.state import Item, SessionState
from journeys.steps import ItemKind
from journeys.voting import vote_counter
from prompts.export import CHANNEL_WORDS, export_labels

__all__ = ["COLUMNS", "Record", "VoteCount", "item_records", "kind_label"]

COLUMNS: tuple[str, ...] = (
    "stage",
    "position",
    "kind",
    "text",
    "channel",
    "touchpoint",
    "score",
    "impact",
    "effort",
    "votes",
    "kpi_id",
    "target",
    "detail",
    "author",
    "at",
    "item_id",
)
Record = dict[str, Any]  # column -> str | int | datetime | None


VoteCount = Callable[[Item], int]
"""Votes on an item of the state being exported (`journeys.voting.vote_counter(state)`): one per person."""


def kind_label(kind: ItemKind, lang: str) -> str:
    """A kind as the map's reader calls its lane ("タッチポイント", "Pain points")."""
    key = {ItemKind.PERSONA: "persona", ItemKind.EMOTION: "emotion"}.get(kind) or STAGE_LISTS[kind]
    return export_labels(lang)[key]


def _persona_detail(item: Item, lang: str) -> str:
    p, labels = persona_of(item), export_labels(lang)
    parts = [p.description, *(f"{labels[key]}: {', '.join(getattr(p, key))}" for key in
                              ("goals", "needs", "frustrations", "behaviors") if getattr(p, key))]
    return " | ".join(part for part in parts if part)


def _record(item: Item, stage: str, position: int | None, *, lang: str, for_people: bool,
            names: Mapping[str, str], votes: VoteCount) -> Record:
    kind = item.kind
    at: datetime = utc(item.at)
    text = persona_of(item).name if kind == ItemKind.PERSONA else item.text
    where = channel(item) if kind == ItemKind.TOUCHPOINT else None
    return {
        "stage": stage,
        "position": position,
        "kind": kind_label(kind, lang) if for_people else str(kind),
        "text": text,
        "channel": CHANNEL_WORDS[lang][where] if for_people and where else where,
        "touchpoint": (item.touchpoint or None) if kind == ItemKind.PAIN_POINT else None,
        "score": clamp(item.score, -2, 2) if kind == ItemKind.EMOTION else None,
        "impact": clamp(item.impact, 1, 3) if kind == ItemKind.OPPORTUNITY else None,
        "effort": clamp(item.effort, 1, 3) if kind == ItemKind.OPPORTUNITY else None,
        "votes": votes(item) if kind in (ItemKind.PAIN_POINT, ItemKind.OPPORTUNITY) else None,
        "kpi_id": item.kpi_id if kind == ItemKind.KPI else None,
        "target": item.target if kind == ItemKind.KPI else None,
        "detail": _persona_detail(item, lang) if kind == ItemKind.PERSONA else None,
        "author": names.get(item.author, item.author),
        "at": at,
        "item_id": item.item_id,
    }


def item_records(state: SessionState, *, lang: str, for_people: bool = True,
                 names: Mapping[str, str] | None = None) -> list[Record]:
    """Every item once: personas, then stage by stage in lane order, then items of no current stage.

    `names` maps a stored author (a Slack user id) to the display name to show, where known.
    """
    grouped, known = group_items(state), names or {}
    options: dict[str, Any] = {"lang": lang, "for_people": for_people, "names": known,
                               "votes": vote_counter(state)}
    records = [_record(i, "", None, **options) for group in grouped.personas for i in group.items]
    lanes = map_lanes(state.map_type)
    for stage in grouped.stages:
        records += [_record(i, stage.name, stage.position, **options) for k in lanes for i in stage.items[k]]
    records += [_record(i, i.stage or "", None, **options) for i in grouped.unassigned]
    return records
