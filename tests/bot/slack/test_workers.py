"""`serve --workers N`: N processes share one socket, and a worker killed with -9 is replaced."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest

SCRIPT = textwrap.dedent("""
    import sys
    from slack_bolt import App
    from slack_bolt.authorization import AuthorizeResult
    from bot.slack.http import bind
    from bot.slack.workers import serve_workers

    def build() -> App:
        return App(signing_secret="s", authorize=lambda **_: AuthorizeResult(
            enterprise_id=None, team_id="T1", bot_user_id="U", bot_id="B", bot_token="xoxb-t"))

    sock = bind(host="127.0.0.1", port=0)
    print(sock.getsockname()[1], flush=True)
    serve_workers(build, sock=sock, workers=2, log_level="warning", restart_delay=0.1)
""")


def _pids(url: str, *, tries: int = 200) -> set[int]:
    seen: set[int] = set()
    for _ in range(tries):
        with httpx.Client(timeout=5) as client:  # a new connection each time: the kernel picks the worker
            seen.add(client.get(url).json()["pid"])
        if len(seen) == 2:
            break
    return seen


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked processes")
def test_two_workers_serve_and_a_killed_one_is_replaced(tmp_path: Path) -> None:
    parent = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[3])
    try:
        assert parent.stdout is not None
        url = f"http://127.0.0.1:{parent.stdout.readline().strip()}/healthz"
        deadline = time.monotonic() + 20
        while True:
            try:
                first = _pids(url)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "workers did not start"
                time.sleep(0.1)
        assert len(first) == 2 and parent.pid not in first
        victim = min(first)
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while True:
            after = _pids(url, tries=50)
            if victim not in after and len(after) == 2:
                break
            assert time.monotonic() < deadline, f"the killed worker was not replaced: {after}"
            time.sleep(0.1)
    finally:
        parent.send_signal(signal.SIGTERM)
        try:
            parent.wait(timeout=15)
        except subprocess.TimeoutExpired:
            parent.kill()
            parent.wait()
    assert parent.returncode == 0
