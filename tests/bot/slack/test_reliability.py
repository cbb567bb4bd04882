"""Slack retries, restarts and Web API failures: nothing lost, nothing duplicated."""

from __future__ import annotations

import time

from bot.slack.app import build_app
from bot.slack.client import MAX_RETRIES
from journeys.service import JourneyService
from journeys.storage import Inbox, JourneyRepository, Outbox, ProcessedEvents
from tests.bot.slack.harness import Testbed
from tests.bot.slack.signing import json_body


def _start(slack: Testbed) -> tuple[str, str]:
    return slack.start_session("旅行予約の体験", user="U0SATO001")


def test_a_retried_event_is_processed_once(slack: Testbed) -> None:
    root, journey_id = _start(slack)
    slack.message("次へ", user="U0SUZUKI1", thread_ts=root)
    slack.idle()
    before = len(slack.thread(root))
    ts = slack.fake.next_ts()
    for retry in (None, 1, 2):
        response, _ = slack.message("名前: 田中さん", user="U0TANAKA1", thread_ts=root, ts=ts, event_id="Ev0RETRY1",
                                    retry_num=retry)
        assert response.status_code == 200
        slack.idle()
    assert len(slack.thread(root)) == before + 1  # one "recorded" reply, not three
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    assert [c.message_id for c in state.contributions].count(f"C0CHAN001:{ts}") == 1


def test_a_retry_after_a_restart_is_still_a_duplicate(slack: Testbed) -> None:
    root, journey_id = _start(slack)
    ts = slack.fake.next_ts()
    slack.message("次へ", user="U0SUZUKI1", thread_ts=root, ts=ts, event_id="Ev0RESTART")
    slack.idle()
    posts = len(slack.fake.posts())

    # A second process on the same database: the retry arrives there.
    outbox = Outbox(slack.engine)
    service = JourneyService(repository=JourneyRepository(slack.engine, outbox=outbox), tips=slack.tips)
    second = build_app(settings=slack.settings, service=service, events=ProcessedEvents(slack.engine),
                       outbox=outbox, inbox=Inbox(slack.engine), knowledge=None, kpis=None, client=slack.client,
                       token_verification_enabled=False)
    body, content_type = json_body({
        "team_id": "T0000AAA", "api_app_id": "A0JOURNEY", "type": "event_callback", "event_id": "Ev0RESTART",
        "event_time": int(time.time()), "authorizations": [{"team_id": "T0000AAA", "is_bot": True}],
        "event": {"type": "message", "channel": "C0CHAN001", "user": "U0SUZUKI1", "text": "次へ", "ts": ts,
                  "thread_ts": root, "channel_type": "channel"}})
    slack.target = second.bolt
    assert slack.post(body, content_type, retry_num=1).status_code == 200
    assert second.deps.worker.join(timeout=10) and second.deps.delivery.wait_idle(timeout=10)
    second.deps.delivery.stop()
    assert len(slack.fake.posts()) == posts
    state = slack.service.get(journey_id=journey_id)
    assert state is not None and state.step.value == "persona"  # moved once, not twice


def test_429_then_500_from_chat_post_message_still_delivers(slack: Testbed) -> None:
    root, journey_id = _start(slack)
    slack.fake.fail_next("chat.postMessage", 429, headers={"Retry-After": "0"}, error="ratelimited")
    slack.fake.fail_next("chat.postMessage", 500, error="internal_error")
    started = time.monotonic()
    response, _ = slack.message("次へ", user="U0SUZUKI1", thread_ts=root)
    assert response.status_code == 200 and time.monotonic() - started < 1.0  # acked before any retry
    slack.idle(timeout=20)
    attempts = [c for c in slack.fake.calls("chat.postMessage") if c.args.get("thread_ts") == root][1:]
    assert [c.status for c in attempts] == [429, 500, 200]
    assert attempts[-1].args["metadata"]["event_payload"]["step"] == "persona"
    state = slack.service.get(journey_id=journey_id)
    assert state is not None and state.step.value == "persona"


def test_an_answer_and_its_reply_survive_when_slack_keeps_failing(slack: Testbed) -> None:
    root, journey_id = _start(slack)
    slack.message("次へ", user="U0SUZUKI1", thread_ts=root)
    slack.idle()
    for _ in range(MAX_RETRIES + 1):  # more failures than the client retries
        slack.fake.fail_next("chat.postMessage", 503, error="service_unavailable")
    response, ts = slack.message("名前: 山田さん", user="U0TANAKA1", thread_ts=root)
    assert response.status_code == 200
    assert slack.worker.join(timeout=10)  # applied right after the ack, whatever Slack does with the reply
    state = slack.service.get(journey_id=journey_id)
    assert state is not None and state.has_message(f"C0CHAN001:{ts}")  # stored before Slack answered at all
    slack.idle(timeout=60)
    attempts = [c.status for c in slack.fake.calls("chat.postMessage") if c.args.get("thread_ts") == root][-6:]
    # The client's own retries give up; the reply stays owed in the outbox and is posted once Slack is back.
    assert attempts == [503] * (MAX_RETRIES + 1) + [200]


def test_acks_over_http_do_not_wait_for_a_slow_web_api(slack_http: Testbed) -> None:
    root, _ = _start(slack_http)
    slack_http.fake.delay_next("chat.postMessage", 1.0)
    started = time.monotonic()
    response, _ = slack_http.message("次へ", user="U0SUZUKI1", thread_ts=root)
    acked = time.monotonic() - started
    assert response.status_code == 200 and acked < 0.5
    slack_http.idle(timeout=30)
