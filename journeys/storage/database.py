"""The database engine factory: one place that knows SQLite's and PostgreSQL's quirks, and the schema.

`create_db_engine` is the only way the app (and the tests) get an engine, so every connection has the
same pragmas and every start-up brings the schema to the Alembic head, without an alembic.ini and from
any working directory (the migrations ship inside the package).
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.pool import StaticPool

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["SCHEMA_HEAD", "alembic_config", "create_db_engine", "normalize_url", "one_statement", "upgrade_schema"]

MIGRATIONS = "journeys.storage:migrations"
# The newest migration's revision (tests/journeys/storage/test_migrations.py checks it against Alembic's head). A
# start-up that finds the database there skips Alembic altogether: importing it and reading the migration
# scripts was a quarter of `serve`'s time to ready, paid again by every worker process.
SCHEMA_HEAD = "0008"
SQLITE_BUSY_TIMEOUT_MS = 15_000
PING_AFTER_IDLE_S = 1.0  # a pooled PostgreSQL connection idle longer than this is pinged before use
# Any constant shared by all processes; serialises concurrent start-ups migrating one PostgreSQL database.
_PG_MIGRATION_LOCK = 0x4A6F75726E6579


def normalize_url(url: str | URL) -> URL:
    """`postgres://` and `postgresql://` (as Heroku-style DATABASE_URLs come) mean psycopg 3 here."""
    if isinstance(url, str) and url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def create_db_engine(url: str | URL, *, migrate: bool = True) -> Engine:
    """An engine for `url`, with the schema upgraded to head unless `migrate` is False.

    Its errors never show a statement's parameters (`hide_parameters`): they hold what people typed, and an
    error is logged with its traceback (a failed inbox commit, an answer that could not be applied)."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(parsed)
    elif parsed.get_backend_name() == "postgresql":
        engine = _postgresql_engine(parsed)
    else:
        engine = create_engine(parsed, hide_parameters=True)
    if migrate:
        upgrade_schema(engine)
    return engine


def _postgresql_engine(url: URL) -> Engine:
    """An engine that checks a pooled connection before use only when it sat idle (PING_AFTER_IDLE_S).

    `pool_pre_ping` would cost a round trip on every checkout, four of them per answer; a connection
    checked in milliseconds ago is alive. One idle longer (a PostgreSQL restart, a proxy's idle timeout)
    is pinged, and a dead one is replaced before anyone uses it, as pre-ping would.
    """
    # LIFO: the connection just checked in is the next one out, so a quiet server keeps using one warm
    # connection (no ping) instead of rotating through the pool and pinging each one it finds idle.
    engine = create_engine(url, hide_parameters=True, pool_use_lifo=True)

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_S:
            return  # new, or just used
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # the pool replaces the connection and checks out again
            raise DisconnectionError(f"stale connection: {error}") from error

    return engine


def one_statement(engine: Engine) -> AbstractContextManager[Connection]:
    """A connection for work that is a single statement, which the database runs atomically by itself.

    On PostgreSQL it autocommits: psycopg otherwise opens a transaction with BEGIN before the statement and
    SQLAlchemy ends it with COMMIT (or ROLLBACK, for a read) — two more round trips, each paying client CPU,
    on the paths every answer and every poll takes. On SQLite a read needs no transaction either; a write
    should use a BEGIN IMMEDIATE transaction instead (see `create_db_engine`)."""
    if engine.dialect.name == "postgresql":
        return engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    return engine.connect()


def _sqlite_engine(url: URL) -> Engine:
    in_memory = url.database in (None, "", ":memory:")
    if in_memory:
        # One shared connection, or every checkout would see its own empty database.
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False},
                               hide_parameters=True)
    else:
        assert url.database is not None
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # The sqlite3 driver's own transaction handling never BEGINs before a SELECT, so a multi-query
        # read would not be a snapshot; switch it off and BEGIN ourselves (see `_begin`).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            if not in_memory:
                _use_wal(cursor)
                # In WAL mode NORMAL still survives an application crash (kill -9); only an OS crash or
                # power loss may lose the last commits. FULL would fsync on every answer.
                cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # `sqlite_begin="BEGIN IMMEDIATE"` takes the write lock up front (used by writers).
        connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))

    return engine


def _use_wal(cursor: Any) -> None:
    """Switch the file to WAL (persistent, so normally only its first connection ever does it).

    The switch needs the file to itself and fails at once with "database is locked" instead of waiting
    for the busy timeout, which happens when several processes open a new database together: retry.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            if cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal":
                return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise sqlite3.OperationalError("could not switch the database to WAL journal mode")
        time.sleep(0.01)


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic configuration built in code: packaged migrations, the connection to run them on."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    if connection is not None:
        url = connection.engine.url.render_as_string(hide_password=False)
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
        config.attributes["connection"] = connection
    return config


def upgrade_schema(engine: Engine, revision: str = "head") -> None:
    """Upgrade to `revision` in one transaction (a no-op when already there).

    Concurrent start-ups wait for each other: an advisory lock on PostgreSQL, the write lock on SQLite.
    """
    if revision == "head" and schema_revision(engine) == SCHEMA_HEAD:
        return
    from alembic import command

    options = {"sqlite_begin": "BEGIN IMMEDIATE"} if engine.dialect.name == "sqlite" else {}
    with engine.connect().execution_options(**options) as connection, connection.begin():
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        command.upgrade(alembic_config(connection), revision)


def schema_revision(engine: Engine) -> str | None:
    """The revision the database is at (Alembic's own table), or None: a new database, or several heads."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no such table yet
        return None
    return str(rows[0][0]) if len(rows) == 1 else None
