"""Text for the map picture: the bundled Japanese font, glyph-safe cleaning, measuring and wrapping.

The picture must look the same on every machine, so it uses one font shipped in an installed package
(IPAexGothic from `matplotlib-fontja`) rather than whatever the system has. We read the package's
font file without importing it: importing `matplotlib_fontja` rewrites global rcParams.

Text is measured with the font's own advance widths, so wrapping is exact for Japanese and Latin alike.
Lines may break between any two wide (CJK) characters — Japanese has no spaces — and only at spaces
inside runs of narrow (Latin) characters; closing punctuation never starts a line (kinsoku).
"""

from __future__ import annotations

import importlib.util
import threading
import unicodedata
from functools import cache
from pathlib import Path

from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font, LoadFlags

__all__ = ["ELLIPSIS", "FontMetrics", "clean_text", "ellipsize", "font_properties", "metrics", "wrap"]

ELLIPSIS = "…"
PLACEHOLDER = "□"  # shown for an item made only of characters the font lacks (e.g. only emoji)
_NO_LINE_START = set("、。，．,.!?！？)]}）」』】〕〉》”’ー〜…‥・:;：；ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")
_NO_LINE_END = set("([{（「『【〔〈《“‘")


@cache
def font_path() -> str:
    """IPAexGothic from the matplotlib-fontja package, registered once with matplotlib's font manager."""
    spec = importlib.util.find_spec("matplotlib_fontja")
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise RuntimeError("matplotlib-fontja is not installed: the map picture needs its Japanese font")
    path = Path(locations[0]) / "fonts" / "ipaexg.ttf"
    font_manager.fontManager.addfont(str(path))
    return str(path)


def font_properties(size_px: float, dpi: float) -> FontProperties:
    """The bundled font at a size given in pixels (matplotlib sizes text in points)."""
    return FontProperties(fname=font_path(), size=size_px * 72.0 / dpi)


class FontMetrics:
    """Which characters the font has, and how wide they are (in em), cached; safe across threads."""

    def __init__(self, path: str) -> None:
        self._font = FT2Font(path)
        self._font.set_size(100, 72)  # 100 px per em: advances come back in 1/65536 px
        self._codes = frozenset(self._font.get_charmap())
        self._widths: dict[str, float] = {}
        self._lock = threading.Lock()

    def has(self, char: str) -> bool:
        return ord(char) in self._codes

    def em(self, char: str) -> float:
        width = self._widths.get(char)
        if width is None:
            with self._lock:
                glyph = self._font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
                width = self._widths[char] = glyph.linearHoriAdvance / 65536 / 100
        return width

    def width(self, text: str, size_px: float) -> float:
        return sum(self.em(char) for char in text) * size_px


@cache
def metrics() -> FontMetrics:
    return FontMetrics(font_path())


def clean_text(value: object) -> str:
    """Printable text the font can draw: no glyph-missing warnings, no crash on emoji or odd Unicode.

    Whitespace and control characters become single spaces; a character the font lacks is replaced by
    its NFKC compatibility form when the font has that (e.g. 𝐀 → A), else dropped (emoji, variation
    selectors, joiners). Text that loses everything becomes a visible placeholder.
    """
    text = unicodedata.normalize("NFC", str(value) if value is not None else "")
    font, out = metrics(), []
    for char in text:
        if char.isspace() or unicodedata.category(char) == "Cc":
            out.append(" ")
        elif font.has(char) and unicodedata.category(char) not in ("Cf", "Co", "Cs", "Mn", "Me"):
            out.append(char)
        else:
            compat = unicodedata.normalize("NFKC", char)
            if compat != char and all(font.has(c) and not c.isspace() for c in compat):
                out.append(compat)
    cleaned = " ".join("".join(out).split())
    return cleaned or (PLACEHOLDER if text.strip() else "")


def _breaks_anywhere(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F", "A", "H")


def _tokens(text: str) -> list[str]:
    """Unbreakable pieces: single wide characters, Latin words, spaces; kinsoku glue applied."""
    raw: list[str] = []
    for char in text:
        if char == " " or _breaks_anywhere(char) or not raw or raw[-1] == " " or _breaks_anywhere(raw[-1][-1]):
            raw.append(char)
        else:
            raw[-1] += char
    tokens: list[str] = []
    for token in raw:
        glue_back = token[0] in _NO_LINE_START and tokens and tokens[-1] != " "
        glue_forward = bool(tokens) and tokens[-1][-1] in _NO_LINE_END and token != " "
        if glue_back or glue_forward:
            tokens[-1] += token
        else:
            tokens.append(token)
    return tokens


def _split_long(token: str, limit: float, size_px: float) -> list[str]:
    """A token wider than a whole line (a URL, a long word) is cut between characters."""
    font, parts, part = metrics(), [], ""
    for char in token:
        if part and font.width(part + char, size_px) > limit:
            parts.append(part)
            part = ""
        part += char
    return [*parts, part] if part else parts


def wrap(text: str, limit: float, size_px: float, max_lines: int) -> list[str]:
    """Lines of at most `limit` px; past `max_lines` the last line ends with "…". Text must be clean."""
    font, lines, line = metrics(), [], ""
    for token in _tokens(text):
        pieces = _split_long(token, limit, size_px) if font.width(token, size_px) > limit else [token]
        for piece in pieces:
            if not line and piece == " ":
                continue
            if line and font.width(line + piece, size_px) > limit:
                lines.append(line.rstrip())
                line = "" if piece == " " else piece
            else:
                line += piece
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], ellipsize(lines[max_lines - 1] + ELLIPSIS, limit, size_px)]
    return lines


def ellipsize(text: str, limit: float, size_px: float) -> str:
    """`text` on one line of at most `limit` px, cut with "…" when it does not fit."""
    font = metrics()
    if font.width(text, size_px) <= limit:
        return text
    cut = text.rstrip(ELLIPSIS)
    while cut and font.width(cut.rstrip() + ELLIPSIS, size_px) > limit:
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS
