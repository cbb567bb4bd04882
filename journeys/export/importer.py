"""Reading a `journeymap/v1` file back into a journey: the inverse of `to_journey_map`.

`read_journey_map` checks the file (size, UTF-8, JSON, schema, and the type of every key it defines:
`journeys.export.map_shape`) and raises `MapImportError` with a reason a person can act on, before anything
is built or stored; `from_journey_map` builds a new `SessionState` from the checked map.

Export → import → export gives the same map, ids and the journey's own times aside (it is a new journey):
items keep their author and time from the map's `attribution`, pain points their touchpoint, and votes,
reviews and each person's description of the scope come back from the keys the export adds (`votes`,
`reviews`, `attribution.scope`). The journey gets the contributions the engine derives its settings from —
the title, the map type, the scope and the stages — so a resumed session keeps them, and a contribution for
everything a person did that the map records (a vote, a scheduled review), so that everyone the map lists
as a contributor is one again, in the map's order, and `取り消し` / `undo` takes back what it would have.
A hand-written or older map that gives only vote counts keeps them as anonymous votes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from journeys.export.journey_map import SCHEMA
from journeys.export.map_shape import MAX_VOTES, MapImportError, check_map, plain
from journeys.parsing import START_PREFIX, derive_settings, read_scope
from journeys.state import Contribution, Item, Persona, Review, SessionState, Vote
from journeys.steps import BLUEPRINT_KINDS, ItemKind, MapType, Step
from journeys.voting import VOTABLE_KINDS, votable
from prompts.export import EMOTION_WORDS, IMPORTED_MESSAGES, MAP_TYPE_WORDS

__all__ = ["ANONYMOUS_VOTER", "MAX_IMPORT_BYTES", "MapImportError", "anonymous_votes", "from_journey_map",
           "read_journey_map"]

MAX_IMPORT_BYTES = 5_000_000
ANONYMOUS_VOTER = "import:anonymous-"  # voters of the votes a map counts without naming them (no Slack id has ":")
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
        raise MapImportError("deep") from None
    except ValueError:  # an integer of thousands of digits: Python refuses to convert it
        raise MapImportError("huge_number") from None
    if not isinstance(data, dict):
        raise MapImportError("not_a_map")
    if data.get("schema") != SCHEMA:
        raise MapImportError("wrong_schema", found=str(data.get("schema"))[:40], expected=SCHEMA)
    check_map(data)
    return data


def _when(value: Any, default: datetime) -> datetime:
    """A time of the map in UTC; the import's own time for a missing, unreadable or unrepresentable one."""
    if not isinstance(value, str):
        return default
    try:
        parsed = datetime.fromisoformat(value)
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return default


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str:
    return plain(value)


def _one_line(value: Any) -> str:
    return " ".join(plain(value).split())


def _level(value: Any, low: int, high: int) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high else None


class _Builder:
    """Numbers the imported items like messages, so each has its own contribution and stable id, and keeps
    which new item each of the map's item ids became (votes name items by those ids)."""

    def __init__(self, journey_id: str, author: str, at: datetime, names: Mapping[str, Any]) -> None:
        self.prefix, self.author, self.at, self.names = f"import-{journey_id}-", author, at, names
        self.items: list[Item] = []
        self.contributions: list[Contribution] = []
        self.ids: dict[str, Item] = {}
        self.counted: list[tuple[Item, int]] = []  # (pain point or opportunity, the votes the map counts on it)

    def name_of(self, author: str) -> str | None:
        """The display name the map gives `author` (`contributor_names`), when it is not the id itself."""
        shown = _str(self.names.get(author))
        return shown if shown and shown != author else None

    def note(self, name: str, author: str, text: str, step: Step, at: datetime,
             stage: str | None = None) -> Contribution:
        return Contribution(f"{self.prefix}{name}", author, text, step, stage, at, self.name_of(author))

    def add(self, kind: ItemKind, text: str, stage: str | None, source: Any, **fields: Any) -> Item | None:
        if not text:
            return None
        source = _mapping(source)
        author, at = _str(source.get("by")) or self.author, _when(source.get("at"), self.at)
        record = self.note(str(len(self.items) + 1), author, text, _STEP_OF[kind], at, stage)
        item = Item(f"{record.message_id}#0", kind, text, record.message_id, author, at, stage=stage, **fields)
        self.items.append(item)
        self.contributions.append(record)
        self.ids.setdefault(_str(source.get("item_id")) or item.item_id, item)
        return item


def _fields(kind: ItemKind, entry: Any) -> tuple[str, dict[str, Any]]:
    """The text and the kind's own fields of one entry of a stage list (or an `unassigned` record)."""
    if isinstance(entry, str):
        return _str(entry), {}
    if not isinstance(entry, Mapping):
        return "", {}
    if kind == ItemKind.TOUCHPOINT:
        name = _str(entry.get("name")) or _str(entry.get("text"))
        return name, {"channel": "offline" if entry.get("channel") == "offline" else "online"}
    if kind == ItemKind.EMOTION:
        return _str(entry.get("text")), {"score": _level(entry.get("score"), -2, 2)}
    if kind == ItemKind.PAIN_POINT:
        return _str(entry.get("text")), {"touchpoint": _one_line(entry.get("touchpoint")) or None}
    if kind == ItemKind.OPPORTUNITY:
        return _str(entry.get("text")), {"impact": _level(entry.get("impact"), 1, 3),
                                          "effort": _level(entry.get("effort"), 1, 3)}
    if kind == ItemKind.KPI:
        name = _str(entry.get("name")) or _str(entry.get("text"))
        return name, {"kpi_id": _str(entry.get("id") or entry.get("kpi_id")) or None,
                      "target": _str(entry.get("target")) or None}
    return _str(entry.get("text")), {}


def _stage_items(b: _Builder, stage: Mapping[str, Any], lang: str) -> None:
    name = _str(stage["name"])
    sources = _mapping(stage.get("attribution"))
    for key, kind in _LISTS:
        entries, who = _list(stage.get(key)), _list(sources.get(key))
        if kind == ItemKind.EMOTION and not entries and _level(stage.get("emotion"), -2, 2) is not None:
            score = stage["emotion"]  # a hand-written map with a score and no history
            entries, who = [{"score": score, "text": EMOTION_WORDS[lang][score]}], []
        for index, entry in enumerate(entries):
            text, fields = _fields(kind, entry)
            source = entry if kind == ItemKind.EMOTION else (who[index] if index < len(who) else None)
            item = b.add(kind, text, name, source, **fields)
            if item is not None and kind in VOTABLE_KINDS:
                b.counted.append((item, _level(_mapping(entry).get("votes"), 1, MAX_VOTES) or 0))
    owner, who = _str(stage.get("owner")), _list(sources.get("owner"))
    b.add(ItemKind.OWNER, " ".join(owner.split()), name, who[-1] if who else None)  # a string, one per stage


def _personas(b: _Builder, data: Mapping[str, Any]) -> None:
    sources = _list(_mapping(data.get("attribution")).get("personas"))
    for index, entry in enumerate(_list(data.get("personas"))):
        if not isinstance(entry, Mapping) or not _str(entry.get("name")):
            continue
        lists = {key: tuple(_str(v) for v in _list(entry.get(key)) if _str(v)) for key in _PERSONA_LISTS}
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


def _votes(b: _Builder, data: Mapping[str, Any], anonymous: str) -> tuple[Vote, ...]:
    """The map's votes (`votes`: who voted for which item, when), then, for an item whose count is higher
    than the votes naming it (a map with counts only), anonymous ones, so that every count stays."""
    votes: dict[tuple[str, str], Vote] = {}
    for entry in _list(data.get("votes")):
        item, voter = b.ids.get(_str(entry.get("item_id"))), _str(entry.get("by"))
        if item is not None and item.kind in VOTABLE_KINDS and voter:
            vote = Vote(item.item_id, voter, _when(entry.get("at"), b.at), _str(entry.get("name")) or None)
            votes.setdefault((item.item_id, voter), vote)  # one vote per person and item
    for item, count in b.counted:
        named = sum(1 for item_id, _ in votes if item_id == item.item_id)
        for n in range(1, count - named + 1):
            voter = f"{ANONYMOUS_VOTER}{n}"
            votes.setdefault((item.item_id, voter), Vote(item.item_id, voter, b.at, anonymous.format(n=n)))
    return tuple(votes.values())


def _reviews(b: _Builder, data: Mapping[str, Any], opener: str) -> tuple[Review, ...]:
    """Each review the map lists, scheduled by a message of its own, as in a session (its id is the message's)."""
    reviews = []
    for n, entry in enumerate(_list(data.get("reviews")), start=1):
        due, by = date.fromisoformat(entry["due_on"].strip()), _str(entry.get("by")) or opener  # checked
        record = b.note(f"review-{n}", by, _said(data, "review", date=due.isoformat()), Step.REVIEW,
                        _when(entry.get("at"), b.at))
        b.contributions.append(record)
        reviews.append(Review(record.message_id, due, by, record.at))
    return tuple(reviews)


def _said(data: Mapping[str, Any], key: str, **values: object) -> str:
    """A command as a person of the map's language types it (stored as the contribution's text)."""
    return IMPORTED_MESSAGES[_lang(data)][key].format(**values)


def _lang(data: Mapping[str, Any]) -> str:
    return "en" if data.get("language") == "en" else "ja"


def _scope_text(data: Mapping[str, Any]) -> str:
    # Lines kept: a scope several people described is one line each (journeys.parsing.items.derive_settings).
    lines = (" ".join(line.split()) for line in _str(data.get("scope")).splitlines())
    return "\n".join(line for line in lines if line)


def _scope_parts(b: _Builder, data: Mapping[str, Any], opener: str) -> list[Contribution]:
    """Each person's description of the scope (`attribution.scope`), or the whole scope said by the map's
    opener when the map does not say who described it."""
    parts = []
    for n, entry in enumerate(_list(_mapping(data.get("attribution")).get("scope")), start=1):
        if _str(entry.get("text")):
            parts.append(b.note(f"scope-{n}", _str(entry.get("by")) or opener, _str(entry["text"]), Step.SCOPE,
                                _when(entry.get("at"), b.at)))
    return parts


def _vote_messages(b: _Builder, data: Mapping[str, Any], state: SessionState,
                   listed: Iterable[str]) -> list[Contribution]:
    """The typed `投票 N` each listed contributor's votes came from (one per person and moment, as cast), so
    that `取り消し` takes them back. A vote of someone the map does not list came from a button: no message."""
    numbers = {item.item_id: n for n, item in enumerate(votable(state), start=1)}
    said: dict[tuple[str, datetime], list[int]] = {}
    people = set(listed)
    for vote in state.votes:
        if vote.voter in people and vote.item_id in numbers:
            said.setdefault((vote.voter, vote.at), []).append(numbers[vote.item_id])
    return [b.note(f"vote-{n}", voter, _said(data, "vote", numbers=" ".join(map(str, sorted(picked)))),
                   Step.REVIEW, at)
            for n, ((voter, at), picked) in enumerate(said.items(), start=1)]


def _ordered(head: list[Contribution], rest: list[Contribution], scope: list[Contribution],
             map_type: Contribution | None, rank: Mapping[str, int]) -> tuple[Contribution, ...]:
    """The journey's contributions: the opening ones, then everyone's in the map's order of contributors
    (`contributors()` is the order of first contributions), each person's in time order. The scope parts
    keep their own order among themselves (the scope's lines follow the order people described it in).
    The map type is said right after the last part that names a type (`現状の…`), so such a sentence cannot
    override the map's type; with none, with the opening ones (so it is not the opener's last message,
    which `取り消し` would meet)."""
    ranked = sorted([*rest, *scope], key=lambda c: (rank.get(c.author, len(rank)), c.at))
    parts, ids = iter(scope), {c.message_id for c in scope}
    ordered = [next(parts) if c.message_id in ids else c for c in ranked]
    if map_type is None:
        return (*head, *ordered)
    naming = {c.message_id for c in scope if read_scope(c.text, is_title=False).map_type}
    last = max((n for n, c in enumerate(ordered) if c.message_id in naming), default=None)
    if last is None:
        return (*head, map_type, *ordered)
    return (*head, *ordered[: last + 1], map_type, *ordered[last + 1 :])


def from_journey_map(data: Mapping[str, Any], *, journey_id: str, team_id: str, channel_id: str,
                     author: str, at: datetime) -> SessionState:
    """A new journey (at the review step) holding everything the checked map holds."""
    lang = _lang(data)
    map_type = MapType(data["map_type"]) if data.get("map_type") in set(MapType) else MapType.CURRENT_STATE
    listed = list(dict.fromkeys(name for name in (_str(c) for c in _list(data.get("contributors"))) if name))
    opener = listed[0] if listed else _str(data.get("created_by")) or author
    b = _Builder(journey_id, author, at, _mapping(data.get("contributor_names")))
    _personas(b, data)
    for stage in _list(data.get("stages")):
        _stage_items(b, stage, lang)
    _unassigned(b, data)
    state = SessionState(
        journey_id=journey_id, title=_one_line(data.get("title"))[:200] or "Journey map", team_id=team_id,
        channel_id=channel_id, thread_ts=None, created_by=_str(data.get("created_by")) or author, created_at=at,
        updated_at=at, language=lang, map_type=map_type, step=Step.REVIEW, stage_index=0,
        stages=tuple(dict.fromkeys(_str(s["name"]) for s in _list(data.get("stages")))), items=tuple(b.items),
        votes=_votes(b, data, IMPORTED_MESSAGES[lang]["anonymous"]), reviews=_reviews(b, data, opener),
    )
    return _with_contributions(b, data, state, listed, opener)


def _with_contributions(b: _Builder, data: Mapping[str, Any], state: SessionState, listed: list[str],
                        opener: str) -> SessionState:
    """`state` with its contributions (see `_ordered`) and the scope the engine derives from them."""
    head = [Contribution(f"{START_PREFIX}{state.journey_id}", opener, state.title, Step.SCOPE, None, b.at,
                         b.name_of(opener))]
    if state.stages:
        head.append(b.note("stages", opener, "\n".join(state.stages), Step.STAGES, b.at))
    scope = _settled_scope(b, data, state, opener)
    rest = [*b.contributions, *_vote_messages(b, data, state, listed)]
    joined = {c.author for c in (*head, *rest, *scope)}
    # Someone the map lists who left nothing it records only moved the session on: `次へ` stands for that.
    rest += [b.note(f"joined-{n}", name, _said(data, "next"), Step.REVIEW, b.at)
             for n, name in enumerate((name for name in listed if name not in joined), start=1)]
    rank = {name: n for n, name in enumerate(dict.fromkeys([opener, *listed]))}
    state = state.evolve(contributions=_ordered(head, rest, scope, _type_said(b, state, scope, opener), rank))
    return state.evolve(scope=derive_settings(state).scope)


def _type_said(b: _Builder, state: SessionState, scope: list[Contribution], opener: str) -> Contribution | None:
    """The map type as a scope answer, when the engine would otherwise derive another one: a map that is not
    the default type, or a scope sentence that names a type (`理想の…`) which must not win over the map's."""
    word = MAP_TYPE_WORDS[state.language][state.map_type]
    if read_scope(word, is_title=False).map_type != state.map_type:
        return None
    named = any(read_scope(c.text, is_title=False).map_type for c in scope)
    return b.note("type", opener, word, Step.SCOPE, b.at) if named or state.map_type != MapType.CURRENT_STATE \
        else None


def _settled_scope(b: _Builder, data: Mapping[str, Any], state: SessionState, opener: str) -> list[Contribution]:
    """The scope contributions: each person's part when, read as the engine reads them, they make the map's
    scope again; otherwise (no attribution, or a scope the parts do not explain) the scope said by the opener."""
    scope = _scope_text(data)
    if not scope:
        return []
    parts = _scope_parts(b, data, opener)
    if parts and derive_settings(state.evolve(contributions=tuple(parts))).scope == scope:
        return parts
    return [b.note("scope", opener, scope, Step.SCOPE, b.at)]


def anonymous_votes(state: SessionState) -> int:
    """How many votes an import kept without a voter (the map counted them and named nobody): said on import."""
    return sum(1 for vote in state.votes if vote.voter.startswith(ANONYMOUS_VOTER))
