"""Exactly once across processes: the answer, its event claim and the replies it owes commit together, and
any process delivers what is owed — also after the one that stored it died (kill -9 after the ack)."""

from __future__ import annotations

import threading

import pytest
from slack_bolt import App, BoltRequest

from bot.slack.app import SlackApp, build_app
from journeys.service import JourneyService
from journeys.storage import Inbox, JourneyRepository, Outbox, ProcessedEvents
from tests.bot.slack.harness import UNPACED, Testbed
from tests.bot.slack.signing import json_body, signed_headers


@pytest.fixture
def slack(slack_killable: Testbed) -> Testbed:
    """These tests stop a process's delivery as if it were killed right after an ack: what it owed is leased
    to it for a second only (not the default 30 s), so that the next process takes it over within the test."""
    return slack_killable


def _replica(slack: Testbed) -> SlackApp:
    """A second `journeybot serve` on the same database and Web API."""
    outbox = Outbox(slack.engine)
    service = JourneyService(repository=JourneyRepository(slack.engine, outbox=outbox), tips=slack.tips)
    return build_app(settings=slack.settings, service=service, events=ProcessedEvents(slack.engine),
                     outbox=outbox, inbox=Inbox(slack.engine), knowledge=None, kpis=None, client=slack.client,
                     token_verification_enabled=False, root_refresh_delay=0.05, updates=UNPACED)


def _send(app: App, body: str, content_type: str, retry: int | None, secret: str, statuses: list[int]) -> None:
    headers = signed_headers(secret=secret, body=body, content_type=content_type, retry_num=retry)
    response = app.dispatch(BoltRequest(body=body, headers={k.lower(): v for k, v in headers.items()}))
    statuses.append(response.status)


def _start(slack: Testbed) -> tuple[str, str]:
    return slack.start_session("店舗予約", user="U0SATO001")


def test_an_original_and_its_retry_on_two_replicas_at_once_store_once_and_reply_once(slack: Testbed) -> None:
    root, journey_id = _start(slack)
    other = _replica(slack)
    try:
        for n in range(5):
            ts = slack.fake.next_ts()
            before = len(slack.thread(root))
            event = {"type": "message", "channel": "C0CHAN001", "user": "U0TANAKA1", "text": f"メモ{n}",
                     "ts": ts, "thread_ts": root, "channel_type": "channel", "parent_user_id": "UBOT0001"}
            body, content_type = json_body({
                "team_id": "T0000AAA", "api_app_id": "A0JOURNEY", "type": "event_callback",
                "event_id": f"Ev0TWICE{n}", "event_time": 1, "event": event,
                "authorizations": [{"team_id": "T0000AAA", "user_id": "UBOT0001", "is_bot": True}]})
            statuses: list[int] = []
            threads = [threading.Thread(target=_send, args=(app, body, content_type, retry, slack.secret, statuses))
                       for app, retry in ((slack.app, None), (other.bolt, 1))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=20)
            assert statuses == [200, 200]
            slack.idle()
            assert other.deps.worker.join(timeout=10) and other.deps.delivery.wait_idle(timeout=10)
            state = slack.service.get(journey_id=journey_id)
            assert state is not None
            assert [c.message_id for c in state.contributions].count(f"C0CHAN001:{ts}") == 1
            assert len(slack.thread(root)) == before + 1  # one "recorded" reply, from whichever replica
    finally:
        other.deps.delivery.stop()
        other.deps.worker.shutdown(timeout=1)


def test_replies_owed_by_a_process_killed_after_the_ack_are_posted_by_the_next_one(slack: Testbed) -> None:
    root, _ = _start(slack)
    before = len(slack.thread(root))
    slack.deps.delivery.stop()  # from here on this process posts nothing: as if killed right after the ack
    response, _ = slack.message("次へ", user="U0SUZUKI1", thread_ts=root)
    assert response.status_code == 200
    assert slack.worker.join(timeout=10)  # applied after the ack: its replies are owed, none is posted
    assert Outbox(slack.engine).pending() >= 1 and len(slack.thread(root)) == before
    restarted = _replica(slack)  # the restarted process (or another replica) delivers what is owed
    try:
        assert restarted.deps.delivery.wait_idle(timeout=10)
    finally:
        restarted.deps.delivery.stop()
        restarted.deps.worker.shutdown(timeout=1)
    posted = slack.thread(root)[before:]
    assert len(posted) == 1 and posted[0]["metadata"]["event_payload"]["step"] == "persona"
    assert Outbox(slack.engine).pending() == 0


def test_a_reply_that_beats_the_thread_link_is_not_lost(slack: Testbed) -> None:
    """The root is posted, a teammate answers at once, and only then is the journey linked to the thread."""
    from datetime import UTC, datetime

    outcome = slack.service.start(team_id="T0000AAA", channel_id="C0CHAN001", title="速い返信", author="U0SATO001",
                                  at=datetime.now(UTC))
    root = slack.fake.next_ts()  # the root message Slack has just shown (not linked yet)
    link = threading.Timer(0.3, lambda: slack.deps.sessions.attach(journey_id=outcome.state.journey_id,
                                                                    thread_ts=root))
    link.start()
    response, ts = slack.message("次へ", user="U0TANAKA1", thread_ts=root)
    link.join()
    assert response.status_code == 200
    assert slack.worker.join(timeout=10)  # acknowledged once in the inbox, applied right after
    state = slack.service.get(journey_id=outcome.state.journey_id)
    assert state is not None and state.has_message(f"C0CHAN001:{ts}") and state.step.value == "persona"
