"""The fault figures for the closing note: the in-suite fault scenarios (tests/bot/slack/faults/) at a
larger scale, each counted the same way (sent / acknowledged / stored / duplicated / lost / replies owed /
replies posted), printed as one Markdown table.

* kill -9: `journeybot serve --workers 2`, a worker killed every few acknowledged answers (SQLite and
  PostgreSQL); the parent starts a new one each time, Slack retries what was not acknowledged.
* two replicas: two `journeybot serve` on one PostgreSQL schema; every answer goes to one of them, and a
  third of them reach both at once (the original and Slack's retry).
* PostgreSQL crash: a private cluster crashed (`pg_ctl stop -m immediate`) and restarted mid-burst, 3 times.
* Web API faults: 429 (Retry-After), 5xx beyond the client's retries, and timeouts, during the burst.

Everything runs on 127.0.0.1 (a fake Slack Web API, signed requests). Usage:
`.venv/bin/python scripts/fault_report.py [--answers 200] [--kills 24]` (TEST_DATABASE_URL as the tests).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, func, select, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from bot.slack.client import MAX_RETRIES  # noqa: E402
from journeys.service import JourneyService  # noqa: E402
from journeys.storage import JourneyRepository, create_db_engine, normalize_url  # noqa: E402
from journeys.storage.inbox import INBOX  # noqa: E402
from journeys.storage.outbox import OUTBOX  # noqa: E402
from tests.bot.slack.fake_slack import Call, FakeSlack  # noqa: E402
from tests.bot.slack.faults.postgres import private_cluster  # noqa: E402
from tests.bot.slack.faults.tally import Tally, count, table, token  # noqa: E402
from tests.bot.slack.faults.traffic import Answered, SlackSender, open_sessions  # noqa: E402
from tests.bot.slack.faults.workers import serve, worker_pids  # noqa: E402
from tests.bot.slack.harness import SECRET, Testbed  # noqa: E402
from tests.conftest import DEFAULT_TEST_DATABASE_URL, postgres_schema_url  # noqa: E402

THREADS = 20
LEASE = 30.0  # the production default (OUTBOX_LEASE_SECONDS): a killed worker's replies wait for it


def _plan(answers: int, roots: list[str]) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {root: [] for root in roots}
    for n in range(answers):
        texts[roots[n % len(roots)]].append(token(n))
    return texts


def _settle(engine: Engine, *, timeout: float = 90) -> None:
    """Until nothing is owed and nothing acknowledged waits to be applied (an answer whose apply failed while the
    database was down is retried from the inbox, backing off), or `timeout`: what is not stored by then is lost."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            owed = conn.execute(select(func.count()).select_from(OUTBOX)).scalar_one()
            waiting = conn.execute(select(func.count()).select_from(INBOX)).scalar_one()
            if not owed and not waiting:
                return
        time.sleep(0.2)
    print(f"  (after {timeout:.0f} s: {owed} replies still owed, {waiting} answers still in the inbox)")


def _tally(scenario: str, backend: str, engine: Engine, journeys: list[str], answers: list[Answered],
           fake: FakeSlack, roots: list[str]) -> Tally:
    service = JourneyService(repository=JourneyRepository(engine))
    stored = [c.text for j in journeys for c in service.get(journey_id=j).contributions]  # type: ignore[union-attr]
    replies = [c.args.get("text", "") for root in roots for c in fake.posts(thread_ts=root)]
    return count(scenario=scenario, backend=backend, sent=[a.text for a in answers],
                 acknowledged=[a.text for a in answers if a.acknowledged], stored=stored, replies=replies)


class PostgresSchemas:
    """Fresh schemas on the shared server (as the tests' fixture makes them), dropped at the end."""

    def __init__(self) -> None:
        self.base = normalize_url(os.environ.get("TEST_DATABASE_URL") or DEFAULT_TEST_DATABASE_URL)
        self.admin = create_engine(self.base, poolclass=NullPool)
        self.names: list[str] = []

    def new(self) -> str:
        name = f"faults_{uuid.uuid4().hex[:12]}"
        with self.admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{name}"'))
        self.names.append(name)
        return postgres_schema_url(self.base, name)

    def drop(self) -> None:
        with self.admin.begin() as conn:
            for name in self.names:
                conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
        self.admin.dispose()


def kill_workers(url: str, backend: str, *, answers: int, kills: int, data: Path) -> Tally:
    engine = create_db_engine(url)
    fake = FakeSlack().start()
    try:
        roots = [fake.next_ts() for _ in range(THREADS)]
        journeys = open_sessions(JourneyService(repository=JourneyRepository(engine)), threads=roots)
        with serve(workers=2, database_url=url, slack_api_url=fake.url, data=data, lease_seconds=LEASE) as (base, _):
            pids = worker_pids(base, want=2)
            every = max(1, answers // (kills + 1))
            state = {"acked": 0, "kills": 0}
            lock = threading.Lock()

            def maybe_kill(answered: Answered) -> None:
                with lock:
                    state["acked"] += answered.acknowledged
                    due = state["kills"] < kills and state["acked"] >= every * (state["kills"] + 1)
                    if due:
                        state["kills"] += 1
                if due:
                    try:
                        victim = random.choice(sorted(worker_pids(base, want=1, timeout=5)))
                        os.kill(victim, signal.SIGKILL)
                    except (AssertionError, ProcessLookupError):
                        pass

            sender = SlackSender(base, secret=SECRET, pause=0.5)
            done = sender.burst(_plan(answers, roots), concurrency=THREADS, gap=0.05, after_each=maybe_kill)
            del pids
            _settle(engine)
            tally = _tally(f"kill -9 of a worker ×{state['kills']} (2 workers)", backend, engine, journeys, done,
                           fake, roots)
        return tally
    finally:
        fake.stop()
        engine.dispose()


def two_replicas(url: str, *, answers: int, data: Path) -> Tally:
    """Two `journeybot serve` on one schema; a third of the answers reach both at once (original + retry)."""
    engine = create_db_engine(url)
    fake = FakeSlack().start()
    try:
        roots = [fake.next_ts() for _ in range(THREADS)]
        journeys = open_sessions(JourneyService(repository=JourneyRepository(engine)), threads=roots)
        (data / "a").mkdir()
        (data / "b").mkdir()
        replica = {"workers": 1, "database_url": url, "slack_api_url": fake.url, "lease_seconds": LEASE}
        with serve(**replica, data=data / "a") as (first, _), serve(**replica, data=data / "b") as (second, _):  # type: ignore[arg-type]
            worker_pids(first, want=1), worker_pids(second, want=1)
            senders = [SlackSender(first, secret=SECRET, pause=0.5), SlackSender(second, secret=SECRET, pause=0.5)]
            both = SlackSender(first, secret=SECRET)
            done: list[Answered] = []
            lock = threading.Lock()

            def run(root: str, texts: list[str]) -> None:
                for n, said in enumerate(texts):
                    if n % 3 == 0:  # the same delivery to both replicas at the same moment
                        answered = _to_both(both, senders, said, root)
                    else:
                        answered = senders[n % 2].answer(said, thread_ts=root)
                    with lock:
                        done.append(answered)
                    time.sleep(0.05)

            threads = [threading.Thread(target=run, args=(root, texts)) for root, texts in
                       _plan(answers, roots).items()]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            _settle(engine)
        return _tally("two replicas, 1/3 delivered to both", "PostgreSQL", engine, journeys, done, fake, roots)
    finally:
        fake.stop()
        engine.dispose()


def _to_both(ids: SlackSender, senders: list[SlackSender], said: str, root: str) -> Answered:
    """The original to one replica and Slack's retry (same event id and body, X-Slack-Retry-Num 1) to the
    other, at the same moment."""
    import httpx

    from tests.bot.slack.faults.traffic import answer_body
    from tests.bot.slack.signing import signed_headers

    n = ids._next()
    ts = f"{int(time.time())}.8{n:05d}"
    body = answer_body(text=said, thread_ts=root, ts=ts, event_id=f"Ev0BOTH{n:06d}")
    answered = Answered(text=said, thread_ts=root)
    results: list[int] = []

    def post(sender: SlackSender, retry: int | None) -> None:
        headers = signed_headers(secret=SECRET, body=body, content_type="application/json", retry_num=retry)
        try:
            with httpx.Client(timeout=3) as client:
                results.append(client.post(sender.url, content=body.encode(), headers=headers).status_code)
        except httpx.TransportError:
            results.append(0)

    pair = [threading.Thread(target=post, args=(senders[0], None)), threading.Thread(target=post, args=(senders[1], 1))]
    for thread in pair:
        thread.start()
    for thread in pair:
        thread.join()
    answered.statuses = results
    return answered


def postgres_crash(*, answers: int, crashes: int, data: Path) -> Tally:
    with private_cluster() as cluster:
        engine = create_db_engine(cluster.url)
        fake = FakeSlack().start()
        try:
            roots = [fake.next_ts() for _ in range(THREADS)]
            journeys = open_sessions(JourneyService(repository=JourneyRepository(engine)), threads=roots)
            with serve(workers=2, database_url=cluster.url, slack_api_url=fake.url, data=data,
                       lease_seconds=LEASE) as (base, _):
                worker_pids(base, want=2)
                every = max(1, answers // (crashes + 1))
                state = {"acked": 0, "crashes": 0}
                lock = threading.Lock()

                def maybe_crash(answered: Answered) -> None:
                    with lock:
                        state["acked"] += answered.acknowledged
                        due = state["crashes"] < crashes and state["acked"] >= every * (state["crashes"] + 1)
                        if due:
                            state["crashes"] += 1
                            cluster.crash()
                            time.sleep(1.0)
                            cluster.start()

                sender = SlackSender(base, secret=SECRET, pause=0.5)
                done = sender.burst(_plan(answers, roots), concurrency=THREADS, gap=0.05, after_each=maybe_crash)
                _settle(engine)
                return _tally(f"PostgreSQL crash + restart ×{state['crashes']} (2 workers)", "PostgreSQL", engine,
                              journeys, done, fake, roots)
        finally:
            fake.stop()
            engine.dispose()


def web_api_faults(*, answers: int, data: Path, timeouts: bool) -> Tally:
    """In-process app (SQLite), faults every few successful posts."""
    bed = Testbed(root=data, web_timeout=1)
    try:
        roots = [bed.fake.next_ts() for _ in range(THREADS)]
        journeys = open_sessions(bed.service, threads=roots)
        fake = bed.fake
        kinds: list[Callable[[], None]] = [
            lambda: fake.fail_next("chat.postMessage", 429, headers={"Retry-After": "1"}, error="ratelimited"),
            lambda: fake.fail_next("chat.postMessage", 500, error="internal_error"),
            lambda: [fake.fail_next("chat.postMessage", 503, error="service_unavailable")  # type: ignore[func-returns-value]
                     for _ in range(MAX_RETRIES + 1)],
        ]
        if timeouts:
            kinds.append(lambda: fake.delay_next("chat.postMessage", 1.5))
        posted = [0]

        def listen(call: Call) -> None:
            if call.method == "chat.postMessage" and call.status == 200 and not call.delayed:
                posted[0] += 1
                if posted[0] % 10 == 0:
                    kinds[(posted[0] // 10) % len(kinds)]()

        fake.listeners.append(listen)
        done: list[Answered] = []
        for n, (root, said) in enumerate((r, t) for r, texts in _plan(answers, roots).items() for t in texts):
            del n
            response, _ = bed.message(said, user="U0TANAKA1", channel="C0FAULTS1", thread_ts=root)
            done.append(Answered(text=said, thread_ts=root, statuses=[response.status_code]))
        bed.idle(timeout=120)
        time.sleep(2)  # a timed-out post that Slack carried out arrives late
        name = "Web API 429/5xx" + ("/timeouts" if timeouts else "") + " during delivery"
        return _tally(name, "SQLite", bed.engine, journeys, done, fake, roots)
    finally:
        bed.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--kills", type=int, default=24)
    parser.add_argument("--crashes", type=int, default=3)
    parser.add_argument("--only", action="append", default=[], help="run the scenarios whose name contains this")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fault-report-"))
    schemas = PostgresSchemas()
    tallies: list[Tally] = []
    started = time.monotonic()

    def step(name: str, run: Callable[[], Tally]) -> None:
        if args.only and not any(part in name for part in args.only):
            return
        print(f"… {name}", file=sys.stderr, flush=True)
        tally = run()
        tallies.append(tally)
        print(f"  {tally.line()}", file=sys.stderr, flush=True)

    try:
        (work / "sqlite").mkdir()
        step("kill -9, SQLite", lambda: kill_workers(f"sqlite:///{work / 'sqlite' / 'journeys.db'}", "SQLite",
                                                     answers=args.answers, kills=args.kills, data=work / "sqlite"))
        (work / "pg").mkdir()
        step("kill -9, PostgreSQL", lambda: kill_workers(schemas.new(), "PostgreSQL", answers=args.answers,
                                                         kills=args.kills, data=work / "pg"))
        (work / "replicas").mkdir()
        step("two replicas", lambda: two_replicas(schemas.new(), answers=args.answers, data=work / "replicas"))
        (work / "crash").mkdir()
        step("PostgreSQL crash", lambda: postgres_crash(answers=args.answers, crashes=args.crashes,
                                                        data=work / "crash"))
        (work / "web").mkdir()
        step("Web API faults", lambda: web_api_faults(answers=args.answers, data=work / "web", timeouts=False))
        (work / "web-timeouts").mkdir()
        step("Web API faults with timeouts", lambda: web_api_faults(answers=args.answers, data=work / "web-timeouts",
                                                                    timeouts=True))
    finally:
        schemas.drop()
        shutil.rmtree(work, ignore_errors=True)
    print(table(tallies))
    print(f"\n{len(tallies)} scenarios in {time.monotonic() - started:.0f} s on 127.0.0.1 (fake Slack Web API).")


if __name__ == "__main__":
    main()
