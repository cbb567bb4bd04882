"""Slack's Web API failing while a burst of replies is delivered: 429 with Retry-After, and 5xx beyond the
client's own retries, spread over the burst. Every owed reply is posted exactly once, in order per thread.

A timeout whose request Slack did carry out is not posted twice either: chat.postMessage has no idempotency
key, so the delivery does not re-send a timed-out post blindly; it looks for the post's mark first."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.slack.client import MAX_RETRIES
from knowledge.kpi_catalogue import KpiCatalogue
from tests.bot.slack.fake_slack import Call
from tests.bot.slack.faults.tally import Tally, count, token
from tests.bot.slack.faults.traffic import CHANNEL, open_sessions
from tests.bot.slack.harness import Testbed

THREADS, ANSWERS = 4, 4


@pytest.fixture
def bed(tmp_path: Path, migrated_db: Path, kpi_catalogue: KpiCatalogue) -> Iterator[Testbed]:
    """The app on SQLite with a 1-second Web API timeout."""
    shutil.copyfile(migrated_db, tmp_path / "journeys.db")
    slack = Testbed(root=tmp_path, kpis=kpi_catalogue, db_url=f"sqlite:///{tmp_path / 'journeys.db'}", web_timeout=1)
    try:
        yield slack
    finally:
        slack.close()


def _every(slack: Testbed, posts: int, faults: list[Callable[[], None]]) -> None:
    """Script the next fault after every `posts` successful chat.postMessage calls: spread over the burst."""
    faults = list(faults)
    done = [0]

    def listen(call: Call) -> None:
        if call.method == "chat.postMessage" and call.status == 200:
            done[0] += 1
            if faults and done[0] % posts == 0:
                faults.pop(0)()

    slack.fake.listeners.append(listen)


def _burst(slack: Testbed, scenario: str) -> tuple[Tally, dict[str, list[str]], dict[str, list[str]]]:
    roots = [slack.fake.next_ts() for _ in range(THREADS)]
    journeys = open_sessions(slack.service, threads=roots)
    sent: dict[str, list[str]] = {root: [] for root in roots}
    acked: list[str] = []
    for n in range(THREADS * ANSWERS):
        root = roots[n % THREADS]
        response, _ = slack.message(token(n), user="U0TANAKA1", channel=CHANNEL, thread_ts=root)
        sent[root].append(token(n))
        if response.status_code == 200:
            acked.append(token(n))
    slack.idle(timeout=30)
    stored = [c.text for j in journeys for c in slack.service.get(journey_id=j).contributions]  # type: ignore[union-attr]
    replies = {root: [c["text"] for c in slack.thread(root)] for root in roots}
    tally = count(scenario=scenario, backend="SQLite", sent=[t for texts in sent.values() for t in texts],
                  acknowledged=acked, stored=stored, replies=[text for texts in replies.values() for text in texts])
    return tally, sent, replies


def test_429_and_5xx_during_a_burst_post_every_reply_once_in_order(bed: Testbed) -> None:
    fake = bed.fake
    fake.fail_next("chat.postMessage", 429, headers={"Retry-After": "1"}, error="ratelimited")
    _every(bed, 3, [
        lambda: fake.fail_next("chat.postMessage", 500, error="internal_error"),
        lambda: [fake.fail_next("chat.postMessage", 503, error="service_unavailable")
                 for _ in range(MAX_RETRIES + 1)],  # more than the client retries: the outbox postpones the thread
        lambda: fake.fail_next("chat.postMessage", 429, headers={"Retry-After": "0"}, error="ratelimited"),
    ])
    tally, sent, replies = _burst(bed, "Web API 429/5xx")
    tally.assert_exactly_once()
    for root, texts in sent.items():  # in order per thread
        assert [t for text in replies[root] for t in texts if t in text] == texts
    statuses = [c.status for c in fake.calls("chat.postMessage")]
    assert (statuses.count(429), statuses.count(500), statuses.count(503)) == (2, 1, MAX_RETRIES + 1)


def test_a_timeout_of_a_post_that_slack_carried_out_posts_no_duplicate(bed: Testbed) -> None:
    _every(bed, 2, [lambda: bed.fake.delay_next("chat.postMessage", 1.5)])  # longer than the client waits
    _burst(bed, "Web API timeout")
    bed.fake.wait_for("chat.postMessage", 1, where=lambda c: c.delayed, timeout=5)  # Slack did post it, late
    posted = [c.args.get("text", "") for c in bed.fake.posts()]
    assert all(sum(token(n) in text for text in posted) == 1 for n in range(THREADS * ANSWERS))
