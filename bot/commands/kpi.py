"""`journeybot kpi TERM`: look a KPI up in the catalogue — the same lookup Slack's `/kpi` uses.

`--json` is the scripting contract (SPEC.md): the entry with its canonical "id", or `null`.
Without it the entry is rendered for people, in the language of the query unless `--lang` says otherwise.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from knowledge.source_titles import source_title
from prompts import render_from
from prompts.kpi import TEXTS, miss_keys

if TYPE_CHECKING:  # Rich is imported when something is rendered: `kpi --json` never pays for it
    from rich.console import Group
    from rich.panel import Panel

    # The catalogue is imported by the command that reads it: every other command (`serve` above all, where
    # it was a tenth of the time to ready) starts without it.
    from knowledge.kpi_catalogue import KpiCatalogue, KpiEntry
    from knowledge.kpi_unheld import UnheldMetric

__all__ = ["answer_text", "entry_rows", "entry_text", "miss_lines", "register", "render_entry", "render_miss"]

ASK_COMMAND = "journeybot ask"  # how the command line asks the knowledge base


class Lang(StrEnum):
    AUTO = "auto"
    JA = "ja"
    EN = "en"


def entry_rows(entry: KpiEntry, lang: str) -> list[tuple[str, str]]:
    """A card's labelled rows, in the order people read them (the terminal panel and the session's `/kpi`)."""
    en = lang == "en"
    separator = render_from(TEXTS, "separator", lang)
    bullet = "• " if en else "・"  # no space in Japanese: a space is where Rich would break the line
    rows: list[tuple[str, str]] = [
        ("label.definition", entry.definition_en if en else entry.definition_ja),
        ("label.formula", entry.formula_en if en else entry.formula_ja),
        ("label.stages", separator.join(render_from(TEXTS, f"stage.{key}", lang) for key in entry.stages)),
        ("label.how_to_measure", entry.how_to_measure_en if en else entry.how_to_measure_ja),
        ("label.pitfalls", "\n".join(f"{bullet}{p}" for p in (entry.pitfalls_en if en else entry.pitfalls_ja))),
        ("label.aliases", separator.join(entry.aliases)),
    ]
    if entry.sources:
        rows.append(("label.sources", separator.join(source_title(source, lang) for source in entry.sources)))
    return [(render_from(TEXTS, label, lang), value) for label, value in rows]


def render_entry(entry: KpiEntry, lang: str) -> Panel:
    """A KPI for the terminal. Catalogue text goes in as `Text`, so brackets in it are never Rich markup."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for label, value in entry_rows(entry, lang):
        table.add_row(Text(label), Text(value, overflow="fold"))
    return Panel(table, title=Text(entry.name(lang), style="bold"), title_align="left")  # names, never ids


def entry_text(entry: KpiEntry, lang: str) -> str:
    """A card as plain text: its name, then each row (the terminal session's `/kpi`, where a reply is text)."""
    return "\n".join([f"📊 {entry.name(lang)}", *(f"{label}: {value}" for label, value in entry_rows(entry, lang))])


def miss_lines(term: str, closest: list[KpiEntry], known: list[KpiEntry], lang: str,
               unheld: UnheldMetric | None = None, reason: str | None = None, ask: str = ASK_COMMAND) -> list[str]:
    """The "not a KPI I know" reply — or, for a metric the catalogue knows it lacks (`unheld`), which one it
    sounds like; for a benchmark, the team's own figure or a question no card answers (`reason`, see
    KpiCatalogue.miss_reason), why — then the nearest names (or some examples when nothing is near; none for a
    question about KPIs in general)."""
    separator = render_from(TEXTS, "separator", lang)
    key, near = miss_keys(unheld, reason)
    metric = unheld.name(lang) if unheld is not None else ""
    lines = [render_from(TEXTS, key, lang, term=term.strip(), metric=metric, ask=ask)]
    if not near:
        return lines
    if closest:
        lines.append(render_from(TEXTS, near, lang, names=separator.join(entry.name(lang) for entry in closest)))
    else:
        lines.append(render_from(TEXTS, "known", lang, names=separator.join(entry.name(lang) for entry in known)))
    return lines


def render_miss(term: str, closest: list[KpiEntry], known: list[KpiEntry], lang: str,
                unheld: UnheldMetric | None = None, reason: str | None = None) -> Group:
    """`miss_lines` for the terminal: the first line bold, the examples (when nothing is near) dim."""
    from rich.console import Group
    from rich.text import Text

    first, *rest = miss_lines(term, closest, known, lang, unheld=unheld, reason=reason)
    return Group(Text(first, style="bold", overflow="fold"),
                 *(Text(line, style="" if closest else "dim", overflow="fold") for line in rest))


def answer_text(catalogue: KpiCatalogue, term: str, lang: str, ask: str = ASK_COMMAND) -> str:
    """The look-up as plain text, as `journeybot kpi` shows it: the card, or the miss with the nearest names (`ask`:
    how the surface asks the knowledge base, for a question no card answers)."""
    entry = catalogue.lookup(term)
    if entry is not None:
        return entry_text(entry, lang)
    return "\n".join(miss_lines(term, catalogue.closest(term), list(catalogue)[:5], lang,
                                 unheld=catalogue.unheld(term), reason=catalogue.miss_reason(term), ask=ask))


def kpi(
    term: Annotated[str, typer.Argument(help="A KPI name, abbreviation or question (Japanese or English).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the entry as JSON, or null.")] = False,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the rendering.")] = Lang.AUTO,
) -> None:
    """What a KPI means, how to compute and measure it, which stage it fits, and its pitfalls."""
    from knowledge.kpi_catalogue import KpiCatalogue, detect_language

    catalogue = KpiCatalogue.default()
    entry = catalogue.lookup(term)
    if as_json:
        typer.echo(json.dumps(entry.to_json() if entry else None, ensure_ascii=False))
        return
    language = detect_language(term) if lang is Lang.AUTO else lang.value
    from rich.console import Console

    console = Console()
    if entry is not None:
        console.print(render_entry(entry, language))
    else:  # the entries nearest the term; a few examples only when nothing is near
        console.print(render_miss(term, catalogue.closest(term), list(catalogue)[:5], language,
                                  unheld=catalogue.unheld(term), reason=catalogue.miss_reason(term)))


def register(app: typer.Typer) -> None:
    app.command(name="kpi")(kpi)
