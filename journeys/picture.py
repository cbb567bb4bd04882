"""The journey map picture: a PNG a CX team can post in the thread or print for the wall.

Stages are columns under a band of chevrons; lanes (touchpoints, actions, thoughts, the emotion curve,
pain points, opportunities, KPIs) are rows of cards; the persona sits on top. Drawn with matplotlib's
object API on an Agg canvas — never pyplot — so rendering keeps no global figure state and is safe to
call from a server. One axes spans the whole figure in pixel units (y down), which keeps layout
arithmetic in `_picture_layout` simple.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap, to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyBboxPatch, PathPatch, Polygon
from matplotlib.path import Path
from matplotlib.patheffects import withStroke

from journeys import _picture_layout as lay
from journeys._picture_text import ellipsize, font_properties, wrap
from prompts.export import export_labels

__all__ = ["render_png"]

INK, MUTED, GRID, PAPER = "#1F2933", "#6B7280", "#D9DEE5", "#FFFFFF"
LANE_COLORS: dict[str, tuple[str, str]] = {  # lane -> (accent, tint)
    "touchpoints": ("#2C7DA0", "#EAF4FA"),
    "actions": ("#4F5D75", "#F0F2F5"),
    "thoughts": ("#7B5EA7", "#F3EFFA"),
    "emotion": ("#C77D14", "#FFF7EA"),
    "pain_points": ("#C0392B", "#FDEDEC"),
    "opportunities": ("#1E8449", "#E9F7EF"),
    "kpis": ("#B7791F", "#FFF6E0"),
}
CHANNEL_COLORS = {"online": "#2C7DA0", "offline": "#E67E22"}
FACE_COLORS = {-2: "#D64545", -1: "#F08C4A", 0: "#F2C94C", 1: "#8BC34A", 2: "#2E9E5B"}
LineStyle = str | tuple[float, tuple[float, ...]]
_STAGE_CMAP = LinearSegmentedColormap.from_list("stages", ["#1B3A5C", "#2C7DA0", "#2A9D8F"])


class _Painter:
    """Pixel-unit drawing helpers over one axes (y grows downwards)."""

    def __init__(self, ax: Axes) -> None:
        self.ax = ax

    def text(self, x: float, top: float, s: str, size: float, color: str = INK, *, ha: str = "left",
             line: float | None = None, bold: bool = False, backdrop: bool = False) -> None:  # fmt: skip
        """One line whose box starts at `top`; the baseline is placed from the font size, not the text.

        The font has one weight, so "bold" is a thin outline in the text colour; `backdrop` puts a white
        patch behind the text where it may cross the emotion curve.
        """
        baseline = top + ((line or size * 1.3) - size) / 2 + size * 0.86
        effects = [withStroke(linewidth=size * 0.045, foreground=color)] if bold else []
        bbox = {"facecolor": PAPER, "edgecolor": "none", "alpha": 0.85, "pad": 1.5} if backdrop else None
        self.ax.text(x, baseline, s, fontproperties=font_properties(size, lay.DPI), color=color, ha=ha,
                     va="baseline", parse_math=False, usetex=False, path_effects=effects, bbox=bbox,
                     zorder=7 if backdrop else 3)  # fmt: skip

    def box(self, x: float, y: float, w: float, h: float, fill: str, *, edge: str = "none",
            radius: float = 0.0, lw: float = 1.0, alpha: float = 1.0) -> None:  # fmt: skip
        style = f"round,pad=0,rounding_size={radius}" if radius else "square,pad=0"
        self.ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle=style, facecolor=fill, edgecolor=edge,
                                         linewidth=lw, alpha=alpha))  # fmt: skip

    def line(self, x0: float, y0: float, x1: float, y1: float, color: str = GRID, lw: float = 1.0,
             style: LineStyle = "-") -> None:  # fmt: skip
        self.ax.plot([x0, x1], [y0, y1], color=color, linewidth=lw, linestyle=style, solid_capstyle="butt")


def _header(p: _Painter, view: lay.MapView, layout: lay.Layout) -> float:
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
        facets = [[line for e in entries[:4] for line in wrap("• " + e, facet_w - 20, 13.5, 2)]
                  for _, entries in persona.facets]  # fmt: skip
        height = max(70 + 20 * len(desc), 44 + 19 * max([0, *(len(f) for f in facets)])) + 16
        rows.append((persona, desc, facets, height))
    return rows


def _personas(p: _Painter, view: lay.MapView, layout: lay.Layout, top: float) -> float:
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


def _stage_band(p: _Painter, view: lay.MapView, layout: lay.Layout, top: float) -> float:
    height, tip = 66.0, 18.0
    for i, stage in enumerate(view.stages):
        x0, x1 = layout.column_x(i) + 3, layout.column_x(i + 1) - 3
        notch = 0.0 if i == 0 else tip
        shape = [(x0, top), (x1, top), (x1 + tip, top + height / 2), (x1, top + height), (x0, top + height),
                 (x0 + notch, top + height / 2)]  # fmt: skip
        if i == len(view.stages) - 1:
            shape[2] = (x1, top + height / 2)
        color = to_hex(_STAGE_CMAP(i / max(1, len(view.stages) - 1)))
        p.ax.add_patch(Polygon(shape, closed=True, facecolor=color, edgecolor="none"))
        middle = (x0 + x1 + notch) / 2
        p.text(middle, top + 8, f"{i + 1:02d}", 12.5, "#DCE7F2", ha="center")
        name = ellipsize(stage.name, x1 - x0 - notch - 16, 20)
        p.text(middle, top + 28, name, 20, PAPER, ha="center", bold=True)
    return top + height + 8


def _lane_label(p: _Painter, lane: str, label: str, layout: lay.Layout, top: float, height: float) -> None:
    accent, tint = LANE_COLORS[lane]
    p.box(layout.margin, top + 3, layout.label_width - 10, height - 6, tint, radius=6)
    p.box(layout.margin, top + 3, 6, height - 6, accent)
    for i, line in enumerate(wrap(label, layout.label_width - 36, 17, 2)):
        p.text(layout.margin + 18, top + 12 + 22 * i, line, 17, accent, line=22, bold=True)


def _cards_lane(p: _Painter, view: lay.MapView, layout: lay.Layout, lane: str, top: float, height: float) -> None:
    accent, tint = LANE_COLORS[lane]
    labels = export_labels(view.lang)
    for i, stage in enumerate(view.stages):
        x, width = layout.column_x(i) + 6, layout.column_width - 12
        shown, hidden = lay.fit_cards(stage.cards[lane], width, height - lay.CARD_GAP)
        y = top + lay.CARD_GAP
        for placed in shown:
            p.box(x, y, width, placed.height, tint, edge=accent, radius=6, lw=0.8)
            text_x = x + lay.CARD_PAD + (lay.DOT_INDENT if placed.card.dot else 0)
            if placed.card.dot:
                dot_y = y + lay.CARD_PAD + lay.LINE / 2
                p.ax.add_patch(Circle((x + lay.CARD_PAD + 5, dot_y), 5, color=CHANNEL_COLORS[placed.card.dot]))
            for j, line in enumerate(placed.lines):
                p.text(text_x, y + lay.CARD_PAD + j * lay.LINE, line, lay.BODY, INK, line=lay.LINE)
            note_top = y + lay.CARD_PAD + len(placed.lines) * lay.LINE
            for j, line in enumerate(placed.note_lines):
                p.text(x + lay.CARD_PAD, note_top + j * lay.NOTE_LINE, line, lay.NOTE, accent, line=lay.NOTE_LINE)
            y += placed.height + lay.CARD_GAP
        if hidden:
            p.text(x + width, y, labels["more"].format(n=hidden), 13, MUTED, ha="right", line=18)


def _face(p: _Painter, x: float, y: float, score: int, r: float = 20.0) -> None:
    """An emoji-free face: the mouth's curve follows the score, from frown (-2) to broad smile (+2)."""
    p.ax.add_patch(Circle((x, y), r, facecolor=FACE_COLORS[score], edgecolor=INK, linewidth=1.6, zorder=5))
    for dx in (-0.36, 0.36):
        p.ax.add_patch(Circle((x + dx * r, y - 0.22 * r), 0.1 * r, color=INK, zorder=6))
    mouth_y, bend = y + 0.32 * r - 0.08 * r * score, 0.22 * r * score
    mouth = Path([(x - 0.45 * r, mouth_y), (x, mouth_y + bend), (x + 0.45 * r, mouth_y)],
                 [Path.MOVETO, Path.CURVE3, Path.CURVE3])  # fmt: skip
    p.ax.add_patch(PathPatch(mouth, facecolor="none", edgecolor=INK, linewidth=2.0, zorder=6, capstyle="round"))


def _emotion_lane(p: _Painter, view: lay.MapView, layout: lay.Layout, top: float, height: float) -> None:
    """The curve through each stage's latest emotion; a stage without one leaves a gap and a hollow mark."""
    lang, labels = view.lang, export_labels(view.lang)
    room_top, room_bottom = 30.0, 66.0

    def y_of(score: float) -> float:
        return top + room_top + (2 - score) / 4 * (height - room_top - room_bottom)

    x_start, x_end = layout.column_x(0), layout.column_x(len(view.stages))
    for score in range(-2, 3):
        guide: LineStyle = (0, (4, 4)) if score else "-"
        p.line(x_start, y_of(score), x_end, y_of(score), GRID if score else "#AEB7C2", 1.0 if score else 1.4, guide)
        tick = f"{score:+d}" if score else "0"
        p.text(layout.margin + layout.label_width - 20, y_of(score) - 9, tick, 12, MUTED, ha="right", line=18)
    xs = [layout.column_x(i) + layout.column_width / 2 for i in range(len(view.stages))]
    ys = [y_of(s.emotion) if s.emotion is not None else float("nan") for s in view.stages]
    zero = y_of(0)
    p.ax.fill_between(xs, ys, zero, where=[y <= zero for y in ys], interpolate=True, color="#2E9E5B", alpha=0.1)
    p.ax.fill_between(xs, ys, zero, where=[y >= zero for y in ys], interpolate=True, color="#D64545", alpha=0.1)
    p.ax.plot(xs, ys, color="#3B4754", linewidth=2.8, zorder=4, solid_capstyle="round")
    for x, y, stage in zip(xs, ys, view.stages, strict=True):
        width = layout.column_width - 24
        if stage.emotion is None:
            p.ax.add_patch(Circle((x, zero), 16, facecolor=PAPER, edgecolor=MUTED, linestyle=(0, (3, 3)), zorder=5))
            p.text(x, zero + 22, ellipsize(labels["no_emotion"], width, 13), 13, MUTED, ha="center", line=18)
            continue
        _face(p, x, y, stage.emotion)
        score_label = f"{stage.emotion:+d}" if stage.emotion else "0"
        caption = [f"{score_label} {lay.emotion_word(stage.emotion, lang)}"]
        if stage.emotion_text and stage.emotion_text != lay.emotion_word(stage.emotion, lang):
            quoted = f"「{stage.emotion_text}」" if lang == "ja" else f"“{stage.emotion_text}”"
            caption.append(ellipsize(quoted, width, 13))
        for i, line in enumerate(caption):
            size = 14.0 if i == 0 else 13.0
            color = FACE_COLORS[stage.emotion] if stage.emotion in (-2, 2) and i == 0 else INK if i == 0 else MUTED
            p.text(x, y + 24 + 18 * i, line, size, color, ha="center", line=18, bold=i == 0, backdrop=True)


def _footer(p: _Painter, view: lay.MapView, layout: lay.Layout, top: float) -> None:
    labels = export_labels(view.lang)
    x = layout.margin
    p.line(layout.margin, top, layout.width - layout.margin, top, GRID)
    for channel in ("online", "offline"):
        p.ax.add_patch(Circle((x + 6, top + 22), 6, color=CHANNEL_COLORS[channel]))
        text = labels[f"legend_{channel}"]
        p.text(x + 18, top + 12, text, 14, MUTED, line=20)
        x += 40 + 14 * len(text)
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
    p = _Painter(ax)
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
                p.box(layout.column_x(0), top, layout.column_x(len(view.stages)) - layout.column_x(0),
                      lane_height, "#FAFBFC")  # fmt: skip
            _lane_label(p, lane, labels[lane], layout, top, lane_height)
            if lane == "emotion":
                _emotion_lane(p, view, layout, top, lane_height)
            else:
                _cards_lane(p, view, layout, lane, top, lane_height)
            p.line(layout.margin, top + lane_height, layout.width - layout.margin, top + lane_height)
            top += lane_height
        for i in range(1, len(view.stages)):
            x = layout.column_x(i)
            p.line(x, top - body, x, top, GRID, 1.0, (0, (2, 3)))
    _footer(p, view, layout, height - footer - 6)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=lay.DPI, facecolor=PAPER)
    return buffer.getvalue()
