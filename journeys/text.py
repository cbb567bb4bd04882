"""Text normalisation and language detection shared by the parsers and the engine."""

from __future__ import annotations

import re
import unicodedata

_JA_CHARS = re.compile(r"[\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")
_LATIN = re.compile(r"[A-Za-z]")
# Characters that never carry meaning in an answer and that break matching when left in.
_INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E]
)


def clean(text: str) -> str:
    """Strip zero-width/bidi control characters and surrounding whitespace; keep everything else.

    Stored text keeps the team's own spelling (full-width stays full-width); only matching uses `fold`.
    """
    text = text.translate(_INVISIBLE)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return text.strip()


def fold(text: str) -> str:
    """The matching form: NFKC (full-width → ASCII), casefolded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", clean(text)).casefold().split())


def detect_language(text: str) -> str | None:
    """'ja' if the text has any kana/kanji, 'en' if it has Latin letters only, else None (emoji, digits)."""
    if _JA_CHARS.search(text):
        return "ja"
    if _LATIN.search(unicodedata.normalize("NFKC", text)):
        return "en"
    return None
