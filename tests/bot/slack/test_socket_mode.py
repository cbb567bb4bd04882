"""Socket Mode end to end: slack_sdk's own Socket Mode client connects to a local websocket fake of Slack,
receives a slash command and a thread reply as Slack sends them (envelopes), acknowledges each, and the
session runs — the same app as HTTP mode, with no signing secret."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from websockets.sync.server import Server, ServerConnection, serve

from bot.settings import Settings
from bot.slack.app import build_app
from bot.slack.client import build_web_client
from journeys.service import JourneyService
from journeys.storage import Inbox, JourneyRepository, Outbox, ProcessedEvents, create_db_engine
from tests.bot.slack.fake_slack import TEAM_ID, FakeSlack

APP_TOKEN = "xapp-1-A0JOURNEY-1-socketsecret"
BOT_TOKEN = "xoxb-1111-2222-socket"


class SocketSlack:
    """The websocket half of Slack: says hello, sends envelopes, collects the client's acks."""

    def __init__(self) -> None:
        self.acks: queue.Queue[dict[str, Any]] = queue.Queue()
        self._connections: queue.Queue[ServerConnection] = queue.Queue()
        self._server: Server = serve(self._handle, "127.0.0.1", 0)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link/?ticket=t1"

    def _handle(self, connection: ServerConnection) -> None:
        connection.send(json.dumps({"type": "hello", "num_connections": 1,
                                    "connection_info": {"app_id": "A0JOURNEY"}}))
        self._connections.put(connection)
        for raw in connection:
            self.acks.put(json.loads(raw))

    def send(self, envelope_type: str, envelope_id: str, payload: dict[str, Any]) -> None:
        connection = self._connections.get(timeout=10)
        self._connections.put(connection)
        connection.send(json.dumps({"envelope_id": envelope_id, "type": envelope_type, "payload": payload,
                                    "accepts_response_payload": envelope_type != "events_api",
                                    "retry_attempt": 0, "retry_reason": ""}))

    def ack(self, envelope_id: str, *, timeout: float = 10) -> dict[str, Any]:
        while True:
            message = self.acks.get(timeout=timeout)
            if message.get("envelope_id") == envelope_id:
                return message

    def close(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=5)


@pytest.fixture
def sockets() -> Iterator[SocketSlack]:
    slack = SocketSlack()
    try:
        yield slack
    finally:
        slack.close()


@pytest.fixture
def fake(sockets: SocketSlack) -> Iterator[FakeSlack]:
    class WithSocketMode(FakeSlack):
        def respond(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
            if method == "apps.connections.open":
                return {"ok": True, "url": sockets.url}
            return super().respond(method, args)

    slack = WithSocketMode().start()
    try:
        yield slack
    finally:
        slack.stop()


def test_a_session_runs_over_socket_mode(tmp_path: Path, fake: FakeSlack, sockets: SocketSlack) -> None:
    db_url = f"sqlite:///{tmp_path / 'journeys.db'}"
    engine = create_db_engine(db_url)
    settings = Settings(_env_file=None, slack_bot_token=BOT_TOKEN, slack_app_token=APP_TOKEN,  # type: ignore[call-arg]
                        slack_api_url=fake.url, database_url=db_url)
    outbox = Outbox(engine)
    service = JourneyService(repository=JourneyRepository(engine, outbox=outbox))
    slack = build_app(settings=settings, service=service, events=ProcessedEvents(engine), outbox=outbox,
                      inbox=Inbox(engine), knowledge=None, kpis=None, socket_mode=True,
                      client=build_web_client(token=BOT_TOKEN, base_url=fake.url, backoff_factor=0.01),
                      token_verification_enabled=False, root_refresh_delay=0)
    handler = SocketModeHandler(slack.bolt, app_token=APP_TOKEN, web_client=WebClient(base_url=fake.url),
                                auto_reconnect_enabled=False)
    handler.connect()  # type: ignore[no-untyped-call]
    try:
        sockets.send("slash_commands", "env-1", {
            "token": "legacy", "team_id": TEAM_ID, "team_domain": "fake", "channel_id": "C0SOCK001",
            "channel_name": "journeys", "user_id": "U0SATO", "user_name": "sato", "command": "/journey",
            "text": "start ソケットの旅", "api_app_id": "A0JOURNEY", "is_enterprise_install": "false",
            "response_url": f"{fake.root}respond/1", "trigger_id": "1.2.3",
        })
        assert sockets.ack("env-1")["envelope_id"] == "env-1"
        (root,) = fake.wait_for("chat.postMessage", 2, timeout=10)[:1]
        thread_ts = root.response["ts"]
        answer_ts = fake.next_ts()
        sockets.send("events_api", "env-2", {
            "token": "legacy", "team_id": TEAM_ID, "api_app_id": "A0JOURNEY", "type": "event_callback",
            "event_id": "Ev0SOCK0002", "event_time": 1,
            "authorizations": [{"team_id": TEAM_ID, "user_id": "UBOT0001", "is_bot": True}],
            "event": {"type": "message", "channel": "C0SOCK001", "user": "U0SATO", "text": "次へ",
                      "ts": answer_ts, "thread_ts": thread_ts, "channel_type": "channel", "team": TEAM_ID},
        })
        assert sockets.ack("env-2")["envelope_id"] == "env-2"
        assert slack.deps.worker.join(timeout=10) and slack.deps.delivery.wait_idle(timeout=10)
        in_thread = [c for c in fake.posts(thread_ts=thread_ts)]
        assert len(in_thread) >= 2  # the first question, then the next step's question after 次へ
        (journey,) = service.list(team_id=TEAM_ID)
        assert journey.title == "ソケットの旅" and journey.thread_ts == thread_ts
        assert [c.text for c in journey.contributions][-1] == "次へ"
    finally:
        handler.close()  # type: ignore[no-untyped-call]
        slack.deps.worker.shutdown(timeout=1)
        slack.deps.delivery.stop()
        engine.dispose()
