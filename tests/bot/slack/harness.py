"""A Journey Bot against the fake Web API, and a Slack-shaped client for it.

`Testbed` starts the fake Web API, a SQLite file database, the real engine and the real Bolt app, then
sends Slack-shaped, correctly signed requests. By default they go straight to `App.dispatch` as signed
`BoltRequest`s (as slack-bolt's own scenario tests do): the same verification, parsing, middleware and
listeners as over HTTP, without a web server per test. `http=True` serves the app with uvicorn on
127.0.0.1 port 0 — the `journeybot serve` stack — and posts to `POST /slack/events`, for the few tests
that are about HTTP itself (signatures on the wire, acks while the Web API is slow). `oauth=True` builds
the app for OAuth installs (no SLACK_BOT_TOKEN; workspaces install through `/slack/install`).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from slack_bolt import App, BoltRequest

from bot.settings import Settings
from bot.slack import http
from bot.slack.app import build_app
from bot.slack.client import build_web_client
from bot.slack.installations import Installs
from bot.slack.pace import UpdatePace
from journeys.replies import Source, Tip
from journeys.service import JourneyService
from journeys.steps import Step
from journeys.storage import Inbox, JourneyRepository, Outbox, ProcessedEvents, create_db_engine
from knowledge.answer import Answer as KnowledgeAnswer
from tests.bot.slack import loopback
from tests.bot.slack.fake_slack import TEAM_ID, FakeSlack
from tests.bot.slack.signing import form_body, json_body, payload_body, signed_headers

# Tests answer faster than people and never meet Slack's rate limit: a budget no session here reaches
# (the pace itself: tests/bot/slack/test_pace.py).
UNPACED = UpdatePace(per_minute=600_000, burst=10_000)
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TOKEN = "xoxb-1111-2222-testtokenSECRET"
APP_ID = "A0JOURNEY"


class FakeTips:
    """A TipSource: one fixed tip per step, with a source, so tests can see tips and citations."""

    def tips(self, *, step: Step, stage: str | None, lang: str, limit: int = 2) -> list[Tip]:
        label = "ヒント" if lang == "ja" else "Tip"
        return [Tip(text=f"{label}: {step.value}", source=Source(title=f"note-{step.value}", ref="notes/x.md"))]


class FakeKnowledge:
    """A knowledge base that answers every question the same way, citing one note."""

    def __init__(self) -> None:
        self.questions: list[tuple[str, str | None]] = []

    def ask(self, question: str, *, workspace: str | None = None) -> KnowledgeAnswer:
        self.questions.append((question, workspace))
        return KnowledgeAnswer(answer=f"answer to {question}", sources=("kpi-nps",), covered=True)


def start_server(app: App, *, secret: str | None = SECRET) -> tuple[uvicorn.Server, threading.Thread, str]:
    sock = http.bind(host="127.0.0.1", port=0)
    server = http.server(app, secret=secret)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    host, port = sock.getsockname()[:2]
    return server, thread, f"http://{host}:{port}"


@dataclass(frozen=True)
class Dispatched:
    """What `App.dispatch` answered, read like an HTTP response (status_code, text, json())."""

    status_code: int
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


Response = httpx.Response | Dispatched


@dataclass
class Testbed:
    __test__ = False

    root: Path
    kpis: Any = None
    tips: Any = field(default_factory=FakeTips)
    knowledge: Any = field(default_factory=FakeKnowledge)
    secret: str = SECRET
    http: bool = False  # serve over uvicorn and post over HTTP (else: signed BoltRequests to App.dispatch)
    db_url: str = ""  # a migrated database to use (default: a new SQLite file under `root`)
    oauth: bool = False  # installs per workspace (SLACK_CLIENT_ID/SECRET) instead of one bot token
    web_timeout: int = 10  # seconds the Web API client waits for an answer (fault tests make it short)
    outbox_lease: float = 30.0  # seconds a process holds what it owes before another may deliver it

    def __post_init__(self) -> None:
        self.fake = FakeSlack().start()
        migrated = bool(self.db_url)  # a copy of a migrated database (conftest): no need to migrate again
        self.db_url = self.db_url or f"sqlite:///{self.root / 'journeys.db'}"
        self.engine = create_db_engine(self.db_url, migrate=not migrated)
        self.outbox = Outbox(self.engine, lease=timedelta(seconds=self.outbox_lease))
        self.repository = JourneyRepository(self.engine, outbox=self.outbox)
        self.inbox = Inbox(self.engine)
        self.processed = ProcessedEvents(self.engine)
        self.service = JourneyService(repository=self.repository, kpis=self.kpis, tips=self.tips)
        self.settings = Settings(_env_file=None, slack_bot_token=TOKEN, slack_signing_secret=self.secret,  # type: ignore[call-arg]
                                 slack_api_url=self.fake.url, database_url=self.db_url)
        self.installs: Installs | None = None
        if self.oauth:
            self.settings = Settings(_env_file=None, slack_signing_secret=self.secret, slack_api_url=self.fake.url,  # type: ignore[call-arg]
                                     database_url=self.db_url, slack_client_id=self.fake.client_id,
                                     slack_client_secret=self.fake.client_secret)
            self.installs = Installs.on(self.engine, client_id=self.fake.client_id)
        # The production client, with a shorter backoff so that 5xx retries do not slow the suite down.
        self.client = build_web_client(token=None if self.oauth else TOKEN, base_url=self.fake.url, backoff_factor=0.01,
                                       tokens=self.installs.installations.bot_token if self.installs else None,
                                       timeout=self.web_timeout)
        self.slack = build_app(settings=self.settings, service=self.service, events=self.processed,
                               outbox=self.outbox, inbox=self.inbox,
                               knowledge=self.knowledge, kpis=self.kpis, client=self.client,
                               token_verification_enabled=False, root_refresh_delay=0.05, installs=self.installs,
                               updates=UNPACED)
        self.app = self.slack.bolt
        self.deps = self.slack.deps
        self.worker = self.deps.worker
        self.target: App = self.app  # where `post` dispatches (another process's app in restart tests)
        self._client: httpx.Client | None = None
        if self.http:
            self.server, self._server_thread, self.url = start_server(self.app, secret=self.secret)
            self._client = loopback.client(base_url=self.url, timeout=10)
        self._ids = itertools.count(1)

    def close(self) -> None:
        self.worker.join(timeout=10)
        self.deps.delivery.stop()
        if self._client is not None:
            self._client.close()
            self.server.should_exit = True
            self._server_thread.join(timeout=10)
        self.worker.shutdown(timeout=1)
        self.engine.dispose()
        self.fake.stop()

    # -- sending --------------------------------------------------------------------------------------
    def post(self, body: str, content_type: str, *, timestamp: int | None = None, secret: str | None = None,
             retry_num: int | None = None, headers: dict[str, str] | None = None) -> Response:
        signed = {**signed_headers(secret=secret or self.secret, body=body, content_type=content_type,
                                   timestamp=timestamp, retry_num=retry_num), **(headers or {})}
        if self._client is not None:
            return self._client.post(http.EVENTS_PATH, content=body.encode(), headers=signed)
        answer = self.target.dispatch(BoltRequest(body=body, headers={k.lower(): v for k, v in signed.items()}))
        text = answer.body if isinstance(answer.body, str) else json.dumps(answer.body)
        return Dispatched(status_code=answer.status, text=text)

    def get(self, path: str, *, headers: dict[str, str] | None = None) -> httpx.Response:
        """A browser's GET (the OAuth install pages), redirects not followed; `http=True` beds only."""
        assert self._client is not None, "GET needs the HTTP server: Testbed(http=True)"
        return self._client.get(path, headers=headers, follow_redirects=False)

    def start_session(self, title: str, *, user: str, channel: str = "C0CHAN001",
                      team: str = TEAM_ID) -> tuple[str, str]:
        """`/journey start <title>` and wait: (the root message's ts, the journey id)."""
        self.command("/journey", f"start {title}", user=user, channel=channel, team=team)
        self.idle()
        root = self.roots(channel)[-1]
        state = self.service.find(team_id=team, channel_id=channel, thread_ts=root)
        assert state is not None
        return root, state.journey_id

    def idle(self, timeout: float = 10) -> None:
        """Wait until nothing is queued: answers not applied yet (the inbox: after a failure the sweeper applies
        them), the worker's tasks (which may owe replies) and the outbox."""
        deadline = time.monotonic() + timeout
        while self.inbox.waiting() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert self.inbox.waiting() == 0, "acknowledged answers were not applied in time"
        for _ in range(3):  # a worker task may owe replies, and a delivered reply schedule nothing more
            assert self.worker.join(timeout=timeout), "the worker did not finish in time"
            assert self.deps.delivery.wait_idle(timeout=timeout), "the outbox was not delivered in time"

    def command(self, command: str, text: str, *, user: str, channel: str = "C0CHAN001",
                team: str = TEAM_ID, **kwargs: Any) -> Response:
        n = next(self._ids)
        body, content_type = form_body({
            "token": "legacy", "team_id": team, "team_domain": "fake", "channel_id": channel,
            "channel_name": "journeys", "user_id": user, "user_name": user.lower(), "command": command,
            "text": text, "api_app_id": APP_ID, "response_url": f"{self.fake.root}respond/{n}",
            "trigger_id": f"trigger.{n}",
        })
        return self.post(body, content_type, **kwargs)

    def event(self, event: dict[str, Any], *, team: str = TEAM_ID, installed: str | None = None,
              event_id: str | None = None, **kwargs: Any) -> Response:
        """An Events API delivery. `team` is the envelope's team_id; `installed` the team that installed the
        app (authorizations[0].team_id) — different in a Slack Connect channel, where `team` is the partner."""
        body, content_type = json_body({
            "token": "legacy", "team_id": team, "api_app_id": APP_ID, "event": event, "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._ids):08d}", "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": installed or team, "user_id": "UBOT0001",
                                "is_bot": True, "is_enterprise_install": False}],
            "is_ext_shared_channel": installed is not None and installed != team,
            "event_context": f"4-{next(self._ids)}",
        })
        return self.post(body, content_type, **kwargs)

    def message(self, text: str, *, user: str, channel: str = "C0CHAN001", thread_ts: str | None = None,
                ts: str | None = None, team: str = TEAM_ID, channel_type: str = "channel",
                subtype: str | None = None, **kwargs: Any) -> tuple[Response, str]:
        ts = ts or self.fake.next_ts()
        event = {"client_msg_id": f"c0ffee00-{next(self._ids):04d}", "type": "message", "channel": channel,
                 "user": user, "text": text, "ts": ts, "event_ts": ts, "channel_type": channel_type, "team": team}
        if thread_ts:
            event["thread_ts"] = thread_ts
            event["parent_user_id"] = "UBOT0001"
        if subtype:
            event["subtype"] = subtype
        return self.event(event, team=team, **kwargs), ts

    def edit(self, text: str, *, old_text: str, user: str, ts: str, thread_ts: str, channel: str = "C0CHAN001",
             team: str = TEAM_ID) -> Response:
        now = self.fake.next_ts()
        original = {"type": "message", "user": user, "ts": ts, "thread_ts": thread_ts, "text": old_text}
        return self.event({"type": "message", "subtype": "message_changed", "hidden": True, "channel": channel,
                           "ts": now, "event_ts": now, "channel_type": "channel",
                           "message": {**original, "text": text, "edited": {"user": user, "ts": now}},
                           "previous_message": original}, team=team)

    def delete(self, *, user: str, ts: str, thread_ts: str, text: str = "", channel: str = "C0CHAN001",
               team: str = TEAM_ID) -> Response:
        now = self.fake.next_ts()
        return self.event({"type": "message", "subtype": "message_deleted", "hidden": True, "channel": channel,
                           "ts": now, "event_ts": now, "deleted_ts": ts, "channel_type": "channel",
                           "previous_message": {"type": "message", "user": user, "ts": ts, "thread_ts": thread_ts,
                                                "text": text}}, team=team)

    def interact(self, payload: dict[str, Any], **kwargs: Any) -> Response:
        body, content_type = payload_body({"token": "legacy", "api_app_id": APP_ID, **payload})
        return self.post(body, content_type, **kwargs)

    def click(self, element: dict[str, Any], block_id: str, *, user: str, message: dict[str, Any],
              channel: str = "C0CHAN001", team: str = TEAM_ID, selected: dict[str, Any] | None = None,
              user_team: str | None = None, **kwargs: Any) -> Response:
        """Press a button (or pick an option of a select) from a message the bot posted. `team` is the
        payload's team (the workspace of the app that posted the message); `user_team` the clicker's own
        team when it differs (a partner in a Slack Connect channel)."""
        n = next(self._ids)
        action = {"action_id": element["action_id"], "block_id": block_id, "type": element["type"],
                  "action_ts": str(time.time())}
        if "value" in element:
            action["value"] = element["value"]
        if selected is not None:
            action["selected_option"] = selected
        return self.interact({
            "type": "block_actions", "user": {"id": user, "team_id": user_team or team}, "team": {"id": team},
            "channel": {"id": channel}, "trigger_id": f"trigger.{n}",
            "container": {"type": "message", "message_ts": message.get("ts"), "channel_id": channel},
            "message": message, "response_url": f"{self.fake.root}respond/{n}", "actions": [action],
        }, **kwargs)

    def submit(self, view: dict[str, Any], values: dict[str, dict[str, Any]], *, user: str, team: str = TEAM_ID,
               installed: str = TEAM_ID, **kwargs: Any) -> Response:
        """Submit a modal the bot opened; `values` is view.state.values keyed by block id. `team` is the
        submitter's workspace, `installed` the app's (view.app_installed_team_id): a partner in a Slack
        Connect channel submits from their own team."""
        state = {"values": {block: {block: value} for block, value in values.items()}}
        submitted = {**view, "state": state, "team_id": team, "app_installed_team_id": installed,
                     "bot_id": "BBOT0001", "type": "modal"}
        return self.interact({"type": "view_submission", "team": {"id": team}, "user": {"id": user, "team_id": team},
                              "view": submitted, "trigger_id": f"trigger.{next(self._ids)}",
                              "is_enterprise_install": False}, **kwargs)

    def shortcut(self, message: dict[str, Any], *, user: str, channel: str = "C0CHAN001",
                 team: str = TEAM_ID) -> Response:
        n = next(self._ids)
        return self.interact({"type": "message_action", "callback_id": "add_to_journey_map",
                              "trigger_id": f"trigger.{n}", "team": {"id": team}, "channel": {"id": channel},
                              "user": {"id": user, "team_id": team}, "message": message,
                              "message_ts": message["ts"], "response_url": f"{self.fake.root}respond/{n}"})

    # -- reading what the bot did ----------------------------------------------------------------------
    def thread(self, thread_ts: str) -> list[dict[str, Any]]:
        """Arguments of the bot's successful posts in a thread, in order."""
        return [c.args for c in self.fake.posts(thread_ts=thread_ts)]

    def last_step_message(self, thread_ts: str) -> dict[str, Any]:
        return self.thread(thread_ts)[-1]

    def roots(self, channel: str = "C0CHAN001") -> list[str]:
        """ts of the bot's top-level posts in a channel (session roots), in order."""
        return [c.response["ts"] for c in self.fake.posts(channel=channel) if not c.args.get("thread_ts")]


def find_element(message: dict[str, Any], action_id: str) -> tuple[dict[str, Any], str]:
    """(element, block id) of the control `action_id` in a posted message."""
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return element, block.get("block_id", "")
    raise AssertionError(f"no {action_id} in {message.get('blocks')}")


def message_text(message: dict[str, Any]) -> str:
    """Everything visible in a posted message's blocks, joined (for assertions)."""
    parts: list[str] = []
    for block in message.get("blocks") or []:
        text = block.get("text")
        if isinstance(text, dict):
            parts.append(text.get("text", ""))
        for element in block.get("elements") or []:
            if isinstance(element, dict) and element.get("type") in ("mrkdwn", "plain_text"):
                parts.append(element.get("text", ""))
            elif isinstance(element, dict) and isinstance(element.get("text"), dict):
                parts.append(element["text"].get("text", ""))
    return "\n".join(parts)
