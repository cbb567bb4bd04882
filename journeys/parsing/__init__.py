"""Reading what people type: an answer's text becomes items, settings and moves.

`fields` reads one field (a control word, a stage prefix, an emotion, a priority, a KPI target, a map
type); `sentences` decides what one item is (a sentence, or a short list entry); `items` turns a whole
answer into the items of the current step; `personas` reads persona labels; `scope` reads the scope
answer (title, map type, scope description); `commands` reads jumps and item commands (`改善機会へ`, `削除 2`).
"""

from journeys.parsing.commands import Command, DeleteItem, EditItem, Jump, ListItems, read_command
from journeys.parsing.fields import control_word, match_stage, parse_stages
from journeys.parsing.items import (
    START_PREFIX,
    derive_settings,
    is_move,
    itemize,
    scope_of,
    single_item,
)
from journeys.parsing.personas import parse_personas
from journeys.parsing.scope import ScopeAnswer, read_scope
from journeys.parsing.sentences import split_entries, split_sentences
from journeys.state import RENAME_PREFIX

__all__ = [
    "RENAME_PREFIX",
    "START_PREFIX",
    "Command",
    "DeleteItem",
    "EditItem",
    "Jump",
    "ListItems",
    "ScopeAnswer",
    "control_word",
    "derive_settings",
    "is_move",
    "itemize",
    "match_stage",
    "parse_personas",
    "parse_stages",
    "read_command",
    "read_scope",
    "scope_of",
    "single_item",
    "split_entries",
    "split_sentences",
]
