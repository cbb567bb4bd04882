"""Replies in the thread of a deleted journey: told once per thread that the journey was deleted.

The thread of a deleted journey stays in the channel (its root says "deleted"), and people may go on
answering there; the bot stayed silent, as in any thread that is not a session. Only a reply under a message
the bot posted can be in such a thread, and only the root can tell: after the ack, the worker reads the root
(conversations.history with its metadata; a session root names its journey, `journey_session`), and when
that journey no longer exists it owes one notice, claimed by the thread — so once per thread, also across
processes and restarts. Each process looks at a thread's root once (`JudgedThreads`), so a busy thread
under some other bot message costs one lookup, not one per reply.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError

from bot.slack import cards, ids
from bot.slack.blocks import blocks_or_text
from bot.slack.delivery import message_parcel
from journeys.service import AlreadyHandled
from prompts.slack import text

if TYPE_CHECKING:
    from bot.slack.deps import Deps

__all__ = ["JudgedThreads", "tell_if_deleted"]

logger = logging.getLogger(__name__)

ThreadKey = tuple[str, str, str]  # (team, channel, thread ts)


class JudgedThreads:
    """Threads whose root this process has looked at, bounded (the oldest are forgotten first)."""

    def __init__(self, *, size: int = 10_000) -> None:
        self._lock = threading.Lock()
        self._judged: OrderedDict[ThreadKey, None] = OrderedDict()
        self._size = size

    def known(self, key: ThreadKey) -> bool:
        with self._lock:
            if key in self._judged:
                self._judged.move_to_end(key)
                return True
            return False

    def remember(self, key: ThreadKey) -> None:
        with self._lock:
            self._judged[key] = None
            self._judged.move_to_end(key)
            while len(self._judged) > self._size:
                self._judged.popitem(last=False)


def tell_if_deleted(deps: Deps, *, team_id: str, channel: str, thread_ts: str, user: str, said: str) -> None:
    """Queue the check of a reply in a thread that is no session, under a message of the bot (in the ack)."""
    deps.worker.submit(f"deleted-thread:{channel}:{thread_ts}",
                       partial(_check, deps, team_id=team_id, channel=channel, thread_ts=thread_ts, user=user,
                               said=said))


def _check(deps: Deps, *, team_id: str, channel: str, thread_ts: str, user: str, said: str) -> None:
    key = (team_id, channel, thread_ts)
    if deps.judged_threads.known(key):  # the checks of one thread run one after another (the worker's key)
        return
    deleted = _root_of_deleted_journey(deps, channel=channel, thread_ts=thread_ts)
    if deleted is None:
        return  # Slack could not tell: the next reply asks again
    deps.judged_threads.remember(key)
    if not deleted:
        return
    notice = text("thread_deleted", deps.person_lang(user, said))
    message = blocks_or_text(lambda: cards.text_blocks(notice), fallback=notice)
    with suppress(AlreadyHandled):  # told before, by this or another process
        deps.delivery.owe([message_parcel(channel=channel, thread_ts=thread_ts, message=message, team=team_id)],
                          claim=f"deleted-thread:{team_id}:{channel}:{thread_ts}")


def _root_of_deleted_journey(deps: Deps, *, channel: str, thread_ts: str) -> bool | None:
    """Whether the thread's root is the root of a journey that was deleted; None when Slack cannot say."""
    try:
        response = deps.client.conversations_history(channel=channel, latest=thread_ts, oldest=thread_ts,
                                                     inclusive=True, limit=1, include_all_metadata=True)
    except SlackApiError as error:
        logger.warning("Cannot read the root of thread %s in %s: %s", thread_ts, channel, error.response.get("error"))
        return None
    root = next((m for m in response.get("messages") or [] if m.get("ts") == thread_ts), None)
    metadata = (root or {}).get("metadata") or {}
    if metadata.get("event_type") != ids.SESSION_METADATA_EVENT:
        return False
    payload = metadata.get("event_payload") or {}
    journey_id = str(payload.get("journey_id") or "")
    return bool(journey_id) and (bool(payload.get("deleted")) or deps.service.get(journey_id=journey_id) is None)
