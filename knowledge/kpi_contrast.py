"""Telling two easily confused cards apart by what each counts that the other does not.

Bounce rate and exit rate, average order value and cart abandonment, churn and recurring revenue: each pair
describes the same scene (a page, a basket, subscriptions), so a question's meaning lands between them and
the embedding's choice is close to a coin toss. What separates them is one detail the question states — the
visit "left right away from the first page" (bounce) or "that page was the last one" (exit); "how much" was
spent (order value) or the basket was "left behind" (abandonment); how many "people" cancel (churn) or how
much "money" comes in (recurring revenue).

A card lists, per rival (`contrast:` in kpis.yaml), the words a question about it uses and a question about
the rival does not. When two such cards are nearly tied by meaning (knowledge.kpi_meaning), the one whose
words the question contains more of wins; when neither's words appear, or both equally, the words decide
nothing and the scores stand.

A share's base — the group it is taken of ("サイトを訪れた人のうち", "among those who began filling in the form, …") —
is what most often tells two such cards apart (visitors who send a form convert; people who began the form
complete it), so a term found in the base counts twice.

Terms are matched loosely (width, case, katakana/hiragana, long-vowel marks); an English term of four
letters or more matches at the start of a word ("leav" → leave, leaves, leaving), a shorter one only as a
whole word ("ad", "ads"), so stems are written once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from knowledge.kpi_question import loose, normalise

if TYPE_CHECKING:
    from knowledge.kpi_catalogue import KpiEntry

__all__ = ["base", "confusable", "count", "negated_only", "prefer", "says_plainly", "terms_against"]

_ASCII = re.compile(r"[a-z0-9]")
MIN_STEM = 4  # shorter English terms match whole words only ("ad" is not "add")


@lru_cache(maxsize=4096)
def _pattern(term: str) -> re.Pattern[str]:
    key = loose(term).strip()
    body = re.escape(key)
    if not key or not _ASCII.match(key[0]):
        return re.compile(body)
    tail = "" if len(key) >= MIN_STEM or not _ASCII.match(key[-1]) else r"s?(?![a-z0-9])"
    return re.compile(r"(?<![a-z0-9])" + body + tail)


def count(text: str, terms: Iterable[str]) -> int:
    """How many of the terms the text contains."""
    folded = loose(normalise(text))
    return sum(1 for term in terms if _pattern(term).search(folded))


# A term the question negates ("退会せずに続けている", "解約していない", "customers who never cancelled", "haven't
# left"): it says what did NOT happen, so it is no evidence for the card whose event it names — rather the
# opposite. Japanese negates after the verb's stem (a few kana, then ず/ない/なかった/ません); English before it.
_NEGATED_AFTER_JA = re.compile(r"^[ぁ-ゖ]{0,4}?(?:ず|ない|なかっ|ません)")
_NEGATED_BEFORE_EN = re.compile(
    r"(?:\bwithout|\bnot|\bnever|n't|\bno longer|\bnor)\s+(?:(?:yet|ever|actually|really|even|been|have|had|"
    r"already)\s+)?$"
)


def _negated(folded: str, match: re.Match[str]) -> bool:
    if _ASCII.match(match.group(0)[:1]):
        return bool(_NEGATED_BEFORE_EN.search(folded[max(0, match.start() - 30) : match.start()]))
    return bool(_NEGATED_AFTER_JA.match(folded[match.end() : match.end() + 6]))


def _occurrences(text: str, terms: Iterable[str]) -> tuple[int, int]:
    """(terms found un-negated at least once, terms found only negated)."""
    folded = loose(normalise(text))
    plain = negated = 0
    for term in terms:
        found = [_negated(folded, m) for m in _pattern(term).finditer(folded)]
        if not found:
            continue
        if all(found):
            negated += 1
        else:
            plain += 1
    return plain, negated


def negated_only(text: str, terms: Iterable[str]) -> bool:
    """Whether the text holds some of the terms, every one of them negated ("退会せずに", "never cancelled")."""
    plain, negated = _occurrences(text, terms)
    return negated > 0 and plain == 0


def says_plainly(text: str, terms: Iterable[str]) -> bool:
    """Whether the text holds some of the terms un-negated."""
    return _occurrences(text, terms)[0] > 0


# The group a share is taken of: Japanese before "のうち"/"の中で", English "of/among the people who …" to a comma.
_BASE_JA = re.compile(r"^(.*)(?:のうち|の中で|のなかで|の中から)")
_BASE_EN = re.compile(
    r"\b(?:of|out of|among) (?:all )?(?:the |those |our |these |everyone )?(?:[a-z\-]+ ){0,2}"
    r"(?:who|that|which) [^,?.;]*"
)


def base(text: str) -> str:
    """The group the question's share is taken of ("" when it names none)."""
    folded = loose(normalise(text))
    found = _BASE_JA.search(folded)
    if found:
        return found.group(1)
    return " ".join(m.group(0) for m in _BASE_EN.finditer(folded))


def _weighed(text: str, terms: Iterable[str]) -> int:
    """The terms found in the text un-negated, those also found in its share's base counted twice."""
    terms = tuple(terms)
    group = base(text)
    return _occurrences(text, terms)[0] + (_occurrences(group, terms)[0] if group else 0)


def terms_against(entry: KpiEntry, rival_id: str) -> tuple[str, ...]:
    """The words `entry` lists as setting it apart from the rival (none when it lists none)."""
    return next((terms for rival, terms in entry.contrast if rival == rival_id), ())


def confusable(a: KpiEntry, b: KpiEntry) -> bool:
    """Whether either card names the other as one it is easily confused with."""
    return bool(terms_against(a, b.id) or terms_against(b, a.id))


def prefer(text: str, first: KpiEntry, second: KpiEntry) -> KpiEntry | None:
    """The card of a confusable pair the question's words point to, or None when they do not decide."""
    ours = _weighed(text, terms_against(first, second.id))
    theirs = _weighed(text, terms_against(second, first.id))
    if ours == theirs:
        return None
    return first if ours > theirs else second
