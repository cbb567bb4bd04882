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
