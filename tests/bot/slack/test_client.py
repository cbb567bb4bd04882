"""The Web API client: retries share one budget across 429, 5xx and timeouts; tokens never reach logs."""

from __future__ import annotations

import logging

import pytest
from slack_sdk.errors import SlackApiError

from bot.slack.client import MAX_RETRIES, build_web_client
from bot.slack.redact import install_redaction, redact
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.harness import SECRET, TOKEN, Testbed


def test_429_500_and_a_timeout_in_a_row_still_get_through(fake: FakeSlack) -> None:
    client = build_web_client(token=TOKEN, base_url=fake.url, timeout=1, backoff_factor=0.01)
    fake.fail_next("chat.postMessage", 429, headers={"Retry-After": "0"}, error="ratelimited")
    fake.fail_next("chat.postMessage", 500, error="internal_error")
    fake.delay_next("chat.postMessage", 1.5)
    response = client.chat_postMessage(channel="C1", text="hello")
    assert response["ok"] is True
    calls = sorted(fake.wait_for("chat.postMessage", 4), key=lambda c: c.at)  # arrival order
    assert [(c.status, c.delayed) for c in calls] == [(429, False), (500, False), (200, True), (200, False)]


def test_the_budget_is_shared_and_bounded(fake: FakeSlack) -> None:
    client = build_web_client(token=TOKEN, base_url=fake.url, backoff_factor=0.01)
    fake.fail_next("chat.update", 429, headers={"Retry-After": "0"}, error="ratelimited")
    for _ in range(MAX_RETRIES):
        fake.fail_next("chat.update", 503, error="service_unavailable")
    with pytest.raises(SlackApiError):
        client.chat_update(channel="C1", ts="1.0", text="x")
    assert len(fake.calls("chat.update")) == MAX_RETRIES + 1


def test_every_web_client_uses_slack_api_url(slack: Testbed) -> None:
    slack.command("/journey", "start URL check", user="U0SATO001")
    slack.idle()
    assert slack.app.client.base_url == slack.fake.url
    assert slack.fake.calls("auth.test") and slack.fake.posts()


def test_tokens_never_reach_the_logs(slack: Testbed, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    install_redaction()
    slack.fake.fail_next("chat.postMessage", 500, error="internal_error")
    slack.command("/journey", "start ログの確認", user="U0SATO001")
    slack.idle()
    logging.getLogger("journeybot.test").error("a careless message with %s", TOKEN)
    assert caplog.records  # slack_sdk/Bolt debug logging happened
    assert TOKEN not in caplog.text and SECRET not in caplog.text
    assert redact(f"Bearer {TOKEN} and xapp-1-A0-123-abc") == "Bearer xoxb-*** and xapp-***"
