"""Malformed journeymap/v1 files: a clear reason (in Japanese and English) naming where, and nothing stored.

`"touchpoints": "oops"` used to end in a TypeError traceback; so did a list where a text belongs
(`"map_type": ["x"]`), and a NUL in a text reached the database. Whatever a file holds, the importer raises
its own `MapImportError` or builds a journey that stores and exports.
"""

from __future__ import annotations

import copy
import json
import uuid
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys.export import MapImportError, from_journey_map, read_journey_map, to_journey_map
from journeys.export.map_shape import MAX_VOTES
from journeys.storage import JourneyRepository
from prompts import LANGUAGES, render_from
from prompts.export import TEXTS
from tests.journeys.export.test_files import NOW
from tests.journeys.export.test_rich_journey import rich_session

MAP = '{"schema": "journeymap/v1", '


@pytest.mark.parametrize(
    ("raw", "reason", "where"),
    [
        (MAP + '"title": "x", "stages": [{"name": "a", "touchpoints": "oops"}]}', "bad_shape", "stages[1].touchpoints"),
        (MAP + '"stages": null}', "bad_shape", "stages"),
        (MAP + '"stages": [{"name": "a", "touchpoints": [5]}]}', "bad_entry", "stages[1].touchpoints[1]"),
        (MAP + '"stages": [{"name": "a", "actions": ["ok", null]}]}', "bad_entry", "stages[1].actions[2]"),
        (MAP + '"stages": [{"name": "a", "touchpoints": [{"name": 7}]}]}', "bad_text",
         "stages[1].touchpoints[1].name"),
        (MAP + '"stages": [{"name": "a", "pain_points": [{"text": "x", "touchpoint": ["@"]}]}]}', "bad_text",
         "stages[1].pain_points[1].touchpoint"),
        (MAP + '"stages": [{"name": "a", "pain_points": [{"text": "x", "votes": "3"}]}]}', "bad_number",
         "stages[1].pain_points[1].votes"),
        (MAP + '"stages": [{"name": "a", "opportunities": [{"text": "x", "votes": 1.5}]}]}', "bad_number",
         "stages[1].opportunities[1].votes"),
        (MAP + '"stages": [{"name": "a", "opportunities": [{"text": "x", "votes": 1e400}]}]}', "bad_number",
         "stages[1].opportunities[1].votes"),
        (MAP + '"stages": [{"name": "a", "pain_points": [{"text": "x", "votes": 1000000000000000000000000}]}]}',
         "too_large", "stages[1].pain_points[1].votes"),
        (MAP + '"stages": [{"name": "a", "emotion": NaN}]}', "bad_number", "stages[1].emotion"),
        (MAP + '"stages": [{"name": "a", "emotion": true}]}', "bad_number", "stages[1].emotion"),
        (MAP + '"stages": [{"name": "a", "kpis": [{"name": "NPS", "custom": "yes"}]}]}', "bad_flag",
         "stages[1].kpis[1].custom"),
        (MAP + '"stages": [{"name": "a", "attribution": {"actions": [3]}}]}', "bad_object",
         "stages[1].attribution.actions[1]"),
        (MAP + '"stages": [{"name": "a", "emotion_history": [{"score": "+1", "text": "x"}]}]}', "bad_number",
         "stages[1].emotion_history[1].score"),
        (MAP + '"stages": [{"name": "\\u0000\\t"}]}', "bad_stage", None),
        (MAP + '"map_type": ["service_blueprint"]}', "bad_text", "map_type"),
        (MAP + '"scope": 42}', "bad_text", "scope"),
        (MAP + '"personas": [null]}', "bad_object", "personas[1]"),
        (MAP + '"personas": [{"name": "A", "goals": "save time"}]}', "bad_shape", "personas[1].goals"),
        (MAP + '"contributors": ["U1", 2]}', "bad_text", "contributors[2]"),
        (MAP + '"contributor_names": {"U1": ["x"]}}', "bad_text", "contributor_names.U1"),
        (MAP + '"attribution": []}', "bad_object", "attribution"),
        (MAP + '"attribution": {"scope": [{"text": null}]}}', "bad_text", "attribution.scope[1].text"),
        (MAP + '"unassigned": [{"kind": ["thought"], "text": "x"}]}', "bad_text", "unassigned[1].kind"),
        (MAP + '"votes": [{"item_id": "m1#0", "by": 5}]}', "bad_text", "votes[1].by"),
        (MAP + '"reviews": [{"due_on": "next week", "by": "U1"}]}', "bad_date", "reviews[1].due_on"),
        (MAP + '"reviews": [{"by": "U1"}]}', "missing", "reviews[1].due_on"),
        (MAP + '"stages": [{"name": "a", "position": ' + "9" * 5000 + "}]}", "huge_number", None),
    ],
)
def test_a_malformed_map_is_refused_with_where_and_what(raw: str, reason: str, where: str | None) -> None:
    with pytest.raises(MapImportError) as caught:
        read_journey_map(raw.encode())
    assert caught.value.reason == reason and caught.value.params.get("where") == where
    for lang in LANGUAGES:  # a message a person can act on, in both languages
        message = render_from(TEXTS, f"import.{reason}", lang, **caught.value.params)
        assert (where or "") in message


def test_every_refusal_has_a_japanese_and_an_english_text() -> None:
    params = {"where": "stages[1]", "limit": 1, "n": 1, "line": 1, "at": 1, "found": "x", "expected": "y"}
    reasons = ["too_big", "not_utf8", "not_json", "not_a_map", "wrong_schema", "bad_stage", "bad_shape", "bad_object",
               "bad_entry", "bad_text", "bad_number", "bad_flag", "bad_date", "missing", "too_large", "huge_number"]
    for reason in reasons:
        texts = TEXTS[f"import.{reason}"]
        assert set(texts) == set(LANGUAGES)
        assert all(render_from(TEXTS, f"import.{reason}", lang, **params) for lang in LANGUAGES)


def test_text_no_database_can_store_is_dropped_and_the_rest_imported(repository: JourneyRepository) -> None:
    raw = json.dumps({
        "schema": "journeymap/v1", "title": "NUL\u0000 map", "contributors": ["U\u00001"],
        "stages": [{"name": "認知\u0000", "actions": ["lone \ud800 surrogate", "\u0000"],
                    "pain_points": [{"text": "送料", "touchpoint": "\u0000"}]}],
    }).encode()
    state = from_journey_map(read_journey_map(raw), journey_id=uuid.uuid4().hex, team_id="T", channel_id="C",
                             author="me", at=NOW)
    assert (state.title, state.stages, [i.text for i in state.items]) == ("NUL map", ("認知",),
                                                                          ["lone  surrogate", "送料"])
    assert state.items[1].touchpoint is None and state.contributors()[0] == "U1"
    repository.create(state)


# ---- property: whatever the file holds ------------------------------------------------------------------

KEYS = ["schema", "id", "title", "team_id", "channel_id", "map_type", "language", "personas", "stages",
        "contributors", "created_at", "updated_at", "scope", "contributor_names", "created_by", "step",
        "attribution", "unassigned", "votes", "reviews", "name", "position", "touchpoints", "actions", "thoughts",
        "frontstage", "backstage", "support", "owner", "emotion", "pain_points", "opportunities", "kpis",
        "emotion_history", "text", "channel", "touchpoint", "votes", "impact", "effort", "target", "custom",
        "score", "item_id", "by", "at", "kind", "stage", "kpi_id", "due_on", "goals", "needs", "description"]
SCALARS = (st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats(allow_nan=True)
           | st.sampled_from(["", "journeymap/v1", "service_blueprint", "pain_point", "2027-03-01",
                              "2026-01-01T09:00:00Z", "0001-01-01T00:00:00+01:00", "U1", "\u0000", "\ud800"])
           | st.text(max_size=12))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5),
                      max_leaves=25)


@cache
def base_map() -> dict[str, Any]:
    return to_journey_map(rich_session().state)


def _containers(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a list or object inside `value` (where a mutation can go)."""
    found = [path]
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, child in children:
        if isinstance(child, dict | list):
            found += _containers(child, (*path, key))
    return found


@st.composite
def maps(draw: st.DrawFn) -> Any:
    """A real map with one to three of its parts replaced by random JSON, or random JSON with the schema."""
    if draw(st.booleans()):
        return {**draw(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8)), "schema": "journeymap/v1"}
    data = copy.deepcopy(base_map())
    for _ in range(draw(st.integers(1, 3))):
        node = data
        for key in draw(st.sampled_from(_containers(data))):
            node = node[key]
        if isinstance(node, dict):
            node[draw(st.sampled_from([*node, *KEYS]) if node else st.sampled_from(KEYS))] = draw(VALUES)
        elif node:
            node[draw(st.integers(0, len(node) - 1))] = draw(VALUES)
        else:
            node.append(draw(VALUES))
    return data


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=maps(), escaped=st.booleans())
def test_any_json_is_imported_or_refused_with_the_importers_own_error(data: Any, escaped: bool,
                                                                      repository: JourneyRepository) -> None:
    # Escaped, a lone surrogate is valid JSON (`"\ud800"`); raw, it makes the file invalid UTF-8.
    raw = json.dumps(data, ensure_ascii=escaped, allow_nan=True).encode("utf-8", "surrogatepass")
    try:
        checked = read_journey_map(raw)
    except MapImportError as error:
        assert all(render_from(TEXTS, f"import.{error.reason}", lang, **error.params) for lang in LANGUAGES)
        return
    state = from_journey_map(checked, journey_id=uuid.uuid4().hex, team_id="T", channel_id="C", author="me",
                             at=NOW)
    repository.create(state)
    json.dumps(to_journey_map(state), allow_nan=False)  # the stored journey exports as strict JSON again
    assert all(vote.item_id in {item.item_id for item in state.items} for vote in state.votes)
    assert len(state.votes) <= MAX_VOTES * len(state.items) + len(checked.get("votes", []))
