"""Who may do what beyond taking part: deleting a journey needs its creator or a workspace admin."""

from __future__ import annotations

from bot.slack.deps import Deps
from journeys.state import SessionState

__all__ = ["may_delete"]


def may_delete(deps: Deps, *, state: SessionState, user_id: str) -> bool:
    """The creator may; anyone else only if users.info says admin or owner, asked afresh (rights change;
    a Web API call, so never inside an ack)."""
    if user_id == state.created_by:
        return True
    return deps.people.get(user_id, fresh=True).is_admin
