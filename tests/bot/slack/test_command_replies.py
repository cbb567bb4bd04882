"""What `/journey` and `/kpi` answer, and in which language (the Slack round): a Japanese user's English
command word is no reason to answer in English, "not found" says why, and `/journey export` honours the
format it is given."""

from __future__ import annotations

import json

import pytest

from tests.bot.slack.fake_slack import BOT_USER_ID, TEAM_ID
from tests.bot.slack.harness import Response, Testbed, message_text

CHANNEL = "C0CHAN001"
SATO, EMMA, NOBODY = "U0SATO001", "U0EMMA001", "U0NOLOCAL"


def _people(slack: Testbed) -> None:
    slack.fake.users[SATO] = {"id": SATO, "name": "sato", "profile": {"display_name": "佐藤"}, "locale": "ja-JP"}
    slack.fake.users[EMMA] = {"id": EMMA, "name": "emma", "profile": {"display_name": "Emma"}, "locale": "en-US"}


def _said(response: Response) -> str:
    """The reply of an ack: its blocks' text, else its text (Bolt answers a bare `ack(text=…)` as plain text)."""
    try:
        body = response.json()
    except ValueError:
        return response.text
    return message_text(body) or str(body.get("text", "")) if isinstance(body, dict) else response.text


# -- 4. the reply language follows the person ----------------------------------------------------------------------
def test_command_replies_follow_the_users_locale_not_the_english_command_word(slack: Testbed) -> None:
    _people(slack)
    for words in ("help", "list", "foo", "status 99", "ask"):
        said = _said(slack.command("/journey", words, user=SATO))
        assert "/journey" in said and not any(english in said for english in (
            "How to use", "No journeys", "I don't know", "That journey", "Please add", "There is no")), (words, said)
    assert "KPIの名前を書いてください" in _said(slack.command("/kpi", "help", user=SATO))
    assert "No journeys in this channel" in _said(slack.command("/journey", "list", user=EMMA))  # en-US
    assert "使い方" in _said(slack.command("/journey", "ヘルプ", user=EMMA))  # a Japanese word is Japanese
    assert "How to use" in _said(slack.command("/journey", "help me with this please", user=SATO))  # a sentence
    slack.event({"type": "app_mention", "channel": CHANNEL, "user": SATO, "team": "T0000AAA",
                 "text": f"<@{BOT_USER_ID}> CES", "ts": slack.fake.next_ts()})
    slack.idle()
    [card] = [message_text(post.args) for post in slack.fake.posts(channel=CHANNEL)]
    assert "顧客努力指標" in card or "計算式" in card, card


# -- 5. "not found" says why ------------------------------------------------------------------------------------------
def test_status_and_export_say_there_are_no_journeys_yet_or_which_numbers_exist(slack: Testbed) -> None:
    _people(slack)
    for words in ("status", "export", "delete"):
        said = _said(slack.command("/journey", words, user=SATO))
        assert "ジャーニーがありません" in said and "/journey start" in said, (words, said)
    slack.start_session("最初のジャーニー", user=SATO)
    assert "#99" in (one := _said(slack.command("/journey", "status 99", user=SATO))) and "#1 だけ" in one
    slack.start_session("二つ目", user=SATO)
    assert "#1〜#2" in _said(slack.command("/journey", "status ９９", user=SATO))
    assert "There is no #3 here (this channel has #1–#2)" in _said(slack.command("/journey", "export 3", user=EMMA))


# -- 6. export formats -------------------------------------------------------------------------------------------------
def _uploaded(slack: Testbed) -> list[str]:
    return [call.args["filename"] for call in slack.fake.calls("files.getUploadURLExternal")]


def test_export_uploads_just_the_format_named(slack: Testbed) -> None:
    root, _ = slack.start_session("出力テスト", user=SATO)
    slack.message("次へ", user=SATO, thread_ts=root)
    slack.idle()
    for words, extension in (("export 1 pdf", ".pdf"), ("export xlsx", ".xlsx"), ("export SVG", ".svg")):
        slack.fake.clear()
        assert slack.command("/journey", words, user=SATO).status_code == 200
        slack.idle(timeout=60)
        [name] = _uploaded(slack)
        assert name.endswith(extension), (words, name)


def test_export_with_an_unknown_format_lists_the_formats_and_uploads_nothing(slack: Testbed) -> None:
    _people(slack)
    slack.start_session("出力テスト", user=SATO)
    slack.fake.clear()
    said = _said(slack.command("/journey", "export 1 docx", user=SATO))
    slack.idle()
    assert "docx" in said and all(f"`{fmt}`" in said for fmt in ("pdf", "xlsx", "svg", "png", "md", "csv", "json"))
    assert _uploaded(slack) == [] and json.dumps(said, ensure_ascii=False).count("形式") >= 1


def test_an_upload_that_fails_twice_is_said_in_the_thread(slack: Testbed, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed upload was only logged: the person saw "exporting…" and waited for a file that never came."""
    from bot.slack import exports

    monkeypatch.setattr(exports, "UPLOAD_RETRY_SECONDS", 0.01)
    slack.start_session("出力テスト", user=SATO)
    slack.idle()
    slack.fake.clear()
    for _ in range(10 * exports.UPLOAD_TRIES):  # (the client retries a 500 a few times itself)
        slack.fake.fail_next("files.getUploadURLExternal", 500)
    assert slack.command("/journey", "export 1 csv", user=SATO).status_code == 200
    slack.idle(timeout=60)
    said = [str(post.args.get("text", "")) for post in slack.fake.posts()]
    assert any("アップロードできませんでした" in text for text in said), said



def test_an_answer_whose_response_url_keeps_failing_goes_to_the_channel(slack: Testbed) -> None:
    """A response_url answering 500 was retried without end, holding every later answer owed in that channel."""
    import time

    from bot.slack.asking import ANSWER_KIND, RESPONSE_URL_PATIENCE, deliver_answer

    payload = {"kind": ANSWER_KIND, "question": "NPSって何?", "workspace": TEAM_ID, "team": TEAM_ID,
               "lang": "ja", "channel": "C0CHAN001", "thread_ts": None,
               "response_url": f"{slack.fake.root}respond/failing"}
    slack.fake.fail_next("/respond/failing", 500)
    with pytest.raises(OSError):  # still within its patience: tried again later
        deliver_answer(slack.deps, {**payload, "owed_at": time.time()}, retry=False)
    slack.fake.clear()
    deliver_answer(slack.deps, {**payload, "owed_at": time.time() - RESPONSE_URL_PATIENCE - 1}, retry=True)
    assert not slack.fake.calls("/respond/failing")
    [post] = slack.fake.calls("chat.postMessage")
    assert post.args["channel"] == "C0CHAN001" and "NPS" in json.dumps(post.args, ensure_ascii=False)
