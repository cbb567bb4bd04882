"""Web API calls reuse one connection per thread, and a connection that failed or went stale is never reused."""

from __future__ import annotations

import os
import threading

import pytest

from bot.slack.client import build_web_client
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.harness import TOKEN


def test_calls_of_a_thread_share_one_connection(fake: FakeSlack) -> None:
    client = build_web_client(token=TOKEN, base_url=fake.url)
    for n in range(20):
        assert client.chat_postMessage(channel="C1", text=f"reply {n}")["message"]["text"] == f"reply {n}"
    assert fake.connections == 1


def test_each_thread_has_its_own_connection(fake: FakeSlack) -> None:
    client = build_web_client(token=TOKEN, base_url=fake.url)
    errors: list[BaseException] = []

    def post(n: int) -> None:
        try:
            for i in range(10):
                assert client.chat_postMessage(channel="C1", text=f"{n}.{i}")["message"]["text"] == f"{n}.{i}"
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert fake.connections == 4
    assert len(fake.calls("chat.postMessage")) == 40


def test_a_connection_the_server_closed_while_idle_is_replaced_without_a_retry(fake: FakeSlack) -> None:
    client = build_web_client(token=TOKEN, base_url=fake.url, max_retries=0)  # a retry would hide the bug
    client.chat_postMessage(channel="C1", text="first")
    fake.drop_connections()
    assert client.chat_postMessage(channel="C1", text="second")["message"]["text"] == "second"
    assert [c.args["text"] for c in fake.calls("chat.postMessage")] == ["first", "second"]
    assert fake.connections == 2


def test_a_late_answer_to_a_timed_out_call_is_never_read_as_the_next_calls_answer(fake: FakeSlack) -> None:
    client = build_web_client(token=TOKEN, base_url=fake.url, timeout=1, max_retries=0)
    fake.delay_next("chat.postMessage", 1.3)
    with pytest.raises(TimeoutError):
        client.chat_postMessage(channel="C1", text="slow")
    assert client.chat_postMessage(channel="C1", text="next")["message"]["text"] == "next"
    assert fake.connections == 2


def test_an_error_answer_keeps_its_status_headers_and_body_for_the_retry_handlers(fake: FakeSlack) -> None:
    client = build_web_client(token=TOKEN, base_url=fake.url, backoff_factor=0.01)
    fake.fail_next("chat.update", 429, headers={"Retry-After": "0"}, error="ratelimited")
    fake.fail_next("chat.update", 500, error="internal_error")
    assert client.chat_update(channel="C1", ts="1.0", text="x")["ok"] is True
    assert [c.status for c in fake.calls("chat.update")] == [429, 500, 200]
    assert fake.connections == 1  # an error answer does not spoil the connection


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_opens_its_own_connection(fake: FakeSlack) -> None:
    client = build_web_client(token=TOKEN, base_url=fake.url, max_retries=0)
    client.chat_postMessage(channel="C1", text="parent")
    pid = os.fork()
    if pid == 0:  # the child: a reply on the parent's socket would be read by whichever process reads first
        ok = client.chat_postMessage(channel="C1", text="child")["message"]["text"] == "child"
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert client.chat_postMessage(channel="C1", text="parent again")["message"]["text"] == "parent again"
    assert fake.connections == 2
