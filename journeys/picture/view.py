"""What the map picture shows: a tolerant reading of a `journeymap/v1` dict into clean text.

The renderers take a map that may come from storage, a file or another producer, so it is read
defensively here (missing keys, wrong types, odd text) into a small view model; nothing here raises.
Lanes follow the map: a `service_blueprint` map (or any map whose stages carry `frontstage`,
`backstage`, `support` or `owner`) gets the blueprint's lanes right under the customer's actions.
Items of no current stage (the map's `unassigned`: 未分類 / Unassigned in every other export) get a column
of their own after the stages, each in its lane; a map without any has no such column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from journeys.export.grouping import answer_words
from journeys.picture.text import clean_text
from prompts.export import (
    EMOTION_WORDS,
    LEVEL_WORDS,
    MAP_TYPE_WORDS,
    counted,
    export_labels,
    export_lang,
    label_for,
    votes_label,
)

__all__ = [
    "BLUEPRINT_LANES",
    "JOURNEY_LANES",
    "Card",
    "MapView",
    "PersonaView",
    "StageView",
    "emotion_word",
    "read_map",
    "votes_of",
]

JOURNEY_LANES: tuple[str, ...] = (
    "touchpoints",
    "actions",
    "thoughts",
    "emotion",
    "pain_points",
    "opportunities",
    "kpis",
)
BLUEPRINT_LANES: tuple[str, ...] = ("frontstage", "backstage", "support", "owner")
FACETS: tuple[str, ...] = ("goals", "needs", "frustrations", "behaviors")
SPREAD = 2  # people's latest scores this far apart: the curve's average point hides a disagreement


@dataclass(frozen=True)
class Card:
    text: str
    note: str = ""  # a smaller second line: impact/effort, KPI target
    dot: str = ""  # "online" / "offline" for touchpoints
    priority: tuple[int, int, int] | None = None  # opportunities: (-impact, effort, -votes) when rated
    rank: int = 0  # opportunities: 1 = do first, across the whole map (0 = not rated)
    votes: int = 0
    impact: int | None = None
    effort: int | None = None


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
    spread: tuple[int, int] | None = None  # (lowest, highest) of people's latest scores, when SPREAD+ apart


@dataclass(frozen=True)
class MapView:
    lang: str
    title: str
    subtitle: str
    footer: str
    personas: tuple[PersonaView, ...]
    stages: tuple[StageView, ...]
    lanes: tuple[str, ...]
    scope: tuple[str, ...] = ()  # what the map covers, one entry per line of the map's `scope`
    unassigned: StageView | None = None  # the column of items of no current stage: no emotion, no chevron

    @property
    def columns(self) -> tuple[StageView, ...]:
        """What the lanes are drawn across: the stages, then the unassigned items' column when there is one."""
        return self.stages if self.unassigned is None else (*self.stages, self.unassigned)


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _entries(stage: Any, lane: str) -> list[Any]:
    """A lane's entries in one stage; the blueprint's `owner` is a single string."""
    value = _get(stage, lane)
    return [value] if lane == "owner" and isinstance(value, str) else _list(value)


def _get(entry: Any, key: str) -> Any:
    return entry.get(key) if isinstance(entry, Mapping) else None


def _level(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 3 else None


def votes_of(entry: Any) -> int:
    """Votes on a pain point or opportunity; a missing or odd value counts as none."""
    votes = _get(entry, "votes")
    return max(0, votes) if isinstance(votes, int) and not isinstance(votes, bool) else 0


def _text_of(entry: Any, key: str) -> str:
    return clean_text(entry if isinstance(entry, str) else _get(entry, key))


def _card(lane: str, entry: Any, lang: str) -> Card:
    labels, levels = export_labels(lang), LEVEL_WORDS[lang]
    if lane == "touchpoints":
        return Card(_text_of(entry, "name"), dot="offline" if _get(entry, "channel") == "offline" else "online")
    if lane == "pain_points":
        votes, where = votes_of(entry), _text_of(entry, "touchpoint")
        note = " · ".join(p for p in (f"@{where}" if where else "", votes_label(votes, lang) if votes else "") if p)
        return Card(_text_of(entry, "text"), note, votes=votes)
    if lane == "opportunities":
        impact, effort, votes = _level(_get(entry, "impact")), _level(_get(entry, "effort")), votes_of(entry)
        parts = [
            f"{labels['impact']} {levels[impact]}" if impact else "",
            f"{labels['effort']} {levels[effort]}" if effort else "",
            votes_label(votes, lang) if votes else "",
        ]
        priority = (-(impact or 0), effort or 4, -votes) if impact or effort else None
        note = " · ".join(p for p in parts if p)
        return Card(_text_of(entry, "text"), note, priority=priority, votes=votes, impact=impact, effort=effort)
    if lane == "kpis":
        return Card(_text_of(entry, "name") or _text_of(entry, "id"), note=_kpi_note(entry, lang))
    return Card(_text_of(entry, "text"))


def _kpi_note(entry: Any, lang: str) -> str:
    """The catalogue's name when it differs from what the team typed (never the internal id), and the target."""
    name, known = clean_text(_get(entry, "name")), clean_text(_get(entry, "catalogue_name"))
    target = clean_text(_get(entry, "target"))
    parts = [f"≈ {known}" if known and known.casefold() != name.casefold() else ""]
    parts.append(f"{export_labels(lang)['target']} {target}" if target else "")
    return " · ".join(p for p in parts if p)


def _emotion(stage: Any) -> tuple[int | None, str]:
    score = _get(stage, "emotion")
    if not isinstance(score, int) or isinstance(score, bool):
        return None, ""
    score = max(-2, min(2, score))
    said = [_get(e, "text") for e in _list(_get(stage, "emotion_history")) if _get(e, "score") == score]
    return score, clean_text(said[-1]) if said else ""


def _score(entry: Any) -> int | None:
    score = _get(entry, "score")
    return score if isinstance(score, int) and not isinstance(score, bool) and -2 <= score <= 2 else None


def _spread(stage: Any) -> tuple[int, int] | None:
    """The lowest and highest of each person's latest score at the stage, when they are SPREAD or more apart.

    The curve shows one point per stage (the team's average); +2, -2 and +1 average to a calm 0, so the
    disagreement is drawn as well. An answer that names no one (`by`) counts as its own person.
    """
    latest: dict[object, int] = {}
    for n, entry in enumerate(_list(_get(stage, "emotion_history"))):
        score, by = _score(entry), _get(entry, "by")
        if score is not None:
            latest[by if isinstance(by, str) and by else n] = score
    low, high = min(latest.values(), default=0), max(latest.values(), default=0)
    return (low, high) if high - low >= SPREAD else None


def _answer(entry: Any) -> Card:
    """One emotion answer, its score in front ("-1 不安"); an answer that is only the score ("1") shows it
    once ("+1"), one that starts with it ("-2 不安") shows it once in front of its words."""
    text, score = clean_text(_get(entry, "text")), _get(entry, "score")
    if not (isinstance(score, int) and not isinstance(score, bool) and -2 <= score <= 2):
        return Card(text)
    signed, words = f"{score:+d}" if score else "0", answer_words(text, score)
    return Card(f"{signed} {words}" if words else signed)


def _answers(stage: Any) -> tuple[Card, ...]:
    """Every emotion answer of the stage, oldest first, with its score: the curve shows only the latest."""
    return tuple(_answer(e) for e in _list(_get(stage, "emotion_history")) if clean_text(_get(e, "text")))


def _stage(stage: Any, index: int, lang: str, lanes: tuple[str, ...]) -> StageView:
    name = clean_text(_get(stage, "name")) or f"#{index}"
    cards = {
        lane: tuple(card for card in (_card(lane, e, lang) for e in _entries(stage, lane)) if card.text)
        for lane in lanes
        if lane != "emotion"
    } | {"emotion": _answers(stage)}
    score, said = _emotion(stage)
    return StageView(name, cards, score, said, _spread(stage) if score is not None else None)


def _persona(persona: Any, lang: str) -> PersonaView:
    labels = export_labels(lang)
    facets = tuple(
        (labels[key], tuple(t for t in (clean_text(v) for v in _list(_get(persona, key))) if t)) for key in FACETS
    )
    return PersonaView(_text_of(persona, "name"), clean_text(_get(persona, "description")), facets)


def _ranked(stages: list[StageView]) -> tuple[StageView, ...]:
    """Number rated opportunities across the map like the Markdown export: impact desc, effort asc, votes."""
    rated = sorted(
        (
            (card.priority, s, c)
            for s, stage in enumerate(stages)
            for c, card in enumerate(stage.cards["opportunities"])
            if card.priority is not None
        ),
        key=lambda entry: entry[0] or (0, 0, 0),
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


_KIND_LANES: dict[str, str] = {
    "touchpoint": "touchpoints", "action": "actions", "thought": "thoughts", "emotion": "emotion",
    "pain_point": "pain_points", "opportunity": "opportunities", "kpi": "kpis",
    **{lane: lane for lane in BLUEPRINT_LANES},
}


def _vote_counts(data: Mapping[str, Any]) -> dict[str, int]:
    """Votes per item id, from the map's `votes` (an unassigned record has no count of its own)."""
    ids = [_get(vote, "item_id") for vote in _list(data.get("votes"))]
    return Counter(item_id for item_id in ids if isinstance(item_id, str))


def _unassigned_card(record: Any, lane: str, votes: Mapping[str, int], lang: str) -> Card:
    """One unassigned record (a flat item: `kind`, `text`, its kind's fields) as the card its lane draws."""
    if lane == "emotion":
        return _answer(record)
    item_id = _get(record, "item_id")
    entry = {key: _get(record, key) for key in ("text", "channel", "impact", "effort", "target", "touchpoint")}
    entry |= {"name": entry["text"], "id": _get(record, "kpi_id"),
              "votes": votes.get(item_id, 0) if isinstance(item_id, str) else 0}
    return replace(_card(lane, entry, lang), priority=None)  # outside the map's priority order, as in Markdown


def _unassigned(data: Mapping[str, Any], lang: str, lanes: tuple[str, ...]) -> StageView | None:
    """The column of items of no current stage. An item of a lane the map does not draw (a blueprint lane of
    a map that is no longer a blueprint) goes under the customer's actions, its lane named on the card; an
    item that names a stage says which."""
    labels, votes = export_labels(lang), _vote_counts(data)
    cards: dict[str, list[Card]] = {lane: [] for lane in lanes}
    for record in _list(data.get("unassigned")):
        kind_lane = _KIND_LANES.get(str(_get(record, "kind")))
        if kind_lane is None or not clean_text(_get(record, "text")):
            continue
        lane = kind_lane if kind_lane in lanes else "actions"
        card, stage = _unassigned_card(record, kind_lane, votes, lang), clean_text(_get(record, "stage"))
        notes = [labels[kind_lane] if lane != kind_lane else "", card.note,
                 labels["from_stage"].format(stage=stage) if stage else ""]
        cards[lane].append(replace(card, note=" · ".join(note for note in notes if note)))
    if not any(cards.values()):
        return None
    return StageView(labels["unassigned_column"], {lane: tuple(found) for lane, found in cards.items()}, None, "")


def _scope(data: Mapping[str, Any]) -> tuple[str, ...]:
    """The scope's lines (one per person who described it), each as clean one-line text."""
    scope = data.get("scope")
    lines = scope.splitlines() if isinstance(scope, str) else []
    return tuple(text for text in (clean_text(line) for line in lines) if text)


def _reviews(data: Mapping[str, Any]) -> list[str]:
    """The dates of the map's scheduled reviews (`reviews[].due_on`), oldest first, as the map gives them."""
    dates = (clean_text(_get(review, "due_on")) for review in _list(data.get("reviews")))
    return [day for day in dates if day]


def _lanes(data: Mapping[str, Any]) -> tuple[str, ...]:
    stages = _list(data.get("stages"))
    blueprint = data.get("map_type") == "service_blueprint" or any(
        _entries(stage, lane) for stage in stages for lane in BLUEPRINT_LANES
    )
    if not blueprint:
        return JOURNEY_LANES
    return (*JOURNEY_LANES[:2], *BLUEPRINT_LANES, *JOURNEY_LANES[2:])


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
            f"{labels['contributors']}: {counted('people', contributors, lang)}" if contributors else "",
        )
        if part
    )
    reviews = _reviews(data)
    scheduled = f"{label_for('reviews', len(reviews), lang)}: {', '.join(reviews)}" if reviews else ""
    footer = " · ".join(
        p for p in (scheduled, labels["generated"], "journeymap/v1", clean_text(data.get("id"))) if p
    )
    lanes = _lanes(data)
    stages = [_stage(s, i, lang, lanes) for i, s in enumerate(_list(data.get("stages")), start=1)]
    return MapView(
        lang=lang,
        title=clean_text(data.get("title")) or "Journey map",
        subtitle=subtitle,
        footer=footer,
        personas=tuple(personas),
        stages=_ranked(stages),
        lanes=lanes,
        scope=_scope(data),
        unassigned=_unassigned(data, lang, lanes),
    )


def emotion_word(score: int, lang: str) -> str:
    return EMOTION_WORDS[lang][score]
