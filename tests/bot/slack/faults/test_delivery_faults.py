"""The database failing between a reply's post and its record: the reply is not posted a second time."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from bot.slack.blocks import SlackMessage
from bot.slack.client import build_web_client
from bot.slack.delivery import Delivery, parcels
from journeys.storage import Outbox
from tests.bot.slack.fake_slack import FakeSlack


class FlakyOutbox(Outbox):
    """An outbox whose database goes away once, right after Slack accepted the posts (before they are deleted)."""

    failures = 1

    def delivered_ids(self, ids: Iterable[int]) -> bool:
        if self.failures:
            self.failures -= 1
            raise OperationalError("DELETE FROM outbox", {}, ConnectionResetError("server closed the connection"))
        return super().delivered_ids(ids)



def test_a_post_whose_record_failed_is_not_posted_again(engine: Engine, fake: FakeSlack) -> None:
    outbox = FlakyOutbox(engine)
    outbox.add(parcels(channel="C1", thread_ts="1.0", messages=[SlackMessage("once", [], None),
                                                                SlackMessage("after", [], None)]))
    delivery = Delivery(outbox=outbox, client=build_web_client(token="xoxb-t", base_url=fake.url, max_retries=1,
                                                               backoff_factor=0.01))
    with pytest.raises(OperationalError):
        delivery.deliver_once()  # the round fails as the database does; Slack has the first message
    while delivery.deliver_once():  # the database is back
        pass
    assert [c.args["text"] for c in fake.posts(thread_ts="1.0")] == ["once", "after"]
    assert outbox.pending() == 0
