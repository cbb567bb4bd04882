"""Which channels a person can see, for the App Home: public channels, and private ones they are in.

A journey belongs to its channel; listing a private channel's journey (its title is often the project's
name) to someone outside that channel leaks it. Asked of Slack when the Home tab opens, on the worker:
`conversations.info` says whether a channel is private, `users.conversations` which private channels the
viewer is in. A channel Slack will not describe counts as hidden.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

__all__ = ["visible_channels"]

logger = logging.getLogger(__name__)


def _private_channels_of(client: WebClient, user_id: str) -> set[str]:
    found: set[str] = set()
    cursor: str | None = None
    while True:
        page = client.users_conversations(user=user_id, types="private_channel,mpim,im", limit=200,
                                          exclude_archived=False, cursor=cursor)
        found.update(str(c.get("id")) for c in page.get("channels") or [])
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            return found


def visible_channels(client: WebClient, *, user_id: str, channel_ids: Iterable[str]) -> set[str]:
    """The subset of `channel_ids` that `user_id` can see."""
    visible: set[str] = set()
    private: list[str] = []
    for channel in dict.fromkeys(channel_ids):
        try:
            info = client.conversations_info(channel=channel).get("channel") or {}
        except SlackApiError as error:
            logger.info("conversations.info %s: %s", channel, error.response.get("error"))
            continue
        if info.get("is_private") or info.get("is_im") or info.get("is_mpim") or info.get("is_group"):
            private.append(channel)
        else:
            visible.add(channel)
    if private:
        try:
            member_of = _private_channels_of(client, user_id)
        except SlackApiError as error:
            logger.info("users.conversations %s: %s", user_id, error.response.get("error"))
            member_of = set()
        visible.update(c for c in private if c in member_of)
    return visible
