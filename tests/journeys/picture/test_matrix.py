"""The impact/effort matrix: every opportunity on the page, in the cell of its ratings, quick wins marked."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pytest
from matplotlib.image import imread

from journeys.picture import layout as lay
from journeys.picture import render_matrix
from journeys.picture.lanes import Painter
from journeys.picture.matrix import CELL_W, GREEN, GREEN_TINT, _cells
from journeys.picture.text import metrics
from journeys.picture.view import read_map
from tests.journeys.picture.samples import EN_STAGES, english_map, japanese_crowded
from tests.journeys.picture.test_map_content import squeeze, svg_texts
from tests.journeys.picture.test_picture import has_colour, png_size


def opportunities(journey_map: dict[str, Any]) -> list[dict[str, Any]]:
    return [o for stage in journey_map["stages"] for o in stage["opportunities"]]


def test_every_opportunity_is_on_the_matrix_with_its_votes() -> None:
    journey_map = english_map()
    journey_map["stages"][0]["opportunities"].append({"text": "Ask support what annoys people", "effort": 2})
    (svg,) = render_matrix(journey_map, fmt="svg")
    shown = squeeze("".join(svg_texts(svg)))
    assert all(squeeze(o["text"]) in shown for o in opportunities(journey_map))
    texts = svg_texts(svg)
    assert "Quick wins" in "".join(texts) and "Opportunities without an impact and effort rating" in texts
    assert any(t.endswith("3 votes") for t in texts) and any(t.endswith("1 vote") for t in texts)


def test_quick_wins_corner_is_highlighted_and_holds_the_high_impact_low_effort_items() -> None:
    journey_map = japanese_crowded(("認知", "検討", "申込"))  # simulator: impact 3 / effort 1 on every stage
    png = render_matrix(journey_map)[0]
    width, height = png_size(png)
    assert width == 1600 and height > 600
    image = np.asarray(imread(io.BytesIO(png), format="png"))[..., :3]
    quick_cell = image[160:260, 140:600]  # the top-left cell: high impact, low effort
    assert has_colour(quick_cell, GREEN_TINT) and has_colour(quick_cell, GREEN)
    assert not has_colour(image[160:260, 1100:1500], GREEN_TINT)  # major projects are not highlighted
    (svg,) = render_matrix(journey_map, fmt="svg", lang="ja")
    assert "★ クイックウィン" in "".join(svg_texts(svg))
    cells, unrated = _cells(read_map(journey_map, None), 300)
    assert [e.card.text for e in cells[(3, 1)]] == [
        "認知: 料金シミュレーターを置く",
        "検討: 料金シミュレーターを置く",
        "申込: 料金シミュレーターを置く",
    ]  # most votes first
    assert [e.card.text for e in cells[(2, 3)]] == ["チャットで即時回答する"] and unrated == []


def test_a_map_without_opportunities_says_so() -> None:
    journey_map = english_map(EN_STAGES[:3])
    for stage in journey_map["stages"]:
        stage["opportunities"] = []
    (svg,) = render_matrix(journey_map, fmt="svg")
    assert "No opportunities yet" in svg_texts(svg)
    assert render_matrix({}, fmt="svg")[0].startswith(b"<?xml")  # a map with nothing at all still renders


def test_card_text_stops_short_of_the_priority_badge(monkeypatch: pytest.MonkeyPatch) -> None:
    """English text used to be wrapped 8 px wider than the card it is drawn in, so a line ran into the badge
    ("…updates by SMS" into 11): every first line must end before its card's badge starts."""
    badges: list[tuple[float, float]] = []
    texts: list[tuple[float, float, str]] = []
    draw_text = Painter.text

    def record_text(self: Painter, x: float, top: float, s: str, size: float, *args: Any, **kwargs: Any) -> None:
        if size == lay.BODY:
            texts.append((x, top, s))
        draw_text(self, x, top, s, size, *args, **kwargs)

    def record_badge(p: Painter, x: float, top: float, rank: int, color: str) -> None:
        badges.append((x, top))

    monkeypatch.setattr(Painter, "text", record_text)
    monkeypatch.setattr("journeys.picture.matrix.rank_badge", record_badge)
    journey_map = english_map()
    for stage in journey_map["stages"]:
        stage["opportunities"] = [
            {"text": f"{stage['name']} idea: Send proactive delivery updates by SMS and WhatsApp", "impact": 3,
             "effort": 1 + i % 3, "votes": i} for i in range(3)
        ]
    render_matrix(journey_map, fmt="svg")
    assert len(badges) == 24
    for badge_x, badge_top in badges:
        first = [(x, s) for x, top, s in texts if abs(top - (badge_top - 1)) < 0.5 and 0 < badge_x - x < CELL_W]
        assert first, (badge_x, badge_top)
        for x, s in first:
            assert x + metrics().width(s, lay.BODY) + lay.HINTING_SLACK <= badge_x - 4, s
