"""`journeybot serve --workers N` as a person runs it, in a process of its own, for the fault scenarios."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.bot.slack.harness import SECRET, TOKEN

ROOT = Path(__file__).resolve().parents[4]
JOURNEYBOT = Path(sys.executable).parent / "journeybot"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def worker_pids(url: str, *, want: int, timeout: float = 60) -> set[int]:
    """The pids answering /healthz, once `want` different ones did (a new connection each time)."""
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    while len(seen) < want:
        try:
            with httpx.Client(timeout=2) as client:
                seen.add(client.get(f"{url}/healthz").json()["pid"])
        except httpx.TransportError:
            time.sleep(0.05)
        if time.monotonic() > deadline:
            raise AssertionError(f"{want} workers did not answer in {timeout} s (saw {sorted(seen)})")
    return seen


@contextmanager
def serve(*, workers: int, database_url: str, slack_api_url: str, data: Path,
          lease_seconds: float = 2.0) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`journeybot serve --workers N` on a free loopback port; yields (base URL, the parent process).

    The outbox lease is short, so that replies a killed worker held are taken over in seconds. The knowledge
    base is not what these scenarios are about: an unknown embedding model makes its warm-up fail at once
    instead of loading a model in every worker (tips come from the notes' front matter all the same)."""
    port = free_port()
    env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack_api_url,
           "DATABASE_URL": database_url, "CHROMA_PATH": str(data / "chroma"), "EMBEDDING_MODEL": "off",
           "OUTBOX_LEASE_SECONDS": str(lease_seconds)}
    log = (data / "serve.log").open("wb")
    parent = subprocess.Popen([str(JOURNEYBOT), "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--workers", str(workers)], env=env, cwd=data, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}", parent
    finally:
        parent.send_signal(signal.SIGTERM)
        try:
            parent.wait(timeout=15)
        except subprocess.TimeoutExpired:
            parent.kill()
            parent.wait()
        log.close()
