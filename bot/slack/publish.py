"""The slow half of every session request: what runs on the worker after Slack got its ack.

Posting replies in the thread, tips (retrieval), refreshing the root message's running summary and
starting a session's thread all live here, so listeners stay "store, schedule, return".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.slack.blocks import SlackMessage, reply_blocks, root_message, step_messages
from bot.slack.delivery import TipsRequest, parcels
from bot.slack.deps import Deps
from bot.slack.vote_message import post_vote_message, vote_message
from journeys.flow import Outcome
from journeys.replies import Reply, ReplyKind
from journeys.service import JourneyService
from journeys.state import SessionState
from journeys.steps import Step
from prompts.slack import text

__all__ = ["committed", "post_ephemeral", "post_replies", "refresh_root", "replies_owed", "schedule_outcome",
           "schedule_start", "tip_blocks"]

logger = logging.getLogger(__name__)
ROOT_REFRESH = "root"


def post_replies(deps: Deps, *, state: SessionState, replies: Sequence[Reply]) -> None:
    """Post an outcome in the session thread; with tips when it asks a new question."""
    if state.thread_ts is None:
        return
    asks = next((r for r in replies if r.kind is ReplyKind.QUESTION), None)
    tips = deps.service.tips_for(state, lang=asks.lang) if asks is not None else []
    for message in step_messages(state=state, replies=replies, tips=tips):
        deps.client.chat_postMessage(channel=state.channel_id, thread_ts=state.thread_ts, **message.kwargs())
    if asks is not None and asks.step is Step.REVIEW:
        post_vote_message(deps, state=state)


def replies_owed(outcome: Outcome) -> list[tuple[str, str]]:
    """The thread messages an outcome owes, rendered now and committed with it (the outbox), so that a
    crash or another replica can post them; tips are asked for and added when they are posted."""
    state = outcome.state
    if state.thread_ts is None or not outcome.replies:
        return []
    asks = next((r for r in outcome.replies if r.kind is ReplyKind.QUESTION), None)
    tips: TipsRequest | None = None
    if asks is not None:
        tips = {"journey_id": state.journey_id, "step": state.step.value, "stage": state.current_stage,
                "lang": asks.lang}
    owed = parcels(channel=state.channel_id, thread_ts=state.thread_ts, tips=tips, team=state.team_id,
                   messages=step_messages(state=state, replies=outcome.replies))
    if asks is not None and asks.step is Step.REVIEW:  # the review step also gets the vote message
        owed += parcels(channel=state.channel_id, thread_ts=state.thread_ts, team=state.team_id,
                        messages=[vote_message(state, asks.lang)])
    return owed


def tip_blocks(service: JourneyService, request: TipsRequest) -> list[dict[str, Any]]:
    """The tips a parcel asked for, as blocks (retrieval happens here, on the delivery thread)."""
    step, lang = Step(str(request.get("step"))), str(request.get("lang") or "ja")
    replies = service.tips_at(step=step, stage=request.get("stage"), lang=lang)
    return [block.to_dict() for reply in replies for block in reply_blocks(reply)]


def committed(deps: Deps, outcome: Outcome) -> None:
    """After an outcome and what it owes were committed: post now, and refresh the root if the map changed."""
    deps.delivery.wake()
    state = outcome.state
    if outcome.changed:
        deps.worker.submit_later(state.journey_id, lambda: refresh_root(deps, journey_id=state.journey_id),
                                 delay=deps.root_refresh_delay, coalesce=ROOT_REFRESH)


def post_ephemeral(deps: Deps, *, state: SessionState, user: str, replies: Sequence[Reply]) -> None:
    """Show an outcome to one person only (e.g. what a stale button said), in the session thread."""
    for message in step_messages(state=state, replies=replies):
        kwargs = message.kwargs()
        kwargs.pop("metadata", None)  # ephemeral messages carry none
        deps.client.chat_postEphemeral(channel=state.channel_id, user=user, thread_ts=state.thread_ts, **kwargs)


def _root(deps: Deps, state: SessionState, *, deleted: bool = False) -> SlackMessage:
    summary = None if deleted else deps.service.summary(state)
    return root_message(state=state, summary=summary, deleted=deleted, name_of=deps.name)


def refresh_root(deps: Deps, *, journey_id: str, deleted: SessionState | None = None) -> None:
    """Rewrite the root message with the newest state known when it runs, so one refresh covers many answers."""
    state = deleted or deps.sessions.load(journey_id)
    if state is None or state.thread_ts is None:
        return
    message = _root(deps, state, deleted=deleted is not None)
    deps.client.chat_update(channel=state.channel_id, ts=state.thread_ts, **message.kwargs())


def schedule_outcome(deps: Deps, outcome: Outcome) -> None:
    """Queue an outcome's replies for its session, then (if it changed the map) a root refresh."""
    state = outcome.state
    if outcome.replies:
        replies = list(outcome.replies)
        deps.worker.submit(state.journey_id, lambda: post_replies(deps, state=state, replies=replies))
    if outcome.changed:
        deps.worker.submit_later(state.journey_id, lambda: refresh_root(deps, journey_id=state.journey_id),
                                 delay=deps.root_refresh_delay, coalesce=ROOT_REFRESH)


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


def schedule_start(deps: Deps, outcome: Outcome, *, notify: Callable[[str], object]) -> None:
    """Post the session's root message, link its thread to the journey, then ask the first question.

    A root that cannot be posted leaves nothing behind: the journey is deleted and `notify` tells the
    person who started it (a journey without a thread would list everywhere and answer nowhere).
    """
    state = outcome.state

    def start() -> None:
        try:
            thread_ts = _post_in_channel(deps, channel=state.channel_id, message=_root(deps, state))
        except SlackApiError as error:
            logger.warning("Cannot post the root of %s: %s", state.journey_id, error.response.get("error"))
            deps.sessions.delete(state.journey_id)
            notify(text("start_failed", state.language))
            return
        attached = deps.sessions.attach(journey_id=state.journey_id, thread_ts=thread_ts)
        post_replies(deps, state=attached, replies=outcome.replies)

    deps.worker.submit(state.journey_id, start)
