"""A question to the knowledge base, as the Slack surface sends it back: the answer, or a notice.

The knowledge base may live in a Chroma server (CHROMA_URL) that is down or unreachable. A question then
gets a short notice in the asker's language instead of a failed task and silence; the session itself
never needs the store (its tips come from the notes, and a failing tip is simply left out).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.slack import cards
from bot.slack.blocks import blocks_or_text
from bot.slack.deps import QuestionAnswerer
from bot.slack.mrkdwn import escape
from prompts.slack import text

__all__ = ["answer_message"]

logger = logging.getLogger(__name__)


def answer_message(knowledge: QuestionAnswerer, question: str, *, workspace: str, lang: str) -> dict[str, Any]:
    """chat.postMessage / respond arguments: the answer with its sources, or the "knowledge base down" notice."""
    try:
        result = knowledge.ask(question, workspace=workspace)
    except Exception:  # a store that is down or unreachable: say so instead of going silent
        logger.exception("The knowledge base failed to answer")
        notice = text("kb_down", lang)
        build: Callable[[], list[Any]] = lambda: cards.text_blocks(notice)  # noqa: E731
        return blocks_or_text(build, fallback=notice)
    return blocks_or_text(lambda: cards.answer_blocks(result), fallback=escape(result.answer))
