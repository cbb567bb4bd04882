"""Fixtures of the Slack tests: the app on a fake Web API (see harness.py), by App.dispatch or over HTTP."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from knowledge.kpi_catalogue import KpiCatalogue
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.harness import Testbed


@pytest.fixture(scope="session")
def kpi_catalogue() -> KpiCatalogue:
    return KpiCatalogue.default()


def _bed(tmp_path: Path, migrated_db: Path, kpis: KpiCatalogue, *, http: bool, **options: Any) -> Testbed:
    copy = tmp_path / "journeys.db"
    shutil.copyfile(migrated_db, copy)
    return Testbed(root=tmp_path, kpis=kpis, http=http, db_url=f"sqlite:///{copy}", **options)


@pytest.fixture
def slack(tmp_path: Path, migrated_db: Path, kpi_catalogue: KpiCatalogue) -> Iterator[Testbed]:
    """Signed BoltRequests through App.dispatch (most tests)."""
    bed = _bed(tmp_path, migrated_db, kpi_catalogue, http=False)
    try:
        yield bed
    finally:
        bed.close()


@pytest.fixture
def slack_steady(tmp_path: Path, migrated_db: Path, kpi_catalogue: KpiCatalogue) -> Iterator[Testbed]:
    """`slack` under its own name, for modules that override `slack` with a short lease but hold a test in which
    no process dies: there a busy machine's slow post must not let another process take the parcel over."""
    bed = _bed(tmp_path, migrated_db, kpi_catalogue, http=False)
    try:
        yield bed
    finally:
        bed.close()


@pytest.fixture
def slack_killable(tmp_path: Path, migrated_db: Path, kpi_catalogue: KpiCatalogue) -> Iterator[Testbed]:
    """`slack` for tests that stop its delivery as if the process were killed: what it owed is leased to it
    for a second only, so that another process takes it over within the test."""
    bed = _bed(tmp_path, migrated_db, kpi_catalogue, http=False, outbox_lease=1.0)
    try:
        yield bed
    finally:
        bed.close()


@pytest.fixture
def slack_http(tmp_path: Path, migrated_db: Path, kpi_catalogue: KpiCatalogue) -> Iterator[Testbed]:
    """The same app served by uvicorn (the `journeybot serve` stack), signed requests over HTTP."""
    bed = _bed(tmp_path, migrated_db, kpi_catalogue, http=True)
    try:
        yield bed
    finally:
        bed.close()


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    """The fake Web API alone, for tests of the client and the delivery without an app."""
    slack = FakeSlack().start()
    try:
        yield slack
    finally:
        slack.stop()
