"""How fast `journeybot serve` is ready, and how fast it answers the first `/journey ask` after that.

Starts the fake Slack Web API (tests/bot/slack/fake_slack.py) in a process of its own (as
scripts/bench_slack.py does), then `journeybot serve` on a temporary SQLite database pointing at it
(already at the schema head, as at a restart, unless `--new-database`), and prints, per run:

* ready: seconds from process start until `GET /healthz` answers 200;
* cpu at ready: CPU seconds (user + system) the server (with `--workers N`, its processes) had used by then;
* first ask: seconds from ready until the fake receives the answer to a signed `/journey ask` sent right
  after ready (the knowledge base may still be warming in the background then);
* cpu at answer: CPU seconds the server had used once that answer arrived.

Usage: `.venv/bin/python scripts/bench_serve.py [--runs 3] [--question "NPSって何?"]`. Figures taken while
the machine is busy are noisy: compare CPU seconds and runs of the same invocation.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import httpx  # noqa: E402
from bench_slack import FakeProcess, free_port, tree_cpu  # noqa: E402

from journeys.storage import create_db_engine  # noqa: E402
from tests.bot.slack.fake_slack import TEAM_ID  # noqa: E402
from tests.bot.slack.harness import SECRET, TOKEN  # noqa: E402
from tests.bot.slack.signing import form_body, signed_headers  # noqa: E402


def wait_ready(url: str, process: subprocess.Popen[bytes], started: float, timeout: float = 60) -> float:
    """Seconds from `started` until /healthz answers 200 (polled every 10 ms)."""
    with httpx.Client(timeout=1) as http:
        while time.perf_counter() - started < timeout:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            try:
                if http.get(f"{url}/healthz").status_code == 200:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.01)
    raise RuntimeError("server did not start")


def first_ask(url: str, fake: FakeProcess, question: str, timeout: float = 60) -> tuple[float, int]:
    """Send `/journey ask <question>` and wait for its answer at the response_url: (seconds, HTTP status)."""
    before = fake.responses
    body, content_type = form_body({"team_id": TEAM_ID, "channel_id": "C0BENCH01", "user_id": "U0BENCH01",
                                    "command": "/journey", "text": f"ask {question}", "trigger_id": "bench.1",
                                    "response_url": f"{fake.root}respond/bench"})
    started = time.perf_counter()
    status = httpx.post(f"{url}/slack/events", content=body.encode(), timeout=10,
                        headers=signed_headers(secret=SECRET, body=body, content_type=content_type)).status_code
    while fake.responses == before:
        if time.perf_counter() - started > timeout:
            return float("inf"), status
        time.sleep(0.005)
    return time.perf_counter() - started, status


def one_run(fake: FakeProcess, question: str, log: object, workers: int = 1,
            migrated: bool = True) -> tuple[float, float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.url,
               "DATABASE_URL": f"sqlite:///{tmp}/journeys.db", "CHROMA_PATH": f"{tmp}/chroma",
               "PYTHONPATH": str(ROOT)}
        env.pop("LLM_MODEL", None)
        if migrated:  # a restart, the usual start: the database is already at the schema head
            create_db_engine(env["DATABASE_URL"]).dispose()
        port = free_port()
        journeybot = str(Path(sys.executable).with_name("journeybot"))
        started = time.perf_counter()
        server = subprocess.Popen([journeybot, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers",
                                   str(workers)], env=env, cwd=tmp, stderr=log)  # type: ignore[arg-type]
        try:
            url = f"http://127.0.0.1:{port}"
            ready = wait_ready(url, server, started)
            cpu_ready = tree_cpu([server.pid])
            answered, status = first_ask(url, fake, question)
            if status != 200:
                raise RuntimeError(f"/journey ask answered HTTP {status}")
            cpu_answer = tree_cpu([server.pid])
        finally:
            server.terminate()
            server.wait(timeout=10)
    return ready, cpu_ready, answered, cpu_answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--question", default="NPSって何?")
    parser.add_argument("--workers", type=int, default=1, help="`serve --workers N` (on SQLite: start-up only)")
    parser.add_argument("--new-database", action="store_true",
                        help="start on an empty database (the first start: the schema is created) instead of a restart")
    parser.add_argument("--log", default=os.devnull, help="file for the server's stderr")
    args = parser.parse_args()
    fake = FakeProcess()
    rows = []
    try:
        with open(args.log, "ab") as log:
            for _ in range(args.runs):
                rows.append(one_run(fake, args.question, log, workers=args.workers, migrated=not args.new_database))
    finally:
        fake.stop()
    start = "a new database" if args.new_database else "a database at the schema head (a restart)"
    print(f"`journeybot serve --workers {args.workers}` on SQLite ({start}) against the fake Web API,"
          f" {os.cpu_count()} CPUs,"
          f" {args.runs} runs (CPU: the parent and its workers)")
    print(f"{'run':>4} {'ready s':>8} {'cpu@ready s':>12} {'first ask s':>12} {'cpu@answer s':>13}")
    for n, (ready, cpu_ready, answered, cpu_answer) in enumerate(rows, start=1):
        print(f"{n:>4} {ready:>8.2f} {cpu_ready:>12.2f} {answered:>12.2f} {cpu_answer:>13.2f}")
    median = [statistics.median(column) for column in zip(*rows, strict=True)]
    print(f"{'med':>4} {median[0]:>8.2f} {median[1]:>12.2f} {median[2]:>12.2f} {median[3]:>13.2f}")
    ok = median[0] < 2 and median[2] < 2
    print(f"target ready < 2 s and first ask < 2 s after ready: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
