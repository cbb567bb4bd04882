"""The shared map's controls: vote buttons, "schedule a review", and the App Home's buttons and modal.

Like every control, a vote names its journey and is honoured only within the workspace and channel the
click came from. A vote is stored before the ack (as an answer is); the vote message is rewritten with the
new counts on the worker, coalesced so that a burst of clicks costs one `chat.update`.
"""

from __future__ import annotations

import json
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from bot.slack import exports, ids
from bot.slack.claims import view_key
from bot.slack.dashboard import new_journey_modal
from bot.slack.deps import Deps
from bot.slack.keys import message_id
from bot.slack.listeners.actions import Click, apply
from bot.slack.modals import metadata_of
from bot.slack.mrkdwn import escape
from bot.slack.publish import replies_owed
from bot.slack.starts import start_session
from bot.slack.visibility import visible_channels
from bot.slack.vote_message import update_vote_message
from journeys.events import Answer, VoteClick
from journeys.service import AlreadyHandled, JourneyNotFound
from journeys.state import SessionState
from prompts.slack import text

__all__ = ["register"]

VOTE_REFRESH = "votes"
REVIEW_COMMAND = {"ja": "見直し", "en": "review"}


def _value(raw: object) -> dict[str, Any]:
    try:
        value = json.loads(str(raw or ""))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def register(app: App, deps: Deps) -> None:
    @app.action(ids.VOTE_TOGGLE)
    def on_vote(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                context: BoltContext) -> None:
        click = Click.of(body, context, action)
        target = _value(action.get("value"))
        state = click.journey(deps, target.get("j"))
        item_id = target.get("i")
        if state is None or not isinstance(item_id, str):
            ack()
            _tell(deps, respond, click, text("not_found", deps.lang()))
            return
        event = VoteClick(item_id=item_id, author=click.user, at=datetime.now(UTC), author_name=deps.name(click.user))
        try:  # claimed with the vote: a second delivery of the click must not take the vote back
            outcome = deps.sessions.handle(journey_id=state.journey_id, event=event, claim=click.key)
        except (AlreadyHandled, JourneyNotFound):
            ack()
            return
        ack()
        if not outcome.changed:
            _tell(deps, respond, click, escape(outcome.replies[0].text) if outcome.replies else text("error", "en"))
        deps.worker.submit_later(state.journey_id, lambda: update_vote_message(
            deps, journey_id=state.journey_id, channel=click.channel, ts=click.message_ts),
            delay=deps.update_delay(state.team_id), coalesce=f"{VOTE_REFRESH}:{click.message_ts}")

    @app.action(ids.REVIEW_SCHEDULE)
    def on_review(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                  context: BoltContext) -> None:
        """The same as typing `見直し` / `review` in the thread: a review in three months."""
        click = Click.of(body, context, action)
        state = click.journey(deps, action.get("value"))
        if state is None:
            ack()
            _tell(deps, respond, click, text("not_found", deps.lang()))
            return
        lang = deps.lang(default=state.language)
        answer = Answer(text=REVIEW_COMMAND.get(lang, "review"), author=click.user, at=datetime.now(UTC),
                        message_id=f"{message_id(click.channel, click.message_ts)}:review:{click.user}",
                        author_name=deps.name(click.user))
        apply(deps, ack=ack, state=state, event=answer, claim=click.key, owe=replies_owed)

    @app.action(ids.HOME_OPEN_THREAD)
    def on_open(ack: Ack) -> None:
        ack()  # a link button: Slack opens the URL; the click still has to be acknowledged

    @app.action(ids.HOME_EXPORT)
    def on_home_export(ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext) -> None:
        ack()
        user = str((body.get("user") or {}).get("id") or "")
        state = deps.service.get(journey_id=str(action.get("value") or ""), team_id=str(context.team_id or ""))
        if state is None or state.thread_ts is None:
            return
        deps.worker.submit(exports.export_key(state.journey_id),
                           lambda: _export_from_home(deps, state=state, user=user))

    @app.action(ids.HOME_NEW)
    def on_home_new(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        user, trigger = str((body.get("user") or {}).get("id") or ""), str(body.get("trigger_id") or "")

        def open_form() -> None:  # users.info (the viewer's language) after the ack, not inside it
            lang = deps.lang(default=deps.people.get(user).language)
            deps.client.views_open(trigger_id=trigger, view=new_journey_modal(lang))

        deps.worker.submit(f"view:{trigger}", open_form)

    @app.view(ids.HOME_NEW_VIEW)
    def on_home_new_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        _start_from_home(deps, ack=ack, body=body, view=view, team=str(context.team_id or ""))


def _tell(deps: Deps, respond: Respond, click: Click, message: str) -> None:
    deps.worker.submit(f"tell:{click.trigger}",
                       lambda: respond(text=message, response_type="ephemeral", replace_original=False))


def _export_from_home(deps: Deps, *, state: SessionState, user: str) -> None:
    """Export into the journey's thread, if the clicker can see that channel (a forged value cannot reach
    a private channel they are not in)."""
    if state.channel_id not in visible_channels(deps.client, user_id=user, channel_ids=[state.channel_id]):
        return
    lang = deps.lang(default=state.language)
    exports.post_exports(deps, state=state, formats=exports.ALL_FORMATS, lang=lang)
    deps.client.chat_postEphemeral(channel=state.channel_id, user=user,
                                   text=text("home_export_started", lang, title=escape(state.title)))


def _start_from_home(deps: Deps, *, ack: Ack, body: dict[str, Any], view: dict[str, Any], team: str) -> None:
    values = (view.get("state") or {}).get("values") or {}
    title = str((values.get(ids.HOME_NEW_TITLE, {}).get(ids.HOME_NEW_TITLE) or {}).get("value") or "").strip()
    channel = str((values.get(ids.HOME_NEW_CHANNEL, {}).get(ids.HOME_NEW_CHANNEL) or {})
                  .get("selected_conversation") or "")
    lang = str(metadata_of(view).get("l") or deps.lang())
    if not channel:
        ack(response_action="errors", errors={ids.HOME_NEW_CHANNEL: text("error_required", lang)})
        return
    user = str((body.get("user") or {}).get("id") or "")
    with suppress(AlreadyHandled):  # the same submission, delivered before: its session is on its way
        start_session(deps, team_id=team, channel_id=channel, title=title, author=user, claim=view_key(view, team=team),
                      notify={"dm": user}, lang=lang if title == "" else None, author_name=deps.name(user))
    ack(response_action="clear")
