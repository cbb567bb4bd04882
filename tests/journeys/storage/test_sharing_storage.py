"""Votes, scheduled reviews and pain-point touchpoints in SQL (both backends), and the reminder claim."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import Engine, func, select

from journeys.state import Review, SessionState, Vote
from journeys.steps import ItemKind
from journeys.storage import JourneyRepository, ReviewReminders, create_db_engine
from journeys.storage.shared_rows import REVIEWS, VOTES
from tests.journeys.storage.test_repository import at, rich_state

NOW = datetime(2026, 4, 2, 0, 5, tzinfo=UTC)


def shared_state() -> SessionState:
    state = rich_state()
    items = tuple(replace(i, touchpoint="カート画面") if i.kind is ItemKind.PAIN_POINT else i for i in state.items)
    pain = next(i for i in items if i.kind is ItemKind.PAIN_POINT)
    opportunity = next(i for i in items if i.kind is ItemKind.OPPORTUNITY)
    return state.evolve(
        items=items,
        votes=(Vote(pain.item_id, "U1", at(10), "佐藤"), Vote(opportunity.item_id, "U1", at(11)),
               Vote(pain.item_id, "U2", at(12), "鈴木 🐟")),
        reviews=(Review("m9", date(2026, 4, 1), "U1", at(13)),),
    )


def test_votes_reviews_and_touchpoints_round_trip(repository: JourneyRepository) -> None:
    state = shared_state()
    created = repository.create(state)
    assert repository.load(state.journey_id) == created
    pain = next(i for i in state.items if i.kind is ItemKind.PAIN_POINT)
    assert created.vote_count(pain.item_id) == 2 and created.voters(pain.item_id) == ("U1", "U2")

    # Take a vote back, add one, schedule another review: only what changed is written.
    changed = created.evolve(votes=(*created.votes[1:], Vote(pain.item_id, "U3", at(14))),
                             reviews=(*created.reviews, Review("m10", date(2026, 7, 1), "U2", at(15))))
    saved = repository.save(created, changed)
    assert repository.load(state.journey_id) == saved
    assert repository.save(saved, saved.evolve(votes=(), reviews=())).votes == ()
    assert repository.load(state.journey_id).votes == ()  # type: ignore[union-attr]


def test_a_review_keeps_the_snapshot_of_the_day_it_was_scheduled(repository: JourneyRepository,
                                                                  engine: Engine) -> None:
    state = repository.create(shared_state())
    later = repository.save(state, state.evolve(items=state.items[:3]))  # the map shrinks afterwards
    assert later.reviews == state.reviews
    [due] = ReviewReminders(engine).due(today=date(2026, 4, 1))
    assert due.review_id == "m9" and due.channel_id == state.channel_id
    assert ["", "送料が高い\n二行目"][1] in [text for _, text in due.snapshot["lanes"]["pain_point"]]
    assert ReviewReminders(engine).due(today=date(2026, 3, 31)) == []


def test_two_processes_claim_a_due_review_once_and_a_restart_does_not_repost(engine: Engine, db_url: str) -> None:
    state = JourneyRepository(engine).create(shared_state())
    workers = [ReviewReminders(create_db_engine(db_url, migrate=False)) for _ in range(2)]
    wins: list[bool] = []
    barrier = threading.Barrier(len(workers))

    def work(reminders: ReviewReminders) -> None:
        [due] = reminders.due(today=NOW.date())
        barrier.wait()
        wins.append(reminders.claim(due, now=NOW))

    threads = [threading.Thread(target=work, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(wins) == [False, True]
    restarted = ReviewReminders(create_db_engine(db_url, migrate=False))
    assert restarted.due(today=NOW.date()) == []
    assert restarted.posted_at(journey_id=state.journey_id, review_id="m9") == NOW
    for reminders in (*workers, restarted):
        reminders.dispose()


def test_a_released_claim_is_due_again(engine: Engine) -> None:
    JourneyRepository(engine).create(shared_state())
    reminders = ReviewReminders(engine)
    [due] = reminders.due(today=NOW.date())
    assert reminders.claim(due, now=NOW)
    reminders.release(due, claimed_at=NOW)
    assert reminders.due(today=NOW.date()) == [due]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(VOTES)).scalar_one() == 3
        assert conn.execute(select(func.count()).select_from(REVIEWS)).scalar_one() == 1
