"""Buttons and selects in step messages, and the delete confirmation.

A control's value names its journey; the journey is looked up *within the workspace and channel the click
came from*, so a forged or copied value cannot reach another team's or channel's journey. The workspace is
Bolt's `context.team_id` (the payload's `team`, the installing workspace): in a Slack Connect channel the
clicker may be a partner (`user.team_id` differs) and takes part like anyone in the channel.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.slack import ids, modals, permissions
from bot.slack.claims import action_key
from bot.slack.deps import Deps
from bot.slack.keys import message_id
from bot.slack.mrkdwn import escape
from bot.slack.publish import committed, notices_owed, refresh_root, replies_owed
from bot.slack.received import settle
from journeys.events import Answer, AnyEvent, Control, Edit, Move
from journeys.flow import Outcome
from journeys.service import AlreadyHandled, JourneyNotFound, Owed
from journeys.state import SessionState
from journeys.steps import Step
from prompts import render
from prompts.slack import text

__all__ = ["Click", "apply", "register"]


def register(app: App, deps: Deps) -> None:
    for move, action_id in ids.MOVE_ACTIONS.items():
        app.action(action_id)(_move_handler(deps, move))

    @app.action(ids.EMOTION_SELECT)
    def on_emotion(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                   context: BoltContext) -> None:
        _emotion(deps, ack=ack, click=Click.of(body, context, action), action=action, respond=respond)

    @app.action(ids.PERSONA_OPEN)
    @app.action(ids.OPPORTUNITY_OPEN)
    def on_open_form(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                     context: BoltContext) -> None:
        _open_form(deps, ack=ack, click=Click.of(body, context), action=action, respond=respond)

    @app.action(ids.DELETE_CONFIRM)
    def on_delete(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                  context: BoltContext) -> None:
        _delete(deps, ack=ack, click=Click.of(body, context), action=action, respond=respond)

    @app.action(ids.DELETE_CANCEL)
    def on_cancel(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        lang = deps.lang(default=None)
        deps.worker.submit(f"cancel:{body.get('trigger_id')}",
                           lambda: respond(text=text("delete_cancelled", lang), replace_original=True))


@dataclass(frozen=True)
class Click:
    """Who clicked where: the installing workspace (Bolt's context.team_id), the channel, the clicker."""

    team: str
    channel: str
    user: str
    trigger: str
    message_ts: str
    key: str = ""  # the claim key of this click (bot/slack/claims.py), when built with its action

    @classmethod
    def of(cls, body: dict[str, Any], context: BoltContext, action: dict[str, Any] | None = None) -> Click:
        container = body.get("container") or {}
        team = str(context.team_id or "")
        return cls(team=team,
                   channel=str((body.get("channel") or {}).get("id") or container.get("channel_id") or ""),
                   user=str((body.get("user") or {}).get("id") or ""), trigger=str(body.get("trigger_id") or ""),
                   message_ts=str((body.get("message") or {}).get("ts") or container.get("message_ts") or ""),
                   key=action_key(body, action, team=team) if action is not None else "")

    def journey(self, deps: Deps, journey_id: object) -> SessionState | None:
        """The journey named by the control, only if it lives in the workspace and channel of the click; once
        the answers this process acknowledged before the click are applied (a click must not overtake them)."""
        if isinstance(journey_id, str):
            settle(deps, journey_id)
        return deps.sessions.scoped(journey_id=journey_id, team_id=self.team, channel_id=self.channel)


def _value(value: str | None) -> dict[str, Any]:
    try:
        decoded = json.loads(value or "")
    except ValueError:
        return {"j": value}
    return decoded if isinstance(decoded, dict) else {}


def _stage(state: SessionState, target: dict[str, Any]) -> str | None:
    """The stage a control was posted at: by position (`i`), or by name (`g`, controls posted before)."""
    index = target.get("i")
    if isinstance(index, int) and 0 <= index < len(state.stages):
        return state.stages[index]
    stage = target.get("g")
    return stage if isinstance(stage, str) else None


def _tell(deps: Deps, respond: Respond, click: Click, message: str) -> None:
    """An ephemeral note to the person who clicked, sent after the ack."""
    deps.worker.submit(f"tell:{click.trigger}",
                       lambda: respond(text=message, response_type="ephemeral", replace_original=False))


def _move_handler(deps: Deps, move: Move) -> Any:
    def on_move(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                context: BoltContext) -> None:
        click = Click.of(body, context, action)
        target = _value(action.get("value"))
        state = click.journey(deps, target.get("j"))
        if state is None:
            ack()
            _tell(deps, respond, click, text("not_found", deps.lang()))
            return
        control = Control(move=move, author=click.user, at=datetime.now(UTC), at_step=target.get("s"),
                          at_stage=_stage(state, target), author_name=deps.name(click.user))

        def owe(outcome: Outcome) -> list[tuple[str, str]]:
            if not outcome.changed and move in (Move.NEXT, Move.BACK, Move.SKIP):
                # A button of an earlier step: only its clicker needs to hear that, not the whole thread.
                return notices_owed(outcome, user=click.user)
            return replies_owed(outcome)

        apply(deps, ack=ack, state=state, event=control, claim=click.key, owe=owe)

    on_move.__name__ = f"on_{move.value}"
    return on_move


def _emotion(deps: Deps, *, ack: Ack, click: Click, action: dict[str, Any], respond: Respond) -> None:
    """The emotion select as the answer `<stage>: <score>`; choosing again replaces the earlier choice."""
    _, journey_id, index = [*str(action.get("block_id") or "").split(":"), "", "", ""][:3]
    state = click.journey(deps, journey_id)
    score = (action.get("selected_option") or {}).get("value")
    if state is None or not index.isdigit() or score is None:
        ack()
        _tell(deps, respond, click, text("not_found", deps.lang()))
        return
    lang = deps.lang(default=state.language)
    if state.step is not Step.EMOTIONS or int(index) >= len(state.stages):
        ack()
        _tell(deps, respond, click, text("error_moved_on", lang, step=render(f"step.{state.step.value}", lang)))
        return
    mid = f"{message_id(click.channel, click.message_ts)}:emotion:{index}:{click.user}"
    answer_text = f"{state.stages[int(index)]}: {score}"
    now, name = datetime.now(UTC), deps.name(click.user)
    event = (Edit(message_id=mid, text=answer_text, author=click.user, at=now, author_name=name)
             if state.has_message(mid) else Answer(text=answer_text, author=click.user, message_id=mid, at=now,
                                                   author_name=name))
    apply(deps, ack=ack, state=state, event=event, claim=click.key, owe=replies_owed)


def apply(deps: Deps, *, ack: Ack, state: SessionState, event: AnyEvent, claim: str, owe: Owed) -> None:
    """Claim the click, apply it and owe its replies in one commit, then ack: a second delivery of the same
    click (a retry, another replica) finds the claim and does nothing; a crash after the ack leaves the
    replies in the outbox for any process to post."""
    try:
        outcome = deps.sessions.handle(journey_id=state.journey_id, event=event, claim=claim, owe=owe)
    except (AlreadyHandled, JourneyNotFound):
        ack()  # handled by an earlier delivery, or deleted meanwhile
        return
    ack()
    committed(deps, outcome)


def _open_form(deps: Deps, *, ack: Ack, click: Click, action: dict[str, Any], respond: Respond) -> None:
    target = _value(action.get("value"))
    state = click.journey(deps, target.get("j"))
    ack()
    if state is None:
        _tell(deps, respond, click, text("not_found", deps.lang()))
        return
    lang = deps.lang(default=state.language)
    if action.get("action_id") == ids.PERSONA_OPEN:
        view = modals.persona_modal(state=state, lang=lang, channel_id=click.channel)
    else:
        stage = _stage(state, target) or state.current_stage or (state.stages[0] if state.stages else "")
        view = modals.opportunity_modal(state=state, stage=stage, lang=lang, channel_id=click.channel)
    deps.worker.submit(f"view:{click.trigger}", lambda: deps.client.views_open(trigger_id=click.trigger, view=view))


def _delete(deps: Deps, *, ack: Ack, click: Click, action: dict[str, Any], respond: Respond) -> None:
    """Confirmed delete: re-check the clicker's rights (the confirmation may have been forwarded), then delete."""
    state = click.journey(deps, action.get("value"))
    ack()
    if state is None:
        _tell(deps, respond, click, text("not_found", deps.lang()))
        return
    lang = deps.lang(default=state.language)

    def delete() -> None:
        if not permissions.may_delete(deps, state=state, user_id=click.user):
            creator = escape(deps.name(state.created_by))
            respond(text=text("delete_forbidden", lang, creator=creator), replace_original=True)
            return
        if deps.sessions.delete(state.journey_id):
            respond(text=text("deleted", lang, title=escape(state.title)), replace_original=True)
            refresh_root(deps, journey_id=state.journey_id, deleted=state)

    deps.worker.submit(state.journey_id, delete)
