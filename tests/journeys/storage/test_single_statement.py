"""A save that only adds rows is one statement on PostgreSQL, and it keeps the transaction's promises: all or
nothing, a stale version or a claim made before writes nothing, the claim spends the event's inbox entry."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, event, func, select

from journeys.state import Contribution, Item, Persona, SessionState
from journeys.steps import ItemKind, Step
from journeys.storage import AlreadyHandled, ConcurrentUpdate, JourneyRepository, Received
from journeys.storage.inbox import Inbox
from journeys.storage.outbox import OUTBOX, Lessee, Outbox
from journeys.storage.processed_events import EVENTS, ProcessedEvents
from journeys.storage.rows import CONTRIBUTIONS

T0 = datetime(2026, 4, 1, 9, 30, tzinfo=UTC)


def _journey(repository: JourneyRepository) -> SessionState:
    return repository.create(SessionState(journey_id="j1", title="t", team_id="T1", channel_id="C1",
                                          thread_ts="1.0", created_by="U1", created_at=T0, updated_at=T0))


def _persona_answer(state: SessionState, n: int) -> SessionState:
    """What the engine makes of a persona answer: a contribution, a persona item, a new `updated_at`."""
    message = f"m{n}"
    persona = Persona(name="佐藤さん", description="30代の会社員", goals=("早く買いたい",), needs=(),
                      frustrations=("送料", "😤"), behaviors=())
    item = Item(item_id=f"{message}#0", kind=ItemKind.PERSONA, text="佐藤さん: 30代の会社員", message_id=message,
                author="U1", at=T0, persona=persona)
    contribution = Contribution(message, "U1", "名前: 佐藤さん", Step.PERSONA, None, T0, author_name="佐藤")
    return replace(state, contributions=(*state.contributions, contribution), items=(*state.items, item),
                   updated_at=datetime.now(UTC))


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _count(engine: Engine, table: object) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_an_answer_with_its_claim_and_reply_is_one_statement_and_reloads_as_saved(engine: Engine) -> None:
    outbox = Outbox(engine)
    handed: list[tuple[list[str], int]] = []
    outbox.lend_to(Lessee(owner="w1", take=lambda parcels, waiting: handed.append(([p.payload for p in parcels],
                                                                                   waiting))))
    repository = JourneyRepository(engine, outbox=outbox)
    state = _journey(repository)
    with statements(engine) as seen:
        saved = repository.save(state, _persona_answer(state, 1), claim="Ev1", outbox=[("C1/1.0", "reply")])
    assert len(seen) == 1 and seen[0].startswith("WITH bump AS")
    assert repository.load("j1") == saved and saved.version == 2
    assert handed == [(["reply"], 0)]  # its thread owed nothing older: leased to this process at once
    with statements(engine) as seen:  # the next answer's reply waits behind the first, still owed
        repository.save(saved, _persona_answer(saved, 2), claim="Ev2", outbox=[("C1/1.0", "second")])
    assert len(seen) == 1 and handed[-1] == ([], 1)


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_a_stale_version_writes_nothing_not_even_the_claim(engine: Engine) -> None:
    repository = JourneyRepository(engine, outbox=Outbox(engine))
    state = _journey(repository)
    repository.save(state, _persona_answer(state, 1))
    with pytest.raises(ConcurrentUpdate):
        repository.save(state, _persona_answer(state, 2), claim="Ev2", outbox=[("C1/1.0", "lost")])
    assert (_count(engine, EVENTS), _count(engine, OUTBOX), _count(engine, CONTRIBUTIONS)) == (0, 0, 1)


@pytest.mark.parametrize("db_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
                         indirect=True)
def test_a_claim_made_before_writes_nothing(engine: Engine) -> None:
    repository = JourneyRepository(engine, outbox=Outbox(engine))
    state = _journey(repository)
    assert ProcessedEvents(engine).mark_seen("Ev1")
    with pytest.raises(AlreadyHandled):
        repository.save(state, _persona_answer(state, 1), claim="Ev1", outbox=[("C1/1.0", "twice")])
    assert repository.load("j1") == state
    assert (_count(engine, OUTBOX), _count(engine, CONTRIBUTIONS)) == (0, 0)


@pytest.mark.parametrize("db_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
                         indirect=True)
def test_claiming_an_event_spends_its_inbox_entry(engine: Engine) -> None:
    repository, inbox = JourneyRepository(engine), Inbox(engine)
    state = _journey(repository)
    for event_id in ("Ev1", "Ev2"):
        inbox.receive(Received(event_id=event_id, journey_id="j1", payload="{}"))
    repository.save(state, _persona_answer(state, 1), claim="Ev1")
    assert [entry.event_id for entry in inbox.pending("j1", max_attempts=10)] == ["Ev2"]
    repository.record(claim="Ev2", outbox=[])  # an event that changed nothing is claimed, and spent, too
    assert inbox.waiting() == 0
