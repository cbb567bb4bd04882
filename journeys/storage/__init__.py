"""Storage of sessions: SQLModel tables, Alembic migrations, the engine factory, the repository.

The engine (`journeys.flow`) never sees a row; the repository turns a `SessionState` into rows
(`rows`) and back, and writes only what changed.
"""

from journeys.storage.database import alembic_config, create_db_engine, normalize_url, upgrade_schema
from journeys.storage.inbox import Entry, Inbox, Received
from journeys.storage.outbox import Outbox, Parcel
from journeys.storage.processed_events import ProcessedEvents
from journeys.storage.reminders import DueReview, ReviewReminders
from journeys.storage.repository import AlreadyHandled, ConcurrentUpdate, JourneyRepository

__all__ = [
    "AlreadyHandled",
    "ConcurrentUpdate",
    "DueReview",
    "Entry",
    "Inbox",
    "JourneyRepository",
    "Outbox",
    "Parcel",
    "ProcessedEvents",
    "Received",
    "ReviewReminders",
    "alembic_config",
    "create_db_engine",
    "normalize_url",
    "upgrade_schema",
]
