"""Commands for a map the team shares: vote on items, rate an opportunity, schedule a review.

`投票 2` / `vote 2` (several numbers allowed: `投票 1 3`), `投票取消 2` / `unvote 2`,
`評価 3 影響:高 工数:低` / `rate 3 impact high effort low`, `見直し` (in three months), `見直し 2027-03-01`,
`見直し 6週間後` / `review on 2027-03-01` / `review in 6 weeks`. Numbers are those of the list the team
sees (`一覧` / `list`). A whole message is a command or an answer, never both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from journeys.text import fold

__all__ = ["CastVotes", "RateItem", "ReviewAfter", "ScheduleReview", "SessionCommand", "read_session_command"]


@dataclass(frozen=True)
class CastVotes:
    numbers: tuple[int, ...]
    withdraw: bool = False  # `投票取消 N`: take the speaker's vote back


@dataclass(frozen=True)
class RateItem:
    number: int
    impact: int | None
    effort: int | None


@dataclass(frozen=True)
class ReviewAfter:
    """A review some time after the command: `amount` days, weeks or months."""

    amount: int
    unit: str  # "days" | "weeks" | "months"


@dataclass(frozen=True)
class ScheduleReview:
    when: date | ReviewAfter | None  # None: the default (three months), or unreadable when `unreadable`
    unreadable: str | None = None  # the date text nobody could read, to say so


SessionCommand = CastVotes | RateItem | ScheduleReview

_NUMBERS = r"[#＃]?\d{1,4}(?:\s*(?:[,、，/と&]|and)?\s*[#＃]?\d{1,4})*"
_VOTE = re.compile(rf"^(?:投票|vote|upvote|\+1)\s*({_NUMBERS})\s*(?:番|に投票)?$")
_UNVOTE = re.compile(rf"^(?:投票取消|投票取り消し|投票取消し|投票を取り消す|unvote|remove vote|withdraw vote)\s*"
                     rf"({_NUMBERS})\s*(?:番)?$|^({_NUMBERS})\s*(?:番)?\s*の?投票を?(?:取消|取り消し|取り消す)$")
_RATE = re.compile(r"^(?:評価|rate|rating)\s*[#＃]?(\d{1,4})\s*(?:番)?\s*[:：]?\s*(.+)$")
_IMPACT_KEYS = r"影響度|影響|インパクト|効果|impact|value"
_EFFORT_KEYS = r"工数|労力|コスト|難易度|手間|effort|cost"
_LEVEL = r"高|中|低|大|小|high|medium|mid|med|low|h|m|l|[123]"
_LEVELS = {**dict.fromkeys(["高", "大", "high", "h", "3"], 3),
           **dict.fromkeys(["中", "medium", "mid", "med", "m", "2"], 2),
           **dict.fromkeys(["低", "小", "low", "l", "1"], 1)}
_RATING_PART = re.compile(rf"({_IMPACT_KEYS}|{_EFFORT_KEYS})\s*[:=]?\s*({_LEVEL})(?![a-z])")
# A key followed by something that is no level (`impact 5`, `effort: x`).
_ODD_LEVEL = re.compile(rf"(?:{_IMPACT_KEYS}|{_EFFORT_KEYS})(?![度a-z])[\s:=]*(?=[^\s:=])"
                        rf"(?!(?:{_LEVEL})(?![a-z0-9]))[^\s,、]")
_REVIEW = re.compile(r"^(?:見直し|見直す|見直し予約|レビュー予約|振り返り予約|schedule (?:a )?review|review)"
                     r"(?:(?:\s+|\s*:\s*)(?:(?:on|in|at|は|を|日は)\s*:?\s*)?(.*))?$")
_ISO = re.compile(r"^(\d{4})[-/.年]\s*(\d{1,2})[-/.月]\s*(\d{1,2})日?$")
_RELATIVE = re.compile(r"^(\d{1,3})\s*(days?|weeks?|months?|日|週間|週|か月間|ヶ月間|か月|ヶ月|カ月|ヵ月|ケ月|箇月)"
                       r"\s*(?:後|later)?$")
_UNITS = {"日": "days", "週間": "weeks", "週": "weeks"}
_NAMED_PERIODS: dict[str, ReviewAfter] = {  # folded: `見直し 来月`, `review next month`
    **dict.fromkeys(("来週", "next week", "a week"), ReviewAfter(1, "weeks")),
    **dict.fromkeys(("再来週", "2週間後"), ReviewAfter(2, "weeks")),
    **dict.fromkeys(("来月", "next month", "a month", "1ヶ月後"), ReviewAfter(1, "months")),
    **dict.fromkeys(("再来月",), ReviewAfter(2, "months")),
    **dict.fromkeys(("来期", "次の四半期", "next quarter", "a quarter"), ReviewAfter(3, "months")),
    **dict.fromkeys(("半年後", "半年", "half a year", "six months"), ReviewAfter(6, "months")),
    **dict.fromkeys(("来年", "1年後", "一年後", "next year", "a year"), ReviewAfter(12, "months")),
}


def _numbers(text: str) -> tuple[int, ...]:
    return tuple(dict.fromkeys(int(n) for n in re.findall(r"\d{1,4}", text)))


def _review(rest: str) -> ScheduleReview:
    rest = rest.strip(" 。.!！")
    if not rest:
        return ScheduleReview(None)
    iso = _ISO.match(rest)
    if iso:
        try:
            return ScheduleReview(date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))))
        except ValueError:
            return ScheduleReview(None, unreadable=rest)
    named = _NAMED_PERIODS.get(rest.removeprefix("in ").removesuffix(" later"))
    if named:
        return ScheduleReview(named)
    relative = _RELATIVE.match(rest)
    if relative:
        word = relative.group(2)
        unit = _UNITS.get(word) or ("days" if word.startswith("day") else "weeks" if word.startswith("week")
                                    else "months")
        return ScheduleReview(ReviewAfter(int(relative.group(1)), unit))
    return ScheduleReview(None, unreadable=rest)


def read_session_command(text: str) -> SessionCommand | None:
    """The sharing command a whole message is, or None (then it is an answer or another command)."""
    folded = fold(text)
    vote = _VOTE.match(folded)
    if vote:
        return CastVotes(_numbers(vote.group(1)))
    unvote = _UNVOTE.match(folded)
    if unvote:
        return CastVotes(_numbers(unvote.group(1) or unvote.group(2)), withdraw=True)
    rate = _RATE.match(folded)
    if rate:
        levels = {key: _LEVELS[value] for key, value in _RATING_PART.findall(rate.group(2))}
        if _ODD_LEVEL.search(rate.group(2)):
            return RateItem(int(rate.group(1)), None, None)  # `impact 5`: the form, not half a rating kept
        impact = next((v for k, v in levels.items() if re.fullmatch(_IMPACT_KEYS, k)), None)
        effort = next((v for k, v in levels.items() if re.fullmatch(_EFFORT_KEYS, k)), None)
        if impact is None and effort is None and not re.search(f"{_IMPACT_KEYS}|{_EFFORT_KEYS}", rate.group(2)):
            return None  # `rate 3 times higher`: an answer, not a rating
        return RateItem(int(rate.group(1)), impact, effort)  # a key without a level: the engine shows the form
    review = _REVIEW.match(folded)
    if review:
        rest = review.group(1) or ""
        if rest.strip(" 。.!！") and not re.search(r"\d", rest) and rest.strip(" 。.!！").removeprefix(
                "in ").removesuffix(" later") not in _NAMED_PERIODS:
            return None  # `review the pricing page`: an answer that starts with the word, not a date
        return _review(rest)
    return None
