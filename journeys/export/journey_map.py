"""The `journeymap/v1` JSON of SPEC.md, a pure function of a `SessionState`.

Pure functions of a `SessionState`: adapters (CLI, Slack) decide where the bytes go.

`to_journey_map` keeps every key of SPEC.md exactly and only *adds* keys, so the map can be traced back:
- top level: `scope` (the scope description, or null), `contributor_names` (id → latest display name),
  `created_by`, `step` (where the session is), `attribution.personas` — aligned with
  `personas`, for each persona the list of `{"item_id", "by", "at"}` of the items that described it
  (items naming the same persona are merged into one, later details added to it) — and `unassigned`:
  items of a per-stage kind whose stage is not (or no longer, after a rename) one of `stages`,
  each as a full item record (`item_id`, `kind`, `stage`, `text`, `by`, `at`, kind fields);
- per stage: `attribution` — for each list key (`touchpoints`, …, `kpis`) a list aligned index by index
  with that list, of `{"item_id", "by", "at"}` — and `emotion_history`, every emotion item of the stage
  oldest first. `emotion` is the score of the latest emotion item (by `at`, ties by order of entry)
  that has a score.
A KPI carries `custom`: true when the catalogue did not know it (its `id` is then null).
Every item of the state therefore appears exactly once in `attribution.personas`, a stage's attribution,
an `emotion_history` or `unassigned`.

So that an import gives back what the map holds, not only what it shows, three more keys say who did what:
- `attribution.scope`: each person's (latest) description of the scope, `{"text", "by", "at"}`, in the order
  the `scope` joins them (one person's description may span lines);
- `votes`: every vote on an item of the map, `{"item_id", "by", "name", "at"}` (`item_id` as in the
  attribution; `name`: the voter's display name when they voted, or null) — a pain point's or
  opportunity's `votes` is how many of these name it;
- `reviews`: every scheduled review, `{"due_on": "2027-03-01", "by", "at"}`, oldest first.
"""

from __future__ import annotations

from typing import Any

from journeys.emotions import emotion_order, latest_score
from journeys.export.grouping import STAGE_LISTS, StageGroup, channel, clamp, group_items, iso, map_lanes
from journeys.export.item_table import VoteCount
from journeys.parsing.items import is_move, scope_of
from journeys.state import Contribution, Item, Persona, SessionState
from journeys.steps import ItemKind, Step
from journeys.voting import vote_counter

__all__ = ["SCHEMA", "STAGE_LISTS", "to_journey_map"]

SCHEMA = "journeymap/v1"


def _persona_json(p: Persona) -> dict[str, Any]:
    return {
        "name": p.name,
        "description": p.description,
        "goals": list(p.goals),
        "needs": list(p.needs),
        "frustrations": list(p.frustrations),
        "behaviors": list(p.behaviors),
    }


def _entry(item: Item, votes: VoteCount) -> Any:
    """The SPEC shape of one per-stage item (a string for actions and thoughts)."""
    if item.kind == ItemKind.TOUCHPOINT:
        return {"name": item.text, "channel": channel(item)}
    if item.kind == ItemKind.PAIN_POINT:
        return {"text": item.text, "touchpoint": item.touchpoint, "votes": votes(item)}
    if item.kind == ItemKind.OPPORTUNITY:
        impact, effort = clamp(item.impact, 1, 3), clamp(item.effort, 1, 3)
        return {"text": item.text, "impact": impact, "effort": effort, "votes": votes(item)}
    if item.kind == ItemKind.KPI:
        return {"id": item.kpi_id or None, "name": item.text, "target": item.target or None,
                "custom": not item.kpi_id}
    return item.text


def _by(item: Item) -> dict[str, Any]:
    return {"item_id": item.item_id, "by": item.author, "at": iso(item.at)}


def _record(item: Item) -> dict[str, Any]:
    """A self-describing item, for places where its stage gives no context (unassigned)."""
    record = {"kind": str(item.kind), "stage": item.stage, "text": item.text, **_by(item)}
    extras = {
        "channel": item.channel,
        "score": item.score,
        "impact": item.impact,
        "effort": item.effort,
        "kpi_id": item.kpi_id,
        "target": item.target,
        "touchpoint": item.touchpoint,
    }
    return record | {key: value for key, value in extras.items() if value is not None}


def _stage_json(stage: StageGroup, votes: VoteCount, lanes: tuple[ItemKind, ...]) -> dict[str, Any]:
    shown = {kind: key for kind, key in STAGE_LISTS.items() if kind in lanes}
    lists = {key: [_entry(i, votes) for i in stage.items[kind]] for kind, key in shown.items()}
    emotions = stage.items[ItemKind.EMOTION]
    owners = stage.items[ItemKind.OWNER]
    blueprint: dict[str, Any] = {key: lists[key] for key in ("frontstage", "backstage", "support") if key in lists}
    if ItemKind.OWNER in lanes:  # a service blueprint: one owner per stage, a string (or null)
        blueprint["owner"] = owners[-1].text if owners else None
    return {
        "name": stage.name,
        "position": stage.position,
        **{key: lists[key] for key in ("touchpoints", "actions", "thoughts")},
        **blueprint,
        "emotion": latest_score(emotions),
        **{key: lists[key] for key in ("pain_points", "opportunities", "kpis")},
        "emotion_history": [
            {"score": clamp(i.score, -2, 2), "text": i.text, **_by(i)} for i in emotion_order(emotions)
        ],
        "attribution": {key: [_by(i) for i in stage.items[kind]] for kind, key in shown.items()},
    }


def _scope_parts(state: SessionState) -> list[dict[str, Any]]:
    """Who described the scope: each person's latest description, in the order the engine joins them into
    `scope` (`journeys.parsing.items.derive_settings`: by each person's first description)."""
    latest: dict[str, tuple[str, Contribution]] = {}
    for contribution in state.contributions:
        if contribution.step is Step.SCOPE and not is_move(contribution):
            description = scope_of(contribution).description
            if description:
                latest[contribution.author] = (description, contribution)
    return [{"text": text, "by": c.author, "at": iso(c.at)} for text, c in latest.values()]


def _votes(state: SessionState) -> list[dict[str, Any]]:
    on_map = {item.item_id for item in state.items}
    return [{"item_id": v.item_id, "by": v.voter, "name": v.voter_name, "at": iso(v.at)}
            for v in state.votes if v.item_id in on_map]


def _reviews(state: SessionState) -> list[dict[str, Any]]:
    return [{"due_on": r.due_on.isoformat(), "by": r.scheduled_by, "at": iso(r.scheduled_at)}
            for r in state.reviews]


def to_journey_map(state: SessionState) -> dict[str, Any]:
    """The `journeymap/v1` document of SPEC.md (plus the additive keys described in the module doc)."""
    grouped = group_items(state)
    return {
        "schema": SCHEMA,
        "id": state.journey_id,
        "title": state.title,
        "team_id": state.team_id,
        "channel_id": state.channel_id,
        "map_type": str(state.map_type),
        "language": state.language,
        "personas": [_persona_json(group.persona) for group in grouped.personas],
        "stages": [_stage_json(stage, vote_counter(state), map_lanes(state.map_type)) for stage in grouped.stages],
        "contributors": list(state.contributors()),
        "created_at": iso(state.created_at),
        "updated_at": iso(state.updated_at),
        "scope": state.scope,
        "contributor_names": {author: state.display_name(author) for author in state.contributors()},
        "created_by": state.created_by,
        "step": str(state.step),
        "attribution": {"personas": [[_by(item) for item in group.items] for group in grouped.personas],
                        "scope": _scope_parts(state)},
        "unassigned": [_record(item) for item in grouped.unassigned],
        "votes": _votes(state),
        "reviews": _reviews(state),
    }
