"""The terminal adapter: a read-line loop over the same JourneyService that Slack uses.

Each input line is one message. `/as NAME` switches the contributor (like Hubot's shell adapter),
`/quit` ends. With `jsonl=True` it prints one JSON line for the opening state and exactly one per
input line, so scripts and tests can follow a session without parsing prose.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TextIO

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from journeys.events import Answer
from journeys.replies import Reply, ReplyKind
from journeys.service import JourneyService, Outcome
from journeys.state import SessionState
from journeys.text import clean
from prompts import render_from
from prompts.terminal import TEXTS

TEAM_ID = "local"
CHANNEL_ID = "terminal"

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
                 tips: bool = True, clock: Callable[[], datetime] = _now) -> None:
        self._service = service
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
                                          author=self._author, at=self._clock())
            self.state = outcome.state
            replies = outcome.replies + self._tips_for(outcome.state, outcome.replies)
        self._emit(replies)
        return True

    def feed(self, line: str) -> None:
        assert self.state is not None, "open() first"
        command = line.strip()
        if command.startswith("/as ") and command[4:].strip():
            self._author = clean(command[4:])[:80] or self._author
            self._emit([Reply(ReplyKind.NOTICE, render_from(TEXTS, "speaking_as", self.state.language,
                                                            name=self._author), self.state.language)])
            return
        event = Answer(text=line, author=self._author, message_id=f"term-{uuid.uuid4().hex}", at=self._clock())
        outcome = self._service.handle(journey_id=self.state.journey_id, event=event)
        moved = (outcome.state.step, outcome.state.current_stage) != (self.state.step, self.state.current_stage)
        self.state = outcome.state
        self._emit(outcome.replies + (self._tips_for(outcome.state, outcome.replies) if moved else []))

    def run(self, lines: Iterable[str]) -> None:
        for line in lines:
            if line.strip() in ("/quit", "/exit"):
                break
            self.feed(line.rstrip("\n"))

    def closing(self) -> None:
        if self.state is None or self._jsonl:
            return
        self._console.print(render_from(TEXTS, "closing", self.state.language, journey_id=self.state.journey_id))

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

    def _say_error(self, text: str) -> None:
        if self._jsonl:
            self._out.write(json.dumps({"error": text}, ensure_ascii=False) + "\n")
        else:
            self._console.print(f"[red]{text}[/red]")


def outcome_text(outcome: Outcome) -> str:
    """Replies as plain text (for logs and simple callers)."""
    return "\n\n".join(reply.text for reply in outcome.replies)
