"""The XLSX workbook: the map as a grid (stages as columns, lanes as rows) and one sheet per lane.

The grid is what a team prints or pastes into a deck, with the scheduled reviews' dates under it; the lane
sheets (persona, touchpoints, …) have impact, effort, votes, a pain point's touchpoint, author and time in
their own typed columns, so they can be sorted and filtered. Headers and lane names follow the map's
language. Every user text is written as a string cell, so text starting with "=" is never run as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from journeys.emotions import emotion_order, latest_score
from journeys.export.grouping import StageGroup, answer_words, channel, clamp, group_items, map_lanes
from journeys.export.item_table import COLUMNS, VoteCount, item_records, kind_label
from journeys.state import Item, SessionState
from journeys.steps import ItemKind
from journeys.voting import vote_counter
from prompts.export import (
    CHANNEL_WORDS,
    EMOTION_WORDS,
    LEVEL_WORDS,
    column_labels,
    export_labels,
    export_lang,
    label_for,
    votes_label,
)

__all__ = ["to_xlsx"]

_HEADER_FILL = PatternFill("solid", fgColor="1B3A5C")
_LANE_FILL = PatternFill("solid", fgColor="EAF4FA")
_WIDTHS = {"stage": 14, "text": 48, "touchpoint": 20, "detail": 40, "author": 16, "at": 20, "item_id": 14, "kind": 14}
_FORBIDDEN_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})


def _safe(value: Any) -> Any:
    """Characters XML cannot hold (control characters) would make the file unreadable: dropped."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


CELL_LIMIT = 32_767  # characters Excel keeps in a cell; it cut the rest without a mark (and a stage's other items)


def _fitted(text: str) -> str:
    """The text whole, or cut where a cell ends with the number of characters left out said (the JSON, Markdown and
    CSV exports hold it all)."""
    if len(text) <= CELL_LIMIT:
        return text
    kept = CELL_LIMIT - 24
    return f"{text[:kept]} …[+{len(text) - kept:,}]"


def _put(sheet: Worksheet, row: int, column: int, value: Any) -> None:
    cell = sheet.cell(row=row, column=column)
    value = _fitted(_safe(value)) if isinstance(value, str) else value
    cell.value = _safe(value.replace(tzinfo=None) if isinstance(value, datetime) else value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"


def _bullet(item: Item, lang: str, count: VoteCount) -> str:
    """One item as a line of the grid, with its kind's own fields."""
    levels, labels = LEVEL_WORDS[lang], export_labels(lang)
    if item.kind == ItemKind.TOUCHPOINT:
        return f"• {item.text} ({CHANNEL_WORDS[lang][channel(item)]})"
    if item.kind == ItemKind.OPPORTUNITY:
        impact, effort, votes = clamp(item.impact, 1, 3), clamp(item.effort, 1, 3), count(item)
        parts = [f"{labels['impact']} {levels[impact]}" if impact else "",
                 f"{labels['effort']} {levels[effort]}" if effort else "", votes_label(votes, lang) if votes else ""]
        detail = " · ".join(p for p in parts if p)
        return f"• {item.text}" + (f" ({detail})" if detail else "")
    if item.kind == ItemKind.PAIN_POINT:
        votes = count(item)
        parts = [f"@{item.touchpoint}" if item.touchpoint else "", votes_label(votes, lang) if votes else ""]
        detail = " · ".join(p for p in parts if p)
        return f"• {item.text}" + (f" ({detail})" if detail else "")
    if item.kind == ItemKind.KPI and item.target:
        return f"• {item.text} ({labels['target']} {item.target})"
    return f"• {item.text}"


def _grid_cell(stage: StageGroup, kind: ItemKind, lang: str, count: VoteCount) -> str:
    items = stage.items[kind]
    if kind != ItemKind.EMOTION:
        return "\n".join(_bullet(item, lang, count) for item in items)
    score = latest_score(items)
    signed = "" if score is None else f"{score:+d}" if score else "0"
    head = [] if score is None else [f"{signed} {EMOTION_WORDS[lang][score]}"]
    return "\n".join([*head, *(f"• {_emotion_answer(item)}" for item in emotion_order(items))])


def _emotion_answer(item: Item) -> str:
    """One person's answer with its score and the words besides it ("-2 😡", not "😡"; "+1", not "1")."""
    if item.score is None:
        return item.text
    words = answer_words(item.text, item.score)
    signed = f"{item.score:+d}" if item.score else "0"
    return f"{signed} {words}" if words else signed


def _grid(sheet: Worksheet, state: SessionState, lang: str) -> None:
    grouped, wrap = group_items(state), Alignment(wrap_text=True, vertical="top")
    _put(sheet, 1, 1, state.title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    _put(sheet, 2, 1, export_labels(lang)["stages"])
    sheet.column_dimensions["A"].width = 18
    for col, stage in enumerate(grouped.stages, start=2):
        _put(sheet, 2, col, f"{stage.position}. {stage.name}")
        sheet.cell(row=2, column=col).font = Font(bold=True, color="FFFFFF")
        sheet.cell(row=2, column=col).fill = _HEADER_FILL
        sheet.column_dimensions[get_column_letter(col)].width = 34
    lanes = map_lanes(state.map_type)
    for row, kind in enumerate(lanes, start=3):
        _put(sheet, row, 1, kind_label(kind, lang))
        sheet.cell(row=row, column=1).font = Font(bold=True)
        sheet.cell(row=row, column=1).fill = _LANE_FILL
        for col, stage in enumerate(grouped.stages, start=2):
            _put(sheet, row, col, _grid_cell(stage, kind, lang, vote_counter(state)))
            sheet.cell(row=row, column=col).alignment = wrap
    if state.reviews:  # under the grid, a row apart, as in the Markdown: the scheduled reviews' dates
        row = 3 + len(lanes) + 1
        _put(sheet, row, 1, label_for("reviews", len(state.reviews), lang))
        sheet.cell(row=row, column=1).font = Font(bold=True)
        _put(sheet, row, 2, ", ".join(review.due_on.isoformat() for review in state.reviews))
    sheet.freeze_panes = "B3"


def _lane_sheet(sheet: Worksheet, records: list[dict[str, Any]], lang: str) -> None:
    labels = column_labels(lang)
    for col, column in enumerate(COLUMNS, start=1):
        _put(sheet, 1, col, labels[column])
        sheet.cell(row=1, column=col).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(col)].width = _WIDTHS.get(column, 12)
    for row, record in enumerate(records, start=2):
        for col, column in enumerate(COLUMNS, start=1):
            _put(sheet, row, col, record[column])
        sheet.cell(row=row, column=COLUMNS.index("text") + 1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, len(records)) + 1}"


def to_xlsx(state: SessionState, *, lang: str | None = None, names: Mapping[str, str] | None = None) -> bytes:
    """The workbook: "Map" grid first, then persona and each lane; items of no current stage last."""
    language = export_lang(lang or state.language)
    book = Workbook()
    grid = book.active
    assert grid is not None  # a new workbook always has its first sheet
    grid.title = export_labels(language)["map_sheet"]
    _grid(grid, state, language)
    records = item_records(state, lang=language, names=names)
    ids = {item.item_id: item for item in state.items}
    for kind in (ItemKind.PERSONA, *map_lanes(state.map_type)):
        title = kind_label(kind, language).translate(_FORBIDDEN_IN_SHEET_NAMES)[:31]
        mine = [r for r in records if ids[r["item_id"]].kind == kind and (kind == ItemKind.PERSONA or r["position"])]
        _lane_sheet(book.create_sheet(title), mine, language)
    unassigned = [r for r in records if ids[r["item_id"]].kind != ItemKind.PERSONA and not r["position"]]
    if unassigned:
        _lane_sheet(book.create_sheet(export_labels(language)["unassigned_sheet"][:31]), unassigned, language)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
