"""A scope answer labelled like the bot shows it (`範囲: …`) is stored without the label.

`範囲: 20代の初回購入` used to be stored with its label, so the bot said "範囲: 範囲: 20代の初回購入" and the
exports carried "範囲: …" as part of the scope.
"""

from __future__ import annotations

import pytest

from journeys.parsing.scope import read_scope
from journeys.steps import MapType
from tests.journeys.factories import Driver


@pytest.mark.parametrize(
    ("answer", "scope", "map_type"),
    [
        ("範囲: 20代の初回購入", "20代の初回購入", None),
        ("範囲：20代の初回購入", "20代の初回購入", None),
        ("  スコープ:  来店から購入まで", "来店から購入まで", None),
        ("対象範囲: アプリのみ", "アプリのみ", None),
        ("Scope: first-time buyers on mobile", "first-time buyers on mobile", None),
        ("covers: web checkout only", "web checkout only", None),
        ("To-Beで\n範囲: 20代の初回購入", "20代の初回購入", MapType.FUTURE_STATE),
        ("範囲は初回来店から契約までです。", "範囲は初回来店から契約までです。", None),  # a sentence, not a label
        ("対象: 20代の新規ユーザー", "対象: 20代の新規ユーザー", None),  # what it covers is the text itself
    ],
)
def test_a_scope_label_is_not_part_of_the_scope(answer: str, scope: str, map_type: MapType | None) -> None:
    said = read_scope(answer, is_title=False)
    assert (said.description, said.map_type) == (scope, map_type)


def test_the_bot_repeats_the_scope_once_labelled() -> None:
    driver = Driver()
    driver.say("範囲: 20代の初回購入")
    assert driver.state.scope == "20代の初回購入"
    reply = driver.texts[0]
    assert "範囲: 20代の初回購入" in reply and "範囲: 範囲:" not in reply
