"""`KnowledgeBase`: the one object adapters use — search, ask, ingest, tips — built from plain values.

It never reads settings (bot/ passes them in) and builds nothing until first used, so constructing
it costs nothing at start-up. The shipped notes (the Markdown notes and the KPI catalogue, one note per
KPI and language) are synced into `kb_notes` on first use when their fingerprint differs from the one
stored with the collection, using the committed vectors.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from knowledge.answer import Answer, GroundedWriter, answer_question
from knowledge.corpus import SnapshotCorpus
from knowledge.embedding import DEFAULT_EMBEDDING, CachedEmbeddings, E5Embeddings, EmbeddingModel, make_embeddings
from knowledge.ingest import IngestReport, collect_files, ingest_documents, load_documents
from knowledge.notes import KPIS_FILE, NOTES_DIR, load_notes, note_documents, notes_fingerprint
from knowledge.query_text import normalise
from knowledge.search import Passage, Retriever
from knowledge.store import collection_name, make_client, open_collection
from knowledge.tips import KnowledgeTips
from knowledge.vector_cache import INDEX_DIR, load_vector_cache

__all__ = ["KnowledgeBase", "Scope"]


class Scope:
    """Retrieval over a fixed list of collections; implements knowledge.answer.PassageSource."""

    def __init__(self, retriever: Retriever, collections: Sequence[str]) -> None:
        self.retriever = retriever
        self.collections = list(collections)

    def search(self, query: str, k: int) -> list[Passage]:
        return self.retriever.search(normalise(query, self.corpus().vocabulary), collections=self.collections, k=k)

    def corpus(self) -> SnapshotCorpus:
        indexes = [self.retriever.index(name) for name in self.collections]
        return SnapshotCorpus([ix for ix in indexes if ix is not None])


class KnowledgeBase:
    """Shipped notes + per-workspace documents in Chroma; optional LLM for generated answers."""

    def __init__(
        self,
        *,
        chroma_path: Path | str | None = None,
        chroma_url: str | None = None,
        embedding_model: str = DEFAULT_EMBEDDING,
        llm_model: str | None = None,
        client: Any = None,
        embeddings: EmbeddingModel | None = None,
        writer: GroundedWriter | None = None,
        notes_dir: Path = NOTES_DIR,
        kpis_file: Path | None = KPIS_FILE,
        vectors_dir: Path = INDEX_DIR,
    ) -> None:
        self.chroma_path = chroma_path
        self.chroma_url = chroma_url
        self.embedding_model = embedding_model
        self.llm_model = llm_model
        self.notes_dir = notes_dir
        self.kpis_file = kpis_file  # the KPI catalogue indexed with the notes; None: notes only
        self.vectors_dir = vectors_dir
        self._client = client
        self._embeddings = embeddings
        self._writer = writer
        self._notes_checked = False
        self._lock = threading.Lock()

    # -- lazily built parts -------------------------------------------------------------------
    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = make_client(path=self.chroma_path, url=self.chroma_url)
        return self._client

    @property
    def embeddings(self) -> EmbeddingModel:
        if self._embeddings is None:
            self._embeddings = make_embeddings(self.embedding_model)
        return self._embeddings

    @cached_property
    def retriever(self) -> Retriever:
        return Retriever(lambda: self.client, self.embeddings)  # the store opens when first needed

    @property
    def writer(self) -> GroundedWriter | None:
        if self._writer is None and self.llm_model:
            from knowledge.llm import make_writer

            self._writer = make_writer(self.llm_model)
        return self._writer

    @cached_property
    def notes_collection(self) -> str:
        return collection_name(None, embedding=self.embedding_model)

    def workspace_collection(self, workspace: str) -> str:
        return collection_name(workspace, embedding=self.embedding_model)

    # -- the shipped notes -----------------------------------------------------------------------
    def sync_notes(self, *, progress: bool = False, force: bool = False) -> IngestReport | None:
        """Bring `kb_notes` in line with the note files and the KPI catalogue; None when it already was
        (the usual start)."""
        with self._lock:
            fingerprint = notes_fingerprint(self.notes_dir, self.kpis_file)
            current = open_collection(self.client, self.notes_collection, create=False)
            if not force and current is not None and (current.metadata or {}).get("fingerprint") == fingerprint:
                self._notes_checked = True
                return None
            cache = load_vector_cache(self.vectors_dir, model=self.embedding_model)
            documents = note_documents(self.notes_dir, self.kpis_file)
            embeddings: EmbeddingModel = self.embeddings
            if cache is not None:
                from knowledge.chunking import split_document

                chunks = [chunk for doc in documents for chunk in split_document(doc)]
                embeddings = CachedEmbeddings(self.embeddings, cache.by_text(chunks))
            report = ingest_documents(
                self.client, self.notes_collection, documents, embeddings, prune=True, progress=progress,
                extra_metadata={"fingerprint": fingerprint},
            )
            self.retriever.invalidate(self.notes_collection)
            self._notes_checked = True
            return report

    def _ready(self) -> None:
        if not self._notes_checked:
            self._preload_model()
            if not self._serve_notes_from_memory():
                self.sync_notes()

    def _serve_notes_from_memory(self) -> bool:
        """Pin the shipped notes' committed chunks and vectors (knowledge.memory_index) when they match the
        installed notes and the store is embedded: no Chroma for the notes, so `ask` starts without it."""
        if self.chroma_url:
            return False
        from knowledge.memory_index import load_memory_index

        with self._lock:
            index = load_memory_index(
                self.notes_collection, fingerprint=notes_fingerprint(self.notes_dir, self.kpis_file),
                model=self.embedding_model, glossary=self.retriever.glossary, directory=self.vectors_dir,
            )
            if index is None:
                return False
            self.retriever.pin(index)
            self._notes_checked = True
            return True

    def _preload_model(self) -> None:
        """Load the embedding model in a thread while the store opens: its C loader releases the GIL,
        so on a cold start the two overlap (measured: ~0.3 s of a ~2.2 s first answer)."""
        embeddings = self.embeddings
        if isinstance(embeddings, E5Embeddings):
            threading.Thread(target=embeddings.load, name="embedding-preload", daemon=True).start()

    # -- what adapters call ------------------------------------------------------------------------
    def scope(self, *, workspace: str | None = None, include_notes: bool = True) -> Scope:
        self._ready()
        names = [self.notes_collection] if include_notes else []
        if workspace:
            names.append(self.workspace_collection(workspace))
        return Scope(self.retriever, names)

    def search(
        self, query: str, *, workspace: str | None = None, k: int = 5, include_notes: bool = True
    ) -> list[Passage]:
        """Best passages first: the shipped notes, plus the workspace's own documents when given."""
        return self.scope(workspace=workspace, include_notes=include_notes).search(query, k)

    def ask(
        self, question: str, *, workspace: str | None = None, lang: str | None = None, include_notes: bool = True
    ) -> Answer:
        scope = self.scope(workspace=workspace, include_notes=include_notes)
        team = frozenset({self.workspace_collection(workspace)} if workspace else ())
        return answer_question(question, retriever=scope, llm=self.writer, lang=lang, team_collections=team)

    def ingest(self, paths: Sequence[Path], *, workspace: str, progress: bool = False) -> IngestReport:
        """Add a team's own files (Markdown, text, HTML; directories recursively) to its workspace."""
        name = self.workspace_collection(workspace)
        files, missing = collect_files(paths)
        documents, unreadable = load_documents(files)
        report = ingest_documents(self.client, name, documents, self.embeddings, progress=progress)
        report.skipped = missing + unreadable
        self.retriever.invalidate(name)
        return report

    @cached_property
    def tips(self) -> KnowledgeTips:
        """Session tips (journeys.ports.TipSource) from the notes' front matter, search as fallback."""
        return KnowledgeTips(load_notes(self.notes_dir), search=lambda q, k: self.search(q, k=k))

    def warm_up(self) -> None:
        """Load the notes, the model and everything an answer touches (coverage statistics, sentence picking)
        now rather than on the first question; the store opens only if the notes need syncing."""
        self.ask("ペルソナの作り方は?")
        self.ask("How do we build a persona?")
