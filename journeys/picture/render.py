"""The journey map picture: a PNG a CX team can post in the thread or print for the wall.

Stages are columns under a band of chevrons; lanes (touchpoints, actions, thoughts, the emotion curve,
pain points, opportunities, KPIs) are rows of cards; the persona sits on top. Drawn with matplotlib's
object API on an Agg canvas — never pyplot — so rendering keeps no global figure state and is safe to
call from a server. One axes spans the whole figure in pixel units (y down), which keeps layout
arithmetic in `layout` simple.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap, to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Polygon

from journeys.picture import layout as lay
from journeys.picture.lanes import (
    CHANNEL_COLORS,
    GRID,
    INK,
    LANE_COLORS,
    MUTED,
    PAPER,
    Painter,
    cards_lane,
    emotion_lane,
    lane_label,
    rank_badge,
)
from journeys.picture.text import ellipsize, metrics, wrap
from prompts.export import export_labels

__all__ = ["render_png"]

_STAGE_CMAP = LinearSegmentedColormap.from_list("stages", ["#1B3A5C", "#2C7DA0", "#2A9D8F"])


def _header(p: Painter, view: lay.MapView, layout: lay.Layout) -> float:
    inner = layout.width - 2 * layout.margin
    p.text(layout.margin, 26, ellipsize(view.title, inner, 32), 32, bold=True)
    p.text(layout.margin, 74, ellipsize(view.subtitle, inner, 16), 16, MUTED)
    return 112.0


def _persona_rows(view: lay.MapView, inner: float) -> list[tuple[lay.PersonaView, list[str], list[list[str]], float]]:
    """Wrapped lines of each persona block and its height, so the block can be sized before drawing."""
    rows: list[tuple[lay.PersonaView, list[str], list[list[str]], float]] = []
    left, facet_w = inner * 0.3, (inner * 0.7 - 24) / len(lay.FACETS)
    for persona in view.personas:
        desc = wrap(persona.description, left - 40, 14, 4) if persona.description else []
        facets = [
            [line for e in entries[:4] for line in wrap("• " + e, facet_w - 20, 13.5, 2)]
            for _, entries in persona.facets
        ]
        height = max(70 + 20 * len(desc), 44 + 19 * max([0, *(len(f) for f in facets)])) + 16
        rows.append((persona, desc, facets, height))
    return rows


def _personas(p: Painter, view: lay.MapView, layout: lay.Layout, top: float) -> float:
    labels, inner, x = export_labels(view.lang), layout.width - 2 * layout.margin, layout.margin
    if not view.personas:
        p.box(x, top, inner, 44, "#F5F7FA", edge=GRID, radius=8)
        p.text(x + 20, top + 12, labels["no_persona"], 15, MUTED)
        return top + 44 + 18
    facet_x = x + inner * 0.3 + 12
    facet_w = (inner * 0.7 - 24) / len(lay.FACETS)
    for persona, desc, facets, height in _persona_rows(view, inner):
        p.box(x, top, inner, height, "#F5F7FA", edge=GRID, radius=10)
        p.box(x, top, 8, height, "#1B3A5C", radius=0)
        p.text(x + 24, top + 14, labels["persona"], 13, "#2C7DA0", bold=True)
        p.text(x + 24, top + 34, ellipsize(persona.name, inner * 0.3 - 40, 21), 21, bold=True)
        for i, line in enumerate(desc):
            p.text(x + 24, top + 66 + 20 * i, line, 14, INK, line=20)
        for j, ((label, _), lines) in enumerate(zip(persona.facets, facets, strict=True)):
            fx = facet_x + j * facet_w
            p.text(fx, top + 14, label, 13.5, "#2C7DA0", bold=True)
            for i, line in enumerate(lines or ["—"]):
                p.text(fx + (0 if line.startswith("•") else 12), top + 40 + 19 * i, line, 13.5, INK, line=19)
        top += height + 10
    if view.hidden_personas:
        p.text(x, top - 4, labels["more"].format(n=view.hidden_personas), 13, MUTED)
        top += 16
    return top + 8


def _stage_band(p: Painter, view: lay.MapView, layout: lay.Layout, top: float) -> float:
    height, tip = 66.0, 18.0
    for i, stage in enumerate(view.stages):
        x0, x1 = layout.column_x(i) + 3, layout.column_x(i + 1) - 3
        notch = 0.0 if i == 0 else tip
        shape = [
            (x0, top),
            (x1, top),
            (x1 + tip, top + height / 2),
            (x1, top + height),
            (x0, top + height),
            (x0 + notch, top + height / 2),
        ]
        if i == len(view.stages) - 1:
            shape[2] = (x1, top + height / 2)
        color = to_hex(_STAGE_CMAP(i / max(1, len(view.stages) - 1)))
        p.ax.add_patch(Polygon(shape, closed=True, facecolor=color, edgecolor="none"))
        middle = (x0 + x1 + notch) / 2
        p.text(middle, top + 8, f"{i + 1:02d}", 12.5, "#DCE7F2", ha="center")
        name = ellipsize(stage.name, x1 - x0 - notch - 16, 20)
        p.text(middle, top + 28, name, 20, PAPER, ha="center", bold=True)
    return top + height + 8


def _footer(p: Painter, view: lay.MapView, layout: lay.Layout, top: float) -> None:
    """Legend (channel dots, priority badges) on the left, provenance on the right."""
    labels = export_labels(view.lang)
    x = layout.margin
    p.line(layout.margin, top, layout.width - layout.margin, top, GRID)
    for channel in ("online", "offline"):
        p.ax.add_patch(Circle((x + 6, top + 22), 6, color=CHANNEL_COLORS[channel]))
        text = labels[f"legend_{channel}"]
        p.text(x + 18, top + 12, text, 14, MUTED, line=20)
        x += 18 + metrics().width(text, 14) + 28
    rank_badge(p, x, top + 13, 1, LANE_COLORS["opportunities"][0])
    p.text(x + 32, top + 12, f"{labels['priorities']}: {labels['priority_rule']}", 14, MUTED, line=20)
    p.text(layout.width - layout.margin, top + 12, view.footer, 13, MUTED, ha="right", line=20)


def _persona_height(view: lay.MapView, layout: lay.Layout) -> float:
    if not view.personas:
        return 62.0
    rows = _persona_rows(view, layout.width - 2 * layout.margin)
    return sum(row[3] + 10 for row in rows) + 8 + (16 if view.hidden_personas else 0)


def render_png(journey_map: Mapping[str, Any], *, lang: str | None = None) -> bytes:
    """The map as a PNG, 1600–2400 px wide; labels in `lang` (default: the map's language)."""
    view = lay.read_map(journey_map, lang)
    layout = lay.plan(view)
    labels = export_labels(view.lang)
    header, personas, band, footer = 112.0, _persona_height(view, layout), 74.0, 56.0
    body = sum(layout.lane_heights.values()) if view.stages else 140.0
    height = header + personas + band + body + footer + 12
    figure = Figure(figsize=(layout.width / lay.DPI, height / lay.DPI), dpi=lay.DPI, facecolor=PAPER)
    FigureCanvasAgg(figure)
    ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, layout.width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    p = Painter(ax)
    _header(p, view, layout)
    top = _personas(p, view, layout, header)
    if not view.stages:
        inner = layout.width - 2 * layout.margin
        p.box(layout.margin, top, inner, body + band - 20, "#F5F7FA", edge=GRID, radius=10)
        p.text(layout.width / 2, top + (body + band) / 2 - 24, labels["no_stages"], 22, MUTED, ha="center")
    else:
        top = _stage_band(p, view, layout, top)
        for index, lane in enumerate(lay.LANES):
            lane_height = layout.lane_heights[lane]
            if index % 2:
                p.box(
                    layout.column_x(0),
                    top,
                    layout.column_x(len(view.stages)) - layout.column_x(0),
                    lane_height,
                    "#FAFBFC",
                )
            lane_label(p, lane, labels[lane], layout, top, lane_height)
            if lane == "emotion":
                emotion_lane(p, view, layout, top, lane_height)
            else:
                cards_lane(p, view, layout, lane, top, lane_height)
            p.line(layout.margin, top + lane_height, layout.width - layout.margin, top + lane_height)
            top += lane_height
        for i in range(1, len(view.stages)):
            x = layout.column_x(i)
            p.line(x, top - body, x, top, GRID, 1.0, (0, (2, 3)))
    _footer(p, view, layout, height - footer - 6)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=lay.DPI, facecolor=PAPER)
    return buffer.getvalue()
