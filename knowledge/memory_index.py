"""The shipped notes served from memory: their chunks and vectors are committed, so reading them needs no
vector store.

`journeybot ask` without a workspace, and every search's shipped-notes part, used to open Chroma
(importing chromadb costs more than a second of every cold start) only to read back what
`make kb-vectors` had already computed. `note_chunks.json` holds the chunks (text and metadata, as
ingestion stores them) with the notes' fingerprint, and `note_vectors.*` their vectors: when both match
the installed notes, a `MemoryIndex` serves them with a numpy dot product over a few hundred rows.
When they do not (notes edited without `make kb-vectors`), the knowledge base falls back to syncing
the notes into Chroma as before.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from knowledge.glossary import Glossary
from knowledge.lexical import LexicalIndex
from knowledge.search import CollectionIndex
from knowledge.vector_cache import INDEX_DIR, load_vector_cache

__all__ = ["CHUNKS_FILE", "MemoryIndex", "load_memory_index", "write_note_chunks"]

CHUNKS_FILE = "note_chunks.json"


class MemoryIndex(CollectionIndex):
    """A collection snapshot whose texts, metadata and vectors live in memory (no Chroma)."""

    def __init__(
        self, name: str, ids: Sequence[str], texts: Sequence[str], metadatas: Sequence[dict[str, Any]],
        vectors: npt.NDArray[np.float32], glossary: Glossary, revision: str,
    ) -> None:
        self.name = name
        self.collection = None
        self.revision = revision
        self.ids = list(ids)
        self.texts = list(texts)
        self.metadatas = [dict(m) for m in metadatas]
        self.position = {chunk_id: i for i, chunk_id in enumerate(self.ids)}
        self.lexical = LexicalIndex(self.texts, glossary)
        self.vectors = vectors

    def dense(self, vector: Sequence[float], n: int) -> list[tuple[int, float]]:
        if not self.ids:
            return []
        scores = self.vectors @ np.asarray(vector, dtype=np.float32)
        top = np.argsort(-scores)[:n]
        return [(int(row), float(scores[row])) for row in top]


def write_note_chunks(directory: Path, *, fingerprint: str, chunks: Sequence[Any]) -> None:
    """Write the chunks of the shipped notes (`make kb-vectors`) with the fingerprint they were made from."""
    rows = [{"id": c.id, "text": c.text, "metadata": dict(c.metadata)} for c in chunks]
    data = {"fingerprint": fingerprint, "chunks": rows}
    (directory / CHUNKS_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def load_memory_index(
    name: str, *, fingerprint: str, model: str, glossary: Glossary, directory: Path = INDEX_DIR
) -> MemoryIndex | None:
    """The notes as a MemoryIndex, or None when the committed chunks or vectors do not match the notes."""
    path = directory / CHUNKS_FILE
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("fingerprint") != fingerprint:
        return None
    cache = load_vector_cache(directory, model=model)
    if cache is None:
        return None
    rows = data["chunks"]
    vectors = [cache.get(str(row["metadata"].get("content_hash"))) for row in rows]
    if any(v is None for v in vectors):
        return None
    return MemoryIndex(
        name, [r["id"] for r in rows], [r["text"] for r in rows], [r["metadata"] for r in rows],
        np.asarray(vectors, dtype=np.float32).reshape(len(rows), -1), glossary, revision=fingerprint,
    )
