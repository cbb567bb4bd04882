"""Taking a message back: its own items go and what it replaced comes back (`Contribution.restore`).

Shared by `取り消し` / `undo` (journeys.moves) and a Slack message deleted in the thread (journeys.flow), so a
message taken back either way leaves the map as it was before the message: a persona's details given in a
later message, a KPI restated with a target, a `削除 2` — each is put back, not left half-applied.
"""

from __future__ import annotations

from datetime import datetime

from journeys.state import Contribution, Item, SessionState

__all__ = ["without"]


def without(state: SessionState, message: Contribution, at: datetime) -> tuple[SessionState, list[Item], list[Item]]:
    """The state without `message`; also the items that went with it and the items put back."""
    removed = [i for i in state.items if i.message_id == message.message_id]
    items = [i for i in state.items if i.message_id != message.message_id]
    restored = _put_back(state, message, items)
    new_state = state.evolve(
        contributions=tuple(c for c in state.contributions if c is not message),
        items=tuple(items),
        votes=(*(v for v in state.votes if not (v.voter == message.author and v.at == message.at)),
               *(message.restore.votes if message.restore else ())),
        reviews=tuple(r for r in state.reviews if r.review_id != message.message_id),
        updated_at=at,
    )
    return new_state, removed, restored


def _put_back(state: SessionState, message: Contribution, items: list[Item]) -> list[Item]:
    """Put back into `items` (in place) what `message` replaced; returns the items put back. An item comes back
    only while the answer it came from is still there, and a rewrite only while the item is."""
    if message.restore is None:
        return []
    sources = {c.message_id for c in state.contributions if c is not message}
    restored: list[Item] = []
    for position, before, removed in sorted(message.restore.items, key=lambda entry: entry[0]):
        current = next((n for n, item in enumerate(items) if item.item_id == before.item_id), None)
        if removed and current is None and before.message_id in sources:
            items.insert(min(position, len(items)), before)
        elif not removed and current is not None:
            items[current] = before
        else:
            continue
        restored.append(before)
    return restored
