"""The CSV: one row per item with impact, effort, votes, author and time in their own columns.

For people (the default) headers and kind/channel words follow the map's language and the file opens
cleanly in Excel; for programs (`excel=False`) headers and values are stable ids, plain UTF-8.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from journeys.export.grouping import iso
from journeys.export.item_table import COLUMNS, item_records
from journeys.state import SessionState
from prompts.export import column_labels, export_lang

__all__ = ["CSV_COLUMNS", "to_csv"]

CSV_COLUMNS: tuple[str, ...] = COLUMNS

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _cell(value: str) -> str:
    """Excel runs cells that start like a formula (CSV injection): such user text gets a leading '."""
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    return iso(value) if isinstance(value, datetime) else str(value)


def to_csv(state: SessionState, *, excel: bool = True, lang: str | None = None,
           names: Mapping[str, str] | None = None) -> str:
    """Every item once, header first, RFC 4180 (CRLF); rows go personas, stage by stage, unassigned.

    With `excel` (the default, for people opening the file) headers, kinds and channels are in `lang`
    (default: the map's language), the text starts with a UTF-8 BOM — without it Excel reads UTF-8 as
    Shift_JIS/ANSI and Japanese turns into mojibake — and cells Excel would run as formulas get a
    leading '. Programs should pass `excel=False`: `CSV_COLUMNS` headers, ids, cells verbatim.
    """
    language = export_lang(lang or state.language)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    labels = column_labels(language)
    writer.writerow([labels[c] for c in COLUMNS] if excel else COLUMNS)
    for record in item_records(state, lang=language, for_people=excel, names=names):
        cells = [_text(record[column]) for column in COLUMNS]
        writer.writerow([_cell(c) for c in cells] if excel else cells)
    return ("\ufeff" if excel else "") + buffer.getvalue()
