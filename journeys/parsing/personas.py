"""Personas from what a team types: labelled lines (`名前: …`), labels inline on one line, or free text.

Kept apart from `parsing.py` because it is the one parser with its own small grammar (labels and blocks).
"""

from __future__ import annotations

import re

from journeys.language import detect_language
from journeys.parsing.fields import BULLET, split_items
from journeys.parsing.sentences import split_sentences
from journeys.state import Persona
from journeys.text import clean, fold

_PERSONA_LABELS: dict[str, str] = {
    **dict.fromkeys(["名前", "氏名", "ペルソナ", "ペルソナ名", "name", "persona"], "name"),
    **dict.fromkeys(["説明", "概要", "プロフィール", "属性", "人物像", "description", "profile", "about"],
                    "description"),
    **dict.fromkeys(["目標", "ゴール", "目的", "goal", "goals"], "goals"),
    **dict.fromkeys(["ニーズ", "求めるもの", "need", "needs", "wants"], "needs"),
    **dict.fromkeys(["不満", "悩み", "課題", "フラストレーション", "困りごと", "frustration", "frustrations",
                     "pain", "pains", "pain points"], "frustrations"),
    **dict.fromkeys(["行動", "行動特性", "習慣", "行動パターン", "behavior", "behaviors", "behaviour",
                     "behaviours", "habits"], "behaviors"),
}
_PERSONA_SPLIT = re.compile(r"\n\s*(?:-{3,}|={3,}|・{3,})?\s*\n")
_INLINE_LABEL = re.compile(r"(?:^|(?<=[\s/／|｜;；、,，]))([^\s:：/／|｜;；、,，]{1,12})\s*[:：]")
_LABEL = re.compile(r"^\s*([^:：\n]{1,20})\s*[:：]\s*(.*)$")
# Talk about the answer rather than the answer: `2人目もいいですか?`, `もう一人追加します!`, `Can I add another?`.
_PREAMBLE = re.compile(r"[?？]$|人目|もう一人|もうひとり|追加します|追加です|another|one more|second persona|"
                       r"next persona|^(?:here|ok|okay|じゃあ|では|えーと|えっと)\b", re.I)


def _without_preamble(lines: list[str]) -> list[str]:
    """Free lines without the leading sentences that only announce the persona (kept if nothing else)."""
    sentences = [sentence for line in lines for sentence in split_sentences(line)]
    start = 0
    while start < len(sentences) - 1 and _PREAMBLE.search(sentences[start]):
        start += 1
    if start == 0:
        return lines
    rest = sentences[start:]
    return [" ".join(rest)] if detect_language("".join(rest)) != "ja" else ["".join(rest)]


def _persona_from_fields(fields: dict[str, list[str]], free: list[str]) -> Persona | None:
    """A persona from labelled fields. Without a name, free text names it; with neither, the name stays
    empty so the caller can add the details to the persona the team described last."""
    name = " ".join(fields.get("name", [])).strip()
    description = " ".join(fields.get("description", []) + free).strip()
    if not name and description and not fields.get("description"):
        # Free text: the first phrase names the persona, the whole text describes it.
        name = re.split(r"[、,，。.;；\n]", description, maxsplit=1)[0].strip()[:40]

    def listed(key: str) -> tuple[str, ...]:
        return tuple(item for value in fields.get(key, []) for item in split_items(value))

    persona = Persona(
        name=name[:80],
        description=description if description != name else "",
        goals=listed("goals"),
        needs=listed("needs"),
        frustrations=listed("frustrations"),
        behaviors=listed("behaviors"),
    )
    if persona == Persona(name=""):
        return None
    return persona


def _label_lines(line: str) -> list[str]:
    """Split `名前: 田中 / 目標: 時短、節約 不満: 高い` at every known label, so one line can hold a persona."""
    starts = [m.start(1) for m in _INLINE_LABEL.finditer(line) if fold(m.group(1)) in _PERSONA_LABELS]
    if len(starts) <= 1:
        return [line]
    starts[0] = 0
    parts = [line[a:b] for a, b in zip(starts, [*starts[1:], len(line)], strict=True)]
    return [part.strip().rstrip("/／|｜;；、,，").strip() for part in parts]


def looks_like_persona(text: str) -> bool:
    """True when the text is a labelled persona: a name label and at least one other persona label.

    One `名前:` line alone, or a scope sentence with a colon (`範囲: 初回購入まで`), is not enough.
    """
    keys: set[str] = set()
    for raw_line in clean(text).splitlines():
        for line in _label_lines(BULLET.sub("", raw_line, count=1).strip()):
            label = _LABEL.match(line)
            key = _PERSONA_LABELS.get(fold(label.group(1))) if label else None
            if key:
                keys.add(key)
    return "name" in keys and len(keys) >= 2


def parse_personas(text: str) -> list[Persona]:
    """Personas from labelled lines (`名前: …`, `Goals: …`), labels inline on one line, or free text.

    Blocks separated by a blank line or `---`, or a repeated `名前:` label, are separate personas.
    A persona without a name (only `目標: …`) is returned with an empty name: details for the last one.
    """
    personas: list[Persona] = []
    for block in _PERSONA_SPLIT.split(clean(text)):
        fields: dict[str, list[str]] = {}
        free: list[str] = []
        for raw_line in block.splitlines():
            for line in _label_lines(BULLET.sub("", raw_line, count=1).strip()):
                if not line:
                    continue
                label = _LABEL.match(line)
                key = _PERSONA_LABELS.get(fold(label.group(1))) if label else None
                if label and key:
                    value = label.group(2).strip()
                    if key == "name" and "name" in fields:
                        persona = _persona_from_fields(fields, free)
                        if persona:
                            personas.append(persona)
                        fields, free = {}, []
                    if value:
                        fields.setdefault(key, []).append(value)
                else:
                    free.append(line)
        persona = _persona_from_fields(fields, _without_preamble(free) if "name" not in fields else
                                       [line for line in free if not _PREAMBLE.search(line)])
        if persona:
            personas.append(persona)
    return personas
