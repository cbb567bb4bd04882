"""The one way this app builds a `WebClient`: `SLACK_API_URL` as base URL and retries on transient errors.

slack_sdk's retry handlers share one attempt counter per call (`RetryState.current_attempt`), and each
handler gives up once that counter reaches its own `max_retry_count`. With the default of 1, a 429 followed
by a 500 would fail on the 500, so every handler gets the same, larger budget.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from http.client import RemoteDisconnected
from typing import Any
from urllib.error import URLError

from slack_sdk.http_retry import HttpRequest, HttpResponse, RetryHandler, RetryState
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.jitter import Jitter

from bot.slack.team_client import TeamClient, TokenLookup

__all__ = ["MAX_RETRIES", "build_web_client", "no_blind_retry_of_posts", "retry_handlers"]

MAX_RETRIES = 4
# Calls that create something each time they run: a timed-out one may have been carried out by Slack.
NOT_IDEMPOTENT = ("chat.postMessage", "chat.postEphemeral")
_posts_checked_by_caller: ContextVar[bool] = ContextVar("journeybot_posts_checked_by_caller", default=False)


@contextmanager
def no_blind_retry_of_posts() -> Iterator[None]:
    """Inside the block a timed-out post raises instead of being sent again: the caller (the outbox
    delivery) first looks whether Slack carried it out, so a slow answer from Slack never posts twice."""
    reset = _posts_checked_by_caller.set(True)
    try:
        yield
    finally:
        _posts_checked_by_caller.reset(reset)


class ConnectionRetries(ConnectionErrorRetryHandler):
    """slack_sdk's connection-error retries, minus blind re-sends of a timed-out post where the caller
    checks for itself (`no_blind_retry_of_posts`). A refused connection is still retried: nothing was sent."""

    def _can_retry(self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                   error: Exception | None = None, **kwargs: Any) -> bool:
        if (isinstance(error, TimeoutError) and _posts_checked_by_caller.get()
                and request.url.rstrip("/").endswith(NOT_IDEMPOTENT)):
            return False
        return super()._can_retry(state=state, request=request, response=response, error=error)


class ProportionalJitter(Jitter):
    """Up to as much again as the backoff itself (slack_sdk's default adds up to a whole second to every
    wait, whatever the backoff, which would also make a short test backoff slow)."""

    def recalculate(self, duration: float) -> float:
        return duration + random.random() * duration


def retry_handlers(*, max_retries: int = MAX_RETRIES, backoff_factor: float = 0.5) -> list[RetryHandler]:
    """Retries for connection errors and timeouts, 429 (honouring Retry-After) and 500/503.

    5xx and connection errors back off exponentially (`backoff_factor` × 2^attempt, plus up to as much
    again as jitter).
    """
    interval = BackoffRetryIntervalCalculator(backoff_factor=backoff_factor, jitter=ProportionalJitter())
    return [
        ConnectionRetries(
            max_retry_count=max_retries,
            interval_calculator=interval,
            # A read timeout surfaces as a bare TimeoutError from urllib, not as a URLError.
            error_types=[URLError, ConnectionResetError, RemoteDisconnected, TimeoutError],
        ),
        RateLimitErrorRetryHandler(max_retry_count=max_retries),
        ServerErrorRetryHandler(max_retry_count=max_retries, interval_calculator=interval),
    ]


def build_web_client(*, token: str | None, base_url: str, timeout: int = 10, max_retries: int = MAX_RETRIES,
                     backoff_factor: float = 0.5, tokens: TokenLookup | None = None) -> TeamClient:
    """A WebClient for `base_url` (a trailing slash is added: slack_sdk joins method names onto it).

    It is a `TeamClient`: `token` is SLACK_BOT_TOKEN in the single-token mode; with OAuth installs it is
    None and `tokens` finds each workspace's bot token (bot.slack.team_client).
    """
    if not base_url.endswith("/"):
        base_url += "/"
    return TeamClient(token=token, base_url=base_url, timeout=timeout, tokens=tokens,
                      retry_handlers=retry_handlers(max_retries=max_retries, backoff_factor=backoff_factor))
