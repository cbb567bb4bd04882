"""Blocks outside a session thread: help, journey lists, the App Home, KPI cards, answers, delete confirm."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.slack import ids, limits
from bot.slack.blocks import section_blocks
from bot.slack.mrkdwn import escape
from journeys.state import SessionState
from knowledge.answer import Answer
from prompts import render
from prompts.slack import text

__all__ = ["answer_blocks", "delete_confirm_blocks", "help_blocks", "home_view", "journey_list_blocks",
           "kpi_blocks", "kpi_name", "text_blocks"]


def text_blocks(message: str) -> list[Block]:
    """A message we wrote ourselves (no user text inside, or already escaped)."""
    return [SectionBlock(text=MarkdownTextObject(text=piece)) for piece in limits.split_text(message)]


def help_blocks(lang: str) -> list[Block]:
    return text_blocks(text("help", lang))


def journey_list_blocks(journeys: Sequence[SessionState], lang: str) -> list[Block]:
    if not journeys:
        return text_blocks(text("list_empty", lang))
    lines = [
        text("list_line", lang, n=n, title=escape(state.title), step=render(f"step.{state.step.value}", lang),
             date=state.created_at.strftime("%Y-%m-%d"))
        for n, state in enumerate(journeys, start=1)
    ]
    return [HeaderBlock(text=PlainTextObject(text=text("list_heading", lang), emoji=True)),
            *text_blocks("\n".join(lines))][: limits.MAX_BLOCKS]


def home_view(journeys: Sequence[SessionState], lang: str) -> View:
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=text("home_heading", lang), emoji=True))]
    if not journeys:
        blocks.extend(text_blocks(text("home_empty", lang)))
    for state in journeys[: limits.MODAL_BLOCKS - 1]:
        line = text("home_line", lang, title=escape(state.title), channel=state.channel_id,
                    step=render(f"step.{state.step.value}", lang))
        blocks.append(SectionBlock(text=MarkdownTextObject(text=limits.truncate(line, limits.SECTION_TEXT))))
    return View(type="home", blocks=blocks)


def _pick(entry: Mapping[str, Any], key: str, lang: str) -> Any:
    other = "en" if lang == "ja" else "ja"
    for name in (f"{key}_{lang}", key, f"{key}_{other}"):
        value = entry.get(name)
        if value:
            return value
    return None


def kpi_name(entry: Mapping[str, Any], lang: str) -> str:
    return str(_pick(entry, "name", lang) or entry.get("id", "?"))


def kpi_blocks(entry: Mapping[str, Any], lang: str) -> list[Block]:
    """A KPI card from the catalogue's JSON (name, definition, formula, stages, how to measure, pitfalls)."""
    name = kpi_name(entry, lang)
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=limits.truncate(f"📊 {name}", limits.HEADER_TEXT),
                                                            emoji=True))]
    definition = _pick(entry, "definition", lang)
    if definition:
        blocks.extend(section_blocks(str(definition)))
    for key, label in (("formula", "kpi_formula"), ("how_to_measure", "kpi_measure"), ("pitfalls", "kpi_pitfalls")):
        value = _pick(entry, key, lang)
        if not value:
            continue
        body = "\n".join(f"• {v}" for v in value) if isinstance(value, list) else str(value)
        blocks.extend(section_blocks(body, prefix=f"*{text(label, lang)}*\n"))
    stages = entry.get("stages")
    if stages:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=limits.truncate(f"{text('kpi_stage', lang)}: {escape(', '.join(map(str, stages)))}",
                                 limits.SECTION_TEXT))]))
    return blocks[: limits.MAX_BLOCKS]


def answer_blocks(result: Answer) -> list[Block]:
    """An answer from the knowledge base, with the note titles it cites."""
    blocks = section_blocks(result.answer)
    if result.sources:
        cited = " · ".join(escape(source) for source in result.sources)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=limits.truncate(f"📚 {cited}",
                                                                                      limits.SECTION_TEXT))]))
    return blocks[: limits.MAX_BLOCKS]


def delete_confirm_blocks(state: SessionState, lang: str) -> list[Block]:
    prompt = text("delete_confirm", lang, title=escape(state.title))
    confirm = ConfirmObject(title=limits.truncate(text("delete_confirm_title", lang), 100),
                            text=MarkdownTextObject(text=prompt), confirm=text("button_delete", lang),
                            deny=text("button_cancel", lang), style="danger")
    buttons = [
        ButtonElement(text=PlainTextObject(text=text("button_delete", lang)), action_id=ids.DELETE_CONFIRM,
                      value=state.journey_id, style="danger", confirm=confirm),
        ButtonElement(text=PlainTextObject(text=text("button_cancel", lang)), action_id=ids.DELETE_CANCEL,
                      value=state.journey_id),
    ]
    return [SectionBlock(text=MarkdownTextObject(text=prompt)), ActionsBlock(elements=buttons)]
