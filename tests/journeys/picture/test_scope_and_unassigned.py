"""The picture shows what the map covers (its scope, under the title) and the items of no current stage
(a 未分類 / Unassigned column), which it used to leave out; a map without such items keeps its layout."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from matplotlib.image import imread

from journeys.export import to_journey_map
from journeys.picture import layout as lay
from journeys.picture import render
from journeys.picture.lanes import LANE_COLORS
from journeys.picture.text import metrics
from journeys.picture.view import read_map
from tests.journeys.export.test_export import english_state, japanese_state
from tests.journeys.picture.samples import JA_STAGES, japanese_crowded
from tests.journeys.picture.test_map_content import squeeze, svg_texts
from tests.journeys.picture.test_picture import has_colour, render_quietly, svg_size

LONG_SCOPE = 2 * ("20代の会社員が初めてネットスーパーで食材を買うまで。アプリのダウンロードから初回配達の受け取りまで"
                  "を対象にし、店舗での購入や定期便は含めない。配送エリア外のユーザー、法人契約、ギフト配送も対象外とする。")


def shown(pages: list[bytes]) -> list[str]:
    return [squeeze("".join(svg_texts(page))) for page in pages]


def test_the_scope_is_under_the_title_wrapped_by_width_and_on_every_slide() -> None:
    journey_map = to_journey_map(japanese_state().evolve(scope=f"{LONG_SCOPE}\n配送エリア外のユーザーは対象外"))
    view = read_map(journey_map, None)
    layout = lay.plan(view)
    lines = lay.scope_lines(view, layout)
    room = layout.width - 2 * layout.margin - lay.scope_label_width(view)
    assert len(lines) == 3 and all(metrics().width(line, lay.SCOPE) <= room for line in lines)  # CJK: by width
    assert "".join(lines) == f"{LONG_SCOPE}配送エリア外のユーザーは対象外"  # nothing cut: each person's line kept
    assert lay.header_height(view, layout) > lay.HEADER  # the persona and the lanes move down to make room
    (svg,) = render(journey_map, fmt="svg")
    texts = svg_texts(svg)
    assert "範囲" in texts and all(line in texts for line in lines)
    assert texts.index(lines[0]) > texts.index(view.subtitle)  # under the title and subtitle
    crowded = {**journey_map, "stages": [dict(stage) for stage in journey_map["stages"]]}  # more than one slide
    crowded["stages"][0]["pain_points"] = [{"text": f"配達時間の指定枠がすぐ埋まる（{j}）"} for j in range(30)]
    slides = render(crowded, fmt="svg", size="slide")
    assert len(slides) > 1 and all(squeeze(LONG_SCOPE) in page for page in shown(slides))
    english = to_journey_map(english_state().evolve(scope="First-time buyers on mobile, from the ad to delivery."))
    assert {"Scope", "First-time buyers on mobile, from the ad to delivery."} <= set(svg_texts(render(english,
                                                                                                     fmt="svg")[0]))


def test_a_map_without_a_scope_or_unassigned_items_keeps_its_layout() -> None:
    journey_map = japanese_crowded(JA_STAGES[:3])
    view = read_map(journey_map, None)
    assert (view.scope, view.unassigned, view.columns) == ((), None, view.stages)
    assert lay.header_height(view, lay.plan(view)) == lay.HEADER
    (svg,) = render(journey_map, fmt="svg")
    assert svg_size(svg)[0] == 1600 and "未分類" not in svg_texts(svg) and "範囲" not in svg_texts(svg)


def test_items_of_no_current_stage_are_drawn_in_their_own_column() -> None:
    ja, en = to_journey_map(japanese_state()), to_journey_map(english_state())
    (text,) = shown(render(ja, fmt="svg"))
    assert "未分類" in text and "旧ステージのペイン" in text and squeeze("ステージ: 利用") in text
    (text,) = shown(render(en, fmt="svg", size="slide"))
    assert "Unassigned" in text and squeeze("Filed without a stage") in text
    view = read_map(ja, None)
    assert view.unassigned is not None and len(view.columns) == len(view.stages) + 1
    assert [card.text for card in view.unassigned.cards["pain_points"]] == ["旧ステージのペイン"]
    assert all(card.rank == 0 for stage in view.columns for card in stage.cards["opportunities"] if not card.priority)


def test_the_unassigned_column_has_ink_only_in_the_lanes_of_its_items() -> None:
    journey_map = to_journey_map(japanese_state())
    png = render_quietly(journey_map)
    image = np.asarray(imread(io.BytesIO(png), format="png"))[..., :3]
    view = read_map(journey_map, None)
    layout = lay.plan(view)
    (page,) = lay.paginate(view, layout)
    top = lay.header_height(view, layout) + lay.personas_height(view, layout) + lay.BAND
    column = len(view.stages)
    x0, x1 = int(layout.column_x(column)) + 3, int(layout.column_x(column + 1)) - 3
    for piece in page.slices:
        cell = image[int(top) + 2 : int(top + piece.height) - 2, x0:x1]
        assert has_colour(cell, LANE_COLORS[piece.lane][0], 0.08) == (piece.lane == "pain_points"), piece.lane
        top += piece.height


def unassigned_map(**changes: Any) -> dict[str, Any]:
    """A current-state map whose blueprint lanes and a stage were left behind: lanes it does not draw."""
    return {
        "schema": "journeymap/v1", "title": "t", "language": "ja", "map_type": "current_state",
        "stages": [{"name": "認知", "actions": ["広告を見る"]}],
        "unassigned": [
            {"kind": "frontstage", "stage": "認知", "text": "店員が声をかける", "item_id": "a#0"},
            {"kind": "owner", "stage": "購入", "text": "店舗運営部", "item_id": "b#0"},
            {"kind": "pain_point", "stage": None, "text": "送料が高い", "touchpoint": "カート画面", "item_id": "c#0"},
            {"kind": "opportunity", "stage": "旧", "text": "送料無料", "impact": 3, "effort": 1, "item_id": "d#0"},
            {"kind": "emotion", "stage": "旧", "text": "不安", "score": -1, "item_id": "e#0"},
            {"kind": "persona", "text": "not a lane", "item_id": "f#0"},
            {"kind": "thought", "text": "", "item_id": "g#0"},
        ],
        "votes": [{"item_id": "c#0", "by": "U1"}, {"item_id": "c#0", "by": "U2"}],
        **changes,
    }


def test_unassigned_items_of_lanes_the_map_does_not_draw_say_which_lane_they_were() -> None:
    view = read_map(unassigned_map(), None)
    assert "frontstage" not in view.lanes and view.unassigned is not None
    cards = view.unassigned.cards
    assert [(c.text, c.note) for c in cards["actions"]] == [
        ("店員が声をかける", "フロントステージ · ステージ: 認知"), ("店舗運営部", "担当 · ステージ: 購入")]
    assert [(c.text, c.note) for c in cards["pain_points"]] == [("送料が高い", "@カート画面 · 2票")]
    assert [(c.text, c.rank) for c in cards["opportunities"]] == [("送料無料", 0)]  # not in the priority order
    assert [c.text for c in cards["emotion"]] == ["-1 不安"]
    (text,) = shown(render(unassigned_map(), fmt="svg"))
    assert all(squeeze(t) in text for t in ("店員が声をかける", "店舗運営部", "送料が高い", "送料無料", "-1不安"))


def test_a_map_with_no_stage_left_still_shows_its_items() -> None:
    (text,) = shown(render(unassigned_map(stages=[]), fmt="svg"))
    assert "未分類" in text and "送料が高い" in text
    assert read_map({"unassigned": "odd", "votes": [None, {"item_id": 3}]}, None).unassigned is None  # never raises
