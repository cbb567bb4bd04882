"""Map files: the bytes of every export format, written to a file, pages or stdout; and `journeybot import`.

`export` (in `session.py`) asks `export_pages` for the bytes; pictures may have several pages (slides),
written as FILE-1.png, FILE-2.png… The picture gets each KPI's catalogue name beside the name the team
typed (never the internal id), which only this layer can look up.
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bot.commands import container
from prompts.export import counts, listed, message

if TYPE_CHECKING:
    from journeys.state import SessionState
    from knowledge.kpi_catalogue import KpiCatalogue

PICTURES = ("png", "svg", "pdf")


class View(StrEnum):
    MAP = "map"
    MATRIX = "matrix"


class Size(StrEnum):
    AUTO = "auto"
    SLIDE = "slide"


def both(key: str, /, **values: object) -> str:
    """A CLI message in English, then Japanese: the command line has no session language to follow.
    (`key` is positional-only: a message's own values may be called anything.)"""
    return f"{message(key, 'en', **values)}\n{message(key, 'ja', **values)}"


def with_catalogue_names(journey_map: dict[str, Any], catalogue: KpiCatalogue, lang: str) -> dict[str, Any]:
    """The map with `catalogue_name` on each KPI the catalogue knows, so the picture can show both names."""
    for stage in journey_map.get("stages", []):
        for kpi in stage.get("kpis", []):
            entry = catalogue.get(kpi.get("id") or "")
            if entry is not None:
                kpi["catalogue_name"] = entry.name_en if lang == "en" else entry.name_ja
    return journey_map


def export_pages(state: SessionState, *, fmt: str, lang: str, size: str = "auto", view: str = "map",
                 catalogue: KpiCatalogue | None = None, names: Mapping[str, str] | None = None) -> list[bytes]:
    """The export as bytes: one element, or one per page for a PNG/SVG picture of several pages."""
    from journeys.export import to_csv, to_journey_map, to_markdown, to_xlsx

    if fmt == "json":
        return [(json.dumps(to_journey_map(state), ensure_ascii=False, indent=2) + "\n").encode()]
    if fmt == "md":
        return [to_markdown(state, lang).encode()]
    if fmt == "csv":
        return [to_csv(state, lang=lang, names=names).encode("utf-8")]
    if fmt == "xlsx":
        return [to_xlsx(state, lang=lang, names=names)]
    journey_map = to_journey_map(state)
    if catalogue is not None:
        journey_map = with_catalogue_names(journey_map, catalogue, lang)
    if view == "matrix":
        from journeys.picture import render_matrix

        return render_matrix(journey_map, fmt=fmt, lang=lang)
    from journeys.picture import render

    return render(journey_map, fmt=fmt, size=size, lang=lang)


def write_pages(pages: list[bytes], output: str, fmt: str) -> list[Path]:
    """stdout or FILE for one page; FILE-1.ext, FILE-2.ext… for several (stdout cannot hold several).
    Returns the files written (none for stdout)."""
    if len(pages) > 1 and output == "-":
        typer.echo(both("export.pages_need_files", pages=len(pages)), err=True)
        raise typer.Exit(2)
    if output == "-":
        sys.stdout.buffer.write(pages[0])
        sys.stdout.buffer.flush()
        return []
    path = Path(output)
    if len(pages) == 1:
        path.write_bytes(pages[0])
        return [path]
    suffix = path.suffix or f".{fmt}"
    written = [path.with_name(f"{path.stem}-{number}{suffix}") for number in range(1, len(pages) + 1)]
    for page, target in zip(pages, written, strict=True):
        target.write_bytes(page)
    return written


def import_map(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A journeymap/v1 JSON file (from `journeybot export --format json`).")],
    team: Annotated[str | None, typer.Option("--team", help="Workspace (default: the map's, or local).")] = None,
    channel: Annotated[str | None, typer.Option("--channel", help="Channel (default: the map's, or terminal).")] = None,
    author: Annotated[str, typer.Option("--as", help="Who imports it (when the map names nobody).")] = "me",
) -> None:
    """Restore a journeymap/v1 JSON file as a new journey; prints its id."""
    from bot.terminal import CHANNEL_ID, TEAM_ID
    from journeys.export import MAX_IMPORT_BYTES, MapImportError, anonymous_votes, from_journey_map, read_journey_map
    from journeys.export.map_shape import plain

    try:
        with file.open("rb") as handle:
            raw = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError:
        typer.echo(both("import.unreadable", path=str(file)), err=True)
        raise typer.Exit(1) from None
    try:
        data = read_journey_map(raw)
    except MapImportError as error:
        typer.echo(both(f"import.{error.reason}", **error.params), err=True)
        raise typer.Exit(1) from None
    state = from_journey_map(
        data,
        journey_id=uuid.uuid4().hex[:12],
        team_id=team or plain(data.get("team_id")) or TEAM_ID,  # plain: no NUL a database would refuse
        channel_id=channel or plain(data.get("channel_id")) or CHANNEL_ID,
        author=author,
        at=datetime.now(UTC),
    )
    repository = container(ctx).repository
    saved = repository.create(state)
    lang = saved.language
    typer.echo(message("import.done", lang, title=saved.title, journey_id=saved.journey_id,
                       counts=counts(lang, stages=len(saved.stages), items=len(saved.items),
                                     votes_cast=len(saved.votes), reviews=len(saved.reviews))), err=True)
    if same := _same_title(repository.list(), saved, original=plain(data.get("id"))):
        typer.echo(message("import.same_title", lang, ids=listed(lang, same), n=len(same), journey_id=saved.journey_id),
                   err=True)
    if anonymous := anonymous_votes(saved):
        typer.echo(both("import.anonymous_votes", n=anonymous), err=True)
    typer.echo(saved.journey_id)


def _same_title(journeys: list[SessionState], saved: SessionState, *, original: str) -> list[str]:
    """The other journeys titled like the one just imported (the map's original among them, marked as such):
    the import keeps the title the team gave the map, and says which id is which, as `journeybot list`
    shows both under that title."""
    return [message("import.original", saved.language, journey_id=j.journey_id) if j.journey_id == original
            else j.journey_id for j in journeys if j.title == saved.title and j.journey_id != saved.journey_id]


def register(app: typer.Typer) -> None:
    app.command("import")(import_map)
