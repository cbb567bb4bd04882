"""Reading a service blueprint answer: lines labelled with a lane (`表舞台: 店員が在庫を確認`).

A line may start with a stage before its lane (`購入: 表舞台: …`, `【購入】表舞台: …`); a line with no
lane label is a frontstage action, as the question says. The owner is one name per line, never split.
"""

from __future__ import annotations

import re

from journeys.parsing.fields import parse_staged, split_lines, split_stage_prefix
from journeys.parsing.sentences import split_outside_brackets
from journeys.steps import ItemKind
from journeys.text import fold

__all__ = ["parse_blueprint"]

_LANE_WORDS: dict[ItemKind, tuple[str, ...]] = {
    ItemKind.FRONTSTAGE: ("表舞台", "フロントステージ", "フロント", "顧客接点", "frontstage", "front stage"),
    ItemKind.BACKSTAGE: ("裏舞台", "バックステージ", "バック", "舞台裏", "backstage", "back stage"),
    ItemKind.SUPPORT: ("支援", "支援プロセス", "サポート", "サポートプロセス", "支援システム", "support",
                       "support process", "support processes", "supporting processes"),
    ItemKind.OWNER: ("担当", "担当者", "担当部署", "担当チーム", "オーナー", "責任者", "owner", "owned by"),
}
_LANES = {fold(word): kind for kind, words in _LANE_WORDS.items() for word in words}
_LABEL = re.compile(r"^\s*(?:【([^】]{1,20})】|\[([^\]]{1,20})\]|([^:：\n]{1,20})[:：])\s*(.*)$", re.S)


# `表舞台: … / 裏舞台: …`: a slash before a lane label starts the next lane, as `;` does (the terminal sends one
# line per message, so a whole stage's lanes come on one line).
_LANE_ALTERNATIVES = "|".join(re.escape(word) for word in sorted(
    (w for words in _LANE_WORDS.values() for w in words), key=len, reverse=True))
_SLASH_BEFORE_LANE = re.compile(rf"\s*[/／|｜]\s*(?=(?:{_LANE_ALTERNATIVES})\s*[:：])", re.I)


def _lane(line: str) -> tuple[ItemKind | None, str]:
    match = _LABEL.match(line)
    if not match:
        return None, line
    label = next(group for group in match.groups()[:3] if group is not None)
    kind = _LANES.get(fold(label).strip())
    return (None, line) if kind is None else (kind, match.group(4).strip())


def parse_blueprint(text: str, *, stages: tuple[str, ...],
                    default_stage: str | None) -> list[tuple[ItemKind, str | None, str]]:
    """(lane, stage, text) for each item of a blueprint answer, in the order given."""
    result: list[tuple[ItemKind, str | None, str]] = []
    carried = default_stage
    for line in split_lines(text):
        stage, rest = split_stage_prefix(line, stages)
        if stage is not None and not rest:
            carried = stage  # `購入:` alone: the following lines belong to it
            continue
        kind, rest = _lane(rest)
        if kind is None and stage is None:  # `表舞台: 購入: …` — the lane first, then the stage
            kind, rest = _lane(line)
            if kind is not None:
                stage, rest = split_stage_prefix(rest, stages)
        where = stage or carried
        # `Frontstage: agent calls; Backstage: engineer fixes`: after a `;` a lane may be named again.
        rest = _SLASH_BEFORE_LANE.sub(";", rest)
        for number, segment in enumerate(split_outside_brackets(rest, ";；") if kind is not ItemKind.OWNER else [rest]):
            named, segment = _lane(segment) if number else (None, segment)
            kind = named or kind
            if not segment:
                continue
            if kind is ItemKind.OWNER:
                result.append((kind, where, " ".join(segment.split())))
                continue
            for item_stage, item in parse_staged(segment, stages=stages, default_stage=where):
                result.append((kind or ItemKind.FRONTSTAGE, item_stage, item))
    return result
