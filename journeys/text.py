"""Text normalisation shared by the parsers and the engine (the language rule is in `language`)."""

from __future__ import annotations

import re
import unicodedata

# Characters that never carry meaning in an answer and that break matching when left in. A zero-width joiner
# between two pictographs is part of one emoji (👩‍💻, 🏳️‍🌈), so that one stays.
_EMOJI = "\U0001F000-\U0001FAFF\u2600-\u27BF"
_INVISIBLE = re.compile(rf"[\u200b\u200c\u2060\ufeff\u00ad\u202a-\u202e]"
                        rf"|\u200d(?!(?<=[{_EMOJI}\ufe0f]\u200d)[{_EMOJI}])")


def clean(text: str) -> str:
    """Strip zero-width/bidi control characters and surrounding whitespace; keep everything else.

    Stored text keeps the team's own spelling (full-width stays full-width); only matching uses `fold`.
    """
    text = _INVISIBLE.sub("", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return text.strip()


def fold(text: str) -> str:
    """The matching form: NFKC (full-width → ASCII), casefolded, inner whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", clean(text)).casefold().split())

