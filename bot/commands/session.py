"""Session commands: `chat`, `run`, `list`, `export`, `delete`, `rename`."""

from __future__ import annotations

import io
import json
import os
import re
import sys
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.commands import container
from bot.commands.maps import PICTURES, Size, View, both, export_pages, write_pages
from journeys.text import fold
from prompts import render_from
from prompts.session import TEXTS as SESSION_TEXTS
from prompts.terminal import TEXTS

if TYPE_CHECKING:
    from bot.wiring import Container
    from journeys.service import JourneyService
    from journeys.state import SessionState




class ExportFormat(StrEnum):
    JSON = "json"
    MD = "md"
    CSV = "csv"
    PNG = "png"
    SVG = "svg"
    PDF = "pdf"
    XLSX = "xlsx"


def chat(
    ctx: typer.Context,
    title: Annotated[str | None, typer.Option("--title", help="Title of a new journey.")] = None,
    author: Annotated[str, typer.Option("--as", help="Who is speaking (switch later with `/as NAME`).")] = "me",
    journey: Annotated[str | None, typer.Option("--journey", help="Resume this journey.")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON line per message, for scripts.")] = False,
    tips: Annotated[bool, typer.Option("--tips/--no-tips", help="Show knowledge-base tips at each step.")] = True,
) -> None:
    """A mapping session in the terminal: the same engine as Slack, no Slack needed. Reads stdin."""
    _chat(container(ctx), title=title, author=author, journey=journey, jsonl=jsonl, tips=tips, offer_resume=False)


def _chat(wired: Container, *, title: str | None, author: str, journey: str | None, jsonl: bool, tips: bool,
          offer_resume: bool) -> None:
    from bot.terminal import TerminalSession

    service = wired.service(tips=tips)
    interactive = sys.stdin.isatty() and not jsonl
    def ask(question: str, lang: str) -> tuple[str, tuple[str, ...]]:  # the knowledge base loads on first use
        answer = wired.knowledge.ask(question, lang=lang)
        return answer.answer, answer.sources

    def kpi(term: str, lang: str) -> str:  # the catalogue loads on first use
        from bot.commands.kpi import answer_text

        return answer_text(wired.kpis, term, lang, ask="/ask")

    session = TerminalSession(service, author=author, jsonl=jsonl, out=sys.stdout, ask=ask, kpi=kpi)
    if interactive:
        # A line the terminal sends in another encoding must not end the session: re-read it line by line.
        if isinstance(sys.stdin, io.TextIOWrapper):
            sys.stdin.reconfigure(errors="surrogateescape")
        console = Console()
        console.print(render_from(TEXTS, "welcome", "ja") + "\n" + render_from(TEXTS, "welcome", "en"))
        if offer_resume and not title and not journey:
            journey = _offer_resume(service, console)
        if not title and not journey:
            title = _ask(console, f"{render_from(TEXTS, 'title_prompt', 'ja')} / "
                                  f"{render_from(TEXTS, 'title_prompt', 'en')}: ")
            if title is None:  # Ctrl-D at the first prompt: leave without creating an empty journey
                raise typer.Exit(0)
    try:
        if not session.open(title=title, journey_id=journey):
            raise typer.Exit(1)
        if interactive:
            while True:
                line = _ask(console, f"[bold]{escape(session.author)}[/bold] > ")
                if line is None or not session.feed(line):
                    break
        else:
            session.run(sys.stdin.buffer)
        session.closing()
    except KeyboardInterrupt:
        session.closing()
    except BrokenPipeError:  # `journeybot chat < answers.txt | head`: the reader left, so do we, quietly
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout at exit; give it a sink


_YES = frozenset({"y", "yes", "はい", "うん", "ええ", "ok"})  # what people type for yes at a prompt, folded


def _ask(console: Console, prompt: str) -> str | None:
    """One line from the person at the terminal; None when they end the input (Ctrl-D, Ctrl-C)."""
    try:
        return console.input(prompt)
    except (EOFError, KeyboardInterrupt):
        console.print()
        return None


def _offer_resume(service: JourneyService, console: Console) -> str | None:
    """The latest unfinished terminal journey, if the person wants to continue it (so `make run` does not
    leave a new empty journey behind every time)."""
    from bot.terminal import CHANNEL_ID, TEAM_ID
    from journeys.steps import Step

    unfinished = [s for s in service.list(team_id=TEAM_ID, channel_id=CHANNEL_ID) if s.step is not Step.REVIEW]
    if not unfinished:
        return None
    latest = max(unfinished, key=lambda state: state.updated_at)
    lang = latest.language
    question = render_from(TEXTS, "resume_prompt", lang, title=latest.title,
                           step=render_from(SESSION_TEXTS, f"step.{latest.step.value}", lang))
    answer = _ask(console, f"{escape(question)} [Y/n] ")
    if answer is None or fold(answer) in {"", *_YES}:  # yes by default: continuing is what `make run` is for
        return latest.journey_id
    return None


def run(ctx: typer.Context) -> None:
    """`make run`: Slack Socket Mode when tokens are configured, otherwise the terminal session."""
    if container(ctx).settings.slack_configured:
        from bot.slack.runner import run_socket

        run_socket(container(ctx))
        return
    Console().print(f"[dim]{render_from(TEXTS, 'slack_hint', 'ja')}\n{render_from(TEXTS, 'slack_hint', 'en')}[/dim]")
    _chat(container(ctx), title=None, author="me", journey=None, jsonl=False, tips=True, offer_resume=True)


def list_journeys(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    team: Annotated[str | None, typer.Option("--team", help="Only this workspace.")] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="Only this channel.")] = None,
) -> None:
    """Journeys, newest first."""
    states = container(ctx).service(tips=False).list(team_id=team, channel_id=channel)
    rows = [{"id": s.journey_id, "title": s.title, "team_id": s.team_id, "channel_id": s.channel_id,
             "thread_ts": s.thread_ts, "map_type": s.map_type.value, "step": s.step.value,
             "items": len(s.items), "created_at": s.created_at.isoformat(),
             "updated_at": s.updated_at.isoformat()} for s in states]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    # Ids are what people paste into `export`/`chat --journey`: never cut them, let the title give way.
    # The title keeps a readable width (among seven bordered columns it was folded to four characters a line):
    # no borders, team/channel only when some journey is not the terminal's, times without the year.
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id", no_wrap=True, min_width=max((len(s.journey_id) for s in states), default=2))
    table.add_column("title", overflow="fold", min_width=min(16, max((len(s.title) for s in states), default=5)))
    elsewhere = any((s.team_id, s.channel_id) != ("local", "terminal") for s in states)
    for name in (["where"] if elsewhere else []) + ["step", "items", "created", "updated"]:
        table.add_column(name, overflow="fold")
    for s in states:
        where = [escape(f"{s.team_id}/{s.channel_id}")] if elsewhere else []
        table.add_row(s.journey_id, escape(s.title), *where, s.step.value, str(len(s.items)),
                      s.created_at.strftime("%m-%d %H:%M"), s.updated_at.strftime("%m-%d %H:%M"))
    Console().print(table)


BINARY_FORMATS = frozenset({ExportFormat.PNG, ExportFormat.PDF, ExportFormat.XLSX})  # SVG is text: it may stream


def _fail(key: str, lang: str | None = None, **values: object) -> NoReturn:
    """An error in the journey's language; without a journey (an unknown id, an empty title), in both."""
    text = render_from(TEXTS, key, lang, **values) if lang else "\n".join(
        render_from(TEXTS, key, each, **values) for each in ("en", "ja"))
    typer.echo(text, err=True)
    raise typer.Exit(1)


def _output_path(output: str | None, *, fmt: ExportFormat, state: SessionState, size: Size = Size.AUTO,
                 view: View = View.MAP) -> Path | None:
    """Where the export goes (None: stdout), checked before any drawing starts.

    A picture is never written into a terminal: without `--output` it goes to a file named after the
    journey (and after the view and size, so the matrix or the slides never overwrite the map);
    `--output -` streams it on purpose.
    """
    # SVG is text: piped, one page streams; into a terminal, or as several slides, it is files like the other pictures.
    slides = size is Size.SLIDE and fmt is ExportFormat.SVG
    streams = fmt not in BINARY_FORMATS and not (fmt is ExportFormat.SVG and (sys.stdout.isatty() or slides))
    if output == "-" or (output is None and streams):
        return None
    if output is None:
        slug = re.sub(r"[^\w\-]+", "_", state.title, flags=re.UNICODE).strip("_")[:60] or "journey"
        kind = "".join(f"-{part}" for part in (
            "matrix" if view is View.MATRIX else "", "slides" if size is Size.SLIDE else "") if part)
        return Path(f"{slug}-{state.journey_id}{kind}.{fmt.value}")
    path = Path(output)
    if path.is_dir():
        _fail("export_is_folder", state.language, path=output, example=str(path / f"map.{fmt.value}"))
    if not path.parent.is_dir():
        _fail("export_no_folder", state.language, folder=str(path.parent))
    return path


def export(
    ctx: typer.Context,
    journey_id: Annotated[str, typer.Argument(help="Journey id (see `journeybot list`).")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.JSON,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", help="File, or - for stdout (default: stdout; a picture goes to a file named after the map).",
    )] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="ja or en (default: the journey's).")] = None,
    size: Annotated[Size, typer.Option("--size", help="Picture size: auto, or slide (16:9 pages).")] = Size.AUTO,
    view: Annotated[View, typer.Option("--view", help="Picture: the map, or the impact/effort matrix.")] = View.MAP,
) -> None:
    """Export a journey map: JSON (journeymap/v1), Markdown, CSV, XLSX, or a PNG/SVG/PDF picture."""
    if lang is not None and lang not in ("ja", "en"):  # `--lang fr` exported in the journey's language, without a word
        typer.echo(f"journeybot: --lang is ja or en, not {lang[:20]!r}", err=True)
        raise typer.Exit(2)
    wired = container(ctx)
    state = wired.service(tips=False).get(journey_id=journey_id)
    if state is None:
        _fail("export_unknown", journey_id=journey_id)
    if view is View.MATRIX and fmt.value not in PICTURES:
        typer.echo(both("export.view_needs_picture"), err=True)
        raise typer.Exit(2)
    path = _output_path(output, fmt=fmt, state=state, size=size, view=view)  # checked before anything is drawn
    language = lang if lang in ("ja", "en") else state.language
    catalogue = wired.kpis if fmt.value in PICTURES else None
    pages = export_pages(state, fmt=fmt.value, lang=language, size=size.value, view=view.value, catalogue=catalogue)
    try:
        written = write_pages(pages, "-" if path is None else str(path), fmt.value)
    except OSError as error:
        _fail("export_write_failed", language, path=str(path), reason=error.strerror or str(error))
    if written and (output is None or len(written) > 1):  # `deck.png` became deck-1.png, deck-2.png: say so
        typer.echo(render_from(TEXTS, "export_written", language, path=", ".join(map(str, written))), err=True)


def _agreed(question: str) -> bool:
    """A yes/no question answered in either language (`はい` too, which `typer.confirm` refused); no by default."""
    answer = typer.prompt(f"{question} [y/N]", default="", show_default=False)
    return fold(answer).strip(" .。!！") in _YES


def delete(
    ctx: typer.Context,
    journey_id: Annotated[str, typer.Argument(help="Journey id (see `journeybot list`).")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a journey and everything in it."""
    service = container(ctx).service(tips=False)
    state = service.get(journey_id=journey_id)
    if state is None:
        _fail("export_unknown", journey_id=journey_id)
    lang = state.language
    if not yes and not _agreed(render_from(TEXTS, "delete_confirm", lang, title=state.title, journey_id=journey_id,
                                           items=len(state.items))):
        typer.echo(render_from(TEXTS, "delete_kept", lang))
        raise typer.Exit(1)
    service.delete(journey_id=journey_id)
    typer.echo(render_from(TEXTS, "deleted", lang, title=state.title, journey_id=journey_id))


def rename(
    ctx: typer.Context,
    journey_id: Annotated[str, typer.Argument(help="Journey id (see `journeybot list`).")],
    title: Annotated[str, typer.Argument(help="The new title.")],
    author: Annotated[str, typer.Option("--as", help="Who renames it.")] = "cli",
) -> None:
    """Give a journey a new title (recorded like a `Title: …` answer, so the history says who did it)."""
    from journeys.service import JourneyNotFound

    service = container(ctx).service(tips=False)
    try:
        outcome = service.rename(journey_id=journey_id, title=title, author=author, at=datetime.now(UTC))
    except JourneyNotFound:
        _fail("export_unknown", journey_id=journey_id)
    if not outcome.changed:
        _fail("rename_empty")
    typer.echo(render_from(TEXTS, "renamed", outcome.state.language, title=outcome.state.title,
                           journey_id=journey_id))


def register(app: typer.Typer) -> None:
    app.command()(chat)
    app.command()(run)
    app.command("list")(list_journeys)
    app.command()(export)
    app.command()(delete)
    app.command()(rename)
