"""Who a Slack user id is: display name, language and rights, from `users.info`, cached and bounded.

Names are needed inside the ack (decoding `<@U…>` in an answer, naming its author), so a lookup must be
cheap and can never hold the ack up: the client used here has a one-second timeout and no retries, a found
person is kept for an hour, and after a failed lookup (rate limited, Slack down) the directory answers with
the id for half a minute instead of asking again, so a message with many mentions costs one timeout at
most. One directory per app, shared by every listener.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.team_client import TeamClient

__all__ = ["People", "Person", "lookup_client"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Person:
    id: str
    name: str  # the display name Slack shows, else the real name, else the user name, else the id
    locale: str | None = None  # e.g. "ja-JP"
    is_admin: bool = False

    @property
    def language(self) -> str | None:
        """'ja' or 'en' from the Slack locale; None when unknown."""
        if not self.locale:
            return None
        return "ja" if self.locale.lower().startswith("ja") else "en"


def lookup_client(client: WebClient, *, timeout: int = 1) -> WebClient:
    """A client like `client` for lookups inside an ack: same URL and token (the request's workspace's, as
    every TeamClient's), short timeout, no retries."""
    return TeamClient(token=client.token, base_url=client.base_url, timeout=timeout, retry_handlers=[])


def _person(user_id: str, user: dict[str, Any]) -> Person:
    profile = user.get("profile") or {}
    name = (profile.get("display_name") or profile.get("real_name") or user.get("real_name")
            or user.get("name") or user_id)
    admin = bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
    return Person(id=user_id, name=str(name), locale=user.get("locale"), is_admin=admin)


class People:
    def __init__(self, client: WebClient, *, size: int = 5000, ttl: float = 3600.0, pause: float = 30.0) -> None:
        self._client = client
        self._size, self._ttl, self._pause = size, ttl, pause
        self._lock = threading.Lock()
        self._known: OrderedDict[str, tuple[float, Person]] = OrderedDict()
        self._paused_until = 0.0

    def get(self, user_id: str, *, fresh: bool = False) -> Person:
        """The person (from the cache unless `fresh`); a stand-in named by the id when Slack cannot tell."""
        if not user_id:
            return Person(id="", name="")
        now = time.monotonic()
        with self._lock:
            cached = self._known.get(user_id)
            if cached is not None and not fresh and now - cached[0] < self._ttl:
                self._known.move_to_end(user_id)
                return cached[1]
            if now < self._paused_until:
                return cached[1] if cached is not None else Person(id=user_id, name=user_id)
        try:
            user = self._client.users_info(user=user_id, include_locale=True).get("user") or {}
        except (SlackApiError, OSError) as error:
            logger.warning("users.info for %s failed (%s); names fall back to ids for %.0f s", user_id,
                           type(error).__name__, self._pause)
            with self._lock:
                self._paused_until = time.monotonic() + self._pause
            return Person(id=user_id, name=user_id)
        person = _person(user_id, user)
        with self._lock:
            self._known[user_id] = (now, person)
            self._known.move_to_end(user_id)
            while len(self._known) > self._size:
                self._known.popitem(last=False)
        return person

    def knows(self, user_id: str) -> bool:
        """Whether `get` would answer from the cache, without asking Slack."""
        with self._lock:
            cached = self._known.get(user_id)
            return cached is not None and time.monotonic() - cached[0] < self._ttl

    def name(self, user_id: str) -> str:
        return self.get(user_id).name
