"""The ⋯ menu on each line of an item list (`一覧` / `list`): delete it, or edit it in a small form.

A click becomes the same thread command a person would type (`削除 N`, `修正 N: …`), with the item's
number at the moment of the click, so the engine, its attribution and its replay rules stay the ones of
the typed commands. An item no longer in the current list (deleted, or the session moved on) gets an
ephemeral note to the clicker and changes nothing.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk.models.blocks import InputBlock, PlainTextInputElement, PlainTextObject
from slack_sdk.models.views import View

from bot.slack import ids, limits, modals
from bot.slack.deps import Deps
from bot.slack.listeners.actions import Click
from bot.slack.listeners.views import Form
from bot.slack.publish import committed, replies_owed
from journeys.editing import number_of
from journeys.events import Answer
from journeys.service import AlreadyHandled, JourneyNotFound
from journeys.state import SessionState
from prompts.slack import text

__all__ = ["register"]

ITEM_MAX = 1000  # characters of one item in the edit form


def register(app: App, deps: Deps) -> None:
    @app.action(ids.ITEM_MENU)
    def on_item_menu(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                     context: BoltContext) -> None:
        _menu(deps, ack=ack, body=body, click=Click.of(body, context, action), action=action, respond=respond)

    @app.view(ids.ITEM_EDIT_VIEW)
    def on_item_edit(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        _edited(deps, ack=ack, form=Form.of(deps, body, view, context))


def _choice(action: dict[str, Any]) -> dict[str, Any]:
    try:
        value = json.loads(str((action.get("selected_option") or {}).get("value") or ""))
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _command(deps: Deps, *, state: SessionState, user: str, message_id: str, command: str, claim: str) -> None:
    answer = Answer(text=command, author=user, message_id=message_id, at=datetime.now(UTC),
                    author_name=deps.name(user))
    try:
        outcome = deps.sessions.handle(journey_id=state.journey_id, event=answer, owe=replies_owed, claim=claim)
    except (AlreadyHandled, JourneyNotFound):
        return  # the same click or form, handled by an earlier delivery; or the journey is gone
    committed(deps, outcome)


def _menu(deps: Deps, *, ack: Ack, body: dict[str, Any], click: Click, action: dict[str, Any],
          respond: Respond) -> None:
    choice = _choice(action)
    state = click.journey(deps, choice.get("j"))
    item_id = choice.get("i")
    number = number_of(state, item_id) if state is not None and isinstance(item_id, str) else None
    lang = deps.lang(default=state.language if state is not None else None)
    if state is None or number is None:
        ack()
        deps.worker.submit(f"tell:{click.trigger}", lambda: respond(
            text=text("item_gone", lang), response_type="ephemeral", replace_original=False))
        return
    if choice.get("a") == "d":
        word = "削除" if state.language == "ja" else "delete"
        _command(deps, state=state, user=click.user, command=f"{word} {number}",
                 message_id=f"{click.channel}:{action.get('action_ts') or click.trigger}:item", claim=click.key)
        ack()
        return
    item = next(i for i in state.items if i.item_id == item_id)
    ack()
    metadata = {"j": state.journey_id, "i": item_id, "c": click.channel, "l": lang}
    view = _edit_modal(current=item.text, lang=lang, metadata=metadata)
    deps.worker.submit(f"open:{click.trigger}", lambda: deps.client.views_open(trigger_id=click.trigger,
                                                                               view=view))


def _edit_modal(*, current: str, lang: str, metadata: dict[str, Any]) -> View:
    field = PlainTextInputElement(action_id=ids.ITEM_EDIT_TEXT, multiline=False, max_length=ITEM_MAX,
                                  initial_value=limits.truncate(current, ITEM_MAX))
    block = InputBlock(block_id=ids.ITEM_EDIT_TEXT, element=field,
                       label=PlainTextObject(text=text("item_edit_label", lang), emoji=True))
    return modals.modal(callback_id=ids.ITEM_EDIT_VIEW, title=text("item_edit_title", lang), lang=lang,
                        blocks=[block], metadata=metadata)


def _edited(deps: Deps, *, ack: Ack, form: Form) -> None:
    state = form.journey(form.meta.get("j"))
    item_id = form.meta.get("i")
    number = number_of(state, item_id) if state is not None and isinstance(item_id, str) else None
    new_text = " ".join(form.value(ids.ITEM_EDIT_TEXT).split())
    if state is None or number is None:
        ack(response_action="errors", errors={ids.ITEM_EDIT_TEXT: text("item_gone", form.lang)})
        return
    if not new_text:
        ack(response_action="errors", errors={ids.ITEM_EDIT_TEXT: text("item_edit_label", form.lang)})
        return
    word = "修正" if state.language == "ja" else "edit"
    view_id = str(form.view.get("id") or "")
    _command(deps, state=state, user=form.user, command=f"{word} {number}: {new_text}",
             message_id=f"{form.meta.get('c')}:{view_id}:{form.view.get('hash') or ''}:edit", claim=form.key)
    ack(response_action="clear")
