"""Benchmark: CPU of one answer (engine + save) as a session grows, on SQLite or PostgreSQL.

A save writes only the rows that differ, but it used to *build* the rows of every item and contribution of
both states to find them, so an answer cost more the longer the session: 1.9 ms of CPU at the start, 13 ms
at 400 items. Now rows are built only for what is not the very same object at the same position in both
states (journeys/storage/rows.changed_positions). This prints CPU per answer (this thread only, median of a
window of answers) at several session lengths, and its ratio to the first window. Usage:

    .venv/bin/python scripts/bench_long_session.py [--items 400] [--database-url postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from journeys.events import Answer
from journeys.service import JourneyService
from journeys.state import SessionState
from journeys.storage import JourneyRepository, create_db_engine
from scripts.bench_slack import database

WINDOW = 20  # answers per measurement


def answer(service: JourneyService, state: SessionState, text: str, message: str) -> SessionState:
    event = Answer(text=text, author="U0SATO", message_id=message, at=datetime.now(UTC))
    return service.handle(journey_id=state.journey_id, event=event, current=state).state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=400, help="touchpoints added, one per answer")
    parser.add_argument("--database-url", help="default: a SQLite file in a temporary directory")
    args = parser.parse_args()
    with database(args.database_url, tempfile.mkdtemp(), 1) as url:
        engine = create_db_engine(url)
        try:
            measure(JourneyService(repository=JourneyRepository(engine)), items=args.items)
        finally:
            engine.dispose()


def measure(service: JourneyService, *, items: int) -> None:
    state = service.start(team_id="T0BENCH", channel_id="C0BENCH", title="長いセッション", author="U0SATO",
                          at=datetime.now(UTC), thread_ts=f"{time.time():.6f}").state
    for n, text in enumerate(["次へ", "名前: 佐藤さん", "次へ", "次へ"]):  # to the touchpoints step
        state = answer(service, state, text, f"setup-{n}")
    marks = sorted({WINDOW, 50, 100, 200, items} - {0})
    print(f"{'items':>6} {'contributions':>13} {'CPU ms/answer':>14} {'ratio':>6}")
    first: float | None = None
    window: list[float] = []
    for n in range(1, items + 1):
        started = time.thread_time()
        state = answer(service, state, f"タッチポイント{n}", f"m-{n}")
        window = [*window[-(WINDOW - 1):], time.thread_time() - started]
        if n in marks:
            cpu = statistics.median(window) * 1000
            first = first or cpu
            print(f"{len(state.items):>6} {len(state.contributions):>13} {cpu:>14.2f} {cpu / first:>6.2f}")


if __name__ == "__main__":
    main()
