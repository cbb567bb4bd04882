"""Sign requests the way Slack does (v0 HMAC-SHA256 over "v0:{timestamp}:{body}").

Written from Slack's documentation rather than by calling the SDK, so the verifier under test is
checked against an independent implementation.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import urlencode


def signature(*, secret: str, timestamp: str, body: str) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    *, secret: str, body: str, content_type: str, timestamp: int | None = None, retry_num: int | None = None
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature(secret=secret, timestamp=ts, body=body),
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return headers


def json_body(payload: dict[str, Any]) -> tuple[str, str]:
    """(body, content type) of an Events API request."""
    return json.dumps(payload, ensure_ascii=False), "application/json"


def form_body(fields: dict[str, str]) -> tuple[str, str]:
    """(body, content type) of a slash command request."""
    return urlencode(fields), "application/x-www-form-urlencoded"


def payload_body(payload: dict[str, Any]) -> tuple[str, str]:
    """(body, content type) of an interactivity request: `payload=<json>` form-encoded."""
    return urlencode({"payload": json.dumps(payload, ensure_ascii=False)}), "application/x-www-form-urlencoded"
