"""The "vote" message of the review step: one button per pain point and opportunity, counts and voters.

Posted in the thread when the session reaches the review step, and rewritten (`chat.update`) after each
click, so the message itself is the tally. The button carries the item's id, not its number: numbers
move when items are added or deleted, ids do not.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.slack import ids, limits
from bot.slack.blocks import SlackMessage, button_value, step_metadata
from bot.slack.deps import Deps
from bot.slack.mrkdwn import escape
from journeys.events import Move
from journeys.reviews import pending_review
from journeys.state import SessionState
from journeys.steps import ItemKind
from journeys.summary import describe_item
from journeys.voting import votable
from prompts import render
from prompts.slack import text

__all__ = ["update_vote_message", "vote_message"]

_FIXED_BLOCKS = 5  # header, hint, "more", the review button, the step's move buttons


def _button(label: str, action_id: str, value: str) -> ButtonElement:
    return ButtonElement(text=PlainTextObject(text=limits.truncate(label, limits.BUTTON_TEXT), emoji=True),
                         action_id=action_id, value=value)


def vote_message(state: SessionState, lang: str) -> SlackMessage:
    """The vote message for the state as it is now."""
    items = votable(state)
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=text("vote_heading", lang), emoji=True)),
                           ContextBlock(elements=[MarkdownTextObject(text=text("vote_hint", lang))])]
    if not items:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text("vote_empty", lang))))
    shown = items[: limits.MAX_BLOCKS - _FIXED_BLOCKS]
    for number, item in enumerate(shown, start=1):
        kind = render("step.pain_points" if item.kind is ItemKind.PAIN_POINT else "step.opportunities", lang)
        voters = [vote.voter_name or vote.voter for vote in state.votes if vote.item_id == item.item_id]
        line = text("vote_line", lang, number=number, kind=kind, stage=escape(item.stage or "-"),
                    item=escape(describe_item(item, lang)), count=len(voters),
                    voters=f" ({escape(', '.join(voters))})" if voters else "")
        value = json.dumps({"j": state.journey_id, "i": item.item_id}, separators=(",", ":"))
        blocks.append(SectionBlock(block_id=f"vote:{number}", text=MarkdownTextObject(
            text=limits.truncate(line, limits.SECTION_TEXT)),
            accessory=_button(text("button_vote", lang), ids.VOTE_TOGGLE, value)))
    if len(items) > len(shown):
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=text("vote_more", lang, count=len(items) - len(shown)))]))
    if pending_review(state, datetime.now(UTC).date()) is None:
        blocks.append(ActionsBlock(block_id="review", elements=[
            _button(text("button_review", lang), ids.REVIEW_SCHEDULE, state.journey_id)]))
    # A thread message of the review step like the others: its metadata and its move buttons.
    moves = [_button(text(f"button_{move.value}", lang), ids.MOVE_ACTIONS[move], button_value(state))
             for move in (Move.BACK, Move.SUMMARY)]
    blocks.append(ActionsBlock(block_id=f"moves:{state.journey_id}", elements=moves))
    return SlackMessage(text=text("vote_heading", lang), blocks=blocks, metadata=step_metadata(state))


def update_vote_message(deps: Deps, *, journey_id: str, channel: str, ts: str) -> None:
    """Rewrite a vote message with the newest counts known when it runs (one update covers quick clicks)."""
    state = deps.sessions.load(journey_id)
    if state is None:
        return
    message = vote_message(state, deps.lang(default=state.language))
    deps.client.chat_update(channel=channel, ts=ts, **message.kwargs())
