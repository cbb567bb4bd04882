"""Exports of a session — the `journeymap/v1` JSON, Markdown, CSV, XLSX — and the JSON's import.

Pure functions of a `SessionState` (and, for import, of the file's bytes): adapters (CLI, Slack) decide
where the bytes go and where a restored journey is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from journeys.export.csv_log import CSV_COLUMNS, to_csv
from journeys.export.importer import (
    MAX_IMPORT_BYTES,
    MapImportError,
    anonymous_votes,
    from_journey_map,
    read_journey_map,
)
from journeys.export.journey_map import SCHEMA, STAGE_LISTS, to_journey_map
from journeys.export.markdown import to_markdown

if TYPE_CHECKING:
    from journeys.state import SessionState

__all__ = [
    "CSV_COLUMNS",
    "MAX_IMPORT_BYTES",
    "SCHEMA",
    "STAGE_LISTS",
    "MapImportError",
    "anonymous_votes",
    "from_journey_map",
    "read_journey_map",
    "to_csv",
    "to_journey_map",
    "to_markdown",
    "to_xlsx",
]


def to_xlsx(state: SessionState, *, lang: str | None = None, names: Mapping[str, str] | None = None) -> bytes:
    """The XLSX workbook (see `journeys.export.xlsx`); openpyxl is imported on first use, as it is slow
    to import and most callers of this package never write a workbook."""
    from journeys.export.xlsx import to_xlsx as workbook

    return workbook(state, lang=lang, names=names)
