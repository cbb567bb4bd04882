"""One `WebClient` for every workspace: each call carries the bot token of the workspace it works for.

With OAuth installs each workspace has its own bot token, but the listeners, the worker, the outbox
delivery and the review scheduler all post through the one client they were built with (`Deps.client`).
Rather than threading a client through every call, the token travels with the work: a Bolt middleware
binds the token Bolt's authorize found for the request (`use_token`), the worker runs each task in the
context it was submitted from, and work that starts outside a request (a parcel from the outbox, a due
review) binds its journey's workspace with `acting_for`. `TeamClient.token` reads that binding; unbound,
it is the client's own token, so the single-token mode (SLACK_BOT_TOKEN) is exactly what it was.

A workspace with no installation (uninstalled, or its token revoked) binds *no* token: its calls go out
unauthenticated and Slack answers `not_authed`, instead of quietly using some other workspace's token.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from typing import Any

from slack_sdk import WebClient

from bot.slack.keep_alive import KeepAliveWebClient

__all__ = ["TeamClient", "TokenLookup", "acting_for", "bind_token", "not_installed", "use_token"]

TokenLookup = Callable[[str], str | None]  # team id -> that workspace's bot token, None when not installed

_NO_TOKEN = ""  # bound for a workspace without an installation: slack_sdk then sends no Authorization
_bound: ContextVar[str | None] = ContextVar("journeybot_bot_token", default=None)


def not_installed() -> bool:
    """True inside `acting_for` a workspace that has no installation (it uninstalled the app)."""
    return _bound.get() == _NO_TOKEN


@contextmanager
def bind_token(token: str | None) -> Iterator[None]:
    """Calls of any TeamClient inside the block use `token` (None or empty: deliberately none)."""
    reset = _bound.set(token or _NO_TOKEN)
    try:
        yield
    finally:
        _bound.reset(reset)


def use_token(token: str | None) -> None:
    """Bind `token` for the rest of the current context: a request that Bolt dispatches in a context of its
    own (bot.slack.oauth.RequestScopedApp), where the binding ends with the request."""
    _bound.set(token or _NO_TOKEN)


class TeamClient(KeepAliveWebClient):
    """A WebClient whose token is the one bound in the current context, else its own; its calls reuse
    kept-alive connections (bot.slack.keep_alive).

    `tokens` finds a workspace's bot token for `acting_for` (the installation store); without it (the
    single-token mode) `acting_for` changes nothing.
    """

    def __init__(self, *, tokens: TokenLookup | None = None, **kwargs: Any) -> None:
        self._own_token: str | None = None
        self.tokens = tokens
        super().__init__(**kwargs)

    @property
    def token(self) -> str | None:
        bound = _bound.get()
        return self._own_token if bound is None else bound

    @token.setter
    def token(self, value: str | None) -> None:
        self._own_token = value

    def acting_for(self, team_id: str | None) -> AbstractContextManager[None]:
        """Calls inside the block use `team_id`'s bot token, looked up now (one indexed read)."""
        if self.tokens is None or not team_id:
            return nullcontext()
        return bind_token(self.tokens(team_id))


def acting_for(client: WebClient, team_id: str | None) -> AbstractContextManager[None]:
    """`client.acting_for(team_id)` for a TeamClient; nothing for any other client (e.g. a test's)."""
    if isinstance(client, TeamClient):
        return client.acting_for(team_id)
    return nullcontext()
