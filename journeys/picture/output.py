"""Figures in pixel units, and their bytes as PNG, SVG or PDF — the same drawing for every format.

matplotlib's object API on an Agg canvas, never pyplot, so rendering keeps no global figure state and is
safe to call from a server. Format settings are applied with `rc_context` around the save only:
SVG keeps real text (`svg.fonttype = none`) so every item can be searched and copied, and PDF embeds
the fonts as TrueType (`pdf.fonttype = 42`) so its text can be selected too.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from journeys.picture.lanes import PAPER, Painter
from journeys.picture.layout import DPI
from journeys.picture.text import FAMILIES

__all__ = ["FORMATS", "SVG_FALLBACKS", "encode", "new_page"]

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
_RC: dict[str, Any] = {"svg.fonttype": "none", "svg.hashsalt": "journeymap", "pdf.fonttype": 42}
# After the bundled families in SVG: common Japanese system fonts, then the generic family, so a viewer
# without IPAexGothic still draws Japanese instead of empty boxes (PNG and PDF carry their fonts).
SVG_FALLBACKS: tuple[str, ...] = (
    "'Hiragino Sans'", "'Yu Gothic'", "'Noto Sans CJK JP'", "'Noto Sans JP'", "sans-serif"
)
_SVG_FAMILY = "font-family: " + ", ".join(f"'{family}'" for family in FAMILIES)


def new_page(width: float, height: float, fmt: str) -> tuple[Figure, Painter]:
    """A blank page `width`×`height` px whose single axes uses pixel units with y growing downwards.

    The page knows its format because bold text is drawn differently in SVG (see `Painter.text`).
    """
    figure = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, facecolor=PAPER)
    FigureCanvasAgg(figure)
    ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    return figure, Painter(ax, real_text_bold=fmt == "svg")


def encode(figures: Sequence[Figure], fmt: str) -> list[bytes]:
    """One PNG or SVG per page, or one PDF holding every page; no timestamps, so output is repeatable."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown picture format {fmt!r}; expected one of {', '.join(FORMATS)}")
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]  # stubs list the keys as Literals
        if fmt == "pdf":
            from matplotlib.backends.backend_pdf import PdfPages  # imports fontTools.subset: slow, PDF only

            buffer = io.BytesIO()
            with PdfPages(buffer, metadata={"Creator": "Journey Bot", "CreationDate": None}) as pdf:
                for figure in figures:
                    pdf.savefig(figure, facecolor=PAPER)
            return [buffer.getvalue()]
        pages = []
        for figure in figures:
            buffer = io.BytesIO()
            metadata = {"Date": None} if fmt == "svg" else {"Software": "Journey Bot"}
            options: dict[str, Any] = {"pil_kwargs": {"compress_level": 4}} if fmt == "png" else {}
            figure.savefig(buffer, format=fmt, dpi=DPI, facecolor=PAPER, metadata=metadata, **options)
            pages.append(_with_fallbacks(buffer.getvalue()) if fmt == "svg" else buffer.getvalue())
        return pages


def _with_fallbacks(svg: bytes) -> bytes:
    """Every text's font list with SVG_FALLBACKS after the bundled fonts. matplotlib writes only the families
    it was given, and giving it a generic one would also change which fonts draw the PNG and PDF."""
    return svg.replace(_SVG_FAMILY.encode(), f"{_SVG_FAMILY}, {', '.join(SVG_FALLBACKS)}".encode())
