"""Items by number: `一覧` / `list` shows the current step's items numbered, `削除 N` (or `削除 1、3`) removes
items, `修正 N: …` rewrites one (`修正 N: 検討: …` moves it to 検討 too). Anyone in the session may; the
command is stored as a contribution of who typed it, so it is attributed and a replayed message acts once,
together with what it replaced (`Contribution.restore`), so that `取り消し` puts it back.

Numbering follows the map: stage by stage in stage order (items under a stage no longer in the list
last), each stage in the order the items were given — the order the list shows.
"""

from __future__ import annotations

from dataclasses import replace

from journeys.outcome import Context, Outcome
from journeys.parsing.fields import split_stage_prefix
from journeys.parsing.items import reread
from journeys.parsing.links import link_touchpoint
from journeys.replies import ListedItem, Reply, ReplyKind
from journeys.state import Contribution, Item, Restore, SessionState
from journeys.steps import PER_STAGE_STEPS, ItemKind, Step, step_kinds
from journeys.summary import describe_item
from prompts import render

__all__ = ["delete_items", "edit_item", "list_items", "number_of", "numbered"]


# At the review step `一覧` numbers every pain point, then every opportunity: `削除 N` and `修正 N` read the same list.
_REVIEWED = (ItemKind.PAIN_POINT, ItemKind.OPPORTUNITY)


def numbered(state: SessionState) -> list[Item]:
    """The current step's items in the order `list` numbers them (1-based in what people see)."""
    order = {stage: position for position, stage in enumerate(state.stages)}
    if state.step is Step.REVIEW:
        return [item for kind in _REVIEWED
                for item in sorted(state.items_of(kind), key=lambda item: order.get(item.stage or "", len(order)))]
    kinds = step_kinds(state.step)
    items = tuple(item for item in state.items if item.kind in kinds)
    if state.step not in PER_STAGE_STEPS:
        return list(items)
    return sorted(items, key=lambda item: order.get(item.stage or "", len(order)))  # stable: entry order kept


def number_of(state: SessionState, item_id: str) -> int | None:
    """The number `list` shows for an item now (None when it is gone or not in the current step's list)."""
    return next((n for n, item in enumerate(numbered(state), 1) if item.item_id == item_id), None)


def _reply(state: SessionState, kind: ReplyKind, text: str, lang: str) -> Reply:
    return Reply(kind, text, lang, step=state.step, stage=state.current_stage)


def list_items(state: SessionState, lang: str) -> Outcome:
    step = render(f"step.{state.step.value}", lang)
    if state.step is Step.STAGES:  # the stages are settings, not items: list them as they stand
        lines = [render("list.header", lang, step=step, count=len(state.stages)),
                 *(render("list.item", lang, number=n, item=name) for n, name in enumerate(state.stages, 1)),
                 render("list.stages_hint", lang)]
        return Outcome(state, [_reply(state, ReplyKind.SUMMARY, "\n".join(lines), lang)])
    items = numbered(state)
    if not items:
        return Outcome(state, [_reply(state, ReplyKind.NOTICE, render("notice.list_empty", lang, step=step), lang)])
    lines = [render("list.header", lang, step=step, count=len(items))]
    stage: str | None = None
    for number, item in enumerate(items, start=1):
        if state.step in PER_STAGE_STEPS and item.stage != stage:
            stage = item.stage
            lines.append(render("list.stage", lang, stage=stage or "-"))
        lines.append(render("list.item", lang, number=number, item=describe_item(item, lang)))
    lines.append(render("list.hint", lang))
    listed = tuple(ListedItem(number, item.item_id, describe_item(item, lang)) for number, item in enumerate(items, 1))
    return Outcome(state, [Reply(ReplyKind.SUMMARY, "\n".join(lines), lang, step=state.step,
                                 stage=state.current_stage, listed=listed)])


def _target(state: SessionState, number: int, lang: str) -> Item | Outcome:
    items = numbered(state)
    if 1 <= number <= len(items):
        return items[number - 1]
    if not items:
        return list_items(state, lang)  # says this step has nothing yet
    text = render("notice.no_such_item", lang, number=number, count=len(items))
    return Outcome(state, [_reply(state, ReplyKind.NOTICE, text, lang)])


def delete_items(state: SessionState, numbers: tuple[int, ...], record: Contribution, lang: str) -> Outcome:
    """`削除 2` or `削除 1、3`: all the numbers are read against the list as it is before any goes, and one
    wrong number deletes nothing (the list shifting under a half-done delete would surprise more)."""
    targets: list[tuple[int, Item]] = []
    for number in numbers:
        target = _target(state, number, lang)
        if isinstance(target, Outcome):
            return target
        targets.append((number, target))
    gone = {item.item_id for _, item in targets}
    restore = Restore(items=tuple((position, item, True) for position, item in enumerate(state.items)
                                  if item.item_id in gone))
    new_state = state.evolve(items=tuple(i for i in state.items if i.item_id not in gone),
                             contributions=(*state.contributions, replace(record, restore=restore)),
                             updated_at=record.at)
    text = "\n".join(render("recorded.item_deleted", lang, number=number, item=describe_item(item, lang))
                     for number, item in targets)
    return Outcome(new_state, [_reply(new_state, ReplyKind.RECORDED, text, lang)], changed=True)


def edit_item(state: SessionState, number: int, text: str, record: Contribution, lang: str,
              ctx: Context) -> Outcome:
    target = _target(state, number, lang)
    if isinstance(target, Outcome):
        return target
    stage = target.stage
    if state.step in PER_STAGE_STEPS:  # `修正 2: 検討: 比較表がない` moves the item to 検討 as well
        named, text = split_stage_prefix(text, state.stages)
        stage = named or stage
    updated = reread(replace(target, stage=stage), text, kpis=ctx.kpis) if text.strip() else None
    if updated is not None:
        updated = link_touchpoint(updated, state.items)
        if updated.stage != target.stage and updated.touchpoint == target.touchpoint:
            updated = replace(updated, touchpoint=None)  # moved: the old stage's touchpoint is not this one's
    if updated is None:
        notice = render("notice.unparsed.emotions", lang, items=text)
        return Outcome(state, [_reply(state, ReplyKind.NOTICE, notice, lang)])
    position = state.items.index(target)
    record = replace(record, restore=Restore(items=((position, target, False),)))
    new_state = state.evolve(items=tuple(updated if i.item_id == target.item_id else i for i in state.items),
                             contributions=(*state.contributions, record), updated_at=record.at)
    reply = render("recorded.item_edited", lang, number=number, item=describe_item(updated, lang))
    return Outcome(new_state, [_reply(new_state, ReplyKind.RECORDED, reply, lang)], changed=True)
