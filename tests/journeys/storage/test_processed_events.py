"""The processed-events ledger: a retried delivery is recognised, also by a restarted process."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from journeys.storage import ProcessedEvents, create_db_engine


def test_an_event_is_seen_once_across_restarts(engine: Engine, db_url: str) -> None:
    events = ProcessedEvents(engine)
    assert events.mark_seen("Ev1") is True
    assert events.mark_seen("Ev1") is False
    assert events.mark_seen("Ev2") is True
    restarted = create_db_engine(db_url)
    try:
        assert ProcessedEvents(restarted).mark_seen("Ev1") is False
    finally:
        restarted.dispose()
    assert events.forget(before=datetime.now(UTC) + timedelta(seconds=1)) == 2
    assert events.mark_seen("Ev1") is True
