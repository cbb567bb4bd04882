"""The one language rule of the bot: which of its two languages a text is in, and which one to reply in.

Every adapter and the knowledge base use these two functions, so a Japanese team never gets an English
reply from one surface and a Japanese one from another.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["LANGUAGES", "detect_language", "reply_language", "stated_language"]

LANGUAGES = ("ja", "en")

# Kana, kanji, Japanese punctuation, half-width katakana, and the full-width ASCII forms a Japanese input
# method types ("ＮＰＳ"): any of them means the person is typing Japanese.
_JAPANESE = re.compile(r"[\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e\uff66-\uff9f]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_language(text: str) -> str | None:
    """'ja' for Japanese text, 'en' for Latin letters only, None when it tells nothing (emoji, digits)."""
    if _JAPANESE.search(text):
        return "ja"
    if _LATIN.search(unicodedata.normalize("NFKC", text)):
        return "en"
    return None


def stated_language(text: str) -> str | None:
    """The language a message is clearly written in: Japanese as soon as it has Japanese in it; English only
    as a sentence of three words or more. `ToBe`, `PE`, `NPS`, `churn rate` are how Japanese teams write terms
    too, so they say nothing about the team's language (a session keeps its own)."""
    found = detect_language(text)
    return found if found == "ja" or (found == "en" and len(text.split()) >= 3) else None


def reply_language(setting: str, *texts: str | None, default: str = "ja") -> str:
    """BOT_LANGUAGE when it is fixed; else the language of the first text that tells; else `default`.

    A session passes its own language as `default` and no texts: it keeps the language it started in, so a
    `next` typed in a Japanese session moves it without switching its replies to English.
    """
    if setting in LANGUAGES:
        return setting
    for text in texts:
        found = detect_language(text) if text else None
        if found:
            return found
    return default
