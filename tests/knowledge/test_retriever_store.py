"""A collection served from memory (the shipped notes) never waits for the store, which `serve` opens on a
warm-up thread a moment after start-up (importing chromadb takes seconds)."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from knowledge.glossary import Glossary
from knowledge.search import CollectionIndex, Retriever


class _Pinned(CollectionIndex):
    def __init__(self, name: str) -> None:  # no store, no texts: only its name matters here
        self.name = name


def test_a_pinned_collection_is_served_while_the_store_is_still_opening() -> None:
    opening, release = threading.Event(), threading.Event()

    def open_store() -> Any:
        opening.set()
        release.wait(5)
        raise RuntimeError("no store in this test")

    retriever = Retriever(open_store, embeddings=None, glossary=Glossary([]))  # type: ignore[arg-type]
    notes = _Pinned("kb_notes")
    retriever.pin(notes)
    warm = threading.Thread(target=lambda: _swallow(retriever.index, "kb_team"), daemon=True)
    warm.start()
    assert opening.wait(5)
    served: list[CollectionIndex | None] = []
    reader = threading.Thread(target=lambda: served.append(retriever.index("kb_notes")), daemon=True)
    reader.start()
    reader.join(timeout=5)  # the store is held opening all along: only a reader that need not wait returns
    release.set()
    warm.join(timeout=5)
    assert served == [notes]  # answered while the store was still opening, not after


def _swallow(call: Any, *args: Any) -> None:
    with contextlib.suppress(RuntimeError):  # the test's store never opens
        call(*args)
