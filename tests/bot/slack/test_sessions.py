"""SlackSessions: thread → journey remembered for sessions only, the newest state kept and bounded, and
everything about a deleted journey forgotten."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from bot.slack.sessions import SlackSessions
from journeys.events import Answer
from journeys.service import JourneyNotFound, JourneyService
from journeys.storage import JourneyRepository

NOW = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def service(engine: Engine) -> JourneyService:
    return JourneyService(repository=JourneyRepository(engine))


def test_a_thread_is_found_once_linked_and_a_miss_is_not_remembered(service: JourneyService) -> None:
    sessions = SlackSessions(service)
    outcome = sessions.start(team_id="T1", channel_id="C1", title="旅", author="U1")
    journey_id = outcome.state.journey_id
    assert sessions.in_thread(team_id="T1", channel_id="C1", thread_ts="9.9") is None
    service.set_thread(journey_id=journey_id, thread_ts="9.9")  # as another process would
    assert sessions.in_thread(team_id="T1", channel_id="C1", thread_ts="9.9") == journey_id
    assert sessions.in_thread(team_id="T2", channel_id="C1", thread_ts="9.9") is None  # another workspace


def test_the_newest_state_is_kept_and_a_deleted_journey_forgotten(service: JourneyService) -> None:
    sessions = SlackSessions(service)
    journey_id = sessions.start(team_id="T1", channel_id="C1", title="旅", author="U1").state.journey_id
    sessions.attach(journey_id=journey_id, thread_ts="1.0")
    outcome = sessions.handle(journey_id=journey_id, event=Answer(text="次へ", author="U2", message_id="m1", at=NOW))
    latest = sessions.latest(journey_id)
    assert latest is not None and latest.version == outcome.state.version and latest.thread_ts == "1.0"
    assert sessions.scoped(journey_id=journey_id, team_id="T1", channel_id="C1") == latest
    assert sessions.scoped(journey_id=journey_id, team_id="T1", channel_id="C2") is None
    assert sessions.delete(journey_id) is True
    assert sessions.latest(journey_id) is None
    assert sessions.in_thread(team_id="T1", channel_id="C1", thread_ts="1.0") is None
    with pytest.raises(JourneyNotFound):
        sessions.handle(journey_id=journey_id, event=Answer(text="x", author="U2", message_id="m2", at=NOW))


def test_the_cache_is_bounded(service: JourneyService) -> None:
    sessions = SlackSessions(service, states=2, threads=2)
    ids = [sessions.start(team_id="T1", channel_id="C1", title=f"t{n}", author="U1").state.journey_id
           for n in range(3)]
    assert sessions.latest(ids[0]) is None and sessions.latest(ids[2]) is not None
    assert sessions.load(ids[0]) is not None  # still in the database
