"""Messages: thread replies are answers; edits and deletes change what they produced; mentions and DMs
outside a session are routed by intent (start, KPI, question). Answers, edits and deletes in a session are
acknowledged once they are in the inbox and applied right after (bot/slack/received.py).

Bolt already drops this bot's own events (IgnoringSelfEvents); other bots' messages are dropped here.
The workspace is always Bolt's `context.team_id` — the team that installed the app
(`authorizations[0].team_id`): in a Slack Connect channel the envelope's `team_id` may be the partner's.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from slack_bolt import App, BoltContext

from bot.slack import cards
from bot.slack.asking import owe_answer
from bot.slack.blocks import blocks_or_text
from bot.slack.claims import event_key
from bot.slack.decode import decode
from bot.slack.delivery import message_parcel
from bot.slack.deps import Deps
from bot.slack.intent import Intent, route, strip_mentions
from bot.slack.keys import at_from_ts, message_id
from bot.slack.mrkdwn import escape
from bot.slack.received import apply_received, pending_event, receive
from bot.slack.starts import start_session
from journeys.service import AlreadyHandled
from prompts.slack import text

__all__ = ["register"]

_NEW_MESSAGE_SUBTYPES = {None, "thread_broadcast", "file_share"}
LINK_WAIT_SECONDS = 1.5  # well inside Slack's 3 s: how long a reply may wait for its new session's link


def register(app: App, deps: Deps) -> None:
    @app.event("message")
    def on_message(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
        subtype = event.get("subtype")
        team_id = str(context.team_id or "")
        if subtype == "message_changed":
            _edited(deps, event=event, body=body, team_id=team_id)
        elif subtype == "message_deleted":
            _deleted(deps, event=event, body=body, team_id=team_id)
        elif subtype in _NEW_MESSAGE_SUBTYPES and not event.get("bot_id") and event.get("user"):
            _posted(deps, event=event, body=body, team_id=team_id, bot_user_id=context.bot_user_id)

    @app.event("app_mention")
    def on_mention(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
        # Slack sends app_mention again when the message is edited (with `edited`): that is not a new request.
        if not event.get("bot_id") and not event.get("edited"):
            _route(deps, event=event, body=body, team_id=str(context.team_id or ""),
                   thread_ts=event.get("thread_ts") or event["ts"])


def _text(deps: Deps, raw: object) -> str:
    return decode(str(raw or ""), name_of=deps.name)


def _fresh_bot_thread(event: dict[str, Any], bot_user_id: str | None) -> bool:
    """A reply under a message the bot posted within the last minute: maybe a session root not linked yet."""
    try:
        age = float(event["ts"]) - float(event["thread_ts"])
    except (KeyError, TypeError, ValueError):
        return False
    return bool(bot_user_id) and event.get("parent_user_id") == bot_user_id and 0 <= age < 60


def _posted(deps: Deps, *, event: dict[str, Any], body: dict[str, Any], team_id: str,
            bot_user_id: str | None) -> None:
    channel, ts, thread_ts = event["channel"], event["ts"], event.get("thread_ts")
    raw = str(event.get("text") or "")
    if event.get("subtype") == "file_share" and not raw.strip():
        return  # a picture or file without words is not an answer
    is_dm = event.get("channel_type") == "im"
    if not is_dm and bot_user_id and f"<@{bot_user_id}>" in raw:
        return  # a mention: the app_mention event carries it
    journey_id = deps.sessions.in_thread(team_id=team_id, channel_id=channel,
                                         thread_ts=thread_ts if thread_ts != ts else None)
    if journey_id is None and thread_ts and thread_ts != ts and _fresh_bot_thread(event, bot_user_id):
        journey_id = deps.sessions.awaited(team_id=team_id, channel_id=channel, thread_ts=thread_ts,
                                           timeout=LINK_WAIT_SECONDS)
    if journey_id is not None:
        _apply(deps, body=body, journey_id=journey_id,
               payload=pending_event("answer", channel_message=message_id(channel, ts), author=str(event["user"]),
                                     at=at_from_ts(ts), text=raw))
    elif is_dm:
        _route(deps, event=event, body=body, team_id=team_id, thread_ts=thread_ts)


def _apply(deps: Deps, *, body: dict[str, Any], journey_id: str, payload: str) -> None:
    """Put the message in the inbox before returning (the ack); the worker applies it right after, claiming
    its Slack event id with the stored answer and the replies it owes (bot/slack/received.py): a retry, or
    the same delivery on another replica, is applied once. Without an event id it is applied here."""
    event_id = body.get("event_id")
    if event_id:
        receive(deps, event_id=str(event_id), journey_id=journey_id, payload=payload)
    else:
        apply_received(deps, journey_id=journey_id, event_id=None, payload=payload)


def _edited(deps: Deps, *, event: dict[str, Any], body: dict[str, Any], team_id: str) -> None:
    message = event.get("message") or {}
    previous = event.get("previous_message") or {}
    if message.get("bot_id") or not message.get("user") or message.get("text") == previous.get("text"):
        return  # other bots, our own chat.update, unfurls and reply-count bumps
    channel, ts = event["channel"], message.get("ts", "")
    thread_ts = message.get("thread_ts")
    journey_id = deps.sessions.in_thread(team_id=team_id, channel_id=channel,
                                         thread_ts=thread_ts if thread_ts != ts else None)
    if journey_id is None:
        return
    _apply(deps, body=body, journey_id=journey_id,
           payload=pending_event("edit", channel_message=message_id(channel, ts), author=str(message["user"]),
                                 at=at_from_ts(event.get("event_ts") or event.get("ts")),
                                 text=str(message.get("text") or "")))


def _deleted(deps: Deps, *, event: dict[str, Any], body: dict[str, Any], team_id: str) -> None:
    channel, deleted_ts = event["channel"], event.get("deleted_ts") or ""
    previous = event.get("previous_message") or {}
    if previous.get("bot_id"):
        return
    mid = message_id(channel, deleted_ts)
    journey_id = deps.sessions.in_thread(team_id=team_id, channel_id=channel, thread_ts=previous.get("thread_ts"))
    if journey_id is None:
        # Slack may omit previous_message: look through this channel's journeys for the message.
        journey_id = next((s.journey_id for s in deps.service.list(team_id=team_id, channel_id=channel)
                           if s.has_message(mid)), None)
    if journey_id is None:
        return
    _apply(deps, body=body, journey_id=journey_id,
           payload=pending_event("delete", channel_message=mid, author=str(previous.get("user") or ""),
                                 at=at_from_ts(event.get("event_ts") or event.get("ts"))))


def _route(deps: Deps, *, event: dict[str, Any], body: dict[str, Any], team_id: str, thread_ts: str | None) -> None:
    """A mention, or a DM outside a session: start one, show a KPI, or answer from the knowledge base.
    A start claims the event with the new journey (bot/slack/starts.py); the others with the reply they owe."""
    channel, user = event["channel"], event.get("user") or ""
    said = _text(deps, strip_mentions(str(event.get("text") or "")))
    routed = route(said, kpis=deps.kpis)
    lang = deps.lang(said)
    if routed.intent is Intent.START:
        with suppress(AlreadyHandled):
            start_session(deps, team_id=team_id, channel_id=channel, title=routed.text, author=user,
                          claim=event_key(body), notify={"ephemeral": user})
        return
    if routed.intent is Intent.QUESTION and deps.knowledge is not None:
        with suppress(AlreadyHandled):  # claimed with the answer it owes: a retry owes nothing more
            owe_answer(deps, question=routed.text, workspace=team_id, lang=lang, channel=channel, thread_ts=thread_ts,
                       claim=event_key(body))
        return
    if routed.intent is Intent.KPI:
        build = lambda: cards.kpi_blocks(routed.kpi, lang)  # noqa: E731
    elif routed.intent is Intent.QUESTION:
        build = lambda: cards.text_blocks(text("kb_unavailable", lang))  # noqa: E731
    else:
        build = lambda: [*cards.text_blocks(text("mention_hint", lang)), *cards.help_blocks(lang)]  # noqa: E731
    fallback = text("mention_hint", lang) if routed.intent is Intent.HELP else escape(routed.text)
    reply = message_parcel(channel=channel, thread_ts=thread_ts, message=blocks_or_text(build, fallback=fallback),
                           team=team_id)
    with suppress(AlreadyHandled):  # claimed with the reply it owes, like a question's answer
        deps.delivery.owe([reply], claim=event_key(body))
