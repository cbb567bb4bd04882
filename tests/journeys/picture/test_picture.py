"""The map picture: a real PNG of the right size, drawn with the bundled Japanese font, never a crash.

Renders take a fraction of a second each, so the cases are chosen to cover the risky inputs (no
stages, eight stages, very long text, emoji and odd Unicode, malformed maps) rather than many samples.
"""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from xml.etree import ElementTree

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from matplotlib.image import imread

from journeys.export import to_journey_map
from journeys.picture import render, render_png
from journeys.picture.text import ELLIPSIS, PLACEHOLDER, clean_text, metrics, wrap
from journeys.picture.view import read_map
from journeys.state import Item, SessionState
from journeys.steps import ItemKind, MapType
from tests.journeys.export.test_export import T0, english_state, japanese_state

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def svg_size(svg: bytes) -> tuple[float, float]:
    """Width and height in px (matplotlib writes points: 72 per inch, and the picture has 100 px per inch)."""
    root = ElementTree.fromstring(svg)
    return tuple(round(float(root.attrib[key].removesuffix("pt")) * 100 / 72) for key in ("width", "height"))  # type: ignore[return-value]


def render_quietly(journey_map: dict[str, Any], **kwargs: Any) -> bytes:
    """Render and fail on any warning (a missing glyph is reported as a UserWarning by matplotlib)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render(journey_map, **kwargs)[0] if kwargs.get("size") else render_png(journey_map, **kwargs)
    assert [str(w.message) for w in caught] == []
    return png


def pixels(png: bytes) -> np.ndarray[Any, Any]:
    return np.asarray(imread(io.BytesIO(png), format="png"))[..., :3]


def has_colour(image: np.ndarray[Any, Any], hex_colour: str, tolerance: float = 0.02) -> bool:
    rgb = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return bool((np.abs(image - rgb).max(axis=-1) < tolerance).any())


def with_stages(state: SessionState, count: int, text: Callable[[int, ItemKind], str]) -> SessionState:
    stages = tuple(f"ステージ{i + 1}" for i in range(count))
    items = [
        Item(
            f"x{i}-{kind}#0",
            kind,
            text(i, kind),
            f"x{i}-{kind}",
            "U1",
            T0 + timedelta(minutes=i),
            stage=stage,
            channel="offline",
            score=(i % 5) - 2,
            impact=3,
            effort=1,
            kpi_id="nps",
            target="+30",
        )
        for i, stage in enumerate(stages)
        for kind in ItemKind
        if kind is not ItemKind.PERSONA
    ]
    return state.evolve(stages=stages, items=(*state.items_of(ItemKind.PERSONA), *items))


def test_japanese_map_is_a_real_picture() -> None:
    png = render_quietly(to_journey_map(japanese_state()))
    width, height = png_size(png)
    assert 1600 <= width <= 2400 and 800 <= height <= 4000
    assert 30_000 < len(png) < 5_000_000
    image = pixels(png)
    assert image.shape[:2] == (height, width)
    assert has_colour(image, "#1B3A5C")  # first stage chevron
    assert has_colour(image, "#D64545")  # the -2 face of 購入
    assert has_colour(image, "#2E9E5B")  # the +2 face of 推奨
    assert has_colour(image, "#E67E22")  # an offline touchpoint dot


def test_english_map_and_label_language_override() -> None:
    journey_map = to_journey_map(english_state())
    english, japanese = render_quietly(journey_map), render_quietly(journey_map, lang="ja")
    assert png_size(english)[0] == 1620  # three stages and the column of its thought filed without a stage
    assert english != japanese
    assert png_size(render_quietly(journey_map, size="slide")) == (1920, 1080)


def test_width_scales_with_stage_count() -> None:
    state = japanese_state().evolve(map_type=MapType.SERVICE_BLUEPRINT)  # every kind has a lane: none unassigned
    widths = [
        svg_size(render(to_journey_map(with_stages(state, n, lambda i, k: f"{k} {i}")), fmt="svg")[0])[0]
        for n in (3, 5, 8)
    ]
    assert widths[0] == 1600 and widths[0] < widths[1] < widths[2] == 2400


def test_empty_journey() -> None:
    state = japanese_state().evolve(stages=(), items=(), contributions=())
    width, height = png_size(render_quietly(to_journey_map(state)))
    assert width == 1600 and 300 < height < 800


@pytest.mark.parametrize(
    "journey_map",
    [
        {},
        {"title": None, "stages": "not a list", "personas": [None, 3, {"name": ["x"]}]},
        {"stages": [None, {"name": 5, "emotion": "high", "touchpoints": [{"name": None}, "bare"], "kpis": [7]}]},
        {"stages": [{"name": "A", "emotion": True, "opportunities": [{"text": "x", "impact": 99, "effort": "low"}]}]},
    ],
)
def test_malformed_maps_still_render(journey_map: dict[str, Any]) -> None:
    assert png_size(render_quietly(journey_map))[0] >= 1600


def test_very_long_text_and_emoji_in_eight_stages() -> None:
    long_ja = "送料が決済の直前まで表示されないので、最後の最後で高いと感じてカートを放棄してしまう。" * 3
    texts = {0: long_ja, 1: "👍🏽🎉 最高！ 😡😡", 2: "https://example.com/" + "x" * 300, 3: "👨‍👩‍👧"}
    state = with_stages(japanese_state(), 8, lambda i, k: texts.get(i % 4, "") + f" {k}")
    state = state.evolve(title="とても長いタイトル🚀" * 20)
    width, height = png_size(render_quietly(to_journey_map(state)))
    assert width == 2400 and height < 8000  # every line of the long answers is drawn: the page grows


def test_no_pyplot_and_no_global_font_changes() -> None:
    """Rendering must not import pyplot or matplotlib_fontja (whose import rewrites rcParams)."""
    code = (  # reading rcParams["backend"] would itself import pyplot, so compare the font keys only
        "import sys, matplotlib; keys = ('font.family', 'font.sans-serif')\n"
        "before = [list(matplotlib.rcParams[k]) for k in keys]\n"
        "from journeys.picture import render_png\n"
        "render_png({'title': '日本語', 'stages': [{'name': '認知', 'emotion': 1}]})\n"
        "assert 'matplotlib.pyplot' not in sys.modules and 'matplotlib_fontja' not in sys.modules\n"
        "assert [list(matplotlib.rcParams[k]) for k in keys] == before\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


# ---- text helpers -------------------------------------------------------------------------------------


def test_clean_text_keeps_emoji_and_drops_what_no_font_has() -> None:
    assert clean_text("😞 不安\nです\u200d") == "😞 不安 です"
    assert clean_text("👍🏽") == "👍"  # the skin-tone modifier would be drawn as a swatch
    assert clean_text("\U000f0000") == PLACEHOLDER  # private use: no font has it, something stays visible
    assert clean_text("𝐍𝐏𝐒") == "NPS"  # mathematical bold: compatibility form
    assert clean_text(None) == clean_text("   ") == ""
    font = metrics()
    assert all(font.has(c) for c in clean_text("認知・検討→購入（￥1,000）"))


def test_wrap_breaks_japanese_by_width_and_keeps_punctuation_off_line_starts() -> None:
    text = "会員登録の入力項目が多く、途中で離脱してしまう。ゲスト購入があれば、すぐに買えるのに。"
    lines = wrap(text, 150, 15, 10)
    assert "".join(lines) == text and len(lines) > 2
    assert all(metrics().width(line, 15) <= 150 + 2 * 15 for line in lines)  # kinsoku may hang one glyph
    assert not any(line[0] in "、。" for line in lines)


def test_wrap_keeps_latin_words_and_truncates_with_ellipsis() -> None:
    lines = wrap("Shipping cost is shown only at checkout, so people abandon their carts", 160, 15, 2)
    assert len(lines) == 2 and lines[-1].endswith(ELLIPSIS)
    assert lines[0].split()[-1] in ["Shipping", "cost", "is", "shown", "only", "at", "checkout,"]
    assert all(metrics().width(line, 15) <= 160 for line in lines)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.text(max_size=60), min_size=1, max_size=8),
    st.lists(st.one_of(st.none(), st.integers(-2, 2)), min_size=8, max_size=8),
)
def test_random_text_renders_without_warnings(texts: list[str], emotions: list[int | None]) -> None:
    stages = [
        {
            "name": t,
            "emotion": e,
            "touchpoints": [{"name": t, "channel": "online"}],
            "actions": [t],
            "thoughts": [t],
            "pain_points": [{"text": t}],
            "opportunities": [{"text": t, "impact": 2, "effort": 2}],
            "kpis": [{"id": t, "name": t, "target": t}],
        }
        for t, e in zip(texts, emotions, strict=False)
    ]
    png = render_quietly({"title": "".join(texts), "language": "en", "stages": stages})
    assert png.startswith(PNG_SIGNATURE)


def test_opportunities_are_numbered_in_priority_order_across_the_map() -> None:
    view = read_map(to_journey_map(japanese_state()), None)
    ranks = [card.rank for stage in view.stages for card in stage.cards["opportunities"]]
    assert ranks == [1, 2, 3, 5, 4]  # (impact, effort): (3,1) (3,2) (3,3) (2,2) (2,1)
    assert view.stages[3].emotion is None and view.stages[2].emotion == -2
    assert view.stages[2].emotion_text == "イライラ"  # the team's own word for the latest emotion
