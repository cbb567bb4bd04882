"""Votes and ratings on a shared map: `投票 N` / `vote N`, `投票取消 N` / `unvote N`, vote buttons, and
`評価 N 影響:高 工数:低` / `rate N impact high effort low` on an existing opportunity.

N is a number of the list the team sees. At the pain-point and opportunity steps that is the step's own
`一覧` / `list` (journeys.editing); anywhere else (the review step above all) it is the vote list: pain
points, then opportunities, each stage by stage — what `一覧` shows at the review step.

One vote per person and item. Typing `投票 N` twice keeps one vote (and says so): taking a vote back is
explicit (`投票取消 N`), so a message sent twice by mistake cannot undo itself. A vote button toggles —
a second click takes the vote back — as buttons do. The typed commands are stored as contributions (who
said it, attributed; a replayed message acts once); a vote itself is stored with who and when.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from journeys.editing import numbered
from journeys.events import VoteClick
from journeys.outcome import Outcome
from journeys.parsing.session_commands import CastVotes, RateItem
from journeys.replies import Reply, ReplyKind
from journeys.state import Contribution, Item, Restore, SessionState, Vote
from journeys.steps import ItemKind, Step
from journeys.summary import describe_item, join
from prompts import render
from prompts.sharing import text

__all__ = ["VOTABLE_KINDS", "cast_votes", "rate_item", "toggle_vote", "votable", "vote_counter", "vote_list"]

VOTABLE_KINDS = (ItemKind.PAIN_POINT, ItemKind.OPPORTUNITY)


def votable(state: SessionState) -> list[Item]:
    """The items `投票 N` numbers, in list order (1-based in what people see)."""
    if state.step in (Step.PAIN_POINTS, Step.OPPORTUNITIES, Step.REVIEW):
        return numbered(state)
    order = {stage: position for position, stage in enumerate(state.stages)}
    ranked: list[Item] = []
    for kind in VOTABLE_KINDS:
        ranked.extend(sorted(state.items_of(kind), key=lambda item: order.get(item.stage or "", len(order))))
    return ranked


def vote_counter(state: SessionState) -> Callable[[Item], int]:
    """`votes_of(item)` for the exports (JSON `"votes"`, Markdown, picture, matrix): votes on an item of `state`."""

    def votes_of(item: Item) -> int:
        return state.vote_count(item.item_id)

    return votes_of


def _reply(state: SessionState, kind: ReplyKind, body: str, lang: str) -> Reply:
    return Reply(kind, body, lang, step=state.step, stage=state.current_stage)


def _notice(state: SessionState, body: str, lang: str) -> Outcome:
    return Outcome(state, [_reply(state, ReplyKind.NOTICE, body, lang)])


def vote_list(state: SessionState, lang: str) -> Outcome:
    """`一覧` at the review step: every pain point and opportunity, numbered, with its votes."""
    items = votable(state)
    if not items:
        return _notice(state, text("vote.none", lang), lang)
    lines = [text("vote.list_header", lang, count=len(items))]
    for number, item in enumerate(items, start=1):
        lines.append(text("vote.list_item", lang, number=number, kind=render(f"step.{_step_of(item).value}", lang),
                          stage=item.stage or "-", item=describe_item(item, lang),
                          count=state.vote_count(item.item_id)))
    return Outcome(state, [_reply(state, ReplyKind.SUMMARY, "\n".join(lines), lang)])


def _step_of(item: Item) -> Step:
    return Step.PAIN_POINTS if item.kind is ItemKind.PAIN_POINT else Step.OPPORTUNITIES


def _described(state: SessionState, number: int, item: Item, lang: str) -> str:
    return text("vote.item", lang, number=number, item=describe_item(item, lang), count=state.vote_count(item.item_id))


_VOTING_STEPS = (Step.PAIN_POINTS, Step.OPPORTUNITIES, Step.REVIEW)


def _targets(state: SessionState, numbers: tuple[int, ...], lang: str) -> list[tuple[int, Item]] | Outcome:
    if state.step not in _VOTING_STEPS:
        # Here `一覧` numbers this step's items (KPIs, touchpoints…): `投票 1` would land on another list's 1.
        return _notice(state, text("vote.wrong_step", lang), lang)
    items = votable(state)
    if not items:
        return _notice(state, text("vote.none", lang), lang)
    wrong = [n for n in numbers if not 1 <= n <= len(items)]
    if wrong or not numbers:
        return _notice(state, text("vote.no_such", lang, number=wrong[0] if wrong else 0, count=len(items)), lang)
    return [(n, items[n - 1]) for n in numbers]


def cast_votes(state: SessionState, command: CastVotes, record: Contribution, lang: str) -> Outcome:
    """The speaker's vote on each numbered item (or, withdrawing, its removal); items already so are named."""
    targets = _targets(state, command.numbers, lang)
    if isinstance(targets, Outcome):
        return targets
    mine = {vote.item_id for vote in state.votes if vote.voter == record.author}
    if command.withdraw:
        acted = [(n, i) for n, i in targets if i.item_id in mine]
        skipped = [(n, i) for n, i in targets if i.item_id not in mine]
        gone = {i.item_id for _, i in acted}
        votes = tuple(v for v in state.votes if not (v.voter == record.author and v.item_id in gone))
    else:
        acted = [(n, i) for n, i in targets if i.item_id not in mine]
        skipped = [(n, i) for n, i in targets if i.item_id in mine]
        votes = (*state.votes, *(Vote(i.item_id, record.author, record.at, record.author_name) for _, i in acted))
    new_state = state.evolve(votes=votes, updated_at=record.at) if acted else state
    replies: list[Reply] = []
    if acted:
        taken_back = tuple(v for v in state.votes if v not in votes)  # a withdrawal: undo casts them again
        record = replace(record, restore=Restore(votes=taken_back)) if taken_back else record
        new_state = new_state.evolve(contributions=(*state.contributions, record))
        shown = join([_described(new_state, n, i, lang) for n, i in acted], lang)
        replies.append(_reply(new_state, ReplyKind.RECORDED,
                              text("vote.withdrawn" if command.withdraw else "vote.cast", lang, items=shown), lang))
    if skipped:
        shown = join([_described(state, n, i, lang) for n, i in skipped], lang)
        key = "vote.not_voted" if command.withdraw else "vote.already"
        replies.append(_reply(new_state, ReplyKind.NOTICE, text(key, lang, items=shown, number=skipped[0][0]), lang))
    return Outcome(new_state, replies, changed=bool(acted))


def toggle_vote(state: SessionState, event: VoteClick, lang: str) -> Outcome:
    """A vote button: vote, or take the vote back when the clicker had voted. No thread reply: the vote
    message itself shows the counts (the adapter updates it)."""
    if not any(item.item_id == event.item_id and item.kind in VOTABLE_KINDS for item in state.items):
        return _notice(state, text("vote.gone", lang), lang)
    mine = [v for v in state.votes if v.item_id == event.item_id and v.voter == event.author]
    if mine:
        votes = tuple(v for v in state.votes if v not in mine)
    else:
        votes = (*state.votes, Vote(event.item_id, event.author, event.at, event.author_name))
    return Outcome(state.evolve(votes=votes, updated_at=event.at), [], changed=True)


def rate_item(state: SessionState, command: RateItem, record: Contribution, lang: str) -> Outcome:
    """Set impact and/or effort (1–3) of an existing opportunity; what is not said is kept."""
    if command.impact is None and command.effort is None:
        return _notice(state, text("rate.unreadable", lang, number=command.number), lang)
    targets = _targets(state, (command.number,), lang)
    if isinstance(targets, Outcome):
        return targets
    [(number, item)] = targets
    if item.kind is not ItemKind.OPPORTUNITY:
        return _notice(state, text("rate.not_opportunity", lang, number=number, item=item.text), lang)
    rated = replace(item, impact=command.impact or item.impact, effort=command.effort or item.effort)
    record = replace(record, restore=Restore(items=((state.items.index(item), item, False),)))
    new_state = state.evolve(items=tuple(rated if i.item_id == item.item_id else i for i in state.items),
                             contributions=(*state.contributions, record), updated_at=record.at)
    body = text("rate.done", lang, number=number, item=rated.text, impact=rated.impact or "-",
                effort=rated.effort or "-")
    return Outcome(new_state, [_reply(new_state, ReplyKind.RECORDED, body, lang)], changed=True)
