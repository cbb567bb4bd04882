"""Session commands typed as messages: jump to a step, list the step's items, delete or edit item N.

`改善機会へ` / `go to pain points` use the step names the step messages show (ja and en) and their
short forms; a text only counts as a jump when what precedes `へ` is exactly a step name, so an answer
such as `店舗へ` stays an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from journeys.parsing.fields import control_word
from journeys.parsing.session_commands import read_session_command
from journeys.steps import Step
from journeys.text import fold
from prompts import render

__all__ = ["Command", "CommandHint", "DeleteItem", "DidYouMean", "EditItem", "Jump", "ListItems", "command_named",
           "read_command", "step_named"]


@dataclass(frozen=True)
class Jump:
    step: Step


@dataclass(frozen=True)
class ListItems:
    pass


@dataclass(frozen=True)
class DeleteItem:
    numbers: tuple[int, ...]  # `削除 2` or several at once: `削除 1、3` / `delete 1 3`

    @property
    def number(self) -> int:
        return self.numbers[0]


@dataclass(frozen=True)
class EditItem:
    number: int
    text: str


@dataclass(frozen=True)
class CommandHint:
    """A command word with what it needs missing or unreadable (`修正 1`, `削除`, `投票`): the engine shows
    the command's form instead of storing the message as an answer."""

    command: str  # "delete" | "edit" | "vote" | "rate"


@dataclass(frozen=True)
class DidYouMean:
    """A command word with a slip in it (`nex`, `delet 2`): asked about, never stored as an answer."""

    word: str


Command = Jump | ListItems | DeleteItem | EditItem | CommandHint | DidYouMean

# Short forms people use besides the names the step messages show.
_SHORT_NAMES: dict[Step, tuple[str, ...]] = {
    Step.SCOPE: ("範囲", "map type"),
    Step.PERSONA: ("personas", "ペルソナ設定"),
    Step.STAGES: ("stage", "段階"),
    Step.TOUCHPOINTS: ("touchpoint", "touch points", "接点", "タッチポイント一覧"),
    Step.ACTIONS: ("行動", "actions", "action"),
    Step.BLUEPRINT: ("サービスブループリント", "service blueprint", "blueprint lanes", "レーン"),
    Step.THOUGHTS: ("思考", "考え", "thoughts", "thought"),
    Step.EMOTIONS: ("気持ち", "emotion", "feelings"),
    Step.PAIN_POINTS: ("ペイン", "課題", "pain points", "pain point", "pains"),
    Step.OPPORTUNITIES: ("機会", "改善", "改善案", "opportunity", "ideas"),
    Step.KPIS: ("kpi", "指標"),
    Step.REVIEW: ("振り返り", "確認", "見直し"),
}
_JA_JUMP = re.compile(r"^(.+?)\s*(?:ステップ)?\s*(?:へ|に移動|に戻る|に進む|に行く|にジャンプ)\s*[!！。.]?$")
_EN_JUMP = re.compile(r"^(?:go to|goto|jump to|go back to|back to|move to|skip to)\s+(?:the\s+)?(.+?)"
                      r"(?:\s+step)?\s*[.!]?$", re.I)
_LIST = {"一覧", "リスト", "一覧表示", "項目一覧", "list", "items", "list items", "ls"}
_NUMBER = r"[#＃]?\s*([0-9０-９]{1,4})\s*(?:番|件目)?"
# Numbers and ranges (`1、3`, `1 3`, `1〜3`, `1-3`), matched on folded text.
_NUMBERS = r"((?:[#＃]?\s*\d{1,4}(?:\s*[〜~\-–ー]\s*\d{1,4})?\s*(?:番|件目)?(?:\s*(?:[,、，・/と&]|and)\s*|\s+)?)+)"
_RANGE = re.compile(r"(\d{1,4})(?:\s*[〜~\-–ー]\s*(\d{1,4}))?")
MAX_RANGE = 50  # `削除 1-9999` is a slip, not a wish
_DELETE = re.compile(rf"^(?:削除|消す|delete|del|remove)\s*{_NUMBERS}$|^{_NUMBERS}\s*を?\s*(?:削除|消す)$", re.I)
_HINTS = {**dict.fromkeys(("削除", "消す", "delete", "del", "remove"), "delete"),
          **dict.fromkeys(("修正", "編集", "変更", "edit", "change", "fix"), "edit"),
          **dict.fromkeys(("投票", "vote", "upvote"), "vote"), **dict.fromkeys(("評価", "rate"), "rate"),
          **dict.fromkeys(("見直し", "見直す", "review"), "review")}
# The command word alone, or with only numbers and a colon after it: nothing an answer would say.
_HALF_COMMAND = re.compile(rf"^({'|'.join(sorted(_HINTS, key=len, reverse=True))})\s*[#＃]?"
                           r"(?:[\d\s,、，・/]*|全部|すべて|全て|ぜんぶ|all|everything)[:：]?\s*$", re.I)
_EDIT = re.compile(rf"^(?:修正|編集|変更|edit|change|fix)\s*{_NUMBER}\s*[:：]\s*(.+)$", re.I | re.S)


def _step_names() -> dict[str, Step]:
    names: dict[str, Step] = {}
    for step in Step:
        for lang in ("ja", "en"):
            names[fold(render(f"step.{step.value}", lang))] = step
        names[fold(step.value)] = step
        names[fold(step.value.replace("_", " "))] = step
        for short in _SHORT_NAMES[step]:
            names[fold(short)] = step
    return names


_STEP_NAMES = _step_names()


def step_named(name: str) -> Step | None:
    """The step a name (ja/en, as shown in the step messages, or a short form) refers to."""
    folded = fold(name)
    return _STEP_NAMES.get(folded) or _STEP_NAMES.get(folded.removeprefix("顧客の").removeprefix("customer "))


_LEADING_HINTS = {word: hint for word, hint in _HINTS.items() if hint in ("vote", "rate", "review")}
_LEADING = re.compile(rf"^({'|'.join(sorted(_LEADING_HINTS, key=len, reverse=True))})(?![a-z])", re.I)


def command_named(text: str) -> str | None:
    """The command a message starts with (`評価 7 高 低`, `見直し あとで`), for where no answer is taken (the
    review step): what did not read as the command gets the command's form, not "the map is complete"."""
    leading = _LEADING.match(fold(text))
    return _LEADING_HINTS[leading.group(1).lower()] if leading else None


def read_command(text: str) -> Command | None:
    """The command a whole message is, or None for an answer."""
    text = text.strip()
    if fold(text).strip(" .。!！") in _LIST:
        return ListItems()
    deleted = _DELETE.match(fold(text))
    if deleted:
        numbers: list[int] = []
        for start, end in _RANGE.findall(deleted.group(1) or deleted.group(2)):
            first, last = int(start), int(end or start)
            if last < first or last - first >= MAX_RANGE:
                return CommandHint("delete")
            numbers.extend(range(first, last + 1))
        return DeleteItem(tuple(dict.fromkeys(numbers)))
    edited = _EDIT.match(text)
    if edited and edited.group(2).strip(" :："):
        return EditItem(int(fold(edited.group(1))), edited.group(2).strip())
    for pattern in (_EN_JUMP, _JA_JUMP):
        jump = pattern.match(text)
        step = step_named(jump.group(1)) if jump else None
        if step is not None:
            return Jump(step)
    en_jump = _EN_JUMP.match(text)
    if en_jump:  # `go to pain`: a step named in part, else the step names to choose from
        step = _step_by_prefix(en_jump.group(1))
        return Jump(step) if step is not None else CommandHint("jump")
    half = _HALF_COMMAND.match(fold(text).strip(" .。!！"))
    if half and read_session_command(text) is None:  # `投票 1 3` is a whole vote
        return CommandHint(_HINTS[half.group(1).lower()])
    typo = _misspelt(fold(text).strip(" .。!！")) or _ime_leftover(fold(text).strip(" .。!！"))
    return DidYouMean(typo) if typo else None


def _ime_leftover(folded: str) -> str | None:
    """`次h`, `戻るr`: a Japanese move with a letter or two the input method left behind."""
    leftover = re.fullmatch(r"([^\x00-\x7f]+?)[a-z]{1,2}", folded)
    return leftover.group(1) if leftover and control_word(leftover.group(1)) is not None else None


def _step_by_prefix(name: str) -> Step | None:
    """The one step whose name starts with `name` (three letters at least), if only one does."""
    folded = fold(name)
    if len(folded) < 3:
        return None
    steps = {step for known, step in _STEP_NAMES.items() if known.startswith(folded)}
    return steps.pop() if len(steps) == 1 else None


# Commands a slip of the keyboard turns into an answer: `nex`, `delet 2`, `summray`, `nextt`.
_TYPO_TARGETS = ("next", "back", "skip", "undo", "summary", "help", "list", "delete", "edit")


def _misspelt(folded: str) -> str | None:
    """The command `folded` is one dropped, doubled or swapped letter away from (never a changed letter:
    `bank` is an answer, not `back`), with at most numbers after it."""
    word, _, rest = folded.partition(" ")
    if not word.isascii() or (len(word) < 4 and word != "nex") or (rest and not re.fullmatch(r"[\d\s,]+", rest)):
        return None  # three letters are too often a word of their own (`ski`, `bac`): only `nex` is asked about
    for target in _TYPO_TARGETS:
        if word != target and _one_slip(word, target):
            return target
    return None


def _one_slip(typed: str, target: str) -> bool:
    if len(typed) == len(target) - 1:  # a letter dropped
        return any(target[:i] + target[i + 1:] == typed for i in range(len(target)))
    if len(typed) == len(target) + 1:  # a letter doubled or added
        return any(typed[:i] + typed[i + 1:] == target for i in range(len(typed)))
    if len(typed) == len(target):  # two neighbours swapped
        return any(typed == target[:i] + target[i + 1] + target[i] + target[i + 2:] for i in range(len(target) - 1))
    return False
