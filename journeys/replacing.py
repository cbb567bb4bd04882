"""What a new answer replaces instead of adding to: a KPI named again at the same stage, a persona named again.

Both return the kept items (rewritten or without the replaced ones), the answer's truly new items, and what was
replaced as (position, item before, removed) — the answer's `Contribution.restore`, so that undo or a deleted
message puts it back (journeys.undoing).
"""

from __future__ import annotations

from dataclasses import replace

from journeys.parsing.personas import merge_personas
from journeys.state import Item
from journeys.steps import ItemKind
from journeys.text import fold

__all__ = ["Replaced", "described_again", "restated_kpis"]

Replaced = tuple[tuple[int, Item, bool], ...]
Split = tuple[tuple[Item, ...], tuple[Item, ...], Replaced]  # kept items, new items, what was replaced


def restated_kpis(kept: tuple[Item, ...], new: tuple[Item, ...]) -> Split:
    """A KPI named again at the same stage (`商談化率`, later `商談化率 (目標: 30%)`) replaces the earlier entry
    instead of adding a second row; a target not restated is kept. Returns the kept items, the new ones and
    what was replaced (for undo)."""
    def key(item: Item) -> tuple[str | None, str]:
        return item.stage, item.kpi_id or fold(item.text)

    earlier = {key(item): (position, item) for position, item in enumerate(kept) if item.kind is ItemKind.KPI}
    replaced: list[tuple[int, Item, bool]] = []
    updated: list[Item] = []
    for item in new:
        found = earlier.get(key(item)) if item.kind is ItemKind.KPI else None
        if found is not None:
            replaced.append((found[0], found[1], True))
            item = item if item.target else replace(item, target=found[1].target)
        updated.append(item)
    gone = {item.item_id for _, item, _ in replaced}
    return tuple(i for i in kept if i.item_id not in gone), tuple(updated), tuple(replaced)


def described_again(kept: tuple[Item, ...], new: tuple[Item, ...]) -> Split:
    """A persona named again (`佐藤 美咲` with more goals, `目標: …` for the persona described last) adds to the
    persona already there instead of listing it twice; its details are merged once each. Returns the kept items
    (merged ones rewritten in place), the truly new ones, and what was rewritten (for undo)."""
    items = list(kept)
    rewritten: list[tuple[int, Item, bool]] = []
    fresh: list[Item] = []
    for item in new:
        position = next((n for n, old in enumerate(items) if old.kind is ItemKind.PERSONA and item.persona
                         and old.persona and old.text.casefold() == item.text.casefold()), None)
        if position is None or item.persona is None:
            fresh.append(item)
            continue
        old = items[position]
        assert old.persona is not None
        if not any(p == position for p, _, _ in rewritten):
            rewritten.append((position, old, False))
        items[position] = replace(old, persona=merge_personas(old.persona, item.persona))
    return tuple(items), tuple(fresh), tuple(rewritten)
