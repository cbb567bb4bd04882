"""Exactly once for every reply, not only thread answers: a button click, a form submission and the first
question of a session claim their delivery, change the journey and owe their replies in one transaction,
and the outbox posts them (in order per thread) from whichever process is alive."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from slack_bolt import App, BoltRequest
from sqlalchemy import text

from bot.slack import ids
from bot.slack.app import SlackApp, build_app
from bot.slack.client import MAX_RETRIES
from journeys.events import Move
from journeys.service import JourneyService
from journeys.storage import Inbox, JourneyRepository, Outbox, ProcessedEvents, create_db_engine
from knowledge.kpi_catalogue import KpiCatalogue
from tests.bot.slack.fake_slack import BOT_USER_ID, Call
from tests.bot.slack.harness import UNPACED, Testbed, find_element
from tests.bot.slack.signing import form_body, payload_body, signed_headers

SATO, SUZUKI, TANAKA = "U0SATO001", "U0SUZUKI1", "U0TANAKA1"


@pytest.fixture
def slack(slack_killable: Testbed) -> Testbed:
    """These tests stop a process's delivery as if it were killed right after an ack: what it owed is leased
    to it for a second only (not the default 30 s), so that the next process takes it over within the test."""
    return slack_killable


def _replica(slack: Testbed, *, outbox: Outbox | None = None) -> SlackApp:
    """Another `journeybot serve` on the same database and Web API (or the same one, restarted)."""
    outbox = outbox or Outbox(slack.engine)
    service = JourneyService(repository=JourneyRepository(slack.engine, outbox=outbox), kpis=slack.kpis,
                             tips=slack.tips)
    return build_app(settings=slack.settings, service=service, events=ProcessedEvents(slack.engine),
                     outbox=outbox, inbox=Inbox(slack.engine), knowledge=slack.knowledge, kpis=slack.kpis,
                     client=slack.client,
                     token_verification_enabled=False, root_refresh_delay=0.05, updates=UNPACED)


def _drain(replica: SlackApp) -> None:
    try:
        assert replica.deps.worker.join(timeout=10) and replica.deps.delivery.wait_idle(timeout=10)
    finally:
        replica.deps.delivery.stop()
        replica.deps.worker.shutdown(timeout=1)


def _steps(slack: Testbed, root: str) -> list[str]:
    return [m["metadata"]["event_payload"]["step"] for m in slack.thread(root) if m.get("metadata")]


def _click_body(slack: Testbed, message: dict[str, Any], action_id: str, *, user: str) -> tuple[str, str]:
    """One click's payload, byte for byte what Slack would send to every replica (or again, on a retry)."""
    element, block_id = find_element(message, action_id)
    action = {"action_id": action_id, "block_id": block_id, "type": "button", "value": element["value"],
              "action_ts": "1764460000.123456"}
    return payload_body({
        "token": "legacy", "api_app_id": "A0JOURNEY", "type": "block_actions", "user": {"id": user, "team_id":
        "T0000AAA"}, "team": {"id": "T0000AAA"}, "channel": {"id": "C0CHAN001"}, "trigger_id": "trigger.twice",
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": "C0CHAN001"},
        "message": message, "response_url": f"{slack.fake.root}respond/twice", "actions": [action]})


def _send(app: App, body: str, content_type: str, secret: str, statuses: list[int]) -> None:
    headers = signed_headers(secret=secret, body=body, content_type=content_type)
    response = app.dispatch(BoltRequest(body=body, headers={k.lower(): v for k, v in headers.items()}))
    statuses.append(response.status)


def _both_at_once(apps: list[App], body: str, content_type: str, secret: str) -> list[int]:
    statuses: list[int] = []
    threads = [threading.Thread(target=_send, args=(app, body, content_type, secret, statuses)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    return statuses


def _last(slack: Testbed, root: str) -> dict[str, Any]:
    """The latest step message as Slack shows it (with its ts)."""
    call = slack.fake.posts(thread_ts=root)[-1]
    return {**call.args, "ts": call.response["ts"]}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared(request: pytest.FixtureRequest, tmp_path: Path, kpi_catalogue: KpiCatalogue) -> Iterator[Testbed]:
    """The Slack testbed on SQLite and on PostgreSQL (where two replicas really write at the same time)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("slack")
        return
    url: str = request.getfixturevalue("postgres_schema")
    create_db_engine(url).dispose()  # migrated
    bed = Testbed(root=tmp_path, kpis=kpi_catalogue, db_url=url)
    try:
        yield bed
    finally:
        bed.close()


def test_a_next_click_delivered_to_two_replicas_at_once_moves_once_and_posts_one_step_message(
        shared: Testbed) -> None:
    slack = shared
    root, journey_id = slack.start_session("店舗予約", user=SATO)
    other = _replica(slack)
    try:
        for n in range(3):  # scope → persona → stages → touchpoints, each click on both replicas at once
            before = len(slack.thread(root))
            state = slack.service.get(journey_id=journey_id)
            assert state is not None
            body, content_type = _click_body(slack, _last(slack, root), ids.MOVE_ACTIONS[Move.NEXT], user=SUZUKI)
            assert _both_at_once([slack.app, other.bolt], body, content_type, slack.secret) == [200, 200]
            slack.idle()
            assert other.deps.worker.join(timeout=10) and other.deps.delivery.wait_idle(timeout=10)
            after = slack.service.get(journey_id=journey_id)
            assert after is not None and after.version == state.version + 1, f"click {n} moved twice or never"
            posted = slack.thread(root)[before:]
            assert len(posted) == 1, f"click {n}: {len(posted)} step messages"
            assert posted[0]["metadata"]["event_payload"]["step"] == after.step.value
            assert slack.fake.calls("chat.postEphemeral") == []  # nobody was told the button was stale
    finally:
        other.deps.delivery.stop()
        other.deps.worker.shutdown(timeout=1)


def test_a_click_acknowledged_by_a_process_killed_right_after_is_answered_by_the_next_one(slack: Testbed) -> None:
    root, _ = slack.start_session("店舗予約", user=SATO)
    before = len(slack.thread(root))
    slack.deps.delivery.stop()  # from here on this process posts nothing: as if killed right after the ack
    last = _last(slack, root)
    element, block_id = find_element(last, ids.MOVE_ACTIONS[Move.NEXT])
    assert slack.click(element, block_id, user=SUZUKI, message=last).status_code == 200
    assert slack.worker.join(timeout=10)
    assert Outbox(slack.engine).pending() == 1 and len(slack.thread(root)) == before
    _drain(_replica(slack))  # the restarted process delivers what is owed
    assert _steps(slack, root)[before:] == ["persona"]
    assert Outbox(slack.engine).pending() == 0


def test_a_form_acknowledged_by_a_process_killed_right_after_is_answered_by_the_next_one(slack: Testbed) -> None:
    root, journey_id = slack.start_session("店舗予約", user=SATO)
    slack.message("次へ", user=SATO, thread_ts=root)
    slack.idle()
    last = _last(slack, root)
    element, block_id = find_element(last, ids.PERSONA_OPEN)
    assert slack.click(element, block_id, user=TANAKA, message=last).status_code == 200
    slack.idle()
    view = slack.fake.calls("views.open")[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    before = len(slack.thread(root))
    slack.deps.delivery.stop()
    values = {"name": {"type": "plain_text_input", "value": "佐藤さん"}}
    response = slack.submit({**view, "id": "V0PERSONA1", "hash": "h1"}, values, user=TANAKA)
    assert response.status_code == 200
    # The same submission again (a duplicate delivery): stored once, owed once.
    assert slack.submit({**view, "id": "V0PERSONA1", "hash": "h1"}, values, user=TANAKA).status_code == 200
    assert slack.worker.join(timeout=10)
    state = slack.service.get(journey_id=journey_id)
    assert state is not None and [i.text for i in state.items] == ["佐藤さん"]
    assert Outbox(slack.engine).pending() == 1 and len(slack.thread(root)) == before
    _drain(_replica(slack))
    assert len(slack.thread(root)) == before + 1


def test_a_start_acknowledged_by_a_process_killed_right_after_gets_its_root_and_first_question(
        slack: Testbed) -> None:
    slack.deps.delivery.stop()  # killed right after the ack of /journey start: nothing was posted yet
    assert slack.command("/journey", "start 店舗予約", user=SATO).status_code == 200
    assert slack.worker.join(timeout=10)
    assert slack.roots() == [] and Outbox(slack.engine).pending() == 1
    _drain(_replica(slack))
    [root] = slack.roots()
    assert _steps(slack, root) == ["scope"]
    state = slack.service.find(team_id="T0000AAA", channel_id="C0CHAN001", thread_ts=root)
    assert state is not None and state.title == "店舗予約"


def test_a_start_delivered_to_two_replicas_at_once_starts_one_session(slack_steady: Testbed) -> None:
    # (the default 30 s lease: with the module's one-second lease, a root post slowed past a second on a busy
    # machine let the other replica take the parcel over and post a second root — a lease expiring mid-post,
    # which is not what this test is about)
    slack = slack_steady
    other = _replica(slack)
    try:
        body, content_type = form_body({
            "token": "legacy", "team_id": "T0000AAA", "team_domain": "fake", "channel_id": "C0CHAN001",
            "channel_name": "journeys", "user_id": SATO, "user_name": "sato", "command": "/journey",
            "text": "start 店舗予約", "api_app_id": "A0JOURNEY", "response_url": f"{slack.fake.root}respond/s",
            "trigger_id": "trigger.start.twice"})
        assert _both_at_once([slack.app, other.bolt], body, content_type, slack.secret) == [200, 200]
        slack.idle()
        assert other.deps.worker.join(timeout=10) and other.deps.delivery.wait_idle(timeout=10)
    finally:
        other.deps.delivery.stop()
        other.deps.worker.shutdown(timeout=1)
    [root] = slack.roots()
    assert len(slack.service.list(team_id="T0000AAA", channel_id="C0CHAN001")) == 1
    assert _steps(slack, root) == ["scope"]


def test_replies_to_answers_and_clicks_keep_their_order_in_the_thread(slack: Testbed) -> None:
    root, _ = slack.start_session("店舗予約", user=SATO)
    before = len(slack.thread(root))
    slack.deps.delivery.stop()  # everything below is owed before anything is posted
    slack.message("次へ", user=SATO, thread_ts=root)  # scope → persona
    slack.message("名前: 佐藤さん", user=TANAKA, thread_ts=root)  # recorded at persona
    last = _last(slack, root) if len(slack.thread(root)) > before else None
    assert last is None
    # A click on the scope step message already shown: stale for the thread, but a real click.
    scope_message = {**slack.thread(root)[-1], "ts": slack.fake.posts(thread_ts=root)[-1].response["ts"]}
    element, block_id = find_element(scope_message, ids.MOVE_ACTIONS[Move.SUMMARY])
    assert slack.click(element, block_id, user=SUZUKI, message=scope_message).status_code == 200
    slack.message("次へ", user=SATO, thread_ts=root)  # persona → stages
    assert slack.worker.join(timeout=10)
    _drain(_replica(slack))
    steps = _steps(slack, root)[before:]
    assert steps[0] == "persona" and steps[-1] == "stages", steps
    texts = [m["text"] for m in slack.thread(root)[before:]]
    assert len(texts) == 4, texts  # persona question, recorded, summary, stages question
    assert "店舗予約" in texts[2] and "ペルソナ" in texts[0], texts  # the summary came where it was clicked


SERVE = textwrap.dedent("""
    import sys
    from datetime import timedelta
    from bot.settings import Settings
    from bot.slack.app import build_app
    from bot.slack.http import bind, server
    from journeys.service import JourneyService
    from journeys.storage import Inbox, JourneyRepository, Outbox, ProcessedEvents, create_db_engine

    api, db, secret = sys.argv[1:4]
    settings = Settings(_env_file=None, slack_bot_token="xoxb-1111-2222-test", slack_signing_secret=secret,
                        slack_api_url=api, database_url=db)
    engine = create_db_engine(db, migrate=False)
    outbox = Outbox(engine, lease=timedelta(seconds=0.3))
    app = build_app(settings=settings, service=JourneyService(repository=JourneyRepository(engine, outbox=outbox)),
                    events=ProcessedEvents(engine), outbox=outbox, inbox=Inbox(engine),
                    knowledge=None, kpis=None, token_verification_enabled=False)
    sock = bind(host="127.0.0.1", port=0)
    print(sock.getsockname()[1], flush=True)
    server(app.bolt, secret=secret).run(sockets=[sock])
""")


def test_a_process_killed_right_after_posting_the_root_loses_neither_root_nor_first_question(
        slack: Testbed) -> None:
    """kill -9 of a real `serve` process at the moment Slack has shown the root and before the process
    read its ts: the next process finds that root (no second one) and asks the first question in it."""
    slack.deps.delivery.stop()  # only the process under test delivers until it dies
    process = subprocess.Popen([sys.executable, "-c", SERVE, slack.fake.url, slack.db_url, slack.secret],
                               stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[3])
    killed = threading.Event()

    def kill_at_the_root(call: Call) -> None:
        if call.method == "chat.postMessage" and not call.args.get("thread_ts") and not killed.is_set():
            os.kill(process.pid, signal.SIGKILL)  # before the response (with the root's ts) is sent
            killed.set()

    slack.fake.listeners.append(kill_at_the_root)
    try:
        assert process.stdout is not None
        url = f"http://127.0.0.1:{process.stdout.readline().strip()}"
        body, content_type = form_body({
            "token": "legacy", "team_id": "T0000AAA", "team_domain": "fake", "channel_id": "C0CHAN001",
            "channel_name": "journeys", "user_id": SATO, "user_name": "sato", "command": "/journey",
            "text": "start 店舗予約", "api_app_id": "A0JOURNEY", "response_url": f"{slack.fake.root}respond/k",
            "trigger_id": "trigger.kill"})
        headers = signed_headers(secret=slack.secret, body=body, content_type=content_type)
        assert httpx.post(f"{url}/slack/events", content=body.encode(), headers=headers, timeout=20).status_code == 200
        assert killed.wait(timeout=20) and process.wait(timeout=10) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    [root] = slack.roots()
    assert slack.service.find(team_id="T0000AAA", channel_id="C0CHAN001", thread_ts=root) is None  # not linked
    _drain(_replica(slack))  # the restarted process, once the dead one's lease ran out
    assert slack.roots() == [root]
    assert _steps(slack, root) == ["scope"]
    state = slack.service.find(team_id="T0000AAA", channel_id="C0CHAN001", thread_ts=root)
    assert state is not None and state.title == "店舗予約"


def test_a_start_in_a_private_channel_the_bot_is_not_in_leaves_no_journey_and_says_so(slack: Testbed) -> None:
    slack.fake.fail_next("chat.postMessage", 200, error="not_in_channel")
    slack.fake.fail_next("conversations.join", 200, error="method_not_supported_for_channel_type")
    assert slack.command("/journey", "start 非公開", user=SATO, channel="C0PRIVATE").status_code == 200
    slack.idle()
    assert slack.service.list() == [] and Outbox(slack.engine).pending() == 0
    [told] = [c.args for c in slack.fake.calls() if c.method.startswith("/respond/")]
    assert told["response_type"] == "ephemeral"


def test_a_start_whose_root_meets_a_slack_outage_is_posted_once_slack_is_back(slack: Testbed) -> None:
    for _ in range(1 + MAX_RETRIES):  # more 500s than the client's own retries absorb
        slack.fake.fail_next("chat.postMessage", 500)
    slack.deps.delivery.stop()
    assert slack.command("/journey", "start 障害中", user=SATO).status_code == 200
    assert slack.deps.delivery.deliver_once() == 1 and slack.roots() == []  # postponed, the journey kept
    assert len(slack.service.list()) == 1 and Outbox(slack.engine).pending() == 1
    later = Outbox(slack.engine, clock=lambda: datetime.now(UTC) + timedelta(minutes=5))  # the delay ran out
    _drain(_replica(slack, outbox=later))
    [root] = slack.roots()
    assert _steps(slack, root) == ["scope"]


def test_a_start_slack_keeps_refusing_is_given_up_and_its_starter_is_told(slack: Testbed) -> None:
    slack.deps.delivery.stop()
    assert slack.command("/journey", "start 障害続き", user=SATO).status_code == 200
    assert slack.worker.join(timeout=10) and len(slack.service.list()) == 1
    with slack.engine.begin() as conn:  # seven attempts have failed already (a long outage)
        conn.execute(text("UPDATE outbox SET attempts = 7"))
    slack.fake.fail_next("chat.postMessage", 200, error="internal_error")  # and so does the last one
    later = Outbox(slack.engine, clock=lambda: datetime.now(UTC) + timedelta(minutes=5))
    _drain(_replica(slack, outbox=later))
    assert not [c for c in slack.fake.posts() if c.response.get("ts")]  # Slack never took a root
    assert slack.service.list() == []  # and no journey without a thread is left behind
    assert Outbox(slack.engine).pending() == 0
    [told] = [c for c in slack.fake.calls() if c.method.startswith("/respond/")]
    assert told.args["response_type"] == "ephemeral" and "障害続き" not in str(told.args.get("blocks"))


def test_a_question_or_kpi_mention_acknowledged_by_a_process_killed_right_after_is_answered_by_the_next_one(
        slack: Testbed) -> None:
    slack.deps.delivery.stop()  # killed right after the acks: nothing was answered yet
    assert slack.command("/journey", "ask ペルソナは何人?", user=SATO).status_code == 200
    mention = {"type": "app_mention", "channel": "C0CHAN001", "user": TANAKA, "team": "T0000AAA",
               "text": f"<@{BOT_USER_ID}> 顧客体験の改善はどこから?", "ts": slack.fake.next_ts()}
    assert slack.event(mention, event_id="Ev0QUESTION1").status_code == 200
    assert slack.event(mention, event_id="Ev0QUESTION1").status_code == 200  # Slack's retry: owed once
    kpi = {**mention, "text": f"<@{BOT_USER_ID}> NPSって何?", "ts": slack.fake.next_ts()}
    assert slack.event(kpi, event_id="Ev0KPICARD01").status_code == 200
    assert slack.worker.join(timeout=10)
    assert Outbox(slack.engine).pending() == 3
    assert not [c for c in slack.fake.calls() if c.method.startswith("/respond/")] and not slack.fake.posts()
    _drain(_replica(slack))
    [answer] = [c for c in slack.fake.calls() if c.method.startswith("/respond/")]
    assert "answer to ペルソナは何人?" in json.dumps(answer.args, ensure_ascii=False)
    posted = [json.dumps(post.args, ensure_ascii=False) for post in slack.fake.posts(channel="C0CHAN001")]
    assert len(posted) == 2
    assert any("answer to 顧客体験の改善はどこから?" in p for p in posted)
    assert any("ネットプロモータースコア" in p for p in posted)  # the KPI card
    assert Outbox(slack.engine).pending() == 0
