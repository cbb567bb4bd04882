"""What goes where on the map picture: a tolerant reading of the journey map, and the pixel layout.

`render_png` takes a `journeymap/v1` dict that may come from storage, a file or another producer, so it
is read defensively here (missing keys, wrong types, odd text) into a small view model of clean text.
Sizes are in pixels at a fixed DPI: the picture is 1600–2400 px wide whatever the number of stages, and
each lane is as tall as its fullest cell, within bounds — overflowing cells end with "+N more".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from journeys.picture.text import clean_text, wrap
from prompts.export import EMOTION_WORDS, LEVEL_WORDS, MAP_TYPE_WORDS, export_labels, export_lang

__all__ = ["LANES", "Card", "Layout", "MapView", "PersonaView", "StageView", "fit_cards", "plan", "read_map"]

DPI = 100
LANES: tuple[str, ...] = ("touchpoints", "actions", "thoughts", "emotion", "pain_points", "opportunities", "kpis")
FACETS: tuple[str, ...] = ("goals", "needs", "frustrations", "behaviors")
MAX_PERSONAS = 3


@dataclass(frozen=True)
class Card:
    text: str
    note: str = ""  # a smaller second line: impact/effort, KPI id and target
    dot: str = ""  # "online" / "offline" for touchpoints
    priority: tuple[int, int] | None = None  # opportunities: (-impact, effort) when rated, for ranking
    rank: int = 0  # opportunities: 1 = do first, across the whole map (0 = not rated)


@dataclass(frozen=True)
class PersonaView:
    name: str
    description: str
    facets: tuple[tuple[str, tuple[str, ...]], ...]  # (label, entries) in FACETS order


@dataclass(frozen=True)
class StageView:
    name: str
    cards: Mapping[str, tuple[Card, ...]]
    emotion: int | None
    emotion_text: str  # the team's own word for the latest emotion, when the map carries it


@dataclass(frozen=True)
class MapView:
    lang: str
    title: str
    subtitle: str
    footer: str
    personas: tuple[PersonaView, ...]
    hidden_personas: int
    stages: tuple[StageView, ...]


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _get(entry: Any, key: str) -> Any:
    return entry.get(key) if isinstance(entry, Mapping) else None


def _level(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 3 else None


def _text_of(entry: Any, key: str) -> str:
    return clean_text(entry if isinstance(entry, str) else _get(entry, key))


def _card(lane: str, entry: Any, lang: str) -> Card:
    labels, levels = export_labels(lang), LEVEL_WORDS[lang]
    if lane == "touchpoints":
        return Card(_text_of(entry, "name"), dot="offline" if _get(entry, "channel") == "offline" else "online")
    if lane == "opportunities":
        impact, effort = _level(_get(entry, "impact")), _level(_get(entry, "effort"))
        parts = [
            f"{labels['impact']} {levels[impact]}" if impact else "",
            f"{labels['effort']} {levels[effort]}" if effort else "",
        ]
        priority = (-(impact or 0), effort or 4) if impact or effort else None
        return Card(_text_of(entry, "text"), note=" · ".join(p for p in parts if p), priority=priority)
    if lane == "kpis":
        target = clean_text(_get(entry, "target"))
        parts = [clean_text(_get(entry, "id")), f"{labels['target']} {target}" if target else ""]
        return Card(_text_of(entry, "name"), note=" · ".join(p for p in parts if p))
    return Card(_text_of(entry, "text"))


def _emotion(stage: Any) -> tuple[int | None, str]:
    score = _get(stage, "emotion")
    if not isinstance(score, int) or isinstance(score, bool):
        return None, ""
    score = max(-2, min(2, score))
    said = [_get(e, "text") for e in _list(_get(stage, "emotion_history")) if _get(e, "score") == score]
    return score, clean_text(said[-1]) if said else ""


def _stage(stage: Any, index: int, lang: str) -> StageView:
    name = clean_text(_get(stage, "name")) or f"#{index}"
    cards = {
        lane: tuple(card for card in (_card(lane, e, lang) for e in _list(_get(stage, lane))) if card.text)
        for lane in LANES
        if lane != "emotion"
    }
    score, said = _emotion(stage)
    return StageView(name, cards, score, said)


def _persona(persona: Any, lang: str) -> PersonaView:
    labels = export_labels(lang)
    facets = tuple(
        (labels[key], tuple(t for t in (clean_text(v) for v in _list(_get(persona, key))) if t)) for key in FACETS
    )
    return PersonaView(_text_of(persona, "name"), clean_text(_get(persona, "description")), facets)


def _ranked(stages: list[StageView]) -> tuple[StageView, ...]:
    """Number rated opportunities across the map like the Markdown export: impact desc, then effort asc."""
    rated = sorted(
        (
            (card.priority, s, c)
            for s, stage in enumerate(stages)
            for c, card in enumerate(stage.cards["opportunities"])
            if card.priority is not None
        ),
        key=lambda entry: entry[0] or (0, 0),
    )
    ranks = {(s, c): rank for rank, (_, s, c) in enumerate(rated, start=1)}
    return tuple(
        replace(
            stage,
            cards={
                **stage.cards,
                "opportunities": tuple(
                    replace(card, rank=ranks.get((s, c), 0)) for c, card in enumerate(stage.cards["opportunities"])
                ),
            },
        )
        for s, stage in enumerate(stages)
    )


def read_map(journey_map: Mapping[str, Any], lang: str | None) -> MapView:
    """The parts of the map the picture shows, as clean text; never raises on odd content."""
    data: Mapping[str, Any] = journey_map if isinstance(journey_map, Mapping) else {}
    lang = export_lang(lang or _get(data, "language"))
    labels = export_labels(lang)
    personas = [_persona(p, lang) for p in _list(data.get("personas")) if isinstance(p, Mapping)]
    map_type = str(data.get("map_type") or "current_state")
    contributors = len(_list(data.get("contributors")))
    updated = clean_text(data.get("updated_at"))[:10]
    subtitle = " · ".join(
        part
        for part in (
            f"{labels['map_type']}: {MAP_TYPE_WORDS[lang].get(map_type, clean_text(map_type))}",
            f"{labels['updated']}: {updated}" if updated else "",
            f"{labels['contributors']}: {labels['people'].format(n=contributors)}" if contributors else "",
        )
        if part
    )
    footer = " · ".join(p for p in (labels["generated"], "journeymap/v1", clean_text(data.get("id"))) if p)
    return MapView(
        lang=lang,
        title=clean_text(data.get("title")) or "Journey map",
        subtitle=subtitle,
        footer=footer,
        personas=tuple(personas[:MAX_PERSONAS]),
        hidden_personas=max(0, len(personas) - MAX_PERSONAS),
        stages=_ranked([_stage(s, i, lang) for i, s in enumerate(_list(data.get("stages")), start=1)]),
    )


def emotion_word(score: int, lang: str) -> str:
    return EMOTION_WORDS[lang][score]


# ---- pixel layout ------------------------------------------------------------------------------------

BODY, NOTE, LINE, NOTE_LINE = 15.0, 12.5, 20.0, 17.0  # font sizes and line heights (px)
CARD_PAD, CARD_GAP, DOT_INDENT, BADGE = 8.0, 6.0, 16.0, 30.0
CARD_MAX_LINES, LANE_MIN, LANE_MAX, EMOTION_LANE = 4, 64.0, 330.0, 210.0


@dataclass(frozen=True)
class PlacedCard:
    card: Card
    lines: tuple[str, ...]
    note_lines: tuple[str, ...]
    height: float


def _place(card: Card, width: float) -> PlacedCard:
    text_width = width - 2 * CARD_PAD - (DOT_INDENT if card.dot else 0) - (BADGE if card.rank else 0)
    lines = tuple(wrap(card.text, text_width, BODY, CARD_MAX_LINES))
    notes = tuple(wrap(card.note, width - 2 * CARD_PAD, NOTE, 2)) if card.note else ()
    return PlacedCard(card, lines, notes, 2 * CARD_PAD + len(lines) * LINE + len(notes) * NOTE_LINE)


def fit_cards(cards: Sequence[Card], width: float, height: float) -> tuple[list[PlacedCard], int]:
    """The cards that fit in `height` (in order) and how many did not; room is kept for "+N more"."""
    placed = [_place(card, width) for card in cards]
    shown, used = [], 0.0
    for index, card in enumerate(placed):
        reserve = 0.0 if index == len(placed) - 1 else LINE
        if used + card.height + reserve > height:
            break
        shown.append(card)
        used += card.height + CARD_GAP
    return shown, len(placed) - len(shown)


def natural_height(cards: Sequence[Card], width: float) -> float:
    return sum(_place(card, width).height + CARD_GAP for card in cards) + CARD_GAP


@dataclass(frozen=True)
class Layout:
    width: float
    margin: float
    label_width: float
    column_width: float
    lane_heights: Mapping[str, float]

    def column_x(self, index: int) -> float:
        return self.margin + self.label_width + index * self.column_width


def plan(view: MapView) -> Layout:
    """Width from the number of stages (1600–2400 px); each lane as tall as its fullest cell, bounded."""
    margin, label_width = 36.0, 190.0
    width = float(min(2400, max(1600, 420 + 300 * len(view.stages))))
    column = (width - 2 * margin - label_width) / max(1, len(view.stages))
    heights = {
        lane: EMOTION_LANE
        if lane == "emotion"
        else min(LANE_MAX, max([LANE_MIN, *(natural_height(s.cards[lane], column - 12) for s in view.stages)]))
        for lane in LANES
    }
    return Layout(width, margin, label_width, column, heights)
