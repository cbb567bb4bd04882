"""Modal submissions: the persona form, an opportunity with impact/effort, "Add to journey map".

Validation errors go back in the ack (`response_action: errors`), so they show in the modal next to the
field. A valid submission is stored before the ack, like any answer. The workspace is Bolt's
`context.team_id`, which reads `view.app_installed_team_id`: a partner in a Slack Connect channel submits
from their own team, but the journey belongs to the team that installed the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.slack import ids, limits, modals
from bot.slack.claims import view_key
from bot.slack.decode import decode
from bot.slack.deps import Deps
from bot.slack.keys import message_id
from bot.slack.publish import committed, replies_owed
from bot.slack.received import settle
from journeys.events import Answer, FileItem
from journeys.flow import Outcome
from journeys.service import JourneyNotFound
from journeys.state import SessionState
from journeys.steps import ItemKind, Step
from prompts import render
from prompts.slack import LEVEL_LABELS, PERSONA_LABELS, text

__all__ = ["persona_answer", "register"]


def register(app: App, deps: Deps) -> None:
    @app.view(ids.PERSONA_VIEW)
    def on_persona(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        _persona(deps, ack=ack, form=Form.of(deps, body, view, context))

    @app.view(ids.OPPORTUNITY_VIEW)
    def on_opportunity(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        _opportunity(deps, ack=ack, form=Form.of(deps, body, view, context))

    @app.view(ids.FILE_ITEM_VIEW)
    def on_file_item(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
        _file_item(deps, ack=ack, form=Form.of(deps, body, view, context))


@dataclass(frozen=True)
class Form:
    """A submitted modal: its fields (decoded like any Slack text), metadata, workspace and submitter."""

    deps: Deps
    view: dict[str, Any]
    meta: dict[str, Any]
    team: str
    user: str

    @classmethod
    def of(cls, deps: Deps, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> Form:
        return cls(deps=deps, view=view, meta=modals.metadata_of(view), team=str(context.team_id or ""),
                   user=str((body.get("user") or {}).get("id") or ""))

    def value(self, block_id: str) -> str:
        element = ((self.view.get("state") or {}).get("values") or {}).get(block_id, {}).get(block_id) or {}
        if "selected_option" in element:
            return str((element.get("selected_option") or {}).get("value") or "")
        return decode(str(element.get("value") or ""), name_of=self.deps.name).strip()

    def journey(self, journey_id: object) -> SessionState | None:
        channel = self.meta.get("c")
        if not isinstance(channel, str):
            return None
        if isinstance(journey_id, str):
            settle(self.deps, journey_id)  # answers acknowledged before the form go first
        return self.deps.sessions.scoped(journey_id=journey_id, team_id=self.team, channel_id=channel)

    @property
    def lang(self) -> str:
        return str(self.meta.get("l") or self.deps.lang())

    @property
    def key(self) -> str:
        """This submission's claim key (bot/slack/claims.py)."""
        return view_key(self.view, team=self.team)


def _one_line(value: str) -> str:
    return " ".join(value.split())


def persona_answer(fields: dict[str, str], lang: str) -> str:
    """The form as the labelled answer the engine's persona parser reads (`名前: …` / `Goals: a, b`)."""
    labels = PERSONA_LABELS.get(lang, PERSONA_LABELS["en"])
    separator = "、" if lang == "ja" else ", "
    lines = [f"{labels['name']}: {_one_line(fields['name'])}"]
    if fields.get("description"):
        lines.append(f"{labels['description']}: {_one_line(fields['description'])}")
    for key in ("goals", "needs", "frustrations", "behaviors"):
        items = [_one_line(line) for line in fields.get(key, "").splitlines() if line.strip()]
        if items:
            lines.append(f"{labels[key]}: {separator.join(items)}")
    return "\n".join(lines)


def _owed_if_changed(outcome: Outcome) -> list[tuple[str, str]]:
    """A refusal goes back in the modal (the ack), not in the thread; a stored form owes its replies."""
    return replies_owed(outcome) if outcome.changed else []


def _apply(deps: Deps, *, ack: Ack, form: Form, state: SessionState, event: Answer | FileItem, error_block: str,
           lang: str) -> None:
    """Store the event and owe its replies in one commit; a refusal from the engine (nothing changed) is
    shown in the modal instead, where it can be corrected and submitted again. No claim is needed: the
    event's message id (the view's, or the filed message's) makes a second delivery change nothing."""
    try:
        outcome: Outcome = deps.sessions.handle(journey_id=state.journey_id, event=event, owe=_owed_if_changed)
    except JourneyNotFound:
        ack(response_action="errors", errors={error_block: text("not_found", lang)})
        return
    if not outcome.changed and event.message_id.startswith("view:") and outcome.state.has_message(event.message_id):
        ack(response_action="clear")  # this very form was stored before (its id is the view's): a duplicate
        return
    if not outcome.changed:
        reason = outcome.replies[0].text if outcome.replies else text("file_duplicate", lang)
        ack(response_action="errors", errors={error_block: limits.truncate(reason, 2000)})
        return
    ack(response_action="clear")
    committed(deps, outcome)


def _persona(deps: Deps, *, ack: Ack, form: Form) -> None:
    lang = form.lang
    fields = {name: form.value(name) for name in ids.PERSONA_FIELDS}
    errors: dict[str, str] = {}
    if not fields["name"]:
        errors["name"] = text("error_required", lang)
    for name, limit in modals.PERSONA_MAX.items():
        if len(fields[name]) > limit:
            errors[name] = text("error_too_long", lang, limit=limit)
    state = form.journey(form.meta.get("j"))
    if state is None:
        errors.setdefault("name", text("not_found", lang))
    elif state.step is not Step.PERSONA:
        errors.setdefault("name", text("error_moved_on", lang, step=render(f"step.{state.step.value}", lang)))
    if errors or state is None:
        ack(response_action="errors", errors=errors)
        return
    answer = Answer(text=persona_answer(fields, lang), author=form.user, message_id=f"view:{form.view.get('id')}",
                    at=datetime.now(UTC), author_name=deps.name(form.user))
    _apply(deps, ack=ack, form=form, state=state, event=answer, error_block="name", lang=lang)


def _opportunity(deps: Deps, *, ack: Ack, form: Form) -> None:
    lang = form.lang
    content = _one_line(form.value(ids.OPPORTUNITY_TEXT))
    impact, effort = form.value(ids.OPPORTUNITY_IMPACT), form.value(ids.OPPORTUNITY_EFFORT)
    state = form.journey(form.meta.get("j"))
    if not content or state is None:
        reason = text("error_required", lang) if state is not None else text("not_found", lang)
        ack(response_action="errors", errors={ids.OPPORTUNITY_TEXT: reason})
        return
    levels = LEVEL_LABELS.get(lang, LEVEL_LABELS["en"])
    priority = [f"{text('impact', lang)}:{levels[int(impact)]}" if impact.isdigit() and int(impact) in levels else "",
                f"{text('effort', lang)}:{levels[int(effort)]}" if effort.isdigit() and int(effort) in levels else ""]
    annotated = f"{content} ({', '.join(p for p in priority if p)})" if any(priority) else content
    index = form.meta.get("gi")
    stage = state.stages[index] if isinstance(index, int) and 0 <= index < len(state.stages) else ""
    item = FileItem(kind=ItemKind.OPPORTUNITY.value, stage=stage, text=annotated,
                    author=form.user, message_id=f"view:{form.view.get('id')}", at=datetime.now(UTC),
                    author_name=deps.name(form.user))
    _apply(deps, ack=ack, form=form, state=state, event=item, error_block=ids.OPPORTUNITY_TEXT, lang=lang)


def _file_item(deps: Deps, *, ack: Ack, form: Form) -> None:
    """File the shortcut's message under the chosen journey and stage, with its permalink."""
    lang = form.lang
    target = modals.file_target(form.value(ids.FILE_TARGET))
    state = form.journey(target[0]) if target is not None else None
    if state is None or target is None or target[1] >= len(state.stages):
        ack(response_action="errors", errors={ids.FILE_TARGET: text("not_found", lang)})
        return
    kind = form.value(ids.FILE_KIND) or ItemKind.PAIN_POINT.value
    content = form.value(ids.FILE_TEXT)
    if not content:
        ack(response_action="errors", errors={ids.FILE_TEXT: text("error_required", lang)})
        return
    permalink = form.meta.get("p")
    filed = f"{content} — {permalink}" if permalink else content
    item = FileItem(kind=kind, stage=state.stages[target[1]], text=filed, author=form.user,
                    message_id=message_id(str(form.meta.get("c")), str(form.meta.get("ts"))), at=datetime.now(UTC),
                    author_name=deps.name(form.user))
    _apply(deps, ack=ack, form=form, state=state, event=item, error_block=ids.FILE_TEXT, lang=lang)
