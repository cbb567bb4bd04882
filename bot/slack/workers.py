"""`journeybot serve --workers N`: N processes accepting on one listening socket, kept alive by a parent.

Python serves one request's CPU work at a time per process; on a multi-core machine more answers per
second need more processes. The parent binds the socket, forks the workers *before* any of them opens a
database or Web API connection (each builds its own app after the fork), and restarts a worker that dies
— a kill -9 mid-burst costs the requests that worker held, which Slack retries, and nothing else: stored
answers and the replies they owe live in the database (the outbox), not in a worker's memory.
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
from collections.abc import Callable

from slack_bolt import App

from bot.slack.http import server

__all__ = ["serve_workers"]

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


def _child(sock: socket.socket, build: Callable[[], App], secret: str | None, log_level: str, parent: int) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    _exit_with(parent)
    try:
        server(build(), secret=secret, log_level=log_level).run(sockets=[sock])
    except BaseException:
        logger.exception("Worker %d failed", os.getpid())
        os._exit(1)
    os._exit(0)


def serve_workers(build: Callable[[], App], *, sock: socket.socket, workers: int, secret: str | None = None,
                  log_level: str = "info", restart_delay: float = 0.5) -> None:
    """Fork `workers` processes serving `sock`; restart any that dies; stop them all on SIGTERM/SIGINT."""
    children: dict[int, int] = {}  # pid -> slot
    stopping = False

    parent = os.getpid()

    def spawn(slot: int) -> None:
        pid = os.fork()
        if pid == 0:
            _child(sock, build, secret, log_level, parent)
        children[pid] = slot
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
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        if pid not in children or stopping:
            children.pop(pid, None)
            continue
        slot = children.pop(pid)
        logger.warning("Worker %d (pid %d) exited with %s; restarting it", slot, pid,
                       os.waitstatus_to_exitcode(status))
        time.sleep(restart_delay)
        if not stopping:  # a SIGTERM during the delay: the replacement would never be told to stop
            spawn(slot)
    sys.stdout.flush()
