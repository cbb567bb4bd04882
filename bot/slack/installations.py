"""Where OAuth installs live: slack_sdk's SQLAlchemy installation and state stores, on the journeys' database.

The tables (`slack_installations`, `slack_bots`, `slack_oauth_states`) are slack_sdk's own layout, created
by the Alembic migration 0006 like every other table, so `create_db_engine` brings them along on SQLite and
PostgreSQL and `tests/bot/slack/test_oauth_tables.py` keeps the migration equal to slack_sdk's definition.
They are Slack's concept, so the stores live here, in the adapter; the journeys never refer to them.

Two refinements over the stock stores:
- `consume` of a state is one `DELETE … WHERE state = :s AND expire_at > now` and succeeds only if that
  removed the row. The stock SELECT-then-DELETE lets two callbacks racing with one state both succeed on
  PostgreSQL; here exactly one does, whichever worker it reaches. Expired states are swept on `issue`.
- With SLACK_STATE_SECRET a state is `<random>.<HMAC>`: a forged one is refused before any query.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, MetaData, and_, delete, desc, select

__all__ = ["SLACK_TABLES", "InstallationStore", "Installs", "StateStore", "slack_metadata"]

logger = logging.getLogger(__name__)

SLACK_TABLES = frozenset({"slack_installations", "slack_bots", "slack_oauth_states"})
STATE_LIFETIME = 600  # seconds from /slack/install to the redirect back (Bolt's default)


def _utc_now() -> datetime:
    """Naive UTC, as slack_sdk stores its DateTime columns (slack_sdk.oauth.sqlalchemy_utils)."""
    return datetime.now(UTC).replace(tzinfo=None)


class InstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's store, plus the one question the bot asks outside a request: a workspace's bot token."""

    def bot_token(self, team_id: str) -> str | None:
        """The newest bot token of `team_id` (a workspace install; org-wide installs are not offered)."""
        c = self.bots.c
        query = (select(c.bot_token).where(and_(c.client_id == self.client_id, c.team_id == team_id,
                                                c.bot_token.is_not(None)))
                 .order_by(desc(c.installed_at)).limit(1))
        with self.engine.connect() as conn:
            token = conn.execute(query).scalar_one_or_none()
        return str(token) if token else None


class StateStore(SQLAlchemyOAuthStateStore):
    """OAuth `state` values in the database, so an install begun on one worker can finish on another."""

    def __init__(self, *, engine: Engine, expiration_seconds: int = STATE_LIFETIME, secret: str | None = None) -> None:
        super().__init__(expiration_seconds=expiration_seconds, engine=engine, logger=logger)
        self._secret = secret.encode() if secret else None

    def _sign(self, nonce: str) -> str:
        assert self._secret is not None
        return hmac.new(self._secret, nonce.encode(), hashlib.sha256).hexdigest()[:32]

    def _genuine(self, state: str) -> bool:
        if self._secret is None:
            return True
        nonce, _, mac = state.rpartition(".")
        return bool(nonce) and hmac.compare_digest(self._sign(nonce).encode(), mac.encode("utf-8", "replace"))

    def issue(self, *args: object, **kwargs: object) -> str:
        nonce = secrets.token_urlsafe(24)
        state = f"{nonce}.{self._sign(nonce)}" if self._secret is not None else nonce
        now = _utc_now()
        table = self.oauth_states
        with self.engine.begin() as conn:
            conn.execute(delete(table).where(table.c.expire_at <= now))  # abandoned installs
            conn.execute(table.insert(), {"state": state,
                                          "expire_at": now + timedelta(seconds=self.expiration_seconds)})
        return state

    def consume(self, state: str) -> bool:
        """True exactly once per issued, unexpired state, across every process on the database."""
        if not state or len(state) > 200 or not self._genuine(state):
            return False
        table = self.oauth_states
        try:
            with self.engine.begin() as conn:
                removed = conn.execute(delete(table).where(table.c.state == state, table.c.expire_at > _utc_now()))
                return removed.rowcount == 1
        except Exception:
            logger.exception("Checking an OAuth state failed; refusing it")
            return False


def slack_metadata() -> MetaData:
    """The three tables as slack_sdk defines them (for the migration's drift test)."""
    metadata = MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations")
    SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots")
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states")
    return metadata


@dataclass(frozen=True)
class Installs:
    """Both stores on one engine: what `build_app` needs to run Bolt's OAuth flow."""

    installations: InstallationStore
    states: StateStore

    @classmethod
    def on(cls, engine: Engine, *, client_id: str, state_secret: str | None = None) -> Installs:
        return cls(installations=InstallationStore(client_id=client_id, engine=engine, logger=logger),
                   states=StateStore(engine=engine, secret=state_secret))
