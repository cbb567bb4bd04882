"""The door of HTTP mode: what a request must be before Bolt, or anything else, reads it.

Bolt parses a body before it checks the signature, and logs the body of every request it rejects. An
unsigned sender could therefore make us parse (and log) megabytes per request, and a malformed body
that Bolt's parser chokes on became a 500 with a traceback. Here the order is reversed and every step is
cheap and total: size first (413), then the signature over the raw bytes (401), then the shape of the
body (400); only then may Bolt parse it. A signed request that was already served — the same signature,
so the same timestamp and body — is a replay: it is acknowledged and not dispatched again. Only a served
request counts: Slack retries a 5xx at once with a fresh timestamp, often the same second and so the same
signature, and that retry must get through (the HTTP layer `forget`s the signature of a failed request).

Only `POST /slack/events` comes here. The OAuth install pages (GET `/slack/install` and
`/slack/oauth_redirect`, bot/slack/http.py) are opened by a browser, which cannot sign: they are routes of
their own that read no body, and the redirect is checked by its single-use `state` instead.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import parse_qsl

__all__ = ["MAX_BODY_BYTES", "MAX_CLOCK_SKEW", "RecentSignatures", "ReplayGuard", "Verdict", "check"]

MAX_BODY_BYTES = 1 << 20  # Slack's largest payloads (a modal's state) are a few hundred KB at most
MAX_CLOCK_SKEW = 5 * 60  # seconds: Slack's documented window for a request timestamp


@dataclass(frozen=True)
class Verdict:
    """The HTTP status to answer with, and whether Bolt gets the request (`dispatch`)."""

    status: int
    reason: str = ""
    dispatch: bool = False


ADMIT = Verdict(200, dispatch=True)


class ReplayGuard(Protocol):
    """Remembers which signatures were already served; True the first time a signature is seen."""

    def first_time(self, signature: str) -> bool: ...

    def forget(self, signature: str) -> None:
        """The request was not served after all (it failed): its retry must be admitted."""
        ...


class RecentSignatures:
    """A ReplayGuard in process memory: signatures of the last `MAX_CLOCK_SKEW` seconds, bounded.

    An older signature cannot be replayed anyway (its timestamp fails the window), so nothing older needs
    to be kept. With several processes each keeps its own; a shared guard goes in the database.
    """

    def __init__(self, *, size: int = 100_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._size = size
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, signature: str) -> bool:
        now = self._clock()
        with self._lock:
            while self._seen and (now - next(iter(self._seen.values())) > MAX_CLOCK_SKEW
                                  or len(self._seen) >= self._size):
                self._seen.popitem(last=False)
            if signature in self._seen:
                return False
            self._seen[signature] = now
            return True

    def forget(self, signature: str) -> None:
        with self._lock:
            self._seen.pop(signature, None)


def _signature_ok(*, secret: str, body: bytes, timestamp: str, signature: str, now: float) -> bool:
    if not timestamp.isascii() or not timestamp.isdigit() or abs(now - int(timestamp)) > MAX_CLOCK_SKEW:
        return False
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))


def _is_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except (ValueError, RecursionError):
        return False


def _shape_ok(text: str, content_type: str) -> bool:
    """The body parses the way Bolt will parse it, into an object (an Events API JSON body, a slash
    command's form, or interactivity's `payload=<json object>`)."""
    if not text:
        return False
    if content_type == "application/json" or text.startswith("{"):
        return _is_object(text)
    fields = parse_qsl(text, keep_blank_values=True)
    if "payload" in text:
        payload = dict(fields).get("payload")
        return payload is None or _is_object(payload)
    return bool(fields)


def check(*, body: bytes, headers: Mapping[str, str], secret: str | None, replays: ReplayGuard | None,
          now: float | None = None) -> Verdict:
    """The verdict on one request; total (never raises), whatever the bytes. `headers` keys are lower-case.

    `secret=None` (Socket Mode never comes here; tests of the shape alone) skips the signature check.
    """
    if len(body) > MAX_BODY_BYTES:
        return Verdict(413, "body too large")
    signature = headers.get("x-slack-signature", "")
    if secret is not None:
        timestamp = headers.get("x-slack-request-timestamp", "")
        if not _signature_ok(secret=secret, body=body, timestamp=timestamp, signature=signature,
                             now=time.time() if now is None else now):
            return Verdict(401, "invalid signature")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Verdict(400, "body is not UTF-8")
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if not _shape_ok(text, content_type):
        return Verdict(400, "malformed body")
    if replays is not None and secret is not None and not replays.first_time(signature):
        return Verdict(200, "replayed request")  # acknowledged, not acted on again
    return ADMIT
