"""The shipped notes and their committed vectors: readable, complete, and in step with each other."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from knowledge.chunking import split_document
from knowledge.embedding import DEFAULT_EMBEDDING, CachedEmbeddings
from knowledge.notes import NOTES_DIR, load_notes, note_documents
from knowledge.vector_cache import INDEX_DIR, load_vector_cache, write_vector_cache


def test_every_shipped_note_has_front_matter() -> None:
    notes = load_notes()
    assert notes, "no notes under knowledge/notes"
    for note in notes:
        assert note.title and note.title != Path(note.ref).stem, f"{note.ref}: no title in the front matter"
        assert note.language in ("ja", "en"), f"{note.ref}: language {note.language!r}"
        assert note.ref.startswith(f"notes/{note.language}/"), f"{note.ref}: in the wrong language folder"
        assert note.topic, f"{note.ref}: front matter did not parse (quote a title holding ': ')"


def test_the_committed_vectors_match_the_shipped_notes() -> None:
    cache = load_vector_cache(INDEX_DIR, model=DEFAULT_EMBEDDING)
    assert cache is not None, "knowledge/index/note_vectors.* missing: run `make kb-vectors`"
    chunks = [chunk for doc in note_documents(NOTES_DIR) for chunk in split_document(doc)]
    stale = sorted({str(c.metadata["doc"]) for c in chunks if cache.get(c.content_hash) is None})
    assert not stale, f"notes changed since their vectors were computed: run `make kb-vectors` ({stale[:5]}…)"
    assert len(cache) == len({c.content_hash for c in chunks}), "vectors of deleted notes: run `make kb-vectors`"


def test_the_committed_chunks_match_the_shipped_notes() -> None:
    """`ask` serves the notes from knowledge/index/note_chunks.json (knowledge.memory_index): in step or unused."""
    from knowledge.glossary import default_glossary
    from knowledge.memory_index import load_memory_index
    from knowledge.notes import notes_fingerprint

    index = load_memory_index("kb_notes", fingerprint=notes_fingerprint(), model=DEFAULT_EMBEDDING,
                              glossary=default_glossary())
    assert index is not None, "knowledge/index/note_chunks.json is stale: run `make kb-vectors`"
    chunks = [chunk for doc in note_documents(NOTES_DIR) for chunk in split_document(doc)]
    assert index.ids == [c.id for c in chunks] and index.texts == [c.text for c in chunks]


def test_ingestion_embeds_only_what_the_cache_misses(tmp_path: Path) -> None:
    class Counting:
        def __init__(self) -> None:
            self.calls: list[str] = []

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            self.calls.extend(texts)
            return [[0.0, 1.0] for _ in texts]

        def embed_query(self, text: str) -> list[float]:
            return [0.0, 1.0]

    write_vector_cache(tmp_path, model="m", hashes=["h-known"], vectors=np.array([[1.0, 0.0]], dtype=np.float32))
    cache = load_vector_cache(tmp_path, model="m")
    assert cache is not None and load_vector_cache(tmp_path, model="other") is None
    inner = Counting()
    cached = CachedEmbeddings(inner, {"known text": cache.get("h-known") or []})  # type: ignore[arg-type]
    vectors = cached.embed_documents(["known text", "edited text"])
    assert inner.calls == ["edited text"] and cached.misses == 1
    assert np.allclose(vectors[0], [1.0, 0.0]) and vectors[1] == [0.0, 1.0]


def test_a_cache_gives_the_vectors_of_texts_in_their_order_or_none_when_one_is_missing() -> None:
    from knowledge.chunking import digest
    from knowledge.vector_cache import VectorCache

    vectors = np.eye(3, dtype=np.float32)
    cache = VectorCache("m", [digest("a"), digest("b"), digest("c")], vectors)
    found = cache.matrix(["c", "a"])
    assert found is not None and found.tolist() == [[0, 0, 1], [1, 0, 0]]
    assert cache.matrix(["a", "not cached"]) is None


def test_shipped_matrices_give_one_matrix_per_list_or_none_when_any_text_is_missing() -> None:
    from knowledge.kpi_catalogue import KpiCatalogue
    from knowledge.kpi_meaning import VECTOR_NAME, card_texts, phrase_texts
    from knowledge.vector_cache import shipped_matrices

    entries = list(KpiCatalogue.default())[:3]
    cards = [t for e in entries for t in card_texts(e)]
    phrases = [t for e in entries for t in phrase_texts(e)]
    found = shipped_matrices(VECTOR_NAME, cards, phrases)
    assert found is not None and [len(m) for m in found] == [len(cards), len(phrases)]
    assert shipped_matrices(VECTOR_NAME, cards, ["a text nobody embedded"]) is None
    assert shipped_matrices("no_such_vectors", cards) is None
