"""Turn one contribution (a message at a step and stage) into items, and derive session settings.

Shared by answers, edits and undo so an edited message is re-read exactly as a new one would be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from journeys.parsing.fields import (
    control_word,
    parse_emotion,
    parse_kpi,
    parse_map_type,
    parse_priority,
    parse_staged,
    parse_stages,
    parse_touchpoint,
)
from journeys.parsing.personas import parse_personas
from journeys.ports import KpiSuggester
from journeys.state import Contribution, Item, SessionState
from journeys.steps import (
    DEFAULT_STAGE_TEMPLATE,
    PER_STAGE_STEPS,
    STEP_ITEM_KIND,
    ItemKind,
    MapType,
    Step,
    template_stages,
)
from journeys.text import fold

START_PREFIX = "start:"
_TITLE = re.compile(r"^\s*(?:タイトル|題名|名前|title|name)\s*[:：]\s*(.+)$", re.I | re.S)
_TYPE = re.compile(r"^\s*(?:種類|タイプ|マップの種類|type|map type)\s*[:：]\s*(.+)$", re.I | re.S)


@dataclass(frozen=True)
class Itemized:
    items: tuple[Item, ...]
    unreadable: tuple[str, ...] = ()  # parts that looked like answers but could not be read (emotions)


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
    unreadable: list[str] = []
    commas = step is not Step.THOUGHTS  # thoughts are sentences: 、 inside them is not a list
    for stage, text in parse_staged(contribution.text, stages=stages, default_stage=contribution.stage,
                                    commas=commas):
        fields: dict[str, object] = {}
        if step is Step.TOUCHPOINTS:
            text, fields["channel"] = parse_touchpoint(text)
        elif step is Step.EMOTIONS:
            score = parse_emotion(text)
            if score is None:
                unreadable.append(text)
                continue
            fields["score"] = score
        elif step is Step.OPPORTUNITIES:
            text, fields["impact"], fields["effort"] = parse_priority(text)
        elif step is Step.KPIS:
            text, fields["target"] = parse_kpi(text)
            resolved = kpis.resolve(text) if kpis else None
            fields["kpi_id"] = resolved[0] if resolved else None
        items.append(Item(item_id=f"{contribution.message_id}#{len(items)}", kind=kind, text=text,
                          stage=stage, **base, **fields))  # type: ignore[arg-type]
    return Itemized(tuple(items), tuple(unreadable))


def is_move(contribution: Contribution) -> bool:
    """A recorded control message (`次へ`, `undo`…): kept only so a replay of it is recognised."""
    return control_word(contribution.text) is not None


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


def read_scope(text: str, *, is_start: bool) -> tuple[str | None, MapType | None]:
    """(title, map type) from a scope answer. The start message only ever names the title."""
    text = text.strip()
    if is_start:
        return (text or None), None
    title = _TITLE.match(text)
    if title:
        return title.group(1).strip()[:200], None
    typed = _TYPE.match(text)
    if typed:
        return None, parse_map_type(typed.group(1))
    if len(fold(text)) <= 12:  # "現状", "2", "サービスブループリント": a choice, not a title
        map_type = parse_map_type(text)
        if map_type is not None:
            return None, map_type
    return (text[:200] or None), None


def derive_settings(state: SessionState) -> SessionState:
    """Title, map type and stages as the contributions say (latest wins), else the defaults.

    Deriving instead of storing separately means an edit, delete or undo of a settings message
    cannot leave the session in a state no message explains.
    """
    title, map_type, stages = state.title, MapType.CURRENT_STATE, None
    for contribution in state.contributions:
        if is_move(contribution):
            continue
        if contribution.step is Step.SCOPE:
            new_title, new_type = read_scope(contribution.text,
                                             is_start=contribution.message_id.startswith(START_PREFIX))
            title = new_title or title
            map_type = new_type or map_type
        elif contribution.step is Step.STAGES:
            stages = parse_stages(contribution.text, lang=state.language) or stages
    return state.evolve(
        title=title,
        map_type=map_type,
        stages=stages or template_stages(DEFAULT_STAGE_TEMPLATE, state.language),
    )
