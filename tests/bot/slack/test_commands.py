"""Slash commands, mentions, DMs, the App Home, and messages the bot must ignore."""

from __future__ import annotations

import json

from tests.bot.slack.fake_slack import BOT_ID, BOT_USER_ID
from tests.bot.slack.harness import Testbed, message_text


def _start(slack: Testbed, title: str = "ECサイトの購入体験") -> str:
    slack.command("/journey", f"start {title}", user="U0SATO001")
    slack.idle()
    return slack.roots()[-1]


def test_list_status_help_and_unknown(slack: Testbed) -> None:
    empty = slack.command("/journey", "list", user="U0SATO001")  # no Slack locale: the bot's Japanese default
    assert "このチャンネルにはジャーニーがありません" in message_text(empty.json())
    _start(slack, "最初のジャーニー")
    _start(slack, "Second journey")
    listed = slack.command("/journey", "list", user="U0SATO001").json()
    shown = json.dumps(listed, ensure_ascii=False)
    assert shown.index("Second journey") < shown.index("最初のジャーニー")  # newest first, numbered
    status = slack.command("/journey", "status 2", user="U0SATO001").json()
    assert "最初のジャーニー" in json.dumps(status, ensure_ascii=False)
    helped = slack.command("/journey", "", user="U0SATO001").json()
    assert "/journey start" in json.dumps(helped, ensure_ascii=False)
    unknown = slack.command("/journey", "frobnicate now", user="U0SATO001").json()
    assert "frobnicate" in json.dumps(unknown) and "/journey start" in json.dumps(unknown)


def test_kpi_command(slack: Testbed) -> None:
    found = slack.command("/kpi", "NPS", user="U0SATO001")
    assert found.status_code == 200
    card = found.json()
    assert card["response_type"] == "in_channel"
    assert "NPS" in json.dumps(card, ensure_ascii=False)
    assert "計算式" in json.dumps(card, ensure_ascii=False)  # the formula, labelled as in `journeybot kpi`
    missing = slack.command("/kpi", "ふわふわ度", user="U0SATO001")
    assert "私の知っているKPIではありません" in missing.text  # the catalogue's own "not a KPI I know"
    untracked = slack.command("/kpi", "RevPARとは", user="U0SATO001")
    assert "RevPAR" in untracked.text and "カタログにはありません" in untracked.text  # a metric we do not hold
    benchmark = slack.command("/kpi", "what's a good churn rate for B2B SaaS? <for the board>", user="U0SATO001")
    assert "a benchmark" in benchmark.text and "Churn rate" in benchmark.text  # a figure no card holds, said so
    assert "&lt;for the board&gt;" in benchmark.text and "<for" not in benchmark.text  # the user's text, escaped
    practice = slack.command("/kpi", "KPIって何個くらいに絞るのがいいですか <経営会議>", user="U0SATO001")
    assert "KPIの持ち方" in practice.text and "もしかして" not in practice.text  # no card is near: none offered
    assert "&lt;経営会議&gt;" in practice.text
    advice = slack.command("/kpi", "any tips to bring our average handling time down?", user="U0SATO001")
    assert "how to move a metric" in advice.text and "Average handling time (AHT)" in advice.text
    assert "`/journey ask`" in advice.text and "`/journey ask`" in practice.text  # how to ask it here
    assert "KPIの名前を書いてください" in slack.command("/kpi", "", user="U0SATO001").text


def test_ask_answers_in_the_channel_with_sources(slack: Testbed) -> None:
    response = slack.command("/journey", "ask ジャーニーマップの作り方は?", user="U0SATO001")
    assert response.json()["response_type"] == "in_channel"
    slack.idle()
    [answer] = [c for c in slack.fake.calls() if c.method.startswith("/respond/")]
    assert answer.args["response_type"] == "in_channel"
    assert "answer to ジャーニーマップの作り方は?" in json.dumps(answer.args, ensure_ascii=False)
    assert "kpi-nps" in json.dumps(answer.args)
    assert slack.knowledge.questions == [("ジャーニーマップの作り方は?", "T0000AAA")]


def test_mentions_route_by_intent(slack: Testbed) -> None:
    mention = {"type": "app_mention", "channel": "C0CHAN001", "user": "U0SATO001", "team": "T0000AAA"}
    slack.event({**mention, "text": f"<@{BOT_USER_ID}> NPSって何?", "ts": slack.fake.next_ts()})
    slack.event({**mention, "text": f"<@{BOT_USER_ID}> 顧客体験の改善はどこから?", "ts": slack.fake.next_ts()})
    slack.idle()
    shown = sorted(message_text(post.args) for post in slack.fake.posts())  # two workers: either may be first
    assert len(shown) == 2
    assert any("ネットプロモータースコア" in t for t in shown)
    assert any("answer to 顧客体験の改善はどこから?" in t for t in shown)
    slack.event({**mention, "text": f"<@{BOT_USER_ID}> start Checkout journey", "ts": slack.fake.next_ts()})
    slack.idle()
    [state] = [s for s in slack.service.list() if s.title == "Checkout journey"]
    assert state.language == "en" and state.thread_ts is not None


def test_direct_message_outside_a_session_is_a_question(slack: Testbed) -> None:
    slack.message("how do we compute churn?", user="U0SATO001", channel="D0DM00001", channel_type="im")
    slack.idle()
    [reply] = slack.fake.posts(channel="D0DM00001")
    assert "churn" in message_text(reply.args).lower()


def test_app_home_lists_the_workspace_journeys(slack: Testbed) -> None:
    _start(slack, "ホームに出るジャーニー")
    slack.event({"type": "app_home_opened", "user": "U0SATO001", "channel": "D0DM00001", "tab": "home"})
    slack.idle()
    [published] = slack.fake.calls("views.publish")
    assert published.args["user_id"] == "U0SATO001"
    assert "ホームに出るジャーニー" in json.dumps(published.args, ensure_ascii=False)


def test_own_and_other_bots_messages_are_ignored(slack: Testbed) -> None:
    root = _start(slack)
    before = len(slack.fake.posts())
    journey = slack.service.list()[0]
    own = {"type": "message", "channel": "C0CHAN001", "user": BOT_USER_ID, "bot_id": BOT_ID, "text": "次へ",
           "thread_ts": root, "ts": slack.fake.next_ts(), "channel_type": "channel"}
    other = {**own, "user": "U0OTHERBT", "bot_id": "B0OTHER01", "subtype": "bot_message", "ts": slack.fake.next_ts()}
    for event in (own, other):
        assert slack.event(event).status_code == 200
    slack.idle()
    assert len(slack.fake.posts()) == before
    after = slack.service.get(journey_id=journey.journey_id)
    assert after is not None and after.version == journey.version


def test_a_file_in_the_thread_is_not_an_answer_and_the_thread_is_told_once(slack: Testbed) -> None:
    """A shared file is not read: its caption is not recorded (it became a customer action), and a file without
    words is not dropped in silence. One note per file, also when Slack retries the event."""
    root = _start(slack)
    journey = slack.service.list()[0]
    before = len(slack.fake.posts())
    shared = {"type": "message", "subtype": "file_share", "channel": "C0CHAN001", "user": "U0SUZUKI1",
              "thread_ts": root, "channel_type": "channel", "upload": False}
    snippet = {"id": "F1", "name": "interview.txt", "mode": "snippet", "preview": "・CSV一括登録ができない"}
    captioned = {**shared, "text": "インタビューメモです", "ts": slack.fake.next_ts(), "files": [snippet]}
    bare = {**shared, "text": "", "ts": slack.fake.next_ts(), "files": [{"id": "F2", "mode": "snippet"}]}
    slack.event(captioned, event_id="Ev0FILE0001")
    slack.event(captioned, event_id="Ev0FILE0001", retry_num=1)  # Slack's retry: told once
    slack.event(bare)
    slack.idle()
    notes = [message_text(post.args) for post in slack.fake.posts(thread_ts=root)[before - 1:]]
    assert len(notes) == 2 and all("ファイルは回答として読み取りません" in note for note in notes)
    after = slack.service.get(journey_id=journey.journey_id)
    assert after is not None and after.version == journey.version  # nothing recorded
