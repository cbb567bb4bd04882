"""Benchmark of the Slack HTTP mode: ack and reply latency under 50 concurrent sessions × 10 answers.

Starts the fake Slack Web API (tests/bot/slack/fake_slack.py) in a process of its own, then two servers in
their own processes on 127.0.0.1, each behind the same HTTP stack (bot/slack/http.py):

* `journeybot serve` — the real app, wired from Settings exactly as in production (SQLite file in a
  temporary directory, SLACK_API_URL pointing at the fake);
* a bare Bolt app with the same signing secret whose listeners only ack — the floor for Bolt + HTTP.

Every session starts with a signed `/journey start` and then sends 10 thread messages, one after the
other (the next once the bot has answered the previous one, as a person would). Ack = time until the
HTTP response; reply = time until the fake Web API receives the bot's chat.postMessage for that answer.
Both servers get the same load in the same run. Usage: `.venv/bin/python scripts/bench_slack.py
[--sessions 50] [--answers 10]`.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.bot.slack.fake_slack import TEAM_ID, Call, FakeSlack  # noqa: E402
from tests.bot.slack.harness import SECRET, TOKEN  # noqa: E402
from tests.bot.slack.signing import form_body, json_body, signed_headers  # noqa: E402

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
def serve_bare(port: int) -> None:
    from slack_bolt import App
    from slack_sdk import WebClient

    from bot.slack.http import serve

    client = WebClient(token=TOKEN, base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=SECRET, token_verification_enabled=False, process_before_response=True)

    @app.command("/journey")
    def on_command(ack: Any) -> None:
        ack()

    @app.event("message")
    def on_message() -> None:
        pass  # events are acked automatically

    serve(app, host="127.0.0.1", port=port, log_level="warning")


# -- the load --------------------------------------------------------------------------------------------
@dataclass
class Results:
    acks: list[float] = field(default_factory=list)
    slow: list[tuple[float, float, str]] = field(default_factory=list)  # (ack, sent, kind)
    replies: list[float] = field(default_factory=list)
    errors: int = 0
    missing_replies: int = 0
    cpu: float = 0.0  # server CPU seconds used during the measured load


def run_fake(urls: Any, posts: Any, stop: Any) -> None:
    """Child process: the fake Web API, reporting every chat.postMessage (thread, text, ts, arrival)."""
    fake = FakeSlack()

    def report(call: Call) -> None:
        if call.method == "chat.postMessage" and call.status == 200:
            posts.put((call.args.get("thread_ts"), str(call.args.get("text")), call.response.get("ts"), call.at))
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
            thread_ts, text, ts, at = self.posts.get()
            if thread_ts == "respond":
                self.responses += 1
            elif self.sink is not None:
                self.sink.on_post(thread_ts, text, ts, at)

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
        self.lock = threading.Lock()

    def expect_root(self, title: str) -> asyncio.Future[str]:
        future: asyncio.Future[str] = self.loop.create_future()
        self.roots[title] = future
        return future

    def on_post(self, thread_ts: str | None, text: str, ts: str, at: float) -> None:  # reader thread
        if not thread_ts:
            future = self.roots.get(text)
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


async def post_signed(http: httpx.AsyncClient, body: str, content_type: str, results: Results,
                      kind: str = "answer") -> float:
    headers = signed_headers(secret=SECRET, body=body, content_type=content_type)
    started = time.perf_counter()
    try:
        response = await http.post("/slack/events", content=body.encode(), headers=headers)
    except httpx.HTTPError:
        results.errors += 1
        return started
    elapsed = time.perf_counter() - started
    results.acks.append(elapsed)
    results.slow.append((elapsed, started, kind))
    if response.status_code != 200:
        results.errors += 1
    return started


async def session(n: int, http: httpx.AsyncClient, replies: Replies | None, fake: FakeProcess, answers: int,
                  results: Results, tag: str, think: float) -> None:
    user, channel = f"U{n:08d}", f"C{n:08d}"
    title = f"Bench {tag} {n}"
    pace = random.Random(n)
    if think:
        await asyncio.sleep(pace.uniform(0, 2 * think))  # sessions start over a while, not all in one instant
    root_future = replies.expect_root(title) if replies else None
    body, content_type = form_body({"team_id": TEAM_ID, "channel_id": channel, "user_id": user,
                                    "command": "/journey", "text": f"start {title}", "trigger_id": f"t{n}",
                                    "response_url": f"{fake.root}respond/{n}"})
    await post_signed(http, body, content_type, results, "start")
    if replies and root_future:
        root = await asyncio.wait_for(root_future, 30)
        if await replies.wait_post(root, 1, 30) is None:  # the first question
            results.missing_replies += 1
    else:
        root = fake.next_ts()
    for i in range(answers):
        if think:
            await asyncio.sleep(pace.uniform(0.5 * think, 1.5 * think))  # a person reading and typing
        text = ANSWERS[i % len(ANSWERS)]
        ts = fake.next_ts()
        body, content_type = json_body({
            "team_id": TEAM_ID, "api_app_id": "A0BENCH", "type": "event_callback", "event_id": f"Ev{tag}{n}x{i}",
            "event_time": int(time.time()),
            "event": {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts,
                      "thread_ts": root, "channel_type": "channel"}})
        sent = await post_signed(http, body, content_type, results)
        if replies is None:
            continue
        arrived = await replies.wait_post(root, i + 2, 30)
        if arrived is None:
            results.missing_replies += 1
            break
        results.replies.append(arrived - sent)


async def run_load(url: str, fake: FakeProcess, *, sessions: int, answers: int, with_replies: bool,
                   tag: str, think: float) -> Results:
    loop = asyncio.get_running_loop()
    replies = Replies(loop) if with_replies else None
    fake.sink = replies
    results = Results()
    limits = httpx.Limits(max_connections=sessions + 10, max_keepalive_connections=sessions + 10)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as http:
        await session(0, http, replies, fake, answers, Results(), f"{tag}warm", 0)  # warm-up, not counted
        await asyncio.gather(*(session(n, http, replies, fake, answers, results, tag, think)
                               for n in range(1, sessions + 1)))
    fake.sink = None
    return results


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> float:
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


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def warm_knowledge(url: str, fake: FakeProcess, timeout: float = 120) -> float:
    """Ask one question and wait for the answer: the knowledge base loads in the background after start-up
    (store, notes, embedding model), and the load test measures the steady state after it."""
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


def row(name: str, results: Results, *, replies: bool) -> str:
    ms = [a * 1000 for a in results.acks]
    line = (f"{name:<22} {len(ms):>6} {statistics.median(ms):>8.1f} {percentile(ms, 99):>8.1f} {max(ms):>8.1f}"
            f" {results.errors:>6} {results.cpu * 1000 / max(len(ms), 1):>7.1f}")
    if replies:
        rs = [r * 1000 for r in results.replies]
        line += (f" {len(rs):>7} {statistics.median(rs):>9.1f} {percentile(rs, 95):>9.1f} {max(rs):>9.1f}"
                 f" {results.missing_replies:>7}")
    else:
        line += f" {'-':>7} {'-':>9} {'-':>9} {'-':>9} {'-':>7}"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--answers", type=int, default=10)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a person takes before the next answer (0: as fast as replies come)")
    parser.add_argument("--log", default=os.devnull, help="file for the servers' stderr")
    parser.add_argument("--bare-server", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_server:
        serve_bare(args.bare_server)
        return

    fake = FakeProcess()
    with tempfile.TemporaryDirectory() as tmp, open(args.log, "ab") as log:
        env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.url,
               "DATABASE_URL": f"sqlite:///{tmp}/journeys.db", "CHROMA_PATH": f"{tmp}/chroma", "PYTHONPATH": str(ROOT)}
        env.pop("LLM_MODEL", None)
        app_port, bare_port = free_port(), free_port()
        journeybot = str(Path(sys.executable).with_name("journeybot"))
        app = subprocess.Popen([journeybot, "serve", "--host", "127.0.0.1", "--port", str(app_port)], env=env,
                               cwd=tmp, stderr=log)
        bare = subprocess.Popen([sys.executable, __file__, "--bare-server", str(bare_port)], env=env, cwd=tmp,
                                stderr=log)
        try:
            app_url, bare_url = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{bare_port}"
            cold = wait_ready(app_url, app)
            wait_ready(bare_url, bare)
            first_answer = warm_knowledge(app_url, fake)
            started = time.perf_counter()
            cpu = cpu_seconds(bare.pid)
            bare_results = asyncio.run(run_load(bare_url, fake, sessions=args.sessions, answers=args.answers,
                                                with_replies=False, tag="b", think=args.think))
            bare_results.cpu = cpu_seconds(bare.pid) - cpu
            cpu = cpu_seconds(app.pid)
            app_results = asyncio.run(run_load(app_url, fake, sessions=args.sessions, answers=args.answers,
                                               with_replies=True, tag="j", think=args.think))
            time.sleep(1)  # let the last root refreshes finish: they count as the server's work
            app_results.cpu = cpu_seconds(app.pid) - cpu
            total = time.perf_counter() - started
        finally:
            for process in (app, bare):
                process.terminate()
            for process in (app, bare):
                process.wait(timeout=10)
            fake.stop()
    print(f"{args.sessions} concurrent sessions × {args.answers} answers, think time {args.think:g} s "
          f"(±50%), HTTP mode on 127.0.0.1, {os.cpu_count()} CPUs; `journeybot serve` ready in {cold:.2f} s, "
          f"first /journey ask answered after {first_answer:.1f} s more; load ran {total:.1f} s")
    print(f"{'':<22} {'acks':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6} {'cpu ms':>7} {'replies':>7}"
          f" {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} {'missing':>7}")
    print(row("bare Bolt (ack only)", bare_results, replies=False))
    print(row("journeybot serve", app_results, replies=True))
    if os.environ.get("BENCH_SLOWEST"):
        first = min(t for _, t, _ in app_results.slow)
        for ack, sent, kind in sorted(app_results.slow, reverse=True)[:12]:
            print(f"  slow ack {ack * 1000:7.1f} ms  {kind:<6} sent at +{sent - first:6.2f} s")
    ok = percentile([a * 1000 for a in app_results.acks], 99) < 100 and (
        percentile([r * 1000 for r in app_results.replies], 95) < 300)
    print(f"target p99 ack < 100 ms, reply p95 < 300 ms: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
