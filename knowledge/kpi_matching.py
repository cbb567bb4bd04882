"""How people's words become KPI match keys: normalisation, question scaffolding, typo distance.

The matching rules themselves are described in `knowledge.kpi_catalogue`; this module holds the text
functions they are built from, so the catalogue module keeps to loading, indexing and answering.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ASCII_ALNUM", "BEFORE_STAGE_WORD", "EN_FILLER", "MAX_QUERY_CHARS", "NOT_TYPOS", "SHORT_KANA",
    "STAGE_WORD_KEYS", "capped", "detect_language", "edit_distance", "fold", "katakana_key", "match_key",
    "metric_pattern", "question_core", "typo_budget",
]

# A KPI term or question is short; only this much of the input is read (see `capped`), so a 100k-character paste
# costs the same as a normal question. Story-first messages run to ~400 characters; 300 cut their questions off.
MAX_QUERY_CHARS = 500
# A sentence's end, with what closes it (a question mark, 。, a line break): where a long message may be cut.
_SENTENCE_END = re.compile(r"[.!?。！？\n]+[\s」』)\]]*")
_ASKING_END = re.compile(r"[?？]")


def capped(text: str) -> str:
    """At most MAX_QUERY_CHARS of the text: all of it when short. Of a longer message whose question comes late, its
    first sentence (what it is about) and its last question with as many sentences before it as fit. Teams paste a
    story first and ask last ("Onboarding goes: sign up, connect a source … The PM wants a KPI for how quickly …
    Which metric should we use?"): the message's head alone would keep the story and drop the question."""
    if len(text) <= MAX_QUERY_CHARS:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    asked = [end for end in ends if _ASKING_END.search(text, max(0, end - 4), end)]
    if not asked or asked[-1] <= MAX_QUERY_CHARS:
        return text[:MAX_QUERY_CHARS]
    spans = list(zip([0, *ends], [*ends, len(text)], strict=True))
    last = next(i for i, (_, end) in enumerate(spans) if end == asked[-1])
    kept = [last]
    budget = MAX_QUERY_CHARS - (spans[last][1] - spans[last][0])
    if budget < 0:
        return text[asked[-1] - MAX_QUERY_CHARS : asked[-1]]
    first = spans[0][1] - spans[0][0]
    if last > 0 and 3 * first <= 2 * budget:  # the opening says what it is about, if it leaves room for context
        kept.append(0)
        budget -= first
    for i in range(last - 1, 0, -1):
        size = spans[i][1] - spans[i][0]
        if size > budget:
            break
        kept.append(i)
        budget -= size
    return " ".join(text[spans[i][0] : spans[i][1]].strip() for i in sorted(kept))

ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_KANA_AND_MARKS: dict[int, int | None] = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_KANA_AND_MARKS.update(dict.fromkeys(map(ord, "ー・"), None))
_STRAY_SPACE = re.compile(r"(?<=[^a-z0-9]) | (?=[^a-z0-9])")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_WORD = re.compile(r"[^\W_]+")

# Question scaffolding: a Japanese question is cut at the first marker, English filler words dropped.
# fmt: off
_JA_MARKERS = (
    "って", "とは", "の意味", "の定義", "の計算", "の出し方", "の求め方", "の測り方", "の測定", "の見方",
    "の目安", "の改善", "の違い", "の使い方", "を教えて", "を計算", "について", "はどう", "は何", "はなに",
    "はなん", "どうやって", "どう", "何", "なに", "?", "?",
)
EN_FILLER = frozenset((
    "a", "an", "the", "what", "whats", "is", "are", "was", "how", "do", "does", "did", "we", "i", "you", "to",
    "of", "in", "on", "for", "and", "or", "with", "as", "by", "me", "my", "our", "your", "it", "its", "this",
    "that", "can", "could", "should", "would", "please", "tell", "explain", "about", "define", "definition",
    "meaning", "mean", "means", "formula", "calculate", "calculated", "calculation", "compute", "computed",
    "measure", "measured", "measuring", "track", "metric", "metrics", "kpi", "kpis", "s",
))
# fmt: on
_JA_CUT = re.compile("|".join(map(re.escape, sorted(_JA_MARKERS, key=len, reverse=True))))
# Real words one typo away from an alias ("church" is not a misspelt "churn").
NOT_TYPOS = frozenset({"church", "churches", "bounced", "bouncy"})


def fold(text: str) -> str:
    """NFKC + casefold, so that full-width "ＮＰＳ" and "nps" are the same string."""
    return unicodedata.normalize("NFKC", text).casefold()


def match_key(text: str) -> str:
    """The form aliases and queries are compared in (see the module docstring)."""
    folded = fold(text).translate(_KANA_AND_MARKS)
    spaced = "".join(ch if ch.isalnum() else " " for ch in folded)
    return _STRAY_SPACE.sub("", " ".join(spaced.split()))


_HIRAGANA = re.compile(r"[\u3041-\u3096]")
# A kana name this short ("チャーン" → "ちゃん") is an everyday hiragana word too ("ちゃんと", "〜ちゃん"):
# it names a KPI only where it was typed in katakana.
SHORT_KANA = 4


def katakana_key(text: str) -> str:
    """`match_key` with every hiragana character replaced by a placeholder, position for position, so that a
    short katakana name is found only where it was typed in katakana."""
    return match_key(_HIRAGANA.sub("\u3007", text))


def detect_language(text: str) -> str:
    """Return "ja" when the text has kana, kanji or full-width forms (typed with a Japanese IME), else "en"."""
    return "ja" if _JAPANESE.search(text[:MAX_QUERY_CHARS]) else "en"


def question_core(text: str) -> str:
    """The term a question is about: "CESの計算方法" → "ces", "how do we compute churn?" → "churn"."""
    folded = fold(text[:MAX_QUERY_CHARS])
    if _JAPANESE.search(folded):
        marker = _JA_CUT.search(folded, 1)
        folded = folded[: marker.start()] if marker else folded
    return " ".join(word for word in _WORD.findall(folded) if word not in EN_FILLER)


# A metric alias right before "stage"/"段階" names a journey stage ("the retention stage"), not a KPI.
STAGE_WORD_KEYS = tuple(match_key(w) for w in ("stage", "phase", "step", "ステージ", "段階", "フェーズ"))
_STAGE_WORDS = "|".join(map(re.escape, STAGE_WORD_KEYS))
BEFORE_STAGE_WORD = re.compile(f" ?(?:{_STAGE_WORDS})")


@lru_cache(maxsize=4096)  # re's own cache holds 512 patterns, fewer than the catalogue's aliases
def metric_pattern(key: str, *, metric: bool, gaps: bool = False) -> re.Pattern[str]:
    """The pattern finding a name's key in a query's key; with `gaps`, an English name of three words or more also
    where one word stands between two of its own ("pages viewed per session" for "pages per session")."""
    parts = key.split(" ")
    joint = r"(?: [a-z]+)? ?" if gaps and len(parts) >= 3 and key.isascii() else " ?"
    body = joint.join(re.escape(part) for part in parts)
    head = r"(?<![a-z0-9])" if key[0] in ASCII_ALNUM else ""
    tail = r"s?(?![a-z0-9])" if key[-1] in ASCII_ALNUM else ""
    guard = f"(?! ?(?:{_STAGE_WORDS}))" if metric else ""
    return re.compile(head + body + tail + guard)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (swapping neighbours costs 1), capped at `limit + 1`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if before and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


def typo_budget(length: int) -> int:
    """Edits tolerated for an alias of this length: none for abbreviations, where one edit is another word."""
    return 0 if length < 5 else 1 if length < 12 else 2


