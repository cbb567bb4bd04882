"""Where things go on the map picture: card sizes, column widths, and the split into pages.

Sizes are in pixels at a fixed DPI. Nothing is ever cut: a card is as tall as its wrapped text, a lane
as tall as its fullest cell. The default page ("auto") is 1600–2400 px wide and as tall as the map needs;
a "slide" page is 1920×1080 and the map continues on more slides, lane by lane and card by card, with
the stage band repeated so every slide can be read alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from journeys.picture.text import ELLIPSIS, ellipsize, metrics, wrap, wrap_parts
from journeys.picture.view import Card, MapView, PersonaView
from prompts.export import export_labels

__all__ = [
    "DPI",
    "LINE_ABOVE",
    "SIZES",
    "LaneSlice",
    "Layout",
    "Page",
    "PersonaBlock",
    "PlacedCard",
    "header_height",
    "paginate",
    "persona_blocks",
    "place",
    "plan",
    "scope_lines",
]

DPI = 100
SIZES: tuple[str, ...] = ("auto", "slide")
SLIDE_WIDTH, SLIDE_HEIGHT = 1920.0, 1080.0
BODY, NOTE, LINE, NOTE_LINE = 15.0, 12.5, 20.0, 17.0  # font sizes and line heights (px)
CARD_PAD, CARD_GAP, DOT_INDENT, BADGE = 8.0, 6.0, 16.0, 30.0
LANE_MIN, EMOTION_LANE = 64.0, 190.0
HEADER, BAND, FOOTER = 112.0, 74.0, 62.0
SCOPE, SCOPE_LINE, SCOPE_TOP, MAX_SCOPE_LINES = 15.0, 20.0, 102.0, 8  # the scope, under the title's line
# The service blueprint's named lines, drawn above the lane they open, in a strip of LEAD px.
LINE_ABOVE: dict[str, str] = {
    "frontstage": "line_interaction",
    "backstage": "line_visibility",
    "support": "line_internal",
}
LEAD = 22.0
MIN_SLICE = 120.0  # less room than this left on a slide: the lane starts on the next one
UNLIMITED = 1_000_000


@dataclass(frozen=True)
class PlacedCard:
    card: Card
    lines: tuple[str, ...]
    note_lines: tuple[str, ...]
    height: float
    continued: bool = False  # the second or later piece of a card too tall for one slide


@dataclass(frozen=True)
class PersonaBlock:
    persona: PersonaView
    description: tuple[str, ...]
    facets: tuple[tuple[str, ...], ...]
    height: float


@dataclass(frozen=True)
class LaneSlice:
    lane: str
    cells: tuple[tuple[PlacedCard, ...], ...]  # one tuple of cards per stage
    height: float
    part: int = 0  # 0: the lane starts here; 1, 2…: it continues from the previous slide
    lead: float = 0.0  # room above the cards: the emotion curve, or a blueprint line (line of visibility…)


@dataclass(frozen=True)
class Page:
    slices: tuple[LaneSlice, ...]
    personas: bool  # this page shows the persona block (the first page)
    body: float  # height of the lanes area
    blocks: tuple[int, ...] | None = None  # which personas, when they take several slides (None: all)


@dataclass(frozen=True)
class Layout:
    size: str
    width: float
    page_height: float | None  # None: as tall as the map needs
    margin: float
    label_width: float
    column_width: float

    def column_x(self, index: int) -> float:
        return self.margin + self.label_width + index * self.column_width

    @property
    def card_width(self) -> float:
        return self.column_width - 12


def plan(view: MapView, size: str = "auto") -> Layout:
    """Width from the number of columns — the stages, and the unassigned items' (1600–2400 px) — or a fixed
    1920×1080 slide."""
    margin, label_width = 36.0, 190.0
    columns = max(1, len(view.columns))
    if size == "slide":
        width, page_height = SLIDE_WIDTH, SLIDE_HEIGHT
        label_width = 160.0
    else:
        width, page_height = float(min(2400, max(1600, 420 + 300 * len(view.columns)))), None
    column = (width - 2 * margin - label_width) / columns
    return Layout(size, width, page_height, margin, label_width, column)


def scope_label_width(view: MapView) -> float:
    """Room for "範囲" / "Scope" before the scope's lines, which all start at the same x."""
    return metrics().width(export_labels(view.lang)["scope"], SCOPE) + 14


def scope_lines(view: MapView, layout: Layout) -> tuple[str, ...]:
    """The scope wrapped to the page (by the glyphs' widths, so Japanese breaks anywhere and Latin at
    spaces), each person's description on its own lines; past MAX_SCOPE_LINES the last ends with "…", so a
    hand-made map with a very long scope cannot push the map off a slide."""
    width = layout.width - 2 * layout.margin - scope_label_width(view)
    lines = [line for part in view.scope for line in wrap(part, width, SCOPE, UNLIMITED)]
    if len(lines) > MAX_SCOPE_LINES:
        lines = [*lines[: MAX_SCOPE_LINES - 1], ellipsize(lines[MAX_SCOPE_LINES - 1] + ELLIPSIS, width, SCOPE)]
    return tuple(lines)


def header_height(view: MapView, layout: Layout) -> float:
    """The title and subtitle band, and the scope under them when the map has one (on every page: each
    slide can be read alone)."""
    lines = len(scope_lines(view, layout))
    return max(HEADER, SCOPE_TOP + lines * SCOPE_LINE + 12) if lines else HEADER


def place(card: Card, width: float, max_height: float = UNLIMITED) -> list[PlacedCard]:
    """The card with its text wrapped to `width`; one piece, or several when taller than `max_height`."""
    # 3 px to spare: hinting makes drawn text a little wider than the font's advances say.
    text_width = width - 2 * CARD_PAD - 3 - (DOT_INDENT if card.dot else 0) - (BADGE if card.rank else 0)
    lines = tuple(wrap(card.text, text_width, BODY, UNLIMITED))
    notes = tuple(wrap_parts(card.note.split(" · "), width - 2 * CARD_PAD - 3, NOTE)) if card.note else ()
    height = 2 * CARD_PAD + len(lines) * LINE + len(notes) * NOTE_LINE
    if height <= max_height:
        return [PlacedCard(card, lines, notes, height)]
    per_piece = max(1, int((max_height - 2 * CARD_PAD) // LINE))
    chunks = [lines[i : i + per_piece] for i in range(0, len(lines), per_piece)]
    pieces = [PlacedCard(card, chunk, (), 2 * CARD_PAD + len(chunk) * LINE, i > 0) for i, chunk in enumerate(chunks)]
    last = pieces[-1]
    return [*pieces[:-1], PlacedCard(card, last.lines, notes, last.height + len(notes) * NOTE_LINE, last.continued)]


def persona_blocks(view: MapView, layout: Layout) -> list[PersonaBlock]:
    """Every persona with every facet entry, wrapped, so the block can be sized before drawing."""
    inner = layout.width - 2 * layout.margin
    left, facet_w = inner * 0.3, (inner * 0.7 - 24) / 4
    blocks = []
    for persona in view.personas:
        desc = tuple(wrap(persona.description, left - 40, 14, UNLIMITED)) if persona.description else ()
        facets = tuple(
            tuple(line for e in entries for line in wrap("• " + e, facet_w - 20, 13.5, UNLIMITED))
            for _, entries in persona.facets
        )
        height = max(70 + 20 * len(desc), 44 + 19 * max([0, *(len(f) for f in facets)])) + 16
        blocks.append(PersonaBlock(persona, desc, facets, height))
    return blocks


def personas_height(view: MapView, layout: Layout) -> float:
    return sum(b.height + 10 for b in persona_blocks(view, layout)) + 8 if view.personas else 62.0


def _stack_height(cards: Sequence[PlacedCard]) -> float:
    return sum(card.height + CARD_GAP for card in cards) + CARD_GAP


def _take(cells: list[list[PlacedCard]], room: float) -> tuple[tuple[PlacedCard, ...], ...]:
    """From each stage's remaining cards, as many as fit in `room` (in order); removes them from `cells`."""
    taken = []
    for cell in cells:
        count, used = 0, CARD_GAP
        while count < len(cell) and used + cell[count].height + CARD_GAP <= room:
            used += cell[count].height + CARD_GAP
            count += 1
        taken.append(tuple(cell[:count]))
        del cell[:count]
    return tuple(taken)


def _lead(lane: str, part: int, curve: float) -> float:
    """Room above a slice's cards: the emotion curve, or a blueprint line, where the lane starts."""
    if part:
        return 0.0
    return curve if lane == "emotion" else LEAD if lane in LINE_ABOVE else 0.0


def _cells(view: MapView, lane: str, width: float, max_height: float = UNLIMITED) -> list[list[PlacedCard]]:
    return [[c for card in s.cards.get(lane, ()) for c in place(card, width, max_height)] for s in view.columns]


def _need(cells: list[list[PlacedCard]], lane: str, lead: float) -> float:
    """A lane's height: its fullest cell (at least LANE_MIN); the emotion curve alone needs no cards."""
    if lane == "emotion" and not any(cells):
        return lead
    return max([LANE_MIN, *(_stack_height(c) for c in cells)]) + lead


def _persona_pages(view: MapView, layout: Layout, room: float) -> list[tuple[int, ...]]:
    """Persona blocks packed in order onto slides of `room` px (a block is never split)."""
    pages: list[list[int]] = [[]]
    used = 8.0
    for index, block in enumerate(persona_blocks(view, layout)):
        if pages[-1] and used + block.height + 10 > room:
            pages.append([])
            used = 8.0
        pages[-1].append(index)
        used += block.height + 10
    return [tuple(page) for page in pages]


def paginate(view: MapView, layout: Layout) -> list[Page]:
    """Lanes in order onto pages; on a slide, a lane that does not fit continues on the next slide."""
    curve = EMOTION_LANE if layout.page_height is None else 175.0
    if layout.page_height is None:
        slices = []
        for lane in view.lanes:
            cells, lead = _cells(view, lane, layout.card_width), _lead(lane, 0, curve)
            slices.append(LaneSlice(lane, tuple(tuple(c) for c in cells), _need(cells, lane, lead), lead=lead))
        return [Page(tuple(slices), True, sum(s.height for s in slices))]
    full = layout.page_height - header_height(view, layout) - BAND - FOOTER
    first = full - personas_height(view, layout)
    pages: list[Page] = []
    if first < 260:  # tall personas get slides of their own, as many as they need
        pages += [Page((), True, 0.0, blocks) for blocks in _persona_pages(view, layout, full + BAND)]
        first = full
    current: list[LaneSlice] = []
    room = first

    def turn() -> None:
        nonlocal current, room
        pages.append(Page(tuple(current), not pages, sum(s.height for s in current)))
        current, room = [], full

    for lane in view.lanes:
        pending = _cells(view, lane, layout.card_width, full - curve - 2 * CARD_GAP)
        part = 0
        while True:
            lead = _lead(lane, part, curve)
            need = _need(pending, lane, lead)
            if need <= room:
                current.append(LaneSlice(lane, tuple(tuple(c) for c in pending), need, part, lead))
                room -= need
                break
            if room < max(MIN_SLICE, lead + LANE_MIN):
                turn()
                continue
            taken = _take(pending, room - lead)
            if any(taken):
                current.append(LaneSlice(lane, taken, room, part, lead))
                part += 1
            turn()
    if current or not pages:
        turn()
    return pages
