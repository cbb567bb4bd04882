"""Slides that are worth showing: no nearly empty slide for two short lanes, no lane continued for one card,
personas side by side, a readable "(cont.)" label and notes large enough to read on a projected slide.

Checked on the pages `layout.paginate` computes, which the renderer draws as they are.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from journeys.picture import layout as lay
from journeys.picture import render
from journeys.picture.render import continued
from journeys.picture.view import read_map
from tests.journeys.picture.samples import EN_STAGES, JA_STAGES, english_map, japanese_crowded, trial_map
from tests.journeys.picture.test_map_content import assert_every_item_in, svg_texts

GOAL = "reduce time spent on repetitive ordering tasks by half before Q3"


def pages_of(journey_map: dict[str, Any], size: str = "slide") -> tuple[lay.Layout, list[lay.Page]]:
    view = read_map(journey_map, None)
    layout = lay.plan(view, size)
    return layout, lay.paginate(view, layout)


def many_personas(count: int = 6) -> dict[str, Any]:
    """An English map whose team described `count` personas, each with three long goals."""
    journey_map = english_map(EN_STAGES[:7])
    persona = journey_map["personas"][0]
    journey_map["personas"] = [
        dict(persona, name=f"Persona {i}", description=f"{30 + 5 * i} years old, buyer",
             goals=[f"Goal {g}: {GOAL}" for g in range(3)], needs=["Clear pricing", "One invoice a month"],
             frustrations=["Chasing three departments for approvals"], behaviors=["Reads G2 reviews"])
        for i in range(count)
    ]
    return journey_map


def test_short_lanes_shrink_a_little_rather_than_spill_onto_a_nearly_empty_slide() -> None:
    journey_map = trial_map()
    _, pages = pages_of(journey_map)
    assert len(pages) == 1
    assert [piece.lane for piece in pages[0].slices] == list(read_map(journey_map, None).lanes)
    (emotion,) = [piece for piece in pages[0].slices if piece.lane == "emotion"]
    assert lay.COMPACT_CURVE <= emotion.lead < lay.SLIDE_CURVE  # a flatter curve, never a squashed one
    assert_every_item_in(render(journey_map, fmt="svg", size="slide"), journey_map)


def test_a_map_that_fits_keeps_the_roomy_slide() -> None:
    _, pages = pages_of(english_map(EN_STAGES[:5]))
    (page,) = pages
    (emotion,) = [piece for piece in page.slices if piece.lane == "emotion"]
    assert emotion.lead == lay.SLIDE_CURVE
    assert {card.pad for piece in page.slices for cell in piece.cells for card in cell} == {lay.CARD_PAD}


def test_a_lane_is_not_continued_for_a_card_or_two_when_moving_it_whole_costs_no_slide() -> None:
    """This map's pain points used to continue on the second slide for their last two cards."""
    journey_map = japanese_crowded(JA_STAGES, crowd=4)
    _, pages = pages_of(journey_map)
    assert len(pages) == 2
    for page in pages:
        for piece in page.slices:
            if piece.part:
                assert sum(len(cell) for cell in piece.cells) > lay.FEW_CARDS, piece.lane
    assert_every_item_in(render(journey_map, fmt="svg", size="slide"), journey_map)


def test_six_personas_take_one_slide_in_columns() -> None:
    journey_map = many_personas(6)
    layout, pages = pages_of(journey_map)
    persona_pages = [page for page in pages if page.personas and page.blocks is not None]
    assert [page.blocks for page in persona_pages] == [(0, 1, 2, 3, 4, 5)]
    blocks = lay.persona_blocks(read_map(journey_map, None), layout)
    assert lay.persona_columns(6) == 3 and [b.row for b in blocks] == [0, 0, 0, 1, 1, 1]
    right = layout.width - layout.margin
    assert all(layout.margin <= b.x and b.x + b.width <= right + 0.01 for b in blocks)
    for a, b in pairwise(blocks):
        if a.row == b.row:
            assert a.x + a.width < b.x  # side by side, not overlapping
    assert len(pages) <= 3
    texts = "".join("".join(svg_texts(page)) for page in render(journey_map, fmt="svg", size="slide"))
    assert all(f"Persona {i}" in texts for i in range(6))


def test_six_personas_take_two_rows_of_the_auto_map() -> None:
    journey_map = many_personas(6)
    view = read_map(journey_map, None)
    layout, (page,) = pages_of(journey_map, "auto")
    personas = lay.personas_height(view, layout)
    total = lay.header_height(view, layout) + personas + lay.BAND + page.body + lay.FOOTER
    assert len(lay.persona_rows(lay.persona_blocks(view, layout))) == 2
    assert personas < 0.45 * total  # one persona a row took 55 %


def test_one_or_two_personas_keep_the_wide_row() -> None:
    assert lay.persona_columns(1) == lay.persona_columns(2) == 1
    assert [lay.persona_columns(n) for n in (3, 4, 5, 7)] == [3, 2, 3, 3]


def test_the_continued_label_reads_naturally() -> None:
    assert continued("Pain points", "(cont.)") == "Pain points (cont.)"
    assert continued("ペインポイント", "（続き）") == "ペインポイント（続き）"
    journey_map = english_map()
    journey_map["stages"][1]["pain_points"] = [
        {"text": f"Shipping cost only shown at checkout, case {j}", "votes": 1} for j in range(30)
    ]
    pages = render(journey_map, fmt="svg", size="slide")
    texts = [text for page in pages[1:] for text in svg_texts(page)]
    assert "(cont.)" in texts or any(t.endswith(" (cont.)") for t in texts)
    assert not any(t.endswith("points(cont.)") for t in texts)


def test_notes_on_slides_are_larger_than_on_the_auto_map() -> None:
    journey_map = english_map(EN_STAGES[:5])
    slide, pages = pages_of(journey_map)
    auto, _ = pages_of(journey_map, "auto")
    assert auto.note == lay.NOTE and slide.note == lay.SLIDE_NOTE > lay.NOTE
    notes = {card.note for page in pages for piece in page.slices for cell in piece.cells for card in cell
             if card.note_lines}
    assert notes == {lay.SLIDE_NOTE}
