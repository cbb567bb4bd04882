"""Slack's size limits, and the two ways we respect them: truncate with "…" or split.

Slack rejects a whole message (`invalid_blocks`) when one field is too long, so every text that can
carry user input passes through here before it becomes a block.
"""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")

__all__ = [
    "BUTTON_TEXT",
    "CONFIRM_BUTTON",
    "CONFIRM_TEXT",
    "CONFIRM_TITLE",
    "CONTEXT_ELEMENTS",
    "ELLIPSIS",
    "HEADER_TEXT",
    "MAX_BLOCKS",
    "MESSAGE_TEXT",
    "MODAL_BLOCKS",
    "MODAL_TITLE",
    "OPTIONS",
    "OPTION_TEXT",
    "PLACEHOLDER",
    "SECTION_TEXT",
    "chunk",
    "split_text",
    "truncate",
]

ELLIPSIS = "…"
MAX_BLOCKS = 50  # per message
MODAL_BLOCKS = 100
SECTION_TEXT = 3000
CONTEXT_ELEMENTS = 10
HEADER_TEXT = 150
BUTTON_TEXT = 75
OPTION_TEXT = 75
OPTION_VALUE = 150
OPTIONS = 100  # per select (also across option groups)
MODAL_TITLE = 24
CONFIRM_TITLE = 100  # a confirm dialog's title
CONFIRM_TEXT = 300  # …its question
CONFIRM_BUTTON = 30  # …its confirm/deny labels
PLACEHOLDER = 150
INPUT_LABEL = 2000
MESSAGE_TEXT = 3000  # the notification fallback; Slack truncates at 40,000 but we keep it readable
PRIVATE_METADATA = 3000


def truncate(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in "…" when it was cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + ELLIPSIS


def split_text(text: str, limit: int = SECTION_TEXT) -> list[str]:
    """Pieces of at most `limit` characters, cut at a line break (else a space) when there is one.

    Cutting at a line keeps list items whole; a single line longer than the limit is cut hard.
    """
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n")
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def chunk(items: list[T], size: int) -> list[list[T]]:
    """`items` in consecutive runs of at most `size` (at least one, possibly empty, run)."""
    if not items:
        return [[]]
    return [items[i : i + size] for i in range(0, len(items), size)]
