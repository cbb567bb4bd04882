"""Reading a `journeymap/v1` file back into a journey: the inverse of `to_journey_map`.

`read_journey_map` checks the file (size, UTF-8, JSON, schema, shapes) and raises `MapImportError` with
a reason a person can act on; `from_journey_map` builds a new `SessionState` from the checked map.
Items keep their author and time from the map's `attribution` (so export → import → export gives the
same map, ids and timestamps aside), and the journey gets contributions that say what the engine
derives its settings from — the title, the map type and the stages — so a resumed session keeps them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from journeys.export.journey_map import SCHEMA
from journeys.parsing import START_PREFIX, read_scope
from journeys.state import Contribution, Item, Persona, SessionState
from journeys.steps import BLUEPRINT_KINDS, ItemKind, MapType, Step
from prompts.export import EMOTION_WORDS, MAP_TYPE_WORDS

__all__ = ["MAX_IMPORT_BYTES", "MapImportError", "from_journey_map", "not_restored", "read_journey_map"]

MAX_IMPORT_BYTES = 5_000_000
_LISTS: tuple[tuple[str, ItemKind], ...] = (
    ("touchpoints", ItemKind.TOUCHPOINT),
    ("actions", ItemKind.ACTION),
    ("frontstage", ItemKind.FRONTSTAGE),
    ("backstage", ItemKind.BACKSTAGE),
    ("support", ItemKind.SUPPORT),
    ("thoughts", ItemKind.THOUGHT),
    ("emotion_history", ItemKind.EMOTION),
    ("pain_points", ItemKind.PAIN_POINT),
    ("opportunities", ItemKind.OPPORTUNITY),
    ("kpis", ItemKind.KPI),
)
_STEP_OF = {ItemKind.PERSONA: Step.PERSONA, ItemKind.TOUCHPOINT: Step.TOUCHPOINTS, ItemKind.ACTION: Step.ACTIONS,
            ItemKind.THOUGHT: Step.THOUGHTS, ItemKind.EMOTION: Step.EMOTIONS, ItemKind.PAIN_POINT: Step.PAIN_POINTS,
            ItemKind.OPPORTUNITY: Step.OPPORTUNITIES, ItemKind.KPI: Step.KPIS,
            **dict.fromkeys(BLUEPRINT_KINDS, Step.BLUEPRINT)}
_PERSONA_LISTS = ("goals", "needs", "frustrations", "behaviors")


class MapImportError(ValueError):
    """A file that is not a map we can restore; `reason` keys the message in prompts/export.py."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason, self.params = reason, params


def _check_shapes(data: Mapping[str, Any]) -> None:
    if not isinstance(data.get("stages", []), list) or not isinstance(data.get("personas", []), list):
        raise MapImportError("bad_shape", key="stages / personas")
    for n, stage in enumerate(data.get("stages", []), start=1):
        if not isinstance(stage, dict) or not isinstance(stage.get("name"), str) or not stage["name"].strip():
            raise MapImportError("bad_stage", n=n)
        for key, _ in _LISTS:
            if not isinstance(stage.get(key, []), list):
                raise MapImportError("bad_shape", key=f"stages[{n}].{key}")
    if not isinstance(data.get("title", ""), str):
        raise MapImportError("bad_shape", key="title")


def read_journey_map(raw: bytes) -> dict[str, Any]:
    """The map in `raw`, checked; raises `MapImportError` for anything we could not restore faithfully."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise MapImportError("too_big", limit=MAX_IMPORT_BYTES // 1_000_000)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise MapImportError("not_utf8", at=error.start) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise MapImportError("not_json", line=error.lineno) from None
    except RecursionError:
        raise MapImportError("not_json", line="?") from None
    if not isinstance(data, dict):
        raise MapImportError("not_a_map")
    if data.get("schema") != SCHEMA:
        raise MapImportError("wrong_schema", found=str(data.get("schema"))[:40], expected=SCHEMA)
    _check_shapes(data)
    return data


def _when(value: Any, default: datetime) -> datetime:
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return default
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return default


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _level(value: Any, low: int, high: int) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high else None


class _Builder:
    """Numbers the imported items like messages, so each has its own contribution and stable id."""

    def __init__(self, journey_id: str, author: str, at: datetime) -> None:
        self.prefix, self.author, self.at = f"import-{journey_id}-", author, at
        self.items: list[Item] = []
        self.contributions: list[Contribution] = []

    def add(self, kind: ItemKind, text: str, stage: str | None, source: Any, **fields: Any) -> None:
        if not text:
            return
        message_id = f"{self.prefix}{len(self.items) + 1}"
        by = _str(source.get("by")) if isinstance(source, Mapping) else ""
        at = _when(source.get("at") if isinstance(source, Mapping) else None, self.at)
        author = by or self.author
        self.items.append(Item(f"{message_id}#0", kind, text, message_id, author, at, stage=stage, **fields))
        self.contributions.append(Contribution(message_id, author, text, _STEP_OF[kind], stage, at))


def _fields(kind: ItemKind, entry: Any) -> tuple[str, dict[str, Any]]:
    """The text and the kind's own fields of one entry of a stage list (or an `unassigned` record)."""
    if isinstance(entry, str):
        return entry.strip(), {}
    if not isinstance(entry, Mapping):
        return "", {}
    if kind == ItemKind.TOUCHPOINT:
        name = _str(entry.get("name")) or _str(entry.get("text"))
        return name, {"channel": "offline" if entry.get("channel") == "offline" else "online"}
    if kind == ItemKind.EMOTION:
        return _str(entry.get("text")), {"score": _level(entry.get("score"), -2, 2)}
    if kind == ItemKind.OPPORTUNITY:
        return _str(entry.get("text")), {"impact": _level(entry.get("impact"), 1, 3),
                                          "effort": _level(entry.get("effort"), 1, 3)}
    if kind == ItemKind.KPI:
        name = _str(entry.get("name")) or _str(entry.get("text"))
        return name, {"kpi_id": _str(entry.get("id") or entry.get("kpi_id")) or None,
                      "target": _str(entry.get("target")) or None}
    return _str(entry.get("text")), {}


def _stage_items(b: _Builder, stage: Mapping[str, Any], lang: str) -> None:
    name = stage["name"].strip()
    sources = _mapping(stage.get("attribution"))
    for key, kind in _LISTS:
        entries, who = _list(stage.get(key)), _list(sources.get(key))
        if kind == ItemKind.EMOTION and not entries and _level(stage.get("emotion"), -2, 2) is not None:
            score = stage["emotion"]  # a hand-written map with a score and no history
            entries, who = [{"score": score, "text": EMOTION_WORDS[lang][score]}], []
        for index, entry in enumerate(entries):
            text, fields = _fields(kind, entry)
            source = entry if kind == ItemKind.EMOTION else (who[index] if index < len(who) else None)
            b.add(kind, text, name, source, **fields)
    owner, who = _str(stage.get("owner")), _list(sources.get("owner"))
    b.add(ItemKind.OWNER, " ".join(owner.split()), name, who[-1] if who else None)  # a string, one per stage


def _personas(b: _Builder, data: Mapping[str, Any]) -> None:
    sources = _list(_mapping(data.get("attribution")).get("personas"))
    for index, entry in enumerate(_list(data.get("personas"))):
        if not isinstance(entry, Mapping) or not _str(entry.get("name")):
            continue
        lists = {key: tuple(_str(v) for v in entry.get(key, []) if _str(v)) if isinstance(entry.get(key), list)
                 else () for key in _PERSONA_LISTS}
        persona = Persona(name=_str(entry["name"]), description=_str(entry.get("description")), **lists)
        described_by = _list(sources[index]) if index < len(sources) else []
        # The map merged every item that described this persona; the first carries it all, the others
        # keep their author and time (adding nothing), so the attribution survives the round trip.
        for n, source in enumerate(described_by or [None]):
            b.add(ItemKind.PERSONA, persona.name, None, source, persona=persona if n == 0 else Persona(persona.name))


def _unassigned(b: _Builder, data: Mapping[str, Any]) -> None:
    for record in _list(data.get("unassigned")):
        if not isinstance(record, Mapping) or record.get("kind") not in set(ItemKind) - {ItemKind.PERSONA}:
            continue
        kind = ItemKind(record["kind"])
        text, fields = _fields(kind, {**record, "name": record.get("text"), "id": record.get("kpi_id")})
        b.add(kind, text, _str(record.get("stage")) or None, record, **fields)


def not_restored(data: Mapping[str, Any]) -> int:
    """How many entries of the map a journey cannot hold yet (votes): said on import."""
    count = 0
    for stage in _list(data.get("stages")):
        stage = _mapping(stage)
        count += sum(1 for key in ("pain_points", "opportunities") for entry in _list(stage.get(key))
                     if isinstance(entry, Mapping) and _level(entry.get("votes"), 1, 10**9))
    return count


def from_journey_map(data: Mapping[str, Any], *, journey_id: str, team_id: str, channel_id: str,
                     author: str, at: datetime) -> SessionState:
    """A new journey (at the review step) holding everything the checked map holds."""
    lang = "en" if data.get("language") == "en" else "ja"
    map_type = MapType(data["map_type"]) if data.get("map_type") in set(MapType) else MapType.CURRENT_STATE
    title = " ".join(_str(data.get("title")).split())[:200] or "Journey map"
    stages = tuple(dict.fromkeys(s["name"].strip() for s in data.get("stages", [])))
    b = _Builder(journey_id, author, at)
    _personas(b, data)
    for stage in data.get("stages", []):
        _stage_items(b, stage, lang)
    _unassigned(b, data)
    listed = [c for c in _list(data.get("contributors")) if isinstance(c, str)]
    opener = listed[0] if listed else _str(data.get("created_by")) or author
    settings = [Contribution(f"{START_PREFIX}{journey_id}", opener, title, Step.SCOPE, None, at)]
    type_word = MAP_TYPE_WORDS[lang][map_type]
    if map_type != MapType.CURRENT_STATE and read_scope(type_word, is_title=False).map_type == map_type:
        settings.append(Contribution(f"{b.prefix}type", opener, type_word, Step.SCOPE, None, at))
    # Lines kept: a scope several people described is one line each (journeys.parsing.items.derive_settings).
    scope = "\n".join(line for line in (" ".join(line.split()) for line in _str(data.get("scope")).splitlines())
                      if line)
    if scope:
        settings.append(Contribution(f"{b.prefix}scope", opener, scope, Step.SCOPE, None, at))
    if stages:
        settings.append(Contribution(f"{b.prefix}stages", opener, "\n".join(stages), Step.STAGES, None, at))
    # Contributors keep the map's order (it says who joined first); each one's own answers stay in time order.
    rank = {name: n for n, name in enumerate(dict.fromkeys([opener, *listed]))}
    answers = sorted(b.contributions, key=lambda c: (rank.get(c.author, len(rank)), c.at))
    return SessionState(
        journey_id=journey_id, title=title, team_id=team_id, channel_id=channel_id, thread_ts=None,
        created_by=_str(data.get("created_by")) or author, created_at=at, updated_at=at, language=lang,
        map_type=map_type, step=Step.REVIEW, stage_index=0, stages=stages, items=tuple(b.items),
        contributions=(*settings, *answers),
    )
