"""Shared fixtures. `db_url` runs a test once per storage backend: a SQLite file and PostgreSQL.

PostgreSQL comes from TEST_DATABASE_URL (default: the local server). Each test gets its own schema (via
the connection's search_path), so tests are isolated and can run against a shared database. If the
server is down the PostgreSQL half is skipped, except under CI=true, where a skipped backend would hide
a broken one, so it fails.
"""

from __future__ import annotations

import io
import os

# As bot/cli.py does for the app: before any test module can load an OpenMP runtime (they spin by default,
# and four test workers on two cores made one embedding cost seconds; one run took 188 s instead of 55 s).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
# numpy's OpenBLAS likewise: its threads spin between calls, and four test workers on two cores each with a
# thread per core made the KPI look-up's one matrix-vector product (2,600 × 384) cost ~8 ms of CPU instead of
# ~0.1 ms (tests/knowledge/test_kpi_unheld.py: 59 → 38 s of CPU). The workers are the parallelism here; the
# product's results do not change (each row's dot product is computed whole by one thread either way).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from journeys.storage import JourneyRepository, create_db_engine, normalize_url
from journeys.storage.database import alembic_config, upgrade_schema
from knowledge.embedding import E5Embeddings
from tests.cached_vectors import (
    CACHE_FILE,
    RECORD_ENV,
    CachedEngine,
    CachedVectors,
    Stats,
    VectorFile,
    live_model,
)

DEFAULT_TEST_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def postgres_url() -> URL:
    """The PostgreSQL server's URL, checked once per session."""
    url = normalize_url(os.environ.get("TEST_DATABASE_URL") or DEFAULT_TEST_DATABASE_URL)
    probe = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 3})
    try:
        with probe.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as error:
        where = url.render_as_string(hide_password=True)
        message = f"PostgreSQL not reachable at {where}: start it or set TEST_DATABASE_URL ({error.orig})"
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    finally:
        probe.dispose()
    return url


def postgres_schema_url(base: URL, schema: str) -> str:
    """A URL whose connections use `schema` first (libpq `options`), as a string for create_db_engine.

    Commits do not wait for the WAL flush (`synchronous_commit=off`): ~6 ms less per commit here. Only a
    crash of the PostgreSQL server itself could lose those commits, which no test does; a test process
    killed with -9 still finds every commit it saw succeed.
    """
    options = f"-csearch_path={schema} -csynchronous_commit=off"
    return base.update_query_dict({"options": options}).render_as_string(hide_password=False)


@pytest.fixture
def postgres_schema(postgres_url: URL) -> Iterator[str]:
    """A fresh, empty schema for one test (dropped afterwards); yields its URL."""
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(postgres_url, poolclass=NullPool)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield postgres_schema_url(postgres_url, schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend (the schema is not created: `engine` does that)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'journeys.db'}"
    url: str = request.getfixturevalue("postgres_schema")
    return url


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head; tests copy it instead of running the migrations again."""
    path = tmp_path_factory.mktemp("migrated-db") / "journeys.db"
    create_db_engine(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture(scope="session")
def postgres_migration_sql() -> str:
    """The migrations, base to head, as one PostgreSQL script (Alembic's offline mode), made once.

    Running it is one round trip instead of Alembic's ~0.4 s per schema; it is the same DDL the
    migrations emit, and `engine` still runs `upgrade_schema` afterwards, which must find it at head.
    """
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", "postgresql+psycopg://")
    config.output_buffer = io.StringIO()
    command.upgrade(config, "head", sql=True)
    script: str = config.output_buffer.getvalue()
    return "\n".join(line for line in script.splitlines() if line.strip() not in ("BEGIN;", "COMMIT;"))


@pytest.fixture
def engine(db_url: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An engine on `db_url`, migrated to head, disposed after the test."""
    if db_url.startswith("sqlite:///"):
        target = Path(db_url.removeprefix("sqlite:///"))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(request.getfixturevalue("migrated_db"), target)
        engine = create_db_engine(db_url)
    else:
        engine = create_db_engine(db_url, migrate=False)
        with engine.begin() as connection:
            connection.exec_driver_sql(request.getfixturevalue("postgres_migration_sql"))
        upgrade_schema(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def repository(engine: Engine) -> JourneyRepository:
    return JourneyRepository(engine)


# ----- the model's vectors of the tests' own texts, read from tests/cached_vectors.npz (see that module) -----
_VECTOR_STATS = Stats()
_counting = [True]  # False while a hypothesis test runs: its texts are generated anew each run


@pytest.fixture(scope="session", autouse=True)
def cached_vectors() -> Iterator[CachedVectors]:
    """Every E5Embeddings of the test session reads the committed vectors of the texts it is asked to embed and
    runs the real model only for the others (its `load()` still loads the real model, as it promises)."""
    record = os.environ.get(RECORD_ENV)
    cache, model = VectorFile.load(CACHE_FILE), live_model()
    original = E5Embeddings._engine

    def engine(self: E5Embeddings) -> Any:
        cached = self.__dict__.get("_cached_engine")
        if cached is None:
            cached = CachedEngine(cache, model, lambda: original(self), _VECTOR_STATS,
                                  record_to=Path(record) if record else None, counting=lambda: _counting[0])
            self.__dict__["_cached_engine"] = cached
        return cached

    def load(self: E5Embeddings) -> None:
        with self._lock:
            engine(self)._real()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(E5Embeddings, "_engine", engine)
        patch.setattr(E5Embeddings, "load", load)
        yield CachedVectors(cache, model, _VECTOR_STATS, lambda: original(E5Embeddings()))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    _counting[0] = not getattr(getattr(item, "obj", None), "is_hypothesis_test", False)


def pytest_sessionfinish(session: pytest.Session) -> None:
    output = getattr(session.config, "workeroutput", None)  # a pytest-xdist worker: report to the controller
    if output is not None:
        output["cached_vectors"] = [_VECTOR_STATS.hits, _VECTOR_STATS.misses, _VECTOR_STATS.missed]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    hits, misses, missed = getattr(node, "workeroutput", {}).get("cached_vectors", (0, 0, []))
    _VECTOR_STATS.hits += hits
    _VECTOR_STATS.misses += misses
    _VECTOR_STATS.missed.extend(missed[: max(0, 5 - len(_VECTOR_STATS.missed))])


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say when tests' texts went to the model, so that a slower suite is not a mystery."""
    if _VECTOR_STATS.misses and not os.environ.get(RECORD_ENV):
        terminalreporter.write_line(
            f"{_VECTOR_STATS.misses} texts were embedded by the model, not read from {CACHE_FILE.name} "
            f"(e.g. {_VECTOR_STATS.missed[:3]}): `make test-vectors` adds them"
        )
