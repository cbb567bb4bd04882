"""`serve --workers N`: N processes share one socket, and a worker killed with -9 is replaced."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from bot.slack.workers import restart_delay_after
from tests.bot.slack.processes import stop, worker_pids

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


def start_parent(script: str = SCRIPT) -> tuple[subprocess.Popen[str], str]:
    """The `serve_workers` parent in a process of its own, and its base URL once it has bound the port."""
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[3])
    assert parent.stdout is not None
    return parent, f"http://127.0.0.1:{parent.stdout.readline().strip()}"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked processes")
def test_two_workers_serve_and_a_killed_one_is_replaced(tmp_path: Path) -> None:
    parent, url = start_parent()
    try:
        first = worker_pids(url, want=2, timeout=20)
        assert parent.pid not in first
        victim = min(first)
        os.kill(victim, signal.SIGKILL)
        after = worker_pids(url, want=2, timeout=20)  # the survivor and the replacement
        assert victim not in after
    finally:
        stop(parent)
    assert parent.returncode == 0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked processes")
def test_workers_stop_when_their_parent_is_killed() -> None:
    parent, url = start_parent()
    workers = worker_pids(url, want=2, timeout=20)
    parent.kill()  # -9: it cannot tell its workers
    parent.wait()
    deadline = time.monotonic() + 10
    while alive := [pid for pid in workers if _running(pid)]:
        if time.monotonic() > deadline:
            for pid in alive:
                os.kill(pid, signal.SIGKILL)
            raise AssertionError(f"workers outlived their parent: {alive}")
        time.sleep(0.1)


def _running(pid: int) -> bool:
    """True while `pid` exists and is not a zombie (an orphan is reaped by init, not by this test)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


FAILING = textwrap.dedent("""
    import sys
    from bot.slack.http import bind
    from bot.slack.workers import serve_workers

    def build():
        with open(sys.argv[1], "a") as starts:
            starts.write("start\\n")
        raise RuntimeError("invalid_auth")  # e.g. auth.test refused the token

    sock = bind(host="127.0.0.1", port=0)
    print(sock.getsockname()[1], flush=True)
    serve_workers(build, sock=sock, workers=1, log_level="critical", restart_delay=0.1)
""")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked processes")
def test_a_worker_that_keeps_dying_at_start_up_is_restarted_less_and_less_often(tmp_path: Path) -> None:
    starts = tmp_path / "starts"
    parent = subprocess.Popen([sys.executable, "-c", FAILING, str(starts)], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, cwd=Path(__file__).resolve().parents[3])
    try:
        time.sleep(3.0)
    finally:
        assert stop(parent) == 0
    count = len(starts.read_text().splitlines())
    # 0.1 s between restarts would be ~25 starts; doubling from 0.2 s: 0, 0.2, 0.6, 1.4, (3.0) s → 4–5
    assert 3 <= count <= 7, count


def test_restart_delays_double_while_a_worker_keeps_dying_and_stay_bounded() -> None:
    assert restart_delay_after(0, base=0.5) == 0.5  # a worker that had been serving: restarted at once
    assert [restart_delay_after(n, base=0.5) for n in (1, 2, 3)] == [1.0, 2.0, 4.0]
    assert restart_delay_after(50, base=0.5) == 30.0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked processes")
def test_a_worker_killed_again_and_again_is_replaced_at_once_each_time() -> None:
    parent, url = start_parent()  # restart_delay 0.1 s
    try:
        workers = worker_pids(url, want=2, timeout=20)
        waits = []
        for _ in range(5):  # killed right after each start: an operator or the OOM killer, not a failing set-up
            victim = max(workers)  # the newest: the replacement of the one killed before (the same slot)
            os.kill(victim, signal.SIGKILL)
            started = time.monotonic()
            workers = worker_pids(url, want=2, timeout=20)  # the survivor and the replacement (the victim is dead)
            waits.append(time.monotonic() - started)
        # backing off as for a worker that exits at start-up would wait 0.2, 0.4 … 3.2 s
        assert waits[-1] < 2.0, waits
    finally:
        stop(parent)
