"""The corpus of realistic messages (corpus.yaml), run through the engine as a team would type them.

Scores "items right / items expected" for the part the parser was tuned on and for the held-out part
separately (`python -m tests.journeys.parsing.test_corpus` prints both). The test asserts a floor, not
perfection: the corpus holds messages a person reads one way and a parser may read another.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from journeys.events import Answer
from journeys.flow import Context, advance
from journeys.language import detect_language
from journeys.state import Item, SessionState
from journeys.steps import DEFAULT_STAGE_TEMPLATE, ItemKind, Step, template_stages
from knowledge.kpi_catalogue import KpiCatalogue

from ..factories import T0, new_state

CORPUS = Path(__file__).parent / "corpus.yaml"
TUNED_FLOOR = 0.9
HELD_OUT_FLOOR = 0.8


@dataclass(frozen=True)
class Score:
    right: int = 0
    expected: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.right + other.right, self.expected + other.expected)

    @property
    def ratio(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    def __str__(self) -> str:
        return f"{self.right} / {self.expected} ({self.ratio:.1%})"


@cache
def _context() -> Context:
    return Context(kpis=KpiCatalogue.default())


def load_corpus() -> list[dict[str, Any]]:
    entries = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    assert isinstance(entries, list)
    return entries


def _state(entry: dict[str, Any], *, seed: str | None = None) -> SessionState:
    lang = entry.get("lang") or detect_language(entry["text"]) or "ja"
    state = new_state(lang=lang)
    if seed is not None:  # an earlier scope answer, so a map type the message sets is visible
        state = advance(state, Answer(seed, "U0", "seed", T0), _context()).state
    stages = tuple(entry.get("stages") or template_stages(DEFAULT_STAGE_TEMPLATE, lang))
    stage = entry.get("stage")
    return state.evolve(step=Step(entry["step"]), stages=stages, stage_index=stages.index(stage) if stage else 0)


def _render(item: Item, current: str | None) -> str:
    if item.kind is ItemKind.PERSONA:
        return item.text
    text = str(item.score) if item.kind is ItemKind.EMOTION else item.text
    if item.kind is ItemKind.KPI and item.target:
        text = f"{text} → {item.target}"
    return text if item.stage == current else f"{item.stage}: {text}"


def produced(entry: dict[str, Any]) -> list[str]:
    """What the engine filed for the entry's message, written the way corpus.yaml writes items."""
    answer = Answer(entry["text"], "U1", "m1", T0)
    if entry["step"] == "scope":
        runs = [advance(before, answer, _context()).state for before in
                (_state(entry, seed="3"), _state(entry, seed="2"))]
        found = []
        if runs[0].map_type == runs[1].map_type:
            found.append(f"type:{runs[0].map_type.value}")
        if runs[0].title != new_state().title:
            found.append(f"title:{runs[0].title}")
        if runs[0].scope:
            found.append(f"scope:{runs[0].scope}")
        return found
    before = _state(entry)
    after = advance(before, answer, _context()).state
    old = {item.item_id for item in before.items}
    return [_render(item, before.current_stage) for item in after.items if item.item_id not in old]


def score(entry: dict[str, Any]) -> Score:
    expected = Counter(str(item) for item in entry["items"])
    got = Counter(produced(entry))
    return Score(sum((expected & got).values()), sum(expected.values()))


def scores() -> tuple[Score, Score]:
    tuned, held_out = Score(), Score()
    for entry in load_corpus():
        if entry.get("held_out"):
            held_out += score(entry)
        else:
            tuned += score(entry)
    return tuned, held_out


def test_corpus_is_big_enough_and_has_a_held_out_part() -> None:
    entries = load_corpus()
    assert len(entries) >= 150
    held = sum(1 for entry in entries if entry.get("held_out"))
    assert len(entries) / 4 <= held <= len(entries) / 2
    assert {detect_language(entry["text"]) for entry in entries} >= {"ja", "en"}


def test_corpus_floor() -> None:
    tuned, held_out = scores()
    print(f"\ncorpus tuned: {tuned}  held out: {held_out}")
    assert tuned.ratio >= TUNED_FLOOR, tuned
    assert held_out.ratio >= HELD_OUT_FLOOR, held_out


if __name__ == "__main__":
    import sys

    verbose = "-v" in sys.argv
    for entry in load_corpus():
        entry_score = score(entry)
        if verbose and entry_score.right < entry_score.expected and not entry.get("held_out"):
            print(f"{entry['step']}: {entry['text']!r}\n  want {entry['items']}\n  got  {produced(entry)}")
    tuned, held_out = scores()
    print(f"tuned: {tuned}\nheld out: {held_out}")
