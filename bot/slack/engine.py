"""The adapter's one door into the engine for session events: the cached state in, the new state kept."""

from __future__ import annotations

from bot.slack.deps import Deps
from journeys.events import AnyEvent
from journeys.flow import Outcome
from journeys.service import JourneyNotFound
from journeys.state import SessionState

__all__ = ["handle", "scoped"]


def handle(deps: Deps, *, journey_id: str, event: AnyEvent) -> Outcome:
    """`service.handle` with the newest state this process knows; forgets a journey deleted meanwhile."""
    try:
        outcome = deps.service.handle(journey_id=journey_id, event=event, known=deps.states.get(journey_id))
    except JourneyNotFound:
        deps.threads.forget(journey_id)
        deps.states.forget(journey_id)
        raise
    if outcome.changed:
        deps.states.offer(outcome.state)
    return outcome


def scoped(deps: Deps, *, journey_id: object, team_id: str, channel_id: str) -> SessionState | None:
    """The journey if it lives in this workspace and channel (its workspace and channel never change, so a
    cached state answers that as well as the database)."""
    if not isinstance(journey_id, str) or not journey_id:
        return None
    cached = deps.states.get(journey_id)
    if cached is not None:
        return cached if (cached.team_id, cached.channel_id) == (team_id, channel_id) else None
    return deps.service.get(journey_id=journey_id, team_id=team_id, channel_id=channel_id)
