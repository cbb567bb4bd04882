"""The service commits an event's claim, its answer and the replies it owes together."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from journeys.events import Answer
from journeys.flow import Outcome
from journeys.service import AlreadyHandled, JourneyService
from journeys.storage import JourneyRepository, Outbox

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def _owe(outcome: Outcome) -> list[tuple[str, str]]:
    return [("C1/1.0", json.dumps({"kind": str(r.kind), "text": r.text})) for r in outcome.replies]


@pytest.fixture
def service(engine: Engine) -> JourneyService:
    return JourneyService(repository=JourneyRepository(engine))


def test_an_answer_and_its_replies_are_stored_once_whatever_the_retries(service: JourneyService,
                                                                         engine: Engine) -> None:
    journey = service.start(team_id="T1", channel_id="C1", title="初回購入", author="U1", at=T0).state
    answer = Answer(text="次へ", author="U1", message_id="m1", at=T0)
    first = service.handle(journey_id=journey.journey_id, event=answer, claim="Ev1", owe=_owe)
    owed = Outbox(engine).pending()
    assert first.changed and owed == len(first.replies) > 0
    with pytest.raises(AlreadyHandled):
        service.handle(journey_id=journey.journey_id, event=answer, claim="Ev1", owe=_owe)
    assert Outbox(engine).pending() == owed


def test_a_reply_that_changes_nothing_is_owed_too(service: JourneyService, engine: Engine) -> None:
    journey = service.start(team_id="T1", channel_id="C1", title="初回購入", author="U1", at=T0).state
    outcome = service.handle(journey_id=journey.journey_id, event=Answer(text="ヘルプ", author="U1",
                                                                       message_id="m1", at=T0),
                             claim="Ev1", owe=_owe)
    assert not outcome.changed and outcome.replies
    parcels = Outbox(engine).claim(owner="w")
    assert [json.loads(p.payload)["kind"] for p in parcels] == [str(r.kind) for r in outcome.replies]
