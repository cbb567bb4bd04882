"""The bilingual glossary: groups of terms that name one CX concept in Japanese and English.

A matched group becomes a concept token (`@touchpoint`) on both documents and queries, so an
English question meets a Japanese passage, and 痛点 (a machine-translation artefact) meets
ペインポイント, without translating anything. The groups are domain vocabulary, not question phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from knowledge.text import en_words, fold

__all__ = ["Glossary", "default_glossary"]

GLOSSARY_PATH = Path(__file__).with_name("glossary.yaml")
_HAS_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_KATAKANA_CHARS = "\u30a0-\u30ff"
_KATAKANA = re.compile(f"[{_KATAKANA_CHARS}]+")
SHORT_KATAKANA = 4


@dataclass(frozen=True)
class Concept:
    id: str
    terms: tuple[str, ...]


class Glossary:
    """Finds concepts in text: Japanese terms by substring, English terms as stemmed word sequences."""

    def __init__(self, concepts: list[Concept]) -> None:
        self.concepts = concepts
        ja: dict[str, set[str]] = {}
        en: dict[str, set[str]] = {}
        for concept in concepts:
            for term in concept.terms:
                folded = fold(term)
                if _HAS_CJK.search(folded):
                    ja.setdefault(folded.replace(" ", ""), set()).add(concept.id)
                else:
                    phrase = " ".join(en_words(folded))
                    if phrase:
                        en.setdefault(phrase, set()).add(concept.id)
        # Concepts of shorter terms inside a longer one (接点 in 顧客接点), found through the longer match.
        self._ja = {
            term: ids | {i for other, oids in ja.items() if other != term and other in term for i in oids}
            for term, ids in ja.items()
        }
        self._en = {
            phrase: ids | {i for other, oids in en.items() if other != phrase and f" {other} " in f" {phrase} "
                           for i in oids}
            for phrase, ids in en.items()
        }
        # Longest first so the regex prefers "顧客接点" over "接点" at the same position. Short katakana
        # terms must stand alone: ショップ is not a shop inside ワークショップ, nor サイト in インサイト.
        self._ja_pattern = re.compile(
            "|".join(_ja_regex(t) for t in sorted(self._ja, key=len, reverse=True))
        )
        self._en_max = max((p.count(" ") + 1 for p in en), default=1)

    def find(self, text: str) -> list[str]:
        """Concept ids in `text`, once per occurrence (order not meaningful)."""
        folded = fold(text)
        return self.find_folded(folded, en_words(folded))

    def find_folded(self, folded: str, words: list[str]) -> list[str]:
        """Concepts of folded text whose (stemmed, stop-word-free) English words are given."""
        found: list[str] = []
        if self._ja:
            for match in self._ja_pattern.finditer(folded.replace(" ", "")):
                found.extend(self._ja[match.group()])
        for _, _, ids in self.en_matches(words):
            found.extend(ids)
        return found

    def blank_ja(self, folded: str) -> str:
        """Folded text with every Japanese glossary term replaced by a space."""
        return self._ja_pattern.sub(" ", folded) if self._ja else folded

    def en_matches(self, words: list[str]) -> list[tuple[int, int, set[str]]]:
        """(start, end, concept ids) of glossary phrases in a word sequence, longest match first."""
        matches = []
        start = 0
        while start < len(words):
            for size in range(min(self._en_max, len(words) - start), 0, -1):
                ids = self._en.get(" ".join(words[start : start + size]))
                if ids:
                    matches.append((start, start + size, ids))
                    start += size
                    break
            else:
                start += 1
        return matches

    def terms_of(self, concept_id: str) -> tuple[str, ...]:
        for concept in self.concepts:
            if concept.id == concept_id:
                return concept.terms
        return ()


def _ja_regex(term: str) -> str:
    if len(term) <= SHORT_KATAKANA and _KATAKANA.fullmatch(term):
        return f"(?<![{_KATAKANA_CHARS}]){re.escape(term)}(?![{_KATAKANA_CHARS}])"
    return re.escape(term)


def load_glossary(path: Path) -> Glossary:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    concepts = [
        Concept(id=str(cid), terms=tuple(str(t) for t in (terms or [])))
        for cid, terms in data.items()
    ]
    return Glossary(concepts)


@cache
def default_glossary() -> Glossary:
    """The shipped glossary, parsed once per process."""
    return load_glossary(GLOSSARY_PATH)
