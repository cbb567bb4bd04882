"""The outbox on SQLite and PostgreSQL: owed messages commit with the answer, and are delivered once each,
in order per destination, by whichever process claims them — also when claimers race or one dies."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from journeys.state import Contribution, SessionState
from journeys.steps import Step
from journeys.storage import AlreadyHandled, JourneyRepository, Outbox

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _journey(repository: JourneyRepository) -> SessionState:
    return repository.create(SessionState(journey_id="j1", title="t", team_id="T1", channel_id="C1", thread_ts=None,
                                          created_by="U1", created_at=T0, updated_at=T0, language="ja"))


def _answered(state: SessionState, message_id: str) -> SessionState:
    contribution = Contribution(message_id, "U1", "答え", Step.SCOPE, None, T0)
    return replace(state, contributions=(*state.contributions, contribution))


def test_replies_owed_commit_with_the_answer_and_the_event_claim(repository: JourneyRepository,
                                                                  engine: Engine) -> None:
    outbox = Outbox(engine)
    state = _journey(repository)
    saved = repository.save(state, _answered(state, "m1"), claim="Ev1", outbox=[("C1/1.0", "a"), ("C1/1.0", "b")])
    assert outbox.pending() == 2
    with pytest.raises(AlreadyHandled):  # the retry of Ev1: nothing of it is written
        repository.save(saved, _answered(saved, "m2"), claim="Ev1", outbox=[("C1/1.0", "c")])
    assert outbox.pending() == 2
    assert [c.message_id for c in repository.load("j1").contributions] == ["m1"]  # type: ignore[union-attr]
    repository.record(claim="Ev2", outbox=[("C1/1.0", "help")])
    with pytest.raises(AlreadyHandled):
        repository.record(claim="Ev2", outbox=[("C1/1.0", "help")])
    assert [p.payload for p in outbox.claim(owner="w1")] == ["a", "b", "help"]


def test_a_failed_save_owes_nothing(repository: JourneyRepository, engine: Engine) -> None:
    state = _journey(repository)
    repository.save(state, _answered(state, "m1"))
    from journeys.storage import ConcurrentUpdate

    with pytest.raises(ConcurrentUpdate):  # saved from a stale version
        repository.save(state, _answered(state, "m9"), claim="Ev9", outbox=[("C1/1.0", "never")])
    assert Outbox(engine).pending() == 0
    repository.record(claim="Ev9", outbox=[])  # and the claim was rolled back with it: a retry may still win


def test_one_claimer_per_destination_and_order_within_it(engine: Engine) -> None:
    outbox = Outbox(engine)
    outbox.add([("A", "a1"), ("B", "b1"), ("A", "a2")])
    first = outbox.claim(owner="w1", destinations=1)
    assert [p.payload for p in first] == ["a1", "a2"]
    outbox.add([("A", "a3")])
    second = outbox.claim(owner="w2")
    assert [p.payload for p in second] == ["b1"]  # A is w1's until its lease ends: a3 must not overtake
    for parcel in first:
        outbox.delivered(parcel)
    assert [p.payload for p in outbox.claim(owner="w2")] == ["b1", "a3"]


def test_a_dead_claimer_s_lease_runs_out_and_another_delivers(engine: Engine) -> None:
    now = [T0]
    outbox = Outbox(engine, lease=timedelta(seconds=30), clock=lambda: now[0])
    outbox.add([("A", "a1")])
    assert [p.payload for p in outbox.claim(owner="dead")] == ["a1"]
    assert outbox.claim(owner="w2") == []
    now[0] = T0 + timedelta(seconds=31)
    assert [p.payload for p in outbox.claim(owner="w2")] == ["a1"]


def test_a_postponed_parcel_keeps_its_place_and_holds_its_destination(engine: Engine) -> None:
    now = [T0]
    outbox = Outbox(engine, clock=lambda: now[0])
    outbox.add([("A", "a1"), ("A", "a2"), ("B", "b1")])
    a1, _a2, b1 = outbox.claim(owner="w1")
    outbox.delivered(b1)
    outbox.postpone(a1, delay=timedelta(seconds=5))
    assert outbox.claim(owner="w2") == []  # a2 waits behind a1
    now[0] = T0 + timedelta(seconds=6)
    again = outbox.claim(owner="w2")
    assert [(p.payload, p.attempts) for p in again] == [("a1", 1), ("a2", 0)]


def test_racing_claimers_deliver_every_parcel_once_in_order(engine: Engine) -> None:
    outbox = Outbox(engine)
    destinations = [f"thread-{n}" for n in range(6)]
    outbox.add([(d, f"{d}:{i}") for i in range(8) for d in destinations])
    delivered: list[tuple[str, str]] = []
    lock = threading.Lock()

    def worker(name: str) -> None:
        idle = 0
        while idle < 3:
            parcels = outbox.claim(owner=name, destinations=2)
            idle = 0 if parcels else idle + 1
            for parcel in parcels:
                with lock:
                    delivered.append((parcel.destination, parcel.payload))
                outbox.delivered(parcel)

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(p for _, p in delivered) == sorted(f"{d}:{i}" for i in range(8) for d in destinations)
    for d in destinations:  # each thread reads in order
        assert [p for dest, p in delivered if dest == d] == [f"{d}:{i}" for i in range(8)]
    assert outbox.pending() == 0


def test_a_save_hands_its_parcels_to_this_process_only_when_their_thread_owes_nothing_older(
        repository: JourneyRepository, engine: Engine) -> None:
    """Written leased to the lessee (handed in memory) or unleased (waiting for a claim): one parcel per save
    takes the INSERT's own check, several take the check made before any is written; both agree."""
    from journeys.storage.outbox import Lessee

    outbox = Outbox(engine)
    taken: list[tuple[list[str], int]] = []
    outbox.lend_to(Lessee(owner="w1", take=lambda handed, waiting: taken.append(([p.payload for p in handed],
                                                                                  waiting))))
    mine = JourneyRepository(engine, outbox=outbox)
    state = _journey(repository)
    state = mine.save(state, _answered(state, "m1"), outbox=[("C1/1.0", "a")])
    state = mine.save(state, _answered(state, "m2"), outbox=[("C1/1.0", "b"), ("C1/1.0", "c")])  # a owed first
    state = mine.save(state, _answered(state, "m3"), outbox=[("C1/2.0", "d"), ("C1/2.0", "e")])
    state = mine.save(state, _answered(state, "m4"), outbox=[("C1/2.0", "f")])  # d and e still owed
    assert taken == [(["a"], 0), ([], 2), (["d", "e"], 0), ([], 1)]
    # what was handed is leased to the hand-off's name: the lessee's own claim leaves it alone
    assert [p.payload for p in outbox.claim(owner="w2")] == []


def test_delivered_ids_deletes_and_tells_whether_their_destinations_still_owe(engine: Engine) -> None:
    """The answer decides whether the deliverer claims at once what waited behind the posted parcels."""
    outbox = Outbox(engine)
    outbox.add([("C1/1.0", "a1"), ("C1/1.0", "a2"), ("C1/2.0", "b1"), ("C1/3.0", "c1")])
    a1, _a2 = outbox.claim(owner="w1", destinations=1)
    b1, c1 = outbox.claim(owner="w2", destinations=2)
    assert outbox.delivered_ids([a1.id]) is True  # a2 still owed in its thread
    assert outbox.delivered_ids([b1.id, c1.id]) is False  # both threads now owe nothing
    assert outbox.delivered_ids([]) is False
    assert outbox.pending() == 1
