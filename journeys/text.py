"""Text normalisation shared by the parsers and the engine (the language rule is in `language`)."""

from __future__ import annotations

import unicodedata

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

