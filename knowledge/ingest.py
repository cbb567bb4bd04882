"""Ingestion: split documents, skip chunks already stored, embed and add the rest, drop stale ones.

Chunk ids hash the document key and the chunk text, so running it twice on the same files adds
nothing; an edited file replaces only its changed chunks. Writes go through `langchain_chroma`
with our embeddings; a collection's `revision` metadata changes with every write so that running
retrievers (another process, e.g. the bot) notice and reload.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.chunking import SUFFIXES, Chunk, Document, load_document, split_document
from knowledge.embedding import EmbeddingModel
from knowledge.store import open_collection, update_metadata

__all__ = ["IngestReport", "collect_files", "ingest_documents"]

BATCH = 16


@dataclass
class IngestReport:
    documents: int = 0
    added: int = 0
    unchanged: int = 0
    removed: int = 0
    embedded: int = 0  # chunks that went through the model (the rest came from the vector cache)
    skipped: list[str] = field(default_factory=list)  # files that could not be read, with the reason

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def collect_files(paths: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """Supported files under the given paths (directories recursively), and the ones skipped."""
    files: list[Path] = []
    skipped: list[str] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            files.append(path)
        elif path.exists():
            skipped.append(f"{path}: not a regular file (a pipe or device)")
        else:
            skipped.append(f"{path}: not found")
    return files, skipped


def load_documents(files: Sequence[Path]) -> tuple[list[Document], list[str]]:
    docs: list[Document] = []
    skipped: list[str] = []
    for path in files:
        try:
            document = load_document(path)
        except (OSError, ValueError) as exc:
            skipped.append(f"{path}: {exc}")
            continue
        if not document.body.strip():  # it counted as a document of no chunks, which looked like a success
            skipped.append(f"{path}: empty, nothing to add")
            continue
        docs.append(document)
    return docs, skipped


def ingest_documents(
    client: Any,
    collection_name: str,
    documents: Sequence[Document],
    embeddings: EmbeddingModel,
    *,
    prune: bool = False,
    progress: bool = False,
    extra_metadata: dict[str, str] | None = None,
) -> IngestReport:
    """Bring the collection in line with `documents`.

    Chunks of these documents that no longer exist are removed; with `prune`, so are chunks of any
    document not given (the shipped notes are replaced as a whole). `extra_metadata` is merged into
    the collection's metadata after a successful run (e.g. the notes' fingerprint).
    """
    from langchain_chroma import Chroma

    collection = open_collection(client, collection_name, create=True)
    assert collection is not None  # created when missing
    report = IngestReport(documents=len(documents))
    chunks: list[Chunk] = [chunk for doc in documents for chunk in split_document(doc)]
    wanted = {chunk.id for chunk in chunks}
    keys = {doc.key for doc in documents}
    stored = collection.get(include=["metadatas"])
    stored_docs = dict(zip(stored["ids"], (m.get("doc") if m else None for m in stored["metadatas"]), strict=True))
    stale = [i for i, doc in stored_docs.items() if i not in wanted and (prune or doc in keys)]
    new = [chunk for chunk in chunks if chunk.id not in stored_docs]
    report.unchanged = len(chunks) - len(new)
    if stale:
        collection.delete(ids=stale)
        report.removed = len(stale)
    if new:
        store = Chroma(client=client, collection_name=collection_name, embedding_function=_langchain(embeddings),
                       create_collection_if_not_exists=False)
        misses_before = getattr(embeddings, "misses", None)
        for start in _batches(len(new), progress=progress, label=collection_name):
            batch = new[start : start + BATCH]
            store.add_texts([c.text for c in batch], metadatas=[dict(c.metadata) for c in batch],
                            ids=[c.id for c in batch])
        report.added = len(new)
        misses_after = getattr(embeddings, "misses", None)
        report.embedded = (misses_after - misses_before) if misses_before is not None else len(new)
    if stale or new or extra_metadata:
        update_metadata(collection, revision=uuid.uuid4().hex, **(extra_metadata or {}))
    return report


def _langchain(model: EmbeddingModel) -> Any:
    """`model` as a LangChain `Embeddings` (ours implement the interface without the base class)."""
    from langchain_core.embeddings import Embeddings

    if isinstance(model, Embeddings):
        return model

    class Adapter(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return model.embed_documents(texts)

        def embed_query(self, text: str) -> list[float]:
            return model.embed_query(text)

    return Adapter()


def _batches(total: int, *, progress: bool, label: str) -> Any:
    """Start offsets of the batches, with a Rich progress bar on stderr when asked."""
    starts = range(0, total, BATCH)
    if not progress:
        yield from starts
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task(f"embedding into {label}", total=total)
        for start in starts:
            yield start
            bar.update(task, advance=min(BATCH, total - start))
