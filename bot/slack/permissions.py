"""Who may do what beyond taking part: deleting a journey needs its creator or a workspace admin."""

from __future__ import annotations

from bot.slack.deps import Deps
from journeys.state import SessionState

__all__ = ["may_delete"]


def may_delete(deps: Deps, *, state: SessionState, user_id: str) -> bool:
    """The creator may; anyone else only if users.info says admin or owner (a Web API call: not in an ack)."""
    if user_id == state.created_by:
        return True
    user = deps.client.users_info(user=user_id).get("user") or {}
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))
