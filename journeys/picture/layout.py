"""Where things go on the map picture: card sizes, column widths, and the split into pages.

Sizes are in pixels at a fixed DPI. Nothing is ever cut: a card is as tall as its wrapped text, a lane
as tall as its fullest cell. The default page ("auto") is 1600–2400 px wide and as tall as the map needs;
a "slide" page is 1920×1080 and the map continues on more slides, lane by lane and card by card, with
the stage band repeated so every slide can be read alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from journeys.picture.text import ELLIPSIS, ellipsize, metrics, wrap, wrap_parts
from journeys.picture.view import Card, MapView, PersonaView
from prompts.export import export_labels

__all__ = [
    "DPI",
    "LINE_ABOVE",
    "SIZES",
    "SLIDE_FITS",
    "BandText",
    "Fit",
    "LaneSlice",
    "Layout",
    "Page",
    "PersonaBlock",
    "PlacedCard",
    "header_height",
    "paginate",
    "persona_blocks",
    "persona_columns",
    "persona_rows",
    "personas_height",
    "place",
    "plan",
    "scope_lines",
    "stage_texts",
    "text_width",
]

DPI = 100
SIZES: tuple[str, ...] = ("auto", "slide")
SLIDE_WIDTH, SLIDE_HEIGHT = 1920.0, 1080.0
BODY, NOTE, LINE, NOTE_LINE = 15.0, 12.5, 20.0, 17.0  # font sizes and line heights (px)
SLIDE_NOTE = 13.5  # notes on a projected slide: 12.5 px is hard to read from the back of the room
CARD_PAD, CARD_GAP, DOT_INDENT, BADGE = 8.0, 6.0, 16.0, 30.0
HINTING_SLACK = 3.0  # px: drawn (hinted) text is a little wider than the font's advances
LANE_MIN, EMOTION_LANE = 64.0, 190.0
SLIDE_CURVE, COMPACT_CURVE, COMPACT_LANE_MIN, COMPACT_PAD = 175.0, 140.0, 48.0, 6.0  # on slides: `SLIDE_FITS`
FEW_CARDS = 2  # a lane is not continued on the next slide for this many cards (when moving it whole fits)
HEADER, BAND, FOOTER = 112.0, 74.0, 62.0
CHEVRON = 66.0  # the stage chevrons' height (BAND less the gap under them)
SCOPE, SCOPE_LINE, SCOPE_TOP, MAX_SCOPE_LINES = 15.0, 20.0, 102.0, 8  # the scope, under the title's line
# The service blueprint's named lines, drawn above the lane they open, in a strip of LEAD px.
LINE_ABOVE: dict[str, str] = {
    "frontstage": "line_interaction",
    "backstage": "line_visibility",
    "support": "line_internal",
}
LEAD = 22.0
PERSONA_GRID_FROM, PERSONA_COLUMNS, PERSONA_GAP, FACET_GAP = 3, 3, 10.0, 12.0
MIN_SLICE = 120.0  # less room than this left on a slide: the lane starts on the next one
UNLIMITED = 1_000_000


@dataclass(frozen=True)
class PlacedCard:
    card: Card
    lines: tuple[str, ...]
    note_lines: tuple[str, ...]
    height: float
    continued: bool = False  # the second or later piece of a card too tall for one slide
    pad: float = CARD_PAD  # room above and below the text (less on a slide packed tightly, see `Fit`)
    note: float = NOTE  # the note lines' font size (larger on a slide, see `Layout.note`)

    @property
    def note_line(self) -> float:
        return note_line_height(self.note)


@dataclass(frozen=True)
class PersonaBlock:
    """One persona's box: where it goes (`x`, `row`: its line of boxes), and where each facet starts in it."""

    persona: PersonaView
    description: tuple[str, ...]
    facets: tuple[tuple[str, ...], ...]
    height: float  # the height of its row: the boxes of a row are as tall as the tallest
    x: float = 0.0
    width: float = 0.0
    row: int = 0
    name_width: float = 0.0
    facet_spots: tuple[tuple[float, float], ...] = ()  # (dx, dy) of each facet's label from the box's corner


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
class BandText:
    """One line in a stage's chevron: its number ("01") or a line of its name; `top` from the chevron's top."""

    text: str
    top: float
    size: float
    line: float
    number: bool = False


@dataclass(frozen=True)
class Layout:
    size: str
    width: float
    page_height: float | None  # None: as tall as the map needs
    margin: float
    label_width: float
    column_width: float
    note: float = NOTE  # the size of cards' notes (votes, ratings, targets): at least SLIDE_NOTE on a slide

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
    return Layout(size, width, page_height, margin, label_width, column, SLIDE_NOTE if size == "slide" else NOTE)


def note_line_height(size: float) -> float:
    """The line height of notes at `size` px, in NOTE_LINE's proportion."""
    return size * NOTE_LINE / NOTE


def stage_texts(index: int, name: str, width: float) -> tuple[BandText, ...]:
    """The stage's number over its name, in a chevron `width` px wide for text.

    A name of one line gets the roomy layout; a name that needs two lines is set a little smaller, with the
    number in a smaller line above it, so the number stays when the name wraps (people refer to "stage 3").
    """
    number = f"{index + 1:02d}"
    if metrics().width(name, 18) <= width:
        size = 20.0 if metrics().width(name, 20) < width else 18.0
        return BandText(number, 8, 12.5, 12.5 * 1.3, True), BandText(name, 28, size, size * 1.3)
    lines = wrap(name, width, 16, 2)
    return BandText(number, 4, 11.5, 14, True), *(BandText(line, 19 + 21 * j, 16, 21) for j, line in enumerate(lines))


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


def text_width(card: Card, width: float) -> float:
    """Room for a card's text in a card `width` px wide: its padding, the channel dot, the priority badge.

    Shared by the map and the matrix so that no text is wrapped into the badge on either. 3 px to spare:
    hinting makes drawn text a little wider than the font's advances say.
    """
    return width - 2 * CARD_PAD - HINTING_SLACK - (DOT_INDENT if card.dot else 0) - (BADGE if card.rank else 0)


def place(card: Card, width: float, max_height: float = UNLIMITED, pad: float = CARD_PAD,
          note: float = NOTE) -> list[PlacedCard]:
    """The card with its text wrapped to `width`; one piece, or several when taller than `max_height`."""
    lines = tuple(wrap(card.text, text_width(card, width), BODY, UNLIMITED))
    notes = tuple(wrap_parts(card.note.split(" · "), width - 2 * CARD_PAD - HINTING_SLACK, note)) if card.note else ()
    notes_height = len(notes) * note_line_height(note)
    height = 2 * pad + len(lines) * LINE + notes_height
    if height <= max_height:
        return [PlacedCard(card, lines, notes, height, pad=pad, note=note)]
    per_piece = max(1, int((max_height - 2 * pad) // LINE))
    chunks = [lines[i : i + per_piece] for i in range(0, len(lines), per_piece)]
    pieces = [PlacedCard(card, chunk, (), 2 * pad + len(chunk) * LINE, i > 0, pad, note)
              for i, chunk in enumerate(chunks)]
    last = pieces[-1]
    return [*pieces[:-1], replace(last, note_lines=notes, height=last.height + notes_height)]


def persona_columns(count: int) -> int:
    """Boxes per row: one persona (or two) spans the page with its facets side by side; more go in columns,
    up to PERSONA_COLUMNS a row, rows as even as they can be (5 → 3 + 2, 4 → 2 + 2), so six personas take
    two rows instead of six."""
    if count < PERSONA_GRID_FROM:
        return 1
    rows = -(-count // PERSONA_COLUMNS)
    return -(-count // rows)


def _wide_block(persona: PersonaView, inner: float) -> PersonaBlock:
    """A persona across the page: name and description on the left, the four facets in columns."""
    left, facet_w = inner * 0.3, (inner * 0.7 - 24) / 4
    desc = tuple(wrap(persona.description, left - 40, 14, UNLIMITED)) if persona.description else ()
    facets = tuple(
        tuple(line for e in entries for line in wrap("• " + e, facet_w - 20, 13.5, UNLIMITED))
        for _, entries in persona.facets
    )
    height = max(70 + 20 * len(desc), 44 + 19 * max([0, *(len(f) for f in facets)])) + 16
    spots = tuple((left + 12 + j * facet_w, 14.0) for j in range(len(facets)))
    return PersonaBlock(persona, desc, facets, height, 0.0, inner, 0, left - 40, spots)


def _grid_block(persona: PersonaView, width: float) -> PersonaBlock:
    """A persona in a column: name and description on top, the facets two by two under them."""
    facet_w = (width - 24 - 16 - FACET_GAP) / 2
    desc = tuple(wrap(persona.description, width - 40, 14, UNLIMITED)) if persona.description else ()
    facets = tuple(
        tuple(line for e in entries for line in wrap("• " + e, facet_w - 16, 13.5, UNLIMITED))
        for _, entries in persona.facets
    )
    spots, top = [], 66.0 + 20 * len(desc) + 6
    for pair in range(0, len(facets), 2):
        spots += [(24 + k * (facet_w + FACET_GAP), top) for k in range(len(facets[pair : pair + 2]))]
        top += 26 + 19 * max(1, *(len(f) for f in facets[pair : pair + 2])) + 6
    return PersonaBlock(persona, desc, facets, top + 8, 0.0, width, 0, width - 40, tuple(spots))


def persona_blocks(view: MapView, layout: Layout) -> list[PersonaBlock]:
    """Every persona with every facet entry, wrapped and placed, so the block can be sized before drawing."""
    inner = layout.width - 2 * layout.margin
    columns = persona_columns(len(view.personas))
    width = (inner - (columns - 1) * PERSONA_GAP) / columns
    blocks = [_wide_block(p, inner) if columns == 1 else _grid_block(p, width) for p in view.personas]
    placed = []
    for index, block in enumerate(blocks):
        row, column = divmod(index, columns)
        height = max(b.height for b in blocks[row * columns : (row + 1) * columns])
        placed.append(replace(block, height=height, x=layout.margin + column * (width + PERSONA_GAP), row=row))
    return placed


def persona_rows(blocks: Sequence[PersonaBlock]) -> list[list[PersonaBlock]]:
    rows: list[list[PersonaBlock]] = []
    for block in blocks:
        if not rows or rows[-1][0].row != block.row:
            rows.append([])
        rows[-1].append(block)
    return rows


def personas_height(view: MapView, layout: Layout) -> float:
    rows = persona_rows(persona_blocks(view, layout))
    return sum(row[0].height + PERSONA_GAP for row in rows) + 8 if view.personas else 62.0


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


def _cells(layout: Layout, view: MapView, lane: str, max_height: float = UNLIMITED,
           pad: float = CARD_PAD) -> list[list[PlacedCard]]:
    width, note = layout.card_width, layout.note
    return [[c for card in s.cards.get(lane, ()) for c in place(card, width, max_height, pad, note)]
            for s in view.columns]


def _need(cells: list[list[PlacedCard]], lane: str, lead: float, lane_min: float = LANE_MIN) -> float:
    """A lane's height: its fullest cell (at least `lane_min`); the emotion curve alone needs no cards."""
    if lane == "emotion" and not any(cells):
        return lead
    return max([lane_min, *(_stack_height(c) for c in cells)]) + lead


def _few(cells: list[list[PlacedCard]]) -> bool:
    """A continuation not worth a lane of its own on the next slide: a card or two, or a sliver."""
    return sum(len(cell) for cell in cells) <= FEW_CARDS or _need(cells, "", 0.0, 0.0) < MIN_SLICE


def _persona_pages(view: MapView, layout: Layout, room: float) -> list[tuple[int, ...]]:
    """Persona rows packed in order onto slides of `room` px (a row is never split); the personas' indices."""
    pages: list[list[int]] = [[]]
    used, index = 8.0, 0
    for row in persona_rows(persona_blocks(view, layout)):
        if pages[-1] and used + row[0].height + PERSONA_GAP > room:
            pages.append([])
            used = 8.0
        pages[-1] += range(index, index + len(row))
        index += len(row)
        used += row[0].height + PERSONA_GAP
    return [tuple(page) for page in pages]


@dataclass(frozen=True)
class Fit:
    """How tightly the lanes are packed onto slides (see `SLIDE_FITS`)."""

    curve: float  # the emotion curve's height
    lane_min: float  # the height of a lane with (almost) nothing in it
    pad: float  # room above and below each card's text
    keep_whole: bool  # a lane that would continue for a card or two moves whole to the next slide


# Tried in order; the first that needs the fewest slides wins. A lane is rather moved whole than continued
# for a card or two, and the flatter curve, lower near-empty lanes and tighter cards are used only when they
# save a slide.
SLIDE_FITS: tuple[Fit, ...] = (
    Fit(SLIDE_CURVE, LANE_MIN, CARD_PAD, True),
    Fit(COMPACT_CURVE, COMPACT_LANE_MIN, COMPACT_PAD, True),
    Fit(SLIDE_CURVE, LANE_MIN, CARD_PAD, False),
    Fit(COMPACT_CURVE, COMPACT_LANE_MIN, COMPACT_PAD, False),
)


def paginate(view: MapView, layout: Layout) -> list[Page]:
    """Lanes in order onto pages; on a slide, a lane that does not fit continues on the next slide."""
    if layout.page_height is None:
        slices = []
        for lane in view.lanes:
            cells, lead = _cells(layout, view, lane), _lead(lane, 0, EMOTION_LANE)
            slices.append(LaneSlice(lane, tuple(tuple(c) for c in cells), _need(cells, lane, lead), lead=lead))
        return [Page(tuple(slices), True, sum(s.height for s in slices))]
    full = layout.page_height - header_height(view, layout) - BAND - FOOTER
    placed: dict[tuple[str, Fit], list[list[PlacedCard]]] = {}
    for fit in SLIDE_FITS:
        for lane in view.lanes:
            same = replace(fit, keep_whole=False)  # the cards do not depend on it: placed once
            if (lane, same) not in placed:
                placed[(lane, same)] = _cells(layout, view, lane, full - fit.curve - 2 * CARD_GAP, fit.pad)
    tries = [_slides(view, layout, fit, placed) for fit in SLIDE_FITS]
    return min(tries, key=len)  # the first of the fewest


def _slides(view: MapView, layout: Layout, fit: Fit, placed: dict[tuple[str, Fit], list[list[PlacedCard]]]
            ) -> list[Page]:
    """The slides for one `Fit`; `placed` holds each lane's cards, placed for the curve's height."""
    assert layout.page_height is not None
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
        pending = [list(cell) for cell in placed[(lane, replace(fit, keep_whole=False))]]
        part = 0
        while True:
            lead = _lead(lane, part, fit.curve)
            need = _need(pending, lane, lead, fit.lane_min)
            if need <= room:
                current.append(LaneSlice(lane, tuple(tuple(c) for c in pending), need, part, lead))
                room -= need
                break
            if room < max(MIN_SLICE, lead + fit.lane_min):
                turn()
                continue
            rest = [list(cell) for cell in pending]
            taken = _take(rest, room - lead)
            if fit.keep_whole and need <= full and _few(rest):
                turn()
                continue
            pending = rest
            if any(taken):
                current.append(LaneSlice(lane, taken, room, part, lead))
                part += 1
            turn()
    if current or not pages:
        turn()
    return pages
