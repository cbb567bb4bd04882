"""What hostile requests cost `journeybot serve`: status codes, log bytes, and a valid answer's ack meanwhile.

Starts the fake Slack Web API and `journeybot serve` (SQLite in a temporary directory, stdout and stderr
to a log file whose size is reported), opens one session, then:

1. sends valid signed thread answers one after the other on a quiet server (baseline ack);
2. sends the same while `--flooders` senders post unsigned 10 MB bodies back to back (ack during a flood);
3. sends `--hostile` requests of every malformed shape (no or bad signature, stale or non-numeric
   timestamp, not UTF-8, not JSON, JSON that is not an object, nested 10,000 deep, a payload field that is
   not an object, oversized) and counts the status codes: none may be a 5xx;
4. replays one signed `/journey start` `--replays` times and counts the roots the fake received.

Usage: `.venv/bin/python scripts/bench_hostile.py [--hostile 1000] [--flooders 4] [--answers 40]`.
Figures taken while the machine is busy are noisy; the status counts and log bytes are not.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import hmac
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import httpx  # noqa: E402
from bench_slack import FakeProcess, free_port, percentile, wait_ready  # noqa: E402

from tests.bot.slack.fake_slack import TEAM_ID  # noqa: E402
from tests.bot.slack.harness import SECRET, TOKEN  # noqa: E402
from tests.bot.slack.signing import form_body, json_body, signed_headers  # noqa: E402

FLOOD_BYTES = 10 * 1024 * 1024
CHANNEL, USER = "C0HOSTILE", "U0HOSTILE"


class Posts:
    """The fake's posts: roots by text, and how many replies each thread got."""

    def __init__(self) -> None:
        self.roots: dict[str, list[str]] = collections.defaultdict(list)
        self.replies: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()

    def on_post(self, thread_ts: str | None, text: str, ts: str, at: float) -> None:
        with self.lock:
            if thread_ts:
                self.replies[str(thread_ts)] += 1
            else:
                self.roots[text].append(ts)

    def on_update(self, root_ts: str, at: float) -> None:
        """A root rewritten: not counted here (the fake's reader calls it for every chat.update)."""


def start_session(url: str, fake: FakeProcess, posts: Posts, title: str) -> str:
    body, content_type = form_body({"team_id": TEAM_ID, "channel_id": CHANNEL, "user_id": USER,
                                    "command": "/journey", "text": f"start {title}", "trigger_id": "hostile.start",
                                    "response_url": f"{fake.root}respond/start"})
    httpx.post(f"{url}/slack/events", content=body.encode(), timeout=10,
               headers=signed_headers(secret=SECRET, body=body, content_type=content_type))
    deadline = time.monotonic() + 30
    while not posts.roots.get(title):
        if time.monotonic() > deadline:
            raise RuntimeError("the session's root message never arrived")
        time.sleep(0.01)
    return posts.roots[title][0]


def answer_acks(url: str, fake: FakeProcess, root: str, n: int, tag: str) -> list[float]:
    """Signed thread answers one after the other; the ack time of each (seconds)."""
    acks = []
    with httpx.Client(base_url=url, timeout=30) as http:
        for i in range(n):
            body, content_type = json_body({
                "team_id": TEAM_ID, "api_app_id": "A0BENCH", "type": "event_callback",
                "event_id": f"Ev{tag}{i}", "event_time": int(time.time()),
                "event": {"type": "message", "channel": CHANNEL, "user": USER, "text": f"送料が高い {tag} {i}",
                          "ts": fake.next_ts(), "thread_ts": root, "channel_type": "channel"}})
            headers = signed_headers(secret=SECRET, body=body, content_type=content_type)
            started = time.perf_counter()
            response = http.post("/slack/events", content=body.encode(), headers=headers)
            acks.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise RuntimeError(f"a valid answer got HTTP {response.status_code}")
            time.sleep(0.05)
    return acks


def flood(url: str, stop: threading.Event, counts: collections.Counter[int]) -> None:
    """Unsigned 10 MB bodies, back to back, until stopped."""
    junk = b"x" * FLOOD_BYTES
    with httpx.Client(base_url=url, timeout=60) as http:
        while not stop.is_set():
            try:
                status = http.post("/slack/events", content=junk,
                                   headers={"Content-Type": "application/json"}).status_code
            except httpx.HTTPError:
                status = 0  # the server closed the connection instead of reading 10 MB: fine
            counts[status] += 1


def signed_bytes(body: bytes, content_type: str = "application/json", timestamp: str | None = None) -> dict[str, str]:
    """Slack's v0 signature over raw bytes (the body need not be text)."""
    ts = timestamp or str(int(time.time()))
    digest = hmac.new(SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def hostile_requests(n: int) -> list[tuple[str, bytes, dict[str, str]]]:
    """`n` malformed requests of rotating kinds: (kind, body, headers)."""
    event = json.dumps({"team_id": TEAM_ID, "type": "event_callback", "event_id": "EvHostile",
                        "event": {"type": "message", "channel": CHANNEL, "user": USER, "text": "x", "ts": "1.1"}})
    valid = event.encode()
    nested = ("[" * 10_000 + "]" * 10_000).encode()
    form = "application/x-www-form-urlencoded"
    kinds: list[tuple[str, bytes, dict[str, str]]] = [
        ("no signature", valid, {"Content-Type": "application/json"}),
        ("bad signature", valid, {**signed_bytes(valid), "X-Slack-Signature": "v0=" + "0" * 64}),
        ("stale timestamp", valid, signed_bytes(valid, timestamp="1000")),
        ("non-numeric timestamp", valid, signed_bytes(valid, timestamp="soon")),
        ("not UTF-8", b"\xff\xfe\x00garbage", signed_bytes(b"\xff\xfe\x00garbage")),
        ("malformed JSON", b"{not json", signed_bytes(b"{not json")),
        ("JSON not an object", b"[1, 2, 3]", signed_bytes(b"[1, 2, 3]")),
        ("nested 10,000 deep", nested, signed_bytes(nested)),
        ("payload not an object", b"payload=%5B1%5D", signed_bytes(b"payload=%5B1%5D", form)),
        ("oversized (2 MB)", b"{" + b" " * (2 * 1024 * 1024) + b"}", {"Content-Type": "application/json"}),
    ]
    return [kinds[i % len(kinds)] for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hostile", type=int, default=1000)
    parser.add_argument("--flooders", type=int, default=4)
    parser.add_argument("--answers", type=int, default=40)
    parser.add_argument("--replays", type=int, default=5)
    args = parser.parse_args()
    fake = FakeProcess()
    posts = Posts()
    fake.sink = posts  # type: ignore[assignment]  # duck-typed: the reader calls on_post
    with tempfile.TemporaryDirectory() as tmp:
        log_path = Path(tmp) / "server.log"
        env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.url,
               "DATABASE_URL": f"sqlite:///{tmp}/journeys.db", "CHROMA_PATH": f"{tmp}/chroma", "PYTHONPATH": str(ROOT)}
        env.pop("LLM_MODEL", None)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        journeybot = str(Path(sys.executable).with_name("journeybot"))
        with log_path.open("wb") as log:
            server = subprocess.Popen([journeybot, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                                      cwd=tmp, stdout=log, stderr=subprocess.STDOUT)
            try:
                wait_ready(url, server)
                root = start_session(url, fake, posts, "Hostile bench")
                answer_acks(url, fake, root, 5, "warm")  # warm-up, not counted
                log_before = log_path.stat().st_size
                quiet = answer_acks(url, fake, root, args.answers, "quiet")

                stop, flood_counts = threading.Event(), collections.Counter[int]()
                flooders = [threading.Thread(target=flood, args=(url, stop, flood_counts), daemon=True)
                            for _ in range(args.flooders)]
                for thread in flooders:
                    thread.start()
                time.sleep(0.5)
                flooded = answer_acks(url, fake, root, args.answers, "flood")
                stop.set()
                for thread in flooders:
                    thread.join(timeout=60)
                healthz = httpx.get(f"{url}/healthz", timeout=10).status_code

                statuses: dict[str, collections.Counter[int]] = collections.defaultdict(collections.Counter)
                with httpx.Client(base_url=url, timeout=30) as http:
                    for kind, body, headers in hostile_requests(args.hostile):
                        statuses[kind][http.post("/slack/events", content=body, headers=headers).status_code] += 1

                replay_body, replay_type = form_body({
                    "team_id": TEAM_ID, "channel_id": CHANNEL, "user_id": USER, "command": "/journey",
                    "text": "start Replayed start", "trigger_id": "hostile.replay",
                    "response_url": f"{fake.root}respond/replay"})
                replay_headers = signed_headers(secret=SECRET, body=replay_body, content_type=replay_type)
                replay_codes = collections.Counter(
                    httpx.post(f"{url}/slack/events", content=replay_body.encode(), headers=replay_headers,
                               timeout=10).status_code for _ in range(1 + args.replays))
                time.sleep(2)
                log_bytes = log_path.stat().st_size - log_before
                alive = server.poll() is None
            finally:
                server.terminate()
                server.wait(timeout=20)
            fake.stop()

    def ms(values: list[float], q: float) -> str:
        return f"{percentile(values, q) * 1000:.1f}"

    print(f"`journeybot serve` (SQLite) against the fake Web API, {os.cpu_count()} CPUs")
    print(f"valid answer ack, quiet:    p50 {ms(quiet, 50)} ms  p95 {ms(quiet, 95)} ms  max {max(quiet)*1000:.1f} ms"
          f"  (n={len(quiet)})")
    print(f"valid answer ack, flooded:  p50 {ms(flooded, 50)} ms  p95 {ms(flooded, 95)} ms  max {max(flooded)*1000:.1f}"
          f" ms  (n={len(flooded)}, {args.flooders} senders of unsigned 10 MB bodies; median ratio "
          f"{statistics.median(flooded) / statistics.median(quiet):.1f}×)")
    print(f"flood responses: {dict(sorted(flood_counts.items()))}  (0 = connection closed early); /healthz after: "
          f"{healthz}")
    total = collections.Counter[int]()
    print(f"{'hostile request':<24} statuses")
    for kind, counts in statuses.items():
        total.update(counts)
        print(f"{kind:<24} {dict(sorted(counts.items()))}")
    fivexx = sum(count for status, count in total.items() if status >= 500)
    print(f"{'all ' + str(sum(total.values())):<24} {dict(sorted(total.items()))}  → 5xx: {fivexx}")
    roots = len(posts.roots.get("Replayed start", []))
    print(f"signed /journey start sent {1 + args.replays}× (statuses {dict(replay_codes)}): {roots} root message(s)")
    print(f"server log grew {log_bytes:,} bytes during the flood, the hostile requests and the replays; "
          f"server alive: {alive}")
    print(json.dumps({"fivexx": fivexx, "log_bytes": log_bytes, "roots": roots}))


if __name__ == "__main__":
    main()
