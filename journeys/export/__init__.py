"""Exports of a session — the `journeymap/v1` JSON, a Markdown document, a CSV item log.

Pure functions of a `SessionState`: adapters (CLI, Slack) decide where the bytes go.
"""

from journeys.export.csv_log import CSV_COLUMNS, to_csv
from journeys.export.journey_map import SCHEMA, STAGE_LISTS, to_journey_map
from journeys.export.markdown import to_markdown

__all__ = ["CSV_COLUMNS", "SCHEMA", "STAGE_LISTS", "to_csv", "to_journey_map", "to_markdown"]
