"""Delivery from the outbox against the fake Web API: once per parcel, in order per thread, through Slack
failures, and shared by two deliverers (two processes) without a duplicate."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.models.blocks import ActionsBlock, ButtonElement, PlainTextObject, SectionBlock
from sqlalchemy import Engine

from bot.slack.blocks import SlackMessage
from bot.slack.client import build_web_client
from bot.slack.delivery import Delivery, parcels
from journeys.storage import Outbox
from tests.bot.slack.fake_slack import FakeSlack


def _message(text: str, *, buttons: bool = False) -> SlackMessage:
    blocks = [SectionBlock(text=text)]
    if buttons:
        blocks.append(ActionsBlock(elements=[ButtonElement(text=PlainTextObject(text="次へ"), action_id="next")]))
    return SlackMessage(text, list(blocks), {"event_type": "journey_step", "event_payload": {"journey_id": "j"}})


def _deliverer(engine: Engine, fake: FakeSlack, **kwargs: object) -> Delivery:
    client = build_web_client(token="xoxb-test", base_url=fake.url, max_retries=1, backoff_factor=0.01)
    return Delivery(outbox=Outbox(engine, **kwargs), client=client,  # type: ignore[arg-type]
                    tip_blocks=lambda request: [{"type": "context", "elements": [
                        {"type": "mrkdwn", "text": f"tip for {request['step']}"}]}])


def _texts(fake: FakeSlack, thread: str) -> list[str]:
    return [c.args["text"] for c in fake.posts(thread_ts=thread) if c.response.get("ok")]


def test_owed_messages_are_posted_once_in_order_with_tips_before_the_buttons(engine: Engine,
                                                                               fake: FakeSlack) -> None:
    outbox = Outbox(engine)
    outbox.add(parcels(channel="C1", thread_ts="1.0", messages=[_message("a"), _message("b", buttons=True)],
                       tips={"journey_id": "j", "step": "persona", "stage": None, "lang": "ja"}))
    outbox.add(parcels(channel="C1", thread_ts="2.0", messages=[_message("x")]))
    delivery = _deliverer(engine, fake)
    assert delivery.deliver_once() == 3
    assert delivery.deliver_once() == 0
    assert _texts(fake, "1.0") == ["a", "b"] and _texts(fake, "2.0") == ["x"]
    last = json.loads(fake.posts(thread_ts="1.0")[-1].args["blocks"]) if isinstance(
        fake.posts(thread_ts="1.0")[-1].args["blocks"], str) else fake.posts(thread_ts="1.0")[-1].args["blocks"]
    assert [b["type"] for b in last] == ["section", "context", "actions"]
    assert fake.posts(thread_ts="1.0")[-1].args.get("metadata") is not None
    assert outbox.pending() == 0


def test_a_failing_web_api_postpones_and_keeps_the_thread_in_order(engine: Engine, fake: FakeSlack) -> None:
    now = [0.0]
    from datetime import UTC, datetime

    clock = lambda: datetime(2026, 11, 1, tzinfo=UTC) + timedelta(seconds=now[0])  # noqa: E731
    outbox = Outbox(engine, clock=clock)
    outbox.add(parcels(channel="C1", thread_ts="1.0", messages=[_message("first"), _message("second")]))
    for _ in range(2):  # the client's own retry (max_retries=1) fails too
        fake.fail_next("chat.postMessage", 500)
    delivery = Delivery(outbox=outbox, client=build_web_client(token="xoxb-t", base_url=fake.url, max_retries=1,
                                                               backoff_factor=0.01))
    delivery.deliver_once()
    assert _texts(fake, "1.0") == [] and outbox.pending() == 2  # "second" did not overtake "first"
    delivery.deliver_once()
    assert _texts(fake, "1.0") == []  # still waiting out the delay
    now[0] = 5.0
    delivery.deliver_once()
    assert _texts(fake, "1.0") == ["first", "second"]


def test_a_permanent_error_drops_that_message_only(engine: Engine, fake: FakeSlack) -> None:
    outbox = Outbox(engine)
    outbox.add(parcels(channel="C1", thread_ts="1.0", messages=[_message("lost"), _message("kept")]))
    fake.fail_next("chat.postMessage", 200, error="channel_not_found")
    delivery = _deliverer(engine, fake)
    delivery.deliver_once()
    assert _texts(fake, "1.0") == ["kept"] and outbox.pending() == 0


def test_ephemeral_notices_go_to_their_user_only(engine: Engine, fake: FakeSlack) -> None:
    outbox = Outbox(engine)
    outbox.add(parcels(channel="C1", thread_ts="1.0", messages=[_message("stale button")], ephemeral_user="U9"))
    _deliverer(engine, fake).deliver_once()
    (call,) = fake.calls("chat.postEphemeral")
    assert call.args["user"] == "U9" and "metadata" not in call.args and fake.posts() == []


def test_two_deliverers_share_the_outbox_without_a_duplicate(engine: Engine, fake: FakeSlack) -> None:
    outbox = Outbox(engine)
    for thread in range(10):
        outbox.add(parcels(channel="C1", thread_ts=f"{thread}.0",
                           messages=[_message(f"{thread}:{n}") for n in range(3)]))
    first, second = _deliverer(engine, fake).start(), _deliverer(engine, fake).start()
    try:
        first.wake(), second.wake()
        assert first.wait_idle(timeout=20) and second.wait_idle(timeout=20)
    finally:
        first.stop(), second.stop()
    for thread in range(10):
        assert _texts(fake, f"{thread}.0") == [f"{thread}:{n}" for n in range(3)]
    assert len(fake.posts()) == 30


def test_a_deliverer_that_died_holding_a_lease_is_taken_over(engine: Engine, fake: FakeSlack) -> None:
    Outbox(engine).add(parcels(channel="C1", thread_ts="1.0", messages=[_message("owed")]))
    assert Outbox(engine, lease=timedelta(milliseconds=200)).claim(owner="killed-9")  # claimed, never posted
    survivor = _deliverer(engine, fake).start()
    try:
        assert survivor.wait_idle(timeout=10)
    finally:
        survivor.stop()
    assert _texts(fake, "1.0") == ["owed"]


def test_a_slow_post_in_one_thread_does_not_hold_up_the_other_threads(engine: Engine, fake: FakeSlack) -> None:
    outbox = Outbox(engine)
    outbox.add(parcels(channel="C1", thread_ts="1.0", messages=[_message("a1"), _message("a2")]))
    outbox.add(parcels(channel="C1", thread_ts="2.0", messages=[_message("b1")]))
    fake.delay_next("chat.postMessage", 0.5)  # whichever thread posts first waits half a second for Slack
    assert _deliverer(engine, fake).deliver_once() == 3
    firsts = [c.at for c in fake.calls("chat.postMessage") if c.args["text"] in ("a1", "b1")]
    assert len(firsts) == 2 and abs(firsts[0] - firsts[1]) < 0.35  # the other thread did not wait for it
    assert _texts(fake, "1.0") == ["a1", "a2"] and _texts(fake, "2.0") == ["b1"]


class _DiesAfterPosting(Outbox):
    """A deliverer whose process is killed after Slack accepted the post, before the parcel was deleted."""

    def delivered_ids(self, ids: object) -> bool:
        raise SystemExit("killed")


def test_a_parcel_taken_over_from_a_dead_process_is_posted_once_whether_or_not_it_got_out(
        engine: Engine, fake: FakeSlack) -> None:
    outbox = Outbox(engine)
    outbox.add(parcels(channel="C1", thread_ts="1.0", messages=[_message("got out before the kill")]))
    outbox.add(parcels(channel="C1", thread_ts="2.0", messages=[_message("never got out")]))
    client = build_web_client(token="xoxb-test", base_url=fake.url, max_retries=1, backoff_factor=0.01)
    dying = Delivery(outbox=_DiesAfterPosting(engine, lease=timedelta(0)), client=client, owner="dead")
    claimed = Outbox(engine, lease=timedelta(0)).claim(owner="dead", destinations=2)  # its lease runs out at once
    assert [p.destination for p in claimed] == ["C1/1.0", "C1/2.0"]
    with pytest.raises(SystemExit):  # its post to thread 1.0 went out; thread 2.0 it never reached
        dying._deliver_in_order(claimed[:1])
        dying._record_posted()  # the end of its round: it dies before the delete
    assert _texts(fake, "1.0") == ["got out before the kill"]

    survivor = _deliverer(engine, fake)
    assert survivor.deliver_once() == 2
    assert _texts(fake, "1.0") == ["got out before the kill"]  # found by its mark, not posted again
    assert _texts(fake, "2.0") == ["never got out"]
    assert outbox.pending() == 0
    assert len(fake.calls("conversations.replies")) == 2  # only taken-over parcels are looked for


def _slow_polling(outbox: Outbox, fake: FakeSlack) -> Delivery:
    """A delivery that polls every 30 s: what it posts sooner, it posts because it was told to."""
    client = build_web_client(token="xoxb-test", base_url=fake.url, max_retries=1, backoff_factor=0.01)
    return Delivery(outbox=outbox, client=client, poll_seconds=30)


def _owe_as_a_save(outbox: Outbox, engine: Engine, text: str) -> None:
    """What a save does: write the parcel (leased to the outbox's lessee when its thread owes nothing
    older) inside a transaction, then hand it over once committed."""
    owed = parcels(channel="C1", thread_ts="1.0", messages=[_message(text)])
    with engine.begin() as conn:
        handed = outbox.put_for(conn, owed, at=datetime.now(UTC))
    outbox.hand(handed, owed=len(owed))


def _posted_within(fake: FakeSlack, texts: list[str], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _texts(fake, "1.0") == texts:
            return True
        time.sleep(0.02)
    return False


def test_a_reply_owed_behind_a_handed_one_is_posted_at_once_not_at_the_poll(engine: Engine, fake: FakeSlack) -> None:
    outbox = Outbox(engine)
    delivery = _slow_polling(outbox, fake)
    outbox.lend_to(delivery.lessee())
    _owe_as_a_save(outbox, engine, "first")  # handed to the delivery
    _owe_as_a_save(outbox, engine, "second")  # its thread owes "first": written unleased, to be claimed
    delivery.start()  # its first claim finds "second" behind "first", which is still being delivered
    try:
        assert _posted_within(fake, ["first", "second"], 5)  # not 30 s later, at the poll
    finally:
        delivery.stop()


def test_a_process_whose_reply_blocked_another_process_claims_what_waited_behind_it(
        engine: Engine, fake: FakeSlack) -> None:
    mine, theirs = Outbox(engine), Outbox(engine)
    first, other = _slow_polling(mine, fake), _slow_polling(theirs, fake)
    mine.lend_to(first.lessee())
    theirs.lend_to(other.lessee())
    _owe_as_a_save(mine, engine, "first")  # stored by this process, handed to its delivery
    _owe_as_a_save(theirs, engine, "second")  # stored by the other, behind "first": it cannot post it yet
    other.start()
    try:
        time.sleep(0.3)  # the other process claims, finds its thread held, and waits for its poll
        assert _texts(fake, "1.0") == []
        first.start()
        assert _posted_within(fake, ["first", "second"], 5)
    finally:
        first.stop(), other.stop()


def test_the_poll_slows_down_while_claims_find_nothing_and_speeds_up_when_one_does(engine: Engine,
                                                                                   fake: FakeSlack) -> None:
    from bot.slack.delivery import IDLE_POLL_SECONDS

    delivery = _deliverer(engine, fake)
    outbox = Outbox(engine)
    assert delivery.poll_interval == 1.0
    delivery.deliver_once()  # nothing owed anywhere
    assert delivery.poll_interval == IDLE_POLL_SECONDS > 1.0
    outbox.add(parcels(channel="C1", thread_ts="1.0", messages=[_message("left by another process")]))
    delivery.deliver_once()
    assert _texts(fake, "1.0") == ["left by another process"] and delivery.poll_interval == 1.0
