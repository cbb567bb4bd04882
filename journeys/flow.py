"""The guided session as a pure, total state machine: `advance(state, event) -> Outcome`.

No I/O, no clock, no randomness: everything comes in the state and the event, so the Slack and
terminal adapters drive the same engine and the engine is tested without either. It never raises
on user input — a bad answer becomes a friendly notice and leaves the state unchanged.
"""

from __future__ import annotations

from dataclasses import replace

from journeys.editing import delete_items, edit_item, list_items
from journeys.events import Answer, AnyEvent, Control, Delete, Edit, FileItem, Move, Rename, VoteClick
from journeys.language import LANGUAGES, stated_language
from journeys.moves import SETTINGS_STEPS, move
from journeys.outcome import DEFAULT_CONTEXT, Context, Outcome, notice, question, session_language, summary
from journeys.parsing.commands import (
    Command,
    CommandHint,
    DeleteItem,
    DidYouMean,
    EditItem,
    ListItems,
    command_named,
    read_command,
)
from journeys.parsing.fields import control_word, match_stage, parse_stages, stage_answered, unknown_stage
from journeys.parsing.items import START_PREFIX, Itemized, derive_settings, is_move, itemize, scope_of, single_item
from journeys.parsing.links import link_touchpoint
from journeys.parsing.personas import looks_like_persona
from journeys.parsing.scope import MAX_TITLE_CHARS, is_retitle
from journeys.parsing.session_commands import CastVotes, RateItem, SessionCommand, read_session_command
from journeys.replacing import described_again, restated_kpis
from journeys.replies import Reply, ReplyKind
from journeys.reviews import schedule_review
from journeys.state import RENAME_PREFIX, Contribution, Item, Restore, SessionState
from journeys.steps import ItemKind, Step, session_steps
from journeys.summary import describe_item, join
from journeys.text import clean, fold
from journeys.undoing import without
from journeys.voting import cast_votes, rate_item, toggle_vote, vote_list
from prompts import render

MAX_MESSAGE_CHARS = 4000
_FILEABLE = {ItemKind.PAIN_POINT: Step.PAIN_POINTS, ItemKind.TOUCHPOINT: Step.TOUCHPOINTS,
             ItemKind.THOUGHT: Step.THOUGHTS, ItemKind.ACTION: Step.ACTIONS,
             ItemKind.OPPORTUNITY: Step.OPPORTUNITIES}

__all__ = ["MAX_MESSAGE_CHARS", "Context", "Outcome", "advance", "question", "session_language", "summary"]


def advance(state: SessionState, event: AnyEvent, ctx: Context = DEFAULT_CONTEXT) -> Outcome:
    if isinstance(event, Answer):
        return _answer(state, event, ctx)
    if isinstance(event, Control):
        lang = event.lang if event.lang in ("ja", "en") else session_language(state, ctx)
        stale = event.at_step is not None and (event.at_step, event.at_stage) != (state.step.value,
                                                                                   state.current_stage)
        if stale and event.move in (Move.NEXT, Move.BACK, Move.SKIP):
            return Outcome(state, [Reply(ReplyKind.NOTICE, render("notice.stale_button", lang), lang,
                                         step=state.step, stage=state.current_stage), question(state, lang, ctx)])
        return move(state, event.move, event.author, event.at, lang, ctx)
    if isinstance(event, Edit):
        return _edit(state, event, ctx)
    if isinstance(event, Delete):
        return _delete(state, event, ctx)
    if isinstance(event, Rename):
        return _rename(state, event, ctx)
    if isinstance(event, VoteClick):
        return toggle_vote(state, event, session_language(state, ctx))
    return _file(state, event, ctx)


SAME_MOMENT_SECONDS = 3.0  # a `次へ` typed this soon after someone else's is the same request


def _next_just_said(state: SessionState, event: Answer) -> bool:
    """Whether the session's last message is someone else's `次へ` sent within SAME_MOMENT_SECONDS of this one."""
    last = state.contributions[-1] if state.contributions else None
    return (last is not None and last.author != event.author and control_word(last.text) is Move.NEXT
            and abs((event.at - last.at).total_seconds()) <= SAME_MOMENT_SECONDS)


def _rename(state: SessionState, event: Rename, ctx: Context) -> Outcome:
    lang = session_language(state, ctx)
    message_id = event.message_id if event.message_id.startswith(RENAME_PREFIX) else RENAME_PREFIX + event.message_id
    title = " ".join(clean(event.title).split())[:MAX_TITLE_CHARS]
    if state.has_message(message_id) or not title:
        return Outcome(state)
    record = Contribution(message_id, event.author, title, Step.SCOPE, None, event.at, event.author_name)
    new_state = derive_settings(state.evolve(contributions=(*state.contributions, record), updated_at=event.at))
    text = render("recorded.scope", lang, title=new_state.title,
                  map_type=render(f"map_type.{new_state.map_type.value}", lang))
    return Outcome(new_state, [Reply(ReplyKind.RECORDED, text, lang, step=new_state.step,
                                     stage=new_state.current_stage)], changed=True)


def _answer(state: SessionState, event: Answer, ctx: Context) -> Outcome:
    if state.has_message(event.message_id):
        return Outcome(state)  # the same message again (a retry, a replay): stored once, said once
    text = clean(event.text)
    lang = session_language(state, ctx)
    if len(text) > MAX_MESSAGE_CHARS:
        return notice(state, lang, "notice.too_long", length=len(text), limit=MAX_MESSAGE_CHARS)
    # A move or command is recorded as a contribution without items, so a replayed message acts once.
    record = Contribution(event.message_id, event.author, text, state.step, state.current_stage, event.at,
                          event.author_name)
    word = control_word(text)
    if word is not None:
        if word is Move.NEXT and _next_just_said(state, event):
            # Two people typed `次へ` at once: one move, not two (the second skipped a stage nobody had answered).
            said = Reply(ReplyKind.NOTICE, render("notice.next_already", lang), lang, step=state.step,
                         stage=state.current_stage)
            return Outcome(state.evolve(contributions=(*state.contributions, record)), [said], changed=True)
        outcome = move(state, word, event.author, event.at, lang, ctx)
        if not outcome.changed:
            return outcome
        return Outcome(outcome.state.evolve(contributions=(*outcome.state.contributions, record)), outcome.replies,
                       changed=True)
    command = read_command(text)
    if command is not None:
        return _command(state, command, record, lang, ctx)
    shared = read_session_command(text)
    if shared is not None:
        return _share(state, shared, record, lang)
    if not text:
        return notice(state, lang, "notice.empty")
    if state.step is Step.REVIEW:
        hint = command_named(text)
        return notice(state, lang, f"notice.command_form.{hint}" if hint else "notice.review")
    if _first_answer(state) and ctx.language not in LANGUAGES and stated_language(text) not in (None, lang):
        # The title said little (`EC site checkout` typed by a Japanese team): the first answer says more. The
        # switch holds only if the answer is taken; a refused one changes nothing, its language included.
        switched = str(stated_language(text))
        outcome = _take(state.evolve(language=switched), record, text, switched, ctx)
        return outcome if outcome.changed else _take(state, record, text, lang, ctx)
    return _take(state, record, text, lang, ctx)


def _take(state: SessionState, record: Contribution, text: str, lang: str, ctx: Context) -> Outcome:
    """An answer (not a move or a command) at the step the session is at."""
    if state.step is Step.SCOPE and looks_like_persona(text):
        return _answer_of_next_step(state, record, Step.PERSONA, lang, ctx)
    if state.step is Step.STAGES and stage_answered(text, state.stages) is not None:
        return _answer_of_next_step(state, record, Step.TOUCHPOINTS, lang, ctx)
    if state.step is not Step.SCOPE and is_retitle(text):  # `タイトル: …` later on renames, as at the scope step
        renamed = _record(state, replace(record, step=Step.SCOPE, stage=None), lang, ctx, verb="recorded.items")
        if not renamed.changed:
            return renamed
        reply = render("recorded.retitled", lang, title=renamed.state.title)  # no scope-step hint: the step goes on
        return Outcome(renamed.state, [Reply(ReplyKind.RECORDED, reply, lang, step=state.step,
                                             stage=state.current_stage)], changed=True)
    return _record(state, record, lang, ctx, verb="recorded.items")


def _first_answer(state: SessionState) -> bool:
    """No one has answered yet: only the start (or a rename) and moves so far."""
    return all(c.message_id.startswith((START_PREFIX, RENAME_PREFIX)) or is_move(c) for c in state.contributions)


def _answer_of_next_step(state: SessionState, record: Contribution, step: Step, lang: str, ctx: Context) -> Outcome:
    """The next step's answer sent while a settings step is still open — a labelled persona at the scope step,
    `Discover: LinkedIn ad, …` naming a stage at the stages step: the team has moved on, so the session moves on
    too and records it there, instead of taking it as the scope description or as a new list of stages (which
    replaced the team's stages with "Discover: LinkedIn ad / a colleague's recomm…")."""
    moved = move(state, Move.NEXT, record.author, record.at, lang, ctx)
    if moved.state.step is not step:
        return _record(state, record, lang, ctx, verb="recorded.items")
    recorded = _record(moved.state, replace(record, step=step, stage=moved.state.current_stage), lang, ctx,
                       verb="recorded.items")
    return Outcome(recorded.state, [*moved.replies, *recorded.replies], changed=True)


def _command(state: SessionState, command: Command, record: Contribution, lang: str, ctx: Context) -> Outcome:
    if isinstance(command, ListItems):
        return vote_list(state, lang) if state.step is Step.REVIEW else list_items(state, lang)
    if isinstance(command, CommandHint):
        if command.command == "jump":
            names = join([render(f"step.{step.value}", lang) for step in session_steps(state.map_type)], lang)
            return notice(state, lang, "notice.command_form.jump", steps=names)
        return notice(state, lang, f"notice.command_form.{command.command}")
    if isinstance(command, DidYouMean):
        return notice(state, lang, "notice.did_you_mean", word=command.word)
    if isinstance(command, DeleteItem):
        return delete_items(state, command.numbers, record, lang)
    if isinstance(command, EditItem):
        return edit_item(state, command.number, command.text, record, lang, ctx)
    if command.step not in session_steps(state.map_type):
        return notice(state, lang, "notice.blueprint_only")
    new_state = state.evolve(step=command.step, stage_index=0, updated_at=record.at,
                             contributions=(*state.contributions, record))
    return Outcome(new_state, [question(new_state, lang, ctx)], changed=True)


def _share(state: SessionState, command: SessionCommand, record: Contribution, lang: str) -> Outcome:
    """Votes, ratings and review dates (journeys.voting, journeys.reviews)."""
    if isinstance(command, CastVotes):
        return cast_votes(state, command, record, lang)
    if isinstance(command, RateItem):
        return rate_item(state, command, record, lang)
    return schedule_review(state, command, record, lang)


def _record(state: SessionState, contribution: Contribution, lang: str, ctx: Context, *,
            verb: str, replacing: str | None = None) -> Outcome:
    """Add (or, with `replacing`, replace) a contribution and its items — or explain why not."""
    original = next((c for c in state.contributions if c.message_id == replacing), None)
    # An edited message is read again from what the map was before it: what it replaced comes back first.
    before = without(state, original, contribution.at)[0] if original is not None else state
    kept, kept_items = before.contributions, before.items
    candidate = state.evolve(contributions=(*kept, contribution), items=kept_items, updated_at=contribution.at)
    if contribution.step in SETTINGS_STEPS:
        return _record_settings(state, candidate, contribution, lang)
    personas = [i.text for i in kept_items if i.kind is ItemKind.PERSONA]
    result = itemize(contribution, stages=state.stages, kpis=ctx.kpis, last_persona=personas[-1] if personas else None)
    linked = tuple(link_touchpoint(item, kept_items) for item in result.items)
    kept_items, linked, restated = restated_kpis(kept_items, linked)
    kept_items, linked, described = described_again(kept_items, linked)
    if restated or described:
        contribution = replace(contribution, restore=Restore(items=(*restated, *described)))
        candidate = candidate.evolve(contributions=(*kept, contribution))
    if not result.items:
        key = {Step.PERSONA: "notice.unparsed.persona", Step.EMOTIONS: "notice.unparsed.emotions"}.get(
            contribution.step, "notice.unparsed.items")
        return notice(state, lang, key, items=join(list(result.unreadable), lang))
    new_state = candidate.evolve(items=(*kept_items, *linked))
    shown = (*linked, *(item for item in kept_items if any(item.item_id == old.item_id for _, old, _ in described)))
    replies = [_recorded_reply(new_state, shown, contribution, lang, verb)]
    replies.extend(_notices(state, result, linked, kept_items, contribution, lang, ctx))
    return Outcome(new_state, replies, changed=True)


def _notices(state: SessionState, result: Itemized, linked: tuple[Item, ...], kept_items: tuple[Item, ...],
             contribution: Contribution, lang: str, ctx: Context) -> list[Reply]:
    """What the team should hear about an answer that was recorded: custom KPIs, a touchpoint nobody listed, a
    stage prefix naming no stage, levels or emotions that did not read."""
    notices: list[Reply] = []
    custom = [item.text for item in result.items if item.kind is ItemKind.KPI and item.kpi_id is None]
    if custom and ctx.kpis is not None:
        notices.append(Reply(ReplyKind.NOTICE, render("notice.kpi_custom", lang, names=join(custom, lang)), lang,
                             step=state.step, stage=state.current_stage))
    known = {fold(i.text) for i in kept_items if i.kind is ItemKind.TOUCHPOINT}
    unlisted = [i.touchpoint for i in linked if i.touchpoint and known and fold(i.touchpoint) not in known]
    if unlisted:  # a typo in `@カート画面` would otherwise become a touchpoint nobody listed
        notices.append(Reply(ReplyKind.NOTICE, render("notice.unlisted_touchpoint", lang,
                                                      names=join(list(dict.fromkeys(unlisted)), lang)), lang))
    strays = sorted({label for item in linked if item.stage is not None
                     for label in [unknown_stage(item.text, state.stages)] if label})
    if strays and contribution.step is not Step.BLUEPRINT:
        notices.append(Reply(ReplyKind.NOTICE, render("notice.unknown_stage_prefix", lang, labels=join(strays, lang),
                                                      stages=" / ".join(state.stages)), lang))
    if result.odd_levels:
        notices.append(Reply(ReplyKind.NOTICE, render("notice.priority_levels", lang,
                                                      items=join(list(result.odd_levels), lang)), lang))
    if result.unreadable:
        notices.append(Reply(ReplyKind.NOTICE, render("notice.unparsed.emotions", lang,
                                                      items=join(list(result.unreadable), lang)), lang))
    return notices


def _record_settings(old: SessionState, candidate: SessionState, contribution: Contribution,
                     lang: str) -> Outcome:
    if contribution.step is Step.SCOPE:
        if scope_of(contribution).empty:
            return notice(old, lang, "notice.unparsed.scope")
        derived = derive_settings(candidate)
        text = render("recorded.scope", lang, title=derived.title,
                      map_type=render(f"map_type.{derived.map_type.value}", lang))
        if derived.scope:
            text = f"{text}\n{render('recorded.scope_text', lang, scope=derived.scope)}"
    else:
        if parse_stages(contribution.text, lang=old.language, current=old.stages) is None:
            return notice(old, lang, "notice.unparsed.stages")
        derived = derive_settings(candidate)
        text = render("recorded.stages", lang, stages=" / ".join(derived.stages))
    replies = [Reply(ReplyKind.RECORDED, f"{text}\n{render('hint.settings', lang)}", lang,
                     step=derived.step, stage=derived.current_stage)]
    replies.extend(_orphannotice(derived, lang))
    return Outcome(derived, replies, changed=True)


def _orphannotice(state: SessionState, lang: str) -> list[Reply]:
    orphans = [i for i in state.items if i.stage is not None and i.stage not in state.stages]
    if not orphans:
        return []
    names = join(sorted({i.stage for i in orphans if i.stage}), lang)
    return [Reply(ReplyKind.WARNING, render("notice.stage_orphans", lang, count=len(orphans), stages=names), lang)]


def _recorded_reply(state: SessionState, items: tuple[Item, ...], contribution: Contribution, lang: str,
                    verb: str) -> Reply:
    if contribution.step is Step.PERSONA:
        added_to = contribution.restore is not None and all(  # details for a persona already there
            any(old.item_id == i.item_id for _, old, _ in contribution.restore.items) for i in items)
        text = render("recorded.persona_more" if added_to else "recorded.persona", lang,
                      names=join([i.text for i in items], lang))
    else:
        several = len({i.stage for i in items}) > 1  # `+1、試着: -2` read as if +1 had no stage: name them all
        shown = [describe_item(i, lang) if i.stage == contribution.stage and not several
                 else f"{i.stage}: {describe_item(i, lang)}" for i in items]
        text = render(verb, lang, count=len(items), items=join(shown, lang))
        replaced = [old for _, old, removed in contribution.restore.items if removed] if contribution.restore else []
        if replaced:  # `NPS (目標: +30)` after `NPS`: one row, updated — not a second one
            earlier = join([describe_item(i, lang) for i in replaced], lang)
            text = f"{text}\n{render('recorded.replaced', lang, items=earlier)}"
    if verb == "recorded.items" and contribution.step is state.step:
        text = f"{text}\n{render('hint.stage', lang)}"
    return Reply(ReplyKind.RECORDED, text, lang, step=state.step, stage=state.current_stage)


def _edit(state: SessionState, event: Edit, ctx: Context) -> Outcome:
    original = next((c for c in state.contributions if c.message_id == event.message_id), None)
    text = clean(event.text)
    lang = session_language(state, ctx)
    if original is None and text and control_word(text) is None:
        # The edit came first: the message's own delivery failed and Slack is still retrying it (on another
        # replica). The message reads as edited, so that is what it answered; the late original is then a replay.
        return _answer(state, Answer(event.text, event.author, event.message_id, event.at, event.author_name), ctx)
    if original is None or is_move(original):
        # An edit of a move or of a message that stored nothing: there is nothing to update.
        return Outcome(state)
    if not text or control_word(text) is not None:
        return _delete(state, Delete(event.message_id, event.author, event.at), ctx)
    if len(text) > MAX_MESSAGE_CHARS:
        return notice(state, lang, "notice.too_long", length=len(text), limit=MAX_MESSAGE_CHARS)
    if text == original.text:
        return Outcome(state)
    contribution = Contribution(original.message_id, original.author, text, original.step, original.stage,
                                original.at, event.author_name or original.author_name)
    outcome = _record(state, contribution, lang, ctx, verb="recorded.edited", replacing=original.message_id)
    if outcome.changed:
        # Keep the contribution where it was in the session's history, and its items where they were in their
        # lists: appended at the end, an edited answer renumbered `一覧`, and `修正 3` read before it hit another.
        ordered = tuple(contribution if c.message_id == original.message_id else c for c in state.contributions)
        items = _in_place(state.items, outcome.state.items, original.message_id)
        outcome = Outcome(outcome.state.evolve(contributions=ordered, items=items, updated_at=event.at),
                          outcome.replies, True)
    return outcome


def _in_place(before: tuple[Item, ...], after: tuple[Item, ...], message_id: str) -> tuple[Item, ...]:
    """`after` with the items of `message_id` moved to where that message's first item stood in `before`."""
    first = next((n for n, item in enumerate(before) if item.message_id == message_id), None)
    if first is None:
        return after
    mine = [item for item in after if item.message_id == message_id]
    rest = [item for item in after if item.message_id != message_id]
    kept_before = {item.item_id for item in before[:first]}
    at = sum(1 for item in rest if item.item_id in kept_before)
    return (*rest[:at], *mine, *rest[at:])


def _delete(state: SessionState, event: Delete, ctx: Context) -> Outcome:
    original = next((c for c in state.contributions if c.message_id == event.message_id), None)
    if original is None:
        # Deleted before its own delivery arrived (a retry still on its way): remembered as gone, so the late
        # message is a replay and stores nothing. An empty contribution holds no items and names no contributor.
        gone = Contribution(event.message_id, event.author, "", state.step, state.current_stage, event.at,
                            event.author_name)
        return Outcome(state.evolve(contributions=(*state.contributions, gone)), changed=True)
    if is_move(original):
        return Outcome(state)  # a deleted move stays recorded: the session already moved
    lang = session_language(state, ctx)
    new_state, removed, _ = without(state, original, event.at)
    if original.step in SETTINGS_STEPS:
        new_state = derive_settings(new_state)
    text = render("recorded.deleted", lang, count=len(removed))
    return Outcome(new_state, [Reply(ReplyKind.RECORDED, text, lang, step=state.step,
                                     stage=state.current_stage), *_orphannotice(new_state, lang)], changed=True)


def _file(state: SessionState, event: FileItem, ctx: Context) -> Outcome:
    """File one message, whole, under a stage — a quoted Slack message is one item, not a list."""
    lang = session_language(state, ctx)
    if state.has_message(event.message_id):
        return Outcome(state)
    kind = next((k for k in _FILEABLE if k.value == event.kind), None)
    if kind is None:
        return notice(state, lang, "notice.unknown_kind")
    stage = match_stage(event.stage, state.stages)
    if stage is None:
        return notice(state, lang, "notice.unknown_stage", stage=event.stage, stages=join(list(state.stages), lang))
    text = clean(event.text)[:MAX_MESSAGE_CHARS]
    if not text:
        return notice(state, lang, "notice.empty")
    contribution = Contribution(event.message_id, event.author, text, _FILEABLE[kind], stage, event.at,
                                event.author_name)
    new_state = state.evolve(contributions=(*state.contributions, contribution),
                             items=(*state.items, single_item(contribution, kind)), updated_at=event.at)
    text_shown = render("recorded.filed", lang, stage=stage, kind=render(f"step.{_FILEABLE[kind].value}", lang),
                        text=text)
    reply = Reply(ReplyKind.RECORDED, text_shown, lang, step=state.step, stage=state.current_stage)
    return Outcome(new_state, [reply], changed=True)
