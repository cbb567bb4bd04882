"""Embed the shipped notes' chunks and write knowledge/index/note_vectors.{npy,json} and note_chunks.json
(`make kb-vectors`; the chunks let `ask` serve the notes from memory, see knowledge.memory_index).

Incremental: chunks whose text is unchanged keep their vectors from the previous cache, so after
editing one note only its chunks go through the model. Run it after adding or editing notes; a test
fails while the cache and the notes disagree.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge.chunking import digest, split_document
from knowledge.embedding import DEFAULT_EMBEDDING, E5Embeddings
from knowledge.kpi_catalogue import KpiCatalogue
from knowledge.kpi_meaning import FRAME_VECTOR_NAME, VECTOR_NAME, embedded_texts, frame_texts
from knowledge.kpi_unheld import VECTOR_NAME as UNHELD_VECTOR_NAME
from knowledge.kpi_unheld import embedded_texts as unheld_texts
from knowledge.kpi_unheld import load_unheld
from knowledge.memory_index import write_note_chunks
from knowledge.notes import note_documents, notes_fingerprint
from knowledge.vector_cache import INDEX_DIR, load_vector_cache, write_vector_cache


def main() -> int:
    chunks = [chunk for doc in note_documents() for chunk in split_document(doc)]
    hashes = list(dict.fromkeys(chunk.content_hash for chunk in chunks))
    text_of = {chunk.content_hash: chunk.text for chunk in chunks}
    old = load_vector_cache(INDEX_DIR, model=DEFAULT_EMBEDDING)
    known = {h: old.get(h) for h in hashes} if old else {}
    missing = [h for h in hashes if known.get(h) is None]
    print(f"{len(hashes)} note chunks: {len(hashes) - len(missing)} cached, {len(missing)} to embed", flush=True)
    started = time.perf_counter()
    if missing:
        embedded = E5Embeddings().passages([text_of[h] for h in missing])
        known.update((h, row.tolist()) for h, row in zip(missing, embedded, strict=True))
    vectors = np.array([known[h] for h in hashes], dtype=np.float32).reshape(len(hashes), -1)
    write_vector_cache(INDEX_DIR, model=DEFAULT_EMBEDDING, hashes=hashes, vectors=vectors)
    write_note_chunks(INDEX_DIR, fingerprint=notes_fingerprint(), chunks=chunks)
    print(f"wrote {INDEX_DIR}/note_vectors.* in {time.perf_counter() - started:.1f} s")
    write_kpi_vectors()
    write_frame_vectors()
    write_unheld_vectors()
    return 0


def write_kpi_vectors() -> None:
    """The KPI cards' vectors (knowledge.kpi_meaning): each card whole (Japanese, English) and each of its
    answers, keyed by text."""
    texts = list(dict.fromkeys(text for entry in KpiCatalogue.default() for text in embedded_texts(entry)))
    _write_texts(texts, VECTOR_NAME, "KPI card texts")


def write_frame_vectors() -> None:
    """The KPI cards' ratio roles (knowledge.kpi_frame), embedded as queries like a question's roles."""
    texts = list(dict.fromkeys(text for entry in KpiCatalogue.default() for text in frame_texts(entry)))
    _write_texts(texts, FRAME_VECTOR_NAME, "KPI ratio roles", as_queries=True)


def write_unheld_vectors() -> None:
    """The unheld metrics' vectors (knowledge.kpi_unheld): each metric whole and each of its descriptions."""
    texts = list(dict.fromkeys(text for metric in load_unheld() for text in unheld_texts(metric)))
    _write_texts(texts, UNHELD_VECTOR_NAME, "unheld metric texts")


def _write_texts(texts: list[str], name: str, what: str, *, as_queries: bool = False) -> None:
    """Passage vectors (query vectors with `as_queries`) of `texts`, keyed by their hashes, in
    knowledge/index/<name>.*; cached ones are kept."""
    hashes = [digest(text) for text in texts]
    old = load_vector_cache(INDEX_DIR, model=DEFAULT_EMBEDDING, name=name)
    known = {h: old.get(h) for h in hashes} if old else {}
    missing = [i for i, h in enumerate(hashes) if known.get(h) is None]
    print(f"{len(texts)} {what}: {len(texts) - len(missing)} cached, {len(missing)} to embed", flush=True)
    if missing:
        model = E5Embeddings()
        chosen = [texts[i] for i in missing]
        embedded = np.array([model.query_vector(t) for t in chosen]) if as_queries else model.passages(chosen)
        known.update((hashes[i], row.tolist()) for i, row in zip(missing, embedded, strict=True))
    vectors = np.array([known[h] for h in hashes], dtype=np.float32).reshape(len(hashes), -1)
    write_vector_cache(INDEX_DIR, model=DEFAULT_EMBEDDING, hashes=hashes, vectors=vectors, name=name)
    print(f"wrote {INDEX_DIR}/{name}.*")


if __name__ == "__main__":
    raise SystemExit(main())
