"""What the engine reads besides the state (`Context`), what it returns (`Outcome`), and the replies
every part of it gives: the step question, the summary, a notice — in the session's language.

Apart from `flow` so that the modules `flow` delegates to (`moves`, `editing`) build outcomes the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journeys.language import reply_language
from journeys.ports import KpiSuggester
from journeys.replies import Reply, ReplyKind
from journeys.state import SessionState
from journeys.summary import progress_text, question_text, summary_text
from prompts import render

__all__ = ["DEFAULT_CONTEXT", "Context", "Outcome", "notice", "question", "session_language", "summary"]


@dataclass(frozen=True)
class Context:
    """What the engine reads but does not own: the KPI catalogue and the language setting."""

    kpis: KpiSuggester | None = None
    language: str = "auto"  # BOT_LANGUAGE: auto | ja | en


@dataclass(frozen=True)
class Outcome:
    state: SessionState
    replies: list[Reply] = field(default_factory=list)
    changed: bool = False


DEFAULT_CONTEXT = Context()


def session_language(state: SessionState, ctx: Context) -> str:
    """The language of every reply in a session: BOT_LANGUAGE when fixed, else the one it started in.

    A message in the other language (`next` in a Japanese session) does not switch it (journeys.language).
    """
    return reply_language(ctx.language, default=state.language)


def question(state: SessionState, lang: str, ctx: Context = DEFAULT_CONTEXT) -> Reply:
    """The prompt for where the session is now (used after every move and by adapters on start)."""
    text = f"{progress_text(state, lang)}\n{question_text(state, lang, ctx.kpis)}"
    return Reply(ReplyKind.QUESTION, text, lang, step=state.step, stage=state.current_stage)


def summary(state: SessionState, lang: str) -> Reply:
    return Reply(ReplyKind.SUMMARY, summary_text(state, lang), lang, step=state.step, stage=state.current_stage)


def notice(state: SessionState, lang: str, key: str, **values: object) -> Outcome:
    return Outcome(state, [Reply(ReplyKind.NOTICE, render(key, lang, **values), lang,
                                 step=state.step, stage=state.current_stage)])
