"""What a reader can make out on the picture: stage numbers, badges and their legend, the emotion curve's
labels and spread, card meta lines that stay inside their card, fonts a viewer without ours can fall back from.

Checked on the computed geometry (the layout's own functions, or the texts recorded as they are drawn)
rather than by pixels, so a failure names what moved.
"""

from __future__ import annotations

import json
import re
from itertools import pairwise
from typing import Any

import pytest

from journeys.picture import lanes, render, render_matrix
from journeys.picture import layout as lay
from journeys.picture.lanes import Painter
from journeys.picture.output import new_page
from journeys.picture.text import FAMILIES, font_properties, metrics
from journeys.picture.view import read_map
from prompts.export import export_labels
from tests.journeys.picture.samples import EN_STAGES, JA_STAGES, english_map, japanese_crowded
from tests.journeys.picture.test_map_content import svg_texts

LONG_STAGES = (
    "認知・興味関心の喚起とブランド想起",
    "比較検討（価格・機能・サポート体制・導入実績）",
    "SupercalifragilisticexpialidociousOnboardingPhase",
    "購入",
    "継続利用とアップセル・クロスセルの機会創出フェーズ",
)


def test_a_stage_name_on_two_lines_keeps_its_number() -> None:
    for index, name in enumerate(LONG_STAGES):
        texts = lay.stage_texts(index, name, 300)
        number, *lines = texts
        assert number.number and number.text == f"{index + 1:02d}"
        assert "".join(line.text for line in lines).replace(" ", "") == name.replace(" ", "")
        boxes = [(t.top, t.top + t.line) for t in texts]
        assert all(a_end <= b_top for (_, a_end), (b_top, _) in pairwise(boxes)), name
        assert boxes[-1][1] <= lay.CHEVRON - 2, name  # inside the chevron
    (svg,) = render(japanese_crowded(LONG_STAGES, crowd=2), fmt="svg", size="slide")[:1]
    assert {"01", "02", "03", "04", "05"} <= set(svg_texts(svg))


def test_short_stage_names_keep_the_roomy_layout() -> None:
    number, name = lay.stage_texts(0, JA_STAGES[0], 300)
    assert (number.text, number.top, name.text, name.top, name.size) == ("01", 8, "認知", 28, 20)


def test_svg_text_falls_back_to_a_generic_family() -> None:
    """A viewer without the bundled fonts must still find a Japanese font, not draw empty boxes."""
    for svg in (render(japanese_crowded(JA_STAGES[:2], crowd=2), fmt="svg")[0],
                render_matrix(japanese_crowded(JA_STAGES[:2], crowd=2), fmt="svg")[0]):
        families = set(re.findall(r"font-family: ([^;\"]+)", svg.decode()))
        assert families and all(f.startswith(f"'{FAMILIES[0]}', '{FAMILIES[1]}', ") for f in families)
        assert all(f.endswith(", sans-serif") for f in families)


def disagreeing_map() -> dict[str, Any]:
    """Three people at 予約 say +2, -2 and +1 (the stored average is a calm 0); at 来院 two agree on -2; at 診察
    one person changed their mind from -2 to +1, which is no disagreement."""
    journey_map = japanese_crowded(("予約", "来院", "診察"), crowd=2)
    said = {"予約": [(2, "田中"), (-2, "佐藤"), (1, "鈴木")], "来院": [(-2, "田中"), (-2, "佐藤")],
            "診察": [(-2, "田中"), (1, "田中")]}
    for stage, emotion in zip(journey_map["stages"], (0, -2, 1), strict=True):
        stage["emotion"] = emotion
        stage["emotion_history"] = [{"score": s, "text": str(s), "by": by} for s, by in said[stage["name"]]]
    return journey_map


def test_a_disagreement_keeps_the_average_point_and_shows_the_range(monkeypatch: pytest.MonkeyPatch) -> None:
    journey_map = disagreeing_map()
    before = json.dumps(journey_map, sort_keys=True)
    view = read_map(journey_map, None)
    assert [(s.emotion, s.spread) for s in view.stages] == [(0, (-2, 2)), (-2, None), (1, None)]
    bars: list[tuple[float, float, float]] = []
    faces: list[tuple[float, float, int]] = []
    draw_face = lanes._face

    def record_face(p: Painter, x: float, y: float, score: int, r: float = 20.0) -> None:
        faces.append((x, y, score))
        draw_face(p, x, y, score, r)

    monkeypatch.setattr(lanes, "spread_bar", lambda p, x, y_low, y_high: bars.append((x, y_low, y_high)))
    monkeypatch.setattr(lanes, "_face", record_face)
    (svg,) = render(journey_map, fmt="svg")
    assert [score for _, _, score in faces] == [0, -2, 1]  # the average point stays
    ((x, y_low, y_high),) = bars
    (face_x, face_y, _), (_, minus_two, _) = faces[:2]
    assert x == face_x and y_high < face_y < y_low and y_low == pytest.approx(minus_two)
    assert export_labels("ja")["spread_legend"] in svg_texts(svg)
    calm = render(japanese_crowded(JA_STAGES[:3], crowd=2), fmt="svg")[0]
    assert export_labels("ja")["spread_legend"] not in svg_texts(calm)
    assert json.dumps(journey_map, sort_keys=True) == before  # read, never changed


def test_the_priority_legend_only_on_maps_with_badges() -> None:
    legend = export_labels("en")["priorities"]
    with_badges = english_map(EN_STAGES[:3])
    assert any(legend in text for text in svg_texts(render(with_badges, fmt="svg")[0]))
    for stage in with_badges["stages"]:
        stage["opportunities"] = [{"text": "Not rated yet"}]
    assert not any(legend in text for text in svg_texts(render(with_badges, fmt="svg")[0]))


@pytest.mark.parametrize("size", ["auto", "slide"])
def test_the_caption_under_a_peak_is_clear_of_the_curve(monkeypatch: pytest.MonkeyPatch, size: str) -> None:
    """A +2 between -2s: the curve falls away steeply on both sides; its caption must start clearly below both
    segments (the line is 2.8 px thick: a few px of paper between them)."""
    journey_map = english_map()
    for stage, emotion in zip(journey_map["stages"], (-2, 2, -2, 2, -1, 2, 0, 2), strict=True):
        stage["emotion"] = emotion
    faces: list[tuple[float, float]] = []
    captions: dict[float, tuple[float, str]] = {}
    draw_face, draw_text = lanes._face, Painter.text

    def record_face(p: Painter, x: float, y: float, score: int, r: float = 20.0) -> None:
        faces.append((x, y))
        draw_face(p, x, y, score, r)

    def record_text(self: Painter, x: float, top: float, s: str, size: float, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("backdrop") and size == 14:
            captions[x] = (top, s)
        draw_text(self, x, top, s, size, *args, **kwargs)

    monkeypatch.setattr(lanes, "_face", record_face)
    monkeypatch.setattr(Painter, "text", record_text)
    render(journey_map, fmt="svg", size=size)
    faces = faces[:8]  # the first page's curve
    for i in (1, 3, 5):  # the peaks
        (x, y), (left_x, left_y), (right_x, right_y) = faces[i], faces[i - 1], faces[i + 1]
        top, caption = captions[x]
        half = metrics().width(caption, 14) / 2
        assert top >= y + (left_y - y) / (x - left_x) * half + 6, caption
        assert top >= y + (right_y - y) / (right_x - x) * half + 6, caption


def drawn_width(text: str, size: float) -> float:
    """The width matplotlib draws `text` at in the PNG (hinted), measured on a real canvas."""
    figure, p = new_page(400, 100, "png")
    artist = p.ax.text(0, 50, text, fontproperties=font_properties(size, lay.DPI))
    return float(artist.get_window_extent(figure.canvas.get_renderer()).width)  # type: ignore[attr-defined]


@pytest.mark.parametrize("stages", [6, 7, 8])
def test_opportunity_meta_lines_stay_inside_narrow_slide_cards(stages: int) -> None:
    """"impact medium · effort low · 3 votes" measured 208 px by the font's advances but is drawn 220 px
    wide in a 229 px slide card: it ran over the right padding. It now wraps, and keeps the padding."""
    journey_map = english_map()
    journey_map["stages"] = journey_map["stages"][:stages]
    for stage in journey_map["stages"]:
        stage["opportunities"] = [{"text": "Offer a self-serve ROI calculator", "impact": i, "effort": e, "votes": 3}
                                  for i, e in ((2, 1), (3, 2), (1, 3))]
    view = read_map(journey_map, None)
    layout = lay.plan(view, "slide")
    for stage in view.stages:
        for card in stage.cards["opportunities"]:
            (placed,) = lay.place(card, layout.card_width, note=layout.note)
            assert " · ".join(placed.note_lines) == card.note
            for line in placed.note_lines:
                assert drawn_width(line, layout.note) <= layout.card_width - 2 * lay.CARD_PAD, line
