"""A private PostgreSQL cluster that a test (or scripts/fault_report.py) may crash and restart.

The shared server on 127.0.0.1:5432 serves every other test, so it is never restarted; instead `initdb`
makes a throw-away cluster in a temporary directory (about half a second), on a free loopback port, run
by the `postgres` user when the tests run as root (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def _bindir() -> Path | None:
    config = shutil.which("pg_config")
    candidates = []
    if config:
        candidates.append(subprocess.run([config, "--bindir"], capture_output=True, text=True).stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    return next((Path(c) for c in candidates if c and (Path(c) / "initdb").exists()), None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PrivatePostgres:
    """A cluster of our own: `url`, and `crash()` / `start()` to take it down hard and bring it back."""

    bindir: Path
    data: Path
    port: int
    as_user: list[str]

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.data / "db"), *args],
                       check=True, capture_output=True, timeout=30)

    def start(self) -> None:
        """fsync is off (the machine does not crash, only the server); synchronous_commit and full-page
        writes stay on: a commit the client saw must survive the server's crash."""
        options = (f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c max_connections=60")
        self._ctl("-l", str(self.data / "server.log"), "-w", "-o", options, "start")

    def crash(self) -> None:
        """What a power cut or kill -9 of the server looks like to clients: every connection drops at once."""
        self._ctl("-w", "-m", "immediate", "stop")


@contextmanager
def private_cluster() -> Iterator[PrivatePostgres]:
    """initdb + start a cluster in a new temporary directory; crashed and removed afterwards."""
    bindir = _bindir()
    if bindir is None:
        raise FileNotFoundError("no PostgreSQL server binaries (initdb) on this machine")
    data = Path(tempfile.mkdtemp(prefix="journeybot-pg-"))  # not under pytest's root-only tmp: postgres must enter
    as_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(data, user="postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    try:
        subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data / "db"), "-A", "trust", "-U", "postgres",
                        "--no-sync", "-E", "UTF8"], check=True, capture_output=True, timeout=60)
        cluster = PrivatePostgres(bindir=bindir, data=data, port=_free_port(), as_user=as_user)
        cluster.start()
        try:
            yield cluster
        finally:
            with contextlib.suppress(subprocess.CalledProcessError):  # already down
                cluster.crash()
    finally:
        shutil.rmtree(data, ignore_errors=True)
