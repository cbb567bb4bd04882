"""Unit counts over the collections being searched: how coverage knows which words are rare or unknown."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from knowledge.coverage import Unit
from knowledge.query_text import Vocabulary
from knowledge.search import CollectionIndex
from knowledge.text import fold

__all__ = ["SnapshotCorpus"]


class SnapshotCorpus:
    """Implements knowledge.coverage.Corpus over collection snapshots (lexical df, substrings)."""

    def __init__(self, indexes: Sequence[CollectionIndex]) -> None:
        self.indexes = list(indexes)
        self.size = sum(len(ix.ids) for ix in self.indexes)

    @cached_property
    def _compact(self) -> list[str]:
        return [fold(text).replace(" ", "") for ix in self.indexes for text in ix.texts]

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The searched collections' words (knowledge.query_text): a question is spelled in them."""
        vocab = Vocabulary()
        for ix in self.indexes:
            vocab = ix.vocabulary if not vocab.english else vocab.merged(ix.vocabulary)
        return vocab

    def count(self, unit: Unit) -> int:
        if unit.kind == "concept":
            return sum(ix.lexical.document_frequency(f"@{unit.value}") for ix in self.indexes)
        if unit.kind == "en":
            return sum(ix.lexical.document_frequency(unit.value) for ix in self.indexes)
        return sum(1 for text in self._compact if unit.value in text)
