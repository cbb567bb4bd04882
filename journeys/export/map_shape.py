"""The shape a `journeymap/v1` file must have before anything is read from it.

A map may come from anywhere (an old export, a hand edit, another tool), and the importer reads it
without a second look: a string where a list belongs used to reach `len()` or a `set` and end in a
traceback, after which nothing said what to fix. So every key the format defines (SPEC.md and the keys
`to_journey_map` adds) is checked here, where it is present, against the types the export writes, and the
first misfit raises `MapImportError` naming where it is (`stages[1].touchpoints`) and what belongs there.
Keys the format does not know are left alone (the format only ever adds keys); a score off its scale (an effort of
9, an emotion of 7), a word the format does not define (a map type, a language, an item kind) and two stages of one
name are refused too: the importer would otherwise drop or merge them without a word. So is what a session would
not take: a text longer than a chat message, more than 12 stages, no stage at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from journeys.flow import MAX_MESSAGE_CHARS
from journeys.language import LANGUAGES
from journeys.parsing.fields import MAX_STAGE_NAME
from journeys.parsing.scope import MAX_TITLE_CHARS
from journeys.steps import ItemKind, MapType
from journeys.text import clean

__all__ = ["MAX_NAME", "MAX_STAGES", "MAX_TEXT", "MAX_VOTES", "MapImportError", "check_map", "plain"]

Check = Callable[[Any, str], None]
MAX_VOTES = 10_000  # votes one item may count: an import makes one vote per count, so a huge count is refused


class MapImportError(ValueError):
    """A file that is not a map we can restore; `reason` keys the message in prompts/export.py
    (`import.<reason>`), `params` fill it in."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason, self.params = reason, params


# What a session lets a team type, so that an imported map is one the session could have made: a 4-million-character
# action kept the picture export busy for over ten minutes, and a 500-character stage name squeezed every card.
MAX_TEXT = MAX_MESSAGE_CHARS  # an item or a persona's detail: one chat message
MAX_NAME = MAX_TITLE_CHARS  # a title, a persona's or a touchpoint's name, a KPI's name or target
MAX_STAGES = 12


def _text(nullable: bool = False, most: int = MAX_TEXT) -> Check:
    def check(value: Any, where: str) -> None:
        if not (isinstance(value, str) or (nullable and value is None)):
            raise MapImportError("bad_text", where=where)
        if value is not None and len(value) > most:
            raise MapImportError("too_long", where=where, length=len(value), limit=most)

    return check


def _whole(nullable: bool = False, most: int | None = None) -> Check:
    """An integer (true/false are not numbers here, nor is 1.5), at most `most` when given."""

    def check(value: Any, where: str) -> None:
        if not ((isinstance(value, int) and not isinstance(value, bool)) or (nullable and value is None)):
            raise MapImportError("bad_number", where=where)
        if most is not None and value is not None and value > most:
            raise MapImportError("too_large", where=where, limit=most)

    return check


def _level(low: int, high: int) -> Check:
    """A score on the map's scale (an emotion −2…2, an impact or effort 1…3), or null: a 7 would have been
    dropped without a word, and the map shown without the score its author gave."""
    whole = _whole(True)

    def check(value: Any, where: str) -> None:
        whole(value, where)
        if value is not None and not low <= value <= high:
            raise MapImportError("out_of_range", where=where, value=value, low=low, high=high)

    return check


def _one_of(allowed: tuple[str, ...], nullable: bool = True) -> Check:
    """One of the words the format defines (a map type, a language, an item kind), or null."""
    text = _text(nullable)

    def check(value: Any, where: str) -> None:
        text(value, where)
        if value is not None and value not in allowed:
            raise MapImportError("not_one_of", where=where, value=value[:40], allowed=", ".join(allowed))

    return check


def _day(value: Any, where: str) -> None:
    """A date as the export writes it (`2027-03-01`): a review is due on it, so it cannot be guessed."""
    try:
        date.fromisoformat(value.strip() if isinstance(value, str) else "")
    except ValueError:
        raise MapImportError("bad_date", where=where) from None


def _flag(value: Any, where: str) -> None:
    if not (isinstance(value, bool) or value is None):
        raise MapImportError("bad_flag", where=where)


def _at_least(low: int) -> Check:
    def check(value: Any, where: str) -> None:
        if value is not None and isinstance(value, int) and value < low:
            raise MapImportError("out_of_range", where=where, value=value, low=low, high="…")

    return check


def _both(*checks: Check) -> Check:
    def check(value: Any, where: str) -> None:
        for one in checks:
            one(value, where)

    return check


def _list_of(entry: Check, most: int | None = None) -> Check:
    def check(value: Any, where: str) -> None:
        if not isinstance(value, list):
            raise MapImportError("bad_shape", where=where)
        if most is not None and len(value) > most:
            raise MapImportError("too_many", where=where, count=len(value), limit=most)
        for n, item in enumerate(value, start=1):
            entry(item, f"{where}[{n}]")

    return check


def _object(fields: Mapping[str, Check], required: tuple[str, ...] = ()) -> Check:
    """An object whose known keys, where present, pass their checks; `required` keys must be there."""

    def check(value: Any, where: str) -> None:
        if not isinstance(value, Mapping):
            raise MapImportError("bad_object", where=where)
        for key, field in fields.items():
            if key in value:
                field(value[key], f"{where}.{key}" if where else key)
            elif key in required:
                raise MapImportError("missing", where=f"{where}.{key}" if where else key)

    return check


def _names(value: Any, where: str) -> None:
    """`contributor_names`: id → display name."""
    if not isinstance(value, Mapping):
        raise MapImportError("bad_object", where=where)
    for key, name in value.items():
        _text(nullable=True)(name, f"{where}.{key}")


def _text_or(entry: Check) -> Check:
    """A list entry the export writes as an object, which a hand-written map may give as its text alone."""

    def check(value: Any, where: str) -> None:
        if isinstance(value, str):
            _text()(value, where)
            return
        if not isinstance(value, Mapping):
            raise MapImportError("bad_entry", where=where)
        entry(value, where)

    return check


_SOURCE = {"item_id": _text(True), "by": _text(True), "at": _text(True)}
_BY = _object(_SOURCE)
_SAID = _text_or(_object({"text": _text(True)}))
_VOTES = _both(_whole(True, most=MAX_VOTES), _at_least(0))
_NAME = _text(True, most=MAX_NAME)
_CHANNEL = _one_of(("online", "offline"))
_EMOTION = _level(-2, 2)
_PRIORITY = _level(1, 3)
_STAGE_LISTS: dict[str, Check] = {
    "touchpoints": _list_of(_text_or(_object({"name": _NAME, "text": _text(True), "channel": _CHANNEL}))),
    "actions": _list_of(_SAID),
    "thoughts": _list_of(_SAID),
    "frontstage": _list_of(_SAID),
    "backstage": _list_of(_SAID),
    "support": _list_of(_SAID),
    "pain_points": _list_of(_text_or(_object({"text": _text(True), "touchpoint": _text(True),
                                              "votes": _VOTES}))),
    "opportunities": _list_of(_text_or(_object({"text": _text(True), "impact": _PRIORITY,
                                                "effort": _PRIORITY, "votes": _VOTES}))),
    "kpis": _list_of(_text_or(_object({"id": _text(True), "name": _NAME, "text": _text(True),
                                       "target": _NAME, "custom": _flag}))),
}
_STAGE = _object({
    "name": _text(most=MAX_STAGE_NAME),
    "position": _whole(True),
    **_STAGE_LISTS,
    "owner": _text(True),
    "emotion": _EMOTION,
    "emotion_history": _list_of(_object({"score": _EMOTION, "text": _text(True), **_SOURCE})),
    "attribution": _object({key: _list_of(_BY) for key in (*_STAGE_LISTS, "owner")}),
})
_PERSONA = _object({
    "name": _NAME,
    "description": _text(True),
    **{key: _list_of(_text()) for key in ("goals", "needs", "frustrations", "behaviors")},
})
_UNASSIGNED = _object({
    "kind": _one_of(tuple(kind.value for kind in ItemKind if kind != ItemKind.PERSONA), nullable=False),
    "stage": _text(True),
    "text": _text(True),
    "channel": _CHANNEL,
    "score": _EMOTION,
    "impact": _PRIORITY,
    "effort": _PRIORITY,
    "kpi_id": _text(True),
    "target": _text(True),
    "touchpoint": _text(True),
    **_SOURCE,
})
_MAP = _object({
    **{key: _text(True) for key in ("id", "team_id", "channel_id", "created_at", "updated_at", "scope", "created_by",
                                    "step")},
    "map_type": _one_of(tuple(MapType)),
    "language": _one_of(tuple(LANGUAGES)),
    "title": _text(most=MAX_NAME),
    "personas": _list_of(_PERSONA),
    "stages": _list_of(_STAGE, most=MAX_STAGES),
    "contributors": _list_of(_text()),
    "contributor_names": _names,
    "attribution": _object({
        "personas": _list_of(_list_of(_BY)),
        "scope": _list_of(_object({"text": _text(), "by": _text(True), "at": _text(True)})),
    }),
    "unassigned": _list_of(_UNASSIGNED),
    "votes": _list_of(_object({"item_id": _text(), "by": _text(), "name": _text(True), "at": _text(True)})),
    "reviews": _list_of(_object({"due_on": _day, "by": _text(True), "at": _text(True)}, required=("due_on",))),
})


def plain(value: Any) -> str:
    """A map's text as a journey may store it: control characters (NUL, which PostgreSQL refuses) and lone
    surrogates (which no database encodes) dropped, surrounding space stripped; "" for a non-string."""
    if not isinstance(value, str):
        return ""
    return clean(value.encode("utf-8", "ignore").decode("utf-8"))


def check_map(data: Mapping[str, Any]) -> None:
    """Raise `MapImportError` at the first key whose value has the wrong type (or a stage without a name)."""
    _MAP(data, "")
    if not data.get("stages"):
        raise MapImportError("no_stages")  # every step after the stages is asked per stage: the session had none
    seen: dict[str, int] = {}
    for n, stage in enumerate(data.get("stages", []), start=1):
        name = plain(stage.get("name"))
        if not name:
            raise MapImportError("bad_stage", n=n)
        # two stages of one name would become one, the later's emotion and items over the earlier's
        key = " ".join(name.casefold().split())
        if key in seen:
            raise MapImportError("same_stage", name=name, first=seen[key], n=n)
        seen[key] = n
