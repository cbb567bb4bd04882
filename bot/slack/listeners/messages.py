"""Messages: thread replies are answers; edits and deletes change what they produced; mentions and DMs
outside a session are routed by intent (start, KPI, question). Answers, edits and deletes in a session are
acknowledged once they are in the inbox and applied right after (bot/slack/received.py).

A reply in a session thread that mentions the bot reaches us twice: as a `message` and as an `app_mention`
(same channel and ts, two event ids). It is one answer, the text after the mention: both deliveries claim it
by the message (`_message_key`), so whichever comes first records it and the other is refused. A shared file
is not an answer by its caption (the bot does not read files): the thread is told so, once, and nothing is
recorded. A message with rich_text blocks and no `text` is read from its blocks (bot/slack/rich_text.py).

Bolt already drops this bot's own events (IgnoringSelfEvents); other bots' messages are dropped here.
The workspace is always Bolt's `context.team_id` — the team that installed the app
(`authorizations[0].team_id`): in a Slack Connect channel the envelope's `team_id` may be the partner's.
"""

from __future__ import annotations

import re
from contextlib import suppress
from typing import Any

from slack_bolt import App, BoltContext

from bot.slack import cards
from bot.slack.asking import owe_answer
from bot.slack.blocks import blocks_or_text
from bot.slack.claims import event_key
from bot.slack.decode import decode
from bot.slack.deleted_threads import tell_if_deleted
from bot.slack.delivery import message_parcel
from bot.slack.deps import Deps
from bot.slack.intent import Intent, route, strip_mentions
from bot.slack.keys import at_from_ts, message_id
from bot.slack.mrkdwn import escape
from bot.slack.received import apply_received, pending_event, receive
from bot.slack.rich_text import message_text
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
            _edited(deps, event=event, body=body, team_id=team_id, bot_user_id=context.bot_user_id)
        elif subtype == "message_deleted":
            _deleted(deps, event=event, body=body, team_id=team_id)
        elif subtype in _NEW_MESSAGE_SUBTYPES and not event.get("bot_id") and event.get("user"):
            _posted(deps, event=event, body=body, team_id=team_id, bot_user_id=context.bot_user_id)

    @app.event("app_mention")
    def on_mention(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
        # Slack sends app_mention again when the message is edited (with `edited`): that is not a new request.
        if event.get("bot_id") or event.get("edited"):
            return
        team_id, bot_user_id = str(context.team_id or ""), context.bot_user_id
        journey_id = _session_of(deps, event=event, team_id=team_id, bot_user_id=bot_user_id)
        if journey_id is not None:  # in a session thread: an answer, like the `message` of the same reply
            _in_session(deps, event=event, body=body, team_id=team_id, journey_id=journey_id, bot_user_id=bot_user_id)
        else:
            _route(deps, event=event, body=body, team_id=team_id, thread_ts=event.get("thread_ts") or event["ts"])


def _text(deps: Deps, raw: object) -> str:
    return decode(str(raw or ""), name_of=deps.name)


def _fresh_bot_thread(event: dict[str, Any], bot_user_id: str | None) -> bool:
    """A reply under a message the bot posted within the last minute: maybe a session root not linked yet."""
    try:
        age = float(event["ts"]) - float(event["thread_ts"])
    except (KeyError, TypeError, ValueError):
        return False
    return bool(bot_user_id) and event.get("parent_user_id") == bot_user_id and 0 <= age < 60


def _session_of(deps: Deps, *, event: dict[str, Any], team_id: str, bot_user_id: str | None) -> str | None:
    """The journey whose thread the message is a reply in, if any. A reply under a bot message just posted
    waits a little for the link when a start is on its way in this channel (`SlackSessions.opening`): the
    reply may be an answer to a root whose link is not stored yet."""
    channel, ts, thread_ts = event["channel"], event["ts"], event.get("thread_ts")
    if not thread_ts or thread_ts == ts:
        return None
    journey_id = deps.sessions.in_thread(team_id=team_id, channel_id=channel, thread_ts=thread_ts)
    if (journey_id is None and _fresh_bot_thread(event, bot_user_id)
            and deps.sessions.opening(team_id=team_id, channel_id=channel)):
        journey_id = deps.sessions.awaited(team_id=team_id, channel_id=channel, thread_ts=thread_ts,
                                           timeout=LINK_WAIT_SECONDS)
    return journey_id


def _mentions_bot(raw: str, bot_user_id: str | None) -> bool:
    return bool(bot_user_id) and _bot_mention(str(bot_user_id)).search(raw) is not None


def _bot_mention(bot_user_id: str) -> re.Pattern[str]:
    return re.compile(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>")


def _without_bot_mention(raw: str, bot_user_id: str | None) -> str:
    """The answer in a reply that mentions the bot: what is around the mention."""
    return _bot_mention(bot_user_id).sub(" ", raw).strip() if bot_user_id else raw


def _message_key(team_id: str, channel: str, ts: str) -> str:
    """The claim of a reply mentioning the bot: the same for its `message` and its `app_mention` event."""
    return f"message:{team_id}:{channel}:{ts}"


def _posted(deps: Deps, *, event: dict[str, Any], body: dict[str, Any], team_id: str,
            bot_user_id: str | None) -> None:
    channel, ts, thread_ts = event["channel"], event["ts"], event.get("thread_ts")
    raw = message_text(event)
    is_dm = event.get("channel_type") == "im"
    journey_id = _session_of(deps, event=event, team_id=team_id, bot_user_id=bot_user_id)
    if journey_id is not None:
        _in_session(deps, event=event, body=body, team_id=team_id, journey_id=journey_id, bot_user_id=bot_user_id)
    elif _shares_files(event) and not raw.strip():
        return  # a picture or file without words, outside a session: nothing asked
    elif is_dm:
        _route(deps, event=event, body=body, team_id=team_id, thread_ts=thread_ts)
    elif (thread_ts and thread_ts != ts and bot_user_id and event.get("parent_user_id") == bot_user_id
          and not _mentions_bot(raw, bot_user_id)):
        # Under a bot message that is no session: maybe the thread of a deleted journey (checked after the ack).
        tell_if_deleted(deps, team_id=team_id, channel=channel, thread_ts=str(thread_ts), user=str(event["user"]),
                        said=raw)
    # Anything else (a channel message, a mention: the app_mention event carries it) is not ours.


def _in_session(deps: Deps, *, event: dict[str, Any], body: dict[str, Any], team_id: str, journey_id: str,
                bot_user_id: str | None) -> None:
    """A new message in a session thread: an answer, or, for a shared file, the note that files are not read."""
    channel, ts = event["channel"], event["ts"]
    raw = message_text(event)
    claim = _message_key(team_id, channel, ts) if _mentions_bot(raw, bot_user_id) else event_key(body)
    if _shares_files(event):
        _files_not_read(deps, journey_id=journey_id, channel=channel, thread_ts=str(event["thread_ts"]),
                        team_id=team_id, claim=claim)
        return
    _apply(deps, body=body, journey_id=journey_id, claim=claim,
           payload=pending_event("answer", channel_message=message_id(channel, ts), author=str(event["user"]),
                                 at=at_from_ts(ts), text=_without_bot_mention(raw, bot_user_id)))


def _shares_files(event: dict[str, Any]) -> bool:
    return bool(event.get("files")) or event.get("subtype") == "file_share"


def _files_not_read(deps: Deps, *, journey_id: str, channel: str, thread_ts: str, team_id: str,
                    claim: str | None) -> None:
    """Say once (the event's claim) that a shared file is not read as an answer; record nothing. Its caption
    is usually about the file ("インタビューメモです"), and stored as an answer it became a customer action."""
    state = deps.sessions.load(journey_id)
    notice = text("files_not_read", state.language if state is not None else deps.lang())
    message = blocks_or_text(lambda: cards.text_blocks(notice), fallback=notice)
    with suppress(AlreadyHandled):  # a retry, or the other event of the same message
        deps.delivery.owe([message_parcel(channel=channel, thread_ts=thread_ts, message=message, team=team_id)],
                          claim=claim)


def _apply(deps: Deps, *, body: dict[str, Any], journey_id: str, payload: str, claim: str | None = None) -> None:
    """Put the message in the inbox before returning (the ack); the worker applies it right after, claiming
    its Slack event id (or `claim`, which several events of one message share) with the stored answer and
    the replies it owes (bot/slack/received.py): a retry, or the same delivery on another replica, is
    applied once. Without either it is applied here."""
    event_id = claim or body.get("event_id")
    if event_id:
        receive(deps, event_id=str(event_id), journey_id=journey_id, payload=payload)
    else:
        apply_received(deps, journey_id=journey_id, event_id=None, payload=payload)


def _edited(deps: Deps, *, event: dict[str, Any], body: dict[str, Any], team_id: str,
            bot_user_id: str | None) -> None:
    message = event.get("message") or {}
    previous = event.get("previous_message") or {}
    new_text = message_text(message)
    if message.get("bot_id") or not message.get("user") or new_text == message_text(previous):
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
                                 text=_without_bot_mention(new_text, bot_user_id)))


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
    said = _text(deps, strip_mentions(message_text(event)))
    routed = route(said, kpis=deps.kpis)
    lang = deps.person_lang(user, said)
    if routed.intent is Intent.START:
        with suppress(AlreadyHandled):
            start_session(deps, team_id=team_id, channel_id=channel, title=routed.text, author=user,
                          claim=event_key(body), notify={"ephemeral": user}, author_name=deps.name(user))
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
