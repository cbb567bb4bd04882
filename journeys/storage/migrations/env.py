"""Alembic environment. At run time `journeys.database.upgrade_schema` hands us an open connection in
`config.attributes["connection"]`; without one (a developer's own Alembic call) we build an engine from
`sqlalchemy.url` with the app's own factory, so SQLite gets the same pragmas.

Logging is left alone on purpose: this runs inside the app, whose logging is not ours to configure.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection
from sqlalchemy.types import TypeDecorator

from journeys.storage.migrations import include_name
from journeys.storage.tables import metadata


def _render_item(kind: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render our TypeDecorators as their plain SQLAlchemy type, so migrations never import app code."""
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl_instance!r}"
    return False


def _configure(**kwargs: Any) -> None:
    context.configure(
        target_metadata=metadata,
        include_name=include_name,
        render_as_batch=True,  # SQLite can only ALTER by copying a table; batch mode does that for us
        render_item=_render_item,
        compare_type=True,
        **kwargs,
    )


def _run(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    _configure(url=context.config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from journeys.storage.database import create_db_engine

    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url (or pass a connection in config.attributes['connection'])")
    engine = create_db_engine(url, migrate=False)
    try:
        with engine.connect() as new_connection:
            _run(new_connection)
            new_connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
