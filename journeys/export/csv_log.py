"""The CSV item log: one row per item, for spreadsheets and scripts."""

from __future__ import annotations

import csv
import io
import re

from journeys.export.grouping import LANE_KINDS, channel, clamp, group_items, iso, persona_of
from journeys.state import Item, SessionState
from journeys.steps import ItemKind

__all__ = ["CSV_COLUMNS", "to_csv"]

CSV_COLUMNS: tuple[str, ...] = ("stage", "position", "kind", "text", "detail", "author", "at", "item_id")


def _csv_detail(item: Item) -> str:
    """The kind's own fields in one cell: channel, score, impact/effort, KPI id/target, persona."""
    if item.kind == ItemKind.TOUCHPOINT:
        return channel(item)
    if item.kind == ItemKind.EMOTION:
        return "" if item.score is None else str(clamp(item.score, -2, 2))
    if item.kind == ItemKind.OPPORTUNITY:
        pairs = (("impact", clamp(item.impact, 1, 3)), ("effort", clamp(item.effort, 1, 3)))
        return " ".join(f"{key}={value}" for key, value in pairs if value is not None)
    if item.kind == ItemKind.KPI:
        return " ".join(filter(None, (item.kpi_id, f"target={item.target}" if item.target else "")))
    if item.kind == ItemKind.PERSONA:
        p = persona_of(item)
        parts = [
            p.description,
            *(
                f"{key}: {', '.join(getattr(p, key))}"
                for key in ("goals", "needs", "frustrations", "behaviors")
                if getattr(p, key)
            ),
        ]
        return " | ".join(part for part in parts if part)
    return ""


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _cell(value: str) -> str:
    """Excel runs cells that start like a formula (CSV injection): such user text gets a leading '."""
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def to_csv(state: SessionState, *, excel: bool = True) -> str:
    """One row per item (every item once, emotion history included), header first, RFC 4180 (CRLF).

    Columns: stage, position (1-based, empty for personas and unassigned items), kind, text, detail,
    author, at, item_id. Rows go personas, then stage by stage in lane order, then unassigned.
    With `excel` (the default, for people opening the file) the text starts with a UTF-8 BOM — without it
    Excel reads UTF-8 as Shift_JIS/ANSI and Japanese turns into mojibake — and cells that Excel would run
    as formulas are prefixed with '. Programs should pass `excel=False` (plain UTF-8, cells verbatim)
    or read with encoding "utf-8-sig".
    """
    grouped = group_items(state)
    rows: list[tuple[str, str, Item]] = [("", "", item) for group in grouped.personas for item in group.items]
    for stage in grouped.stages:
        rows += [(stage.name, str(stage.position), item) for kind in LANE_KINDS for item in stage.items[kind]]
    rows += [(item.stage or "", "", item) for item in grouped.unassigned]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for stage_name, position, item in rows:
        detail = _csv_detail(item)
        cells = [
            stage_name,
            position,
            str(item.kind),
            item.text,
            detail,
            item.author,
            iso(item.at),
            item.item_id,
        ]
        writer.writerow([_cell(c) for c in cells] if excel else cells)
    return ("\ufeff" if excel else "") + buffer.getvalue()
