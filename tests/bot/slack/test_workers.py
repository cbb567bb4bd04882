"""`serve --workers N`: N processes share one socket, and a worker killed with -9 is replaced."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.slack.http import bind
from bot.slack.workers import listening_sockets, restart_delay_after, spreads_connections
from tests.bot.slack.processes import stop, worker_pids

SCRIPT = textwrap.dedent("""
    import sys
    from slack_bolt import App
    from slack_bolt.authorization import AuthorizeResult
    from bot.slack.workers import listening_sockets, serve_workers

    def build() -> App:
        return App(signing_secret="s", authorize=lambda **_: AuthorizeResult(
            enterprise_id=None, team_id="T1", bot_user_id="U", bot_id="B", bot_token="xoxb-t"))

    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    cores = int(sys.argv[2]) if len(sys.argv) > 2 else None  # None: this machine's
    sockets = listening_sockets(host="127.0.0.1", port=0, workers=workers, cores=cores)
    print(sockets[0].getsockname()[1], flush=True)
    serve_workers(build, sockets=sockets, workers=workers, log_level="warning", restart_delay=0.1)
""")


def start_parent(script: str = SCRIPT, *args: str) -> tuple[subprocess.Popen[str], str]:
    """The `serve_workers` parent in a process of its own, and its base URL once it has bound the port."""
    parent = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True,
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


async def _pids_of_connections(url: str, count: int) -> list[int]:
    """Open `count` connections at one moment, as a burst of sessions does, and ask each which worker holds it."""
    host, port = url.removeprefix("http://").split(":")

    async def one() -> int:
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:"))
        pid = int(json.loads(await reader.readexactly(length))["pid"])
        writer.close()
        return pid

    return list(await asyncio.gather(*(one() for _ in range(count))))


@pytest.mark.skipif(not spreads_connections(), reason="the kernel spreads connections over sockets on Linux only")
def test_connections_opened_at_one_moment_are_spread_over_the_workers() -> None:
    """On one shared socket the first worker to wake took 25–35 of 50 such connections (of 4 workers), and
    keep-alive pins every later request to it."""
    parent, url = start_parent(SCRIPT, "4", "4")  # as on a machine with a core per worker
    try:
        workers = worker_pids(url, want=4, timeout=30)
        held = Counter(asyncio.run(_pids_of_connections(url, 40)))
    finally:
        stop(parent)
    assert set(held) == workers, held  # every worker took some (all four missing one: p ≈ 4e-5 when hashed)
    assert max(held.values()) <= 20, held  # twice the even share (hashed: p ≈ 1e-4)


@pytest.mark.skipif(not spreads_connections(), reason="the kernel spreads connections over sockets on Linux only")
def test_a_port_already_served_is_refused_and_more_workers_than_cores_share_one_socket() -> None:
    """SO_REUSEPORT would let a second `serve` on the same port join the first one's group and take a share of
    its traffic; the plain bind first keeps "address in use"."""
    first = listening_sockets(host="127.0.0.1", port=0, workers=2, cores=2)
    port = first[0].getsockname()[1]
    try:
        assert [s.getsockname()[1] for s in first] == [port, port]
        with pytest.raises(OSError) as refused:
            listening_sockets(host="127.0.0.1", port=port, workers=2, cores=2)
        assert refused.value.errno == errno.EADDRINUSE
    finally:
        for sock in first:
            sock.close()
    for workers, cores in ((1, 4), (4, 2)):  # one worker; more workers than cores: one plain, shared socket
        [shared] = listening_sockets(host="127.0.0.1", port=0, workers=workers, cores=cores)
        with shared:
            assert not shared.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT)
            with pytest.raises(OSError):
                bind(host="127.0.0.1", port=shared.getsockname()[1], reuse_port=True)


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
    serve_workers(build, sockets=[sock], workers=1, log_level="critical", restart_delay=0.1)
""")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked processes")
def test_a_worker_that_keeps_dying_at_start_up_is_restarted_less_and_less_often(tmp_path: Path) -> None:
    starts = tmp_path / "starts"
    parent = subprocess.Popen([sys.executable, "-c", FAILING, str(starts)], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, cwd=Path(__file__).resolve().parents[3])
    try:
        # counted from the first start, not from the launch: on a busy machine the parent's own start-up (imports)
        # took seconds of the window, and the count fell below the doubling's
        deadline = time.monotonic() + 30
        while not starts.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
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
