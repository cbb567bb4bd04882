"""The ⋯ menu on each line of `一覧`: delete an item, or edit it in a form — through App.dispatch with
signed requests against the fake Web API, like a teammate clicking in the thread."""

from __future__ import annotations

import json
from typing import Any

from bot.slack import ids
from journeys.steps import ItemKind
from tests.bot.slack.harness import Testbed, message_text

CHANNEL = "C0CHAN001"


def _session_with_touchpoints(slack: Testbed) -> tuple[str, str]:
    slack.command("/journey", "start 店舗受け取り", user="U0SATO001")
    slack.idle()
    root = slack.roots()[-1]
    for line in ("タッチポイントへ", "Instagram広告、駅のポスター", "検討: 比較サイト", "一覧"):
        assert slack.message(line, user="U0SATO001", thread_ts=root)[0].status_code == 200
        slack.idle()
    state = slack.service.find(team_id="T0000AAA", channel_id=CHANNEL, thread_ts=root)
    assert state is not None
    return root, state.journey_id


def _menus(message: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(block["text"]["text"], block["accessory"]) for block in message["blocks"]
            if (block.get("accessory") or {}).get("action_id") == ids.ITEM_MENU]


def _pick(menu: dict[str, Any], act: str) -> dict[str, Any]:
    return next(o for o in menu["options"] if json.loads(o["value"])["a"] == act)


def test_each_listed_item_can_be_deleted_from_its_menu(slack: Testbed) -> None:
    root, journey_id = _session_with_touchpoints(slack)
    listing = slack.thread(root)[-1]
    menus = _menus(listing)
    assert [label for label, _ in menus] == ["1. Instagram広告 (オンライン)", "2. 駅のポスター (オフライン)",
                                            "3. 比較サイト (オンライン)"]
    posted = {**listing, "ts": slack.fake.posts(thread_ts=root)[-1].response["ts"]}
    _, menu = menus[1]
    assert slack.click(menu, "b", user="U0TANAKA1", message=posted, selected=_pick(menu, "d")).status_code == 200
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    assert [i.text for i in state.items_of(ItemKind.TOUCHPOINT)] == ["Instagram広告", "比較サイト"]
    assert state.contributions[-1].author == "U0TANAKA1"  # attributed to the clicker
    assert "駅のポスター" in message_text(slack.thread(root)[-1])  # the thread says what was deleted
    # The same stale line clicked again: nothing changes, only the clicker hears about it.
    assert slack.click(menu, "b", user="U0TANAKA1", message=posted, selected=_pick(menu, "d")).status_code == 200
    slack.idle()
    after = slack.service.get(journey_id=journey_id)
    assert after is not None
    assert [i.text for i in after.items_of(ItemKind.TOUCHPOINT)] == ["Instagram広告", "比較サイト"]
    told = [c for c in slack.fake.calls() if c.method.startswith("/respond/")]
    assert told and told[-1].args.get("response_type") == "ephemeral" and "一覧" in told[-1].args["text"]


def test_edit_opens_a_form_and_its_submission_rewrites_the_item(slack: Testbed) -> None:
    root, journey_id = _session_with_touchpoints(slack)
    listing = slack.thread(root)[-1]
    posted = {**listing, "ts": slack.fake.posts(thread_ts=root)[-1].response["ts"]}
    _, menu = _menus(listing)[2]
    assert slack.click(menu, "b", user="U0SATO001", message=posted, selected=_pick(menu, "e")).status_code == 200
    slack.idle()
    [opened] = slack.fake.calls("views.open")
    view = opened.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == ids.ITEM_EDIT_VIEW
    assert view["blocks"][0]["element"]["initial_value"] == "比較サイト"
    view = {**view, "id": "V0EDIT01", "hash": "h1"}
    edited = {"type": "plain_text_input", "value": "価格比較サイト &amp; 口コミ"}
    response = slack.submit(view, {ids.ITEM_EDIT_TEXT: edited}, user="U0SATO001")
    assert response.status_code == 200
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    assert [i.text for i in state.items_of(ItemKind.TOUCHPOINT)][-1] == "価格比較サイト & 口コミ"
