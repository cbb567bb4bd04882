"""HTTP mode: `POST /slack/events` (events, slash commands, interactivity) and `GET /healthz`.

Starlette + uvicorn, with Bolt's Starlette request/response conversion. Bolt's sync Starlette handler
would run `dispatch` on the event loop, serialising every request behind the slowest database write; here
`dispatch` runs on a plain thread pool, so a burst of acks from many sessions overlaps. Measured on the
2-core box with a bare ack-only Bolt app, 50 sessions sending as fast as they can: anyio's
`run_in_threadpool` gave p50/p99 188/1373 ms, this executor 53/382 ms, a stdlib ThreadingHTTPServer
48/350 ms; uvicorn is kept for its hardened HTTP handling (timeouts, limits, graceful shutdown).

Nothing reaches Bolt before `gate.check` admits it (size, signature over the raw bytes, body shape,
replay), and that check runs on the pool too: a flood of unsigned megabyte bodies costs a read and an
HMAC each, off the event loop, and never a parse or a log line.

With OAuth installs (bot/slack/oauth.py) two more routes exist, GET only: `/slack/install` and
`/slack/oauth_redirect`. An installer's browser cannot sign, so they skip the gate; they read no body,
and the callback is guarded by its single-use `state` instead. Any other method or path is refused by
routing before anything is read.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor

import uvicorn
from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_bolt.oauth import OAuthFlow
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.slack.ack_after import COMMIT_TIMEOUT, collecting
from bot.slack.gate import MAX_BODY_BYTES, RecentSignatures, ReplayGuard, Verdict, check
from bot.slack.traffic import TRAFFIC

__all__ = ["EVENTS_PATH", "STARTED", "asgi_app", "bind", "serve", "server"]

EVENTS_PATH = "/slack/events"

logger = logging.getLogger(__name__)


async def _read_capped(request: Request) -> bytes | None:
    """The body, or None as soon as it is known to exceed MAX_BODY_BYTES (declared or streamed)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def asgi_app(app: App, *, threads: int = 16, secret: str | None = None,
             replays: ReplayGuard | None = None) -> Starlette:
    """The ASGI app. `secret` is the signing secret checked at the gate (None: Bolt's own check only)."""
    executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="journeybot-http")
    guard = replays if replays is not None else RecentSignatures()

    def admit_and_dispatch(request: Request, body: bytes) -> tuple[Response, list[Future[None]]]:
        verdict = check(body=body, headers={k.lower(): v for k, v in request.headers.items()},
                        secret=secret, replays=guard)
        if not verdict.dispatch:
            return _refusal(verdict), []
        with collecting() as commits:  # what the ack must wait for, without holding this thread (ack_after.py)
            response = app.dispatch(to_bolt_request(request, body))
        if response.status >= 500:  # not served: Slack retries it, maybe with this very signature
            guard.forget(request.headers.get("x-slack-signature", ""))
        return to_starlette_response(response), commits

    async def events(request: Request) -> Response:
        body = await _read_capped(request)
        if body is None:
            return _refusal(Verdict(413, "body too large"))
        loop = asyncio.get_running_loop()
        with TRAFFIC.serving():  # background work steps aside until the acks are out (bot/slack/traffic.py)
            response, commits = await loop.run_in_executor(executor, admit_and_dispatch, request, body)
            try:
                for commit in commits:
                    await asyncio.wait_for(asyncio.wrap_future(commit), COMMIT_TIMEOUT)
            except Exception:
                logger.exception("an answer could not be stored; Slack will retry it")
                guard.forget(request.headers.get("x-slack-signature", ""))
                return PlainTextResponse("", status_code=500)
            return response

    async def healthz(request: Request) -> Response:
        return JSONResponse({"ok": True, "pid": os.getpid()})

    routes = [Route(EVENTS_PATH, events, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])]
    if app.oauth_flow is not None:
        routes += _oauth_routes(app.oauth_flow, executor)
    return Starlette(routes=routes)


def _oauth_routes(flow: OAuthFlow, executor: ThreadPoolExecutor) -> list[Route]:
    """GET /slack/install (redirect to Slack with a new state) and GET /slack/oauth_redirect (finish the
    install): unsigned by nature, bodiless, on the pool (they read and write the database, call Slack)."""

    def page(handle: Callable[[BoltRequest], BoltResponse]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(
                executor, lambda: to_starlette_response(handle(to_bolt_request(request, b""))))
        return endpoint

    return [Route(flow.install_path, page(flow.handle_installation), methods=["GET"]),
            Route(flow.redirect_uri_path, page(flow.handle_callback), methods=["GET"])]


def _refusal(verdict: Verdict) -> Response:
    return PlainTextResponse(verdict.reason if verdict.status != 200 else "", status_code=verdict.status)


def bind(*, host: str = "127.0.0.1", port: int = 0, reuse_port: bool = False) -> socket.socket:
    """A listening socket (port 0 picks a free port: read it with `getsockname()`); `reuse_port` lets several
    such sockets listen on one port (bot/slack/workers.py `listening_sockets`)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


STARTED = threading.Event()  # set once this process's server is listening (warm-ups wait for it: bot/slack/runner.py)


class _Server(uvicorn.Server):
    """uvicorn's server, its housekeeping tick once a second instead of ten times, and woken at once to stop.

    The tick only refreshes the Date header (once a second either way) and looks at `should_exit`; ten wake-ups
    a second were two thirds of an idle worker's CPU (about 2 ms a second). Setting `should_exit` — a signal,
    a test — wakes the loop, so stopping is as prompt as before.
    """

    TICK_SECONDS = 1.0

    def __init__(self, config: uvicorn.Config) -> None:
        self._wake: tuple[asyncio.AbstractEventLoop, asyncio.Event] | None = None
        super().__init__(config)

    @property
    def should_exit(self) -> bool:
        return self._should_exit

    @should_exit.setter
    def should_exit(self, value: bool) -> None:
        self._should_exit = value
        if value and self._wake is not None:
            loop, event = self._wake
            with contextlib.suppress(RuntimeError):  # the loop is already closed: nothing to wake
                loop.call_soon_threadsafe(event.set)

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        STARTED.set()

    async def main_loop(self) -> None:
        self._wake = (asyncio.get_running_loop(), asyncio.Event())
        ticks = 0
        should_exit = await self.on_tick(ticks)
        while not should_exit:
            ticks = (ticks + 10) % 864000  # on_tick refreshes the Date header when this is a multiple of 10
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake[1].wait(), self.TICK_SECONDS)
            should_exit = await self.on_tick(ticks)


def server(app: App, *, secret: str | None = None, log_level: str = "warning") -> uvicorn.Server:
    # Keep idle connections longer than uvicorn's 5 s default: a client reusing a connection the server is
    # closing gets a reset instead of an ack.
    config = uvicorn.Config(asgi_app(app, secret=secret), log_level=log_level, access_log=False, lifespan="off",
                            timeout_keep_alive=65, timeout_graceful_shutdown=5)
    return _Server(config)


def serve(app: App, *, host: str, port: int, secret: str | None = None, log_level: str = "info") -> None:
    """Run until interrupted (Ctrl-C / SIGTERM)."""
    sock = bind(host=host, port=port)
    server(app, secret=secret, log_level=log_level).run(sockets=[sock])
