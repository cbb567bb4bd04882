"""Leave-one-round-out figures for the KPI look-up: does a method transfer to an author it never saw?

Rounds 4–67 of scripts/eval/kpi.jsonl (rounds 40, 62 and 65, blind judges, stay out) were each written by a separate
author (ids k4-…, …, k67-…); rounds 1–3 (ids k-…) by the project's own author. For each separate-author round r:
- anything learned (here: the exemplar memory of scripts/eval/exemplar_memory.py) is built ONLY from the tuning
  halves (even ids) of the other rounds, rounds 1–3 included — never from round r;
- both look-ups are scored on round r: (a) the current rules alone (no memory) and (b) the rules with that
  memory.
`--odd` scores round r's REPORTING half (odd ids): aggregate figures only, never a question — those halves stay
unseen. Without it, round r's tuning half (even ids) is scored, under the same leave-one-round-out memory;
`--misses` lists those misses for error analysis. The rules themselves were tuned on the even halves of rounds
4–8, so (a) reads high there; the odd halves are the honest comparison.

Question vectors (the meaning step's, e5 "query:") are cached in `--cache` (default: the temp directory), so a
second run embeds nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from knowledge.chunking import digest  # noqa: E402
from knowledge.embedding import DEFAULT_EMBEDDING, E5Embeddings  # noqa: E402
from knowledge.kpi_catalogue import KpiCatalogue  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from exemplar_memory import Exemplar, ExemplarCatalogue, ExemplarMemory, exemplar_text  # noqa: E402

QUESTIONS = ROOT / "scripts" / "eval" / "kpi.jsonl"
ROUNDS = (*range(4, 40), *range(41, 62), 63, 64, 66, 67)
LANGS = ("ja", "en")
Row = dict[str, Any]


def round_of(row: Row) -> int:
    """4–67 for the separate authors' rounds (k4-…), 3 for rounds 1–3 (k-…), which are never held out."""
    prefix = row["id"].split("-", 1)[0]
    return 3 if prefix == "k" else int(prefix[1:])


def tuning(row: Row) -> bool:
    return int(row["id"].rsplit("-", 1)[-1]) % 2 == 0


class Vectors:
    """Query vectors by text, from a cache file; missing ones are embedded (and saved by `save`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._rows: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as data:
                if str(data["model"]) == DEFAULT_EMBEDDING:
                    self._rows = dict(zip(map(str, data["keys"]), data["vectors"], strict=True))
        self._model: E5Embeddings | None = None
        self.added = 0

    def __call__(self, text: str) -> np.ndarray:
        key = digest(text)
        vector = self._rows.get(key)
        if vector is None:
            self._model = self._model or E5Embeddings()
            vector = self._rows[key] = self._model.query_vector(text)
            self.added += 1
        return vector

    def save(self) -> None:
        if self.added:
            keys, rows = np.array(list(self._rows)), np.array(list(self._rows.values()))
            np.savez(self.path, model=np.array(DEFAULT_EMBEDDING), keys=keys, vectors=rows)


def memory_without(rows: list[Row], held_out: int, vectors: Vectors) -> ExemplarMemory:
    """The tuning halves of every round but `held_out` (rounds 1–3 always in)."""
    kept = [row for row in rows if tuning(row) and round_of(row) != held_out]
    exemplars = [Exemplar(row["id"], row["question"], row["kpi"]) for row in kept]
    return ExemplarMemory(exemplars, np.array([vectors(exemplar_text(e.text)) for e in exemplars]))


def catalogue(memory: ExemplarMemory | None, vectors: Vectors) -> KpiCatalogue:
    """(a) the shipped look-up when `memory` is None, else (b) the same with the memory."""
    found = KpiCatalogue.load() if memory is None else ExemplarCatalogue.load()
    if isinstance(found, ExemplarCatalogue):
        found.memory = memory
    found._meaning._query_vector = vectors  # the same model, through the cache
    return found


def score(cat: KpiCatalogue, rows: Iterable[Row]) -> tuple[dict[str, list[int]], list[tuple[Row, str | None]]]:
    """{lang: [right, asked]} and the misses."""
    figures = {lang: [0, 0] for lang in LANGS}
    misses: list[tuple[Row, str | None]] = []
    for row in rows:
        entry = cat.lookup(row["question"])
        got = entry.id if entry else None
        figures[row["lang"]][0] += got == row["kpi"]
        figures[row["lang"]][1] += 1
        if got != row["kpi"]:
            misses.append((row, got))
    return figures, misses


def changes(a_misses: list[tuple[Row, str | None]], b_misses: list[tuple[Row, str | None]], rows: list[Row],
            lang: str) -> str:
    """How many answers (b) gave a card (a) did not, withdrew, or swapped, and how many of each are right: counts
    only, so that they can be printed for the reporting halves too."""
    wrong_a = {row["id"]: got for row, got in a_misses}
    wrong_b = {row["id"]: got for row, got in b_misses}
    counts = {"card added": [0, 0], "card withdrawn": [0, 0], "card swapped": [0, 0]}
    for row in rows:
        if row["lang"] != lang:
            continue
        got_a = wrong_a.get(row["id"], row["kpi"])
        got_b = wrong_b.get(row["id"], row["kpi"])
        if got_a == got_b:
            continue
        kind = "card added" if got_a is None else "card withdrawn" if got_b is None else "card swapped"
        counts[kind][0] += row["id"] not in wrong_b
        counts[kind][1] += 1
    return ", ".join(f"{kind} {right}/{n} right" for kind, (right, n) in counts.items() if n) or "none"


def cell(right: int, asked: int) -> str:
    return f"{right}/{asked} ({right / asked:.1%})" if asked else "–"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--odd", action="store_true",
                        help="score the held-out round's reporting half (aggregates only) instead of its tuning half")
    parser.add_argument("--misses", action="store_true", help="list the tuning-half misses (not with --odd)")
    parser.add_argument("--rounds", default=",".join(map(str, ROUNDS)), help="held-out rounds, e.g. 6,7")
    parser.add_argument("--cache", type=Path,
                        default=Path(os.environ.get("KPI_VECTOR_CACHE", Path(tempfile.gettempdir()) / "kpi_loro.npz")))
    args = parser.parse_args()
    if args.odd and args.misses:
        parser.error("--misses lists tuning-half questions only; the reporting halves stay unseen")
    rows = [json.loads(line) for line in QUESTIONS.open(encoding="utf-8") if line.strip()]
    vectors = Vectors(args.cache)
    half = "reporting (odd ids)" if args.odd else "tuning (even ids)"
    print(f"leave-one-round-out, scored on each held-out round's {half} half; memory = tuning halves of the others")
    print(f"{'round':6} {'lang':4} {'(a) current':>18} {'(b) + exemplars':>18} {'change':>7}   answers (b) changed")
    totals: dict[str, dict[str, list[int]]] = {"a": {lang: [0, 0] for lang in LANGS},
                                               "b": {lang: [0, 0] for lang in LANGS}}
    current = catalogue(None, vectors)
    listing: list[str] = []
    for held_out in (int(r) for r in args.rounds.split(",")):
        scored = [row for row in rows if round_of(row) == held_out and tuning(row) != args.odd]
        with_memory = catalogue(memory_without(rows, held_out, vectors), vectors)
        a, a_misses = score(current, scored)
        b, b_misses = score(with_memory, scored)
        for lang in LANGS:
            for key, figures in (("a", a), ("b", b)):
                totals[key][lang][0] += figures[lang][0]
                totals[key][lang][1] += figures[lang][1]
            print(f"{held_out:<6} {lang:4} {cell(*a[lang]):>18} {cell(*b[lang]):>18} "
                  f"{b[lang][0] - a[lang][0]:>+7}   {changes(a_misses, b_misses, scored, lang)}")
        if args.misses:
            before = {row["id"]: got for row, got in a_misses}
            for row, got in b_misses:
                mark = "same" if row["id"] in before else "NEW "
                listing.append(f"  {mark} {row['id']} {row['question'][:110]!r} → {got} (want {row['kpi']})")
            after = {row["id"] for row, _ in b_misses}
            for row, got in a_misses:
                if row["id"] not in after:
                    listing.append(f"  fixed {row['id']} {row['question'][:110]!r} (was {got}, want {row['kpi']})")
    for lang in LANGS:
        a_right, asked = totals["a"][lang]
        b_right, _ = totals["b"][lang]
        points = 100 * (b_right - a_right) / asked if asked else 0.0
        print(f"{'total':6} {lang:4} {cell(a_right, asked):>18} {cell(b_right, asked):>18} {b_right - a_right:>+7}"
              f"  ({points:+.1f} points)")
    for line in listing:
        print(line)
    vectors.save()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
