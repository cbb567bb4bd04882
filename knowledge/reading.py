"""Reading a team's document file safely: bounded in size, regular files only, text only, any common encoding.

`kb ingest` takes whatever path a person gives it. A 36 MB log would take hours to embed, a FIFO would
block the read forever, a PDF or an image would become pages of noise, and a Shift_JIS file from a
Japanese Windows machine read as UTF-8 would be stored as mojibake. Each of these is refused, or decoded
properly, with a reason the person can act on.
"""

from __future__ import annotations

import stat
from pathlib import Path

__all__ = ["MAX_DOCUMENT_BYTES", "read_text_file", "text_of"]

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024  # ~1,000 pages of text: beyond that, split the document
_ENCODINGS = ("utf-8-sig", "cp932", "cp1252", "latin-1")  # first that decodes wins; latin-1 always does
_SNIFF = 8192


def text_of(raw: bytes, *, name: str = "file") -> str:
    """Decode `raw` as UTF-8, else Shift_JIS (cp932), else Windows-1252; refuse binary data."""
    head = raw[:_SNIFF]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError(f"{name} looks binary (not a text, Markdown or HTML file)")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in _ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "cp932" or _looks_japanese(text):
            return text
    raise ValueError(f"{name}: unknown text encoding")  # unreachable: latin-1 decodes any bytes


def _looks_japanese(text: str) -> bool:
    """cp932 decodes many Western byte strings into kanji noise ("Ça coûte" → "ﾇa co鵜e"); real Japanese
    text has kana, and few half-width katakana next to them."""
    kana = sum(1 for ch in text if "\u3041" <= ch <= "\u30ff")
    half_width = sum(1 for ch in text if "\uff61" <= ch <= "\uff9f")
    return kana > 0 and half_width <= kana


def read_text_file(path: Path, *, limit: int = MAX_DOCUMENT_BYTES) -> str:
    """The text of a regular file of at most `limit` bytes; ValueError with the reason otherwise."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ValueError("not found") from None
    if not stat.S_ISREG(info.st_mode):
        raise ValueError("not a regular file (a directory, pipe or device)")
    if info.st_size > limit:
        raise ValueError(f"too large ({info.st_size / 1_048_576:.1f} MB; the limit is "
                         f"{limit / 1_048_576:.0f} MB): split it into smaller documents")
    with path.open("rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:  # it grew since stat()
        raise ValueError(f"too large (over {limit / 1_048_576:.0f} MB): split it into smaller documents")
    return text_of(raw, name=path.name)
