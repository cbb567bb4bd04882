"""The engine factory: SQLite settings on every connection, in-memory databases, URL forms."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, text
from sqlalchemy.exc import IntegrityError

from journeys.storage import JourneyRepository, create_db_engine, normalize_url
from journeys.storage.tables import InboxEntry, table_of
from tests.journeys.storage.test_repository import rich_state


def test_sqlite_file_gets_its_directory_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'a' / 'b' / 'journeys.db'}")
    try:
        with engine.connect() as conn:
            pragma = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            }
    finally:
        engine.dispose()
    assert (tmp_path / "a" / "b" / "journeys.db").exists()
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 15_000, "synchronous": 1}


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_in_memory_sqlite_is_one_shared_migrated_database(url: str) -> None:
    engine = create_db_engine(url)
    try:
        state = JourneyRepository(engine).create(rich_state())
        assert JourneyRepository(engine).load(state.journey_id) == state  # another checkout, same data
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@h:5432/db", "postgresql+psycopg://u:p@h:5432/db"),
        ("postgresql://u@h/db?sslmode=require", "postgresql+psycopg://u@h/db?sslmode=require"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg2://u@h/db", "postgresql+psycopg2://u@h/db"),
        ("sqlite:///./data/journeys.db", "sqlite:///./data/journeys.db"),
    ],
)
def test_normalize_url(given: str, expected: str) -> None:
    assert normalize_url(given).render_as_string(hide_password=False) == expected


@pytest.mark.postgres
def test_plain_postgres_urls_work(postgres_schema: str) -> None:
    url = "postgres://" + postgres_schema.split("://", 1)[1]
    engine = create_db_engine(url)
    try:
        assert engine.dialect.driver == "psycopg"
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM journeys")).scalar() == 0
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_pooled_postgres_connection_that_died_while_idle_is_replaced_before_use(
        postgres_schema: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pinged only after sitting idle (not on every checkout), but a dead one never reaches the caller."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from journeys.storage import database

    engine = create_db_engine(postgres_schema, migrate=False)
    admin = create_engine(postgres_schema, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            first = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        with admin.begin() as conn:  # what a PostgreSQL restart does to every pooled connection
            conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        monkeypatch.setattr(database, "PING_AFTER_IDLE_S", 0.0)
        with engine.connect() as conn:
            second = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    finally:
        engine.dispose()
        admin.dispose()
    assert second != first


def test_database_errors_never_show_what_people_typed(engine: Engine) -> None:
    """Errors are logged with their tracebacks; a statement's parameters hold answers and payloads."""
    typed = "佐藤さんの電話番号は090-1234-5678"
    inbox = table_of(InboxEntry)
    row = {"event_id": "EvPRIVATE", "journey_id": "j1", "payload": typed, "received_at": datetime.now(UTC),
           "attempts": 0}
    with engine.begin() as conn:
        conn.execute(insert(inbox), row)
    with pytest.raises(IntegrityError) as error, engine.begin() as conn:
        conn.execute(insert(inbox), row)  # the same event id again
    assert typed not in str(error.value) and "090-1234-5678" not in str(error.value)
