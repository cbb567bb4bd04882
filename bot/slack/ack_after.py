"""Acks that wait for a commit without holding a request thread.

A thread answer is acknowledged once its inbox entry is committed (bot/slack/received.py). Waiting for that
commit inside Bolt's listener held a request thread per answer, so in a burst of fifty the seventeenth
waited for a free thread before it could even join a commit. In HTTP mode the listener now only registers
the commit here (`ack_after`); the request thread is free as soon as Bolt returns, and the HTTP layer
(bot/slack/http.py, `collecting`) sends Bolt's response once the commit is done — or a 500, which Slack
retries, if it failed. Where nobody collects (Socket Mode, whose adapter acks when `dispatch` returns; tests
that dispatch to Bolt directly), the listener waits for the commit itself, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["COMMIT_TIMEOUT", "ack_after", "collecting"]

COMMIT_TIMEOUT = 10.0  # seconds; Slack gives up on an ack after 3 and retries
_collected: ContextVar[list[Future[None]] | None] = ContextVar("journeybot_ack_after", default=None)


@contextmanager
def collecting() -> Iterator[list[Future[None]]]:
    """Around one request's dispatch: the commits its ack must wait for."""
    commits: list[Future[None]] = []
    token = _collected.set(commits)
    try:
        yield commits
    finally:
        _collected.reset(token)


def ack_after(commit: Future[None]) -> None:
    """Hold this request's ack until `commit` is done (raising, where nobody collects, what it raised)."""
    commits = _collected.get()
    if commits is None:
        commit.result(COMMIT_TIMEOUT)
    else:
        commits.append(commit)
