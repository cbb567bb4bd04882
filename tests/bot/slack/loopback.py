"""httpx clients for the servers that tests start on loopback, all sharing one TLS context.

httpx builds a TLS context for every Client it makes, reading the whole CA bundle (~55 ms of CPU), even when
the client only ever speaks plain HTTP to 127.0.0.1, as here. The helpers that open a client per request (a
new connection per attempt, as Slack's retries do; a new connection per health probe, to reach another
worker) paid that on every request: ~3 % of the suite's CPU. Built once, the context serves them all; each
client still opens its own connections.
"""

from __future__ import annotations

import functools
import ssl
from typing import Any

import httpx

__all__ = ["client"]


@functools.cache
def _tls() -> ssl.SSLContext:
    return httpx.create_ssl_context()


def client(**kwargs: Any) -> httpx.Client:
    """An httpx.Client (any of its arguments but `verify`) with the shared TLS context."""
    return httpx.Client(verify=_tls(), **kwargs)
