"""`journeybot serve --workers N` as a person runs it, in a process of its own, for the fault scenarios."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.bot.slack.harness import SECRET, TOKEN
from tests.bot.slack.processes import free_port, stop, worker_pids

__all__ = ["free_port", "serve", "worker_pids"]

ROOT = Path(__file__).resolve().parents[4]
JOURNEYBOT = Path(sys.executable).parent / "journeybot"


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
        stop(parent)
        log.close()
