"""`/journey start|list|status|ask|export|delete|help` and `/kpi <term>`.

Each sub-command does its durable or fast part before returning (Bolt acks when the listener returns, as
the app runs with process_before_response) and hands anything slow to the worker: posting the session,
asking the knowledge base, rendering exports, checking admin rights with users.info.
"""

from __future__ import annotations

import re
from contextlib import suppress
from typing import Any, Protocol

from slack_bolt import Ack, App, BoltContext, Respond

from bot.slack import cards, exports, permissions
from bot.slack.asking import owe_answer
from bot.slack.blocks import blocks_or_text, section_blocks
from bot.slack.claims import command_key
from bot.slack.decode import decode
from bot.slack.deps import Deps
from bot.slack.intent import START_WORDS
from bot.slack.mrkdwn import escape
from bot.slack.starts import start_session
from journeys.language import detect_language
from journeys.service import AlreadyHandled
from journeys.state import SessionState
from journeys.text import fold
from prompts.slack import text

__all__ = ["register", "select_journey"]


class Subcommand(Protocol):
    def __call__(self, deps: Deps, *, ack: Ack, command: dict[str, Any], rest: str, word: str,
                 respond: Respond) -> None: ...


_JOURNEY_ID = re.compile(r"^[0-9a-f]{8,32}$")
SUBCOMMANDS: dict[str, str] = {
    **dict.fromkeys(START_WORDS, "start"),
    **dict.fromkeys(["list", "一覧", "リスト"], "list"),
    **dict.fromkeys(["status", "状況", "ステータス"], "status"),
    **dict.fromkeys(["ask", "質問", "きく"], "ask"),
    **dict.fromkeys(["export", "出力", "エクスポート"], "export"),
    **dict.fromkeys(["delete", "削除"], "delete"),
    **dict.fromkeys(["help", "ヘルプ", "?", ""], "help"),
}


def register(app: App, deps: Deps) -> None:
    @app.command("/journey")
    def journey_command(ack: Ack, command: dict[str, Any], respond: Respond, context: BoltContext) -> None:
        # Any whitespace separates the word, including the full-width space of Japanese input methods.
        word, rest = [*decode(command.get("text") or "", name_of=deps.name).split(None, 1), "", ""][:2]
        handler: Subcommand = HANDLERS.get(SUBCOMMANDS.get(fold(word), "unknown"), _unknown)
        scoped = {**command, "team_id": str(context.team_id or command.get("team_id") or "")}
        handler(deps, ack=ack, command=scoped, rest=rest.strip(), word=word, respond=respond)

    @app.command("/kpi")
    def kpi_command(ack: Ack, command: dict[str, Any]) -> None:
        _kpi(deps, ack=ack, term=decode(command.get("text") or "", name_of=deps.name).strip(),
             user=str(command.get("user_id") or ""))


def _journeys(deps: Deps, command: dict[str, Any]) -> list[SessionState]:
    """The channel's journeys, newest first: the numbering `/journey list` shows."""
    found = deps.service.list(team_id=command["team_id"], channel_id=command["channel_id"])
    return sorted(found, key=lambda s: s.created_at, reverse=True)


def _lang(deps: Deps, command: dict[str, Any], *, rest: str, word: str) -> str:
    """The language of a command's reply: what was typed after the command word when it clearly says (a
    Japanese word, an English sentence), a Japanese command word, else the person's Slack locale. An English
    command word (`help`, `list`, `status 2`) says nothing: Japanese teams type those too."""
    japanese_word = word if detect_language(word) == "ja" else None
    return deps.person_lang(str(command.get("user_id") or ""), rest, japanese_word)


def _not_found(deps: Deps, command: dict[str, Any], *, rest: str, lang: str) -> str:
    """Why no journey was found: none in this channel yet, a number past the list, or an unknown id."""
    listed = _journeys(deps, command)
    if not listed:
        return text("list_empty", lang)
    number = next((token for token in rest.split() if token.isdigit()), None)
    if number is not None and not _JOURNEY_ID.match(number):
        key = "no_such_number_one" if len(listed) == 1 else "no_such_number"
        return text(key, lang, number=int(number), count=len(listed))
    return text("not_found", lang)


def select_journey(deps: Deps, command: dict[str, Any], args: str) -> SessionState | None:
    """The journey named by a number from `/journey list` or an id — only within this workspace and channel."""
    for token in args.split():
        if _JOURNEY_ID.match(token):
            return deps.service.get(journey_id=token, team_id=command["team_id"], channel_id=command["channel_id"])
        if token.isdigit():
            listed = _journeys(deps, command)
            index = int(token) - 1
            return listed[index] if 0 <= index < len(listed) else None
    listed = _journeys(deps, command)
    return listed[0] if listed else None


def _start(deps: Deps, *, ack: Ack, command: dict[str, Any], rest: str, word: str, respond: Respond) -> None:
    """Create the journey and owe its root and first question (bot/slack/starts.py) before the ack."""
    url = str(command.get("response_url") or "")
    with suppress(AlreadyHandled):  # the same command, delivered before: its session is on its way
        start_session(deps, team_id=command["team_id"], channel_id=command["channel_id"], title=rest,
                      author=command["user_id"], claim=command_key(command, team=command["team_id"]),
                      notify={"response_url": url} if url else {}, author_name=deps.name(command["user_id"]))
    ack()


def _list(deps: Deps, *, ack: Ack, command: dict[str, Any], rest: str, word: str, respond: Respond) -> None:
    journeys, lang = _journeys(deps, command), _lang(deps, command, rest=rest, word=word)
    ack(**blocks_or_text(lambda: cards.journey_list_blocks(journeys, lang), fallback=text("list_heading", lang)))


def _status(deps: Deps, *, ack: Ack, command: dict[str, Any], rest: str, word: str, respond: Respond) -> None:
    state = select_journey(deps, command, rest)
    if state is None:
        ack(text=_not_found(deps, command, rest=rest, lang=_lang(deps, command, rest=rest, word=word)))
        return
    summary = deps.service.summary(state)
    ack(**blocks_or_text(lambda: section_blocks(summary.text), fallback=escape(summary.text)))


def _ask(deps: Deps, *, ack: Ack, command: dict[str, Any], rest: str, word: str, respond: Respond) -> None:
    lang = _lang(deps, command, rest=rest, word=word)
    if not rest:
        ack(text=text("need_question", lang))
        return
    knowledge = deps.knowledge
    if knowledge is None:
        ack(text=text("kb_unavailable", lang))
        return
    team = command["team_id"]
    with suppress(AlreadyHandled):  # the same command again (a replay another worker let through): owed once
        owe_answer(deps, question=rest, workspace=team, lang=lang, channel=command["channel_id"],
                   response_url=command.get("response_url"), claim=command_key(command, team=team))
    ack(response_type="in_channel", text=f"❓ {escape(rest)}")


def _export(deps: Deps, *, ack: Ack, command: dict[str, Any], rest: str, word: str, respond: Respond) -> None:
    unknown = exports.unknown_format(rest)
    if unknown is not None:
        ack(text=exports.unknown_format_text(unknown, _lang(deps, command, rest=rest, word=word)))
        return
    state = select_journey(deps, command, rest)
    if state is None:
        ack(text=_not_found(deps, command, rest=rest, lang=_lang(deps, command, rest=rest, word=word)))
        return
    lang = deps.lang(default=state.language)
    if state.thread_ts is None:
        ack(text=text("export_no_thread", lang))
        return
    formats = exports.formats_in(rest)
    ack(text=text("export_started", lang, title=escape(state.title)))
    deps.worker.submit(exports.export_key(state.journey_id),
                       lambda: exports.post_exports(deps, state=state, formats=formats, lang=lang))


def _delete(deps: Deps, *, ack: Ack, command: dict[str, Any], rest: str, word: str, respond: Respond) -> None:
    state = select_journey(deps, command, rest)
    if state is None:
        ack(text=_not_found(deps, command, rest=rest, lang=_lang(deps, command, rest=rest, word=word)))
        return
    ack()
    lang = deps.lang(default=state.language)
    user = command["user_id"]

    def confirm() -> None:
        if permissions.may_delete(deps, state=state, user_id=user):
            fallback = text("delete_confirm", lang, title=escape(state.title))
            respond(**blocks_or_text(lambda: cards.delete_confirm_blocks(state, lang), fallback=fallback),
                    response_type="ephemeral")
        else:
            creator = escape(deps.name(state.created_by))
            respond(text=text("delete_forbidden", lang, creator=creator), response_type="ephemeral")

    deps.worker.submit(f"delete:{state.journey_id}", confirm)


def _help(deps: Deps, *, ack: Ack, command: dict[str, Any], rest: str, word: str, respond: Respond) -> None:
    lang = _lang(deps, command, rest=rest, word=word)
    ack(**blocks_or_text(lambda: cards.help_blocks(lang), fallback=text("help", lang)))


def _unknown(deps: Deps, *, ack: Ack, command: dict[str, Any], rest: str, word: str, respond: Respond) -> None:
    lang = _lang(deps, command, rest=f"{word} {rest}".strip(), word=word)  # an unknown word may be a sentence
    message = text("unknown_command", lang, command=escape(word[:40]))
    ack(**blocks_or_text(lambda: [*cards.text_blocks(message), *cards.help_blocks(lang)], fallback=message))


def _kpi(deps: Deps, *, ack: Ack, term: str, user: str) -> None:
    lang = deps.person_lang(user, term)  # an acronym (NPS, CES) or a lone English term says nothing by itself
    if SUBCOMMANDS.get(fold(term)) == "help":  # `/kpi`, `/kpi help`: how to use it, not "help is no KPI"
        ack(text=text("need_term", lang))
        return
    if deps.kpis is None:
        ack(text=text("kb_unavailable", lang))
        return
    entry = deps.kpis.lookup(term)
    if entry is not None:
        ack(response_type="in_channel", **blocks_or_text(lambda: cards.kpi_blocks(entry, lang),
                                                         fallback=escape(entry.name(lang))))
        return
    ack(text=cards.kpi_miss_text(term, deps.kpis.closest(term, 3), lang, unheld=deps.kpis.unheld(term),
                                 reason=deps.kpis.miss_reason(term)))


HANDLERS: dict[str, Subcommand] = {
    "start": _start, "list": _list, "status": _status, "ask": _ask, "export": _export, "delete": _delete,
    "help": _help,
}
