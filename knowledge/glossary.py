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
from typing import Any

from knowledge.text import en_words, fold
from knowledge.yaml_text import load_yaml

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
            term: ids | {i for other, oids in ja.items() if other != term and _part_of(other, term) for i in oids}
            for term, ids in ja.items()
        }
        self._en = {
            phrase: ids | {i for other, oids in en.items() if other != phrase and f" {other} " in f" {phrase} "
                           for i in oids}
            for phrase, ids in en.items()
        }
        # Katakana terms as typed in a hurry (ワークショプ, ファシリテータ): without ッ, ー and small kana.
        self._katakana_loose: dict[str, set[str]] = {}
        for term, ids in self._ja.items():
            if _KATAKANA.fullmatch(term) and len(term) >= LOOSE_KATAKANA_LENGTH:
                self._katakana_loose.setdefault(_loose_katakana(term), set()).update(ids)
        # One trie-shaped regex: fast on long texts, and greedy, so "顧客接点" wins over "接点".
        self._ja_pattern = re.compile(_trie_regex(sorted(self._ja)))
        japanese = {c.id: [t for t in c.terms if _HAS_CJK.search(t)] for c in concepts}
        self._first_ja = {cid: terms[0] for cid, terms in japanese.items() if terms}
        self._en_max = max((p.count(" ") + 1 for p in en), default=1)
        self._en_heads = {p.split(" ", 1)[0] for p in en if " " in p}  # first words of multi-word terms

    def find(self, text: str, *, compounds: bool = False) -> list[str]:
        """Concept ids in `text`, once per occurrence (order not meaningful)."""
        folded = fold(text)
        return self.find_folded(folded, en_words(folded), compounds=compounds)

    def find_folded(self, folded: str, words: list[str], *, compounds: bool = False) -> list[str]:
        """Concepts of folded text whose (stemmed, stop-word-free) English words are given. With `compounds`, a
        short katakana term that heads a long compound counts too (プライマリーペルソナ: a persona): coverage reads a
        question so; the search index and the KPI look-up keep to terms that stand alone."""
        found: list[str] = []
        # (each term's concepts in a fixed order: a set's order changes with every process's string hashing, and
        # with it the Japanese words added to an English question's embedded text, and so its vector)
        for term in self._ja_terms(folded.replace(" ", ""), compounds=compounds):
            found.extend(sorted(self._ja[term]))
        for _, _, ids in self.en_matches(words):
            found.extend(sorted(ids))
        return found

    def _ja_terms(self, text: str, *, compounds: bool = False) -> list[str]:
        """Japanese terms in text, longest match first. Short katakana terms must stand alone (ショップ is no shop
        inside ワークショップ, nor サイト inside インサイト), or, with `compounds`, head a long compound."""
        terms = []
        pos = 0
        while self._ja and (match := self._ja_pattern.search(text, pos)):
            start, end, term = match.start(), match.end(), match.group()
            inside_word = len(term) <= SHORT_KATAKANA and _KATAKANA.fullmatch(term) and (
                (start > 0 and _KATAKANA.match(text[start - 1])) or (end < len(text) and _KATAKANA.match(text[end]))
            ) and not (compounds and _head_of_compound(text, start, end))
            if inside_word:
                pos = start + 1
                continue
            terms.append(term)
            pos = end
        return terms

    def japanese_equivalents(self, text: str) -> list[str]:
        """For each concept in `text`, its first Japanese term: a bridge from English to Japanese passages."""
        folded = fold(text)
        found = dict.fromkeys(self.find_folded(folded, en_words(folded)))
        return [self._first_ja[c] for c in found if c in self._first_ja]

    def misspelt(self, word: str) -> list[str]:
        """The concepts of the katakana term `word` misspells by a ッ, a ー or a small kana (ワークショプ: a
        workshop), in a fixed order; none for a word too short to tell a slip from another word."""
        if len(word) < LOOSE_KATAKANA_LENGTH - 1 or not _KATAKANA.fullmatch(word):
            return []
        return sorted(self._katakana_loose.get(_loose_katakana(word), ()))

    def compound_modifiers(self, folded: str) -> set[str]:
        """The katakana words that modify a glossary term at the end of their compound (プライマリー in
        プライマリーペルソナ): phrasing around a known term, not a name of their own."""
        modifiers = set()
        for run in _KATAKANA.findall(folded):
            for term in self._ja_terms(run, compounds=True):
                if run.endswith(term) and len(run) - len(term) >= COMPOUND_MODIFIER:
                    modifiers.add(run[: -len(term)])
        return modifiers

    def blank_ja(self, folded: str, *, compounds: bool = False) -> str:
        """Folded text with every Japanese glossary term replaced by a space."""
        for term in sorted(set(self._ja_terms(folded, compounds=compounds)), key=len, reverse=True):
            folded = folded.replace(term, " ")
        return folded

    def en_matches(self, words: list[str]) -> list[tuple[int, int, set[str]]]:
        """(start, end, concept ids) of glossary phrases in a word sequence, longest match first."""
        matches = []
        start = 0
        while start < len(words):
            longest = self._en_max if words[start] in self._en_heads else 1
            for size in range(min(longest, len(words) - start), 0, -1):
                ids = self._en.get(" ".join(words[start : start + size]))
                if ids:
                    matches.append((start, start + size, ids))
                    start += size
                    break
            else:
                start += 1
        return matches


LOOSE_KATAKANA_LENGTH = 5  # katakana terms this long are recognised misspelt; shorter ones would meet other words
_SMALL_KANA = str.maketrans("ァィゥェォャュョヮヵヶ", "アイウエオヤユヨワカケ")


def _loose_katakana(word: str) -> str:
    """A katakana word without the marks people drop or slip on (ッ, ー, ・) and with small kana made large."""
    return word.translate(_SMALL_KANA).replace("ッ", "").replace("ー", "").replace("・", "")


# A katakana word this long before a short term makes a compound whose head is the term: Japanese compounds are
# head-last, so プライマリーペルソナ is a kind of persona; ワーク+ショップ and イン+サイト are too short to be words.
COMPOUND_MODIFIER = 4


def _head_of_compound(text: str, start: int, end: int) -> bool:
    """The katakana term at text[start:end] ends a katakana word, after a modifier of COMPOUND_MODIFIER or more."""
    if end < len(text) and _KATAKANA.match(text[end]):
        return False
    modifier = start
    while modifier > 0 and _KATAKANA.match(text[modifier - 1]):
        modifier -= 1
    return start - modifier >= COMPOUND_MODIFIER


def _part_of(short: str, term: str) -> bool:
    """`short` occurs in `term` as a word of its own: a short katakana term inside a longer katakana word is
    not one (ショップ in ワークショップ is no shop)."""
    start = term.find(short)
    while start >= 0:
        end = start + len(short)
        inside_word = len(short) <= SHORT_KATAKANA and _KATAKANA.fullmatch(short) and (
            (start > 0 and _KATAKANA.match(term[start - 1])) or (end < len(term) and _KATAKANA.match(term[end]))
        )
        if not inside_word:
            return True
        start = term.find(short, start + 1)
    return False


def _trie_regex(terms: list[str]) -> str:
    """A regex matching any of `terms`, shaped as a trie so each position tries only matching prefixes."""
    trie: dict[str, Any] = {}
    for term in terms:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a term may end here: try the longer terms first (greedy), then stop
            return f"(?:{body})?"
        return body

    return pattern(trie) or "(?!)"


def load_glossary(path: Path) -> Glossary:
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    concepts = [
        Concept(id=str(cid), terms=tuple(str(t) for t in (terms or [])))
        for cid, terms in data.items()
    ]
    return Glossary(concepts)


@cache
def default_glossary() -> Glossary:
    """The shipped glossary, parsed once per process."""
    return load_glossary(GLOSSARY_PATH)
