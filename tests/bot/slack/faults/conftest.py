"""Fixtures of the fault suite: a private PostgreSQL cluster (postgres.py) that a test may crash and restart.

Without the PostgreSQL server binaries the tests that need it are skipped (failed under CI, like the
shared server's tests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.bot.slack.faults.postgres import PrivatePostgres, _bindir, private_cluster
from tests.conftest import _in_ci


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    if _bindir() is None:
        (pytest.fail if _in_ci() else pytest.skip)("no PostgreSQL server binaries (initdb) on this machine")
    with private_cluster() as cluster:
        yield cluster
