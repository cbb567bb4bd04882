"""The leave-one-round-out harness (scripts/eval/loro_kpi.py) keeps its promise: nothing learned for a round has
seen that round, or any reporting-half question; and the exemplar memory it measures votes as documented."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

HARNESS = Path(__file__).resolve().parents[2] / "scripts" / "eval" / "loro_kpi.py"


@pytest.fixture(scope="module")
def loro() -> ModuleType:
    spec = importlib.util.spec_from_file_location("loro_kpi", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["loro_kpi"] = module
    spec.loader.exec_module(module)
    return module


def test_a_rounds_memory_holds_none_of_its_questions_and_no_reporting_question(loro: ModuleType) -> None:
    rows = [json.loads(line) for line in loro.QUESTIONS.open(encoding="utf-8") if line.strip()]
    unit = np.eye(1, 384, dtype=np.float32)[0]
    for held_out in loro.ROUNDS:
        memory = loro.memory_without(rows, held_out, lambda _text: unit)
        ids = [e.id for e in memory.exemplars]
        assert all(int(i.rsplit("-", 1)[-1]) % 2 == 0 for i in ids), "a reporting-half question in the memory"
        assert not [i for i in ids if i.startswith(f"k{held_out}-")], f"round {held_out} in its own memory"
        rounds = {loro.round_of({"id": i}) for i in ids}
        assert rounds == {3, *loro.ROUNDS} - {held_out}  # rounds 1–3 and every other round


def test_the_nearest_and_one_more_of_three_must_agree(loro: ModuleType) -> None:
    memory_module = sys.modules["exemplar_memory"]
    exemplar = memory_module.Exemplar
    rows = [exemplar("k-en-002", "share of visitors who buy", "conversion_rate"),
            exemplar("k-en-004", "percent of site visitors that purchase", "conversion_rate"),
            exemplar("k-en-006", "what our cloud bill was last month", None),
            exemplar("k-en-008", "how long a support ticket stays open", "average_resolution_time")]
    vectors = np.array([[1.0, 0.1, 0.0], [0.9, 0.2, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], dtype=np.float32)
    memory = memory_module.ExemplarMemory(rows, vectors)
    query = np.array([1.0, 0.15, 0.0], dtype=np.float32)
    assert memory.vote("which share of visitors buy?", query) == (True, "conversion_rate")
    lone = memory_module.ExemplarMemory(rows[1:], vectors[1:])  # one conversion question left among others
    assert lone.vote("which share of visitors buy?", query)[0] is False


def test_answer_changes_are_counted_without_naming_questions(loro: ModuleType) -> None:
    rows = [{"id": "k9-en-001", "lang": "en", "kpi": "ctr"}, {"id": "k9-en-003", "lang": "en", "kpi": None},
            {"id": "k9-en-005", "lang": "en", "kpi": "roi"}, {"id": "k9-en-007", "lang": "en", "kpi": "nps"}]
    before = [(rows[0], None), (rows[2], None)]  # (a) missed the first and the third
    after = [(rows[1], "arpu"), (rows[2], None), (rows[3], None)]  # (b): first found, second and fourth lost
    assert loro.changes(before, after, rows, "en") == "card added 1/2 right, card withdrawn 0/1 right"
    assert loro.changes(before, after, rows, "ja") == "none"
