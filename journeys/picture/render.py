"""The journey map picture: a page (or slides) a team can paste into a deck, share or print.

Stages are columns under a band of chevrons; lanes (touchpoints, actions, the blueprint's lanes when
the map has them, thoughts, the emotion curve, pain points, opportunities, KPIs) are rows of cards; the
persona sits on top, and what the map covers (its scope) under the title. Items of no current stage have a
grey column of their own after the stages (未分類 / Unassigned). Every item is drawn in full: the page grows,
or the map continues on more slides.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
    spread_bar,
)
from journeys.picture.output import encode, new_page
from journeys.picture.text import ellipsize, metrics, wrap
from journeys.picture.view import MapView, read_map
from prompts.export import export_labels

__all__ = ["continued", "render", "render_png"]

# The emotion curve's range bar (see `lanes.emotion_lane`); not among the export labels the other formats share.
_STAGE_CMAP = LinearSegmentedColormap.from_list("stages", ["#1B3A5C", "#2C7DA0", "#2A9D8F"])


def _header(p: Painter, view: MapView, layout: lay.Layout, page: str) -> None:
    inner = layout.width - 2 * layout.margin
    p.text(layout.margin, 26, ellipsize(view.title, inner - 120, 32), 32, bold=True)
    p.text(layout.margin, 74, ellipsize(view.subtitle, inner - 120, 16), 16, MUTED)
    if page:
        p.text(layout.width - layout.margin, 30, page, 22, MUTED, ha="right", bold=True)
    lines = lay.scope_lines(view, layout)
    if not lines:
        return
    p.text(layout.margin, lay.SCOPE_TOP, export_labels(view.lang)["scope"], lay.SCOPE, "#2C7DA0",
           line=lay.SCOPE_LINE, bold=True)
    text_x = layout.margin + lay.scope_label_width(view)
    for i, line in enumerate(lines):
        p.text(text_x, lay.SCOPE_TOP + i * lay.SCOPE_LINE, line, lay.SCOPE, INK, line=lay.SCOPE_LINE)


def _personas(p: Painter, view: MapView, layout: lay.Layout, top: float, only: tuple[int, ...] | None) -> float:
    labels, inner, x = export_labels(view.lang), layout.width - 2 * layout.margin, layout.margin
    if not view.personas:
        p.box(x, top, inner, 44, "#F5F7FA", edge=GRID, radius=8)
        p.text(x + 20, top + 12, labels["no_persona"], 15, MUTED)
        return top + 44 + 18
    blocks = lay.persona_blocks(view, layout)
    shown = set(range(len(blocks)) if only is None else only)
    index = 0
    for row in lay.persona_rows(blocks):
        drawn = [block for i, block in enumerate(row, start=index) if i in shown]
        index += len(row)
        for block in drawn:
            _persona(p, block, labels["persona"], top)
        if drawn:
            top += row[0].height + lay.PERSONA_GAP
    return top + 8


def _persona(p: Painter, block: lay.PersonaBlock, label: str, top: float) -> None:
    persona, x, height = block.persona, block.x, block.height
    p.box(x, top, block.width, height, "#F5F7FA", edge=GRID, radius=10)
    p.box(x, top, 8, height, "#1B3A5C", radius=0)
    p.text(x + 24, top + 14, label, 13, "#2C7DA0", bold=True)
    p.text(x + 24, top + 34, ellipsize(persona.name, block.name_width, 21), 21, bold=True)
    for i, line in enumerate(block.description):
        p.text(x + 24, top + 66 + 20 * i, line, 14, INK, line=20)
    for (facet, _), lines, (dx, dy) in zip(persona.facets, block.facets, block.facet_spots, strict=True):
        p.text(x + dx, top + dy, facet, 13.5, "#2C7DA0", bold=True)
        for i, line in enumerate(lines or ("—",)):
            p.text(x + dx + (0 if line.startswith("•") else 12), top + dy + 26 + 19 * i, line, 13.5, INK, line=19)


def _unassigned_head(p: Painter, view: MapView, layout: lay.Layout, top: float, height: float) -> None:
    """The unassigned items' column head: a grey box, apart from the stages' chevrons (it is no stage)."""
    if view.unassigned is None:
        return
    x0, x1 = layout.column_x(len(view.stages)) + 9, layout.column_x(len(view.stages) + 1) - 3
    p.box(x0, top, x1 - x0, height, "#E5E7EB", edge=MUTED, radius=8)
    name = wrap(view.unassigned.name, x1 - x0 - 16, 18, 2)
    for j, line in enumerate(name):
        p.text((x0 + x1) / 2, top + (height - 22 * len(name)) / 2 + 22 * j, line, 18, MUTED, ha="center", line=22,
               bold=True)


def _stage_band(p: Painter, view: MapView, layout: lay.Layout, top: float) -> float:
    height, tip = lay.CHEVRON, 18.0
    _unassigned_head(p, view, layout, top, height)
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
        p.ax.add_artist(Polygon(shape, closed=True, facecolor=color, edgecolor="none"))
        middle = (x0 + x1 + notch) / 2
        for line in lay.stage_texts(i, stage.name, x1 - x0 - notch - 16):
            p.text(middle, top + line.top, line.text, line.size, "#DCE7F2" if line.number else PAPER, ha="center",
                   line=line.line, bold=not line.number)
    return top + height + 8


def _has_badges(view: MapView) -> bool:
    return any(card.rank for stage in view.columns for card in stage.cards.get("opportunities", ()))


def _footer(p: Painter, view: MapView, layout: lay.Layout, top: float) -> None:
    """Legend on the left — channel dots, and the priority badges and score ranges when the map has any —
    provenance on the right."""
    labels = export_labels(view.lang)
    x = layout.margin
    p.line(layout.margin, top, layout.width - layout.margin, top, GRID)
    for channel in ("online", "offline"):
        p.ax.add_artist(Circle((x + 6, top + 22), 6, color=CHANNEL_COLORS[channel]))
        text = labels[f"legend_{channel}"]
        p.text(x + 18, top + 12, text, 14, MUTED, line=20)
        x += 18 + metrics().width(text, 14) + 28
    if _has_badges(view):
        rank_badge(p, x, top + 13, 1, LANE_COLORS["opportunities"][0])
        legend = f"{labels['priorities']}: {labels['priority_rule']}"
        p.text(x + 32, top + 12, legend, 14, MUTED, line=20)
        x += 32 + metrics().width(legend, 14) + 28
    if any(stage.spread for stage in view.stages):
        spread_bar(p, x + 6, top + 31, top + 13, cap=5)
        spread = export_labels(view.lang)["spread_legend"]
        p.text(x + 18, top + 12, spread, 14, MUTED, line=20)
        x += 18 + metrics().width(spread, 14) + 28
    room = layout.width - layout.margin - (x + 12)  # never over the legend
    p.text(layout.width - layout.margin, top + 12, ellipsize(view.footer, room, 13), 13, MUTED, ha="right", line=20)


def continued(label: str, suffix: str) -> str:
    """A lane's label where it continues from the previous slide: "Pain points (cont.)" with a space before
    the Latin bracket, "ペインポイント（続き）" with the full-width one set solid, as Japanese is."""
    return f"{label} {suffix}" if suffix[:1].isascii() and label[-1:].isascii() else label + suffix


def _lanes(p: Painter, view: MapView, layout: lay.Layout, page: lay.Page, top: float) -> None:
    labels, start = export_labels(view.lang), top
    right = layout.column_x(len(view.columns))
    for index, piece in enumerate(page.slices):
        if index % 2:
            p.box(layout.column_x(0), top, right - layout.column_x(0), piece.height, "#FAFBFC")
        label = continued(labels[piece.lane], labels["continued"]) if piece.part else labels[piece.lane]
        if piece.lead and piece.lane in lay.LINE_ABOVE:
            middle = top + piece.lead / 2 + 2
            p.line(layout.margin, middle, right, middle, "#0E7C86", 1.8, (0, (8, 4)))
            p.text(layout.column_x(0) + 8, middle - 9, labels[lay.LINE_ABOVE[piece.lane]], 12.5, "#0E7C86",
                   line=18, backdrop=True)
        label_top = top + piece.lead if piece.lane in lay.LINE_ABOVE else top
        lane_label(p, piece.lane, label, layout, label_top, piece.height - (label_top - top))
        if piece.lane == "emotion" and piece.lead:
            emotion_lane(p, view, layout, top, piece.lead)
        cards_lane(p, layout, piece, top)
        p.line(layout.margin, top + piece.height, layout.width - layout.margin, top + piece.height)
        top += piece.height
    for i in range(1, len(view.columns)):
        p.line(layout.column_x(i), start, layout.column_x(i), top, GRID, 1.0, (0, (2, 3)))


def _page_height(view: MapView, layout: lay.Layout, page: lay.Page) -> float:
    if layout.page_height is not None:
        return layout.page_height
    body = page.body + lay.BAND if view.columns else 214.0
    return lay.header_height(view, layout) + lay.personas_height(view, layout) + body + lay.FOOTER + 6


def _draw(view: MapView, layout: lay.Layout, page: lay.Page, number: str, fmt: str) -> Figure:
    height = _page_height(view, layout, page)
    figure, p = new_page(layout.width, height, fmt)
    _header(p, view, layout, number)
    header = lay.header_height(view, layout)
    top = _personas(p, view, layout, header, page.blocks) if page.personas else header
    if not view.columns:
        inner = layout.width - 2 * layout.margin
        p.box(layout.margin, top, inner, 194, "#F5F7FA", edge=GRID, radius=10)
        p.text(layout.width / 2, top + 80, export_labels(view.lang)["no_stages"], 22, MUTED, ha="center")
    elif page.slices:
        _lanes(p, view, layout, page, _stage_band(p, view, layout, top))
    _footer(p, view, layout, height - lay.FOOTER)
    return figure


def render(journey_map: Mapping[str, Any], *, fmt: str = "png", size: str = "auto",
           lang: str | None = None) -> list[bytes]:
    """The map as pictures: one PNG/SVG per page, or one PDF of all pages.

    `size="auto"`: one page 1600–2400 px wide and as tall as the map. `size="slide"`: 16:9 pages of
    1920×1080 px, as many as the map needs. Labels are in `lang` (default: the map's language).
    """
    if size not in lay.SIZES:
        raise ValueError(f"unknown picture size {size!r}; expected one of {', '.join(lay.SIZES)}")
    view = read_map(journey_map, lang)
    layout = lay.plan(view, size)
    pages = lay.paginate(view, layout) if view.columns else [lay.Page((), True, 0.0)]
    labels = export_labels(view.lang)
    figures = [
        _draw(view, layout, page, labels["page"].format(n=n, total=len(pages)) if len(pages) > 1 else "", fmt)
        for n, page in enumerate(pages, start=1)
    ]
    return encode(figures, fmt)


def render_png(journey_map: Mapping[str, Any], *, lang: str | None = None) -> bytes:
    """The whole map as one PNG, 1600–2400 px wide and as tall as it needs."""
    return render(journey_map, fmt="png", lang=lang)[0]
