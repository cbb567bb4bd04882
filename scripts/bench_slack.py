"""Benchmark of the Slack HTTP mode against a bare Bolt app: ack and reply latency, CPU per answer.

Starts the fake Slack Web API (tests/bot/slack/fake_slack.py) in a process of its own, then, for each
worker count, two servers on 127.0.0.1 one after the other, each behind the same HTTP stack
(bot/slack/http.py, the gate included) with the same number of processes (bot/slack/workers.py):

* `journeybot serve --workers N` — the real app, wired from Settings exactly as in production (a SQLite
  file in a temporary directory, or a fresh PostgreSQL schema with `--database-url`; SLACK_API_URL points
  at the fake);
* two bare Bolt apps with the same signing secret: one whose listeners only ack (the floor for Bolt + HTTP), and
  one that does what the issue's bare app did in the same scenario — acks, then (Bolt's default: the listener
  runs after the ack) posts one reply in the thread per answer, and a root message plus one question per
  `/journey start`. The targets are judged against the replying one: it is the same scenario (an answer gets a
  reply); the ack-only floor is printed beside it.

Scenarios (both servers get the same traffic; each session is a channel, a `/journey start` and answers
posted as thread messages, each on its own keep-alive connection, signed as Slack signs):

* `burst` (default): every session starts, then all sessions answer at the same moment (the burst), then
  `--rounds` more answers each at human pace (`--think` seconds ±50%).
* `staggered`: sessions start over a while and answer one after the other at human pace.

Ack = time until the HTTP response; reply = time until the fake Web API receives the bot's
chat.postMessage in that thread. CPU = user + system time of the server's processes (the parent and its
workers, from /proc) from just before the first answer until the server's work is done — every reply is in and,
for journeybot, every root message shows its session's last answer — net of what the same server uses doing
nothing over that time (measured for 5 s once it settled, before the load), divided by the answers. The roots'
rewrites are paced per workspace under chat.update's rate limit (bot/slack/pace.py), so for 50 sessions in one
workspace journeybot's window is one to three minutes (longer with more workers: they share the budget), and
an idle server is not free: its event loop ticks (~2 ms a second per process for the bare app here,
~3 ms for journeybot, whose outbox and inbox polls add the rest). Gross figures and idle rates are printed too.
Answers are checked end to end: acknowledged (HTTP 200), stored (their event id is claimed in
`processed_events`, which commits in the answer's transaction) and replied (a post arrived in the thread);
nothing may stay in the outbox. Usage:

    .venv/bin/python scripts/bench_slack.py --workers 1 2 4 \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import itertools
import multiprocessing
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from journeys.storage import normalize_url  # noqa: E402
from tests.bot.slack.fake_slack import TEAM_ID, Call, FakeSlack  # noqa: E402
from tests.bot.slack.harness import SECRET, TOKEN  # noqa: E402
from tests.bot.slack.signing import form_body, json_body, signed_headers  # noqa: E402

IDLE_SECONDS = 5.0  # how long each settled server is watched doing nothing before the load
ROOTS_TIMEOUT = 180.0  # seconds the roots may take to show the last answers (50 sessions in one workspace)
ANSWERS = [
    "次へ",
    "名前: 佐藤さん\n説明: 30代の会社員、平日は忙しい\n目標: 早く買いたい",
    "次へ",
    "次へ",
    "Instagram広告、Google検索",
    "店舗のチラシ",
    "次へ",
    "比較サイト、レビュー記事",
    "検討: 店舗での試着",
    "まとめ",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


# -- the bare app (runs in a child process) ----------------------------------------------------------------
def serve_bare(port: int, workers: int, replying: bool) -> None:
    """A bare Bolt app behind the same HTTP stack and process model as `serve`: its listeners only ack, or
    (`replying`) ack and then post what the scenario needs (Bolt's default: the listener runs after the ack)."""
    from slack_bolt import App
    from slack_sdk import WebClient

    from bot.slack.http import serve
    from bot.slack.workers import listening_sockets, serve_workers

    def build() -> App:
        client = WebClient(token=TOKEN, base_url=os.environ["SLACK_API_URL"])
        app = App(client=client, signing_secret=SECRET, token_verification_enabled=False,
                  process_before_response=not replying)

        @app.command("/journey")
        def on_command(ack: Any, command: dict[str, Any], client: WebClient) -> None:
            ack()
            if replying:
                root = client.chat_postMessage(channel=command["channel_id"],
                                               text=str(command["text"]).removeprefix("start "))
                client.chat_postMessage(channel=command["channel_id"], thread_ts=root["ts"], text="ペルソナは?")

        @app.event("message")
        def on_message(event: dict[str, Any], client: WebClient) -> None:
            if replying and event.get("thread_ts"):  # events are acked automatically
                client.chat_postMessage(channel=event["channel"], thread_ts=event["thread_ts"], text="ok")

        gc.collect()  # as `journeybot serve` does after start-up (runner._settle): without it, the first full
        gc.freeze()  # collections under load stall every request in flight for ~200 ms on this machine
        return app

    if workers > 1:
        serve_workers(build, sockets=listening_sockets(host="127.0.0.1", port=port, workers=workers),
                      workers=workers, secret=SECRET, log_level="warning")
    else:
        serve(build(), host="127.0.0.1", port=port, secret=SECRET, log_level="warning")


# -- the fake Web API (runs in a child process) ------------------------------------------------------------
def run_fake(urls: Any, posts: Any, stop: Any) -> None:
    """Child process: the fake Web API, reporting every chat.postMessage (thread, text, ts, arrival)."""
    fake = FakeSlack()

    def report(call: Call) -> None:
        if call.method == "chat.postMessage" and call.status == 200:
            posts.put((call.args.get("thread_ts"), str(call.args.get("text")), call.response.get("ts"), call.at))
        elif call.method == "chat.update" and call.status == 200:
            posts.put(("update", str(call.args.get("ts")), None, call.at))
        elif call.method.startswith("/respond/"):
            posts.put(("respond", call.method, None, call.at))

    fake.listeners.append(report)
    fake.start()
    urls.put(fake.url)
    stop.wait()
    fake.stop()


class FakeProcess:
    """The fake Web API in its own process, so that its work does not compete with the load generator."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        urls, self.posts, self.stop_event = context.Queue(), context.Queue(), context.Event()
        self.process = context.Process(target=run_fake, args=(urls, self.posts, self.stop_event), daemon=True)
        self.process.start()
        self.url: str = urls.get(timeout=30)
        self.root = self.url.removesuffix("api/")
        self.sink: Replies | None = None
        self.responses = 0  # calls to response_url seen (answers to /journey ask)
        self._ts = itertools.count(1)
        self._base = int(time.time()) + 10_000
        threading.Thread(target=self._read, daemon=True).start()

    def next_ts(self) -> str:
        return f"{self._base}.{next(self._ts):06d}"

    def _read(self) -> None:
        while True:
            thread_ts, text_, ts, at = self.posts.get()
            if thread_ts == "respond":
                self.responses += 1
            elif thread_ts == "update":
                if self.sink is not None:
                    self.sink.on_update(text_, at)
            elif self.sink is not None:
                self.sink.on_post(thread_ts, text_, ts, at)

    def stop(self) -> None:
        self.stop_event.set()
        self.process.join(timeout=10)


class Replies:
    """Turns the fake's posts into per-thread arrival times the sessions can wait on."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.roots: dict[str, asyncio.Future[str]] = {}
        self.posts: dict[str, list[float]] = defaultdict(list)
        self.changed: dict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.updated: dict[str, float] = {}  # root ts → arrival of its latest chat.update
        self.updates = 0  # chat.update calls seen

    def on_update(self, root_ts: str, at: float) -> None:  # reader thread
        self.loop.call_soon_threadsafe(self._updated, root_ts, at)

    def _updated(self, root_ts: str, at: float) -> None:
        self.updated[root_ts] = at
        self.updates += 1

    async def roots_caught_up(self, roots: list[str], timeout: float) -> float | None:
        """Wait until every root was rewritten after its thread's last reply (the summary shows every answer);
        seconds from the last reply until then, or None on timeout."""
        deadline = time.perf_counter() + timeout
        while True:
            behind = [r for r in roots if self.posts[r] and self.updated.get(r, 0.0) <= self.posts[r][-1]]
            if not behind:
                last_reply = max((self.posts[r][-1] for r in roots if self.posts[r]), default=0.0)
                return max(0.0, max((self.updated.get(r, 0.0) for r in roots), default=0.0) - last_reply)
            if time.perf_counter() > deadline:
                return None
            await asyncio.sleep(0.1)

    def expect_root(self, title: str) -> asyncio.Future[str]:
        future: asyncio.Future[str] = self.loop.create_future()
        self.roots[title] = future
        return future

    def on_post(self, thread_ts: str | None, text_: str, ts: str, at: float) -> None:  # reader thread
        if not thread_ts:
            future = self.roots.get(text_)
            if future is not None:
                self.loop.call_soon_threadsafe(lambda: future.done() or future.set_result(ts))
            return
        self.loop.call_soon_threadsafe(self._posted, str(thread_ts), at)

    def _posted(self, thread_ts: str, at: float) -> None:
        self.posts[thread_ts].append(at)
        self.changed[thread_ts].set()

    async def wait_post(self, thread_ts: str, count: int, timeout: float) -> float | None:
        """Arrival time of the thread's `count`-th post (1-based), or None on timeout."""
        deadline = time.perf_counter() + timeout
        while len(self.posts[thread_ts]) < count:
            event = self.changed[thread_ts]
            event.clear()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return None
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return None
        return self.posts[thread_ts][count - 1]


# -- the load --------------------------------------------------------------------------------------------
class Connection:
    """One keep-alive HTTP/1.1 connection, writing pre-signed requests as raw bytes: the load generator
    spends microseconds per request, so 50 requests really leave at (nearly) the same moment."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    @staticmethod
    def request(host: str, port: int, body: str, content_type: str) -> bytes:
        data = body.encode()
        headers = signed_headers(secret=SECRET, body=body, content_type=content_type)
        head = ["POST /slack/events HTTP/1.1", f"Host: {host}:{port}", f"Content-Length: {len(data)}",
                *(f"{k}: {v}" for k, v in headers.items())]
        return ("\r\n".join(head) + "\r\n\r\n").encode() + data

    async def post(self, raw: bytes) -> int:
        """Send a prepared request and read the response; its status."""
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(raw)
        status_line = await self.reader.readline()
        if not status_line:
            self.writer = None
            raise ConnectionError("closed by the server")
        length, close = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and "close" in value.lower():
                close = True
        if length:
            await self.reader.readexactly(length)
        if close:
            self.writer.close()
            self.writer = None
        return int(status_line.split()[1])

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


@dataclass
class Phase:
    acks: list[float] = field(default_factory=list)
    replies: list[float] = field(default_factory=list)


@dataclass
class Results:
    burst: Phase = field(default_factory=Phase)  # the answers sent at one moment (burst scenario)
    paced: Phase = field(default_factory=Phase)  # answers at human pace
    sent: int = 0  # answers sent
    acked: int = 0  # answers answered 200
    errors: int = 0
    missing_replies: int = 0
    event_ids: list[str] = field(default_factory=list)
    cpu: float = 0.0  # server CPU seconds from the first answer until its work was done (gross)
    window: float = 0.0  # wall seconds the CPU was counted
    idle: float = 0.0  # CPU seconds per second the same server used doing nothing, just before the load

    @property
    def net_cpu(self) -> float:
        """The CPU the answers cost: gross minus what the server would have used idle over the same time."""
        return max(0.0, self.cpu - self.idle * self.window)
    roots_lag: float | None = None  # seconds from the last reply until every root shows it (journeybot)
    root_updates: int = 0  # chat.update calls until then
    tail_cpu: float = 0.0  # CPU seconds (gross) from the last answer's reply until the roots caught up
    tail_window: float = 0.0


class Load:
    """One server's load: sessions that start, (burst) and answer at human pace."""

    def __init__(self, url: str, fake: FakeProcess, *, sessions: int, tag: str, with_replies: bool) -> None:
        self.host, port = url.removeprefix("http://").split(":")
        self.port = int(port)
        self.fake = fake
        self.sessions = sessions
        self.tag = tag
        self.replies: Replies | None = None
        self.with_replies = with_replies
        self.results = Results()
        self.roots: dict[int, str] = {}
        self.connections: dict[int, Connection] = {}

    def connection(self, n: int) -> Connection:
        return self.connections.setdefault(n, Connection(self.host, self.port))

    async def start(self, n: int) -> None:
        title = f"Bench {self.tag} {n}"
        future = self.replies.expect_root(title) if self.replies else None
        body, content_type = form_body({"team_id": TEAM_ID, "channel_id": f"C{n:08d}", "user_id": f"U{n:08d}",
                                        "command": "/journey", "text": f"start {title}", "trigger_id": f"t{n}",
                                        "response_url": f"{self.fake.root}respond/{n}"})
        status = await self.connection(n).post(Connection.request(self.host, self.port, body, content_type))
        if status != 200:
            self.results.errors += 1
        if self.replies is not None and future is not None:
            root = await asyncio.wait_for(future, 60)
            if await self.replies.wait_post(root, 1, 60) is None:  # the first question
                self.results.missing_replies += 1
            self.roots[n] = root
        else:
            self.roots[n] = self.fake.next_ts()

    def answer_request(self, n: int, i: int) -> tuple[bytes, str]:
        channel, root = f"C{n:08d}", self.roots[n]
        event_id = f"Ev{self.tag}{n}x{i}"
        body, content_type = json_body({
            "team_id": TEAM_ID, "api_app_id": "A0BENCH", "type": "event_callback", "event_id": event_id,
            "event_time": int(time.time()),
            "event": {"type": "message", "channel": channel, "user": f"U{n:08d}", "text": ANSWERS[i % len(ANSWERS)],
                      "ts": self.fake.next_ts(), "thread_ts": root, "channel_type": "channel"}})
        return Connection.request(self.host, self.port, body, content_type), event_id

    async def answer(self, n: int, raw: bytes, event_id: str, phase: Phase, go: asyncio.Event | None = None) -> None:
        root = self.roots[n]
        if go is not None:
            await go.wait()
        before = len(self.replies.posts[root]) if self.replies else 0
        self.results.sent += 1
        self.results.event_ids.append(event_id)
        sent = time.perf_counter()
        try:
            status = await self.connection(n).post(raw)
        except (OSError, ConnectionError):
            self.results.errors += 1
            return
        phase.acks.append(time.perf_counter() - sent)
        if status == 200:
            self.results.acked += 1
        else:
            self.results.errors += 1
        if self.replies is None:
            return
        arrived = await self.replies.wait_post(root, before + 1, 60)
        if arrived is None:
            self.results.missing_replies += 1
            return
        phase.replies.append(arrived - sent)
        # an answer may owe more than one message (e.g. the summary): let them all arrive before the next
        await asyncio.sleep(0.05)

    async def paced(self, n: int, first: int, count: int, think: float) -> None:
        pace = random.Random(n)
        for i in range(first, first + count):
            await asyncio.sleep(pace.uniform(0.5 * think, 1.5 * think))  # a person reading and typing
            raw, event_id = self.answer_request(n, i)
            await self.answer(n, raw, event_id, self.results.paced)

    async def staggered(self, n: int, answers: int, think: float) -> None:
        await asyncio.sleep(random.Random(n).uniform(0, 2 * think))
        await self.start(n)
        await self.paced(n, 0, answers, think)

    def close(self) -> None:
        for connection in self.connections.values():
            connection.close()


async def run_load(url: str, fake: FakeProcess, pids: list[int], *, scenario: str, sessions: int, answers: int,
                   rounds: int, with_replies: bool, tag: str, think: float, with_roots: bool = False,
                   idle: float = 0.0, answering: Callable[[], None] = lambda: None) -> Results:
    """`answering` is called once the sessions have started, before the first answer (the profiler starts).
    `with_roots`: the server rewrites each session's root message; the load ends once every root shows the
    session's last answer (refreshes are paced per workspace: bot/slack/pace.py). `idle`: the server's CPU per
    second doing nothing, measured before (see `Results.net_cpu`)."""
    load = Load(url, fake, sessions=sessions, tag=tag, with_replies=with_replies)
    load.replies = Replies(asyncio.get_running_loop()) if with_replies else None
    fake.sink = load.replies
    ns = range(1, sessions + 1)
    try:
        await load.start(0)  # warm-up session, not counted
        raw, event_id = load.answer_request(0, 0)
        await load.answer(0, raw, event_id, Phase())
        load.results = Results()
        if scenario == "burst":
            await asyncio.gather(*(load.start(n) for n in ns))
            await asyncio.sleep(1.5)  # let the starts' root refreshes pass: the burst meets a quiet server
            await asyncio.to_thread(answering)
            requests = {n: load.answer_request(n, 0) for n in ns}
            go = asyncio.Event()
            cpu, began = tree_cpu(pids), time.perf_counter()
            tasks = [asyncio.ensure_future(load.answer(n, *requests[n], load.results.burst, go)) for n in ns]
            await asyncio.sleep(0.01)  # every task is parked at the starting line
            go.set()
            await asyncio.gather(*tasks)
            await asyncio.gather(*(load.paced(n, 1, rounds, think) for n in ns))
        else:
            cpu, began = tree_cpu(pids), time.perf_counter()  # starts count here: spread among the answers
            await asyncio.gather(*(load.staggered(n, answers, think) for n in ns))
        if load.replies is not None and with_roots:  # the root refreshes are the server's work too
            tail_cpu, tail_began = tree_cpu(pids), time.perf_counter()
            roots = [load.roots[n] for n in ns]
            load.results.roots_lag = await load.replies.roots_caught_up(roots, timeout=ROOTS_TIMEOUT)
            load.results.root_updates = load.replies.updates
            load.results.tail_cpu = tree_cpu(pids) - tail_cpu
            load.results.tail_window = time.perf_counter() - tail_began
        load.results.window = time.perf_counter() - began
        load.results.cpu = tree_cpu(pids) - cpu
        load.results.idle = idle
    finally:
        load.close()
        fake.sink = None
    return load.results


# -- processes -------------------------------------------------------------------------------------------
def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError("server did not start")


def _seconds(value: float | None) -> str:
    return "never (timed out)" if value is None else f"{value:.1f} s"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc); 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it (the workers a server forked)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo.extend(int(child) for child in task.read_text().split())
    return found


def tree_cpu(pids: list[int]) -> float:
    return sum(cpu_seconds(pid) for root in pids for pid in descendants(root))


def tree_cpu_precise(pids: list[int]) -> float:
    """CPU seconds of the threads alive now, to the nanosecond (/proc/PID/task/TID/schedstat): /proc/PID/stat
    counts in 10 ms ticks, too coarse for an idle server's few milliseconds a second."""
    total = 0
    for root in pids:
        for pid in descendants(root):
            for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
                with contextlib.suppress(OSError, ValueError, IndexError):
                    total += int(stat.read_text().split()[0])
    return total / 1e9


def idle_rate(pids: list[int], seconds: float = IDLE_SECONDS) -> float:
    """CPU seconds per second the settled server uses doing nothing (event loop ticks, polls)."""
    before, started = tree_cpu_precise(pids), time.perf_counter()
    time.sleep(seconds)
    return (tree_cpu_precise(pids) - before) / (time.perf_counter() - started)


def settle(pids: list[int], *, idle: float = 0.05, timeout: float = 180) -> float:
    """Wait until the server's processes are idle (below `idle` of a core for a second): the knowledge base
    loads in the background in every worker after start-up, and the load measures the steady state."""
    started = time.perf_counter()
    before = tree_cpu(pids)
    while time.perf_counter() - started < timeout:
        time.sleep(1.0)
        now = tree_cpu(pids)
        if now - before < idle:
            break
        before = now
    return time.perf_counter() - started


def warm_knowledge(url: str, fake: FakeProcess, timeout: float = 120) -> float:
    """Ask one question and wait for the answer (one worker's knowledge base is then loaded)."""
    started = time.perf_counter()
    before = fake.responses
    body, content_type = form_body({"team_id": TEAM_ID, "channel_id": "C0WARMUP", "user_id": "U0WARMUP",
                                    "command": "/journey", "text": "ask NPSって何?", "trigger_id": "warm",
                                    "response_url": f"{fake.root}respond/warm"})
    httpx.post(f"{url}/slack/events", content=body.encode(),
               headers=signed_headers(secret=SECRET, body=body, content_type=content_type))
    while fake.responses == before and time.perf_counter() - started < timeout:
        time.sleep(0.05)
    return time.perf_counter() - started


@contextmanager
def database(base: str | None, tmp: str, workers: int) -> Iterator[str]:
    """A fresh database for one run: a new schema on `base` (PostgreSQL), else a SQLite file."""
    if base is None:
        yield f"sqlite:///{tmp}/journeys-{workers}.db"
        return
    url = normalize_url(base)
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, poolclass=NullPool)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def stored(url: str, event_ids: list[str]) -> tuple[int, int]:
    """(answers whose event id is claimed, parcels still owed in the outbox)."""
    engine = create_engine(normalize_url(url), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            claimed = sum(int(conn.execute(text("SELECT count(*) FROM processed_events WHERE event_id = :e"),
                                           {"e": e}).scalar_one()) for e in set(event_ids))
            owed = int(conn.execute(text("SELECT count(*) FROM outbox")).scalar_one())
    finally:
        engine.dispose()
    return claimed, owed


@contextmanager
def profiling(py_spy: str | None, pid: int, out: str, log: Any) -> Iterator[Callable[[], None]]:
    """With `--profile PATH-TO-PY-SPY`: sample the server's processes (on CPU only) from when the function
    this yields is called (the burst scenario calls it after the starts, before the answers) to the end of
    the load, as collapsed stacks in `out` (scripts/profile_summary.py reads them). The profiler costs CPU
    too: do not read the CPU column of a profiled run."""
    spies: list[subprocess.Popen[bytes]] = []

    def begin() -> None:
        if py_spy is not None and not spies:
            spies.append(subprocess.Popen([py_spy, "record", "--pid", str(pid), "--subprocesses", "--rate",
                                           "250", "--format", "raw", "-o", out], stdout=log, stderr=log))
            time.sleep(1.0)  # py-spy attaches

    try:
        yield begin
    finally:
        for spy in spies:
            stop(spy, interrupt=True)


def stop(process: subprocess.Popen[bytes], *, interrupt: bool = False) -> None:
    """Stop a process (SIGTERM; SIGINT for the profiler, which then writes its file) and what it left."""
    tree = descendants(process.pid)
    process.send_signal(signal.SIGINT if interrupt else signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
    for pid in tree[1:]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)


@dataclass
class Run:
    workers: int
    floor: Results  # the ack-only bare app
    bare: Results  # the replying bare app: the targets' reference
    ours: Results
    ready: float
    stored: int
    owed: int


def run_workers(args: argparse.Namespace, fake: FakeProcess, tmp: str, log: Any, workers: int) -> Run:
    load_args = {"scenario": args.scenario, "sessions": args.sessions, "answers": args.answers,
                 "rounds": args.rounds, "think": args.think}
    env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.url,
           "CHROMA_PATH": f"{tmp}/chroma", "PYTHONPATH": str(ROOT)}
    env.pop("LLM_MODEL", None)

    with database(args.database_url, tmp, workers) as url:
        port = free_port()
        journeybot = str(Path(sys.executable).with_name("journeybot"))
        command = [journeybot, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
        ours = subprocess.Popen(command, env={**env, "DATABASE_URL": url}, cwd=tmp, stderr=log)
        try:
            app_url = f"http://127.0.0.1:{port}"
            ready = wait_ready(app_url, ours)
            warm_knowledge(app_url, fake)
            settle([ours.pid])
            idle = idle_rate([ours.pid])
            with profiling(args.profile, ours.pid, f"{args.profile_out}-{workers}.txt", log) as begin:
                if args.scenario != "burst":
                    begin()
                our_results = asyncio.run(run_load(app_url, fake, [ours.pid], with_replies=True, answering=begin,
                                                   tag=f"j{workers}", with_roots=True, idle=idle, **load_args))
        finally:
            stop(ours)
        claimed, owed = stored(url, our_results.event_ids)

    # The bare apps after ours (their order does not matter: each one's CPU is its own, net of its idle use).
    bare_results: dict[bool, Results] = {}
    for replying in (False, True):
        port = free_port()
        bare = subprocess.Popen([sys.executable, __file__, "--bare-server", str(port), "--workers", str(workers)]
                                + (["--bare-replying"] if replying else []), env=env, cwd=tmp, stderr=log)
        try:
            wait_ready(f"http://127.0.0.1:{port}", bare)
            settle([bare.pid])
            idle = idle_rate([bare.pid])
            bare_results[replying] = asyncio.run(run_load(f"http://127.0.0.1:{port}", fake, [bare.pid],
                                                          with_replies=replying, tag=f"b{int(replying)}{workers}",
                                                          idle=idle, **load_args))
        finally:
            stop(bare)

    return Run(workers, bare_results[False], bare_results[True], our_results, ready, claimed, owed)


def ms(values: list[float], q: float) -> float:
    return percentile([v * 1000 for v in values], q)


def report(runs: list[Run], args: argparse.Namespace) -> None:
    phase = "burst" if args.scenario == "burst" else "paced"
    print(f"{args.scenario}: {args.sessions} sessions"
          + (f", all answering at one moment, then {args.rounds} answers each" if args.scenario == "burst"
             else f" × {args.answers} answers") + f" at human pace ({args.think:g} s ±50%); "
          f"{'PostgreSQL' if args.database_url else 'SQLite'}; {os.cpu_count()} CPUs; "
          f"load average at the end {os.getloadavg()[0]:.2f}")
    print(f"ack and reply columns: the {phase} answers; paced columns: "
          + ("the answers at human pace after the burst" if phase == "burst" else "the same answers")
          + "; CPU: server processes, all answers")
    header = (f"{'workers':>7} {'server':<10} {'ack p50':>8} {'p95':>7} {'p99':>7} {'reply p50':>9} {'p95':>7}"
              f" {'paced ack p99':>13} {'reply p95':>9} {'CPU ms/ans':>10}   sent/acked/stored/replied")
    print(header)
    for run in runs:
        for name, res in (("bare ack", run.floor), ("bare Bolt", run.bare), ("journeybot", run.ours)):
            main = getattr(res, phase)
            replies = name != "bare ack"
            line = (f"{run.workers:>7} {name:<10} {ms(main.acks, 50):>8.1f} {ms(main.acks, 95):>7.1f}"
                    f" {ms(main.acks, 99):>7.1f}")
            line += (f" {ms(main.replies, 50):>9.1f} {ms(main.replies, 95):>7.1f}" if replies
                     else f" {'-':>9} {'-':>7}")
            line += f" {ms(res.paced.acks, 99):>13.1f}"
            line += f" {ms(res.paced.replies, 95):>9.1f}" if replies else f" {'-':>9}"
            line += f" {res.net_cpu * 1000 / max(res.sent, 1):>10.1f}"
            replied = len(res.burst.replies) + len(res.paced.replies)
            stored = run.stored if name == "journeybot" else "-"
            line += (f"   {res.sent}/{res.acked}/{stored}/{replied}" if replies else f"   {res.sent}/{res.acked}/-/-")
            if res.errors or (replies and (res.missing_replies or (name == "journeybot" and run.owed))):
                line += f"  errors {res.errors}, missing replies {res.missing_replies}, still owed {run.owed}"
            print(line)
        b, o = getattr(run.bare, phase), getattr(run.ours, phase)
        cpu_b, cpu_o = run.bare.net_cpu / max(run.bare.sent, 1), run.ours.net_cpu / max(run.ours.sent, 1)
        ratio = ms(o.acks, 99) / ms(b.acks, 99)
        paced = ms(run.ours.paced.acks, 99) / ms(run.bare.paced.acks, 99)
        print(f"{run.workers:>7} {'ratio':<10} {ms(o.acks, 50) / ms(b.acks, 50):>8.1f}"
              f" {ms(o.acks, 95) / ms(b.acks, 95):>7.1f} {ratio:>7.1f} {'':>9} {'':>7} {paced:>13.1f}"
              f" {'':>9} {cpu_o / cpu_b:>10.1f}   (`serve` ready in {run.ready:.2f} s, migrating a new schema;"
              f" roots showed the last"
              f" answers {_seconds(run.ours.roots_lag)} after the last reply, {run.ours.root_updates} root rewrites)")
        gross_b, gross_o = run.bare.cpu / max(run.bare.sent, 1), run.ours.cpu / max(run.ours.sent, 1)
        print(f"{'':>7} CPU gross: journeybot {gross_o * 1000:.1f} ms per answer over {run.ours.window:.1f} s (idle"
              f" {run.ours.idle * 1000:.1f} ms/s), bare Bolt {gross_b * 1000:.1f} ms over {run.bare.window:.1f} s"
              f" (idle {run.bare.idle * 1000:.1f} ms/s); the CPU column is net of each one's idle use")
        if run.ours.tail_window:
            print(f"{'':>7} of which after the last reply, until the roots caught up: {run.ours.tail_cpu * 1000:.0f} ms"
                  f" over {run.ours.tail_window:.1f} s ({run.ours.tail_cpu / run.ours.tail_window * 1000:.1f} ms/s)")
        f, cpu_f = getattr(run.floor, phase), run.floor.net_cpu / max(run.floor.sent, 1)
        print(f"{run.workers:>7} {'ratio ack':<10} {ms(o.acks, 50) / ms(f.acks, 50):>8.1f}"
              f" {ms(o.acks, 95) / ms(f.acks, 95):>7.1f} {ms(o.acks, 99) / ms(f.acks, 99):>7.1f} {'':>9} {'':>7}"
              f" {ms(run.ours.paced.acks, 99) / ms(run.floor.paced.acks, 99):>13.1f} {'':>9} {cpu_o / cpu_f:>10.1f}"
              "   (to the ack-only floor, for information)")
        met = ratio <= 3 and ms(o.replies, 95) < 300 and cpu_o <= 3 * cpu_b
        print(f"{'':>7} target ack p99 ≤ 3× bare, reply p95 < 300 ms, CPU ≤ 3× bare: {'met' if met else 'NOT met'}")
    if len(runs) > len({run.workers for run in runs}):
        summary(runs, phase)


def ratios(run: Run, phase: str) -> tuple[float, float, float]:
    """(ack p99 ratio, reply p95 in ms, CPU ratio) of one run, against the replying bare app."""
    ours, bare = getattr(run.ours, phase), getattr(run.bare, phase)
    cpu = (run.ours.net_cpu / max(run.ours.sent, 1)) / (run.bare.net_cpu / max(run.bare.sent, 1))
    return ms(ours.acks, 99) / ms(bare.acks, 99), ms(ours.replies, 95), cpu


def summary(runs: list[Run], phase: str) -> None:
    """Single runs on a 2-core machine swing by 2× (the bare app's ack p99 too): the median of the repeats."""
    print("\nmedian of the repeats (each run against the bare app of the same repeat):")
    print(f"{'workers':>7} {'runs':>4} {'ack p99 ratio':>13} {'reply p95 ms':>12} {'CPU ratio':>9}   per run")
    for workers in sorted({run.workers for run in runs}):
        each = [ratios(run, phase) for run in runs if run.workers == workers]
        med = [statistics.median(values) for values in zip(*each, strict=True)]
        listed = ", ".join(f"{a:.1f}/{r:.0f}/{c:.1f}" for a, r, c in each)
        met = med[0] <= 3 and med[1] < 300 and med[2] <= 3
        print(f"{workers:>7} {len(each):>4} {med[0]:>13.1f} {med[1]:>12.0f} {med[2]:>9.1f}   {listed}"
              f"   {'met' if met else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["burst", "staggered"], default="burst")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--answers", type=int, default=10, help="answers per session (staggered)")
    parser.add_argument("--rounds", type=int, default=3, help="answers per session at human pace after the burst")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a person takes before the next answer")
    parser.add_argument("--workers", type=int, nargs="+", default=[1])
    parser.add_argument("--repeat", type=int, default=1,
                        help="run every worker count this many times; the summary gives the median of each ratio")
    parser.add_argument("--database-url", help="PostgreSQL URL; each run gets a fresh schema (default: SQLite)")
    parser.add_argument("--log", default=os.devnull, help="file for the servers' stderr")
    parser.add_argument("--profile", help=argparse.SUPPRESS)  # path of py-spy: record our server
    parser.add_argument("--profile-out", default="/tmp/bench-profile", help=argparse.SUPPRESS)
    parser.add_argument("--bare-server", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--bare-replying", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_server:
        serve_bare(args.bare_server, args.workers[0], args.bare_replying)
        return

    fake = FakeProcess()
    runs = []
    try:
        with tempfile.TemporaryDirectory() as tmp, open(args.log, "ab") as log:
            for _ in range(args.repeat):
                for workers in args.workers:
                    runs.append(run_workers(args, fake, tmp, log, workers))
    finally:
        fake.stop()
    report(runs, args)


if __name__ == "__main__":
    main()
