"""Starting a session through the outbox, so that its root message and first question are never lost.

`/journey start`, `@Journey Bot start …`, and the App Home form create the journey, claim the request and
owe a *start* parcel in one transaction (`start_session`). Delivering that parcel (`deliver_start`, run by
bot/slack/delivery.py in whichever process holds it) posts the root message in the channel, then links the
journey to the root's thread *and* owes the first question there in one more transaction. So:

* a process killed after the ack leaves the start parcel, and the next one posts the root;
* a process killed right after the root was posted, before the link, leaves the parcel marked as tried:
  the next attempt first looks for that root in the channel (its `journey_session` metadata names the
  journey) and links it instead of posting a second root;
* a process killed after the link has owed the first question already: the outbox posts it;
* a root that cannot be posted (no such channel, no access) deletes the journey and tells the person who
  started it, as before: a journey without a thread would list everywhere and answer nowhere.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.slack import ids
from bot.slack.blocks import SlackMessage, root_message
from bot.slack.delivery import destination
from bot.slack.deps import Deps
from bot.slack.publish import replies_owed
from journeys.flow import Outcome
from journeys.state import SessionState
from prompts.slack import text

__all__ = ["START_KIND", "Notify", "deliver_start", "start_session"]

logger = logging.getLogger(__name__)

START_KIND = "start"
# What may pass by itself (slack_sdk's retry handlers have already retried these): try again later. Any
# other error (no such channel, a private channel the bot is not in, no access) ends the start.
TRANSIENT = frozenset({"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"})
Notify = dict[str, str]
"""How to tell the starter that no root could be posted: {"response_url": …} (a slash command),
{"ephemeral": user} (a mention: ephemeral in the channel) or {"dm": user} (the App Home form)."""


def start_session(deps: Deps, *, team_id: str, channel_id: str, title: str, author: str, claim: str | None,
                  notify: Notify, lang: str | None = None, author_name: str | None = None) -> Outcome:
    """Create the journey, claim the request and owe its start in one commit; AlreadyHandled on a second
    delivery of the same request (nothing is created then)."""
    def owe(outcome: Outcome) -> list[tuple[str, str]]:
        payload = {"kind": START_KIND, "journey_id": outcome.state.journey_id, "channel": channel_id,
                   "team": team_id, "notify": notify}
        return [(destination(channel_id, None), json.dumps(payload, ensure_ascii=False, separators=(",", ":")))]

    outcome = deps.service.start(team_id=team_id, channel_id=channel_id, title=title, author=author,
                                 at=datetime.now(UTC), lang=lang, author_name=author_name, claim=claim, owe=owe)
    return outcome  # the start parcel was handed to this process's delivery as it committed


def deliver_start(deps: Deps, payload: dict[str, Any], *, retry: bool) -> None:
    """Post the root of a start parcel and owe the first question in its thread (see the module doc).
    Raises what delivery should retry later (a Slack error that may pass, the Web API unreachable)."""
    state = deps.service.get(journey_id=str(payload["journey_id"]))
    if state is None or state.thread_ts is not None:
        return  # deleted meanwhile, or linked by an earlier attempt that died before it was marked done
    thread_ts = _posted_root(deps, state) if retry else None
    if thread_ts is None:
        try:
            thread_ts = _post_in_channel(deps, channel=state.channel_id, message=_root(deps, state))
        except SlackApiError as error:
            code = str(error.response.get("error", ""))
            if code in TRANSIENT:
                raise  # delivery tries again later
            logger.warning("Cannot post the root of %s: %s", state.journey_id, code)
            deps.sessions.delete(state.journey_id)
            _notify(deps, payload.get("notify") or {}, channel=state.channel_id,
                    message=text("start_failed", state.language))
            return
    deps.sessions.attach(journey_id=state.journey_id, thread_ts=thread_ts, owe=replies_owed)  # handed over too


def give_up_start(deps: Deps, payload: dict[str, Any], error: str) -> None:
    """Delivery stopped trying to open a session (Slack kept failing): remove the journey, which no thread
    will ever hold, and tell the person who started it, instead of leaving them waiting in silence."""
    state = deps.service.get(journey_id=str(payload.get("journey_id")))
    if state is None or state.thread_ts is not None:
        return  # deleted meanwhile, or opened after all
    logger.warning("Giving up on opening %s: %s", state.journey_id, error)
    deps.sessions.delete(state.journey_id)
    _notify(deps, payload.get("notify") or {}, channel=state.channel_id, message=text("start_failed", state.language))


def _root(deps: Deps, state: SessionState) -> SlackMessage:
    return root_message(state=state, summary=deps.service.summary(state), name_of=deps.name)


def _post_in_channel(deps: Deps, *, channel: str, message: SlackMessage) -> str:
    """Post a top-level message; join a public channel first if Slack says we are not in it."""
    try:
        response = deps.client.chat_postMessage(channel=channel, **message.kwargs())
    except SlackApiError as error:
        if error.response.get("error") != "not_in_channel":
            raise
        deps.client.conversations_join(channel=channel)
        response = deps.client.chat_postMessage(channel=channel, **message.kwargs())
    return str(response["ts"])


def _posted_root(deps: Deps, state: SessionState) -> str | None:
    """The ts of this journey's root if an earlier attempt posted it (found by its metadata), else None."""
    oldest = f"{state.created_at.timestamp() - 60:.6f}"
    try:
        response = deps.client.conversations_history(channel=state.channel_id, oldest=oldest, limit=200,
                                                     include_all_metadata=True)
    except SlackApiError as error:
        logger.warning("Cannot look for an earlier root of %s: %s", state.journey_id, error.response.get("error"))
        return None
    for message in response.get("messages") or []:
        metadata = message.get("metadata") or {}
        if (metadata.get("event_type") == ids.SESSION_METADATA_EVENT
                and (metadata.get("event_payload") or {}).get("journey_id") == state.journey_id):
            return str(message["ts"])
    return None


def _notify(deps: Deps, notify: dict[str, Any], *, channel: str, message: str) -> None:
    try:
        if notify.get("response_url"):
            WebhookClient(str(notify["response_url"])).send(text=message, response_type="ephemeral",
                                                             replace_original=False)
        elif notify.get("ephemeral"):
            deps.client.chat_postEphemeral(channel=channel, user=str(notify["ephemeral"]), text=message)
        elif notify.get("dm"):
            deps.client.chat_postMessage(channel=str(notify["dm"]), text=message)
    except (SlackApiError, OSError) as error:
        logger.warning("Cannot tell the starter of a failed session: %s", error)
