"""Issue 9 in Slack, through App.dispatch with signed requests against the fake Web API: the vote message at
the review step, the review button, the canvas (and the file upload it falls back to), the App Home dashboard."""

from __future__ import annotations

import json
from typing import Any

from journeys.steps import ItemKind
from tests.bot.slack.harness import Testbed, find_element, message_text

CHANNEL = "C0CHAN001"
SATO, SUZUKI, ANNA = "U0SATO001", "U0SUZUKI1", "U0ANNA001"


def _session_at_review(slack: Testbed) -> tuple[str, str]:
    slack.fake.users[SATO] = {"id": SATO, "name": "sato", "locale": "ja-JP", "profile": {"display_name": "佐藤"}}
    slack.fake.users[SUZUKI] = {"id": SUZUKI, "name": "suzuki", "profile": {"display_name": "鈴木"}}
    slack.command("/journey", "start ECサイトの購入体験", user=SATO)
    slack.idle()
    root = slack.roots()[-1]
    for line in ("ペインポイントへ", "送料が高い @カート画面", "改善機会へ", "送料無料ラインを表示", "レビューへ"):
        response, _ = slack.message(line, user=SATO, thread_ts=root)
        assert response.status_code == 200
        slack.idle()
    state = slack.service.find(team_id="T0000AAA", channel_id=CHANNEL, thread_ts=root)
    assert state is not None
    return root, state.journey_id


def _vote_message(slack: Testbed, root: str) -> dict[str, Any]:
    return next(m for m in reversed(slack.thread(root)) if "🗳" in message_text(m))


def test_the_vote_message_counts_one_vote_per_person_and_a_second_click_takes_it_back(slack: Testbed) -> None:
    root, journey_id = _session_at_review(slack)
    message = _vote_message(slack, root)
    assert message["metadata"]["event_payload"]["step"] == "review"
    buttons = [e for b in message["blocks"] if b.get("accessory") for e in [b["accessory"]]]
    assert [b["action_id"] for b in buttons] == ["journey_vote_toggle"] * 2
    assert "送料が高い (@カート画面)" in message_text(message)
    posted = {**message, "ts": slack.fake.posts(thread_ts=root)[-1].response["ts"]}

    first = (buttons[0], "vote:1")
    for user in (SATO, SUZUKI, SUZUKI, SUZUKI):  # Suzuki votes, takes it back, votes again
        assert slack.click(*first, user=user, message=posted).status_code == 200
        slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    [pain] = state.items_of(ItemKind.PAIN_POINT)
    assert state.vote_count(pain.item_id) == 2 and state.voters(pain.item_id) == (SATO, SUZUKI)
    update = slack.fake.calls("chat.update")[-1].args
    assert update["ts"] == posted["ts"]
    assert "2票 (佐藤, 鈴木)" in message_text(update)

    # `投票 N` in the thread counts the same votes: Sato already voted for 1, so it stays one vote.
    slack.message("投票 1 2", user=SATO, thread_ts=root)
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None and state.vote_count(pain.item_id) == 2 and len(state.votes) == 3
    assert "投票済み" in message_text(slack.thread(root)[-1])


def test_the_review_button_schedules_a_review_in_three_months(slack: Testbed) -> None:
    root, journey_id = _session_at_review(slack)
    message = {**_vote_message(slack, root), "ts": "1700000000.000900"}
    button = find_element(message, "journey_review_schedule")
    slack.click(*button, user=SUZUKI, message=message)
    slack.click(*button, user=SUZUKI, message=message)  # a double click schedules once
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None and len(state.reviews) == 1
    assert state.reviews[0].scheduled_by == SUZUKI
    assert "📅" in message_text(slack.thread(root)[-1])


def test_markdown_becomes_a_canvas_where_allowed(slack: Testbed) -> None:
    root, _ = _session_at_review(slack)
    slack.fake.canvases_allowed = True
    slack.command("/journey", "export md json", user=SATO)
    slack.idle(timeout=30)
    [canvas] = slack.fake.calls("canvases.create")
    assert canvas.args["channel_id"] == CHANNEL
    content = canvas.args["document_content"]
    content = json.loads(content) if isinstance(content, str) else content
    assert content["type"] == "markdown" and "送料が高い" in content["markdown"]
    assert any("fake.slack.com/docs/" in m["text"] for m in slack.thread(root))
    [complete] = slack.fake.calls("files.completeUploadExternal")
    assert [f["title"] for f in json.loads(complete.args["files"])] == ["ECサイトの購入体験"]  # the JSON only


def test_without_canvases_the_markdown_file_is_uploaded_into_the_thread(slack: Testbed) -> None:
    root, _ = _session_at_review(slack)
    slack.command("/journey", "export md", user=SATO)
    slack.idle(timeout=30)
    assert slack.fake.calls("canvases.create")[0].response["error"] == "free_team_not_allowed"
    [get_url] = slack.fake.calls("files.getUploadURLExternal")
    assert get_url.args["filename"].endswith(".md")
    [upload] = [c for c in slack.fake.calls() if c.method.startswith("/upload/")]
    assert upload.method == f"/upload/{get_url.response['file_id']}"
    [complete] = slack.fake.calls("files.completeUploadExternal")
    assert complete.args["channel_id"] == CHANNEL and complete.args["thread_ts"] == root
    methods = [c.method for c in slack.fake.calls()]
    assert methods.index("files.getUploadURLExternal") < methods.index(upload.method) < methods.index(
        "files.completeUploadExternal")


def _open_home(slack: Testbed, user: str) -> dict[str, Any]:
    slack.event({"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home",
                 "event_ts": slack.fake.next_ts()})
    slack.idle()
    publish = [c for c in slack.fake.calls("views.publish") if c.args["user_id"] == user][-1]
    view = publish.args["view"]
    return json.loads(view) if isinstance(view, str) else view


def test_app_home_dashboard_shows_progress_and_actions_in_the_viewers_language(slack: Testbed) -> None:
    root, journey_id = _session_at_review(slack)
    slack.fake.channels["C0SECRET1"] = {"is_private": True, "members": [SATO]}
    slack.command("/journey", "start 秘密の計画", user=SATO, channel="C0SECRET1")
    slack.idle()
    slack.fake.users[ANNA] = {"id": ANNA, "name": "anna", "locale": "en-US"}

    view = _open_home(slack, ANNA)
    shown = message_text(view)
    assert "Journey maps" in shown and "How it works" in shown
    assert "ECサイトの購入体験" in shown and "Step 11/11: Review" in shown and "last activity <!date^" in shown
    assert "Pain points 1 · Opportunities 1" in shown
    assert "秘密の計画" not in shown  # a private channel Anna is not in
    open_thread = find_element(view, "journey_home_open_thread")[0]
    assert open_thread["url"] == f"https://fake.slack.com/archives/{CHANNEL}/p{root.replace('.', '')}"
    assert find_element(view, "journey_home_export")[0]["value"] == journey_id
    find_element(view, "journey_home_new")

    japanese = message_text(_open_home(slack, SATO))
    assert "使い方" in japanese and "秘密の計画" in japanese and "ペインポイント 1" in japanese


def test_a_journey_started_from_the_home_tab(slack: Testbed) -> None:
    slack.fake.users[ANNA] = {"id": ANNA, "name": "anna", "locale": "en-US"}
    view = _open_home(slack, ANNA)
    new = find_element(view, "journey_home_new")
    slack.click(*new, user=ANNA, message={"ts": "1.1"})
    slack.idle()
    modal = slack.fake.calls("views.open")[-1].args["view"]
    modal = json.loads(modal) if isinstance(modal, str) else modal
    assert modal["callback_id"] == "journey_home_new_view" and modal["title"]["text"] == "New journey"
    response = slack.submit({**modal, "id": "V9"}, {
        "home_new_title": {"type": "plain_text_input", "value": "Onboarding"},
        "home_new_channel": {"type": "conversations_select", "selected_conversation": "C0CHAN002"},
    }, user=ANNA)
    assert response.json() == {"response_action": "clear"}
    slack.idle()
    [state] = slack.service.list(team_id="T0000AAA", channel_id="C0CHAN002")
    assert state.title == "Onboarding" and state.thread_ts == slack.roots("C0CHAN002")[-1]


def test_a_crowded_vote_message_stays_within_slacks_block_limit() -> None:
    from bot.slack.vote_message import vote_message
    from journeys.steps import Step
    from tests.journeys.factories import Driver

    driver = Driver()
    driver.goto(Step.PAIN_POINTS)
    driver.say("\n".join(f"課題{n} <!channel>" for n in range(60)))
    driver.goto(Step.REVIEW)
    message = vote_message(driver.state, "ja")
    blocks = [block.to_dict() for block in message.blocks]
    assert len(blocks) <= 50
    shown = json.dumps(blocks, ensure_ascii=False)
    assert "ほか 15 件" in shown and "<!channel>" not in shown and "&lt;!channel&gt;" in shown


def test_in_a_thread_undo_after_a_delete_puts_the_items_back_through_storage(slack: Testbed) -> None:
    """The slips a new user made, replayed as Slack messages: `-2`, `１．…`, `削除 1、2`, then `取り消し`."""
    slack.fake.users[SATO] = {"id": SATO, "name": "sato", "locale": "ja-JP", "profile": {"display_name": "佐藤"}}
    slack.command("/journey", "start ECサイトの購入体験", user=SATO)
    slack.idle()
    root = slack.roots()[-1]
    for line in ("感情へ", "-2 不安", "ペインポイントへ", "１．送料が高い\n２．配送日が選べない\n３．会員登録が面倒",
                 "削除 1、2", "取り消し"):
        response, _ = slack.message(line, user=SATO, thread_ts=root)
        assert response.status_code == 200
        slack.idle()
    state = slack.service.find(team_id="T0000AAA", channel_id=CHANNEL, thread_ts=root)
    assert state is not None
    assert [i.score for i in state.items_of(ItemKind.EMOTION)] == [-2]
    assert [i.text for i in state.items_of(ItemKind.PAIN_POINT)] == ["送料が高い", "配送日が選べない", "会員登録が面倒"]
    assert "元に戻した項目" in message_text(slack.thread(root)[-1])
