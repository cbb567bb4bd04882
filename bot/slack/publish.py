"""The slow half of every session request: what runs on the worker after Slack got its ack.

Rendering the replies an outcome owes (committed with it, posted by bot/slack/delivery.py), tips
(retrieval, at delivery), and refreshing the root message's running summary live here, so listeners stay
"store, owe, return". Starting a session's thread is bot/slack/starts.py.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.slack.blocks import SlackMessage, reply_blocks, root_message, step_messages
from bot.slack.delivery import TipsRequest, parcels
from bot.slack.deps import Deps
from bot.slack.vote_message import vote_message
from journeys.flow import Outcome
from journeys.replies import ReplyKind
from journeys.service import JourneyService
from journeys.state import SessionState
from journeys.steps import Step

__all__ = ["committed", "notices_owed", "refresh_root", "replies_owed", "tip_blocks"]

logger = logging.getLogger(__name__)
ROOT_REFRESH = "root"


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
    """After an outcome and what it owes were committed: refresh the root if the map changed. (What it owes
    was handed to this process's delivery as it committed: see journeys.storage.outbox.)"""
    state = outcome.state
    if outcome.changed:
        deps.worker.submit_later(state.journey_id, lambda: refresh_root(deps, journey_id=state.journey_id),
                                 delay=deps.update_delay(state.team_id), coalesce=ROOT_REFRESH)


def notices_owed(outcome: Outcome, *, user: str) -> list[tuple[str, str]]:
    """An outcome's replies as notices to one person only (e.g. what a stale button said), in the session
    thread: owed like any reply, so a second delivery of the click finds the claim and tells nobody twice."""
    state = outcome.state
    if state.thread_ts is None or not outcome.replies:
        return []
    return parcels(channel=state.channel_id, thread_ts=state.thread_ts, ephemeral_user=user, team=state.team_id,
                   messages=step_messages(state=state, replies=outcome.replies))


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
