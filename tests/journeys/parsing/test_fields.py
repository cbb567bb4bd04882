"""Small field readers of the parser, on what a new user typed."""

from __future__ import annotations

import pytest

from journeys.parsing.fields import parse_touchpoint


@pytest.mark.parametrize(
    "text", ["紹介コードの共有ページ", "Referral programme page", "Instagramの広告", "Facebook group", "会員ポータル"]
)
def test_pages_portals_and_social_networks_are_online_whatever_else_they_name(text: str) -> None:
    """A referral page was drawn as an offline touchpoint for its word "紹介" / "referral"."""
    assert parse_touchpoint(text) == (text, "online")


@pytest.mark.parametrize("text", ["店舗", "友人の紹介", "friend referral", "コールセンター"])
def test_places_people_and_phones_stay_offline(text: str) -> None:
    assert parse_touchpoint(text) == (text, "offline")


@pytest.mark.parametrize(
    ("text", "score"),
    [
        # a feeling denied was stored with the word's own sign ("not happy" → +1)
        ("unhappy", -1), ("not happy", -1), ("not satisfied", -1), ("I wasn't really happy", -1),
        ("dissatisfied", -1), ("満足していない", -1), ("楽しくない", -1), ("嬉しくない", -1), ("期待してない", -1),
        ("不安はない", 1), ("not bad", 1), ("悪くない", 1),
        # what teams say in workshops
        ("ちょっとイラッとする", -1), ("微妙", -1), ("モヤモヤする", -1), ("ほっとした", 1), ("ムカつく", -2),
        # said stronger, as the map's own labels for ±2 say it
        ("とても不満", -2), ("very unhappy", -2), ("すごく満足", 2), ("very happy", 2), ("とても満足", 2),
        # and the plain words stay as they were
        ("happy", 1), ("満足", 1), ("不満", -1), ("ふつう", 0), ("がっかり", -1), ("よくわからない", None),
        # faces typed in plain characters
        (":)", 1), (":(", -1), (":D", 2), (">:(", -2), ("T_T", -2), ("^^", 1),
    ],
)
def test_emotion_words_read_with_their_negation_and_strength(text: str, score: int | None) -> None:
    from journeys.parsing.fields import parse_emotion

    assert parse_emotion(text) == score


@pytest.mark.parametrize(
    ("text", "move"),
    [("次へ進んで", "next"), ("次に進んでください", "next"), ("戻ってください", "back"),
     ("スキップでお願いします", "skip"), ("取り消して", "undo"), ("次へ進むと不安", None), ("次の人", None)],
)
def test_a_move_said_politely_is_the_move(text: str, move: str | None) -> None:
    """`次へ進んで` was stored as a pain point."""
    from journeys.parsing.fields import control_word

    found = control_word(text)
    assert (found.value if found else None) == move
