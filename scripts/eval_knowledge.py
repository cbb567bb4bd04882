"""Score the knowledge base (`make eval`): the dev set in ../shared/eval and our own set in scripts/eval/.

Our own set (scripts/eval/questions.jsonl, kpi.jsonl; see build_questions.py) is split by id: even
numbers are the tuning half, odd numbers the reporting half. Tune on the first, report the second;
`--verbose` lists misses of the dev set and the tuning half only, never of the reporting half.

Figures per set and language:
- R@3: in-scope questions with a passage meeting every `expect` concept group in the top 3 (search);
- holds: in-scope questions whose `ask` answer text itself meets the `expect` groups (what a user reads);
- OOS refused: out-of-scope questions `ask` answers "not covered";
- wrongly refused: in-scope questions `ask` answers "not covered";
- KPI: `journeybot kpi` look-ups giving the labelled canonical id (or null).
The dev set also gets the `must_contain` labels on the raw seed articles ingested as a workspace.

Only this script reads ../shared (when present); tests never do. `--keep DIR` reuses a Chroma directory.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.kpi_lookup import lookup_kpi  # noqa: E402
from knowledge.service import KnowledgeBase  # noqa: E402

SHARED = ROOT.parent / "shared"
OWN = ROOT / "scripts" / "eval"
WORKSPACE = "EVAL_SEEDS"
K = 3
Row = dict[str, Any]


def squash(text: str, *, casefold: bool) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text.casefold() if casefold else text)


def expect_hit(question: Row, text: str) -> bool:
    passage = squash(text, casefold=True)
    return all(any(squash(alt, casefold=True) in passage for alt in group) for group in question["expect"])


def must_contain_hit(question: Row, text: str) -> bool:
    passage = squash(text, casefold=False)
    labels = [question["must_contain"], *(alt["must_contain"] for alt in question.get("alt", []))]
    return any(squash(s, casefold=False) in passage for group in labels for s in group)


def read_jsonl(path: Path) -> list[Row]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def half(row: Row) -> str:
    return "tuning" if int(row["id"].rsplit("-", 1)[-1]) % 2 == 0 else "reporting"


def pct(n: int, d: int) -> str:
    return f"{n}/{d} ({n / d:.0%})" if d else "–"


def score_set(kb: KnowledgeBase, name: str, questions: list[Row], kpis: list[Row], *, verbose: bool) -> None:
    """Print one set's figures per language (each question is asked once); list misses when `verbose`."""
    print(f"\n== {name}: {len(questions)} questions, {len(kpis)} KPI questions")
    misses: list[str] = []
    results: list[tuple[Row, bool, bool, bool]] = []  # question, hit in top 3, answer holds it, covered
    for q in questions:
        answer = kb.ask(q["question"])
        if q["out_of_scope"]:
            results.append((q, False, False, answer.covered))
            if answer.covered:
                misses.append(f"  answered  {q['id']} {q['question']}")
            continue
        passages = kb.search(q["question"], k=K)
        found = any(expect_hit(q, p.text) for p in passages)
        holds = answer.covered and expect_hit(q, answer.answer)
        results.append((q, found, holds, answer.covered))
        if not found:
            misses.append(f"  R@3 miss  {q['id']} {q['question']}  top: {[p.source for p in passages]}")
        if not answer.covered:
            misses.append(f"  refused   {q['id']} {q['question']}")
        elif not holds:
            misses.append(f"  not held  {q['id']} {q['question']}\n      {answer.answer[:400]!r}")
    kpi_results: list[tuple[Row, bool]] = []
    for k in kpis:
        entry = lookup_kpi(k["question"])
        got = entry.id if entry else None
        kpi_results.append((k, got == k["kpi"]))
        if got != k["kpi"]:
            misses.append(f"  KPI       {k['id']} {k['question']} → {got} (want {k['kpi']})")
    print(f"{'lang':5} {'R@3':>14} {'holds answer':>16} {'OOS refused':>14} {'wrongly refused':>16} {'KPI':>14}")
    for lang in ("ja", "en", "all"):
        rows = [r for r in results if lang in ("all", r[0]["lang"])]
        ins = [r for r in rows if not r[0]["out_of_scope"]]
        oos = [r for r in rows if r[0]["out_of_scope"]]
        ks = [ok for k, ok in kpi_results if lang in ("all", k["lang"])]
        print(f"{lang:5} {pct(sum(r[1] for r in ins), len(ins)):>14} {pct(sum(r[2] for r in ins), len(ins)):>16} "
              f"{pct(sum(not r[3] for r in oos), len(oos)):>14} {pct(sum(not r[3] for r in ins), len(ins)):>16} "
              f"{pct(sum(ks), len(ks)):>14}")
    if verbose:
        for line in misses:
            print(line)


def seed_recall(kb: KnowledgeBase, questions: list[Row]) -> None:
    """Dev set `must_contain` labels on the raw articles as a workspace's own documents."""
    ranks: dict[str, list[bool]] = {"ja": [], "en": []}
    for q in questions:
        if q["out_of_scope"]:
            continue
        passages = kb.search(q["question"], k=K, workspace=WORKSPACE, include_notes=False)
        ranks[q["lang"]].append(any(must_contain_hit(q, p.text) for p in passages))
    refused_oos = sum(not kb.ask(q["question"], workspace=WORKSPACE, include_notes=False).covered
                      for q in questions if q["out_of_scope"])
    n_oos = sum(q["out_of_scope"] for q in questions)
    print("\n== dev, `must_contain` labels, seed articles as a workspace's documents (searched alone)")
    for lang, rows in ranks.items():
        print(f"   {lang}: R@3 {pct(sum(rows), len(rows))}")
    print(f"   OOS refused {pct(refused_oos, n_oos)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="reuse this Chroma directory (default: a temporary one)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses (dev and tuning half only)")
    parser.add_argument("--only", choices=("dev", "tuning", "reporting"), action="append",
                        help="score only these sets (repeatable)")
    args = parser.parse_args()
    own = read_jsonl(OWN / "questions.jsonl")
    own_kpis = read_jsonl(OWN / "kpi.jsonl")
    sets: list[tuple[str, list[Row], list[Row], bool]] = []
    shared = SHARED / "eval" / "retrieval_dev.jsonl"
    dev = read_jsonl(shared) if shared.exists() else []
    if dev:
        sets.append(("dev", dev, read_jsonl(SHARED / "eval" / "kpi_dev.jsonl"), args.verbose))
    for name in ("tuning", "reporting"):
        sets.append((name, [q for q in own if half(q) == name], [k for k in own_kpis if half(k) == name],
                     args.verbose and name != "reporting"))
    sets = [s for s in sets if not args.only or s[0] in args.only]
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(chroma_path=args.keep or Path(tmp) / "chroma")
        started = time.perf_counter()
        report = kb.sync_notes()
        print(f"notes indexed: {report.added if report else 'up to date'} ({time.perf_counter() - started:.1f} s)")
        for name, questions, kpis, verbose in sets:
            score_set(kb, name, questions, kpis, verbose=verbose)
        if dev and (not args.only or "dev" in args.only):
            seeds = kb.ingest(sorted((SHARED / "seeds").glob("*.txt")), workspace=WORKSPACE)
            print(f"\nseed articles as workspace documents: {seeds.added} new, {seeds.unchanged} unchanged")
            seed_recall(kb, dev)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
