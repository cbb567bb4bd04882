"""The `serve --workers N` parent stopped (SIGTERM) while it waits to replace a dead worker: it must not
start the replacement and then wait for it forever (a `systemctl stop` that hangs)."""

from __future__ import annotations

import os
import signal
import time

import pytest

from tests.bot.slack.processes import worker_pids
from tests.bot.slack.test_workers import SCRIPT, start_parent


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked processes")
def test_sigterm_while_a_worker_is_being_replaced_stops_everything() -> None:
    script = SCRIPT.replace("restart_delay=0.1", "restart_delay=1.0")
    parent, url = start_parent(script)
    try:
        workers = worker_pids(url, want=2, timeout=20)
        os.kill(min(workers), signal.SIGKILL)
        time.sleep(0.3)  # the parent is now waiting out restart_delay
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=10) == 0
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
