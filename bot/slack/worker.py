"""Slow work after the ack, in order per session.

Listeners store what a request means (milliseconds) and return, so Bolt acknowledges at once; applying
thread answers from the inbox (bot/slack/received.py), posting, retrieval, rendering and uploads are handed
to this worker. While requests are in flight its tasks step aside for them (bot/slack/traffic.py), except
the work a request is waiting for (`wait_key`). Tasks with the same key (a journey
id) run one after another, in submission order, so replies in a thread never overtake each other;
different keys run in parallel on a bounded pool. Bolt's lazy listeners would run the same code but
without that per-thread ordering. A task runs in the context (contextvars) it was submitted from, so it
posts with the bot token of the request's workspace (bot.slack.team_client).
"""

from __future__ import annotations

import contextvars
import heapq
import itertools
import logging
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from bot.slack.traffic import TRAFFIC

__all__ = ["Worker"]

YIELD_TO_ACKS = 0.1  # seconds a task may wait for the requests in flight to be answered (bot/slack/traffic.py)

Task = Callable[[], object]  # the result is ignored


def _in_this_context(task: Task) -> Task:
    context = contextvars.copy_context()
    return lambda: context.run(task)


class Worker:
    def __init__(self, *, max_workers: int = 8, logger: logging.Logger | None = None) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="journeybot-slack")
        self._logger = logger or logging.getLogger(__name__)
        self._lock = threading.Condition()
        self._queues: dict[str, deque[tuple[str | None, Task]]] = {}
        # Delayed tasks: one thread waits for the earliest (a timer thread per task cost the ack path a thread
        # start each, ~1 ms under load, and 50 threads in a burst of 50 answers).
        self._delayed: list[tuple[float, int, str, str, Task]] = []  # (due, seq, key, coalesce, task), a heap
        self._waiting: set[tuple[str, str]] = set()  # (key, coalesce) of the delayed tasks
        self._seq = itertools.count()
        self._timer: threading.Thread | None = None
        self._pending = 0
        self._awaited: Counter[str] = Counter()  # keys a request waits for (`wait_key`): they do not step aside

    def submit(self, key: str, task: Task, *, coalesce: str | None = None) -> None:
        """Run `task` after every earlier task of `key`.

        With `coalesce`, the task is dropped when a task of the same name is still waiting for `key`:
        such tasks read the latest state when they run (e.g. refreshing the root message), so one is enough.
        """
        task = _in_this_context(task)
        with self._lock:
            starts = self._queue(key, task, coalesce)
        if starts:
            self._pool.submit(self._drain, key)

    def _queue(self, key: str, task: Task, coalesce: str | None) -> bool:
        """Queue a task already bound to its context (under the lock); True when its key needs a drain."""
        queue = self._queues.get(key)
        if coalesce is not None and queue is not None and any(name == coalesce for name, _ in queue):
            return False
        self._pending += 1
        if queue is not None:
            queue.append((coalesce, task))
            return False
        self._queues[key] = deque([(coalesce, task)])
        return True

    def run_now_if_idle(self, key: str, task: Callable[[], None]) -> bool:
        """Run `task` in this thread, now, when `key` has no task queued or running; False (not run) otherwise.

        For work a request would otherwise hand over and wait for (an answer applied inside its own ack when
        nothing else is in flight: bot/slack/received.py). Meanwhile the key counts as busy: tasks submitted for
        it queue behind this one, and `wait_key` waits for it. What `task` raises is raised here.
        """
        with self._lock:
            if key in self._queues:
                return False
            self._queues[key] = deque()  # busy: later submits queue and leave the drain to this call
            self._pending += 1
        try:
            task()
        finally:
            with self._lock:
                self._pending -= 1
                queued = bool(self._queues[key])
                if not queued:
                    del self._queues[key]
                self._lock.notify_all()
            if queued:
                self._pool.submit(self._drain, key)
        return True

    def submit_later(self, key: str, task: Task, *, delay: float | Callable[[], float], coalesce: str) -> None:
        """Submit `task` (coalesced) after `delay` seconds, unless one is already waiting for `key`.

        Batches bursts: ten answers in a second refresh a root message once. A callable `delay` is asked only
        when the task is really scheduled (e.g. it takes a slot of the workspace's chat.update budget:
        bot/slack/pace.py), not for the tasks coalesced into one already waiting.
        """
        task = _in_this_context(task)
        with self._lock:
            if (key, coalesce) in self._waiting:
                return
            if callable(delay):
                delay = delay()
            if delay <= 0:
                starts = self._queue(key, task, coalesce)
            else:
                starts = False
                self._schedule(key, task, coalesce, delay)
        if starts:
            self._pool.submit(self._drain, key)

    def _schedule(self, key: str, task: Task, coalesce: str, delay: float) -> None:
        """Put a task on the timer's heap (under the lock)."""
        self._pending += 1
        self._waiting.add((key, coalesce))
        heapq.heappush(self._delayed, (time.monotonic() + delay, next(self._seq), key, coalesce, task))
        if self._timer is None:
            self._timer = threading.Thread(target=self._fire_when_due, name="journeybot-later", daemon=True)
            self._timer.start()
        self._lock.notify_all()

    def _fire_when_due(self) -> None:
        """The one timer thread: submits each delayed task when it is due."""
        while True:
            with self._lock:
                while not self._delayed or self._delayed[0][0] > time.monotonic():
                    self._lock.wait(timeout=self._delayed[0][0] - time.monotonic() if self._delayed else None)
                _, _, key, coalesce, task = heapq.heappop(self._delayed)
                self._waiting.discard((key, coalesce))
            self.submit(key, task, coalesce=coalesce)
            with self._lock:
                self._pending -= 1
                self._lock.notify_all()

    def _drain(self, key: str) -> None:
        while True:
            with self._lock:
                queue = self._queues[key]
                if not queue:
                    del self._queues[key]
                    self._lock.notify_all()
                    return
                _, task = queue.popleft()
            # Step aside for the acks in flight — unless one of them waits for this very key (`wait_key`).
            TRAFFIC.wait_quiet(YIELD_TO_ACKS, unless=lambda: key in self._awaited)
            try:
                task()
            except Exception:
                # Stored answers are already safe; a failed post must not stop the session's next tasks.
                self._logger.exception("Slack task for %s failed", key)
            finally:
                with self._lock:
                    self._pending -= 1
                    self._lock.notify_all()

    def wait_key(self, key: str, *, timeout: float) -> bool:
        """Wait until no task of `key` is queued or running (delayed ones do not count). False on timeout."""
        with self._lock:
            self._awaited[key] += 1
        TRAFFIC.nudge()
        try:
            with self._lock:
                return self._lock.wait_for(lambda: key not in self._queues, timeout=timeout)
        finally:
            with self._lock:
                self._awaited[key] -= 1
                if not self._awaited[key]:
                    del self._awaited[key]

    def join(self, *, timeout: float = 10.0) -> bool:
        """Wait until no task is queued, delayed or running (tests, shutdown). False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: self._pending == 0, timeout=timeout)

    def shutdown(self, *, timeout: float = 10.0) -> None:
        self.join(timeout=timeout)
        self._pool.shutdown(wait=False, cancel_futures=False)
