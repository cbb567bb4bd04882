"""Fixtures of the Slack tests: a running app on a fake Web API (see harness.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge.kpi_catalogue import KpiCatalogue
from tests.bot.slack.harness import Testbed


@pytest.fixture(scope="session")
def kpi_catalogue() -> KpiCatalogue:
    return KpiCatalogue.load()


@pytest.fixture
def slack(tmp_path: Path, kpi_catalogue: KpiCatalogue) -> Iterator[Testbed]:
    bed = Testbed(root=tmp_path, kpis=kpi_catalogue)
    try:
        yield bed
    finally:
        bed.close()
