"""Precomputed passage vectors of the shipped notes, committed in knowledge/index/.

Embedding the notes takes minutes on two cores, so `make kb-vectors` does it once and writes
`note_vectors.npy` (float16 rows) and `note_vectors.json` (the model name and each row's content
hash). Ingestion looks vectors up by the hash of the chunk text: an edited chunk misses and is
embedded, the rest load as they are. (`.npy`/`.json` rather than one `.npz`: they are package data.)
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt

from knowledge.chunking import Chunk, digest

__all__ = ["INDEX_DIR", "VectorCache", "load_vector_cache", "shipped_matrices", "write_vector_cache"]

INDEX_DIR = Path(__file__).with_name("index")
_NAME = "note_vectors"


class VectorCache:
    """Vectors by content hash, for one embedding model."""

    def __init__(self, model: str, hashes: list[str], vectors: npt.NDArray[np.float32]) -> None:
        self.model = model
        self.rows = {h: i for i, h in enumerate(hashes)}
        self.vectors = vectors

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, content_hash: str) -> list[float] | None:
        row = self.rows.get(content_hash)
        return None if row is None else [float(x) for x in self.vectors[row]]

    def matrix(self, texts: list[str]) -> npt.NDArray[np.float32] | None:
        """The vectors of `texts`, one row each in their order; None unless the cache holds every one."""
        rows = [self.rows.get(digest(text)) for text in texts]
        if any(row is None for row in rows):
            return None
        return self.vectors[[row for row in rows if row is not None]]

    def by_text(self, chunks: list[Chunk]) -> dict[str, list[float]]:
        """{chunk text: vector} for the chunks the cache knows (the form CachedEmbeddings takes)."""
        found = {}
        for chunk in chunks:
            vector = self.get(digest(chunk.text))
            if vector is not None:
                found[chunk.text] = vector
        return found


def load_vector_cache(directory: Path = INDEX_DIR, *, model: str, name: str = _NAME) -> VectorCache | None:
    """The cache for `model`, or None when there is none (or it was built with another model).
    `name` is the file stem: `note_vectors` (note chunks) or `kpi_vectors` (KPI cards)."""
    meta_path, data_path = directory / f"{name}.json", directory / f"{name}.npy"
    if not (meta_path.exists() and data_path.exists()):
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("model") != model:
        return None
    vectors = np.load(data_path).astype(np.float32)
    hashes = list(meta.get("hashes", []))
    if len(hashes) != len(vectors):
        return None
    # float16 storage loses a little norm; re-normalise so cosine scores stay comparable.
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return VectorCache(model, hashes, vectors / np.where(norms > 0, norms, 1))


def shipped_matrices(name: str, *texts: list[str]) -> tuple[npt.NDArray[np.float32], ...] | None:
    """The shipped vectors (default embedding, knowledge/index/`name`.*) of each list of texts, one matrix per list
    with a row per text in order; None unless the cache holds every text of every list (then callers fall back to
    embedding, or to words alone)."""
    from knowledge.embedding import DEFAULT_EMBEDDING

    cache = load_vector_cache(model=DEFAULT_EMBEDDING, name=name)
    if cache is None:
        return None
    matrices = [cache.matrix(group) for group in texts]
    return None if any(m is None for m in matrices) else tuple(m for m in matrices if m is not None)


def write_vector_cache(
    directory: Path, *, model: str, hashes: list[str], vectors: npt.NDArray[np.float32], name: str = _NAME
) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    np.save(directory / f"{name}.npy", vectors.astype(np.float16))
    meta = {"model": model, "dim": int(vectors.shape[1]) if len(vectors) else 0, "hashes": hashes}
    (directory / f"{name}.json").write_text(json.dumps(meta, indent=0) + "\n", encoding="utf-8")
