"""Text for the map picture: the bundled fonts, glyph-safe cleaning, measuring and wrapping.

The picture must look the same on every machine, so it uses fonts shipped in installed packages rather
than whatever the system has: IPAexGothic (`matplotlib-fontja`) for Japanese and Latin text, and the
monochrome Noto Emoji (`manimgx-fonts`) for the emoji teams put in answers (😩 😡 📧). matplotlib falls
back from the first family to the second glyph by glyph, in PNG, SVG and PDF alike. We read the
packages' font files without importing them: importing `matplotlib_fontja` rewrites global rcParams.

Text is measured with the font's own advance widths, so wrapping is exact for Japanese and Latin alike.
Lines may break between any two wide (CJK) characters — Japanese has no spaces — and only at spaces
inside runs of narrow (Latin) characters; closing punctuation never starts a line (kinsoku).
"""

from __future__ import annotations

import importlib.util
import logging
import threading
import unicodedata
from functools import cache
from pathlib import Path

from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font, LoadFlags

__all__ = [
    "ELLIPSIS",
    "FAMILIES",
    "FontMetrics",
    "clean_text",
    "ellipsize",
    "emoji_font_path",
    "font_path",
    "font_properties",
    "metrics",
    "wrap",
    "wrap_parts",
]

ELLIPSIS = "…"
PLACEHOLDER = "?"  # shown for an item made only of characters no bundled font has
FAMILIES: tuple[str, str] = ("IPAexGothic", "Noto Emoji")  # text first, emoji as the fallback
# Skin-tone modifiers: without a shaping engine they would be drawn as colour swatches beside the emoji.
_DROPPED = frozenset(chr(c) for c in range(0x1F3FB, 0x1F400))
_NO_LINE_START = set("、。，．,.!?！？)]}）」』】〕〉》”’ー〜…‥・:;：；ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")
_NO_LINE_END = set("([{（「『【〔〈《“‘")


def _package_file(package: str, *parts: str) -> str:
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        raise RuntimeError(f"{package} is not installed: the map picture needs its font")
    path = str(Path(locations[0], *parts))
    font_manager.fontManager.addfont(path)
    return path


@cache
def font_path() -> str:
    """IPAexGothic from the matplotlib-fontja package, registered once with matplotlib's font manager."""
    return _package_file("matplotlib_fontja", "fonts", "ipaexg.ttf")


@cache
def emoji_font_path() -> str:
    """Noto Emoji (outline glyphs, which every matplotlib backend can draw; colour emoji fonts cannot)."""
    return _package_file("manimgx_fonts", "NotoEmoji[wght].ttf")


class _BundledBoldIsFine(logging.Filter):
    """The bundled fonts have one weight; SVG asks for bold only to write `font-weight: bold` for the
    viewer (see `Painter.text`), so matplotlib's "Failed to find font weight bold" for them is noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("findfont: Failed to find font weight bold") and any(
            family in message for family in FAMILIES))


@cache
def _quiet_bold_lookups() -> None:
    logging.getLogger("matplotlib.font_manager").addFilter(_BundledBoldIsFine())


def font_properties(size_px: float, dpi: float) -> FontProperties:
    """The bundled fonts at a size given in pixels (matplotlib sizes text in points)."""
    font_path(), emoji_font_path(), _quiet_bold_lookups()  # before matplotlib looks the families up
    return FontProperties(family=list(FAMILIES), size=size_px * 72.0 / dpi)


class FontMetrics:
    """Which characters the fonts have, and how wide they are, cached; safe across threads.

    A character is measured in the first font that has it, which is the font matplotlib draws it with.
    Its width at a size is the wider of the font's exact advance (what SVG and PDF viewers lay out) and the
    hinted advance at that size (what the PNG shows): at small sizes hinting widens Latin text by up to
    ~6 %, enough to push a line of notes ("impact medium · effort low · 3 votes") out of its card.
    """

    def __init__(self, *paths: str) -> None:
        self._fonts = [FT2Font(path) for path in paths]
        self._hinted = [FT2Font(path) for path in paths]  # set to each size measured, apart from `_fonts`
        self._codes: list[frozenset[int]] = []
        for font in self._fonts:
            font.set_size(100, 72)  # 100 px per em: advances come back in 1/65536 px
            self._codes.append(frozenset(font.get_charmap()))
        self._widths: dict[str, float] = {}
        self._hinted_widths: dict[tuple[str, float], float] = {}
        self._pairs: dict[tuple[str, float], tuple[float, float]] = {}  # (exact, hinted): one look-up a char
        self._lock = threading.Lock()

    def font_index(self, char: str) -> int | None:
        """Which font draws `char` (0 = text, 1 = emoji), or None when no bundled font has it."""
        return next((i for i, codes in enumerate(self._codes) if ord(char) in codes), None)

    def has(self, char: str) -> bool:
        return self.font_index(char) is not None

    def em(self, char: str) -> float:
        width = self._widths.get(char)
        if width is None:
            with self._lock:
                font = self._fonts[self.font_index(char) or 0]
                glyph = font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
                width = self._widths[char] = glyph.linearHoriAdvance / 65536 / 100
        return width

    def hinted(self, char: str, size_px: float) -> float:
        """`char`'s advance in px at `size_px` as the PNG draws it: hinted, so rounded to the pixel grid."""
        width = self._hinted_widths.get((char, size_px))
        if width is None:
            with self._lock:
                font = self._hinted[self.font_index(char) or 0]
                font.set_size(size_px, 72)  # size_px px per em, as matplotlib sets it for the PNG
                glyph = font.load_char(ord(char), flags=LoadFlags.DEFAULT)
                width = self._hinted_widths[(char, size_px)] = glyph.horiAdvance / 64
        return width

    def width(self, text: str, size_px: float) -> float:
        """`text`'s width in px at `size_px`, as wide as it is drawn in any format."""
        exact = hinted = 0.0
        for char in text:
            pair = self._pairs.get((char, size_px))
            if pair is None:
                pair = self._pairs[(char, size_px)] = (self.em(char) * size_px, self.hinted(char, size_px))
            exact, hinted = exact + pair[0], hinted + pair[1]
        return max(exact, hinted)


@cache
def metrics() -> FontMetrics:
    return FontMetrics(font_path(), emoji_font_path())


def clean_text(value: object) -> str:
    """Printable text the fonts can draw: no glyph-missing warnings, no crash on odd Unicode.

    Whitespace and control characters become single spaces; emoji stay (drawn with the emoji font);
    a character no font has is replaced by its NFKC compatibility form when that exists (e.g. 𝐀 → A),
    else dropped, as are variation selectors, joiners and skin-tone modifiers (a ZWJ family is drawn
    as its members side by side). Text that loses everything becomes a visible placeholder.
    """
    text = unicodedata.normalize("NFC", str(value) if value is not None else "")
    font, out = metrics(), []
    for char in text:
        if char.isspace() or unicodedata.category(char) == "Cc":
            out.append(" ")
        elif char in _DROPPED:
            continue
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


def wrap_parts(parts: list[str], limit: float, size_px: float, separator: str = " · ") -> list[str]:
    """Short facts ("impact high", "2 votes") on as few lines as fit, never broken inside one fact."""
    font, lines = metrics(), list[str]()
    for part in parts:
        if lines and font.width(lines[-1] + separator + part, size_px) <= limit:
            lines[-1] += separator + part
        else:
            lines += wrap(part, limit, size_px, 1_000_000)
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
