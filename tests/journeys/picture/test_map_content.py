"""What a team sees on the map: every item's text, the fonts that draw it, and ink where each lane is.

SVG pages keep real text (`svg.fonttype = none`), so most checks read the SVG, which renders fast; a few
PNGs are checked pixel by pixel, lane by lane, and one PDF for its embedded fonts.
"""

from __future__ import annotations

import io
import re
from typing import Any
from xml.etree import ElementTree

import numpy as np
import pytest
from matplotlib.font_manager import fontManager, get_font
from matplotlib.ft2font import LoadFlags
from matplotlib.image import imread

from journeys.picture import layout as lay
from journeys.picture import render
from journeys.picture.lanes import LANE_COLORS
from journeys.picture.text import FAMILIES, clean_text, font_properties
from journeys.picture.view import read_map
from tests.journeys.picture.samples import EMOJI, EN_STAGES, JA_STAGES, blueprint_map, english_map, japanese_crowded
from tests.journeys.picture.test_picture import has_colour, png_size, render_quietly, svg_size

SVG = "{http://www.w3.org/2000/svg}"
JA_8 = (*JA_STAGES, "紹介", "更新", "拡張")


def svg_texts(svg: bytes) -> list[str]:
    return [el.text or "" for el in ElementTree.fromstring(svg).iter(f"{SVG}text")]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def item_texts(journey_map: dict[str, Any]) -> list[str]:
    """Every text the map's stages hold, as the picture must show it."""
    texts = []
    for stage in journey_map["stages"]:
        for key, entries in stage.items():
            if key in ("touchpoints", "kpis"):
                texts += [entry["name"] for entry in entries]
            elif key in ("pain_points", "opportunities"):
                texts += [entry["text"] for entry in entries]
            elif key in ("actions", "thoughts", "frontstage", "backstage", "support"):
                texts += list(entries)
            elif key == "owner":
                texts.append(entries)
            elif key == "emotion_history":
                texts += [entry["text"] for entry in entries]
    return texts


def assert_every_item_in(pages: list[bytes], journey_map: dict[str, Any]) -> str:
    shown = "".join(squeeze("".join(svg_texts(page))) for page in pages)
    missing = [t for t in item_texts(journey_map) if squeeze(clean_text(t)) not in shown]
    assert missing == []
    assert "ほか" not in shown and "more" not in shown  # nothing hidden behind "+N more"
    return shown


@pytest.mark.parametrize(
    ("journey_map", "width"),
    [
        (japanese_crowded(JA_STAGES[:3]), 1600),
        (japanese_crowded(JA_8, crowd=40), 2400),
        (english_map(EN_STAGES[:3]), 1600),
        (english_map(), 2400),
    ],
    ids=["ja-3-crowded", "ja-8-very-crowded", "en-3", "en-8"],
)
def test_every_item_is_drawn_in_full(journey_map: dict[str, Any], width: int) -> None:
    pages = render(journey_map, fmt="svg")
    assert len(pages) == 1 and svg_size(pages[0])[0] == width
    shown = assert_every_item_in(pages, journey_map)
    assert all(squeeze(stage["name"]) in shown for stage in journey_map["stages"])
    assert squeeze(journey_map["title"]) in shown  # bold text stays text in SVG (font-weight, no path effect)


def test_kpi_cards_show_names_not_catalogue_ids() -> None:
    journey_map = japanese_crowded(JA_STAGES[:3])
    journey_map["stages"][0]["kpis"][0]["catalogue_name"] = "タスク完了率"
    shown = "".join(svg_texts(render(journey_map, fmt="svg")[0]))
    assert "フォーム完了率" in shown and "直帰率" in shown and "≈ タスク完了率" in shown
    assert "task_success_rate" not in shown and "bounce_rate" not in shown


def test_votes_are_shown_on_pain_points_and_opportunities() -> None:
    journey_map = english_map(EN_STAGES[:3])  # Research: a pain point with 3 votes, an opportunity with 1
    shown = svg_texts(render(journey_map, fmt="svg")[0])
    assert "3 votes" in shown and any(t.endswith("1 vote") for t in shown)


def test_emoji_are_drawn_with_the_bundled_emoji_font() -> None:
    """matplotlib falls back glyph by glyph: each emoji must come from Noto Emoji, Japanese from IPAex."""
    font = get_font(fontManager._find_fonts_by_props(font_properties(15, lay.DPI)))
    font.set_size(15, lay.DPI)
    used = {glyph.char: glyph.ft_object.family_name for glyph in font._layout("認知😩😡📧😓ok", LoadFlags.NO_HINTING)}
    assert used == {"認": "IPAexGothic", "知": "IPAexGothic", "o": "IPAexGothic", "k": "IPAexGothic"} | {
        emoji: "Noto Emoji" for emoji in EMOJI
    }
    svg = render(japanese_crowded(JA_STAGES[:3]), fmt="svg")[0]
    shown = "".join(svg_texts(svg))
    assert all(emoji in shown for emoji in EMOJI)
    assert f"font-family: '{FAMILIES[0]}', '{FAMILIES[1]}'" in svg.decode()


def test_pdf_embeds_the_japanese_and_the_emoji_font() -> None:
    (pdf,) = render(japanese_crowded(JA_STAGES[:3], crowd=2), fmt="pdf")  # emoji in answers
    assert pdf.startswith(b"%PDF")
    fonts = set(re.findall(rb"/FontName /[A-Z]{6}\+([A-Za-z-]+)", pdf))
    assert fonts == {b"IPAexGothic", b"NotoEmoji-Regular"}


def lane_regions(journey_map: dict[str, Any], size: str = "auto") -> list[tuple[lay.LaneSlice, float]]:
    view = read_map(journey_map, None)
    layout = lay.plan(view, size)
    (page,) = lay.paginate(view, layout)
    top = lay.HEADER + lay.personas_height(view, layout) + lay.BAND
    regions = []
    for piece in page.slices:
        regions.append((piece, top))
        top += piece.height
    return regions


@pytest.mark.parametrize(
    "journey_map", [japanese_crowded(JA_8, crowd=6), english_map(EN_STAGES[:3])], ids=["ja-8-crowded", "en-3"]
)
def test_each_lane_has_ink_exactly_where_it_has_items(journey_map: dict[str, Any]) -> None:
    png = render_quietly(journey_map)
    image = np.asarray(imread(io.BytesIO(png), format="png"))[..., :3]
    view = read_map(journey_map, None)
    layout = lay.plan(view)
    assert png_size(png)[0] == layout.width
    for piece, top in lane_regions(journey_map):
        for s, stage in enumerate(view.stages):
            x0, x1 = int(layout.column_x(s)) + 3, int(layout.column_x(s + 1)) - 3
            cell = image[int(top) + 2 : int(top + piece.height) - 2, x0:x1]
            if piece.lane == "emotion":
                assert (cell.min(axis=-1) < 0.5).any()  # the curve and its faces
                continue
            has_items = bool(stage.cards[piece.lane])
            assert has_colour(cell, LANE_COLORS[piece.lane][0], 0.08) == has_items, (piece.lane, stage.name)


def test_blueprint_lanes_lines_and_owner() -> None:
    journey_map = blueprint_map()
    (svg,) = render(journey_map, fmt="svg")
    shown = assert_every_item_in([svg], journey_map)
    for label in ("フロントステージ", "バックステージ", "支援プロセス", "担当", "インタラクションの線", "可視境界線"):
        assert label in shown
    lanes = [piece.lane for piece, _ in lane_regions(journey_map)]
    assert lanes[:7] == ["touchpoints", "actions", "frontstage", "backstage", "support", "owner", "thoughts"]
    assert "フロントステージ" not in "".join(svg_texts(render(japanese_crowded(JA_STAGES[:3]), fmt="svg")[0]))


def test_slides_are_16_9_and_continue_until_every_item_is_shown() -> None:
    journey_map = japanese_crowded(JA_8, crowd=20)
    pages = render(journey_map, fmt="svg", size="slide")
    assert len(pages) >= 3 and {svg_size(page) for page in pages} == {(1920, 1080)}
    assert_every_item_in(pages, journey_map)
    assert [f"{n}/{len(pages)}" in svg_texts(page) for n, page in enumerate(pages, 1)] == [True] * len(pages)
    assert "ペインポイント（続き）" in "".join(svg_texts(pages[1]))
    few = render(english_map(EN_STAGES[:5]), fmt="svg", size="slide")
    assert len(few) == 1


def test_unknown_format_or_size_is_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        render({}, fmt="gif")
    with pytest.raises(ValueError, match="size"):
        render({}, size="poster")


def test_svg_bold_text_logs_no_font_warnings(caplog: pytest.LogCaptureFixture) -> None:
    """SVG writes `font-weight: bold` for titles and labels; matplotlib must not complain in the logs."""
    with caplog.at_level("WARNING"):
        (svg,) = render(english_map(EN_STAGES[:3]), fmt="svg")
    assert "font-weight: 700" in svg.decode() or "font-weight: bold" in svg.decode()
    assert [r.getMessage() for r in caplog.records if r.name.startswith("matplotlib")] == []


def test_personas_too_tall_for_one_slide_continue_on_the_next() -> None:
    journey_map = japanese_crowded(JA_STAGES[:3], crowd=2)
    persona = journey_map["personas"][0]
    goals = [f"目標{j}: 月末の締め作業を半日で終える" for j in range(8)]
    journey_map["personas"] = [dict(persona, name=f"ペルソナ{i}", goals=goals) for i in range(5)]
    pages = render(journey_map, fmt="svg", size="slide")
    assert {svg_size(page) for page in pages} == {(1920, 1080)}
    texts = [svg_texts(page) for page in pages]
    assert sorted(name for page in texts for name in page if name.startswith("ペルソナ") and name[-1].isdigit()) == [
        f"ペルソナ{i}" for i in range(5)
    ]
    shown = "".join(squeeze("".join(page)) for page in texts)
    assert shown.count(squeeze("• 目標7: 月末の締め作業を半日で終える")) == 5  # every persona in full
    assert_every_item_in(pages, journey_map)


def test_a_pain_point_card_names_its_touchpoint() -> None:
    from journeys.picture import render

    journey_map = {"schema": "journeymap/v1", "title": "T", "language": "ja", "map_type": "current_state",
                   "personas": [], "contributors": [],
                   "stages": [{"name": "認知", "position": 1,
                               "touchpoints": [{"name": "比較サイト", "channel": "online"}],
                               "pain_points": [{"text": "送料が高い", "touchpoint": "比較サイト", "votes": 2}]}]}
    svg = b"".join(render(journey_map, fmt="svg", lang="ja")).decode("utf-8")
    assert "@比較サイト" in svg and "送料が高い" in svg


def test_the_blueprint_lanes_drawn_from_a_real_session_hold_its_items() -> None:
    from journeys.export import to_journey_map
    from tests.journeys.factories import blueprint_session

    journey_map = to_journey_map(blueprint_session().state)
    pages = render(journey_map, fmt="svg")
    shown = assert_every_item_in(pages, journey_map)
    lanes = ("倉庫システムで引当", "在庫管理システム", "店舗運営部", "決済の照合")
    assert all(squeeze(text) in shown for text in lanes)
