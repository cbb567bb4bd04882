"""Session commands: `chat`, `run`, `list`, `export`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from prompts import render_from
from prompts.terminal import TEXTS

if TYPE_CHECKING:
    from rich.console import Console

    from bot.settings import Settings
    from bot.wiring import Container

# Rich and the settings (pydantic-settings, ~0.4 s) are imported inside the commands: `journeybot kpi`
# and `journeybot ask` load this module too, and must not pay for a session's dependencies.


def _settings() -> Settings:
    from bot.settings import Settings

    return Settings()


def _console() -> Console:
    from rich.console import Console

    return Console()


def _container() -> Container:
    """Imported here, not at the top: every `journeybot` command pays for what this module imports."""
    from bot.wiring import Container

    return Container(_settings())


class ExportFormat(StrEnum):
    JSON = "json"
    MD = "md"
    CSV = "csv"
    PNG = "png"


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
        console = _console()
        console.print(render_from(TEXTS, "welcome", "ja") + "\n" + render_from(TEXTS, "welcome", "en"))
        if not title and not journey:
            title = console.input(f"{render_from(TEXTS, 'title_prompt', 'ja')} / "
                                  f"{render_from(TEXTS, 'title_prompt', 'en')}: ")
    if not session.open(title=title, journey_id=journey):
        raise typer.Exit(1)
    if interactive:
        console = _console()
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
    settings = _settings()
    if settings.slack_configured:
        from bot.slack.runner import run_socket

        run_socket(settings)
        return
    _console().print(f"[dim]{render_from(TEXTS, 'slack_hint', 'ja')}\n{render_from(TEXTS, 'slack_hint', 'en')}[/dim]")
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
    from rich.table import Table

    table = Table("id", "title", "team", "channel", "step", "items", "updated")
    for s in states:
        table.add_row(s.journey_id, s.title, s.team_id, s.channel_id, s.step.value, str(len(s.items)),
                      s.updated_at.isoformat()[:16])
    _console().print(table)


def export(
    journey_id: Annotated[str, typer.Argument(help="Journey id (see `journeybot list`).")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.JSON,
    output: Annotated[str, typer.Option("--output", "-o", help="File, or - for stdout.")] = "-",
    lang: Annotated[str | None, typer.Option("--lang", help="ja or en (default: the journey's).")] = None,
) -> None:
    """Export a journey map as JSON (journeymap/v1), Markdown, CSV or a PNG picture."""
    from journeys.export import to_csv, to_journey_map, to_markdown

    state = _container().service(tips=False).get(journey_id=journey_id)
    if state is None:
        typer.echo(render_from(TEXTS, "export_unknown", "en", journey_id=journey_id), err=True)
        raise typer.Exit(1)
    language = lang if lang in ("ja", "en") else state.language
    data: bytes
    if fmt is ExportFormat.JSON:
        data = (json.dumps(to_journey_map(state), ensure_ascii=False, indent=2) + "\n").encode()
    elif fmt is ExportFormat.MD:
        data = to_markdown(state, language).encode()
    elif fmt is ExportFormat.CSV:
        data = to_csv(state).encode("utf-8")
    else:
        from journeys.picture import render_png

        data = render_png(to_journey_map(state), lang=language)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        Path(output).write_bytes(data)


def register(app: typer.Typer) -> None:
    app.command()(chat)
    app.command()(run)
    app.command("list")(list_journeys)
    app.command()(export)
