"""`journeybot kb ingest|search` and `journeybot ask`: the knowledge base from the terminal.

`--json` output is a scripting contract (SPEC.md): search prints `[{"text","source","score"}]` best
first (one array per stdin line when no QUERY is given), ask prints `{"answer","sources","covered"}`.
Heavy imports (Chroma, the model) happen inside the commands, so other commands stay fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.commands import container

if TYPE_CHECKING:
    from knowledge.service import KnowledgeBase

__all__ = ["register"]

kb_app = typer.Typer(name="kb", help="The knowledge base: ingest a team's documents, search passages.",
                     no_args_is_help=True)

Workspace = Annotated[
    str | None, typer.Option("--workspace", "-w", help="Team (workspace) id whose own documents to use.")
]
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable output (see SPEC.md).")]


def _knowledge(ctx: typer.Context) -> KnowledgeBase:
    return container(ctx).knowledge


def _echo_json(value: object) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False))


@contextmanager
def _friendly_errors() -> Iterator[None]:
    """A store that cannot be reached or a bad setting is one clear line on stderr, not a traceback."""
    try:
        yield
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as error:  # Chroma and the model raise many types; the user needs the message
        typer.echo(f"journeybot: the knowledge base is not available: {error}", err=True)
        raise typer.Exit(1) from error


@kb_app.command("ingest")
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or directories (.md, .txt, .html).")] = None,
    workspace: Workspace = None,
    as_json: AsJson = False,
) -> None:
    """Add a team's documents to its workspace (re-running adds only what changed).

    With no PATH, re-index the shipped notes.
    """
    if paths and (not workspace or not workspace.strip()):
        typer.echo("Give the team's workspace: journeybot kb ingest PATH… --workspace T0123", err=True)
        raise typer.Exit(2)
    with _friendly_errors():
        kb = _knowledge(ctx)
        report = (kb.ingest(paths, workspace=workspace, progress=not as_json) if paths and workspace
                  else kb.sync_notes(progress=not as_json, force=True))
    assert report is not None  # a forced sync always reports
    if as_json:
        _echo_json(report.to_json())
        return
    for reason in report.skipped:
        typer.echo(f"skipped {reason}", err=True)
    typer.echo(f"{report.documents} documents: {report.added} chunks added, {report.unchanged} unchanged, "
               f"{report.removed} removed")
    if paths and report.documents == 0:
        raise typer.Exit(1)


@kb_app.command("search")
def search(
    ctx: typer.Context,
    query: Annotated[str | None, typer.Argument(help="What to look for; omitted: one query per stdin line.")] = None,
    k: Annotated[int, typer.Option("--k", "-k", min=1, max=50, help="How many passages.")] = 5,
    workspace: Workspace = None,
    as_json: AsJson = False,
) -> None:
    """The best passages for a query, with their sources, best first."""
    kb = _knowledge(ctx)
    queries = [query] if query is not None else (line.rstrip("\n") for line in sys.stdin)
    for text in queries:
        with _friendly_errors():
            passages = kb.search(text, workspace=workspace, k=k)
        if as_json:
            _echo_json([p.to_json() for p in passages])
            sys.stdout.flush()
            continue
        from rich.console import Console
        from rich.text import Text

        console = Console()
        for rank, passage in enumerate(passages, start=1):
            console.print(Text(f"{rank}. {passage.source}", style="bold"))
            console.print(Text(passage.text.strip()), "")


def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="A question about journey mapping, in Japanese or English.")],
    workspace: Workspace = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Answer language (ja/en); default: the question's.")]
    = None,
    as_json: AsJson = False,
) -> None:
    """Answer from the knowledge base with cited notes, or say it does not cover the question."""
    if lang is not None and lang not in ("ja", "en"):
        typer.echo(f"journeybot: --lang is ja or en, not {lang[:20]!r}", err=True)
        raise typer.Exit(2)
    if not question.strip():  # (the knowledge base's own reply names the Slack command)
        typer.echo('Type a question / 質問を入力してください: journeybot ask "how do we build a persona?"', err=True)
        raise typer.Exit(2)
    with _friendly_errors():
        answer = _knowledge(ctx).ask(question, workspace=workspace, lang=lang)
    if as_json:
        _echo_json(answer.to_json())
        return
    typer.echo(answer.answer)


def register(app: typer.Typer) -> None:
    app.add_typer(kb_app)
    app.command(name="ask")(ask)
