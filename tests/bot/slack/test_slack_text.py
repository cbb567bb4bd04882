"""Slack's message format is read as people typed it (issue 7, points 1, 2, 7 and 9).

Payloads are shaped like Slack's own (slackapi/java-slack-sdk json-logs/samples: MessagePayload,
MessageChangedPayload, MessageThreadBroadcastPayload, SlashCommandPayload): `&`, `<`, `>` arrive as
entities, links, mentions and channels as `<…>` tokens.
"""

from __future__ import annotations

import json
import time

import pytest

from bot.slack.decode import decode
from journeys.steps import ItemKind
from tests.bot.slack.fake_slack import BOT_USER_ID
from tests.bot.slack.harness import Testbed, message_text

CHANNEL = "C0CHAN001"
SATO, SUZUKI, TANAKA, BOSS = "U0SATO001", "U0SUZUKI1", "U0TANAKA1", "U0BOSS001"


def _people(slack: Testbed) -> None:
    for user, name in ((SATO, "佐藤"), (SUZUKI, "鈴木"), (TANAKA, "田中"), (BOSS, "部長")):
        slack.fake.users[user] = {"id": user, "name": user.lower(), "real_name": f"{name} 太郎",
                                  "profile": {"display_name": name, "real_name": f"{name} 太郎"}, "locale": "ja-JP"}


def _start_at_touchpoints(slack: Testbed, title: str = "ECサイトの購入体験") -> tuple[str, str]:
    slack.command("/journey", f"start {title}", user=SATO)
    slack.idle()
    root = slack.roots()[-1]
    for word in ("次へ", "次へ", "次へ"):  # scope, persona, stages (default five) → touchpoints
        slack.message(word, user=SATO, thread_ts=root)
        slack.idle()
    state = slack.service.find(team_id="T0000AAA", channel_id=CHANNEL, thread_ts=root)
    assert state is not None and state.step.value == "touchpoints"
    return root, state.journey_id


def _sent(slack: Testbed) -> str:
    return json.dumps([c.args for c in slack.fake.calls()], ensure_ascii=False)


@pytest.mark.parametrize(("raw", "read"), [
    ("推奨: 友人紹介 &amp; SNS投稿、レビュー &lt;星5&gt;", "推奨: 友人紹介 & SNS投稿、レビュー <星5>"),
    ("<@U0BOSS001> に確認", "部長 に確認"),
    ("<@U0BOSS001|boss> に確認", "boss に確認"),
    ("<#C0SUPPORT|support> で相談", "#support で相談"),
    ("<https://example.com/faq?a=1&amp;b=2|FAQページ>", "FAQページ"),
    ("<https://example.com/faq>", "https://example.com/faq"),
    ("<mailto:cx@example.com|cx@example.com>", "cx@example.com"),
    ("<!here> <!channel> <!everyone>", "@here @channel @everyone"),
    ("<!subteam^S0CX|@cx-team> へ", "@cx-team へ"),
    ("&amp;lt;b&amp;gt; は文字どおり", "&lt;b&gt; は文字どおり"),  # typed entities stay typed
    ("<星5> と a<b>", "<星5> と a<b>"),  # a modal field is sent as typed: not Slack markup
])
def test_decode(raw: str, read: str) -> None:
    assert decode(raw, name_of={BOSS: "部長"}.get) == read  # type: ignore[arg-type]


def test_entities_are_decoded_before_items_are_split_and_escaped_once_when_echoed(slack: Testbed) -> None:
    root, journey_id = _start_at_touchpoints(slack)
    slack.message("推奨: 友人紹介 &amp; SNS投稿、レビュー &lt;星5&gt;", user=SUZUKI, thread_ts=root)
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    assert [i.text for i in state.items_of(ItemKind.TOUCHPOINT, "推奨")] == ["友人紹介 & SNS投稿", "レビュー <星5>"]
    echoed = message_text(slack.last_step_message(root))
    assert "友人紹介 &amp; SNS投稿" in echoed and "レビュー &lt;星5&gt;" in echoed
    assert "&amp;amp;" not in _sent(slack) and "&amp;lt;" not in _sent(slack)


def test_links_mentions_and_channels_are_stored_and_shown_decoded(slack: Testbed) -> None:
    _people(slack)
    root, journey_id = _start_at_touchpoints(slack)
    slack.message("<https://example.com/faq|FAQページ>\n<#C0SUPPORT|support> の問い合わせ\n<@U0BOSS001> からの紹介",
                  user=TANAKA, thread_ts=root)
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    assert [i.text for i in state.items_of(ItemKind.TOUCHPOINT, "認知")] == [
        "FAQページ", "#support の問い合わせ", "部長 からの紹介"]
    root_update = message_text([c.args for c in slack.fake.calls("chat.update") if c.args["ts"] == root][-1])
    assert "FAQページ" in root_update and "#support の問い合わせ" in root_update and "部長 からの紹介" in root_update
    sent = _sent(slack)
    assert "<https://example.com" not in sent and "<#C0SUPPORT" not in sent and "<@U0BOSS001>" not in sent
    status = json.dumps(slack.command("/journey", "status", user=SATO).json(), ensure_ascii=False)
    assert "FAQページ" in status and "部長 からの紹介" in status


def test_an_edit_and_a_thread_broadcast_are_decoded_too(slack: Testbed) -> None:
    root, journey_id = _start_at_touchpoints(slack)
    _, ts = slack.message("店舗 &amp; チラシ", user=SUZUKI, thread_ts=root)
    slack.idle()
    slack.edit("店舗 &amp; ポスター &lt;A3&gt;", old_text="店舗 &amp; チラシ", user=SUZUKI, ts=ts, thread_ts=root)
    # "Also send to channel": subtype thread_broadcast, still a reply in the thread.
    slack.message("検討: 比較サイト &amp; 口コミ", user=TANAKA, thread_ts=root, subtype="thread_broadcast")
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    assert [i.text for i in state.items_of(ItemKind.TOUCHPOINT, "認知")] == ["店舗 & ポスター <A3>"]
    assert [i.text for i in state.items_of(ItemKind.TOUCHPOINT, "検討")] == ["比較サイト & 口コミ"]


def test_slash_command_text_is_decoded(slack: Testbed) -> None:
    slack.command("/journey", "start 新規 &amp; 既存顧客の &lt;解約&gt; 体験", user=SATO)
    slack.idle()
    [state] = slack.service.list()
    assert state.title == "新規 & 既存顧客の <解約> 体験"
    header = next(c.args for c in slack.fake.posts() if not c.args.get("thread_ts"))["blocks"][0]["text"]["text"]
    assert header.endswith("新規 & 既存顧客の <解約> 体験")  # plain_text: shown as is


@pytest.mark.parametrize("text", ["start\u3000ECサイトの購入体験", "スタート\u3000ECサイトの購入体験",
                                  "開始  ECサイトの購入体験"])
def test_start_with_a_full_width_space(slack: Testbed, text: str) -> None:
    response = slack.command("/journey", text, user=SATO)
    assert response.status_code == 200
    slack.idle()
    assert [s.title for s in slack.service.list()] == ["ECサイトの購入体験"]


def test_mention_start_words_are_the_slash_command_ones(slack: Testbed) -> None:
    from bot.slack.intent import START_WORDS
    from bot.slack.listeners.commands import SUBCOMMANDS

    assert {w for w, sub in SUBCOMMANDS.items() if sub == "start"} == set(START_WORDS)
    slack.event({"type": "app_mention", "channel": CHANNEL, "user": SATO, "team": "T0000AAA",
                 "text": f"<@{BOT_USER_ID}> 始める\u3000オンボーディング", "ts": slack.fake.next_ts()})
    slack.idle()
    assert [s.title for s in slack.service.list()] == ["オンボーディング"]


def test_the_root_message_names_people_by_display_name(slack: Testbed) -> None:
    _people(slack)
    root, _ = _start_at_touchpoints(slack)
    slack.message("Instagram広告", user=SUZUKI, thread_ts=root)
    slack.message("Google検索", user=TANAKA, thread_ts=root)
    slack.idle()
    root_update = message_text([c.args for c in slack.fake.calls("chat.update") if c.args["ts"] == root][-1])
    assert "開始: 佐藤" in root_update and "鈴木" in root_update and "田中" in root_update
    assert "<@U0" not in root_update
    first_post = next(c.args for c in slack.fake.posts() if not c.args.get("thread_ts"))
    assert "開始: 佐藤" in message_text(first_post)


def test_a_failing_users_info_never_holds_the_ack_up(slack: Testbed) -> None:
    root, journey_id = _start_at_touchpoints(slack)
    slack.fake.fail_next("users.info", 429, headers={"Retry-After": "30"}, error="ratelimited")
    mentions = " ".join(f"<@U0PERSON{n:02d}>" for n in range(20))
    started = time.monotonic()
    response, _ = slack.message(f"{mentions} の口コミ", user="U0NEWBIE1", thread_ts=root)
    assert response.status_code == 200 and time.monotonic() - started < 1.5
    assert len(slack.fake.calls("users.info")) <= 2  # one failure, then ids until the pause is over
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    [item] = state.items_of(ItemKind.TOUCHPOINT, "認知")
    assert item.text.startswith("U0PERSON00 U0PERSON01") and "<@" not in item.text


@pytest.mark.parametrize(
    ("sent", "typed"),
    [
        # Slack sends emoji as shortcodes: the emotion step could not read `:slightly_smiling_face:` (the 🙂 its own
        # prompt shows), and the map showed `:sob:` as text
        ("検討: :slightly_smiling_face:", "検討: 🙂"),
        (":sob: 送料が高い", "😭 送料が高い"),
        (":+1::skin-tone-3:", "👍"),
        # a custom emoji has no character; times, ratios and URLs keep their colons
        (":party_parrot:", ":party_parrot:"),
        ("10:30:00に来店", "10:30:00に来店"),
        ("<https://example.com/a:smile:b>", "https://example.com/a:smile:b"),
    ],
)
def test_emoji_shortcodes_are_read_as_the_emoji(sent: str, typed: str) -> None:
    from bot.slack.decode import decode

    assert decode(sent, name_of=lambda user: user) == typed
