"""Alembic migrations for the journeys tables, shipped inside the package (see journeys.database)."""
