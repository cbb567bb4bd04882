"""kill -9 of one of two `journeybot serve` workers in the middle of a burst, on PostgreSQL.

The killed worker's requests in flight get no answer, so Slack retries them (X-Slack-Retry-Num) and the
other worker, or the one the parent starts in its place, takes them. Every acknowledged answer is stored
once and gets its reply, also those whose replies the killed worker still owed. The one reply it may have
been posting at that instant can be posted twice: Slack accepted it, the worker died before recording
it, and chat.postMessage has no idempotency key (a known gap, counted by scripts/fault_report.py)."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from journeys.service import JourneyService
from journeys.storage import JourneyRepository, create_db_engine
from journeys.storage.inbox import INBOX
from journeys.storage.outbox import OUTBOX
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.faults.tally import count, token
from tests.bot.slack.faults.traffic import Answered, SlackSender, open_sessions
from tests.bot.slack.faults.workers import serve, worker_pids
from tests.bot.slack.harness import SECRET

THREADS, ANSWERS = 6, 5

pytestmark = [pytest.mark.postgres, pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")]


def _owed(engine: Engine) -> int:
    """Replies owed, and answers acknowledged but not applied yet (the killed worker's are swept by the other)."""
    with engine.connect() as conn:
        return sum(int(conn.execute(select(func.count()).select_from(table)).scalar_one()) for table in (OUTBOX, INBOX))


def test_kill_9_of_one_of_two_workers_mid_burst(tmp_path: Path, postgres_schema: str) -> None:
    engine = create_db_engine(postgres_schema)  # migrated before the workers start
    fake = FakeSlack().start()
    try:
        service = JourneyService(repository=JourneyRepository(engine))
        roots = [fake.next_ts() for _ in range(THREADS)]
        journeys = open_sessions(service, threads=roots)
        with serve(workers=2, database_url=postgres_schema, slack_api_url=fake.url, data=tmp_path) as (url, _):
            pids = worker_pids(url, want=2)
            victim = min(pids)
            acked = [0]
            killed = threading.Event()

            def kill(answered: Answered) -> None:
                acked[0] += answered.acknowledged
                if acked[0] >= THREADS * ANSWERS // 3 and not killed.is_set():
                    killed.set()
                    os.kill(victim, signal.SIGKILL)

            texts = {root: [token(t * ANSWERS + n) for n in range(ANSWERS)] for t, root in enumerate(roots)}
            answers = SlackSender(url, secret=SECRET).burst(texts, concurrency=THREADS, gap=0.02, after_each=kill)
            assert killed.is_set()  # (that the parent replaces it is test_workers.py's)
            deadline = time.monotonic() + 20  # inbox and outbox drain (a killed worker's lease runs out in 2 s)
            while _owed(engine) and time.monotonic() < deadline:
                time.sleep(0.1)
        stored = [c.text for j in journeys for c in service.get(journey_id=j).contributions]  # type: ignore[union-attr]
        replies = [c.args.get("text", "") for root in roots for c in fake.posts(thread_ts=root)]
        tally = count(scenario="kill -9 of 1 of 2 workers", backend="PostgreSQL", sent=[a.text for a in answers],
                      acknowledged=[a.text for a in answers if a.acknowledged], stored=stored, replies=replies)
        answers_stored = [t for t in stored if t.startswith("回答")]
        assert len(answers_stored) == len(set(answers_stored)), "an answer was stored twice"
        # The reply the killed worker was posting at that instant may be posted again (see the report).
        tally.assert_at_least_once(duplicate_replies=1)
    finally:
        fake.stop()
        engine.dispose()
