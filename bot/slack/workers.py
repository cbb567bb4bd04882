"""`journeybot serve --workers N`: N processes accepting on one port, kept alive by a parent.

Python serves one request's CPU work at a time per process; on a multi-core machine more answers per
second need more processes. The parent binds the sockets (`listening_sockets`: one per worker when each has a core),
forks the workers *before* any of them opens a database or Web API connection (each builds its own app after
the fork), and restarts a worker that dies — a kill -9 mid-burst costs the requests that worker held, which
Slack retries, and nothing else: stored answers and the replies they owe live in the database (the outbox),
not in a worker's memory.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence

from slack_bolt import App

from bot.slack.http import bind, server
from bot.slack.traffic import TRAFFIC, TrafficBoard

__all__ = ["listening_sockets", "serve_workers"]

logger = logging.getLogger(__name__)


def _exit_with(parent: int, *, every: float = 1.0) -> None:
    """Stop this worker once its parent is gone: a parent killed with -9 cannot stop its workers, and an
    orphan would go on serving the old socket next to the parent's replacement (seen in the kill tests)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        logger.warning("Worker %d: its parent %d is gone; stopping", os.getpid(), parent)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="journeybot-parent-watch", daemon=True).start()


def spreads_connections() -> bool:
    """Whether the kernel spreads new connections over sockets sharing a port (Linux's SO_REUSEPORT does; on
    macOS and the BSDs the option exists but one socket gets them all)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listening_sockets(*, host: str, port: int, workers: int, cores: int | None = None) -> list[socket.socket]:
    """One listening socket per worker on host:port, where the kernel spreads connections evenly, when every
    worker has a core of its own (`cores`: this process's CPUs); otherwise one socket all the workers share.

    On one shared socket the worker that wakes first accepts every connection waiting (asyncio accepts up to the
    backlog at a time): 50 sessions connecting at once were held 25–35 by one of four workers, and keep-alive
    kept them there. With a core per worker that leaves cores idle while one worker's GIL sets the reply time of
    a burst; a socket per worker (SO_REUSEPORT) has the kernel hash each connection to one of them instead.
    With more workers than cores the cores are the limit, and answers gathered in fewer processes cost less
    (larger inbox and delivery batches): on two cores, four spread workers replied to a burst later than four
    sharing a socket in 3 of 3 interleaved runs, while two spread workers did better in 2 of 3 (deploy.md).

    The port is first bound without SO_REUSEPORT, so that a second `serve` on a port already served fails as it
    always did (address in use) instead of silently joining the group and taking a share of the traffic.
    """
    probe = bind(host=host, port=port)
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if workers == 1 or workers > cores or not spreads_connections():
        return [probe]
    port = int(probe.getsockname()[1])
    probe.close()
    return [bind(host=host, port=port, reuse_port=True) for _ in range(workers)]


def _child(sock: socket.socket, build: Callable[[], App], secret: str | None, log_level: str, parent: int,
           board: TrafficBoard, slot: int) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _exit_with(parent)
    TRAFFIC.share(board, slot)  # background work here steps aside for every worker's acks (bot/slack/traffic.py)
    try:
        server(build(), secret=secret, log_level=log_level).run(sockets=[sock])
    except BaseException:
        logger.exception("Worker %d failed", os.getpid())
        os._exit(1)
    os._exit(0)


PARENT_POLL = 0.25  # seconds between the parent's looks for a worker that exited
QUICK_EXIT_SECONDS = 10.0  # a worker that exits sooner than this after its start is failing, not unlucky
MAX_RESTART_DELAY = 30.0


def restart_delay_after(quick_exits: int, *, base: float) -> float:
    """How long to wait before restarting a worker that died after `quick_exits` quick exits in a row: at once
    (`base`) after a crash of a worker that had been serving, doubling while it keeps dying at start-up (a bad
    token, the database unreachable), so that a failing set-up neither spins the CPU nor floods the log."""
    return min(MAX_RESTART_DELAY, base * float(2 ** min(quick_exits, 10)))


def serve_workers(build: Callable[[], App], *, sockets: Sequence[socket.socket], workers: int,
                  secret: str | None = None, log_level: str = "info", restart_delay: float = 0.5) -> None:
    """Fork `workers` processes, worker k serving `sockets[k]` (or all the one socket given); restart any that
    dies (backing off while it keeps dying at start-up); stop them all on SIGTERM/SIGINT.

    The parent keeps every socket open: connections the kernel queues on a dead worker's socket wait there for
    its replacement instead of being refused."""
    children: dict[int, int] = {}  # pid -> slot
    started: dict[int, float] = {}  # slot -> when its current worker was forked (monotonic)
    quick_exits: dict[int, int] = {}  # slot -> quick exits in a row
    due: dict[int, float] = {}  # slot -> when to restart it
    stopping = False

    parent = os.getpid()
    board = TrafficBoard(workers)  # mapped before the forks: every worker sees the others' requests in flight

    def spawn(slot: int) -> None:
        pid = os.fork()
        if pid == 0:
            mine = sockets[slot % len(sockets)]
            for other in sockets:
                if other is not mine:
                    other.close()  # the parent keeps it listening
            _child(mine, build, secret, log_level, parent, board, slot)
        children[pid] = slot
        started[slot] = time.monotonic()
        logger.info("Worker %d started (pid %d)", slot, pid)
        if stopping:  # a SIGTERM arrived while forking, before this worker was listed: it missed the stop
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for slot in range(workers):
        spawn(slot)
    while children or (due and not stopping):
        for slot, at in list(due.items()):
            if at <= time.monotonic() and not stopping:  # no restart once stopping: it would miss the stop
                del due[slot]
                spawn(slot)
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            pid = 0
        except InterruptedError:
            continue
        if pid == 0:
            # Nothing exited: look again soon (a restart may be due sooner still); a dead worker is noticed within
            # PARENT_POLL, which at a twentieth of a second woke an idle parent twenty times a second.
            soonest = min(due.values(), default=time.monotonic() + PARENT_POLL)
            time.sleep(max(0.01, min(PARENT_POLL, soonest - time.monotonic())))
            continue
        if pid not in children or stopping:
            children.pop(pid, None)
            continue
        slot = children.pop(pid)
        lived = time.monotonic() - started.get(slot, 0.0)
        # Only a worker that *exited* soon after its start is failing (its set-up raised); one killed by a
        # signal (kill -9, the OOM killer) is replaced at once, however often that happens.
        failing = os.WIFEXITED(status) and lived < QUICK_EXIT_SECONDS
        quick_exits[slot] = quick_exits.get(slot, 0) + 1 if failing else 0
        delay = restart_delay_after(quick_exits[slot], base=restart_delay)
        logger.warning("Worker %d (pid %d) exited with %s after %.1f s; restarting it in %.1f s", slot, pid,
                       os.waitstatus_to_exitcode(status), lived, delay)
        due[slot] = time.monotonic() + delay
    sys.stdout.flush()
