"""Turn one contribution (a message at a step and stage) into items, and derive session settings.

Shared by answers, edits and undo so an edited message is re-read exactly as a new one would be.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from journeys.language import LANGUAGES
from journeys.parsing.asides import is_aside, without_aside
from journeys.parsing.blueprint import parse_blueprint
from journeys.parsing.commands import CommandHint, DidYouMean, Jump, ListItems, read_command
from journeys.parsing.fields import (
    control_word,
    odd_priority,
    parse_emotion,
    parse_kpi,
    parse_priority,
    parse_staged,
    parse_stages,
    parse_touchpoint,
    stage_topic,
)
from journeys.parsing.personas import parse_personas
from journeys.parsing.scope import ScopeAnswer, read_scope
from journeys.parsing.session_commands import read_session_command
from journeys.ports import KpiSuggester
from journeys.state import RENAME_PREFIX, Contribution, Item, SessionState
from journeys.steps import (
    DEFAULT_STAGE_TEMPLATE,
    PER_STAGE_STEPS,
    STEP_ITEM_KIND,
    ItemKind,
    MapType,
    Step,
    template_stages,
)
from prompts import render

START_PREFIX = "start:"


@dataclass(frozen=True)
class Itemized:
    items: tuple[Item, ...]
    unreadable: tuple[str, ...] = ()  # parts that looked like answers but could not be read (emotions)
    odd_levels: tuple[str, ...] = ()  # opportunities whose impact/effort was said but could not be read


def itemize(contribution: Contribution, *, stages: tuple[str, ...], kpis: KpiSuggester | None,
            last_persona: str | None = None) -> Itemized:
    """The items a contribution produces. Ids are `<message_id>#<n>`, so re-reading is idempotent."""
    step = contribution.step
    kind = STEP_ITEM_KIND.get(step)
    if kind is None:
        return Itemized(())
    base = {"message_id": contribution.message_id, "author": contribution.author, "at": contribution.at}
    items: list[Item] = []
    if step is Step.PERSONA:
        for persona in parse_personas(contribution.text):
            if not persona.name:  # details only (`目標: …`): they belong to the persona described last
                if last_persona is None:
                    continue
                persona = replace(persona, name=last_persona)
            items.append(Item(item_id=f"{contribution.message_id}#{len(items)}", kind=kind, text=persona.name,
                              persona=persona, **base))  # type: ignore[arg-type]
        return Itemized(tuple(items))
    if step not in PER_STAGE_STEPS:
        return Itemized(())
    if step is Step.BLUEPRINT:
        for lane, stage, text in parse_blueprint(contribution.text, stages=stages, default_stage=contribution.stage):
            items.append(Item(item_id=f"{contribution.message_id}#{len(items)}", kind=lane, text=text,
                              stage=stage, **base))  # type: ignore[arg-type]
        return Itemized(tuple(items))
    unreadable: list[str] = []
    odd: list[str] = []
    commas = step is not Step.THOUGHTS  # thoughts are sentences: 、 inside them is not a list
    for stage, text in parse_staged(contribution.text, stages=stages, default_stage=contribution.stage,
                                    commas=commas):
        text = without_aside(text)
        if is_aside(text):
            continue  # `すみません、訂正です。` before the answer: not an item, nor a feeling unread
        if step is not Step.EMOTIONS and not has_words(text):
            continue  # `👍`, `、、、`: a reaction typed as a message, not a touchpoint or a pain point
        fields: dict[str, object] = {}
        if step is Step.TOUCHPOINTS:
            text, fields["channel"] = parse_touchpoint(text)
        elif step is Step.EMOTIONS:
            stage = stage_topic(text, stages) or stage
            score = parse_emotion(text)
            if score is None:
                unreadable.append(text)
                continue
            fields["score"] = score
        elif step is Step.OPPORTUNITIES:
            if odd_priority(text):
                odd.append(text)
            text, fields["impact"], fields["effort"] = parse_priority(text)
        elif step is Step.KPIS:
            text, fields["target"] = parse_kpi(text)
            resolved = kpis.resolve(text) if kpis else None
            fields["kpi_id"] = resolved[0] if resolved else None
        items.append(Item(item_id=f"{contribution.message_id}#{len(items)}", kind=kind, text=text,
                          stage=stage, **base, **fields))  # type: ignore[arg-type]
    return Itemized(tuple(items), tuple(unreadable), tuple(odd))


def has_words(text: str) -> bool:
    """Whether a text has a letter, kana, kanji or digit in it — anything an item could be named by."""
    return any(ch.isalnum() for ch in text)


def is_move(contribution: Contribution) -> bool:
    """A recorded control message or command (`次へ`, `undo`, `改善機会へ`, `削除 2`…): it adds no items of
    its own, and is kept so that a replay of it is recognised (and a command is attributed)."""
    return (control_word(contribution.text) is not None or read_command(contribution.text) is not None
            or read_session_command(contribution.text) is not None)


def is_navigation(contribution: Contribution) -> bool:
    """A move that changed where the session is, not what it holds (`次へ`, `改善機会へ`): nothing to undo."""
    return control_word(contribution.text) is not None or isinstance(read_command(contribution.text),
                                                                     Jump | ListItems | CommandHint | DidYouMean)


def reread(item: Item, text: str, *, kpis: KpiSuggester | None) -> Item | None:
    """`item` rewritten as `text` (`修正 N: …`), its kind's fields read again; None when unreadable."""
    text = " ".join(text.split())
    if item.kind is ItemKind.TOUCHPOINT:
        name, channel = parse_touchpoint(text)
        return replace(item, text=name, channel=channel)
    if item.kind is ItemKind.EMOTION:
        score = parse_emotion(text)
        return None if score is None else replace(item, text=text, score=score)
    if item.kind is ItemKind.OPPORTUNITY:  # levels not restated are kept: rewording is not re-rating
        name, impact, effort = parse_priority(text)
        return replace(item, text=name, impact=item.impact if impact is None else impact,
                       effort=item.effort if effort is None else effort)
    if item.kind is ItemKind.KPI:
        name, target = parse_kpi(text)
        resolved = kpis.resolve(name) if kpis else None
        return replace(item, text=name, target=target, kpi_id=resolved[0] if resolved else None)
    if item.kind is ItemKind.PERSONA and item.persona is not None:
        return replace(item, text=text, persona=replace(item.persona, name=text))
    return replace(item, text=text)


def single_item(contribution: Contribution, kind: ItemKind) -> Item:
    """The whole contribution as one item (used when filing a message from elsewhere): never split."""
    text = " ".join(contribution.text.split())
    channel = impact = effort = None
    if kind is ItemKind.TOUCHPOINT:
        channel = parse_touchpoint(text)[1]
    elif kind is ItemKind.OPPORTUNITY:
        text, impact, effort = parse_priority(text)
    return Item(item_id=f"{contribution.message_id}#0", kind=kind, text=text, message_id=contribution.message_id,
                author=contribution.author, at=contribution.at, stage=contribution.stage, channel=channel,
                impact=impact, effort=effort)


def scope_of(contribution: Contribution) -> ScopeAnswer:
    """What a scope-step contribution says; a start or rename message is only ever the title."""
    return read_scope(contribution.text, is_title=contribution.message_id.startswith((START_PREFIX, RENAME_PREFIX)))


def derive_settings(state: SessionState) -> SessionState:
    """Title, map type and stages as the contributions say (latest wins), else the defaults. The scope
    description is each person's latest, in the order they first gave one: several people describing the scope
    all stay on the map (the latest message alone dropped the others'), while someone answering the step again
    changes their own part, as the step's undo notice tells them to.

    Deriving instead of storing separately means an edit, delete or undo of a settings message
    cannot leave the session in a state no message explains.
    """
    title, map_type, stages = state.title, MapType.CURRENT_STATE, None
    scope: dict[str, str] = {}  # author → their latest description; a dict keeps who came first
    for contribution in state.contributions:
        if is_move(contribution):
            continue
        if contribution.step is Step.SCOPE:
            said = scope_of(contribution)
            title = said.title or title
            map_type = said.map_type or map_type
            if said.description:
                scope[contribution.author] = said.description
        elif contribution.step is Step.STAGES:
            current = stages or template_stages(DEFAULT_STAGE_TEMPLATE, state.language)
            stages = parse_stages(contribution.text, lang=state.language, current=current) or stages
    if title in {render("journey.untitled", lang) for lang in LANGUAGES}:
        title = render("journey.untitled", state.language)  # no title was given: the placeholder follows the team
    return state.evolve(
        title=title,
        map_type=map_type,
        scope="\n".join(dict.fromkeys(scope.values())) or None,
        stages=stages or template_stages(DEFAULT_STAGE_TEMPLATE, state.language),
    )
