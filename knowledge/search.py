"""Hybrid retrieval over Chroma collections: dense (Chroma's index) + BM25, fused by rank.

Neither score alone is trustworthy: e5's cosines sit in a narrow band, BM25 misses paraphrases
and cross-language questions the glossary does not cover. Reciprocal-rank fusion needs no score
calibration and lets either retriever rescue the other. Each collection's texts are read once into
an in-memory lexical index, reloaded when the collection's `revision` changes (another process
ingested), checked at most every `refresh_seconds`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from knowledge.embedding import EmbeddingModel, query_vector
from knowledge.glossary import Glossary, default_glossary
from knowledge.lexical import LexicalIndex
from knowledge.query_text import Vocabulary
from knowledge.store import open_collection
from knowledge.text import detect_language

__all__ = ["Passage", "Retriever"]

CANDIDATES = 40  # per retriever and collection, before fusion
RRF_K = 10  # small: the first few ranks of either retriever matter most (measured on the dev sets)
MAX_QUERY_CHARS = 500  # a question, not a document: longer input is cut (the model reads 512 tokens anyway)
LEXICAL_FLOOR = 0.3  # lexical candidates scoring under this share of the best are noise, not evidence


@dataclass(frozen=True)
class Passage:
    text: str  # the passage itself, as it appears in the document
    source: str  # the document's title (the note title for shipped notes)
    score: float  # fused rank score in (0, 1], 1 = first in both rankings; an order, not a confidence
    id: str = ""
    collection: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    context: str = ""  # title/section line the passage was indexed with

    @property
    def indexed_text(self) -> str:
        return f"{self.context}\n{self.text}" if self.context else self.text

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "source": self.source, "score": round(self.score, 4)}


class CollectionIndex:
    """One collection's stored texts and their lexical index, as of one revision."""

    def __init__(self, name: str, collection: Any, glossary: Glossary) -> None:
        self.name = name
        self.collection = collection
        self.revision = (collection.metadata or {}).get("revision")
        data = collection.get(include=["documents", "metadatas"])
        self.ids: list[str] = list(data["ids"])
        self.texts: list[str] = [d or "" for d in data["documents"]]
        self.metadatas: list[dict[str, Any]] = [dict(m or {}) for m in data["metadatas"]]
        self.position = {chunk_id: i for i, chunk_id in enumerate(self.ids)}
        self.lexical = LexicalIndex(self.texts, glossary)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The words of this collection and of the glossary, for knowledge.query_text.normalise."""
        terms = [term for concept in self.lexical.glossary.concepts for term in concept.terms]
        return Vocabulary.of(self.texts, terms)

    def passage(self, row: int, score: float) -> Passage:
        meta = self.metadatas[row]
        text = self.texts[row]
        start = int(meta.get("content_start", 0) or 0)
        return Passage(
            text=text[start:], source=str(meta.get("title") or ""), score=score, id=self.ids[row],
            collection=self.name, metadata=meta, context=text[:start].rstrip("\n"),
        )

    def dense(self, vector: Sequence[float], n: int) -> list[tuple[int, float]]:
        """(row, cosine) of the nearest `n` chunks by Chroma's own index."""
        if not self.ids:
            return []
        found = self.collection.query(
            query_embeddings=[list(vector)], n_results=min(n, len(self.ids)), include=["distances"]
        )
        rows = []
        for chunk_id, distance in zip(found["ids"][0], found["distances"][0], strict=True):
            row = self.position.get(chunk_id)
            if row is not None:  # written after our snapshot: seen at the next refresh
                rows.append((row, 1.0 - float(distance)))
        return rows


def without_translations(passages: list[Passage], lang: str) -> list[Passage]:
    """Notes exist in both languages (notes/ja/x.md, notes/en/x.md): a note's passages are kept in one
    language only — the question's when retrieved in it — so translations do not crowd out other notes."""

    def note_and_language(passage: Passage) -> tuple[str, str] | None:
        doc = str(passage.metadata.get("doc") or "")
        parts = doc.split("/")
        return (parts[-1], parts[1]) if doc.startswith("notes/") and len(parts) == 3 else None

    keep: dict[str, str] = {}
    for passage in passages:
        if (found := note_and_language(passage)) is not None:
            note, language = found
            if note not in keep or language == lang:
                keep[note] = language if language == lang else keep.get(note, language)
    return [p for p in passages if (f := note_and_language(p)) is None or keep[f[0]] == f[1]]


class Retriever:
    """Searches named collections; collections that do not exist count as empty."""

    def __init__(
        self, client: Any, embeddings: EmbeddingModel, *, glossary: Glossary | None = None,
        refresh_seconds: float = 10.0,
    ) -> None:
        self._client = client  # a Chroma client, or a function making one when first needed
        self.embeddings = embeddings
        self.glossary = glossary or default_glossary()
        self.refresh_seconds = refresh_seconds
        self._snapshots: dict[str, tuple[CollectionIndex | None, float]] = {}  # name -> (index, checked at)
        self._pinned: dict[str, CollectionIndex] = {}  # served from memory, never read from the store
        self._lock = threading.Lock()  # the snapshots
        self._opening = threading.Lock()  # the client: opening the store imports chromadb (seconds)

    def pin(self, index: CollectionIndex) -> None:
        """Serve this collection from the given snapshot (the shipped notes from memory, see
        knowledge.memory_index); the store is never opened for it."""
        with self._lock:
            self._pinned[index.name] = index

    @property
    def client(self) -> Any:
        with self._opening:
            if callable(self._client) and not hasattr(self._client, "get_or_create_collection"):
                self._client = self._client()
            return self._client

    def index(self, name: str) -> CollectionIndex | None:
        """The current snapshot of a collection (None if it does not exist), reloaded on a new revision."""
        with self._lock:
            if name in self._pinned:
                return self._pinned[name]
            entry = self._snapshots.get(name)
            if entry is not None and time.monotonic() - entry[1] < self.refresh_seconds:
                return entry[0]
        client = self.client  # opened outside the snapshot lock: pinned collections are served meanwhile
        with self._lock:
            now = time.monotonic()
            entry = self._snapshots.get(name)
            if entry is not None and now - entry[1] < self.refresh_seconds:
                return entry[0]
            snapshot = entry[0] if entry else None
            collection = open_collection(client, name, create=False)
            if collection is None:
                snapshot = None
            elif snapshot is None or (collection.metadata or {}).get("revision") != snapshot.revision:
                snapshot = CollectionIndex(name, collection, self.glossary)
            self._snapshots[name] = (snapshot, now)
            return snapshot

    def invalidate(self, name: str | None = None) -> None:
        """Forget snapshots (after this process wrote to a collection), pinned ones included."""
        with self._lock:
            if name is None:
                self._snapshots.clear()
                self._pinned.clear()
            else:
                self._snapshots.pop(name, None)
                self._pinned.pop(name, None)

    def dense_query(self, query: str) -> str:
        """The text embedded for a query: English questions get the Japanese terms of their glossary
        concepts appended, a bridge the small multilingual model needs to reach Japanese passages (the
        seed knowledge and most teams' documents). Japanese questions are left alone: measured, appending
        English terms cost Japanese recall."""
        if detect_language(query) != "en":
            return query
        bridge = self.glossary.japanese_equivalents(query)
        return f"{query} ({', '.join(bridge)})" if bridge else query

    def search(self, query: str, *, collections: Sequence[str], k: int = 5) -> list[Passage]:
        """The best `k` passages across the collections, best first."""
        query = query[:MAX_QUERY_CHARS]
        indexes = [ix for ix in (self.index(name) for name in collections) if ix is not None and ix.ids]
        if not query.strip() or not indexes or k <= 0:
            return []
        vector = query_vector(self.embeddings, self.dense_query(query)).tolist()
        dense: list[tuple[float, CollectionIndex, int]] = []
        rankings: list[list[tuple[float, CollectionIndex, int]]] = [dense]
        for ix in indexes:
            dense.extend((score, ix, row) for row, score in ix.dense(vector, CANDIDATES))
            # BM25 scores are only comparable within one collection (its own document frequencies), so
            # each collection's lexical ranking is fused on its own: a team's small workspace is not
            # outweighed by the shipped notes' statistics.
            lexical = ix.lexical.top(query, CANDIDATES)
            best_lexical = max((score for _, score in lexical), default=0.0)
            rankings.append([(score, ix, row) for row, score in lexical if score >= LEXICAL_FLOOR * best_lexical])
        fused: dict[tuple[str, int], float] = {}
        owners: dict[str, CollectionIndex] = {ix.name: ix for ix in indexes}
        for ranking in rankings:
            ranking.sort(key=lambda item: -item[0])
            for rank, (_, ix, row) in enumerate(ranking):
                key = (ix.name, row)
                fused[key] = fused.get(key, 0.0) + 1.0 / (RRF_K + rank + 1)
        top = 2.0 / (RRF_K + 1)
        ranked = [owners[name].passage(row, score / top) for (name, row), score in
                  sorted(fused.items(), key=lambda item: -item[1])]
        return without_translations(ranked, detect_language(query))[:k]
