"""Reading what people type: an answer's text becomes items, settings and moves.

`fields` reads one field (a control word, a stage prefix, an emotion, a priority, a KPI target, a map
type); `items` turns a whole answer into the items of the current step; `personas` reads persona labels.
"""

from journeys.parsing.fields import control_word, match_stage, parse_stages
from journeys.parsing.items import START_PREFIX, derive_settings, is_move, itemize, read_scope, single_item
from journeys.parsing.personas import parse_personas

__all__ = [
    "START_PREFIX",
    "control_word",
    "derive_settings",
    "is_move",
    "itemize",
    "match_stage",
    "parse_personas",
    "parse_stages",
    "read_scope",
    "single_item",
]
