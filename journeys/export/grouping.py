"""Grouping and normalisation shared by the exports (JSON, Markdown, CSV).

All exports must agree on where an item lives (persona, which stage, unassigned), which emotion counts
and how values are clamped to SPEC.md's ranges, so that logic lives once, here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from journeys.parsing.personas import merge_personas
from journeys.state import Item, Persona, SessionState
from journeys.steps import BLUEPRINT_KINDS, ItemKind, MapType

# Per-stage list keys of the JSON, in lane order; the emotion lane sits between thoughts and pain points.
STAGE_LISTS: dict[ItemKind, str] = {
    ItemKind.TOUCHPOINT: "touchpoints",
    ItemKind.ACTION: "actions",
    ItemKind.THOUGHT: "thoughts",
    ItemKind.PAIN_POINT: "pain_points",
    ItemKind.OPPORTUNITY: "opportunities",
    ItemKind.KPI: "kpis",
    ItemKind.FRONTSTAGE: "frontstage",  # the blueprint lanes: service_blueprint maps only (`map_lanes`)
    ItemKind.BACKSTAGE: "backstage",
    ItemKind.SUPPORT: "support",
    ItemKind.OWNER: "owner",
}
LANE_KINDS: tuple[ItemKind, ...] = (
    ItemKind.TOUCHPOINT,
    ItemKind.ACTION,
    ItemKind.THOUGHT,
    ItemKind.EMOTION,
    ItemKind.PAIN_POINT,
    ItemKind.OPPORTUNITY,
    ItemKind.KPI,
)


def map_lanes(map_type: MapType) -> tuple[ItemKind, ...]:
    """The lanes a map shows, in order: a service blueprint's lanes come right after the customer's actions."""
    if map_type is not MapType.SERVICE_BLUEPRINT:
        return LANE_KINDS
    at = LANE_KINDS.index(ItemKind.ACTION) + 1
    return (*LANE_KINDS[:at], *BLUEPRINT_KINDS, *LANE_KINDS[at:])


@dataclass
class StageGroup:
    name: str
    position: int
    items: dict[ItemKind, list[Item]] = field(default_factory=lambda: {k: [] for k in (*LANE_KINDS, *BLUEPRINT_KINDS)})


@dataclass
class PersonaGroup:
    """One persona as the map shows it, and every persona item that described it (oldest first)."""

    persona: Persona
    items: list[Item]


@dataclass
class Grouped:
    personas: list[PersonaGroup]
    stages: list[StageGroup]
    unassigned: list[Item]


def group_items(state: SessionState) -> Grouped:
    """File every item once: personas, the first stage of that name, or unassigned."""
    stages = [StageGroup(name, position) for position, name in enumerate(state.stages, start=1)]
    by_name: dict[str, StageGroup] = {}
    for stage in stages:
        by_name.setdefault(stage.name, stage)
    grouped = Grouped([], stages, [])
    lanes = map_lanes(state.map_type)
    for item in state.items:
        target = by_name.get(item.stage) if item.stage is not None else None
        if item.kind == ItemKind.PERSONA:
            _add_persona(grouped.personas, item)
        elif target is None or item.kind not in lanes:
            grouped.unassigned.append(item)  # also blueprint lanes of a map that is no longer a blueprint
        else:
            target.items[item.kind].append(item)
    for stage in stages:
        stage.items[ItemKind.OWNER] = stage.items[ItemKind.OWNER][-1:]  # one owner: the latest said
    return grouped


def _add_persona(personas: list[PersonaGroup], item: Item) -> None:
    """Items naming the same persona are one persona: the engine files details given in a later message
    (`目標: …`) as another item with the same name, so later items add details to the first."""
    new = persona_of(item)
    for group in personas:
        old = group.persona
        if old.name.casefold() == new.name.casefold():
            group.persona = merge_personas(old, new)
            group.items.append(item)
            return
    personas.append(PersonaGroup(new, [item]))


def utc(at: datetime) -> datetime:
    """Naive datetimes are taken as UTC, so mixed inputs still compare and print the same way."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def iso(at: datetime) -> str:
    return utc(at).isoformat(timespec="seconds").replace("+00:00", "Z")


def clamp(value: int | None, low: int, high: int) -> int | None:
    return None if value is None else max(low, min(high, int(value)))


def channel(item: Item) -> str:
    """SPEC allows only online/offline; a touchpoint the parser could not classify counts as online."""
    return "offline" if item.channel == "offline" else "online"


def persona_of(item: Item) -> Persona:
    """A persona item without structured fields still names a persona: its text."""
    return item.persona if item.persona is not None else Persona(name=item.text)


# A number at the start of an emotion answer ("1", "+1", "－２ 不安"), and what separates it from the words after.
_LEADING_SCORE = re.compile(r"^\s*([+＋\-−－]?)(\d+)(?:(?:[\s:：、。]|,(?!\d))+|$)")


def answer_words(text: str, score: int | None) -> str:
    """What an emotion answer says besides its score: "1" → "", "-2 不安" → "不安", "😞" → "😞".

    The exports put the score in front of each answer ("+1 happy"); an answer that starts with that same
    number (most teams type `認知: 1`) would otherwise show it twice ("+1 1"). Other text is kept as typed.
    """
    found = _LEADING_SCORE.match(text)
    if found is None or score is None:
        return text
    value = int(found[2]) * (-1 if found[1] in ("-", "−", "－") else 1)
    return text[found.end():].strip() if value == score else text
