"""A complete Japanese session by three people in a thread, driven through HTTP with signed requests."""

from __future__ import annotations

from journeys.steps import ItemKind, Step
from tests.bot.slack.harness import Testbed, find_element, message_text

CHANNEL = "C0CHAN001"
SATO, SUZUKI, TANAKA = "U0SATO001", "U0SUZUKI1", "U0TANAKA1"


def _steps(slack: Testbed, thread_ts: str) -> list[tuple[str, str | None]]:
    return [(m["metadata"]["event_payload"]["step"], m["metadata"]["event_payload"]["stage"])
            for m in slack.thread(thread_ts)]


def test_japanese_session_three_people(slack: Testbed) -> None:
    assert slack.command("/journey", "start ECサイトの購入体験", user=SATO).status_code == 200
    slack.idle()
    [root] = slack.roots()
    state = slack.service.find(team_id="T0000AAA", channel_id=CHANNEL, thread_ts=root)
    assert state is not None and state.title == "ECサイトの購入体験" and state.language == "ja"
    journey_id = state.journey_id

    def say(text: str, user: str) -> str:
        response, ts = slack.message(text, user=user, thread_ts=root)
        assert response.status_code == 200, response.text
        slack.idle()
        return ts

    say("次へ", SUZUKI)  # scope: keep the title and the default map type
    say("名前: 佐藤さん\n説明: 30代の会社員、平日は忙しい\n目標: 早く買いたい", TANAKA)

    # A button press on the latest step message moves the session like "次へ".
    last = slack.last_step_message(root)
    element, block_id = find_element(last, "journey_next")
    assert element["text"]["text"] == "次へ ▶"
    assert slack.click(element, block_id, user=SATO, message={"ts": "x", **last}).status_code == 200
    slack.idle()
    assert _steps(slack, root)[-1] == ("stages", None)

    say("次へ", SUZUKI)  # the default five stages
    say("Instagram広告、Google検索", TANAKA)
    flyer = say("店舗のチラシ", SUZUKI)
    tv = say("認知: テレビCM", SATO)

    edited = slack.edit("店舗のポスター", old_text="店舗のチラシ", user=SUZUKI, ts=flyer, thread_ts=root)
    assert edited.status_code == 200
    slack.idle()
    assert slack.delete(user=SATO, ts=tv, thread_ts=root, text="認知: テレビCM").status_code == 200
    slack.idle()

    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    touchpoints = [i.text for i in state.items_of(ItemKind.TOUCHPOINT, "認知")]
    assert touchpoints == ["Instagram広告", "Google検索", "店舗のポスター"]
    assert [p.text for p in state.items_of(ItemKind.PERSONA)] == ["佐藤さん"]
    assert set(state.contributors()) == {SATO, TANAKA, SUZUKI}

    # Skip to the emotions step and pick an emotion with the select.
    for _ in range(3):  # touchpoints → actions → thoughts → emotions
        say("スキップ", SATO)
    assert _steps(slack, root)[-1] == ("emotions", "認知")
    last = slack.last_step_message(root)
    select, block_id = find_element(last, "journey_emotion_select")
    assert slack.click(select, block_id, user=TANAKA, message={"ts": "y", **last},
                       selected={"value": "-1", "text": {"type": "plain_text", "text": "悪い"}}).status_code == 200
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    assert [(i.stage, i.score) for i in state.items_of(ItemKind.EMOTION)] == [("認知", -1)]

    for _ in range(4):
        say("スキップ", SUZUKI)
    assert _steps(slack, root)[-1] == ("review", None)
    state = slack.service.get(journey_id=journey_id)
    assert state is not None and state.step is Step.REVIEW

    # Every thread message carries journey_step metadata and Japanese buttons.
    for message in slack.thread(root):
        assert message["metadata"]["event_type"] == "journey_step"
        assert message["metadata"]["event_payload"]["journey_id"] == journey_id
        labels = [e["text"]["text"] for b in message["blocks"] if b["type"] == "actions"
                  for e in b["elements"] if e["type"] == "button"]
        assert "まとめ" in labels and "◀ 戻る" in labels

    # The root message carries the running summary (chat.update), with the edit and without the delete.
    updates = [c.args for c in slack.fake.calls("chat.update") if c.args["ts"] == root]
    assert updates
    summary = message_text(updates[-1])
    assert "店舗のポスター" in summary and "テレビCM" not in summary and "店舗のチラシ" not in summary

    # The whole session in the thread, in order.
    steps = _steps(slack, root)
    assert steps[0] == ("scope", None) and steps[-1] == ("review", None)
    texts = [message_text(m) for m in slack.thread(root)]
    assert any("佐藤さん" in t for t in texts)
    assert all(c.status == 200 for c in slack.fake.calls())
