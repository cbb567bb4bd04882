"""The Alembic history and the SQLModel tables must agree, on both backends, and upgrades keep data."""

from __future__ import annotations

import io
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Engine, MetaData, String, Table, insert, inspect

from journeys.state import SessionState
from journeys.storage import JourneyRepository, alembic_config, create_db_engine, upgrade_schema
from journeys.storage import rows as row_codec
from journeys.storage.database import SCHEMA_HEAD, schema_revision
from journeys.storage.migrations import include_name
from journeys.storage.tables import metadata
from tests.journeys.storage.test_repository import rich_state

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def _differences(engine: Engine, target: object = metadata) -> list[object]:
    """What differs between the database and the journeys' tables (the Slack adapter's OAuth tables are
    compared with slack_sdk's definition in tests/bot/slack/test_oauth_tables.py)."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
        return list(compare_metadata(context, target))  # type: ignore[arg-type]


def test_migrated_schema_matches_the_models_exactly(engine: Engine) -> None:
    """Fails when tables.py changes without a migration (or a migration drifts from tables.py)."""
    assert _differences(engine) == []
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == HEAD


def test_the_comparison_would_notice_a_model_change(engine: Engine) -> None:
    changed = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["journeys"].append_column(Column("colour", String(), nullable=True))
    assert [diff[0] for diff in _differences(engine, changed)] == ["add_column"]  # type: ignore[index]


def _insert_with_old_columns(engine: Engine, state: SessionState) -> None:
    """Write `state` with only the columns the database's (older) schema has, as that version would."""
    stored = MetaData()
    stored.reflect(engine)
    rows: list[tuple[Table, dict[str, object]]] = [
        (row_codec.JOURNEYS, {"id": state.journey_id, "version": 1, **row_codec.journey_row(state)}),
        *((row_codec.STAGES, row) for row in row_codec.stage_rows(state)),
        *((row_codec.CONTRIBUTIONS, row) for row in row_codec.contribution_rows(state).values()),
        *row_codec.item_rows(state).values(),
    ]
    with engine.begin() as conn:
        for table, row in rows:  # the model's table (for its types), only the columns stored there
            old_columns = stored.tables[table.name].c
            conn.execute(insert(table).values({key: value for key, value in row.items() if key in old_columns}))


def test_upgrading_a_populated_database_again_keeps_its_data(db_url: str) -> None:
    old = create_db_engine(db_url, migrate=False)
    upgrade_schema(old, "0001")
    # What 0001 could hold: no scope, no author names (added by 0002, empty for older journeys).
    state = replace(rich_state(scope=None), version=1)
    state = state.evolve(contributions=tuple(replace(c, author_name=None) for c in state.contributions))
    _insert_with_old_columns(old, state)
    old.dispose()
    for _ in range(2):  # upgrade to head, then again: a no-op
        engine = create_db_engine(db_url)
        try:
            assert JourneyRepository(engine).load(state.journey_id) == state
            assert _differences(engine) == []
        finally:
            engine.dispose()
    engine = create_db_engine(db_url)
    try:  # and the new columns work on the upgraded database
        repository = JourneyRepository(engine)
        loaded = repository.load(state.journey_id)
        assert loaded is not None
        saved = repository.save(loaded, loaded.evolve(scope="範囲", contributions=(
            replace(loaded.contributions[0], author_name="佐藤"), *loaded.contributions[1:])))
        assert repository.load(state.journey_id) == saved
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(engine: Engine) -> None:
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade_schema(engine)
    assert _differences(engine) == []


def test_the_head_start_ups_check_for_is_alembics_head() -> None:
    assert SCHEMA_HEAD == HEAD


def test_a_start_up_at_head_leaves_alembic_alone_and_one_behind_upgrades(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    assert schema_revision(engine) == HEAD
    real_upgrade = command.upgrade
    calls: list[str] = []
    monkeypatch.setattr(command, "upgrade", lambda config, revision: calls.append(revision))
    upgrade_schema(engine)
    assert calls == []  # at head: not even a look at the migration scripts
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "-1")
    assert schema_revision(engine) != HEAD
    monkeypatch.setattr(command, "upgrade", real_upgrade)
    upgrade_schema(engine)
    assert schema_revision(engine) == HEAD and _differences(engine) == []


def test_simultaneous_start_ups_on_a_fresh_database_both_succeed(db_url: str) -> None:
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def start() -> None:
        barrier.wait()
        try:
            create_db_engine(db_url).dispose()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_runs_from_any_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    engine = create_db_engine("sqlite:///./data/journeys.db")
    try:
        assert (tmp_path / "data" / "journeys.db").exists()
        assert _differences(engine) == []
    finally:
        engine.dispose()


def test_alembic_without_a_connection_uses_the_url(tmp_path: Path) -> None:
    """The path a developer's own `command.upgrade` takes: env.py builds the engine from sqlalchemy.url."""
    url = f"sqlite:///{tmp_path / 'dev.db'}"
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", url)
    command.upgrade(config, "head")
    engine = create_db_engine(url, migrate=False)
    try:
        assert _differences(engine) == []
    finally:
        engine.dispose()


def test_offline_mode_renders_sql_for_postgresql() -> None:
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", "postgresql+psycopg://db.example/journeys")
    config.output_buffer = io.StringIO()
    command.upgrade(config, "head", sql=True)
    sql = config.output_buffer.getvalue()
    assert "CREATE TABLE journeys" in sql
    assert "CREATE UNIQUE INDEX uq_journeys_thread ON journeys (team_id, channel_id, thread_ts) WHERE" in sql
