"""The App Home dashboard: each visible journey with its progress and next actions, and how it works.

Per journey: title and channel, the step it is at, items per lane, last activity (Slack's own date
formatting, so each viewer sees their time zone), and buttons to open its thread, export it, or start a
new journey. Which journeys a viewer sees is decided before (bot.slack.visibility); this only draws.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.blocks.block_elements import ConversationFilter, ConversationSelectElement
from slack_sdk.models.views import View

from bot.slack import ids, limits
from bot.slack.mrkdwn import escape
from journeys.state import SessionState
from journeys.steps import STEP_ITEM_KIND, session_steps, step_kinds, step_number
from prompts import render
from prompts.slack import text

__all__ = ["MAX_JOURNEYS", "dashboard_view", "new_journey_modal"]

MAX_JOURNEYS = 20  # 4 blocks each, within the Home tab's 100 blocks
Permalink = Callable[[SessionState], str | None]


def _button(label: str, action_id: str, *, value: str | None = None, url: str | None = None,
            style: str | None = None) -> ButtonElement:
    return ButtonElement(text=PlainTextObject(text=limits.truncate(label, limits.BUTTON_TEXT), emoji=True),
                         action_id=action_id, value=value, url=url, style=style)


def _lanes(state: SessionState, lang: str) -> str:
    counts = [(render(f"step.{step.value}", lang), sum(1 for i in state.items if i.kind in step_kinds(step)))
              for step in STEP_ITEM_KIND if step in session_steps(state.map_type)]
    shown = [f"{name} {count}" for name, count in counts if count]
    return (" ・ " if lang == "ja" else " · ").join(shown) or text("home_no_items", lang)


def _updated(state: SessionState) -> str:
    fallback = state.updated_at.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(state.updated_at.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def _card(state: SessionState, lang: str, permalink: str | None) -> list[Block]:
    number, total = step_number(state.step, state.map_type)
    line = text("home_card", lang, title=escape(state.title), channel=state.channel_id,
                progress=render("progress", lang, number=number, total=total),
                step=render(f"step.{state.step.value}", lang), updated=_updated(state))
    buttons = []
    if permalink:
        buttons.append(_button(text("home_open", lang), ids.HOME_OPEN_THREAD, url=permalink))
    buttons.append(_button(text("home_export", lang), ids.HOME_EXPORT, value=state.journey_id))
    return [SectionBlock(block_id=f"home:{state.journey_id}",
                         text=MarkdownTextObject(text=limits.truncate(line, limits.SECTION_TEXT))),
            ContextBlock(elements=[MarkdownTextObject(text=limits.truncate(escape(_lanes(state, lang)),
                                                                           limits.SECTION_TEXT))]),
            ActionsBlock(elements=buttons), DividerBlock()]


def dashboard_view(journeys: Sequence[SessionState], lang: str, *, permalink: Permalink) -> View:
    """The viewer's Home tab; `journeys` are those they may see, newest activity first."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=text("home_title", lang), emoji=True)),
        SectionBlock(text=MarkdownTextObject(text=text("home_how", lang))),
        ActionsBlock(elements=[_button(text("home_new", lang), ids.HOME_NEW, value="new", style="primary")]),
        DividerBlock(),
    ]
    if not journeys:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=text("home_empty", lang))))
    for state in journeys[:MAX_JOURNEYS]:
        blocks.extend(_card(state, lang, permalink(state)))
    if len(journeys) > MAX_JOURNEYS:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=text("home_more", lang, count=len(journeys) - MAX_JOURNEYS))]))
    return View(type="home", blocks=blocks[: limits.MODAL_BLOCKS])


def new_journey_modal(lang: str) -> View:
    """Title and channel of a journey started from the Home tab (the Home tab has no channel of its own)."""
    return View(
        type="modal", callback_id=ids.HOME_NEW_VIEW, private_metadata=json.dumps({"l": lang}),
        title=PlainTextObject(text=limits.truncate(text("new_title", lang), limits.MODAL_TITLE)),
        submit=PlainTextObject(text=text("new_start", lang)), close=PlainTextObject(text=text("modal_close", lang)),
        blocks=[
            InputBlock(block_id=ids.HOME_NEW_TITLE, label=PlainTextObject(text=text("new_name", lang)),
                       element=PlainTextInputElement(action_id=ids.HOME_NEW_TITLE, max_length=200)),
            InputBlock(block_id=ids.HOME_NEW_CHANNEL, label=PlainTextObject(text=text("new_channel", lang)),
                       element=ConversationSelectElement(action_id=ids.HOME_NEW_CHANNEL,
                                                         filter=ConversationFilter(include=["public", "private"],
                                                                                   exclude_bot_users=True))),
        ],
    )
