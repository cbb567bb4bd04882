"""Matching forms of text for lexical retrieval: normalisation, Japanese bigrams, English stems.

Japanese has no spaces, and a dictionary tokenizer costs hundreds of MB, so Japanese text is cut
into overlapping character bigrams (measured as good as a tokenizer here). English words are
reduced by a small suffix stripper so "mapping"/"maps"/"mapped" meet. Both sides (documents and
queries) go through the same functions, which is all that matters for matching.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

__all__ = ["detect_language", "en_words", "fold", "ja_runs", "stem", "terms"]

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u3005\u30fc"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_HIRAGANA = frozenset(chr(c) for c in range(0x3040, 0x30A0)) | {"ー"}

# Function words that carry no topic. Kept short: BM25's idf already discounts frequent words.
EN_STOPWORDS = frozenset(
    str.split(
        """a an the and or but if of to in on at by for with from into onto about as is are was were be been
    being am do does did done doing have has had having i we you they he she it its our your their my me us
    them this that these those there here what which who whom whose when where why how can could should
    would will shall may might must not no nor so than too very just also any some all each every both
    more most other such own same only then once again further up down out off over under between through
    during before after above below per via s t don't isn't aren't let's get got give tell show explain please
    i'm we're it's what's how's thing things way ways kind lot really exactly without within upon among
    honestly literally basically totally pretty quite even"""
    )
)

_SUFFIXES = (
    "izations", "ization", "isations", "isation", "ational", "fulness", "ousness", "iveness",
    "ations", "ation", "izing", "ising", "ities", "ments", "ized", "ised", "izes", "ises", "ness",
    "ment", "ings", "ity", "ize", "ise", "ing", "ies", "ied", "ed", "es", "ly", "s",
)
_VOWEL = re.compile(r"[aeiouy]")


def fold(text: str) -> str:
    """NFKC + casefold, and no spaces between Japanese characters (machine translation inserts them)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE_BETWEEN_CJK.sub("", text)


_BRACKETED = re.compile(r"[(（「『\[【][^)）」』\]】]*[)）」』\]】]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def detect_language(text: str) -> str:
    """'ja' when the text has kana or kanji, else 'en' (the two languages the bot speaks) — but an English sentence
    with its Japanese only in brackets or quotes ("How should we run it remotely (オンライン)?") is English. A
    Japanese term inline ("my 上司 wants a KPIツリー") keeps it Japanese: measured, the English notes then lose the
    words only the Japanese ones share with it."""
    text = unicodedata.normalize("NFKC", text)
    if not _CJK_RUN.search(text):
        return "en"
    plain = _BRACKETED.sub(" ", text)
    return "en" if not _CJK_RUN.search(plain) and len(_LATIN_WORD.findall(plain)) >= 3 else "ja"


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper: consistent, not linguistically perfect (both sides use it)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        base = word[: -len(suffix)]
        if not _VOWEL.search(base):
            continue
        if suffix in ("ies", "ied"):
            base += "y"
        elif suffix == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
            base = word[:-1]  # "sales" -> "sale", "matches" -> "match"
        elif suffix == "s" and base.endswith(("s", "u", "i")):
            base = word  # "process", "status", "analysis" keep their s
        elif len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
            base = base[:-1]  # "mapping" -> "mapp" -> "map"
        word = base
        break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]  # "make"/"making", "take"/"taking", "type"/"typing" meet at "mak", "tak", "typ"
    return word


def en_words(folded: str) -> list[str]:
    """Latin-script words of already folded text, stop words removed, stemmed."""
    return [stem(w.replace("'", "")) for w in _WORD.findall(folded) if w not in EN_STOPWORDS]


def ja_runs(folded: str) -> list[str]:
    """Maximal runs of Japanese characters in already folded text."""
    return _CJK_RUN.findall(folded)


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [] if run in _HIRAGANA else [run]
    return [a + b for a, b in pairwise(run) if not (a in _HIRAGANA and b in _HIRAGANA)]


def terms(text: str) -> list[str]:
    """Index terms: Japanese character bigrams (kana-only pairs dropped: particles) + English stems."""
    folded = fold(text)
    return folded_terms(folded, en_words(folded))


def folded_terms(folded: str, words: list[str]) -> list[str]:
    """`terms` of already folded text whose English words are known."""
    out: list[str] = []
    for run in ja_runs(folded):
        out.extend(_bigrams(run))
    out.extend(words)
    return out
