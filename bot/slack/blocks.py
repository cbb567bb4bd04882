"""Block Kit for session messages, built from the engine's replies with `slack_sdk.models.blocks`.

One engine outcome becomes one thread message (more only when Slack's 50-block limit forces a split):
the replies as sections, tips with their sources as context, then the step's controls (emotion select,
form buttons, Back/Next/Skip/Summary). Every text that may hold user input is escaped here, once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)

from bot.slack import block_json, ids, limits
from bot.slack.mrkdwn import escape
from journeys.events import Move
from journeys.replies import Reply, ReplyKind
from journeys.state import SessionState
from journeys.steps import Step
from prompts import render
from prompts.slack import EMOTION_LABELS, text

__all__ = ["SlackMessage", "blocks_or_text", "button_value", "reply_blocks", "root_message", "section_blocks",
           "step_messages", "step_metadata"]

logger = logging.getLogger(__name__)
block_json.install()  # the same to_dict(), with what is the same per class done once (see that module)

_PREFIX: dict[ReplyKind, str] = {
    ReplyKind.RECORDED: "✅ ",
    ReplyKind.WARNING: "⚠️ ",
    ReplyKind.NOTICE: "ℹ️ ",
}


@dataclass(frozen=True)
class SlackMessage:
    """What one chat.postMessage / chat.update sends: fallback text, blocks and message metadata."""

    text: str
    blocks: list[Block]
    metadata: dict[str, Any] | None = field(default=None)

    def kwargs(self) -> dict[str, Any]:
        args = blocks_or_text(lambda: self.blocks, fallback=self.text)
        if self.metadata is not None:
            args["metadata"] = self.metadata
        return args


def blocks_or_text(build: Callable[[], Sequence[Block]], *, fallback: str) -> dict[str, Any]:
    """`{"text", "blocks"}` for an ack, a respond or a post; only the text when the blocks cannot be built.

    Every text that can carry user input is cut to its limit where the block is made (`limits`); this is
    the net under that: a block that still fails Slack's rules must not cost the person their answer.
    """
    text = limits.truncate(fallback, limits.MESSAGE_TEXT)
    try:
        return {"text": text, "blocks": [block.to_dict() for block in build()]}
    except Exception:
        logger.exception("Could not build blocks; answering in plain text")
        return {"text": text}


def step_metadata(state: SessionState) -> dict[str, Any]:
    """The `journey_step` metadata every step message carries (SPEC.md), so others can follow a session."""
    return {
        "event_type": ids.STEP_METADATA_EVENT,
        "event_payload": {"journey_id": state.journey_id, "step": state.step.value, "stage": state.current_stage},
    }


def button_value(state: SessionState) -> str:
    """Which journey a control belongs to and where the session was when it was posted.

    The stage goes by its position: a stage name can be longer than a button value may be (2,000).
    """
    stage = state.stage_index if state.current_stage is not None else None
    return json.dumps({"j": state.journey_id, "s": state.step.value, "i": stage}, separators=(",", ":"))


def section_blocks(raw: str, *, prefix: str = "") -> list[Block]:
    """Escaped `raw` as mrkdwn sections of at most 3,000 characters each."""
    return [SectionBlock(text=MarkdownTextObject(text=piece))
            for piece in limits.split_text(prefix + escape(raw), limits.SECTION_TEXT)]


def _listed_blocks(reply: Reply, journey_id: str) -> list[Block]:
    """An item list with a menu per line (delete / edit), the same as typing `削除 N` / `修正 N: …`.

    The menu names the item by id, not by number: numbers shift as items come and go, and the click is
    turned into the command with the item's number at the moment of the click.
    """
    head, *_ = reply.text.split("\n", 1)
    blocks: list[Block] = section_blocks(head)
    options = {"d": text("item_delete", reply.lang), "e": text("item_edit", reply.lang)}
    for line in reply.listed:
        menu = OverflowMenuElement(action_id=ids.ITEM_MENU, options=[
            Option(text=PlainTextObject(text=label, emoji=True),
                   value=json.dumps({"j": journey_id, "i": line.item_id, "a": act}, separators=(",", ":")))
            for act, label in options.items()])
        blocks.append(SectionBlock(text=MarkdownTextObject(text=limits.truncate(
            f"{line.number}. {escape(line.label)}", limits.SECTION_TEXT)), accessory=menu))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=text("item_menu_hint", reply.lang))]))
    return blocks


def reply_blocks(reply: Reply, *, journey_id: str | None = None) -> list[Block]:
    if reply.listed and journey_id is not None and all(len(i.item_id) < 100 for i in reply.listed):
        return _listed_blocks(reply, journey_id)
    if reply.kind is ReplyKind.TIPS:
        blocks: list[Block] = [ContextBlock(elements=[MarkdownTextObject(text=piece)])
                               for piece in limits.split_text(escape(reply.text), limits.SECTION_TEXT)]
    else:
        blocks = section_blocks(reply.text, prefix=_PREFIX.get(reply.kind, ""))
    if reply.sources:
        cited = " · ".join(escape(f"{s.title} ({s.ref})" if s.ref else s.title) for s in reply.sources)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=limits.truncate(f"📚 {text('sources', reply.lang)}: {cited}", limits.SECTION_TEXT))]))
    return blocks


def _button(label: str, action_id: str, value: str, *, style: str | None = None) -> ButtonElement:
    return ButtonElement(text=PlainTextObject(text=limits.truncate(label, limits.BUTTON_TEXT), emoji=True),
                         action_id=action_id, value=value, style=style)


def _controls(state: SessionState, lang: str) -> list[Block]:
    """The inputs that fit the current step, then the move buttons (same moves as the control words)."""
    value = button_value(state)
    blocks: list[Block] = []
    stage = state.current_stage
    if state.step is Step.EMOTIONS and stage is not None:
        options = [Option(text=PlainTextObject(text=label, emoji=True), value=str(score))
                   for score, label in EMOTION_LABELS.get(lang, EMOTION_LABELS["en"]).items()]
        placeholder = limits.truncate(text("emotion_placeholder", lang, stage=stage), limits.OPTION_TEXT)
        blocks.append(ActionsBlock(block_id=f"emotion:{state.journey_id}:{state.stage_index}", elements=[
            StaticSelectElement(placeholder=PlainTextObject(text=placeholder, emoji=True),
                                action_id=ids.EMOTION_SELECT, options=options)]))
    buttons: list[ButtonElement] = []
    if state.step is Step.PERSONA:
        buttons.append(_button(text("button_persona", lang), ids.PERSONA_OPEN, value))
    if state.step is Step.OPPORTUNITIES and stage is not None:
        buttons.append(_button(text("button_opportunity", lang), ids.OPPORTUNITY_OPEN, value))
    moves = [Move.BACK, Move.SUMMARY] if state.step is Step.REVIEW else [Move.BACK, Move.NEXT, Move.SKIP,
                                                                         Move.SUMMARY]
    for move in moves:
        style = "primary" if move is Move.NEXT else None
        buttons.append(_button(text(f"button_{move.value}", lang), ids.MOVE_ACTIONS[move], value, style=style))
    blocks.append(ActionsBlock(block_id=f"moves:{state.journey_id}", elements=buttons))
    return blocks


def step_messages(*, state: SessionState, replies: Sequence[Reply], tips: Sequence[Reply] = (),
                  controls: bool = True) -> list[SlackMessage]:
    """The thread message(s) for one outcome; empty when there is nothing to say."""
    if not replies and not tips:
        return []
    lang = next((r.lang for r in replies if r.kind is ReplyKind.QUESTION), None) or (
        replies[0].lang if replies else state.language)
    body: list[Block] = []
    for reply in replies:
        if reply.kind is ReplyKind.QUESTION and body:
            body.append(DividerBlock())
        body.extend(reply_blocks(reply, journey_id=state.journey_id))
    for tip in tips:
        body.extend(reply_blocks(tip))
    tail = _controls(state, lang) if controls else []
    room = limits.MAX_BLOCKS - len(tail)
    runs = limits.chunk(body, room) if len(body) > room else [body]
    fallback = limits.truncate(escape((replies or tips)[-1].text), limits.MESSAGE_TEXT)
    metadata = step_metadata(state)
    messages = [SlackMessage(fallback, run, metadata) for run in runs[:-1]]
    messages.append(SlackMessage(fallback, [*runs[-1], *tail], metadata))
    return messages


def root_message(*, state: SessionState, summary: Reply | None, name_of: Callable[[str], str],
                 deleted: bool = False) -> SlackMessage:
    """The channel message a session hangs off: title, how to take part, and the running summary.

    People are named by display name (`name_of`), never by id or mention: the root is updated after every
    answer, and a mention there would notify on each update in some clients.
    """
    lang = summary.lang if summary is not None else state.language
    title = escape(state.title)
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(
        text=limits.truncate(f"🗺️ {state.title}", limits.HEADER_TEXT), emoji=True))]
    if deleted:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text("root_deleted", lang))))
        # Still a session root, marked deleted: a reply in its thread is told so (bot/slack/deleted_threads.py).
        metadata = {"event_type": ids.SESSION_METADATA_EVENT,
                    "event_payload": {"journey_id": state.journey_id, "deleted": True}}
        return SlackMessage(limits.truncate(title, limits.MESSAGE_TEXT), blocks, metadata)
    blocks.append(SectionBlock(text=MarkdownTextObject(text=text("root_intro", lang))))
    if summary is not None:
        blocks.append(DividerBlock())
        summary_blocks = section_blocks(summary.text)
        room = limits.MAX_BLOCKS - len(blocks) - 1
        if len(summary_blocks) > room:
            summary_blocks = summary_blocks[:room]
            last = summary_blocks[-1]
            assert isinstance(last, SectionBlock) and isinstance(last.text, MarkdownTextObject)
            summary_blocks[-1] = SectionBlock(text=MarkdownTextObject(
                text=limits.truncate(last.text.text, limits.SECTION_TEXT - 1) + limits.ELLIPSIS))
        blocks.extend(summary_blocks)
    step = render(f"step.{state.step.value}", lang)
    footer = [text("root_by", lang, user=escape(name_of(state.created_by))), escape(step)]
    others = [name_of(user) for user in state.contributors() if user != state.created_by]
    if others:
        footer.append(text("root_contributors", lang, names=escape(", ".join(others))))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(
        text=limits.truncate(" · ".join(footer), limits.SECTION_TEXT))]))
    metadata = {"event_type": ids.SESSION_METADATA_EVENT,
                "event_payload": {"journey_id": state.journey_id, "step": state.step.value,
                                  "stage": state.current_stage}}
    return SlackMessage(limits.truncate(title, limits.MESSAGE_TEXT), blocks, metadata)
