"""Helpers for tests that run the server in processes of its own: a free port, the workers that answer,
and stopping a parent the way an operator does (SIGTERM, then kill if it hangs)."""

from __future__ import annotations

import signal
import socket
import subprocess
import time

import httpx

from tests.bot.slack import loopback

__all__ = ["free_port", "stop", "worker_pids"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def worker_pids(url: str, *, want: int, timeout: float = 60) -> set[int]:
    """The pids answering `url`/healthz, once `want` different ones did (a new connection each time)."""
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    while len(seen) < want:
        try:
            with loopback.client(timeout=2) as client:
                seen.add(client.get(f"{url}/healthz").json()["pid"])
        except httpx.TransportError:
            time.sleep(0.05)
        if time.monotonic() > deadline:
            raise AssertionError(f"{want} workers did not answer in {timeout} s (saw {sorted(seen)})")
    return seen


def stop(parent: subprocess.Popen[bytes] | subprocess.Popen[str], *, timeout: float = 15) -> int:
    """SIGTERM, and SIGKILL if the parent has not exited within `timeout`; its exit code."""
    parent.send_signal(signal.SIGTERM)
    try:
        return parent.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        parent.kill()
        return parent.wait()
