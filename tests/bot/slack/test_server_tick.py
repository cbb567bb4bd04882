"""The HTTP server's housekeeping tick (bot/slack/http.py): once a second while idle, and a stop is prompt."""

from __future__ import annotations

import time

import httpx
import pytest
from slack_bolt import App

from tests.bot.slack.harness import SECRET, start_server


def test_an_idle_server_ticks_once_a_second_answers_with_a_date_and_stops_at_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    app = App(signing_secret=SECRET, token="xoxb-test", token_verification_enabled=False)
    server, thread, url = start_server(app)
    ticks: list[float] = []
    real_tick = server.on_tick

    async def counted(counter: int) -> bool:
        ticks.append(time.monotonic())
        return await real_tick(counter)

    monkeypatch.setattr(server, "on_tick", counted)
    time.sleep(2.2)
    assert 1 <= len(ticks) <= 3  # uvicorn's own loop would have ticked about 22 times
    response = httpx.get(f"{url}/healthz", timeout=5)
    assert response.status_code == 200 and response.headers["date"].endswith("GMT")
    stopping = time.monotonic()
    server.should_exit = True  # from another thread, as the tests and a signal handler do
    thread.join(timeout=5)
    assert not thread.is_alive() and time.monotonic() - stopping < 0.9
