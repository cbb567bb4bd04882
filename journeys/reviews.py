"""Coming back to the map: `見直し …` / `review …` schedules a review, and on the day the team is told
what changed since.

The sources advise revisiting a journey map regularly, so `見直し` alone means three months from now.
One review is pending at a time: scheduling again replaces a review still in the future (the earlier
ones stay, as history). A snapshot of the map is taken when the review is stored (`snapshot_of`), and
the reminder compares the map of that day with it (`changes_text`). Pure: the date comes from the event.
"""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from journeys.outcome import Outcome
from journeys.parsing.session_commands import ReviewAfter, ScheduleReview
from journeys.replies import Reply, ReplyKind
from journeys.state import Contribution, Review, SessionState
from journeys.steps import STEP_ITEM_KIND, ItemKind
from journeys.summary import join
from prompts import render
from prompts.sharing import text

__all__ = ["DEFAULT_REVIEW_MONTHS", "add_months", "changes_text", "pending_review", "schedule_review",
           "snapshot_of"]

DEFAULT_REVIEW_MONTHS = 3
MAX_YEARS_AHEAD = 5
MAX_LISTED = 5  # items named per lane and direction in a reminder; the counts say the rest
_LANES: tuple[ItemKind, ...] = tuple(STEP_ITEM_KIND.values())
_STEP_OF = {kind: step for step, kind in STEP_ITEM_KIND.items()}


def add_months(day: date, months: int) -> date:
    """`day` `months` later, on the same day of the month or the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _due(when: date | ReviewAfter | None, today: date) -> date:
    if isinstance(when, date):
        return when
    if when is None:
        return add_months(today, DEFAULT_REVIEW_MONTHS)
    if when.unit == "months":
        return add_months(today, when.amount)
    return today + timedelta(days=when.amount * (7 if when.unit == "weeks" else 1))


def pending_review(state: SessionState, today: date) -> Review | None:
    """The review still to come, if any."""
    future = [review for review in state.reviews if review.due_on > today]
    return future[-1] if future else None


def schedule_review(state: SessionState, command: ScheduleReview, record: Contribution, lang: str) -> Outcome:
    def notice(body: str) -> Outcome:
        return Outcome(state, [Reply(ReplyKind.NOTICE, body, lang, step=state.step, stage=state.current_stage)])

    if command.unreadable is not None:
        return notice(text("review.unreadable", lang, text=command.unreadable))
    today = record.at.date()
    due = _due(command.when, today)
    if due <= today:  # (a review today would report the changes of no time at all)
        return notice(text("review.today" if due == today else "review.past", lang, date=due.isoformat()))
    if due > add_months(today, 12 * MAX_YEARS_AHEAD):
        return notice(text("review.too_far", lang))
    replaced = [review for review in state.reviews if review.due_on > today]
    kept = tuple(review for review in state.reviews if review.due_on <= today)
    review = Review(review_id=record.message_id, due_on=due, scheduled_by=record.author, scheduled_at=record.at)
    new_state = state.evolve(reviews=(*kept, review), contributions=(*state.contributions, record),
                             updated_at=record.at)
    body = text("review.scheduled", lang, date=due.isoformat())
    if replaced:
        body = f"{body}\n{text('review.replaced', lang, old=replaced[-1].due_on.isoformat())}"
    return Outcome(new_state, [Reply(ReplyKind.RECORDED, body, lang, step=state.step, stage=state.current_stage)],
                   changed=True)


def snapshot_of(state: SessionState, *, at: datetime) -> dict[str, Any]:
    """The map as JSON-able data, lane by lane: enough to tell later what was added and removed."""
    return {
        "taken_at": at.isoformat(),
        "lanes": {kind.value: [[item.stage, item.text] for item in state.items_of(kind)] for kind in _LANES},
    }


def changes_text(snapshot: dict[str, Any], state: SessionState, lang: str) -> str:
    """What changed in each lane since `snapshot`: counts before → after, items added and removed."""
    taken = str(snapshot.get("taken_at") or "")[:10]
    lines = [text("reminder.header", lang, title=state.title, since=taken or "-")]
    before_lanes = snapshot.get("lanes") or {}
    changed = False
    for kind in _LANES:
        before = Counter(_label(entry) for entry in before_lanes.get(kind.value) or [])
        after = Counter(_label([item.stage, item.text]) for item in state.items_of(kind))
        added, removed = list((after - before).elements()), list((before - after).elements())
        if not added and not removed:
            continue
        changed = True
        lines.append(text("reminder.lane", lang, lane=render(f"step.{_STEP_OF[kind].value}", lang),
                          before=sum(before.values()), after=sum(after.values())))
        for key, items in (("reminder.added", added), ("reminder.removed", removed)):
            if items:
                shown = items[:MAX_LISTED] + ([f"… (+{len(items) - MAX_LISTED})"] if len(items) > MAX_LISTED else [])
                lines.append(text(key, lang, items=join(shown, lang)))
    lines.append(text("reminder.footer" if changed else "reminder.unchanged", lang))
    if not changed:
        lines.append(text("reminder.footer", lang))
    return "\n".join(lines)


def _label(entry: Any) -> str:
    """`stage: text` of a snapshot entry ([stage, text]) or of an item."""
    stage, item_text = [*entry, None, ""][:2] if isinstance(entry, list | tuple) else (None, entry)
    return f"{stage}: {item_text}" if stage else str(item_text)
