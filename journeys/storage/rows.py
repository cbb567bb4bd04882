"""SessionState <-> table rows, with no I/O, so the repository only decides *which* rows to write.

Rows are plain dicts keyed by column name. The same functions build the rows of the old and the new
state, so a save can diff them row by row; `seq` (the position in the state's tuple) is part of a row,
which is what keeps the order of items and contributions exact across a reload.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table

from journeys.state import Contribution, Item, Persona, Restore, SessionState, Vote
from journeys.steps import BLUEPRINT_KINDS, ItemKind, MapType, Step
from journeys.storage import tables

Row = dict[str, Any]  # a row to write
StoredRow = Mapping[Any, Any]  # a row read back (SQLAlchemy's RowMapping)

JOURNEYS = tables.table_of(tables.Journey)
STAGES = tables.table_of(tables.Stage)
CONTRIBUTIONS = tables.table_of(tables.Contribution)

KIND_TABLES: dict[ItemKind, Table] = {
    ItemKind.PERSONA: tables.table_of(tables.Persona),
    ItemKind.TOUCHPOINT: tables.table_of(tables.Touchpoint),
    ItemKind.ACTION: tables.table_of(tables.StageNote),
    ItemKind.THOUGHT: tables.table_of(tables.StageNote),
    ItemKind.EMOTION: tables.table_of(tables.Emotion),
    ItemKind.PAIN_POINT: tables.table_of(tables.PainPoint),
    ItemKind.OPPORTUNITY: tables.table_of(tables.Opportunity),
    ItemKind.KPI: tables.table_of(tables.Kpi),
    **dict.fromkeys(BLUEPRINT_KINDS, tables.table_of(tables.BlueprintNote)),
}
ITEM_TABLES: tuple[Table, ...] = tuple(dict.fromkeys(KIND_TABLES.values()))
_TABLE_KIND = {table.name: kind for kind, table in KIND_TABLES.items()}

# Item attributes each kind keeps in a same-named column; any other optional attribute must be unset,
# since there is nowhere to store it (silently dropping it would break `load(id) == saved state`).
_KIND_FIELDS: dict[ItemKind, tuple[str, ...]] = {
    ItemKind.TOUCHPOINT: ("channel",),
    ItemKind.EMOTION: ("score",),
    ItemKind.OPPORTUNITY: ("impact", "effort"),
    ItemKind.PAIN_POINT: ("touchpoint",),
    ItemKind.KPI: ("kpi_id", "target"),
}
_OPTIONAL_FIELDS = ("channel", "score", "impact", "effort", "kpi_id", "target", "touchpoint")
_PERSONA_LISTS = ("goals", "needs", "frustrations", "behaviors")
JOURNEY_FIELDS = (
    "title",
    "team_id",
    "channel_id",
    "thread_ts",
    "created_by",
    "created_at",
    "updated_at",
    "language",
    "map_type",
    "scope",
    "step",
    "stage_index",
)


def journey_row(state: SessionState) -> Row:
    """Every journeys column except `id` and `version`, which the repository owns."""
    row = {name: getattr(state, name) for name in JOURNEY_FIELDS}
    row["map_type"] = str(state.map_type)
    row["step"] = str(state.step)
    return _checked(row)


def _checked(row: Row) -> Row:
    """Refuse, before any SQL runs, what the database would mangle or reject.

    NUL characters: PostgreSQL cannot store them (SQLite can), and both backends must behave alike, so
    callers should strip them from user input. Naive datetimes: their time zone would be a guess.
    """
    for name, value in row.items():
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and "\x00" in v for v in values):
            raise ValueError(f"{name}: text must not contain NUL characters")
        if isinstance(value, datetime) and value.utcoffset() is None:
            raise ValueError(f"{name}: naive datetime {value!r}; journeys store timezone-aware datetimes")
    return row


def stage_rows(state: SessionState) -> list[Row]:
    return [
        _checked({"journey_id": state.journey_id, "position": position, "name": name})
        for position, name in enumerate(state.stages, start=1)
    ]


def changed_positions(old: Sequence[object], new: Sequence[object]) -> tuple[list[int], list[int]]:
    """The positions in `old` and in `new` whose element is not the very same object at the same position in
    the other: only their rows can differ (a row is the element and its position). The engine builds a new
    state from the old one, so an answer shares every untouched item and contribution with it, and a save
    builds a handful of rows instead of all of them (it used to grow with the session: 13 ms at 400 items)."""
    same = {i for i in range(min(len(old), len(new))) if old[i] is new[i]}
    return [i for i in range(len(old)) if i not in same], [i for i in range(len(new)) if i not in same]


def _unique(state: SessionState, ids: list[str], what: str) -> None:
    if len(set(ids)) != len(ids):
        duplicate = next(i for n, i in enumerate(ids) if i in ids[:n])
        raise ValueError(f"journey {state.journey_id}: duplicate {what} {duplicate!r}")


def contribution_rows(state: SessionState, positions: Iterable[int] | None = None) -> dict[str, Row]:
    """Rows by message id (of the contributions at `positions` only, when given)."""
    _unique(state, [c.message_id for c in state.contributions], "contribution")
    rows: dict[str, Row] = {}
    for seq in range(len(state.contributions)) if positions is None else positions:
        c = state.contributions[seq]
        rows[c.message_id] = _checked(
            {
                "journey_id": state.journey_id,
                "message_id": c.message_id,
                "seq": seq,
                "author": c.author,
                "text": c.text,
                "step": str(c.step),
                "stage": c.stage,
                "at": c.at,
                "author_name": c.author_name,
                "restore": restore_json(c.restore),
            }
        )
    return rows


def item_rows(state: SessionState, positions: Iterable[int] | None = None) -> dict[str, tuple[Table, Row]]:
    """(table, row) by item id (of the items at `positions` only, when given)."""
    _unique(state, [item.item_id for item in state.items], "item id")
    rows: dict[str, tuple[Table, Row]] = {}
    for seq in range(len(state.items)) if positions is None else positions:
        item = state.items[seq]
        rows[item.item_id] = (KIND_TABLES[item.kind], _item_row(state.journey_id, seq, item))
    return rows


def _item_row(journey_id: str, seq: int, item: Item) -> Row:
    own = _KIND_FIELDS.get(item.kind, ())
    stray = [name for name in _OPTIONAL_FIELDS if name not in own and getattr(item, name) is not None]
    if stray or (item.persona is not None and item.kind != ItemKind.PERSONA):
        raise ValueError(f"item {item.item_id!r} ({item.kind}) sets fields its kind cannot store: {stray}")
    row: Row = {
        "journey_id": journey_id,
        "item_id": item.item_id,
        "seq": seq,
        "stage": item.stage,
        "text": item.text,
        "message_id": item.message_id,
        "author": item.author,
        "at": item.at,
    }
    row.update({name: getattr(item, name) for name in own})
    if item.kind in (ItemKind.ACTION, ItemKind.THOUGHT, *BLUEPRINT_KINDS):
        row["kind"] = str(item.kind)
    elif item.kind == ItemKind.PERSONA:
        persona = item.persona or Persona(name="")
        row["name"] = None if item.persona is None else persona.name
        row["description"] = persona.description
        row.update({name: list(getattr(persona, name)) for name in _PERSONA_LISTS})
    return _checked(row)


def state_from_rows(
    journey: StoredRow,
    stages: Iterable[StoredRow],
    contributions: Iterable[StoredRow],
    items: Iterable[tuple[Table, StoredRow]],
) -> SessionState:
    """Rebuild a state; rows may come in any order (they are sorted by position / seq here)."""
    ordered_items = sorted(items, key=lambda pair: int(pair[1]["seq"]))
    return SessionState(
        journey_id=journey["id"],
        title=journey["title"],
        team_id=journey["team_id"],
        channel_id=journey["channel_id"],
        thread_ts=journey["thread_ts"],
        created_by=journey["created_by"],
        created_at=journey["created_at"],
        updated_at=journey["updated_at"],
        language=journey["language"],
        map_type=MapType(journey["map_type"]),
        scope=journey["scope"],
        step=Step(journey["step"]),
        stage_index=journey["stage_index"],
        version=journey["version"],
        stages=tuple(row["name"] for row in sorted(stages, key=lambda row: int(row["position"]))),
        contributions=tuple(
            Contribution(
                message_id=row["message_id"],
                author=row["author"],
                text=row["text"],
                step=Step(row["step"]),
                stage=row["stage"],
                at=row["at"],
                author_name=row["author_name"],
                restore=restore_from_json(row["restore"]),
            )
            for row in sorted(contributions, key=lambda row: int(row["seq"]))
        ),
        items=tuple(_item(table, row) for table, row in ordered_items),
    )


def _item(table: Table, row: StoredRow) -> Item:
    kind = ItemKind(row["kind"]) if table.name in ("stage_notes", "blueprint_notes") else _TABLE_KIND[table.name]
    persona = None
    if kind == ItemKind.PERSONA and row["name"] is not None:
        lists = {name: tuple(row[name]) for name in _PERSONA_LISTS}
        persona = Persona(name=row["name"], description=row["description"], **lists)
    return Item(
        item_id=row["item_id"],
        kind=kind,
        text=row["text"],
        message_id=row["message_id"],
        author=row["author"],
        at=row["at"],
        stage=row["stage"],
        persona=persona,
        **{name: row[name] for name in _KIND_FIELDS.get(kind, ())},
    )


def _item_json(item: Item) -> dict[str, Any]:
    data = {name: getattr(item, name) for name in ("item_id", "text", "message_id", "author", "stage",
                                                    *_OPTIONAL_FIELDS)}
    data["kind"] = str(item.kind)
    data["at"] = item.at.isoformat()
    if item.persona is not None:
        data["persona"] = {"name": item.persona.name, "description": item.persona.description,
                           **{name: list(getattr(item.persona, name)) for name in _PERSONA_LISTS}}
    return data


def _item_from_json(data: Mapping[str, Any]) -> Item:
    persona = data.get("persona")
    return Item(
        kind=ItemKind(data["kind"]), at=datetime.fromisoformat(data["at"]),
        persona=None if persona is None else Persona(
            name=persona["name"], description=persona["description"],
            **{name: tuple(persona[name]) for name in _PERSONA_LISTS}),
        **{name: data[name] for name in ("item_id", "text", "message_id", "author", "stage", *_OPTIONAL_FIELDS)},
    )


def restore_json(restore: Restore | None) -> dict[str, Any] | None:
    """`Restore` as JSON for `contributions.restore` (datetimes as ISO text, with their offset)."""
    if restore is None:
        return None
    return {
        "items": [{"position": position, "removed": removed, "item": _item_json(item)}
                  for position, item, removed in restore.items],
        "votes": [{"item_id": v.item_id, "voter": v.voter, "at": v.at.isoformat(), "voter_name": v.voter_name}
                  for v in restore.votes],
    }


def restore_from_json(data: Mapping[str, Any] | None) -> Restore | None:
    if data is None:
        return None
    return Restore(
        items=tuple((int(entry["position"]), _item_from_json(entry["item"]), bool(entry["removed"]))
                    for entry in data.get("items", ())),
        votes=tuple(Vote(v["item_id"], v["voter"], datetime.fromisoformat(v["at"]), v["voter_name"])
                    for v in data.get("votes", ())),
    )
