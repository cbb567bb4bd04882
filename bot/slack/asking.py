"""A question to the knowledge base, as the Slack surface sends it back: the answer, or a notice.

A question stores nothing, but its answer is owed all the same: `/journey ask` and a mention asking a
question commit an *answer* parcel to the outbox with the request's claim (`owe_answer`), and whichever
process delivers it looks the answer up and posts it (`deliver_answer`). So a process killed right after
the ack leaves the answer to the next one, like every other reply (bot/slack/delivery.py).

The knowledge base may live in a Chroma server (CHROMA_URL) that is down or unreachable. A question then
gets a short notice in the asker's language instead of a failed task and silence; the session itself
never needs the store (its tips come from the notes, and a failing tip is simply left out).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

from slack_sdk.webhook import WebhookClient

from bot.slack import cards
from bot.slack.blocks import blocks_or_text
from bot.slack.delivery import destination
from bot.slack.deps import Deps, QuestionAnswerer
from bot.slack.mrkdwn import escape
from prompts.slack import text

__all__ = ["ANSWER_KIND", "answer_message", "deliver_answer", "owe_answer"]

ANSWER_KIND = "answer"

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


# How long a failing response_url is tried before the answer goes to the channel with the bot's token instead: retried
# without end it held every later answer owed in that channel (they are delivered in order).
RESPONSE_URL_PATIENCE = 60.0


def owe_answer(deps: Deps, *, question: str, workspace: str, lang: str, channel: str, thread_ts: str | None = None,
               response_url: str | None = None, claim: str | None = None) -> None:
    """Owe the answer to `question`, posted in `channel` (a thread) or through the slash command's
    `response_url`; AlreadyHandled when `claim` was claimed before (Slack's retry, another replica)."""
    payload = {"kind": ANSWER_KIND, "question": question, "workspace": workspace, "team": workspace, "lang": lang,
               "channel": channel, "thread_ts": thread_ts, "response_url": response_url, "owed_at": time.time()}
    deps.delivery.owe([(destination(channel, thread_ts), json.dumps(payload, ensure_ascii=False))], claim=claim)


def deliver_answer(deps: Deps, payload: dict[str, Any], *, retry: bool) -> None:
    """Look the answer up and post it (a Delivery kind handler: what it raises is tried again later)."""
    lang = str(payload.get("lang") or "ja")
    if deps.knowledge is None:
        notice = text("kb_unavailable", lang)
        message = blocks_or_text(lambda: cards.text_blocks(notice), fallback=notice)
    else:
        message = answer_message(deps.knowledge, str(payload["question"]), workspace=str(payload["workspace"]),
                                 lang=lang)
    age = time.time() - float(payload.get("owed_at") or time.time())
    if payload.get("response_url") and age <= RESPONSE_URL_PATIENCE:
        response = WebhookClient(str(payload["response_url"])).send(
            **message, response_type="in_channel", replace_original=False)
        if response.status_code >= 500:
            raise OSError(f"response_url answered {response.status_code}")  # postponed, tried again
        if response.status_code >= 400:  # expired (30 minutes) or gone: nothing more can be done
            logger.warning("An answer could not be posted through its response_url: %s", response.status_code)
        return
    deps.client.chat_postMessage(channel=str(payload["channel"]), thread_ts=payload.get("thread_ts"), **message)
