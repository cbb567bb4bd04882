"""Signatures, workspace/channel scoping and escaping of user text."""

from __future__ import annotations

import json
import time

from journeys.steps import ItemKind
from tests.bot.slack.harness import SECRET, Testbed, find_element
from tests.bot.slack.signing import form_body


def _journey_count(slack: Testbed) -> int:
    return len(slack.service.list())


def _command_body(slack: Testbed, words: str) -> tuple[str, str]:
    return form_body({"team_id": "T0000AAA", "channel_id": "C0CHAN001", "user_id": "U0EVE0001",
                      "command": "/journey", "text": words, "response_url": f"{slack.fake.root}respond/x",
                      "trigger_id": "t.1"})


def test_bad_signature_is_rejected_and_changes_nothing(slack_http: Testbed) -> None:
    slack = slack_http  # over HTTP: the signature is checked on the bytes uvicorn received
    body, content_type = _command_body(slack, "start 乗っ取り")
    response = slack.post(body, content_type, secret="not-the-secret")
    assert response.status_code == 401
    tampered = slack.post(body.replace("start", "list"), content_type,
                          headers={"X-Slack-Signature": "v0=" + "0" * 64})
    assert tampered.status_code == 401
    slack.idle()
    assert _journey_count(slack) == 0
    assert [c.method for c in slack.fake.calls()] == []


def test_stale_signature_is_rejected_and_changes_nothing(slack_http: Testbed) -> None:
    slack = slack_http  # over HTTP: the signature is checked on the bytes uvicorn received
    body, content_type = _command_body(slack, "start 古いリクエスト")
    response = slack.post(body, content_type, secret=SECRET, timestamp=int(time.time()) - 6 * 60)
    assert response.status_code == 401
    slack.idle()
    assert _journey_count(slack) == 0
    assert slack.fake.calls() == []


def _start(slack: Testbed, *, channel: str = "C0CHAN001", team: str = "T0000AAA") -> tuple[str, str]:
    return slack.start_session("社内の秘密ジャーニー", user="U0SATO001", channel=channel, team=team)


def test_export_from_another_channel_or_workspace_finds_nothing(slack: Testbed) -> None:
    _, journey_id = _start(slack)
    slack.fake.clear()
    other_channel = slack.command("/journey", f"export {journey_id}", user="U0EVE0001", channel="C0OTHER01")
    other_team = slack.command("/journey", f"export {journey_id}", user="U0EVE0001", team="T0EVIL001")
    listed = slack.command("/journey", "list", user="U0EVE0001", team="T0EVIL001")
    slack.idle()
    for response in (other_channel, other_team):
        assert response.status_code == 200
        assert "ジャーニーがありません" in response.text  # none here: the other channel's is not shown
    assert "社内の秘密ジャーニー" not in listed.text
    assert not [c for c in slack.fake.calls() if c.method.startswith("files.") or c.method.startswith("/upload")]

    # The same journey id in a forged button from another channel does not move the session either.
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    forged = {"action_id": "journey_next", "type": "button",
              "value": json.dumps({"j": journey_id, "s": "scope", "i": None})}
    slack.click(forged, f"moves:{journey_id}", user="U0EVE0001", message={"ts": "1.1"}, channel="C0OTHER01")
    slack.idle()
    after = slack.service.get(journey_id=journey_id)
    assert after is not None and after.step == state.step and after.version == state.version


def test_pings_in_an_answer_are_stored_as_words_and_never_echoed_as_pings(slack: Testbed) -> None:
    slack.fake.users["U0BOSS001"] = {"id": "U0BOSS001", "name": "boss", "profile": {"display_name": "部長"}}
    root, journey_id = _start(slack)
    slack.message("次へ", user="U0SUZUKI1", thread_ts=root)
    # As Slack delivers it: "&" entity-encoded, the pings as tokens.
    slack.message("名前: <!channel> さん <@U0BOSS001> &amp; <!here>", user="U0TANAKA1", thread_ts=root)
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    assert [p.text for p in state.items_of(ItemKind.PERSONA)] == ["@channel さん 部長 & @here"]
    status = slack.command("/journey", "status", user="U0SATO001").json()
    assert "@channel さん 部長 &amp; @here" in json.dumps(status, ensure_ascii=False)  # escaped exactly once
    slack.idle()
    sent = [json.dumps(c.args, ensure_ascii=False) for c in slack.fake.calls()]
    assert any("@channel さん 部長 &amp; @here" in s for s in sent)
    for payload in sent:
        assert "<!channel>" not in payload and "<!here>" not in payload and "<@U0BOSS001>" not in payload
        assert "&amp;amp;" not in payload
    last = slack.last_step_message(root)
    find_element(last, "journey_next")  # still a normal step message


def test_url_verification_is_answered_when_signed(slack_http: Testbed) -> None:
    slack = slack_http  # over HTTP: the signature is checked on the bytes uvicorn received
    body = json.dumps({"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                       "token": "legacy"})
    response = slack.post(body, "application/json")
    assert response.status_code == 200 and "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in response.text
    assert slack.post(body, "application/json", secret="wrong").status_code == 401
