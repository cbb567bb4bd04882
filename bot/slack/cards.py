"""Blocks outside a session thread: help, journey lists, the App Home, KPI cards, answers, delete confirm."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

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

from bot.slack import ids, limits
from bot.slack.blocks import section_blocks
from bot.slack.mrkdwn import escape
from journeys.state import SessionState
from prompts import render, render_from
from prompts.kpi import TEXTS as KPI_TEXTS
from prompts.kpi import miss_keys
from prompts.slack import text

if TYPE_CHECKING:  # only types here: importing them at run time pulls in numpy (retrieval), or the KPI catalogue
    from knowledge.answer import Answer as KnowledgeAnswer
    from knowledge.kpi_catalogue import KpiEntry
    from knowledge.kpi_unheld import UnheldMetric

__all__ = ["answer_blocks", "delete_confirm_blocks", "help_blocks", "journey_list_blocks",
           "kpi_blocks", "kpi_miss_text", "text_blocks"]


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


def kpi_blocks(entry: KpiEntry, lang: str) -> list[Block]:
    """A KPI card: name, definition, formula, how to measure, pitfalls, stages (labels shared with the CLI)."""
    ja = lang == "ja"
    header = limits.truncate(f"📊 {entry.name(lang)}", limits.HEADER_TEXT)
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=header, emoji=True))]
    blocks.extend(section_blocks(entry.definition_ja if ja else entry.definition_en))
    sections = (("label.formula", entry.formula_ja if ja else entry.formula_en),
                ("label.how_to_measure", entry.how_to_measure_ja if ja else entry.how_to_measure_en),
                ("label.pitfalls", "\n".join(f"• {p}" for p in (entry.pitfalls_ja if ja else entry.pitfalls_en))))
    for label, body in sections:
        if body:
            blocks.extend(section_blocks(body, prefix=f"*{render_from(KPI_TEXTS, label, lang)}*\n"))
    separator = render_from(KPI_TEXTS, "separator", lang)
    stages = separator.join(render_from(KPI_TEXTS, f"stage.{key}", lang) for key in entry.stages)
    line = f"{render_from(KPI_TEXTS, 'label.stages', lang)}: {escape(stages)}"
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=limits.truncate(line, limits.SECTION_TEXT))]))
    return blocks[: limits.MAX_BLOCKS]


def kpi_miss_text(term: str, closest: list[KpiEntry], lang: str, unheld: UnheldMetric | None = None,
                  reason: str | None = None) -> str:
    """"Not a KPI I know" (or which metric we do not track it sounds like, `unheld`; or why no card answers it,
    `reason`, see knowledge.KpiCatalogue.miss_reason), with the closest entries — the same words as `journeybot kpi`."""
    key, near = miss_keys(unheld, reason)
    metric = escape(unheld.name(lang)) if unheld is not None else ""
    message = render_from(KPI_TEXTS, key, lang, term=escape(term[:100]), metric=metric, ask="/journey ask")
    if closest and near:
        names = render_from(KPI_TEXTS, "separator", lang).join(e.name(lang) for e in closest)
        message += "\n" + render_from(KPI_TEXTS, near, lang, names=escape(names))
    return message


def answer_blocks(result: KnowledgeAnswer) -> list[Block]:
    """An answer from the knowledge base, with the note titles it cites."""
    blocks = section_blocks(result.answer)
    if result.sources:
        cited = " · ".join(escape(source) for source in result.sources)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=limits.truncate(f"📚 {cited}",
                                                                                      limits.SECTION_TEXT))]))
    return blocks[: limits.MAX_BLOCKS]


def delete_confirm_blocks(state: SessionState, lang: str) -> list[Block]:
    """The delete prompt; the title is cut so that the confirm dialog's question fits its 300 characters."""
    question = text("delete_confirm", lang, title=escape(state.title))
    short = text("delete_confirm", lang, title=escape(limits.truncate(state.title, 150)))
    confirm = ConfirmObject(title=limits.truncate(text("delete_confirm_title", lang), limits.CONFIRM_TITLE),
                            text=MarkdownTextObject(text=limits.truncate(short, limits.CONFIRM_TEXT)),
                            confirm=limits.truncate(text("button_delete", lang), limits.CONFIRM_BUTTON),
                            deny=limits.truncate(text("button_cancel", lang), limits.CONFIRM_BUTTON), style="danger")
    buttons = [
        ButtonElement(text=PlainTextObject(text=limits.truncate(text("button_delete", lang), limits.BUTTON_TEXT)),
                      action_id=ids.DELETE_CONFIRM, value=state.journey_id, style="danger", confirm=confirm),
        ButtonElement(text=PlainTextObject(text=limits.truncate(text("button_cancel", lang), limits.BUTTON_TEXT)),
                      action_id=ids.DELETE_CANCEL, value=state.journey_id),
    ]
    return [*text_blocks(question), ActionsBlock(elements=buttons)]
