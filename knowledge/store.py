"""Chroma: the client (embedded directory or server URL) and the names of the collections.

`kb_notes` holds the shipped notes, `kb_ws_<team>` one workspace's own documents; a search reads
only the collections it is given, which is what keeps workspaces apart. Collection names carry the
embedding model when it is not the default, since vectors of different models cannot be mixed.
Telemetry is off: nothing here may reach the network except a configured Chroma server.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from knowledge.embedding import DEFAULT_EMBEDDING

__all__ = ["NOTES_COLLECTION", "collection_name", "make_client", "open_collection", "update_metadata"]

NOTES_COLLECTION = "kb_notes"
WORKSPACE_PREFIX = "kb_ws_"
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
# Cosine space through the configuration: metadata stays free for our own keys (revision, fingerprint).
COLLECTION_CONFIGURATION = {"hnsw": {"space": "cosine"}}


def make_client(*, path: Path | str | None = None, url: str | None = None) -> Any:
    """A Chroma client: `HttpClient` for a URL like http://127.0.0.1:8000, else `PersistentClient`."""
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if url:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        if not parsed.hostname:
            raise ValueError(f"CHROMA_URL is not a URL: {url!r}")
        https = parsed.scheme == "https"
        port = parsed.port or (443 if https else 8000)
        return chromadb.HttpClient(host=parsed.hostname, port=port, ssl=https, settings=settings)
    if path is None:
        raise ValueError("give a Chroma directory (CHROMA_PATH) or a server URL (CHROMA_URL)")
    Path(path).mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def _safe(name: str) -> str:
    """Chroma-safe form of a team id; a short hash keeps different ids from colliding once cleaned."""
    cleaned = _UNSAFE.sub("_", name)[:48]
    if cleaned != name:
        cleaned += "_" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return cleaned


def collection_name(workspace: str | None = None, *, embedding: str = DEFAULT_EMBEDDING) -> str:
    """`kb_notes` or `kb_ws_<team>`, suffixed with the embedding model unless it is the default."""
    if workspace is not None and not workspace.strip():
        raise ValueError("a workspace id cannot be empty")
    base = NOTES_COLLECTION if workspace is None else WORKSPACE_PREFIX + _safe(workspace.strip())
    if embedding != DEFAULT_EMBEDDING:
        base += "__" + _safe(embedding)
    return base


def open_collection(client: Any, name: str, *, create: bool) -> Any | None:
    """The collection, created empty when `create`; None when it does not exist and not `create`.

    No embedding function is attached: vectors always come from our own `Embeddings`, so Chroma's
    default (which downloads a model) is never used.
    """
    with warnings.catch_warnings():  # "legacy embedding function config": expected, we attach none
        warnings.simplefilter("ignore", DeprecationWarning)
        if create:
            return client.get_or_create_collection(
                name, configuration=COLLECTION_CONFIGURATION, embedding_function=None
            )
        try:
            return client.get_collection(name, embedding_function=None)
        except Exception as exc:  # chromadb raises NotFoundError (ValueError in older versions)
            if "does not exist" in str(exc) or type(exc).__name__ == "NotFoundError":
                return None
            raise


def update_metadata(collection: Any, **values: str) -> None:
    """Merge keys into the collection's metadata (Chroma's `modify` replaces the whole mapping)."""
    collection.modify(metadata={**(collection.metadata or {}), **values})
