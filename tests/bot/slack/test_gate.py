"""Hostile requests at the HTTP door: size, signature, shape and replays are judged before Bolt reads a
byte, and no such request is ever a 500, dispatched, or logged with its body."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult
from starlette.testclient import TestClient

from bot.slack.gate import MAX_BODY_BYTES, RecentSignatures, check
from bot.slack.http import EVENTS_PATH, asgi_app
from tests.bot.slack.signing import signature, signed_headers

SECRET = "gate-secret-0123456789abcdef"


def _headers(body: bytes, *, content_type: str = "application/json", timestamp: str | None = None,
             secret: str = SECRET) -> dict[str, str]:
    ts = timestamp if timestamp is not None else str(int(time.time()))
    return {
        "content-type": content_type,
        "x-slack-request-timestamp": ts,
        "x-slack-signature": signature(secret=secret, timestamp=ts, body=body.decode("utf-8", "surrogateescape")),
    }


def _signed(body: bytes, **kwargs: str) -> dict[str, str]:
    """Signature over the raw bytes, whatever they are (the HMAC does not care about UTF-8)."""
    import hashlib
    import hmac

    ts = kwargs.get("timestamp", str(int(time.time())))
    mac = hmac.new(SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"content-type": kwargs.get("content_type", "application/json"),
            "x-slack-request-timestamp": ts, "x-slack-signature": "v0=" + mac}


EVENT = json.dumps({"type": "event_callback", "team_id": "T1", "event_id": "Ev1",
                    "event": {"type": "app_mention", "text": "hi", "user": "U1", "channel": "C1", "ts": "1.0"}})

DEEP = b'{"a": ' * 5000 + b"1" + b"}" * 5000


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        (EVENT.encode(), lambda: {"content-type": "application/json"}, 401),  # unsigned
        (EVENT.encode(), lambda: _headers(EVENT.encode(), secret="another-secret"), 401),
        (EVENT.encode(), lambda: _headers(EVENT.encode(), timestamp="yesterday"), 401),  # non-numeric timestamp
        (EVENT.encode(), lambda: _headers(EVENT.encode(), timestamp="１２３"), 401),  # full-width digits
        (EVENT.encode(), lambda: _headers(EVENT.encode(), timestamp=str(int(time.time()) - 3600)), 401),  # stale
        (b"{not json", lambda: _signed(b"{not json"), 400),
        (b"[1, 2, 3]", lambda: _signed(b"[1, 2, 3]"), 400),  # JSON, but not an object
        (DEEP, lambda: _signed(DEEP), 400),  # too deep
        (b"\x82\xa0\x82\xa2", lambda: _signed(b"\x82\xa0\x82\xa2"), 400),  # Shift_JIS bytes
        (b"payload=%5B1%5D",
         lambda: _signed(b"payload=%5B1%5D", content_type="application/x-www-form-urlencoded"), 400),
        (b"", lambda: _signed(b""), 400),
        (EVENT.encode(), lambda: _headers(EVENT.encode()), 200),
    ],
)
def test_each_request_gets_its_verdict(body: bytes, headers: Callable[[], dict[str, str]], status: int) -> None:
    # (headers are signed when the test runs, not when it is collected: on a busy machine a suite can take longer
    # than Slack's five-minute window, and a signature made at collection would then be refused as stale)
    verdict = check(body=body, headers=headers(), secret=SECRET, replays=None)
    assert verdict.status == status
    assert verdict.dispatch is (status == 200)


def test_a_body_over_the_cap_is_refused_before_anything_else() -> None:
    body = b"x" * (MAX_BODY_BYTES + 1)
    assert check(body=body, headers={}, secret=SECRET, replays=None).status == 413


def test_the_same_signed_request_is_acted_on_once() -> None:
    body = urlencode({"command": "/journey", "text": "start 旅", "team_id": "T1"})
    headers = _headers(body.encode(), content_type="application/x-www-form-urlencoded")
    guard = RecentSignatures()
    first = check(body=body.encode(), headers=headers, secret=SECRET, replays=guard)
    again = check(body=body.encode(), headers=headers, secret=SECRET, replays=guard)
    assert (first.status, first.dispatch) == (200, True)
    assert (again.status, again.dispatch) == (200, False)


def test_remembered_signatures_expire_with_the_window_and_stay_bounded() -> None:
    now = [0.0]
    guard = RecentSignatures(size=3, clock=lambda: now[0])
    assert guard.first_time("a") and not guard.first_time("a")
    now[0] = 301.0
    assert guard.first_time("a")  # older than the timestamp window: it could not pass the signature check
    for name in "bcdef":
        guard.first_time(name)
    assert guard.first_time("b")  # pushed out by newer ones (bounded memory)


@settings(max_examples=100, deadline=None)
@given(body=st.binary(max_size=2000), timestamp=st.text(max_size=20), content_type=st.text(max_size=40))
def test_check_is_total_on_any_bytes(body: bytes, timestamp: str, content_type: str) -> None:
    headers = {"content-type": content_type, "x-slack-request-timestamp": timestamp,
               "x-slack-signature": _signed(body, timestamp=timestamp)["x-slack-signature"]}
    verdict = check(body=body, headers=headers, secret=SECRET, replays=RecentSignatures())
    assert verdict.status in (200, 400, 401)


@settings(max_examples=80, deadline=None)
@given(payload=st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                            lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=4),
                            max_leaves=20))
def test_signed_json_of_any_shape_is_admitted_only_as_an_object(payload: object) -> None:
    body = json.dumps(payload).encode()
    verdict = check(body=body, headers=_signed(body), secret=SECRET, replays=None)
    assert verdict.status == (200 if isinstance(payload, dict) else 400)


# -- the ASGI app ----------------------------------------------------------------------------------------

@pytest.fixture
def served() -> Iterator[tuple[TestClient, list[str]]]:
    """A bare Bolt app (no Web API needed: `authorize` answers locally) behind our ASGI door."""
    seen: list[str] = []
    app = App(signing_secret=SECRET, process_before_response=True, raise_error_for_unhandled_request=False,
              authorize=lambda **_: AuthorizeResult(enterprise_id=None, team_id="T1", bot_user_id="UBOT",
                                                     bot_id="BBOT", bot_token="xoxb-test"))

    @app.command("/journey")
    def journey(ack, command) -> None:  # type: ignore[no-untyped-def]
        seen.append(command["text"])
        ack()

    @app.event("app_mention")
    def mention(event) -> None:  # type: ignore[no-untyped-def]
        seen.append(event["text"])

    with TestClient(asgi_app(app, secret=SECRET)) as client:
        yield client, seen


def test_hostile_requests_are_never_a_500_and_never_dispatched(
        served: tuple[TestClient, list[str]], caplog: pytest.LogCaptureFixture) -> None:
    client, seen = served
    marker = "SECRET-BODY-MARKER"
    hostile = [
        (("x" * (MAX_BODY_BYTES + 10) + marker).encode(), {"content-type": "application/json"}),
        ((EVENT + marker).encode(), {"content-type": "application/json"}),
        (b"\xff\xfe" + marker.encode(), _signed(b"\xff\xfe" + marker.encode())),
        (b"[\"" + marker.encode() + b"\"]", _signed(b"[\"" + marker.encode() + b"\"]")),
        (b"{" + marker.encode(), _signed(b"{" + marker.encode())),
    ]
    with caplog.at_level(logging.DEBUG):
        statuses = [client.post(EVENTS_PATH, content=body, headers=headers).status_code for body, headers in hostile]
    assert statuses == [413, 401, 400, 400, 400]
    assert seen == []
    assert marker not in caplog.text


def test_a_replayed_slash_command_starts_one_journey(served: tuple[TestClient, list[str]]) -> None:
    client, seen = served
    body = urlencode({"command": "/journey", "text": "start 旅", "team_id": "T1", "user_id": "U1",
                      "channel_id": "C1", "trigger_id": "1.2.3", "response_url": "http://127.0.0.1:9/r"})
    headers = signed_headers(secret=SECRET, body=body, content_type="application/x-www-form-urlencoded")
    statuses = [client.post(EVENTS_PATH, content=body.encode(), headers=headers).status_code for _ in range(5)]
    assert statuses == [200] * 5
    assert seen == ["start 旅"]


def test_a_valid_event_still_goes_through(served: tuple[TestClient, list[str]]) -> None:
    client, seen = served
    headers = signed_headers(secret=SECRET, body=EVENT, content_type="application/json")
    assert client.post(EVENTS_PATH, content=EVENT.encode(), headers=headers).status_code == 200
    assert seen == ["hi"]


def test_a_request_that_failed_is_admitted_again_when_slack_retries_it_in_the_same_second() -> None:
    """Slack retries a 5xx at once, with a new timestamp that may well be the same second: the same signature.
    A request that was not acknowledged was not served, so the replay guard must not swallow its retry."""
    calls: list[str] = []
    app = App(signing_secret=SECRET, process_before_response=True, raise_error_for_unhandled_request=False,
              authorize=lambda **_: AuthorizeResult(enterprise_id=None, team_id="T1", bot_user_id="UBOT",
                                                     bot_id="BBOT", bot_token="xoxb-test"))

    @app.event("app_mention")
    def mention(event) -> None:  # type: ignore[no-untyped-def]
        calls.append(event["text"])
        if len(calls) == 1:
            raise RuntimeError("the database is down")

    headers = signed_headers(secret=SECRET, body=EVENT, content_type="application/json", timestamp=int(time.time()))
    with TestClient(asgi_app(app, secret=SECRET)) as client:
        first = client.post(EVENTS_PATH, content=EVENT.encode(), headers=headers).status_code
        retried = client.post(EVENTS_PATH, content=EVENT.encode(), headers={**headers, "X-Slack-Retry-Num": "1"})
        replayed = client.post(EVENTS_PATH, content=EVENT.encode(), headers=headers).status_code
    assert (first, retried.status_code, replayed) == (500, 200, 200)
    assert calls == ["hi", "hi"]  # the retry was acted on; the replay of a served request was not
