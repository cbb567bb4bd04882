"""Marks on the messages the outbox posts, so a post that may already have happened is not made twice.

chat.postMessage has no idempotency key. When Slack carries out a post but its answer never arrives (a
read timeout), or a process dies between Slack's answer and deleting the parcel, the parcel is owed
again and posting it blindly would show the reply twice. So each posted message carries its parcel's
random key, and a parcel that may have been posted before (an earlier attempt failed, or another process
held it) is first looked for in the thread, from a little before the parcel was owed: found means
delivered. The key goes in the message metadata; a message whose metadata is already spoken for (step
messages carry SPEC.md's `journey_step` payload, exactly) carries it as the `block_id` of its first block
instead. Ephemeral messages cannot be read back: they are the one exception.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

__all__ = ["MARK_EVENT", "already_posted", "marked"]

logger = logging.getLogger(__name__)

MARK_EVENT = "journeybot_reply"
KEY = "parcel"
LOOK_BACK_SECONDS = 60  # Slack's ts and our clock may disagree by a little


def marked(message: dict[str, Any], key: str) -> dict[str, Any]:
    """`message` (chat.postMessage arguments) carrying `key`: in its metadata, or its first block's id."""
    if not message.get("metadata"):
        return {**message, "metadata": {"event_type": MARK_EVENT, "event_payload": {KEY: key}}}
    blocks = message.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    if blocks and isinstance(blocks[0], dict) and not blocks[0].get("block_id"):
        return {**message, "blocks": [{**blocks[0], "block_id": _block_id(key)}, *blocks[1:]]}
    return message  # nowhere to put it: this message is posted as before, without a check


def _block_id(key: str) -> str:
    return f"{MARK_EVENT}:{key}"


def _is_marked(message: dict[str, Any], key: str) -> bool:
    if ((message.get("metadata") or {}).get("event_payload") or {}).get(KEY) == key:
        return True
    blocks = message.get("blocks") or []
    return bool(blocks) and isinstance(blocks[0], dict) and blocks[0].get("block_id") == _block_id(key)


def already_posted(client: WebClient, *, channel: str, thread_ts: str | None, key: str, since: float) -> bool:
    """True when the channel (or thread) holds a message marked with `key`, posted after `since` − a minute.

    When Slack cannot be asked, the answer is False: posting twice is better than not posting at all.
    """
    oldest = f"{max(0.0, since - LOOK_BACK_SECONDS):.6f}"
    cursor: str | None = None
    try:
        for _ in range(10):  # 10 pages of 200: far more than a thread gets in the time a parcel is owed
            if thread_ts:
                response = client.conversations_replies(channel=channel, ts=thread_ts, oldest=oldest, limit=200,
                                                        include_all_metadata=True, cursor=cursor)
            else:
                response = client.conversations_history(channel=channel, oldest=oldest, limit=200,
                                                        include_all_metadata=True, cursor=cursor)
            if any(_is_marked(message, key) for message in response.get("messages") or []):
                return True
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                return False
    except (SlackApiError, OSError) as error:
        logger.warning("Cannot check whether a reply was already posted in %s: %s", channel, error)
    return False
