"""Is a line a list of short entries or a sentence? One item per sentence, one per list entry.

Teams paste interview notes and type whole sentences; splitting those at every `、` gave dozens of
fragments. So a line is split at `、 , ，` only when it reads as a list: every entry short, and none of
them a clause that goes on into the next (`調べて、…`, `高いけど、…`, `Hmm, …`). Sentences are split at
`。 ． ！ ？ ! ?` (and `. ` before a capital), never inside brackets or quotes.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from journeys.language import detect_language

__all__ = ["FILLER_WORDS", "JOINER_WORDS", "SENTENCE_ENDS", "split_entries", "split_outside_brackets",
           "split_sentences"]

_OPEN = "([（「『【〔［{“"
_CLOSE = ")]）」』】〕］}”"
_JA_ENDS = "。．！？"
_EN_ENDS = "!?"
_ENDS = _JA_ENDS + _EN_ENDS + "."
SENTENCE_ENDS = _ENDS
_COMMAS = "、,，"
_SEMICOLONS = ";；"
_ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "st", "no", "approx", "inc", "ltd", "co"}

MAX_JA_ENTRY = 20  # characters: a list entry longer than this is a clause, not an entry
MAX_EN_ENTRY = 6  # words

# A Japanese clause that continues into the next one ends in a conjunctive form.
_JA_CONNECTIVE = re.compile(r"(?:て|で|けど|けれど|けれども|ので|のに|から|たら|ても|つつ|ながら|たり|だり|ため"
                            # `予約できず、…`, `わかりにくく、…`, `送料が高く、…`: a negative or an adjective going on
                            r"|ず|ずに|なく|(?<=[一-龯])く|にくく|やすく|しく"
                            r"|[ぁ-ん][しがば]|(?<!無)(?<=[一-龯])し)$")  # `登録し、…` goes on; `送料無し` is a noun
# …or in a verb stem after an object or place: `比較サイトで価格を調べ、…`.
_JA_STEM = re.compile(r"[をにがでと][^、]*?[一-龯][べけめせれえねへ]$")
FILLER_WORDS = {"hmm", "hm", "well", "honestly", "actually", "so", "ok", "okay", "yes", "no", "also", "really",
               "though", "anyway", "maybe", "basically", "like", "um", "uh", "lol"}
JOINER_WORDS = ("and ", "but ", "which ", "because ", "so ", "or ", "who ", "that ", "while ", "although ")


def _depth_walk(text: str) -> list[tuple[str, int]]:
    """Each character with the bracket depth it is at (quotes count as brackets)."""
    depth, walked = 0, []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth > 0:
            depth -= 1
        walked.append((ch, depth))
    return walked


def _sentence_ends_here(text: str, index: int) -> bool:
    """Whether the terminator run ending at `index` ends a sentence. Looks only at a few characters
    around it, so a line of a thousand dots stays linear."""
    ch = text[index]
    after = text[index + 1: index + 24]
    if after[:1] and after[0] in _ENDS + "…":
        return False  # inside a run like `?!` or `...`: the run ends later
    if ch in _JA_ENDS:  # but not the point of ２．５
        return not (ch == "．" and index > 0 and text[index - 1].isdigit() and after[:1].isdigit())
    if ch in _EN_ENDS:
        return not after or after[0].isspace() or detect_language(after[0]) == "ja"
    # "." ends a sentence before whitespace and a capital, a quote or Japanese; not after an abbreviation.
    word = re.search(r"([A-Za-z.]+)\.*$", text[max(0, index - 12): index + 1].rstrip("."))
    if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
        return False
    stripped = after.lstrip()
    if not stripped:
        return index + 1 + len(after) >= len(text)  # only spaces up to the end of the line
    return after[0].isspace() and (stripped[0].isupper() or stripped[0] in "\"'「(" or
                                   detect_language(stripped[0]) == "ja")


def split_sentences(text: str) -> list[str]:
    """Sentences of one line, each with its terminator; text outside brackets only is split."""
    sentences: list[str] = []
    start = 0
    for index, (ch, depth) in enumerate(_depth_walk(text)):
        if depth == 0 and ch in _ENDS and _sentence_ends_here(text, index):
            sentences.append(text[start: index + 1])
            start = index + 1
    sentences.append(text[start:])
    return [s.strip() for s in sentences if s.strip()]


def split_outside_brackets(text: str, separators: str) -> list[str]:
    """`text` split at any of `separators` that is not inside brackets or quotes; empty parts dropped."""
    parts: list[str] = []
    current: list[str] = []
    for ch, depth in _depth_walk(text):
        if ch in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def _is_short(entry: str) -> bool:
    """Short enough to be a list entry; what is in brackets (`(影響:高, 工数:低)`) does not count."""
    folded = unicodedata.normalize("NFKC", "".join(ch for ch, depth in _depth_walk(entry) if depth == 0))
    words = folded.split()
    if detect_language(folded) == "ja":
        # `First contact resolution 目標80%`: mostly English words with a Japanese one counts like English.
        return len(folded) <= MAX_JA_ENTRY or (2 <= len(words) <= MAX_EN_ENTRY and len(folded) <= 2 * MAX_JA_ENTRY)
    return len(words) <= MAX_EN_ENTRY


# `…, hosted on YouTube`, `…, including SSO`, `…, such as Okta`: a phrase describing the entry before it.
_EN_MODIFIER = re.compile(r"^(?:[a-z]+(?:ed|en)\s+(?:on|in|by|at|with|via|from|for|through|to)\b"
                          r"|(?:including|such as|especially|e\.g\.|i\.e\.|mostly|usually|mainly)\b)", re.I)


def _goes_on(entry: str, following: str) -> bool:
    """Whether `entry` is a clause continued by `following` rather than an entry of its own."""
    words = entry.lower().split()
    if detect_language(entry) == "ja":
        return bool(_JA_CONNECTIVE.search(entry) or _JA_STEM.search(entry))
    return (len(words) == 1 and words[0].strip(".!") in FILLER_WORDS) or following.lower().startswith(JOINER_WORDS) \
        or following.lower().strip(" .!") in FILLER_WORDS or _EN_MODIFIER.match(following) is not None


def _is_list(entries: list[str]) -> bool:
    if len(entries) < 2 or not all(_is_short(entry) for entry in entries):
        return False
    if any(unicodedata.normalize("NFKC", entry).isdigit() and unicodedata.normalize("NFKC", following)[:1].isdigit()
           for entry, following in pairwise(entries)):
        return False  # `2、3日待たされる`: two or three days, not a list
    return not any(_goes_on(entry, following) for entry, following in pairwise(entries))


_QUOTED_LIST = re.compile(r'^\s*(["“「『][^"”」』]+["”」』])(?:\s*[、,，]?\s*["“「『][^"”」』]+["”」』])+\s*$')
_BETWEEN_QUOTES = re.compile(r'(?<=["”」』])\s*[、,，]?\s*(?=["“「『])')
_LAST_AND = re.compile(r"^(?:and|or)\s+", re.I)


def _without_final_and(entries: list[str]) -> list[str]:
    """`A, B, and C`: the last entry of a list of three or more may start with `and`/`or` (the serial comma)."""
    if len(entries) >= 3 and _LAST_AND.match(entries[-1]) and not any(_LAST_AND.match(e) for e in entries[:-1]):
        return [*entries[:-1], _LAST_AND.sub("", entries[-1])]
    return entries


def split_entries(line: str, *, commas: bool = True) -> list[str]:
    """The items of one line: `;` always separates; then sentences; a sentence-free line that reads as a
    list of short entries is split at `、 , ，` (only when `commas`); quotes separated by commas are one item
    each, even where commas do not split (`"Where do I start?", "Why 40 settings?"` at the thoughts step)."""
    items: list[str] = []
    if _QUOTED_LIST.match(line):  # `「…」「…」` too: one quote, one item
        return [part.strip() for part in _BETWEEN_QUOTES.split(line.strip()) if part.strip()]
    for segment in split_outside_brackets(line, _SEMICOLONS):
        sentences = split_sentences(segment)
        if len(sentences) > 1:
            items.extend(sentences)
            continue
        entries = _without_final_and(split_outside_brackets(segment, _COMMAS)) if commas else [segment]
        ended = segment.rstrip()[-1:] in _ENDS
        if ended and segment.rstrip().endswith("。") and len(entries) >= 3:
            # `受け取りカウンター、配送業者、マイページの注文履歴。`: a list a sentence end closes is still a list
            bare = [*entries[:-1], entries[-1].rstrip().removesuffix("。")]
            if _is_list(bare):
                items.extend(bare)
                continue
        items.extend(entries if not ended and _is_list(entries) else [segment.strip()])
    return [item for item in items if item]
