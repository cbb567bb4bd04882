"""Session commands: `chat`, `run`, `list`, `export`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.commands.maps import PICTURES, Size, View, both, export_pages, write_pages
from bot.settings import Settings
from prompts import render_from
from prompts.terminal import TEXTS

if TYPE_CHECKING:
    from bot.wiring import Container


def _container() -> Container:
    """Imported here, not at the top: every `journeybot` command pays for what this module imports."""
    from bot.wiring import Container

    return Container(Settings())


class ExportFormat(StrEnum):
    JSON = "json"
    MD = "md"
    CSV = "csv"
    PNG = "png"
    SVG = "svg"
    PDF = "pdf"
    XLSX = "xlsx"


def chat(
    title: Annotated[str | None, typer.Option("--title", help="Title of a new journey.")] = None,
    author: Annotated[str, typer.Option("--as", help="Who is speaking (switch later with `/as NAME`).")] = "me",
    journey: Annotated[str | None, typer.Option("--journey", help="Resume this journey.")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON line per message, for scripts.")] = False,
    tips: Annotated[bool, typer.Option("--tips/--no-tips", help="Show knowledge-base tips at each step.")] = True,
) -> None:
    """A mapping session in the terminal: the same engine as Slack, no Slack needed. Reads stdin."""
    from bot.terminal import TerminalSession

    container = _container()
    interactive = sys.stdin.isatty() and not jsonl
    session = TerminalSession(container.service(tips=tips), author=author, jsonl=jsonl, out=sys.stdout)
    if interactive:
        console = Console()
        console.print(render_from(TEXTS, "welcome", "ja") + "\n" + render_from(TEXTS, "welcome", "en"))
        if not title and not journey:
            title = console.input(f"{render_from(TEXTS, 'title_prompt', 'ja')} / "
                                  f"{render_from(TEXTS, 'title_prompt', 'en')}: ")
    if not session.open(title=title, journey_id=journey):
        raise typer.Exit(1)
    if interactive:
        console = Console()
        try:
            while True:
                session.feed(console.input(f"[bold]{session.author}[/bold] > "))
        except (EOFError, KeyboardInterrupt):
            console.print()
    else:
        session.run(sys.stdin)
    session.closing()


def run() -> None:
    """`make run`: Slack Socket Mode when tokens are configured, otherwise the terminal session."""
    settings = Settings()
    if settings.slack_configured:
        from bot.slack.runner import run_socket

        run_socket(settings)
        return
    Console().print(f"[dim]{render_from(TEXTS, 'slack_hint', 'ja')}\n{render_from(TEXTS, 'slack_hint', 'en')}[/dim]")
    chat(title=None, author="me", journey=None, jsonl=False, tips=True)


def list_journeys(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    team: Annotated[str | None, typer.Option("--team", help="Only this workspace.")] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="Only this channel.")] = None,
) -> None:
    """Journeys, newest first."""
    states = _container().service(tips=False).list(team_id=team, channel_id=channel)
    rows = [{"id": s.journey_id, "title": s.title, "team_id": s.team_id, "channel_id": s.channel_id,
             "thread_ts": s.thread_ts, "map_type": s.map_type.value, "step": s.step.value,
             "items": len(s.items), "updated_at": s.updated_at.isoformat()} for s in states]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("id", "title", "team", "channel", "step", "items", "updated")
    for s in states:
        table.add_row(s.journey_id, s.title, s.team_id, s.channel_id, s.step.value, str(len(s.items)),
                      s.updated_at.isoformat()[:16])
    Console().print(table)


def export(
    journey_id: Annotated[str, typer.Argument(help="Journey id (see `journeybot list`).")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.JSON,
    output: Annotated[str, typer.Option("--output", "-o", help="File, or - for stdout.")] = "-",
    lang: Annotated[str | None, typer.Option("--lang", help="ja or en (default: the journey's).")] = None,
    size: Annotated[Size, typer.Option("--size", help="Picture size: auto, or slide (16:9 pages).")] = Size.AUTO,
    view: Annotated[View, typer.Option("--view", help="Picture: the map, or the impact/effort matrix.")] = View.MAP,
) -> None:
    """Export a journey map: JSON (journeymap/v1), Markdown, CSV, XLSX, or a PNG/SVG/PDF picture."""
    container = _container()
    state = container.service(tips=False).get(journey_id=journey_id)
    if state is None:
        typer.echo(render_from(TEXTS, "export_unknown", "en", journey_id=journey_id), err=True)
        raise typer.Exit(1)
    if view is View.MATRIX and fmt.value not in PICTURES:
        typer.echo(both("export.view_needs_picture"), err=True)
        raise typer.Exit(2)
    language = lang if lang in ("ja", "en") else state.language
    catalogue = container.kpis if fmt.value in PICTURES else None
    pages = export_pages(state, fmt=fmt.value, lang=language, size=size.value, view=view.value, catalogue=catalogue)
    write_pages(pages, output, fmt.value)


def register(app: typer.Typer) -> None:
    app.command()(chat)
    app.command()(run)
    app.command("list")(list_journeys)
    app.command()(export)
