"""Score the knowledge base on the dev sets in ../shared/eval (`make eval`), and print the table.

1. Retrieval with the `expect` labels, on the shipped notes (kb_notes).
2. Retrieval with the `must_contain` labels, on the raw seed articles ingested as a team's own
   documents into a temporary workspace collection (searched alone: the labels only fit them).
3. Out-of-scope handling of `ask` on both: out-of-scope questions refused, in-scope ones wrongly refused.
4. KPI look-up (knowledge.kpi_catalogue) on kpi_dev.jsonl, when that module exists.

Only this script reads ../shared; tests never do. `--keep DIR` reuses a Chroma directory between runs
(ingestion is idempotent, so the second run embeds nothing).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.service import KnowledgeBase  # noqa: E402

SHARED = ROOT.parent / "shared"
WORKSPACE = "EVAL_SEEDS"
KS = (1, 3, 5)


def squash(text: str, *, casefold: bool) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text.casefold() if casefold else text)


def expect_hit(question: dict[str, Any], text: str) -> bool:
    passage = squash(text, casefold=True)
    return all(any(squash(alt, casefold=True) in passage for alt in group) for group in question["expect"])


def must_contain_hit(question: dict[str, Any], text: str) -> bool:
    passage = squash(text, casefold=False)
    labels = [question["must_contain"], *(alt["must_contain"] for alt in question.get("alt", []))]
    return any(squash(s, casefold=False) in passage for group in labels for s in group)


def first_hit(texts: list[str], hit: Callable[[str], bool]) -> int | None:
    return next((rank for rank, text in enumerate(texts) if hit(text)), None)


def retrieval_rows(
    kb: KnowledgeBase, questions: list[dict[str, Any]], hit: Callable[[dict[str, Any], str], bool],
    **scope: Any,
) -> dict[str, list[int | None]]:
    ranks: dict[str, list[int | None]] = {"ja": [], "en": []}
    for q in questions:
        if q["out_of_scope"]:
            continue
        passages = kb.search(q["question"], k=max(KS), **scope)
        ranks[q["lang"]].append(first_hit([p.text for p in passages], lambda t, q=q: hit(q, t)))
    return ranks


def recall(ranks: list[int | None], k: int) -> float:
    return sum(1 for r in ranks if r is not None and r < k) / max(len(ranks), 1)


def mrr(ranks: list[int | None]) -> float:
    return sum(1 / (r + 1) for r in ranks if r is not None) / max(len(ranks), 1)


def print_retrieval(title: str, ranks: dict[str, list[int | None]]) -> None:
    print(f"\n{title}")
    print(f"{'':8} {'n':>3} " + " ".join(f"{'R@' + str(k):>6}" for k in KS) + f" {'MRR':>6}")
    for lang, rows in (("ja", ranks["ja"]), ("en", ranks["en"]), ("all", ranks["ja"] + ranks["en"])):
        print(f"{lang:8} {len(rows):>3} " + " ".join(f"{recall(rows, k):6.2f}" for k in KS) + f" {mrr(rows):6.2f}")


def scope_rows(kb: KnowledgeBase, questions: list[dict[str, Any]], **scope: Any) -> list[tuple[dict[str, Any], bool]]:
    return [(q, kb.ask(q["question"], **scope).covered) for q in questions]


def print_scope(title: str, answers: list[tuple[dict[str, Any], bool]], *, verbose: bool) -> None:
    oos = [covered for q, covered in answers if q["out_of_scope"]]
    ins = [covered for q, covered in answers if not q["out_of_scope"]]
    refused_oos = sum(1 for c in oos if not c)
    refused_in = sum(1 for c in ins if not c)
    print(f"\n{title}")
    print(f"  out of scope answered 'not covered': {refused_oos}/{len(oos)} ({refused_oos / max(len(oos), 1):.0%})")
    print(f"  in scope wrongly refused:            {refused_in}/{len(ins)} ({refused_in / max(len(ins), 1):.0%})")
    if verbose:
        for q, covered in answers:
            if covered == q["out_of_scope"]:
                print(f"    wrong: {q['id']} covered={covered} {q['question']}")


def kpi_table(questions: list[dict[str, Any]]) -> None:
    try:
        from knowledge.kpi_catalogue import KpiCatalogue
    except ImportError:
        print("\nKPI look-up: knowledge.kpi_catalogue not present, skipped")
        return
    catalogue = KpiCatalogue.default()
    right = 0
    for q in questions:
        entry = catalogue.lookup(q["question"])
        got = entry.id if entry else None
        right += got == q["kpi"]
    print(f"\nKPI look-up (kpi_dev): {right}/{len(questions)} correct ({right / len(questions):.0%})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="reuse this Chroma directory (default: a temporary one)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list misses")
    args = parser.parse_args()
    questions = [json.loads(line) for line in (SHARED / "eval" / "retrieval_dev.jsonl").open(encoding="utf-8")]
    kpis = [json.loads(line) for line in (SHARED / "eval" / "kpi_dev.jsonl").open(encoding="utf-8")]
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(chroma_path=args.keep or Path(tmp) / "chroma")
        started = time.perf_counter()
        report = kb.sync_notes()
        print(f"notes indexed: {report.added if report else 'up to date'} "
              f"({time.perf_counter() - started:.1f} s, embedded {report.embedded if report else 0})")
        started = time.perf_counter()
        seeds = kb.ingest(sorted((SHARED / "seeds").glob("*.txt")), workspace=WORKSPACE, progress=True)
        print(f"seed articles as workspace documents: {seeds.added} new, {seeds.unchanged} unchanged "
              f"({time.perf_counter() - started:.1f} s)")
        notes_ranks = retrieval_rows(kb, questions, expect_hit)
        seed_ranks = retrieval_rows(kb, questions, must_contain_hit, workspace=WORKSPACE, include_notes=False)
        print_retrieval("Retrieval, `expect` labels, shipped notes", notes_ranks)
        if args.verbose:
            for q in questions:
                if not q["out_of_scope"]:
                    texts = [p.text for p in kb.search(q["question"], k=5)]
                    if first_hit(texts, lambda t, q=q: expect_hit(q, t)) is None:
                        print(f"    miss: {q['id']} {q['question']}")
        print_retrieval("Retrieval, `must_contain` labels, seed articles as a workspace's documents", seed_ranks)
        print_scope("Out of scope, `ask` on the shipped notes", scope_rows(kb, questions), verbose=args.verbose)
        print_scope("Out of scope, `ask` on the seed articles only",
                    scope_rows(kb, questions, workspace=WORKSPACE, include_notes=False), verbose=args.verbose)
        kpi_table(kpis)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
