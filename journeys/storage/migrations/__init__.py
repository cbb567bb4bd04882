"""Alembic migrations for the journeys tables, shipped inside the package (see journeys.storage.database)."""
