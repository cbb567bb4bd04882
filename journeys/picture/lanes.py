"""Drawing for the map picture: the palette, a pixel-unit painter, the card lanes and the emotion curve.

Kept apart from `render.py` (which lays out the page) so each stays small; everything here draws on one
matplotlib axes whose data units are pixels, with y growing downwards.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.patches import Circle, FancyBboxPatch, PathPatch
from matplotlib.path import Path
from matplotlib.patheffects import withStroke

from journeys.picture import layout as lay
from journeys.picture.text import ellipsize, font_properties, metrics, wrap
from journeys.picture.view import MapView, emotion_word
from prompts.export import export_labels

__all__ = [
    "CHANNEL_COLORS",
    "GRID",
    "INK",
    "MUTED",
    "PAPER",
    "SPREAD_COLOR",
    "Painter",
    "caption_top",
    "cards_lane",
    "emotion_lane",
    "lane_label",
    "rank_badge",
    "spread_bar",
]

INK, MUTED, GRID, PAPER = "#1F2933", "#6B7280", "#D9DEE5", "#FFFFFF"
LANE_COLORS: dict[str, tuple[str, str]] = {  # lane -> (accent, tint)
    "touchpoints": ("#2C7DA0", "#EAF4FA"),
    "actions": ("#4F5D75", "#F0F2F5"),
    "thoughts": ("#7B5EA7", "#F3EFFA"),
    "emotion": ("#C77D14", "#FFF7EA"),
    "pain_points": ("#C0392B", "#FDEDEC"),
    "opportunities": ("#1E8449", "#E9F7EF"),
    "kpis": ("#B7791F", "#FFF6E0"),
    "frontstage": ("#0E7C86", "#E6F6F7"),
    "backstage": ("#5B6B7F", "#EEF1F5"),
    "support": ("#8A6D3B", "#F6F1E7"),
    "owner": ("#374151", "#F3F4F6"),
}
CHANNEL_COLORS = {"online": "#2C7DA0", "offline": "#E67E22"}
FACE_COLORS = {-2: "#D64545", -1: "#F08C4A", 0: "#F2C94C", 1: "#8BC34A", 2: "#2E9E5B"}
SPREAD_COLOR = "#9AA5B1"  # the range of people's scores behind a face
CAPTION_GAP, CAPTION_CLEARANCE = 24.0, 9.0  # a face's caption: below its centre, and clear of the curve
LineStyle = str | tuple[float, tuple[float, ...]]


class Painter:
    """Pixel-unit drawing helpers over one axes (y grows downwards)."""

    def __init__(self, ax: Axes, *, real_text_bold: bool = False) -> None:
        self.ax = ax
        self.real_text_bold = real_text_bold

    def text(
        self,
        x: float,
        top: float,
        s: str,
        size: float,
        color: str = INK,
        *,
        ha: str = "left",
        line: float | None = None,
        bold: bool = False,
        backdrop: bool = False,
    ) -> None:
        """One line whose box starts at `top`; the baseline is placed from the font size, not the text.

        The font has one weight. In PNG and PDF "bold" is a thin outline in the text colour (a path
        effect, which draws the text as a path); in SVG, where every text must stay searchable text,
        it is `font-weight: bold`, which the viewer renders. `backdrop` puts a white patch behind the
        text where it may cross the emotion curve.
        """
        baseline = top + ((line or size * 1.3) - size) / 2 + size * 0.86
        outline = bold and not self.real_text_bold
        effects = [withStroke(linewidth=size * 0.045, foreground=color)] if outline else []
        zorder = 7.0 if backdrop else 3.0
        if backdrop:
            width = metrics().width(s, size)
            left = x - {"left": 0.0, "center": width / 2, "right": width}[ha]
            self.box(left - 2, baseline - size * 1.02, width + 4, size * 1.3, PAPER, alpha=0.85, zorder=zorder - 0.1)
        self.ax.text(
            x,
            baseline,
            s,
            fontproperties=font_properties(size, lay.DPI),
            fontweight="bold" if bold and self.real_text_bold else "normal",
            color=color,
            ha=ha,
            va="baseline",
            parse_math=False,
            usetex=False,
            path_effects=effects,
            zorder=zorder,
        )

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: str,
        *,
        edge: str = "none",
        radius: float = 0.0,
        lw: float = 1.0,
        alpha: float = 1.0,
        zorder: float = 1.0,
    ) -> None:
        style = f"round,pad=0,rounding_size={radius}" if radius else "square,pad=0"
        self.ax.add_artist(
            FancyBboxPatch(
                (x, y), w, h, boxstyle=style, facecolor=fill, edgecolor=edge, linewidth=lw, alpha=alpha, zorder=zorder
            )
        )

    def line(
        self, x0: float, y0: float, x1: float, y1: float, color: str = GRID, lw: float = 1.0, style: LineStyle = "-"
    ) -> None:
        self.ax.plot([x0, x1], [y0, y1], color=color, linewidth=lw, linestyle=style, solid_capstyle="butt")


def lane_label(p: Painter, lane: str, label: str, layout: lay.Layout, top: float, height: float) -> None:
    accent, tint = LANE_COLORS[lane]
    p.box(layout.margin, top + 3, layout.label_width - 10, height - 6, tint, radius=6)
    p.box(layout.margin, top + 3, 6, height - 6, accent)
    for i, line in enumerate(wrap(label, layout.label_width - 36, 17, 3)):
        p.text(layout.margin + 18, top + 12 + 22 * i, line, 17, accent, line=22, bold=True)


def cards_lane(p: Painter, layout: lay.Layout, piece: lay.LaneSlice, top: float) -> None:
    """Every card of one lane slice, stacked from the top of each stage's cell."""
    accent, tint = LANE_COLORS[piece.lane]
    for i, cell in enumerate(piece.cells):
        x, width = layout.column_x(i) + 6, layout.card_width
        y = top + piece.lead + lay.CARD_GAP
        for placed in cell:
            p.box(x, y, width, placed.height, tint, edge=accent, radius=6, lw=0.8)
            text_x = x + lay.CARD_PAD + (lay.DOT_INDENT if placed.card.dot else 0)
            if placed.card.dot and not placed.continued:
                dot_y = y + placed.pad + lay.LINE / 2
                p.ax.add_artist(Circle((x + lay.CARD_PAD + 5, dot_y), 5, color=CHANNEL_COLORS[placed.card.dot]))
            if placed.card.rank and not placed.continued:
                rank_badge(p, x + width - lay.CARD_PAD - 24, y + placed.pad + 1, placed.card.rank, accent)
            for j, line in enumerate(placed.lines):
                p.text(text_x, y + placed.pad + j * lay.LINE, line, lay.BODY, INK, line=lay.LINE)
            note_top = y + placed.pad + len(placed.lines) * lay.LINE
            for j, line in enumerate(placed.note_lines):
                p.text(x + lay.CARD_PAD, note_top + j * placed.note_line, line, placed.note, accent,
                       line=placed.note_line)
            y += placed.height + lay.CARD_GAP


def rank_badge(p: Painter, x: float, top: float, rank: int, color: str) -> None:
    """A small numbered pill: where an opportunity stands in the map-wide priority order."""
    p.box(x, top, 24, 18, color, radius=9)
    p.text(x + 12, top, str(rank), 12, PAPER, ha="center", line=18, bold=True)


def _face(p: Painter, x: float, y: float, score: int, r: float = 20.0) -> None:
    """An emoji-free face: the mouth's curve follows the score, from frown (-2) to broad smile (+2)."""
    p.ax.add_artist(Circle((x, y), r, facecolor=FACE_COLORS[score], edgecolor=INK, linewidth=1.6, zorder=5))
    for dx in (-0.36, 0.36):
        p.ax.add_artist(Circle((x + dx * r, y - 0.22 * r), 0.1 * r, color=INK, zorder=6))
    mouth_y, bend = y + 0.32 * r - 0.08 * r * score, 0.22 * r * score
    mouth = Path(
        [(x - 0.45 * r, mouth_y), (x, mouth_y + bend), (x + 0.45 * r, mouth_y)], [Path.MOVETO, Path.CURVE3, Path.CURVE3]
    )
    p.ax.add_artist(PathPatch(mouth, facecolor="none", edgecolor=INK, linewidth=2.0, zorder=6, capstyle="round"))


def caption_top(x: float, y: float, neighbours: Sequence[tuple[float, float]], half_width: float,
                lowest: float) -> float:
    """Where a face's caption starts: under the face, and under the curve where the caption spans.

    Under a peak (+2 between lower stages) the curve falls away on both sides and would run through a
    caption set right below the face; the caption moves down until both segments pass above its corners,
    but never below `lowest` (the curve's room ends there). A neighbour with no emotion draws no segment.
    """
    top = y + CAPTION_GAP
    for nx, ny in neighbours:
        if math.isnan(ny) or ny <= y or nx == x:
            continue  # a segment that rises or stays level keeps above the caption
        top = max(top, y + (ny - y) / abs(nx - x) * half_width + CAPTION_CLEARANCE)
    return min(top, lowest)


def spread_bar(p: Painter, x: float, y_low: float, y_high: float, cap: float = 9.0) -> None:
    """A thin bar from the lowest to the highest latest score, behind the face: the team disagrees here."""
    p.line(x, y_low, x, y_high, SPREAD_COLOR, 3.0)
    for end in (y_low, y_high):
        p.line(x - cap, end, x + cap, end, SPREAD_COLOR, 3.0)


def emotion_lane(p: Painter, view: MapView, layout: lay.Layout, top: float, height: float) -> None:
    """The curve through each stage's latest emotion; a stage without one leaves a gap and a hollow mark.

    Drawn in the top `height` px of the emotion lane; the stage's emotion answers are cards below it. Where
    people's latest scores are far apart, a bar behind the point shows their range (see `StageView.spread`).
    """
    lang, labels = view.lang, export_labels(view.lang)
    room_top, room_bottom = 26.0, 44.0  # a +2 face below the lane's top, a -2 face's caption above its bottom

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
    for i, (x, y, stage) in enumerate(zip(xs, ys, view.stages, strict=True)):
        width = layout.column_width - 24
        if stage.emotion is None:
            p.ax.add_artist(Circle((x, zero), 16, facecolor=PAPER, edgecolor=MUTED, linestyle=(0, (3, 3)), zorder=5))
            p.text(x, zero + 22, ellipsize(labels["no_emotion"], width, 13), 13, MUTED, ha="center", line=18)
            continue
        if stage.spread:
            spread_bar(p, x, y_of(stage.spread[0]), y_of(stage.spread[1]))
        _face(p, x, y, stage.emotion)
        score_label = f"{stage.emotion:+d}" if stage.emotion else "0"
        caption = ellipsize(f"{score_label} {emotion_word(stage.emotion, lang)}", width, 14)
        color = FACE_COLORS[stage.emotion] if stage.emotion in (-2, 2) else INK
        neighbours = [(xs[j], ys[j]) for j in (i - 1, i + 1) if 0 <= j < len(xs)]
        half_width = metrics().width(caption, 14) / 2 + 2
        caption_y = caption_top(x, y, neighbours, half_width, top + height - 20)
        # The team's own words are the cards under the curve, every answer of the stage.
        p.text(x, caption_y, caption, 14, color, ha="center", line=18, bold=True, backdrop=True)
