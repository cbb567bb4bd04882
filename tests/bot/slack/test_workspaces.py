"""Workspaces, channels, visibility (issue 7, points 3–5): Slack Connect partners take part, every request
gets a 200, and the App Home shows only what the viewer can see, in their language.

Shapes follow Slack's payloads (java-slack-sdk json-logs/samples and bolt-python's shared-channel tests):
in a Slack Connect channel the Events API envelope's `team_id` is the partner's and ours is
`authorizations[0].team_id`; a partner's `view_submission` carries `view.app_installed_team_id` (ours) with
`team.id` (theirs); a partner's `block_actions` has `team.id` ours and `user.team_id` theirs.
"""

from __future__ import annotations

import json
import time

import pytest

from journeys.steps import ItemKind
from tests.bot.slack.harness import Testbed, find_element
from tests.bot.slack.signing import json_body

OURS, PARTNER = "T0000AAA", "T0PARTNER"
CHANNEL = "C0SHARED1"
SATO, PARTNER_USER = "U0SATO001", "W0PARTNER"


def _start(slack: Testbed, channel: str = CHANNEL, title: str = "共同プロジェクト") -> tuple[str, str]:
    return slack.start_session(title, user=SATO, channel=channel, team=OURS)


def test_a_partners_thread_reply_is_an_answer(slack: Testbed) -> None:
    root, journey_id = _start(slack)
    response, _ts = slack.message("次へ", user=PARTNER_USER, channel=CHANNEL, thread_ts=root, team=PARTNER,
                                 installed=OURS)
    assert response.status_code == 200
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None and state.step.value == "persona"
    assert PARTNER_USER in state.contributors()
    assert slack.last_step_message(root)["metadata"]["event_payload"]["step"] == "persona"


def test_a_partners_button_click_moves_the_session(slack: Testbed) -> None:
    root, journey_id = _start(slack)
    first = slack.last_step_message(root)
    button, block_id = find_element(first, "journey_next")
    response = slack.click(button, block_id, user=PARTNER_USER, message={"ts": "1.0", **first}, channel=CHANNEL,
                           team=OURS, user_team=PARTNER)
    assert response.status_code == 200
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None and state.step.value == "persona"


def test_a_partners_modal_submission_is_stored(slack: Testbed) -> None:
    root, journey_id = _start(slack)
    slack.message("次へ", user=SATO, channel=CHANNEL, thread_ts=root)
    slack.idle()
    persona_step = slack.last_step_message(root)
    button, block_id = find_element(persona_step, "journey_persona_open")
    slack.click(button, block_id, user=PARTNER_USER, message=persona_step, channel=CHANNEL, team=OURS,
                user_team=PARTNER)
    slack.idle()
    view = slack.fake.calls("views.open")[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    name = {"name": {"type": "plain_text_input", "value": "パートナー社の担当者"}}
    response = slack.submit({**view, "id": "V1"}, name, user=PARTNER_USER, team=PARTNER, installed=OURS)
    assert response.json() == {"response_action": "clear"}
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    assert [p.text for p in state.items_of(ItemKind.PERSONA)] == ["パートナー社の担当者"]


def test_another_workspace_still_cannot_reach_the_journey(slack: Testbed) -> None:
    root, journey_id = _start(slack)
    # The same thread and channel, but an installation of another workspace (not a partner of ours).
    slack.message("次へ", user=PARTNER_USER, channel=CHANNEL, thread_ts=root, team=PARTNER, installed=PARTNER)
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None and state.step.value == "scope"


IGNORED_EVENTS = [
    {"type": "tokens_revoked", "tokens": {"oauth": ["U0SATO001"], "bot": ["UBOT0001"]}},
    {"type": "app_uninstalled"},
    {"type": "member_joined_channel", "user": "U0NEW0001", "channel": "C0CHAN001", "channel_type": "C",
     "team": OURS, "inviter": SATO},
    {"type": "assistant_thread_started", "assistant_thread": {"user_id": SATO, "channel_id": "D0DM00001",
                                                              "thread_ts": "1.0", "context": {}}},
    {"type": "reaction_added", "user": SATO, "reaction": "+1", "item": {"type": "message", "channel": "C0CHAN001",
                                                                        "ts": "1.0"}},
    {"type": "message", "subtype": "channel_join", "user": "U0NEW0001", "channel": "C0CHAN001", "ts": "2.0",
     "text": "<@U0NEW0001> has joined the channel"},
]


def _ignored_requests(slack: Testbed) -> list[tuple[str, object]]:
    """(label, response) for everything the bot ignores; nothing may be answered other than 200."""
    results: list[tuple[str, object]] = []
    for event in IGNORED_EVENTS:
        results.append((str(event["type"]) + str(event.get("subtype") or ""), slack.event(event)))
    body, content_type = json_body({"token": "legacy", "type": "app_rate_limited", "team_id": OURS,
                                    "minute_rate_limited": int(time.time()) // 60 * 60, "api_app_id": "A0JOURNEY"})
    results.append(("app_rate_limited", slack.post(body, content_type)))
    results.append(("view_closed", slack.interact({
        "type": "view_closed", "team": {"id": OURS}, "user": {"id": SATO, "team_id": OURS},
        "view": {"id": "V1", "type": "modal", "callback_id": "journey_persona_view", "app_installed_team_id": OURS},
        "is_cleared": False})))
    results.append(("unknown action", slack.click({"action_id": "some_old_button", "type": "button", "value": "x"},
                                                  "b1", user=SATO, message={"ts": "1.0"})))
    results.append(("unknown view", slack.interact({
        "type": "view_submission", "team": {"id": OURS}, "user": {"id": SATO, "team_id": OURS},
        "view": {"id": "V2", "type": "modal", "callback_id": "an_old_modal", "state": {"values": {}}}})))
    results.append(("unknown shortcut", slack.interact({
        "type": "shortcut", "callback_id": "an_old_shortcut", "trigger_id": "t.9", "team": {"id": OURS},
        "user": {"id": SATO, "team_id": OURS}})))
    results.append(("unknown command", slack.command("/old-command", "x", user=SATO)))
    return results


def test_everything_the_bot_ignores_is_answered_200(slack: Testbed) -> None:
    for label, response in _ignored_requests(slack):
        assert getattr(response, "status_code") == 200, label  # noqa: B009
    slack.idle()
    assert slack.service.list() == []


def test_over_http_too_within_slacks_3_seconds(slack_http: Testbed) -> None:
    started = time.monotonic()
    for label, response in _ignored_requests(slack_http):
        assert getattr(response, "status_code") == 200, label  # noqa: B009
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(("viewer", "locale", "sees_private", "heading"), [
    ("U0SATO001", "ja-JP", True, "ジャーニーマップ"),
    ("U0TANAKA1", "ja-JP", False, "ジャーニーマップ"),
    ("U0ANNA001", "en-US", False, "Journey maps"),
])
def test_app_home_lists_only_visible_channels_in_the_viewers_language(
        slack: Testbed, viewer: str, locale: str, sees_private: bool, heading: str) -> None:
    slack.fake.channels["C0PRIVATE"] = {"is_private": True, "members": ["U0SATO001"]}
    slack.fake.users[viewer] = {"id": viewer, "name": viewer.lower(), "locale": locale}
    _start(slack, channel="C0CHAN001", title="公開チャンネルのジャーニー")
    _start(slack, channel="C0PRIVATE", title="極秘プロジェクト")
    slack.event({"type": "app_home_opened", "user": viewer, "channel": "D0DM00001", "tab": "home",
                 "event_ts": slack.fake.next_ts()})
    slack.idle()
    [published] = slack.fake.calls("views.publish")
    shown = json.dumps(published.args, ensure_ascii=False)
    assert published.args["user_id"] == viewer
    assert "公開チャンネルのジャーニー" in shown
    assert ("極秘プロジェクト" in shown) is sees_private
    view = published.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["blocks"][0]["text"]["text"] == heading
