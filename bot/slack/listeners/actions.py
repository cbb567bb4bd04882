"""Buttons and selects in step messages, and the delete confirmation.

A control's value names its journey; the journey is looked up *within the workspace and channel the click
came from*, so a forged or copied value cannot reach another team's or channel's journey.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.slack import engine, ids, modals, permissions
from bot.slack.deps import Deps
from bot.slack.keys import message_id
from bot.slack.mrkdwn import escape
from bot.slack.publish import refresh_root, schedule_outcome
from journeys.events import Answer, Control, Edit
from journeys.state import SessionState
from journeys.steps import Step
from prompts import render
from prompts.slack import text

__all__ = ["register", "scoped_journey"]


def register(app: App, deps: Deps) -> None:
    for move, action_id in ids.MOVE_ACTIONS.items():
        app.action(action_id)(_move_handler(deps, move))

    @app.action(ids.EMOTION_SELECT)
    def on_emotion(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        _emotion(deps, ack=ack, body=body, action=action, respond=respond)

    @app.action(ids.PERSONA_OPEN)
    @app.action(ids.OPPORTUNITY_OPEN)
    def on_open_form(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        _open_form(deps, ack=ack, body=body, action=action, respond=respond)

    @app.action(ids.DELETE_CONFIRM)
    def on_delete(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        _delete(deps, ack=ack, body=body, action=action, respond=respond)

    @app.action(ids.DELETE_CANCEL)
    def on_cancel(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        lang = deps.lang(default=None)
        deps.worker.submit(f"cancel:{body.get('trigger_id')}",
                           lambda: respond(text=text("delete_cancelled", lang), replace_original=True))


def _where(body: dict[str, Any]) -> tuple[str, str, str]:
    """(team, channel, user) of an interaction payload."""
    team = (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or ""
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id") or ""
    return str(team), str(channel), str((body.get("user") or {}).get("id") or "")


def _decode(value: str | None) -> dict[str, Any]:
    try:
        decoded = json.loads(value or "")
    except ValueError:
        return {"j": value}
    return decoded if isinstance(decoded, dict) else {}


def scoped_journey(deps: Deps, body: dict[str, Any], journey_id: object) -> SessionState | None:
    """The journey named by a control, only if it lives in the workspace and channel of the click."""
    team, channel, _ = _where(body)
    return engine.scoped(deps, journey_id=journey_id, team_id=team, channel_id=channel)


def _tell(deps: Deps, respond: Respond, body: dict[str, Any], message: str) -> None:
    """An ephemeral note to the person who clicked, sent after the ack."""
    deps.worker.submit(f"tell:{body.get('trigger_id')}",
                       lambda: respond(text=message, response_type="ephemeral", replace_original=False))


def _move_handler(deps: Deps, move: Any) -> Any:
    def on_move(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        target = _decode(action.get("value"))
        state = scoped_journey(deps, body, target.get("j"))
        if state is None:
            ack()
            _tell(deps, respond, body, text("not_found", deps.lang()))
            return
        _, _, user = _where(body)
        control = Control(move=move, author=user, at=datetime.now(UTC), at_step=target.get("s"),
                          at_stage=target.get("g"))
        outcome = engine.handle(deps, journey_id=state.journey_id, event=control)
        ack()
        schedule_outcome(deps, outcome)

    on_move.__name__ = f"on_{move.value}"
    return on_move


def _emotion(deps: Deps, *, ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
    """The emotion select as the answer `<stage>: <score>`; choosing again replaces the earlier choice."""
    _, journey_id, index = [*str(action.get("block_id") or "").split(":"), "", "", ""][:3]
    state = scoped_journey(deps, body, journey_id)
    score = (action.get("selected_option") or {}).get("value")
    if state is None or not index.isdigit() or score is None:
        ack()
        _tell(deps, respond, body, text("not_found", deps.lang()))
        return
    lang = deps.lang(default=state.language)
    if state.step is not Step.EMOTIONS or int(index) >= len(state.stages):
        ack()
        _tell(deps, respond, body, text("error_moved_on", lang, step=render(f"step.{state.step.value}", lang)))
        return
    _, channel, user = _where(body)
    message_ts = (body.get("message") or {}).get("ts") or (body.get("container") or {}).get("message_ts") or ""
    mid = f"{message_id(channel, message_ts)}:emotion:{index}:{user}"
    answer_text = f"{state.stages[int(index)]}: {score}"
    now = datetime.now(UTC)
    event = (Edit(message_id=mid, text=answer_text, author=user, at=now) if state.has_message(mid)
             else Answer(text=answer_text, author=user, message_id=mid, at=now))
    outcome = engine.handle(deps, journey_id=state.journey_id, event=event)
    ack()
    schedule_outcome(deps, outcome)


def _open_form(deps: Deps, *, ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
    target = _decode(action.get("value"))
    state = scoped_journey(deps, body, target.get("j"))
    ack()
    if state is None:
        _tell(deps, respond, body, text("not_found", deps.lang()))
        return
    _, channel, _ = _where(body)
    lang = deps.lang(default=state.language)
    if action.get("action_id") == ids.PERSONA_OPEN:
        view = modals.persona_modal(state=state, lang=lang, channel_id=channel)
    else:
        stage = target.get("g") or state.current_stage or (state.stages[0] if state.stages else "")
        view = modals.opportunity_modal(state=state, stage=str(stage), lang=lang, channel_id=channel)
    trigger = body.get("trigger_id")
    deps.worker.submit(f"view:{trigger}", lambda: deps.client.views_open(trigger_id=trigger, view=view))


def _delete(deps: Deps, *, ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
    """Confirmed delete: re-check the clicker's rights (the confirmation may have been forwarded), then delete."""
    state = scoped_journey(deps, body, action.get("value"))
    ack()
    if state is None:
        _tell(deps, respond, body, text("not_found", deps.lang()))
        return
    _, _, user = _where(body)
    lang = deps.lang(default=state.language)

    def delete() -> None:
        if not permissions.may_delete(deps, state=state, user_id=user):
            respond(text=text("delete_forbidden", lang, creator=state.created_by), replace_original=True)
            return
        if deps.service.delete(journey_id=state.journey_id):
            deps.threads.forget(state.journey_id)
            deps.states.forget(state.journey_id)
            respond(text=text("deleted", lang, title=escape(state.title)), replace_original=True)
            refresh_root(deps, journey_id=state.journey_id, deleted=state)

    deps.worker.submit(state.journey_id, delete)
