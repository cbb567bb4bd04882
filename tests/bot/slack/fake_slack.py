"""A fake of the Slack Web API: a stdlib HTTP server on 127.0.0.1, port 0, in a daemon thread.

Every `WebClient` of the app under test points at it (`SLACK_API_URL`), so tests assert on what the bot
*sent* instead of mocking slack_sdk. Each call is recorded with its parsed arguments and the moment it
arrived (`time.perf_counter`), which the benchmark uses to time replies. Faults are scripted per method
(`fail_next`), so retries go through slack_sdk's real retry handlers.

OAuth installs: `grant(code, team_id=…)` makes an authorization code that `oauth.v2.access` exchanges (with
the right client id and secret) for a new bot token of that team. Once any token is issued the fake checks
tokens like Slack does: a call with no token answers `not_authed`, an unknown or revoked one
`invalid_auth`, and `auth.test` names the token's own team and bot.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM_ID = "T0000AAA"


class _Server(ThreadingHTTPServer):
    """socketserver listens with a backlog of 5: a burst of new connections (slack_sdk opens one per call)
    overflowed it, and the dropped SYNs came back a second later — replies that looked 1 s late."""

    request_queue_size = 1024


@dataclass(frozen=True)
class Call:
    method: str  # "chat.postMessage", or a path such as "/upload/F1" for non-API URLs
    args: dict[str, Any]
    headers: dict[str, str]
    at: float  # time.perf_counter() when the request arrived
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)
    delayed: bool = False  # answered only after a scripted delay (the client may have given up)


@dataclass
class Fault:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=lambda: {"ok": False, "error": "fatal_error"})
    delay: float = 0.0  # seconds to wait before answering (longer than the client's timeout = a timeout)


class FakeSlack:
    """The fake itself: start(), url, calls(method), wait_for(method, n), fail_next(method, status)."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._calls: list[Call] = []
        self._faults: dict[str, deque[Fault]] = {}
        self._last_ts = 0  # microseconds of the last ts handed out
        self._ids = itertools.count(1)
        self.admins: set[str] = set()
        self.users: dict[str, dict[str, Any]] = {}
        # Channels conversations.info describes (others are public), with their "members" for users.conversations.
        self.channels: dict[str, dict[str, Any]] = {}
        self.listeners: list[Callable[[Call], None]] = []
        # Canvases as on a free workspace (refused) unless a test turns them on.
        self.canvases_allowed = False
        # OAuth: the app's credentials, codes waiting to be exchanged, and the bot tokens issued.
        self.client_id, self.client_secret = "1111.2222", "fake-client-secret"
        self.codes: dict[str, dict[str, str]] = {}
        self.tokens: dict[str, dict[str, str]] = {}  # bot token -> team_id, team, bot_id, user_id
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        # Connections clients opened so far, and the ones still open (their sockets, for `drop_connections`).
        self.connections = 0
        self._open: set[Any] = set()

    # -- lifecycle ---------------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def drop_connections(self) -> None:
        """Close every client connection kept open, as a server closes idle keep-alive connections."""
        with self._lock:
            sockets = list(self._open)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(2)  # SHUT_RDWR: the client sees an end of file

    @property
    def url(self) -> str:
        assert self._server is not None, "start() first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/"

    @property
    def root(self) -> str:
        return self.url.removesuffix("api/")

    # -- scripting ---------------------------------------------------------------------------------
    def fail_next(
        self, method: str, status: int, *, headers: dict[str, str] | None = None, error: str = "fatal_error"
    ) -> None:
        """The next call of `method` answers `status` (e.g. 429 with Retry-After, or 500)."""
        with self._lock:
            self._faults.setdefault(method, deque()).append(
                Fault(status=status, headers=headers or {}, body={"ok": False, "error": error})
            )

    def delay_next(self, method: str, seconds: float) -> None:
        """The next call of `method` hangs for `seconds` before answering 200 (a client timeout)."""
        with self._lock:
            self._faults.setdefault(method, deque()).append(Fault(status=200, delay=seconds))

    def grant(self, code: str, *, team_id: str, team_name: str = "", installer: str = "U0INSTALL1") -> None:
        """An installer approved the app on Slack's page: `code` comes back on the redirect."""
        with self._lock:
            self.codes[code] = {"team_id": team_id, "team": team_name or team_id, "installer": installer}

    def revoke(self, token: str) -> None:
        """The token stops working, as after tokens_revoked / app_uninstalled."""
        with self._lock:
            self.tokens.pop(token, None)

    def next_ts(self) -> str:
        """A message ts as Slack makes them: the time it was posted (seconds.microseconds), unique and
        increasing. (A counter on the start time made every ts look minutes old in long fault runs, so the
        post marks' look-back window missed posts that were there and replies were posted twice.)"""
        with self._lock:
            self._last_ts = max(self._last_ts + 1, int(time.time() * 1_000_000))
            return f"{self._last_ts // 1_000_000}.{self._last_ts % 1_000_000:06d}"

    # -- inspection --------------------------------------------------------------------------------
    def calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def posts(self, *, channel: str | None = None, thread_ts: str | None = None) -> list[Call]:
        """Successful chat.postMessage calls, optionally in one channel / thread."""
        return [
            c
            for c in self.calls("chat.postMessage")
            if c.status == 200
            and (channel is None or c.args.get("channel") == channel)
            and (thread_ts is None or c.args.get("thread_ts") == thread_ts)
        ]

    def wait_for(
        self, method: str, count: int, *, timeout: float = 5.0, where: Callable[[Call], bool] | None = None
    ) -> list[Call]:
        """Block until at least `count` calls of `method` (matching `where`) arrived; bounded."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self._calls if c.method == method and (where is None or where(c))]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"expected {count} {method} call(s), got {len(found)}: {found!r}")
                self._lock.wait(remaining)

    def clear(self) -> None:
        with self._lock:
            self._calls.clear()

    # -- internals ---------------------------------------------------------------------------------
    def _record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)
            self._lock.notify_all()
        for listener in list(self.listeners):
            listener(call)

    def _take_fault(self, method: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(method)
            return queue.popleft() if queue else None

    def _oauth_access(self, args: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        basic = headers.get("authorization", "").removeprefix("Basic ")
        given = f"{args.get('client_id')}:{args.get('client_secret')}"  # or as form fields
        credentials = base64.b64decode(basic).decode() if basic else given
        if credentials != f"{self.client_id}:{self.client_secret}":
            return {"ok": False, "error": "invalid_client"}
        with self._lock:
            grant = self.codes.pop(str(args.get("code")), None)  # a code works once
            if grant is None:
                return {"ok": False, "error": "invalid_code"}
            n = next(self._ids)
            team_id = grant["team_id"]
            token = f"xoxb-{team_id}-{n:06d}"
            self.tokens[token] = {"team_id": team_id, "team": grant["team"], "bot_id": f"B{team_id}",
                                  "user_id": f"U{team_id}BOT"}
        return {"ok": True, "app_id": "A0JOURNEY", "authed_user": {"id": grant["installer"]},
                "scope": "chat:write,commands", "token_type": "bot", "access_token": token,
                "bot_user_id": f"U{team_id}BOT", "team": {"id": team_id, "name": grant["team"]},
                "enterprise": None, "is_enterprise_install": False}

    def _auth_error(self, method: str, headers: dict[str, str]) -> dict[str, Any] | None:
        """Slack's answer to a call without a valid token, once tokens are being issued (None: fine)."""
        if not self.tokens or method == "oauth.v2.access" or method.startswith("/"):
            return None
        bearer = headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not bearer:
            return {"ok": False, "error": "not_authed"}
        return None if bearer in self.tokens else {"ok": False, "error": "invalid_auth"}

    def answer(self, method: str, args: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        """The body for one call: OAuth and token checks first, then `respond`."""
        if method == "oauth.v2.access":
            return self._oauth_access(args, headers)
        refused = self._auth_error(method, headers)
        if refused is not None:
            return refused
        if method == "auth.test" and self.tokens:
            bot = self.tokens[headers["authorization"].removeprefix("Bearer ").strip()]
            return {"ok": True, "url": "https://fake.slack.com/", "team": bot["team"], "user": "journeybot",
                    "team_id": bot["team_id"], "user_id": bot["user_id"], "bot_id": bot["bot_id"]}
        return self.respond(method, args)

    def respond(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        """The success body of each Web API method the bot uses."""
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://fake.slack.com/",
                "team": "Fake",
                "user": "journeybot",
                "team_id": TEAM_ID,
                "user_id": BOT_USER_ID,
                "bot_id": BOT_ID,
            }
        if method in ("chat.postMessage", "chat.postEphemeral"):
            ts = self.next_ts()
            message = {
                "type": "message",
                "user": BOT_USER_ID,
                "bot_id": BOT_ID,
                "ts": ts,
                "text": args.get("text", ""),
                "thread_ts": args.get("thread_ts"),
            }
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message_ts": ts, "message": message}
        if method == "chat.update":
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts"), "text": args.get("text")}
        if method == "chat.getPermalink":
            ts = str(args.get("message_ts", "")).replace(".", "")
            return {
                "ok": True,
                "channel": args.get("channel"),
                "permalink": f"https://fake.slack.com/archives/{args.get('channel')}/p{ts}",
            }
        if method == "users.info":
            user = str(args.get("user"))
            info = self.users.get(user, {"id": user, "name": user.lower()})
            return {"ok": True, "user": {**info, "is_admin": user in self.admins, "is_owner": False}}
        if method == "conversations.info":
            channel = str(args.get("channel"))
            info = self.channels.get(channel, {"is_private": False})
            return {"ok": True, "channel": {"id": channel, "is_channel": True,
                                            **{k: v for k, v in info.items() if k != "members"}}}
        if method == "users.conversations":
            user = str(args.get("user"))
            mine = [{"id": c, "is_private": bool(i.get("is_private"))} for c, i in self.channels.items()
                    if user in i.get("members", ())]
            return {"ok": True, "channels": mine, "response_metadata": {"next_cursor": ""}}
        if method in ("views.open", "views.update", "views.push", "views.publish"):
            view = args.get("view")
            view = json.loads(view) if isinstance(view, str) else (view or {})
            return {"ok": True, "view": {**view, "id": f"V{next(self._ids):06d}", "hash": "h"}}
        if method == "conversations.history":  # the bot's own top-level posts, newest first, with metadata
            channel, oldest = args.get("channel"), float(args.get("oldest") or 0)
            found = [{**c.response["message"], "metadata": _decoded(c.args.get("metadata"))}
                     for c in reversed(self.posts(channel=channel))
                     if not c.args.get("thread_ts") and float(c.response["ts"]) >= oldest]
            return {"ok": True, "messages": found, "has_more": False}
        if method == "conversations.replies":  # the bot's own posts in a thread, oldest first, with metadata
            channel, thread, oldest = args.get("channel"), args.get("ts"), float(args.get("oldest") or 0)
            found = [{**c.response["message"], "metadata": _decoded(c.args.get("metadata")),
                      "blocks": _decoded(c.args.get("blocks")) or []}
                     for c in self.posts(channel=channel, thread_ts=thread) if float(c.response["ts"]) >= oldest]
            return {"ok": True, "messages": found, "has_more": False}
        if method == "conversations.join":
            return {"ok": True, "channel": {"id": args.get("channel")}}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ids):06d}"
            return {"ok": True, "file_id": file_id, "upload_url": f"{self.root}upload/{file_id}"}
        if method == "files.completeUploadExternal":
            files = args.get("files")
            files = json.loads(files) if isinstance(files, str) else (files or [])
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}
        if method == "files.info":
            file_id = args.get("file")
            return {"ok": True, "file": {"id": file_id, "shares": {},
                                         "permalink": f"https://fake.slack.com/docs/{TEAM_ID}/{file_id}"}}
        if method in ("canvases.create", "conversations.canvases.create"):
            if not self.canvases_allowed:
                return {"ok": False, "error": "free_team_not_allowed"}
            return {"ok": True, "canvas_id": f"F{next(self._ids):06d}"}
        return {"ok": True}


class _Handler(BaseHTTPRequestHandler):
    owner: FakeSlack
    protocol_version = "HTTP/1.1"
    # The headers and the body of an answer are two writes: with Nagle's algorithm on, a client that keeps its
    # connection alive would wait out its own delayed ACK (40 ms) for the body. Slack's servers do not do that.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        with self.owner._lock:
            self.owner.connections += 1
            self.owner._open.add(self.connection)

    def finish(self) -> None:
        with self.owner._lock:
            self.owner._open.discard(self.connection)
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence per-request logging: tests read `calls()` instead."""

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _handle(self) -> None:
        parsed = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        args = _parse(raw, self.headers.get("Content-Type", ""), parsed.query)
        headers = {k.lower(): v for k, v in self.headers.items()}
        arrived = time.perf_counter()
        path = parsed.path
        method = path.removeprefix("/api/") if path.startswith("/api/") else path
        fault = self.owner._take_fault(method)
        delayed = fault is not None and fault.delay > 0
        if fault is not None and delayed:
            time.sleep(fault.delay)
            fault = None
        if fault is not None:
            self.owner._record(Call(method, args, headers, arrived, status=fault.status))
            self._send(fault.status, fault.body, fault.headers)
            return
        body = self.owner.answer(method, args, headers)
        self.owner._record(Call(method, args, headers, arrived, response=body, delayed=delayed))
        self._send(200, body, {})

    def _send(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a caller killed in a crash test
            self.wfile.write(data)


def _decoded(value: Any) -> Any:
    """A JSON argument as sent in a form (a string) or a JSON body (already an object)."""
    return json.loads(value) if isinstance(value, str) else value


def _parse(raw: bytes, content_type: str, query: str) -> dict[str, Any]:
    if raw and "json" in content_type:
        try:
            value = json.loads(raw)
            return value if isinstance(value, dict) else {"_": value}
        except ValueError:
            return {"_raw": raw.decode("utf-8", "replace")}
    if raw and "form" in content_type:
        return {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
    if raw:
        return {"_raw": raw[:200].decode("utf-8", "replace"), "_size": len(raw)}
    return {k: v[0] for k, v in parse_qs(query).items()}
