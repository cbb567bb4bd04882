"""The scope answer: a new title (only when labelled), a map type named anywhere, and the scope itself.

A team answers the scope step in sentences (`現状(As-Is)でお願いします。範囲は初回来店から契約までです。`).
Reading that whole sentence as the title lost the map type and the scope; so the title changes only
through `タイトル:` / `Title:` (or the start command), a sentence that only picks a map type is the
choice, and everything else is the scope description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from journeys.language import detect_language
from journeys.parsing.sentences import split_sentences
from journeys.steps import MapType
from journeys.text import fold

__all__ = ["MAX_TITLE_CHARS", "ScopeAnswer", "find_map_type", "parse_map_type", "read_scope", "strip_title_label"]

MAX_TITLE_CHARS = 200
MAX_SCOPE_CHARS = 1000
_TITLE = re.compile(r"^\s*(?:タイトル|題名|マップ名|title|name)\s*[:：]\s*(.+)$", re.I)
_TYPE = re.compile(r"^\s*(?:種類|タイプ|マップの種類|type|map type)\s*[:：]\s*(.+)$", re.I)
# `範囲: …` / `Scope: …` labels the description; the bot shows it under its own label (`範囲: {scope}`), so
# keeping the typed one doubled it ("範囲: 範囲: 20代の初回購入").
_SCOPE_LABEL = re.compile(r"^\s*(?:範囲|対象範囲|スコープ|scope|covers)\s*[:：]\s*", re.I)

# Words that name a map type wherever they appear, longest first within a type.
_NAMES: dict[MapType, tuple[str, ...]] = {
    MapType.CURRENT_STATE: ("current state", "current-state", "現状", "as-is", "as is", "asis"),
    MapType.FUTURE_STATE: ("future state", "future-state", "理想", "to-be", "to be", "tobe", "未来像"),
    MapType.DAY_IN_THE_LIFE: ("day in the life", "day-in-the-life", "デイインザライフ", "デイ・イン・ザ・ライフ",
                              "一日の流れ", "1日の流れ"),
    MapType.SERVICE_BLUEPRINT: ("service blueprint", "サービスブループリント", "ブループリント", "blueprint"),
}
# Words that name a type only in a sentence that does nothing else (`未来で`, `current please`).
_WEAK_NAMES: dict[MapType, tuple[str, ...]] = {
    MapType.CURRENT_STATE: ("現在", "current", "今"),
    MapType.FUTURE_STATE: ("未来", "将来", "future"),
    MapType.DAY_IN_THE_LIFE: ("一日", "1日", "daily"),
}
MAP_TYPE_ORDER: tuple[MapType, ...] = tuple(MapType)
# What may surround a map type in a sentence that only picks it.
_FILLER = re.compile(
    r"(?:でお願いします|でおねがいします|でお願い|にします|にしましょう|で行きましょう|でいきましょう|で進めます|がいいです|がいい"
    r"|マップ|map|please|pls|let's do|let's go with|we'll go with|go with|i'd like|we want|we'd like|type|"
    r"です|で|に|を|a|an|the|[\s()（）「」\[\]【】!！?？.。、,，~〜:：・\-ー]|[^\w\s])",
    re.I,
)
_CHOICE_LEFTOVER = 2  # characters left once the type and the filler are gone


@dataclass(frozen=True)
class ScopeAnswer:
    title: str | None = None
    map_type: MapType | None = None
    description: str | None = None

    @property
    def empty(self) -> bool:
        return self == ScopeAnswer()


def _without(folded: str, names: tuple[str, ...]) -> str:
    for name in sorted(names, key=len, reverse=True):
        folded = folded.replace(fold(name), " ")
    return folded


def find_map_type(sentence: str) -> tuple[MapType | None, bool]:
    """(the map type the sentence names, whether the sentence does nothing but pick it)."""
    folded = fold(sentence)
    if folded.strip(" .。!！") in {"1", "2", "3", "4"}:
        return MAP_TYPE_ORDER[int(folded.strip(" .。!！")) - 1], True
    for table, strong in ((_NAMES, True), (_WEAK_NAMES, False)):
        for map_type, names in table.items():
            if any(fold(name) in folded for name in names):
                rest = _FILLER.sub("", _without(folded, names + _NAMES.get(map_type, ())))
                only_choice = len(rest) <= _CHOICE_LEFTOVER
                if strong or only_choice:
                    return map_type, only_choice
    return None, False


def parse_map_type(text: str) -> MapType | None:
    """The map type a short answer names (`2`, `現状`, `blueprint`), or None."""
    return find_map_type(text)[0]


def strip_title_label(text: str) -> str:
    """`Title: Grocery` typed where only a title is expected (the start prompt) is the title `Grocery`."""
    labelled = _TITLE.match(text)
    return labelled.group(1).strip() if labelled else text


def read_scope(text: str, *, is_title: bool) -> ScopeAnswer:
    """What a scope answer says. A start (or rename) message is the title and nothing else."""
    text = text.strip()
    if is_title:
        return ScopeAnswer(title=text[:MAX_TITLE_CHARS] or None)
    title: str | None = None
    map_type: MapType | None = None
    described: list[list[str]] = []
    for line in text.splitlines():
        labelled = _TITLE.match(line)
        if labelled:
            title = labelled.group(1).strip()[:MAX_TITLE_CHARS] or title
            continue
        typed = _TYPE.match(line)
        if typed and parse_map_type(typed.group(1)):
            map_type = parse_map_type(typed.group(1))
            continue
        kept: list[str] = []
        for sentence in split_sentences(_SCOPE_LABEL.sub("", line, count=1)):
            found, only_choice = find_map_type(sentence)
            if found and not only_choice and _DEFERRED.search(fold(sentence)):
                # `To-Beは来期に別途作る`: a map for later (or one they have) names no type for this one;
                # `As-Isはもうあるので、To-Beを作る`: the clause that is not about it still does
                clauses = [clause for clause in re.split(r"[、,，]", sentence) if not _DEFERRED.search(fold(clause))]
                found = next((kind for kind in (find_map_type(clause)[0] for clause in clauses) if kind), None)
            map_type = found or map_type
            if not only_choice:
                kept.append(sentence)
        if kept:
            described.append(kept)
    joiner = "" if detect_language(text) == "ja" else " "
    description = "\n".join(joiner.join(sentences) for sentences in described).strip()
    return ScopeAnswer(title, map_type, description[:MAX_SCOPE_CHARS] or None)


_DEFERRED = re.compile(r"別途|来期|後で|あとで|次回|今度|今回は(?:作らない|やらない)|もうある|既にある|すでにある"
                       r"|作成済|\blater\b|separately|next (?:time|quarter)|already (?:have|has|exists)|another time")
_RETITLE = re.compile(r"^\s*(?:タイトル|題名|マップ名|title|map title)\s*[:：]\s*\S", re.I)


def is_retitle(text: str) -> bool:
    """A one-line `タイトル: …` / `Title: …` sent at any step: a rename of the map, never an item.
    (`name:` is left out: at the persona step it names the persona.)"""
    return "\n" not in text.strip() and _RETITLE.match(text) is not None
