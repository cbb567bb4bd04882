"""Deleting a journey (creator or admin, with confirmation) and the "Add to journey map" shortcut."""

from __future__ import annotations

import json

from journeys.steps import ItemKind
from tests.bot.slack.harness import Testbed, find_element

CREATOR, MEMBER, ADMIN = "U0SATO001", "U0SUZUKI1", "U0ADMIN01"


def _start(slack: Testbed) -> tuple[str, str]:
    return slack.start_session("解約フローの改善", user=CREATOR)


def _responses(slack: Testbed) -> list[dict[str, object]]:
    return [c.args for c in slack.fake.calls() if c.method.startswith("/respond/")]


def test_a_member_cannot_delete(slack: Testbed) -> None:
    slack.fake.users[CREATOR] = {"id": CREATOR, "name": "sato", "profile": {"display_name": "佐藤"}}
    _, journey_id = _start(slack)
    assert slack.command("/journey", "delete", user=MEMBER).status_code == 200
    slack.idle()
    [refusal] = _responses(slack)
    assert "（佐藤）" in str(refusal["text"]) and "U0SATO001" not in str(refusal["text"])  # named, not pinged
    assert MEMBER in [c.args["user"] for c in slack.fake.calls("users.info")]  # the admin check
    assert slack.service.get(journey_id=journey_id) is not None

    # A confirmation button forwarded to a member is re-checked on click.
    confirm = {"action_id": "journey_delete_confirm", "type": "button", "value": journey_id}
    slack.click(confirm, "b", user=MEMBER, message={"ts": "1.2"})
    slack.idle()
    assert slack.service.get(journey_id=journey_id) is not None


def test_an_admin_deletes_after_confirming(slack: Testbed) -> None:
    root, journey_id = _start(slack)
    slack.fake.admins.add(ADMIN)
    slack.command("/journey", "delete", user=ADMIN)
    slack.idle()
    [prompt] = _responses(slack)
    blocks = prompt["blocks"]
    assert isinstance(blocks, list)
    confirm, block_id = find_element({"blocks": blocks}, "journey_delete_confirm")
    assert confirm["confirm"]["style"] == "danger"  # Slack asks "really?" before sending the click
    assert slack.service.get(journey_id=journey_id) is not None  # nothing deleted before the confirmation
    slack.click(confirm, block_id, user=ADMIN, message={"ts": "1.3"})
    slack.idle()
    assert slack.service.get(journey_id=journey_id) is None
    assert "削除しました" in str(_responses(slack)[-1]["text"])
    [update] = [c.args for c in slack.fake.calls("chat.update") if c.args["ts"] == root][-1:]
    assert "削除されました" in json.dumps(update, ensure_ascii=False)


def test_the_creator_can_cancel_or_delete(slack: Testbed) -> None:
    _, journey_id = _start(slack)
    slack.command("/journey", "delete", user=CREATOR)
    slack.idle()
    assert {c.args["user"] for c in slack.fake.calls("users.info")} <= {CREATOR}  # a name; no admin check
    blocks = _responses(slack)[0]["blocks"]
    assert isinstance(blocks, list)
    cancel, block_id = find_element({"blocks": blocks}, "journey_delete_cancel")
    slack.click(cancel, block_id, user=CREATOR, message={"ts": "1.4"})
    slack.idle()
    assert slack.service.get(journey_id=journey_id) is not None
    confirm, block_id = find_element({"blocks": blocks}, "journey_delete_confirm")
    slack.click(confirm, block_id, user=CREATOR, message={"ts": "1.4"})
    slack.idle()
    assert slack.service.get(journey_id=journey_id) is None


def test_add_to_journey_map_files_a_message_with_its_permalink(slack: Testbed) -> None:
    root, journey_id = _start(slack)
    slack.message("次へ", user=CREATOR, thread_ts=root)
    slack.message("次へ", user=CREATOR, thread_ts=root)
    slack.message("次へ", user=CREATOR, thread_ts=root)  # default stages
    slack.idle()
    complaint = {"type": "message", "ts": slack.fake.next_ts(), "user": "U0CUSTOM1",
                 "text": "解約ボタンがどこにあるか分からない &lt;設定&gt; <https://help.example.com/x|ヘルプ> <!here>"}
    said = "解約ボタンがどこにあるか分からない <設定> ヘルプ @here"  # as people read it in Slack
    assert slack.shortcut(complaint, user=MEMBER).status_code == 200
    slack.idle()
    [permalink] = slack.fake.calls("chat.getPermalink")
    assert permalink.args["message_ts"] == complaint["ts"]
    [opened] = slack.fake.calls("views.open")
    view = opened.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == "journey_file_item_view"
    stage_options = view["blocks"][0]["element"]["option_groups"][0]["options"]
    stages = [o["text"]["text"] for o in stage_options]
    assert stages == ["認知", "検討", "購入", "維持", "推奨"]
    target = stage_options[3]["value"]  # 維持
    [prefill] = [b["element"].get("initial_value") for b in view["blocks"] if b["block_id"] == "file_text"]
    assert prefill == said  # decoded, not Slack's markup

    response = slack.submit({**view, "id": "V9"}, {
        "file_target": {"type": "static_select", "selected_option": {"value": target}},
        "file_kind": {"type": "static_select", "selected_option": {"value": "pain_point"}},
        "file_text": {"type": "plain_text_input", "value": prefill},
    }, user=MEMBER)
    assert response.json() == {"response_action": "clear"}
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    [pain] = state.items_of(ItemKind.PAIN_POINT, "維持")
    assert pain.text.startswith(said + " — ")
    assert f"/archives/C0CHAN001/p{complaint['ts'].replace('.', '')}" in pain.text
    assert pain.author == MEMBER and pain.message_id == f"C0CHAN001:{complaint['ts']}"

    # Filing the same message again is refused in the modal; nothing is duplicated.
    again = slack.submit({**view, "id": "V10"}, {
        "file_target": {"type": "static_select", "selected_option": {"value": target}},
        "file_kind": {"type": "static_select", "selected_option": {"value": "pain_point"}},
        "file_text": {"type": "plain_text_input", "value": prefill},
    }, user=MEMBER)
    assert again.json()["response_action"] == "errors"
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None and len(state.items_of(ItemKind.PAIN_POINT)) == 1
    posted = json.dumps([c.args for c in slack.fake.posts(thread_ts=root)], ensure_ascii=False)
    assert "分からない &lt;設定&gt; ヘルプ @here" in posted and "<!here>" not in posted and "&amp;lt;" not in posted


def test_shortcut_in_a_channel_without_journeys_explains(slack: Testbed) -> None:
    message = {"type": "message", "ts": slack.fake.next_ts(), "user": "U0CUSTOM1", "text": "困った"}
    slack.shortcut(message, user=MEMBER, channel="C0EMPTY01")
    slack.idle()
    assert slack.fake.calls("views.open") == []
    assert "ジャーニーがまだありません" in str(_responses(slack)[0]["text"])
