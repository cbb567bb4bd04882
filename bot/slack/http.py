"""HTTP mode: `POST /slack/events` (events, slash commands, interactivity) and `GET /healthz`.

Starlette + uvicorn, with Bolt's Starlette request/response conversion. Bolt's sync Starlette handler
would run `dispatch` on the event loop, serialising every request behind the slowest database write; here
`dispatch` runs on a plain thread pool, so a burst of acks from many sessions overlaps. Measured on the
2-core box with a bare ack-only Bolt app, 50 sessions sending as fast as they can: anyio's
`run_in_threadpool` gave p50/p99 188/1373 ms, this executor 53/382 ms, a stdlib ThreadingHTTPServer
48/350 ms; uvicorn is kept for its hardened HTTP handling (timeouts, limits, graceful shutdown).
"""

from __future__ import annotations

import asyncio
import socket
from concurrent.futures import ThreadPoolExecutor

import uvicorn
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

__all__ = ["EVENTS_PATH", "asgi_app", "bind", "serve", "server"]

EVENTS_PATH = "/slack/events"


def asgi_app(app: App, *, threads: int = 16) -> Starlette:
    executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="journeybot-http")

    async def events(request: Request) -> Response:
        body = await request.body()
        loop = asyncio.get_running_loop()
        bolt_response = await loop.run_in_executor(executor, app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"ok": True})

    return Starlette(routes=[Route(EVENTS_PATH, events, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])])


def bind(*, host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A listening socket (port 0 picks a free port: read it with `getsockname()`)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    sock.set_inheritable(True)
    return sock


def server(app: App, *, log_level: str = "warning") -> uvicorn.Server:
    # Keep idle connections longer than uvicorn's 5 s default: a client reusing a connection the server is
    # closing gets a reset instead of an ack.
    config = uvicorn.Config(asgi_app(app), log_level=log_level, access_log=False, lifespan="off",
                            timeout_keep_alive=65, timeout_graceful_shutdown=5)
    return uvicorn.Server(config)


def serve(app: App, *, host: str, port: int, log_level: str = "info") -> None:
    """Run until interrupted (Ctrl-C / SIGTERM)."""
    sock = bind(host=host, port=port)
    server(app, log_level=log_level).run(sockets=[sock])
