"""PostgreSQL crashes and comes back in the middle of a burst of answers (HTTP mode, signed requests).

While the database is down an answer cannot be stored, so it must not be acknowledged either: the bot
answers 5xx and Slack retries; once the server is back the retries are stored, each once, and every
stored answer gets its reply once. The server is a private cluster (see conftest.py), crashed with
`pg_ctl stop -m immediate` — every connection drops, as in a crash or a restart by the operator.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from journeys.storage import create_db_engine
from knowledge.kpi_catalogue import KpiCatalogue
from tests.bot.slack.faults.postgres import PrivatePostgres
from tests.bot.slack.faults.tally import count, token
from tests.bot.slack.faults.traffic import Answered, SlackSender, open_sessions
from tests.bot.slack.harness import Testbed

THREADS, ANSWERS, OUTAGE = 4, 6, 1.0

pytestmark = pytest.mark.postgres


def test_a_postgres_crash_mid_burst_loses_and_duplicates_nothing(
        tmp_path: Path, private_postgres: PrivatePostgres, kpi_catalogue: KpiCatalogue) -> None:
    create_db_engine(private_postgres.url).dispose()  # migrated to head
    bed = Testbed(root=tmp_path, kpis=kpi_catalogue, db_url=private_postgres.url, http=True)
    try:
        roots = [bed.fake.next_ts() for _ in range(THREADS)]
        journeys = open_sessions(bed.service, threads=roots)
        texts = {root: [token(t * ANSWERS + n) for n in range(ANSWERS)] for t, root in enumerate(roots)}
        acked = [0]
        crashed = threading.Event()

        def outage(answered: Answered) -> None:
            acked[0] += answered.acknowledged
            if acked[0] >= THREADS and not crashed.is_set():
                crashed.set()
                private_postgres.crash()
                time.sleep(OUTAGE)
                private_postgres.start()

        sender = SlackSender(bed.url, secret=bed.secret, pause=0.5)  # retries over 3.5 s outlast the outage
        answers = sender.burst(texts, concurrency=THREADS, gap=0.05, after_each=outage)
        bed.idle(timeout=20)
        stored = [c.text for j in journeys for c in bed.service.get(journey_id=j).contributions]  # type: ignore[union-attr]
        replies = [c["text"] for root in roots for c in bed.thread(root)]
        tally = count(scenario="PostgreSQL crash + restart", backend="PostgreSQL", sent=[a.text for a in answers],
                      acknowledged=[a.text for a in answers if a.acknowledged], stored=stored, replies=replies)
        assert crashed.is_set() and any(s != 200 for a in answers for s in a.statuses), "the outage was not felt"
        tally.assert_exactly_once()
    finally:
        bed.close()
