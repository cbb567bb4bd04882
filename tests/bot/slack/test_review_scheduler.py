"""Review reminders are posted once, in the session's thread, by any number of processes and restarts.

Two "processes" are two schedulers with engines of their own on one database (a SQLite file, and
PostgreSQL), run at the same moment in two threads; a restart is a third, new scheduler.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from bot.slack.client import build_web_client
from bot.slack.review_scheduler import ReviewScheduler
from journeys.events import Answer
from journeys.service import JourneyService
from journeys.storage import JourneyRepository, ReviewReminders, create_db_engine
from tests.bot.slack.fake_slack import TEAM_ID, FakeSlack
from tests.bot.slack.harness import Testbed

START = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)



def _journey_with_a_review(engine: Engine) -> str:
    """A session at review with a review scheduled for 2027-03-01, then a pain point added after it."""
    service = JourneyService(repository=JourneyRepository(engine))
    state = service.start(team_id="T1", channel_id="C1", title="EC購入体験", author="U1", at=START,
                          thread_ts="1700000000.000100").state
    for n, line in enumerate(["ペインポイントへ", "送料が高い", "レビューへ", "見直し 2027-03-01", "ペインポイントへ",
                              "配送が遅い"]):
        service.handle(journey_id=state.journey_id,
                       event=Answer(line, "U1", f"m{n}", START + timedelta(minutes=n)))
    return state.journey_id


_engines: list[Engine] = []


@pytest.fixture(autouse=True)
def _dispose_engines() -> Iterator[None]:
    yield
    while _engines:
        _engines.pop().dispose()


def _scheduler(db_url: str, fake: FakeSlack, now: datetime) -> ReviewScheduler:
    """A scheduler as another process would have it: an engine of its own on the same database."""
    engine = create_db_engine(db_url, migrate=False)
    _engines.append(engine)
    service = JourneyService(repository=JourneyRepository(engine))
    return ReviewScheduler(reminders=ReviewReminders(engine), service=service, clock=lambda: now,
                           client=build_web_client(token="xoxb-test", base_url=fake.url, backoff_factor=0.01))


def test_two_workers_post_a_due_review_once_and_a_restart_does_not_post_it_again(
        engine: Engine, db_url: str, fake: FakeSlack) -> None:
    _journey_with_a_review(engine)
    assert _scheduler(db_url, fake, datetime(2027, 2, 28, 23, 0, tzinfo=UTC)).run_once() == 0  # not yet due

    due_day = datetime(2027, 3, 1, 0, 1, tzinfo=UTC)
    workers = [_scheduler(db_url, fake, due_day) for _ in range(2)]
    barrier = threading.Barrier(2)
    posted: list[int] = []

    def run(worker: ReviewScheduler) -> None:
        barrier.wait()
        posted.append(worker.run_once())

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(posted) == [0, 1]
    [post] = fake.posts(channel="C1")
    assert post.args["thread_ts"] == "1700000000.000100"
    assert "「EC購入体験」を見直す日です" in post.args["text"] and "＋ 認知: 配送が遅い" in post.args["text"]

    restarted = _scheduler(db_url, fake, due_day + timedelta(hours=1))
    assert restarted.run_once() == 0
    assert len(fake.posts(channel="C1")) == 1


def test_a_failed_post_is_tried_again_at_the_next_check(engine: Engine, db_url: str, fake: FakeSlack) -> None:
    _journey_with_a_review(engine)
    scheduler = _scheduler(db_url, fake, datetime(2027, 3, 2, 9, 0, tzinfo=UTC))
    fake.fail_next("chat.postMessage", 200, error="channel_not_found")
    assert scheduler.run_once() == 0
    assert scheduler.run_once() == 1
    assert len([c for c in fake.calls("chat.postMessage") if c.response.get("ok")]) == 1


def test_through_the_outbox_a_reminder_owed_by_a_process_that_died_is_posted_once(slack: Testbed) -> None:
    """A reminder was marked posted before it was posted: a process killed while posting it lost it for good. Through
    the outbox it is owed first (once, under a claim of its own) and marked after; a death in between loses nothing."""
    state = slack.service.start(team_id=TEAM_ID, channel_id="C1", title="EC購入体験", author="U1", at=START,
                                thread_ts="1700000000.000100").state
    for n, line in enumerate(["レビューへ", "見直し 2027-03-01", "ペインポイントへ", "配送が遅い"]):
        slack.service.handle(journey_id=state.journey_id,
                             event=Answer(line, "U1", f"m{n}", START + timedelta(minutes=n)))
    slack.idle()
    slack.fake.clear()
    due = datetime(2027, 3, 1, 0, 1, tzinfo=UTC)
    reminders = ReviewReminders(slack.engine)
    dying = ReviewScheduler(reminders=reminders, service=slack.service, client=slack.client, clock=lambda: due,
                            delivery=slack.deps.delivery)
    # the process dies after owing, before marking the review posted
    original_claim = reminders.claim
    reminders.claim = lambda *args, **kwargs: False  # type: ignore[method-assign]
    assert dying.run_once() == 1
    reminders.claim = original_claim  # type: ignore[method-assign]
    restarted = ReviewScheduler(reminders=ReviewReminders(slack.engine), service=slack.service, client=slack.client,
                                clock=lambda: due, delivery=slack.deps.delivery)
    assert restarted.run_once() == 0  # owed already: only the mark was left
    slack.idle()
    posts = [p for p in slack.fake.posts(channel="C1") if "見直す日です" in str(p.args.get("text", ""))]
    assert len(posts) == 1 and posts[0].args["thread_ts"] == "1700000000.000100"
    assert restarted.run_once() == 0 and ReviewReminders(slack.engine).due(today=due.date()) == []
