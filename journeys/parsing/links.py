"""A pain point names the touchpoint it happens at: `送料が高い @カート画面`, `送料が高い＠カート画面`,
`送料が高い (タッチポイント: カート画面)`, `shipping is expensive (touchpoint: checkout page)`.

The marker is taken off the item's text and kept as its `touchpoint`; a name that matches a touchpoint
the team already listed (ignoring width and case) takes that touchpoint's own spelling, so the map can
link them. An e-mail address (`support@example.com`) is not a marker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from journeys.state import Item
from journeys.steps import ItemKind
from journeys.text import fold

__all__ = ["MAX_TOUCHPOINT_CHARS", "link_touchpoint", "split_touchpoint"]

MAX_TOUCHPOINT_CHARS = 60
_GROUP = re.compile(r"\s*[（(]\s*(?:タッチポイント|接点|touch\s*point|touchpoint|tp)\s*[:：]\s*([^()（）]+?)\s*[)）]",
                    re.I)
_AT = re.compile(r"(?:(?<=\s)@|＠)\s*([^@＠]+?)\s*$")
_ENDING = re.compile(r"[。．.！!？?、,，;；]+$")


def split_touchpoint(text: str) -> tuple[str, str | None]:
    """(text without the marker, touchpoint named) — the text unchanged and None when there is none."""
    group = _GROUP.search(text)
    if group and group.group(1).strip():
        stripped = (text[: group.start()] + text[group.end():]).strip()
        name = group.group(1).strip()
    else:
        at = _AT.search(text)
        if at is None or not at.group(1).strip():
            return text, None
        stripped, name = text[: at.start()].strip(), at.group(1).strip()
    # The marker often ends the sentence (`送料が高い @比較サイト。`): the terminator belongs to the sentence.
    ending = _ENDING.search(name)
    if ending:
        name, stripped = name[: ending.start()].strip(), stripped + ending.group(0).strip()
    if not stripped or not name or len(name) > MAX_TOUCHPOINT_CHARS:
        return text, None
    return stripped, name


def link_touchpoint(item: Item, touchpoints: Iterable[Item]) -> Item:
    """`item` with its touchpoint marker read (pain points only; other kinds are returned as they are)."""
    if item.kind is not ItemKind.PAIN_POINT:
        return item
    text, name = split_touchpoint(item.text)
    if name is None:
        return item
    known = {fold(tp.text): tp.text for tp in touchpoints if tp.kind is ItemKind.TOUCHPOINT}
    return replace(item, text=text, touchpoint=known.get(fold(name), name))
