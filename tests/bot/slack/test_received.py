"""Thread answers are acknowledged once in the inbox and applied right after (bot/slack/received.py): an answer
a dead process acknowledged is applied by another, a failure holds the later answers so none overtakes it,
and a late retry of an applied answer changes nothing."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from bot.slack import exports, ids, received
from bot.slack.keys import message_id
from bot.slack.traffic import TRAFFIC
from journeys.events import Move
from journeys.storage import Inbox, Received
from tests.bot.slack.harness import Testbed, find_element

SATO, TANAKA = "U0SATO001", "U0TANAKA1"


def _texts(slack: Testbed, journey_id: str) -> list[str]:
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    return [c.text for c in state.contributions]


def _fail_applying(slack: Testbed, monkeypatch: pytest.MonkeyPatch, *, times: int, why: str) -> list[int]:
    """Make the next `times` applies fail as the database would; the list counts down the failures left."""
    real_handle = slack.deps.sessions.handle
    failures = [times]

    def flaky_handle(**kwargs: object) -> object:
        if failures[0]:
            failures[0] -= 1
            raise OperationalError("UPDATE journeys", {}, Exception(why))
        return real_handle(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(slack.deps.sessions, "handle", flaky_handle)
    return failures


def test_an_answer_a_dead_process_acknowledged_is_applied_and_replied_once_by_another(slack: Testbed) -> None:
    root, journey_id = slack.start_session("店舗予約", user=SATO)
    before = len(slack.thread(root))
    ts = slack.fake.next_ts()
    # What a process killed right after its ack leaves behind: the entry, received a while ago, never applied.
    ago = datetime.now(UTC) - received.STALE - timedelta(seconds=1)
    Inbox(slack.engine, clock=lambda: ago).receive(Received(
        event_id="EvDEAD0001", journey_id=journey_id,
        payload=received.pending_event("answer", channel_message=message_id("C0CHAN001", ts), author=TANAKA,
                                       at=ago, text="30代の会社員、平日は忙しい")))
    assert slack.slack.sweeper.sweep() == 1  # this process's sweeper (each process runs one every second)
    slack.idle()
    assert _texts(slack, journey_id).count("30代の会社員、平日は忙しい") == 1
    assert len(slack.thread(root)) == before + 1  # its reply, once
    assert slack.slack.sweeper.sweep() == 0 and slack.inbox.waiting() == 0


def test_a_failed_answer_holds_the_later_ones_until_it_is_applied_in_order(
        slack: Testbed, monkeypatch: pytest.MonkeyPatch) -> None:
    root, journey_id = slack.start_session("店舗予約", user=SATO)
    _fail_applying(slack, monkeypatch, times=1, why="the database went away")
    for text in ("最初の答え", "二番目の答え", "三番目の答え"):
        assert slack.message(text, user=TANAKA, thread_ts=root)[0].status_code == 200  # acknowledged, all three
    assert slack.worker.join(timeout=10)
    assert not any(t.endswith("の答え") for t in _texts(slack, journey_id))  # the first failed; the others wait
    assert slack.inbox.waiting() == 3 and slack.inbox.held(journey_id)
    monkeypatch.setattr(received, "STALE", timedelta(0))  # as if its back-off had passed
    assert slack.slack.sweeper.sweep() == 1
    slack.idle()
    answers = [t for t in _texts(slack, journey_id) if t.endswith("の答え")]
    assert answers == ["最初の答え", "二番目の答え", "三番目の答え"]
    assert not slack.inbox.held(journey_id)
    slack.message("四番目の答え", user=TANAKA, thread_ts=root)  # applied from memory again
    assert slack.worker.join(timeout=10)
    assert _texts(slack, journey_id)[-1] == "四番目の答え"


class _InboxInserts:
    """Counts the inbox inserts an engine runs."""

    def __init__(self, engine: object) -> None:
        self.count = 0
        self._engine = engine
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO INBOX"):
            self.count += 1

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._seen)


def test_an_answer_arriving_alone_is_applied_inside_its_ack_without_an_inbox_entry(slack: Testbed) -> None:
    root, journey_id = slack.start_session("店舗予約", user=SATO)
    slack.deps.people.get(SATO)  # the starter's name is known: applying the answer asks Slack nothing
    slack.idle()
    before = len(slack.thread(root))
    inserts = _InboxInserts(slack.engine)
    try:
        assert slack.message("平日夜にスマホで予約する30代", user=SATO, thread_ts=root)[0].status_code == 200
        assert _texts(slack, journey_id)[-1] == "平日夜にスマホで予約する30代"  # stored before the ack returned
        assert inserts.count == 0
        slack.idle()
        assert len(slack.thread(root)) == before + 1  # and replied to, once, by delivery
    finally:
        inserts.close()


def test_an_answer_goes_through_the_inbox_when_another_request_is_in_flight_or_its_author_is_unknown(
        slack: Testbed) -> None:
    root, journey_id = slack.start_session("店舗予約", user=SATO)
    slack.deps.people.get(SATO)
    inserts = _InboxInserts(slack.engine)
    try:
        with TRAFFIC.serving(), TRAFFIC.serving():  # two requests in flight besides this one: a burst
            assert slack.message("バーストの答え", user=SATO, thread_ts=root)[0].status_code == 200
        assert inserts.count == 1
        assert not slack.deps.people.knows(TANAKA)
        assert slack.message("はじめての人の答え", user=TANAKA, thread_ts=root)[0].status_code == 200
        assert inserts.count == 2  # naming a new author asks Slack (users.info): not inside the ack
        assert slack.message("<@U0KIMURA1> さんにも聞きたい", user=SATO, thread_ts=root)[0].status_code == 200
        assert inserts.count == 3  # so does naming whom it mentions
        slack.idle()
        assert _texts(slack, journey_id)[-3:-1] == ["バーストの答え", "はじめての人の答え"]
        assert _texts(slack, journey_id)[-1].endswith("さんにも聞きたい")
    finally:
        inserts.close()


def test_a_slack_connect_partners_reply_is_applied_inside_its_ack_too(slack: Testbed) -> None:
    """The envelope of a Slack Connect channel (java-slack-sdk json-logs/samples): `team_id` is the partner's,
    ours is `authorizations[0].team_id`, and the author is a partner's `W…` user."""
    root, journey_id = slack.start_session("共同プロジェクト", user=SATO, channel="C0SHARED1", team="T0000AAA")
    slack.deps.people.get("W0PARTNER")  # named once already (an earlier answer)
    slack.idle()
    inserts = _InboxInserts(slack.engine)
    try:
        response, _ts = slack.message("次へ", user="W0PARTNER", channel="C0SHARED1", thread_ts=root,
                                      team="T0PARTNER", installed="T0000AAA")
        assert response.status_code == 200 and inserts.count == 0
        state = slack.service.get(journey_id=journey_id)
        assert state is not None and state.step.value == "persona"  # moved before the ack returned
    finally:
        inserts.close()


def test_an_answer_that_fails_inside_its_ack_is_kept_in_the_inbox_and_applied_once(
        slack: Testbed, monkeypatch: pytest.MonkeyPatch) -> None:
    root, journey_id = slack.start_session("店舗予約", user=SATO)
    slack.deps.people.get(SATO)
    failures = _fail_applying(slack, monkeypatch, times=1, why="could not serialize access")
    before = len(slack.thread(root))
    inserts = _InboxInserts(slack.engine)
    try:
        assert slack.message("一度は失敗する答え", user=SATO, thread_ts=root)[0].status_code == 200
        assert failures == [0] and inserts.count == 1  # acknowledged once its inbox entry was in
        slack.idle()
    finally:
        inserts.close()
    assert _texts(slack, journey_id).count("一度は失敗する答え") == 1
    assert len(slack.thread(root)) == before + 1
    assert slack.inbox.waiting() == 0


def test_a_late_retry_of_an_applied_answer_stores_nothing_and_owes_nothing(slack: Testbed) -> None:
    root, journey_id = slack.start_session("店舗予約", user=SATO)
    ts = slack.fake.next_ts()
    event = {"type": "message", "channel": "C0CHAN001", "user": TANAKA, "text": "一度だけ", "ts": ts,
             "thread_ts": root, "parent_user_id": "UBOT0001", "channel_type": "channel"}
    assert slack.event(event, event_id="EvONCE0001").status_code == 200
    slack.idle()
    after_first = len(slack.thread(root))
    assert slack.event(event, event_id="EvONCE0001", retry_num=1).status_code == 200  # Slack's retry, later
    slack.idle()
    assert _texts(slack, journey_id).count("一度だけ") == 1
    assert len(slack.thread(root)) == after_first
    assert slack.inbox.waiting() == 0


def test_over_http_the_ack_waits_for_the_commit_and_a_failed_commit_is_a_500_slack_retries(
        slack_http: Testbed) -> None:
    root, journey_id = slack_http.start_session("店舗予約", user=SATO)
    failing = [True]

    def refuse_the_inbox(conn: object, cursor: object, statement: str, *args: object) -> None:
        if failing[0] and statement.lstrip().upper().startswith("INSERT INTO INBOX"):
            failing[0] = False
            raise OperationalError(statement, {}, Exception("disk full"))

    event.listen(slack_http.engine, "before_cursor_execute", refuse_the_inbox)
    try:
        ts = slack_http.fake.next_ts()
        body = {"type": "message", "channel": "C0CHAN001", "user": TANAKA, "text": "保存に失敗する答え", "ts": ts,
                "thread_ts": root, "parent_user_id": "UBOT0001", "channel_type": "channel"}
        first = slack_http.event(body, event_id="EvFAIL0001")
        assert first.status_code == 500  # not acknowledged: Slack retries
        slack_http.idle()
        assert "保存に失敗する答え" not in _texts(slack_http, journey_id)
        retry = slack_http.event(body, event_id="EvFAIL0001", retry_num=1)
        assert retry.status_code == 200
        slack_http.idle()
        assert _texts(slack_http, journey_id).count("保存に失敗する答え") == 1
    finally:
        event.remove(slack_http.engine, "before_cursor_execute", refuse_the_inbox)


def test_a_click_does_not_wait_for_an_export_of_its_session(slack: Testbed, monkeypatch: pytest.MonkeyPatch) -> None:
    """A click waits for the answers acknowledged before it (`settle`), not for the session's exports."""
    root, journey_id = slack.start_session("店舗予約", user=SATO)
    exporting = threading.Event()

    def slow_export(*args: object, **kwargs: object) -> None:
        exporting.set()
        time.sleep(2.5)  # rendering and uploading a map takes seconds

    monkeypatch.setattr(exports, "post_exports", slow_export)
    assert slack.command("/journey", "export", user=SATO).status_code == 200
    assert exporting.wait(5)
    step_message = {**slack.thread(root)[-1], "ts": slack.fake.posts(thread_ts=root)[-1].response["ts"]}
    element, block_id = find_element(step_message, ids.MOVE_ACTIONS[Move.NEXT])
    started = time.monotonic()
    assert slack.click(element, block_id, user=TANAKA, message=step_message).status_code == 200
    assert time.monotonic() - started < 1.5  # SETTLE_SECONDS is 2: the export would have held it that long
    slack.idle()
    state = slack.service.get(journey_id=journey_id)
    assert state is not None and state.step.value == "persona"
