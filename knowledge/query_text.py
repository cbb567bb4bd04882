"""Questions as typed, brought to the words the knowledge base uses, before anything else reads them.

Teams type in Slack: half-width katakana (ﾍﾟﾙｿﾅ), loanwords in hiragana (ぺるそな, ジャーにーマップ),
whole questions in romaji ("perusona wa nannin tsukureba ii?"), and English typos ("custmer jouney").
Each of those leaves retrieval, coverage and sentence picking with words the notes never contain, so the
question is normalised once against the vocabulary of what is searched (a `Vocabulary` of the collections'
texts plus the glossary), never against a list of known questions:

- NFKC: half-width katakana and full-width Latin become their ordinary forms;
- romaji: a question written entirely in Hepburn romaji (with Japanese particles) is spelled in hiragana;
- kana: a hiragana stretch whose katakana spelling is a word of the vocabulary is written in katakana;
- typos: an English word the vocabulary lacks becomes the vocabulary word one or two edits away (same
  first letter, not shorter, a changed letter only in long words, the most frequent when several are), if
  there is one.
Words the vocabulary does not know and cannot be mapped to it are left alone: coverage decides about them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from knowledge.text import stem

__all__ = ["Vocabulary", "normalise", "romaji_to_hiragana"]

_LATIN_WORD = re.compile(r"[A-Za-z][a-z]*(?:'[a-z]+)?")
_KANA_RUN = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u30fc]+")
_KATAKANA_WORD = re.compile(r"[\u30a1-\u30fa\u30fc]{3,}")
_HIRAGANA = re.compile(r"[\u3041-\u3096]")
MIN_TYPO_LENGTH = 5  # shorter words are too often other real words one edit away
MIN_KANA_WORD = 3


@dataclass
class Vocabulary:
    """Surface words of the searched texts: English words (lower case, with counts) and katakana words."""

    english: Counter[str] = field(default_factory=Counter)
    katakana: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, texts: Iterable[str], extra: Iterable[str] = ()) -> Vocabulary:
        vocab = cls()
        for text in [*texts, *extra]:
            folded = unicodedata.normalize("NFKC", text)
            vocab.english.update(w.casefold() for w in _LATIN_WORD.findall(folded))
            vocab.katakana.update(_KATAKANA_WORD.findall(folded))
        return vocab

    def merged(self, other: Vocabulary) -> Vocabulary:
        return Vocabulary(self.english + other.english, self.katakana | other.katakana)

    def __post_init__(self) -> None:
        self._by_initial: dict[str, list[str]] | None = None
        self._stems: set[str] | None = None

    def stems(self) -> set[str]:
        if self._stems is None:
            self._stems = {stem(w) for w in self.english}
        return self._stems

    def candidates(self, initial: str) -> list[str]:
        if self._by_initial is None:
            self._by_initial = {}
            for word in self.english:
                if len(word) >= MIN_TYPO_LENGTH - 1:
                    self._by_initial.setdefault(word[0], []).append(word)
        return self._by_initial.get(initial, [])


def normalise(question: str, vocab: Vocabulary | None) -> str:
    """The question in the vocabulary's spelling (see the module docstring); unchanged where unsure."""
    text = unicodedata.normalize("NFKC", question)
    if vocab is None:
        return text
    text = romaji_to_hiragana(text)
    text = _katakana_loanwords(text, vocab)
    return _LATIN_WORD.sub(lambda m: _corrected(m.group(), vocab), text)


# -- hiragana spelled loanwords -------------------------------------------------------------------------------


def _to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def _katakana_loanwords(text: str, vocab: Vocabulary) -> str:
    """ぺるそな → ペルソナ, ジャーにーマップ → ジャーニーマップ: longest vocabulary word first, only where
    the typed stretch has hiragana in it (a katakana word typed as katakana is already as it should be)."""
    if not vocab.katakana or not _HIRAGANA.search(text):
        return text
    longest = max(map(len, vocab.katakana))

    def fix(match: re.Match[str]) -> str:
        run = match.group()
        if not _HIRAGANA.search(run):
            return run
        converted = _to_katakana(run)
        out, i = [], 0
        while i < len(run):
            for size in range(min(longest, len(run) - i), MIN_KANA_WORD - 1, -1):
                piece = converted[i : i + size]
                if piece in vocab.katakana and _HIRAGANA.search(run[i : i + size]):
                    out.append(piece)
                    i += size
                    break
            else:
                out.append(run[i])
                i += 1
        return "".join(out)

    return _KANA_RUN.sub(fix, text)


# -- English typos --------------------------------------------------------------------------------------------


def _corrected(word: str, vocab: Vocabulary) -> str:
    """The vocabulary word one edit away (two for long words) with the same first letter, else `word`.
    Capitalised words are left alone: mid-question they are names, which coverage must see as typed."""
    lower = word.casefold()
    if len(word) < MIN_TYPO_LENGTH or lower in vocab.english or word[0].isupper() or "'" in word:
        return word
    if stem(lower) in vocab.stems():
        return word  # an inflection of a known word ("workshops" when only "workshop" occurs)
    limit = 1 if len(lower) < 8 else 2
    best: tuple[int, int, str] | None = None
    for candidate in vocab.candidates(lower[0]):
        # Typing drops or swaps letters far more often than it adds one, and a shorter vocabulary word is
        # often a different real word ("reset" is not a typo of "rest"): only same-length or longer ones.
        if not 0 <= len(candidate) - len(lower) <= limit:
            continue
        # A swapped letter in a short word may well be another real word ("stuff" is no typo of "staff"):
        # short words are only mended for a dropped letter or two neighbours typed the wrong way round.
        if len(candidate) == len(lower) and len(lower) < 8 and not _swapped(lower, candidate):
            continue
        # Two letters typed wrong in place is another word more often than a typo ("confluence" is not
        # "confidence", "timezones" not "timeboxes"): a word of the same length is one slip away or none.
        allowed = 1 if len(candidate) == len(lower) else limit
        distance = _edit_distance(lower, candidate, allowed)
        if distance <= allowed:
            key = (distance, -vocab.english[candidate], candidate)
            best = key if best is None or key < best else best
    return best[2] if best else word


def _swapped(a: str, b: str) -> bool:
    """b is a with two neighbouring letters exchanged ("serivce" / "service")."""
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (transpositions count once), or limit + 1 when over the limit."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# -- romaji ---------------------------------------------------------------------------------------------------

_ROMAJI: dict[str, str] = {}
for _row, _kana in (
    ("a i u e o", "あいうえお"), ("ka ki ku ke ko", "かきくけこ"), ("sa shi su se so", "さしすせそ"),
    ("ta chi tsu te to", "たちつてと"), ("na ni nu ne no", "なにぬねの"), ("ha hi fu he ho", "はひふへほ"),
    ("ma mi mu me mo", "まみむめも"), ("ya yu yo", "やゆよ"), ("ra ri ru re ro", "らりるれろ"),
    ("wa wo", "わを"), ("ga gi gu ge go", "がぎぐげご"), ("za ji zu ze zo", "ざじずぜぞ"),
    ("da de do", "だでど"), ("ba bi bu be bo", "ばびぶべぼ"), ("pa pi pu pe po", "ぱぴぷぺぽ"),
    ("si ti tu hu zi", "しちつふじ"),
):
    _ROMAJI.update(zip(_row.split(), _kana, strict=True))
for _consonant, _base in (("ky", "き"), ("sh", "し"), ("ch", "ち"), ("ny", "に"), ("hy", "ひ"), ("my", "み"),
                          ("ry", "り"), ("gy", "ぎ"), ("j", "じ"), ("by", "び"), ("py", "ぴ")):
    for _vowel, _small in (("a", "ゃ"), ("u", "ゅ"), ("o", "ょ")):
        _ROMAJI[_consonant + _vowel] = _base + _small
_ROMAJI.update({"je": "じぇ", "fa": "ふぁ", "fi": "ふぃ", "fe": "ふぇ", "fo": "ふぉ", "ti": "てぃ", "di": "でぃ",
                "she": "しぇ", "che": "ちぇ", "va": "ゔぁ", "vi": "ゔぃ", "ve": "ゔぇ", "vo": "ゔぉ"})
# Words that make a Latin-script question Japanese: particles, endings and question words that English
# does not use ("wa", "desu", "tte"); the short ones English also has ("to", "no", "de") count only with them.
_ROMAJI_GRAMMAR = frozenset(
    str.split(
        """wa ga wo tte desu desuka masu masen deshou kana kedo ii nani nan doko itsu dou doushite naze ikura
    nannin nanjikan ikutsu shitai shite suru sureba yareba oshiete onegai"""
    )
)
_ROMAJI_PARTICLES = frozenset(str.split("to no de ni mo ka te yo ne"))
# Question words written in kanji in the notes' Japanese, so their romaji reading must become kanji too.
_ROMAJI_WORDS = {"nannin": "何人", "nanjikan": "何時間", "nanko": "何個", "nankai": "何回", "nanpun": "何分",
                 "nannichi": "何日", "naze": "なぜ", "chigai": "違い", "houhou": "方法", "yarikata": "やり方",
                 "tsukurikata": "作り方", "tsukuru": "作る", "tsukureba": "作れば", "dare": "誰", "oshiete": "教えて"}


def _romaji_word(word: str) -> str | None:
    """Hiragana for one Hepburn word, or None when it does not spell Japanese syllables."""
    out, i = [], 0
    while i < len(word):
        if word[i] == "n" and (i + 1 == len(word) or word[i + 1] not in "aiueoy"):
            out.append("ん")
            i += 1
            continue
        if i + 1 < len(word) and word[i] == word[i + 1] and word[i] not in "aiueon":
            out.append("っ")  # a doubled consonant: tte, kitto
            i += 1
            continue
        for size in (3, 2, 1):
            kana = _ROMAJI.get(word[i : i + size])
            if kana:
                out.append(kana)
                i += size
                break
        else:
            return None
    return "".join(out)


def romaji_to_hiragana(text: str) -> str:
    """A question typed in romaji ("perusona wa nannin tsukureba ii desu ka") in kana and kanji question
    words; any other text unchanged. It must read as Japanese: no Japanese script already, two particles
    or endings (one of them one English never uses), and three in five of its words spelling Japanese
    syllables (English words such as "journey map" stay as they are)."""
    if re.search(r"[\u3040-\u30ff\u3400-\u9fff]", text):
        return text
    words = re.findall(r"[A-Za-z]+", text)
    lowered = [w.casefold() for w in words]
    strong = sum(w in _ROMAJI_GRAMMAR for w in lowered)
    weak = sum(w in _ROMAJI_PARTICLES for w in lowered)
    spelled = sum(_romaji_word(w) is not None for w in lowered)
    if strong == 0 or strong + weak < 2 or spelled * 5 < len(words) * 3:
        return text

    def convert(match: re.Match[str]) -> str:
        word = match.group().casefold()
        if word in _ROMAJI_WORDS:
            return _ROMAJI_WORDS[word]
        if word == "wa":
            return "は"
        if word == "wo":
            return "を"
        kana = _romaji_word(word)
        return kana if kana is not None else match.group()

    converted = re.sub(r"[A-Za-z]+", convert, text)
    return re.sub(r"(?<=[\u3040-\u30ff\u3400-\u9fff])\s+(?=[\u3040-\u30ff\u3400-\u9fff])", "", converted)
