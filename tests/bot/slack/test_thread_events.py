"""Thread events of a real workspace that the session lost or mishandled (the Slack round): a mention of the bot
inside a session thread (Slack sends it twice), a message with rich_text blocks and no `text`, replies in the
thread of a deleted journey, replies under a fresh bot message that is no session, and the starter's name."""

from __future__ import annotations

import time
from typing import Any

from bot.slack.rich_text import blocks_text
from journeys.state import ItemKind
from tests.bot.slack.fake_slack import BOT_USER_ID
from tests.bot.slack.harness import Testbed, message_text

CHANNEL, TEAM = "C0CHAN001", "T0000AAA"
SATO, SUZUKI, TANAKA = "U0SATO001", "U0SUZUKI1", "U0TANAKA1"


def _rich_text(*elements: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"type": "rich_text", "block_id": "b1", "elements": list(elements)}]


def _section(*texts: str) -> dict[str, Any]:
    return {"type": "rich_text_section", "elements": [{"type": "text", "text": t} for t in texts]}


def _mention(slack: Testbed, text: str, *, user: str, thread_ts: str, ts: str, event_id: str,
             retry_num: int | None = None) -> None:
    """The app_mention Slack sends for a message that mentions the bot (alongside its `message` event)."""
    slack.event({"type": "app_mention", "user": user, "text": text, "ts": ts, "event_ts": ts, "channel": CHANNEL,
                 "thread_ts": thread_ts, "team": TEAM}, event_id=event_id, retry_num=retry_num)


def _thread_texts(slack: Testbed, root: str) -> list[str]:
    return [message_text(post) or str(post.get("text", "")) for post in slack.thread(root)]


# -- 1. a mention inside a session thread ---------------------------------------------------------------------
def test_a_mention_in_a_session_thread_is_one_answer_whichever_event_comes_first(slack: Testbed) -> None:
    root, journey_id = slack.start_session("美容室の予約体験", user=SATO)
    slack.message("次へ", user=SATO, thread_ts=root)
    slack.idle()
    first, second = slack.fake.next_ts(), slack.fake.next_ts()
    text = f"<@{BOT_USER_ID}> 名前: 佐々木 花"
    before = len(slack.thread(root))
    slack.message(text, user=TANAKA, thread_ts=root, ts=first, event_id="Ev0MSG00001")  # message, then mention
    _mention(slack, text, user=TANAKA, thread_ts=root, ts=first, event_id="Ev0MENTION1")
    slack.idle()
    after_first = len(slack.thread(root))
    again = f"<@{BOT_USER_ID}> 名前: 山本 健"
    _mention(slack, again, user=SUZUKI, thread_ts=root, ts=second, event_id="Ev0MENTION2")  # mention first
    slack.message(again, user=SUZUKI, thread_ts=root, ts=second, event_id="Ev0MSG00002")
    _mention(slack, again, user=SUZUKI, thread_ts=root, ts=second, event_id="Ev0MENTION2", retry_num=1)
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    answers = {c.message_id: c.text for c in state.contributions}
    assert answers[f"{CHANNEL}:{first}"] == "名前: 佐々木 花" and answers[f"{CHANNEL}:{second}"] == "名前: 山本 健"
    assert [i.persona.name for i in state.items_of(ItemKind.PERSONA) if i.persona] == ["佐々木 花", "山本 健"]
    assert slack.knowledge.questions == []  # not a question for the knowledge base
    assert after_first - before == len(slack.thread(root)) - after_first >= 1  # each answered once, alike


def test_a_mention_outside_a_session_thread_is_still_a_question(slack: Testbed) -> None:
    slack.start_session("美容室の予約体験", user=SATO)
    elsewhere = slack.fake.next_ts()
    ts = slack.fake.next_ts()
    slack.message(f"<@{BOT_USER_ID}> ジャーニーマップのペルソナは何人?", user=TANAKA, thread_ts=elsewhere, ts=ts)
    _mention(slack, f"<@{BOT_USER_ID}> ジャーニーマップのペルソナは何人?", user=TANAKA, thread_ts=elsewhere, ts=ts,
             event_id="Ev0MENTION9")
    slack.idle()
    assert slack.knowledge.questions == [("ジャーニーマップのペルソナは何人?", TEAM)]


# -- 2. rich_text blocks without text ---------------------------------------------------------------------------
def test_a_message_with_blocks_and_no_text_is_read_from_its_blocks(slack: Testbed) -> None:
    root, journey_id = slack.start_session("ポイントアプリの来店体験", user=SATO)
    for move in ("次へ", "次へ", "1", "次へ"):  # persona (none), stages (the suggested ones), touchpoints
        slack.message(move, user=SATO, thread_ts=root)
    slack.idle()
    empty_text = {"type": "message", "channel": CHANNEL, "user": TANAKA, "text": "", "thread_ts": root,
                  "channel_type": "channel", "blocks": _rich_text(_section("Instagram広告"))}
    no_text = {"type": "message", "channel": CHANNEL, "user": SUZUKI, "thread_ts": root, "channel_type": "channel",
               "blocks": _rich_text({"type": "rich_text_list", "style": "bullet", "elements": [
                   _section("店頭ポスター"), _section("友人の口コミ & 紹介")]})}
    for event in (empty_text, no_text):
        ts = slack.fake.next_ts()
        slack.event({**event, "ts": ts, "event_ts": ts})
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    touchpoints = [item.text for item in state.items_of(ItemKind.TOUCHPOINT)]
    assert touchpoints == ["Instagram広告", "店頭ポスター", "友人の口コミ & 紹介"]
    assert not any("空のメッセージ" in text for text in _thread_texts(slack, root))


def test_blocks_text_reads_mentions_links_emoji_and_lists_as_slack_writes_text() -> None:
    blocks = _rich_text(
        {"type": "rich_text_section", "elements": [
            {"type": "user", "user_id": "U0SATO001"}, {"type": "text", "text": " 見て "},
            {"type": "link", "url": "https://example.com", "text": "LP"}, {"type": "text", "text": " a<b "},
            {"type": "emoji", "name": "sob", "unicode": "1f62d"}, {"type": "channel", "channel_id": "C0CHAN001"}]},
        {"type": "rich_text_list", "style": "ordered", "elements": [_section("一つ目"), _section("二つ目")]},
    )
    assert blocks_text(blocks) == ("<@U0SATO001> 見て <https://example.com|LP> a&lt;b :sob:<#C0CHAN001>\n"
                                   "1. 一つ目\n2. 二つ目")
    assert blocks_text(None) == "" and blocks_text([{"type": "section", "text": {"type": "mrkdwn"}}]) == ""


# -- 7. the thread of a deleted journey ----------------------------------------------------------------------------
def test_a_reply_in_the_thread_of_a_deleted_journey_is_told_so_once(slack: Testbed) -> None:
    root, journey_id = slack.start_session("消えるジャーニー", user=SATO)
    assert slack.deps.sessions.delete(journey_id)  # as the confirmed delete does
    before = len(slack.thread(root))
    for text in ("まだ答えてます", "これも記録されますか"):
        response, _ = slack.message(text, user=TANAKA, thread_ts=root)
        assert response.status_code == 200
        slack.idle()
    told = _thread_texts(slack, root)[before:]
    assert len(told) == 1 and "削除された" in told[0]


def test_a_reply_under_another_bot_message_is_not_told_anything(slack: Testbed) -> None:
    slack.start_session("残るジャーニー", user=SATO)
    other = slack.client.chat_postMessage(channel=CHANNEL, text="❓ NPSって何?")["ts"]  # a bot post, no session
    slack.message("ありがとう", user=TANAKA, thread_ts=other)
    slack.idle()
    assert slack.thread(other) == []


# -- 8. replies under a fresh bot message that is no session -------------------------------------------------------
def test_a_reply_under_a_fresh_bot_message_that_is_no_session_is_acknowledged_at_once(slack: Testbed) -> None:
    slack.start_session("遅延テスト", user=SATO)  # linked: no start is on its way in this channel
    other = slack.client.chat_postMessage(channel=CHANNEL, text="📝 お知らせ")["ts"]
    started = time.monotonic()
    response, _ = slack.message("了解です", user=TANAKA, thread_ts=other)
    assert response.status_code == 200
    assert time.monotonic() - started < 1.0  # it waited LINK_WAIT_SECONDS (1.5 s) for a link that never comes


# -- 9. the starter's name -------------------------------------------------------------------------------------------
def test_the_starter_is_named_by_display_name_from_the_first_root_message(slack: Testbed) -> None:
    slack.fake.users[SATO] = {"id": SATO, "name": "sato", "profile": {"display_name": "佐藤"}, "locale": "ja-JP"}
    _, journey_id = slack.start_session("会員登録の体験", user=SATO)
    [first_root] = [c.args for c in slack.fake.posts(channel=CHANNEL) if not c.args.get("thread_ts")]
    status = message_text(slack.command("/journey", "status", user=SATO).json())
    for shown in (message_text(first_root), status):
        assert "U0SATO001" not in shown and "佐藤" in shown
    state = slack.service.get(journey_id=journey_id)
    assert state is not None and state.display_name(SATO) == "佐藤"
