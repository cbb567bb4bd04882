"""The impact/effort matrix of the opportunities: what to do first, at a glance.

Impact grows upwards, effort to the right, one cell per pair of levels (low/medium/high), so a
rating is never forced into a half it was not given. The four corners carry the usual quadrant
names; the quick wins (high impact, low effort) corner is highlighted. Each card shows its place in
the map's priority order, its stage and its votes; opportunities without both ratings are listed
below the grid, so every opportunity is on the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from journeys.picture import layout as lay
from journeys.picture.lanes import GRID, INK, MUTED, Painter, rank_badge
from journeys.picture.output import encode, new_page
from journeys.picture.text import ellipsize, wrap
from journeys.picture.view import Card, MapView, read_map
from prompts.export import LEVEL_WORDS, export_labels, votes_label

__all__ = ["render_matrix"]

GREEN, GREEN_TINT = "#1E8449", "#D5F5E3"
CORNERS = {(3, 1): "quick_wins", (3, 3): "major_projects", (1, 1): "fill_ins", (1, 3): "thankless"}
TINTS = {"quick_wins": GREEN_TINT, "major_projects": "#EAF2FB", "fill_ins": "#F4F6F8", "thankless": "#FBEDEC"}
WIDTH, MARGIN, AXIS, CARD_W_MIN = 1600.0, 40.0, 90.0, 200.0
CELL_W = (WIDTH - 2 * MARGIN - AXIS) / 3
CARD_INSET = 12.0  # px between a cell's edge and its cards


@dataclass(frozen=True)
class _Entry:
    card: Card
    stage: str
    lines: tuple[str, ...]
    height: float


def _entry(card: Card, stage: str, width: float) -> _Entry:
    """The card wrapped for a card `width` px wide, as drawn: the text stops short of the priority badge."""
    lines = tuple(wrap(card.text, lay.text_width(card, width), lay.BODY, lay.UNLIMITED))
    return _Entry(card, stage, lines, 2 * lay.CARD_PAD + len(lines) * lay.LINE + lay.NOTE_LINE)


def _stack(entries: list[_Entry]) -> float:
    return sum(e.height + lay.CARD_GAP for e in entries) + lay.CARD_GAP


def _draw_entry(p: Painter, entry: _Entry, x: float, y: float, width: float, lang: str) -> None:
    quick = (entry.card.impact, entry.card.effort) == (3, 1)
    p.box(x, y, width, entry.height, "#FFFFFF", edge=GREEN if quick else "#9AA5B1", radius=6, lw=1.6 if quick else 0.8)
    if entry.card.rank:
        rank_badge(p, x + width - lay.CARD_PAD - 24, y + lay.CARD_PAD + 1, entry.card.rank, GREEN)
    for j, line in enumerate(entry.lines):
        p.text(x + lay.CARD_PAD, y + lay.CARD_PAD + j * lay.LINE, line, lay.BODY, INK, line=lay.LINE)
    rated = entry.card.impact and entry.card.effort
    facts = votes_label(entry.card.votes, lang) if rated and entry.card.votes else "" if rated else entry.card.note
    note = " · ".join(part for part in (entry.stage, facts) if part)  # unrated: the half rating it has, votes
    note_top = y + lay.CARD_PAD + len(entry.lines) * lay.LINE
    p.text(x + lay.CARD_PAD, note_top, ellipsize(note, width - 2 * lay.CARD_PAD, lay.NOTE), lay.NOTE, MUTED,
           line=lay.NOTE_LINE)


def _cells(view: MapView, width: float) -> tuple[dict[tuple[int, int], list[_Entry]], list[_Entry]]:
    cells: dict[tuple[int, int], list[_Entry]] = {(i, e): [] for i in (1, 2, 3) for e in (1, 2, 3)}
    unrated: list[_Entry] = []
    for stage in view.stages:
        for card in stage.cards.get("opportunities", ()):
            if card.impact and card.effort:
                cells[(card.impact, card.effort)].append(_entry(card, stage.name, width))
            else:
                unrated.append(_entry(card, stage.name, width))
    for entries in cells.values():
        entries.sort(key=lambda e: (-e.card.votes, e.card.rank or 10**6))
    return cells, unrated


def render_matrix(journey_map: Mapping[str, Any], *, fmt: str = "png", lang: str | None = None) -> list[bytes]:
    """The opportunities on an impact/effort grid, as one PNG/SVG page or a PDF."""
    view = read_map(journey_map, lang)
    labels, levels = export_labels(view.lang), LEVEL_WORDS[view.lang]
    grid_x, cell_w = MARGIN + AXIS, CELL_W
    cells, unrated = _cells(view, cell_w - 2 * CARD_INSET)
    rows = {i: max(150.0, 34 + max(_stack(cells[(i, e)]) for e in (1, 2, 3))) for i in (3, 2, 1)}
    per_row = 4
    unrated_w = (WIDTH - 2 * MARGIN - (per_row - 1) * 12) / per_row
    unrated = [_entry(e.card, e.stage, unrated_w) for e in unrated]
    unrated_rows = [unrated[i : i + per_row] for i in range(0, len(unrated), per_row)]
    unrated_h = (44 + sum(max(e.height for e in row) + 10 for row in unrated_rows)) if unrated else 0.0
    top = 150.0
    height = top + sum(rows.values()) + 60 + unrated_h + 40
    figure, p = new_page(WIDTH, height, fmt)
    p.text(MARGIN, 26, ellipsize(f"{labels['matrix_title']} — {view.title}", WIDTH - 2 * MARGIN, 30), 30, bold=True)
    p.text(MARGIN, 72, labels["matrix_hint"], 16, MUTED)
    for e in (1, 2, 3):
        p.text(grid_x + (e - 0.5) * cell_w, top - 34, f"{labels['effort']}: {levels[e]}", 16, INK, ha="center",
               bold=True)
    y = top
    for impact in (3, 2, 1):
        p.text(MARGIN + AXIS - 14, y + 10, f"{labels['impact']}", 14, MUTED, ha="right")
        p.text(MARGIN + AXIS - 14, y + 30, levels[impact], 20, INK, ha="right", bold=True)
        for effort in (1, 2, 3):
            x = grid_x + (effort - 1) * cell_w
            corner = CORNERS.get((impact, effort))
            quick = corner == "quick_wins"
            p.box(x + 4, y + 4, cell_w - 8, rows[impact] - 8, TINTS.get(corner or "", "#FAFBFC"),
                  edge=GREEN if quick else GRID, radius=10, lw=3.0 if quick else 1.0)
            if corner:
                name = ("★ " if quick else "") + labels[corner]
                p.text(x + 16, y + 10, name, 15, GREEN if quick else MUTED, bold=quick)
            card_y = y + 34
            for entry in cells[(impact, effort)]:
                _draw_entry(p, entry, x + CARD_INSET, card_y, cell_w - 2 * CARD_INSET, view.lang)
                card_y += entry.height + lay.CARD_GAP
        y += rows[impact]
    if unrated:
        y += 24
        p.text(MARGIN, y, labels["matrix_unrated"], 17, INK, bold=True)
        y += 34
        for row in unrated_rows:
            for k, entry in enumerate(row):
                _draw_entry(p, entry, MARGIN + k * (unrated_w + 12), y, unrated_w, view.lang)
            y += max(e.height for e in row) + 10
    if not any(cells.values()) and not unrated:
        p.text(WIDTH / 2, top + rows[3] + rows[2] / 2 - 12, labels["matrix_empty"], 20, MUTED, ha="center")
    p.text(WIDTH - MARGIN, height - 32, view.footer, 13, MUTED, ha="right")
    return encode([figure], fmt)
