"""The session's moves: next, back, skip, undo, summary and help (typed as words or pressed as buttons).

Kept apart from `flow` (which reads answers) so each stays small; both build on `outcome`.
"""

from __future__ import annotations

from datetime import datetime

from journeys.events import Move
from journeys.outcome import Context, Outcome, notice, question, summary
from journeys.parsing.items import START_PREFIX, derive_settings, is_move, is_navigation
from journeys.replies import Reply, ReplyKind
from journeys.state import RENAME_PREFIX, SessionState
from journeys.steps import PER_STAGE_STEPS, ItemKind, Step, next_step, previous_step
from journeys.summary import describe_item, empty_stages, join, question_text, step_items
from journeys.undoing import without
from prompts import render

__all__ = ["SETTINGS_STEPS", "move"]

SETTINGS_STEPS = frozenset({Step.SCOPE, Step.STAGES})


def move(state: SessionState, requested: Move, author: str, at: datetime, lang: str, ctx: Context) -> Outcome:
    """Apply a move; an unchanged outcome (help, summary, nothing to undo) tells the caller not to record it."""
    if requested is Move.HELP:
        text = render("help", lang, step=render(f"step.{state.step.value}", lang),
                      question=question_text(state, lang, ctx.kpis))
        return Outcome(state, [Reply(ReplyKind.HELP, text, lang, step=state.step, stage=state.current_stage)])
    if requested is Move.SUMMARY:
        return Outcome(state, [summary(state, lang)])
    if requested is Move.UNDO:
        return _undo(state, author, at, lang)
    if requested is Move.BACK:
        return _back(state, at, lang, ctx)
    return _forward(state, at, lang, ctx, gate=requested is Move.NEXT,
                    whole_step=requested is Move.SKIP)


def _forward(state: SessionState, at: datetime, lang: str, ctx: Context, *, gate: bool,
             whole_step: bool) -> Outcome:
    if state.step is Step.REVIEW:
        return Outcome(state, [Reply(ReplyKind.NOTICE, render("notice.at_end", lang), lang, step=state.step),
                               summary(state, lang)])
    replies: list[Reply] = []
    step, index = state.step, state.stage_index
    per_stage = step in PER_STAGE_STEPS
    # `next` once every stage has an entry (all emotions on one line) leaves the step: nothing to walk.
    complete = gate and per_stage and not empty_stages(state, step)
    if complete and not whole_step and index < len(state.stages) - 1:  # say why the later stages are not asked
        replies.append(Reply(ReplyKind.NOTICE, render("notice.all_stages_filled", lang,
                                                      step=render(f"step.{step.value}", lang)), lang, step=step))
    if per_stage and not whole_step and not complete and index < len(state.stages) - 1:
        if gate and not step_items(state, step, state.stages[index]):
            # the step goes on at the next stage: said so, with the way out (`moving on` read as the step's end)
            text = render("warning.missing_stage", lang, what=render(f"step.{step.value}", lang),
                          stage=state.stages[index], next=state.stages[index + 1])
            replies.append(Reply(ReplyKind.WARNING, text, lang, step=state.step, stage=state.current_stage))
        new_state = state.evolve(stage_index=index + 1, updated_at=at)
    else:
        if gate and per_stage:
            missing = empty_stages(state, step)
            if missing:
                replies.append(_missing(state, step, missing, lang))
        if gate and step is Step.PERSONA and not state.items_of(ItemKind.PERSONA):
            replies.append(Reply(ReplyKind.WARNING, render("warning.no_persona", lang), lang, step=step))
        new_state = state.evolve(step=next_step(step, state.map_type), stage_index=0, updated_at=at)
    replies.append(question(new_state, lang, ctx))
    return Outcome(new_state, replies, changed=True)


def _missing(state: SessionState, step: Step, stages: list[str], lang: str) -> Reply:
    text = render("warning.missing", lang, what=render(f"step.{step.value}", lang), stages=join(stages, lang))
    return Reply(ReplyKind.WARNING, text, lang, step=state.step, stage=state.current_stage)


def _back(state: SessionState, at: datetime, lang: str, ctx: Context) -> Outcome:
    if state.step in PER_STAGE_STEPS and state.stage_index > 0:
        new_state = state.evolve(stage_index=state.stage_index - 1, updated_at=at)
    elif state.step is Step.SCOPE:
        return notice(state, lang, "notice.already_first")
    else:
        step = previous_step(state.step, state.map_type)
        last = max(len(state.stages) - 1, 0) if step in PER_STAGE_STEPS else 0
        new_state = state.evolve(step=step, stage_index=last, updated_at=at)
    return Outcome(new_state, [question(new_state, lang, ctx)], changed=True)


def _undo(state: SessionState, author: str, at: datetime, lang: str) -> Outcome:
    """Take back the speaker's last change: an answer (its items go), or an item command — `削除` brings the
    items back, `修正` / `評価` restores what they said before, a vote is taken back, a withdrawn vote cast
    again, a scope or stages answer taken back (the settings are read again from what is left). Moves (next, a
    jump) are not changes."""
    mine = [c for c in state.contributions if c.author == author and c.text
            and not c.message_id.startswith((START_PREFIX, RENAME_PREFIX)) and not is_navigation(c)]
    if not mine:
        return notice(state, lang, "notice.nothing_to_undo")
    last = mine[-1]
    command = is_move(last)
    new_state, removed, restored = without(state, last, at)
    if last.step in SETTINGS_STEPS and not command:  # title, scope and stages are derived from what is left
        new_state = derive_settings(new_state)
    if command:
        back = join([describe_item(i, lang) for i in restored], lang)
        text = render("recorded.undone_command", lang, command=last.text,
                      items=render("recorded.restored", lang, items=back) if back else "")
    else:
        step_name = render(f"step.{last.step.value}", lang)
        filed = {item.stage for item in removed if item.stage} or ({last.stage} if last.stage else set())
        # where the items were filed (`維持: 😐` typed at 認知 went to 維持), not where the message was typed
        where = render("where.stage", lang, step=step_name, stage=join(sorted(filed), lang)) if filed else step_name
        said = join([describe_item(i, lang) for i in removed], lang) or " ".join(last.text.split())[:120]
        text = render("recorded.undone", lang, where=where, items=said or "-")
    return Outcome(new_state, [Reply(ReplyKind.RECORDED, text, lang, step=state.step, stage=state.current_stage)],
                   changed=True)
