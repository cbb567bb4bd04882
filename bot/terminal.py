"""The terminal adapter: a read-line loop over the same JourneyService that Slack uses.

Each input line is one message. `/as NAME` switches the contributor (like Hubot's shell adapter),
`/quit` or `/exit` ends (so does a line that is only `quit`, `exit` or `終了`: no step's answer is that word
alone, and people type it without the slash), any other `/word` lists the commands and is stored nowhere.
Lines arrive as bytes when piped: a line that is not UTF-8 (a Shift_JIS file saved on Windows) is decoded
as cp932, or refused on its own with a clear notice while the rest of the input still runs. With `jsonl=True` it
prints one JSON line for the opening state and exactly one per input line, so scripts and tests can
follow a session without parsing prose.
"""

from __future__ import annotations

import json
import logging
import re
import shlex
import unicodedata
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TextIO

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from journeys.events import Answer
from journeys.language import stated_language
from journeys.replies import Reply, ReplyKind, Source
from journeys.service import JourneyService, Outcome
from journeys.state import SessionState
from journeys.text import clean, fold
from prompts import render_from
from prompts.terminal import TEXTS

TEAM_ID = "local"
CHANNEL_ID = "terminal"
QUIT_COMMANDS = frozenset({"/quit", "/exit", "/q"})
QUIT_WORDS = frozenset({"quit", "exit", "終了"})  # the whole line, folded
_SLASH_COMMAND = re.compile(r"^/[^\s/]+(?:\s|$)")
_log = logging.getLogger(__name__)


def decode_line(raw: bytes | str) -> str | None:
    """One input line as text: UTF-8 (a BOM dropped), else cp932 (Shift_JIS from Windows), else None.

    A `str` that carries surrogate escapes (stdin read with errors="surrogateescape") is re-read the same way.
    """
    if isinstance(raw, str):
        if "\ufffd" in raw:
            return None  # the terminal already replaced what it could not read: nothing of it is trustworthy
        try:
            raw.encode("utf-8")
            return raw
        except UnicodeEncodeError:
            raw = raw.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp932")
    except UnicodeDecodeError:
        return None
    # cp932 maps the bytes it has no character for (0xA0, 0xFD-0xFF) to private-use code points: not text.
    return None if any(unicodedata.category(ch) == "Co" for ch in text) else text

_STYLES: dict[ReplyKind, str] = {
    ReplyKind.QUESTION: "cyan",
    ReplyKind.RECORDED: "green",
    ReplyKind.WARNING: "yellow",
    ReplyKind.NOTICE: "magenta",
    ReplyKind.SUMMARY: "blue",
    ReplyKind.HELP: "white",
    ReplyKind.TIPS: "bright_black",
}


def _now() -> datetime:
    return datetime.now(UTC)


class TerminalSession:
    """One terminal session: which journey, who is speaking, and how replies are shown."""

    def __init__(self, service: JourneyService, *, author: str, jsonl: bool, out: TextIO,
                 tips: bool = True, clock: Callable[[], datetime] = _now,
                 ask: Callable[[str, str], tuple[str, tuple[str, ...]]] | None = None,
                 kpi: Callable[[str, str], str] | None = None) -> None:
        """`ask(question, lang)` answers `/ask …` from the knowledge base: (answer text, source titles);
        `kpi(term, lang)` answers `/kpi …` from the KPI catalogue, as `journeybot kpi` and Slack's `/kpi` do."""
        self._service = service
        self._ask = ask
        self._kpi = kpi
        self._author = clean(author)[:80] or "me"
        self._jsonl = jsonl
        self._out = out
        self._console = Console(file=out, highlight=False)
        self._tips = tips
        self._clock = clock
        self.state: SessionState | None = None
        self._last_tips: list[str] = []

    @property
    def author(self) -> str:
        return self._author

    def open(self, *, title: str | None, journey_id: str | None) -> bool:
        """Start a new journey or resume one; False (after saying why) when it cannot be found."""
        if journey_id:
            state = self._service.get(journey_id=journey_id)
            if state is None:
                self._say_error(render_from(TEXTS, "not_found", "en", journey_id=journey_id))
                return False
            self.state = state
            replies = [self._service.summary(state), self._service.question(state)]
        else:
            outcome = self._service.start(team_id=TEAM_ID, channel_id=CHANNEL_ID, title=title or "",
                                          author=self._author, at=self._clock(), author_name=self._author)
            self.state = outcome.state
            replies = outcome.replies + self._tips_for(outcome.state, outcome.replies)
        self._emit(replies)
        return True

    def feed(self, line: str | bytes) -> bool:
        """Handle one input line; False when it ends the session (`/quit`, `/exit`)."""
        assert self.state is not None, "open() first"
        text = decode_line(line)
        if text is None:
            self._notice("undecodable")
            return True
        text = text.rstrip("\r\n")
        command = fold(text)
        if command.strip(" .。!！") in QUIT_WORDS:  # `終了。`, `quit.`
            return self._slash("/quit", text)
        if _SLASH_COMMAND.match(command):
            return self._slash(command, text)
        event = Answer(text=text, author=self._author, message_id=f"term-{uuid.uuid4().hex}", at=self._clock(),
                       author_name=self._author)
        try:
            outcome = self._service.handle(journey_id=self.state.journey_id, event=event)
        except Exception:  # the edge of the app: say so, keep the session going, never show a traceback
            _log.exception("terminal: could not handle a message")
            self._notice("failed")
            return True
        moved = (outcome.state.step, outcome.state.current_stage) != (self.state.step, self.state.current_stage)
        self.state = outcome.state
        self._emit(outcome.replies + (self._tips_for(outcome.state, outcome.replies) if moved else []))
        return True

    def _slash(self, command: str, text: str) -> bool:
        """`/as NAME`, `/ask QUESTION`, `/kpi TERM`, `/quit`, `/exit`; anything else gets the list of commands.
        None of them is stored: in the session every other line is an answer to the step (SPEC.md)."""
        word = command.split()[0]
        if word in QUIT_COMMANDS:
            if self._jsonl:
                self._notice("bye")
            return False
        if word == "/ask":
            self._answer_question(clean(text.strip()[len(word):]))
            return True
        if word == "/kpi":
            self._look_up_kpi(clean(text.strip()[len(word):]))
            return True
        name = clean(text.strip()[len(word):])[:80] if word == "/as" else ""
        if word == "/as" and name:
            self._author = name
            self._notice("speaking_as", name=self._author)
        elif word == "/as":
            self._notice("as_usage", name=self._author)
        else:
            self._notice("commands", word=text.strip().split()[0][:40])
        return True

    def _answer_question(self, question: str) -> None:
        self._reply_with(question, "ask", self._ask)

    def _look_up_kpi(self, term: str) -> None:
        kpi = self._kpi  # a card is text without sources
        self._reply_with(term, "kpi", None if kpi is None else lambda text, lang: (kpi(text, lang), ()))

    def _reply_with(self, text: str, command: str,
                    answer: Callable[[str, str], tuple[str, tuple[str, ...]]] | None) -> None:
        """`/ask` and `/kpi`: the usage notice when empty, a notice when the source is missing or fails (a broken
        knowledge base must not end the session), else the answer in the text's language (notices stay in the
        session's)."""
        assert self.state is not None
        lang = self.state.language
        if not text:
            self._notice(f"{command}_usage")
            return
        if answer is None:
            self._notice(f"{command}_unavailable")
            return
        try:
            body, sources = answer(text, stated_language(text) or lang)  # `/kpi NPS` keeps the session's
        except Exception:
            _log.exception("terminal: could not answer /%s", command)
            self._notice(f"{command}_unavailable")
            return
        self._emit([Reply(ReplyKind.HELP, body, lang, sources=tuple(Source(title=t, ref="") for t in sources))])

    def run(self, lines: Iterable[str | bytes]) -> None:
        for line in lines:
            if not self.feed(line):
                break

    def closing(self) -> None:
        if self.state is None or self._jsonl:
            return
        self._console.print(render_from(TEXTS, "closing", self.state.language, journey_id=self.state.journey_id,
                                        author=shlex.quote(self._author)))  # resumed as the same speaker

    def _tips_for(self, state: SessionState, replies: list[Reply]) -> list[Reply]:
        if not self._tips:
            return []
        lang = next((r.lang for r in replies if r.kind is ReplyKind.QUESTION), state.language)
        tips = self._service.tips_for(state, lang=lang)
        texts = [tip.text for tip in tips]
        if texts == self._last_tips:
            return []  # the same tips as at the previous stage: once is enough
        self._last_tips = texts
        return tips

    def _emit(self, replies: list[Reply]) -> None:
        assert self.state is not None
        if self._jsonl:
            line = {"journey_id": self.state.journey_id, "step": self.state.step.value,
                    "stage": self.state.current_stage, "replies": [reply.text for reply in replies]}
            self._out.write(json.dumps(line, ensure_ascii=False) + "\n")
            self._out.flush()
            return
        for reply in replies:
            body = Text(reply.text)
            if reply.sources:
                body.append("\n" + " · ".join(source.title for source in reply.sources), style="italic")
            self._console.print(Panel(body, border_style=_STYLES.get(reply.kind, "white"),
                                      title=reply.kind.value, title_align="left"))

    def _notice(self, key: str, **values: object) -> None:
        assert self.state is not None
        lang = self.state.language
        self._emit([Reply(ReplyKind.NOTICE, render_from(TEXTS, key, lang, **values), lang)])

    def _say_error(self, text: str) -> None:
        if self._jsonl:
            self._out.write(json.dumps({"error": text}, ensure_ascii=False) + "\n")
        else:
            self._console.print(f"[red]{text}[/red]")


def outcome_text(outcome: Outcome) -> str:
    """Replies as plain text (for logs and simple callers)."""
    return "\n\n".join(reply.text for reply in outcome.replies)
