"""The Markdown export: a document a team can read, paste into a wiki or print.

Headings follow the reader's language (prompts/export.py); user text is kept word for word, only line
breaks are folded so that one item stays one bullet, and Markdown's own characters in it are escaped so
that a team's text never becomes structure (a heading, a code block, HTML, a link, a table cell
border). Every item is shown, including every emotion answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from journeys.emotions import emotion_order, latest_score
from journeys.export.grouping import (
    STAGE_LISTS,
    PersonaGroup,
    StageGroup,
    answer_words,
    channel,
    clamp,
    group_items,
    iso,
    map_lanes,
)
from journeys.export.item_table import VoteCount
from journeys.state import Item, SessionState
from journeys.steps import ItemKind
from journeys.voting import vote_counter
from prompts.export import (
    CHANNEL_WORDS,
    EMOTION_WORDS,
    LEVEL_WORDS,
    MAP_TYPE_WORDS,
    export_labels,
    export_lang,
    label_for,
    votes_label,
)

__all__ = ["to_markdown"]


# Characters that start Markdown structure anywhere in a line (emphasis, code, links, HTML, entities,
# tables, strikethrough, headings): a backslash makes each one literal (CommonMark §2.4).
_MARKUP = re.compile(r"([\\`*_\[\]<>#|~!&])")
# What makes a list, quote or heading underline when a line starts with it ("- a", "1. a", "+ a", "==").
_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")


def _inline(text: str, *, starts_line: bool = True) -> str:
    """One Markdown line of user text: its words kept, line breaks folded, markup characters escaped (and what
    would make a list of it, where it starts a line or a bullet: not a target after "目標値: ", "+20")."""
    flat = _MARKUP.sub(r"\\\1", re.sub(r"\s+", " ", text).strip())
    if not starts_line:
        return flat
    return _LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", flat)


def _kind_label(kind: ItemKind, labels: Mapping[str, str]) -> str:
    """What an unassigned item is, in the map's language ("ペインポイント", not "pain_point")."""
    key = "emotion" if kind == ItemKind.EMOTION else STAGE_LISTS.get(kind, "")
    return labels.get(key, kind.value)


def _votes(item: Item, lang: str, count: VoteCount) -> str:
    votes = count(item)
    return f" — {votes_label(votes, lang)}" if votes else ""


def _signed(score: int) -> str:
    return f"{score:+d}" if score else "0"


def _opportunity_detail(item: Item, lang: str) -> str:
    labels, levels = export_labels(lang), LEVEL_WORDS[lang]
    impact, effort = clamp(item.impact, 1, 3), clamp(item.effort, 1, 3)
    parts = [
        f"{labels['impact']}: {levels[impact]}" if impact else "",
        f"{labels['effort']}: {levels[effort]}" if effort else "",
    ]
    return " / ".join(p for p in parts if p)


def _row(item: Item, lang: str, count: VoteCount) -> str:
    """One bullet of a stage section, with the kind's detail in brackets."""
    labels, text = export_labels(lang), _inline(item.text)
    if item.kind == ItemKind.TOUCHPOINT:
        return f"- {text} ({CHANNEL_WORDS[lang][channel(item)]})"
    if item.kind == ItemKind.OPPORTUNITY:
        detail = _opportunity_detail(item, lang)
        return f"- {text}" + (f" ({detail})" if detail else "") + _votes(item, lang, count)
    if item.kind == ItemKind.PAIN_POINT:
        where = f" (@{_inline(item.touchpoint)})" if item.touchpoint else ""  # as the session shows it
        return f"- {text}{where}{_votes(item, lang, count)}"
    if item.kind == ItemKind.KPI:
        # (the catalogue id is the JSON's, for tools: a reader sees the KPI's name, as typed)
        target = f" — {labels['target']}: {_inline(item.target, starts_line=False)}" if item.target else ""
        return f"- {text}{target}"
    if item.kind == ItemKind.EMOTION:
        score = clamp(item.score, -2, 2)
        if score is None:
            return f"- {text}"
        words = _inline(answer_words(item.text, score))  # "1" is the score itself: not shown twice
        return f"- {_signed(score)} {EMOTION_WORDS[lang][score]}" + (f": {words}" if words else "")
    return f"- {text}"


def _markdown_stage(stage: StageGroup, lanes: tuple[ItemKind, ...], lang: str, count: VoteCount) -> list[str]:
    """Every lane of one stage, with an explicit "(none)" so gaps in the map stay visible."""
    labels = export_labels(lang)
    lines = [f"### {stage.position}. {_inline(stage.name)}", ""]
    for kind in lanes:
        items = stage.items[kind]
        if kind == ItemKind.EMOTION:
            score = latest_score(items)
            shown = f"{_signed(score)} {EMOTION_WORDS[lang][score]}" if score is not None else labels["none"]
            lines += [f"**{labels['emotion']}**: {shown}", ""]
            lines += [*(_row(item, lang, count) for item in emotion_order(items)), ""] if items else []
            continue
        rows = [_row(item, lang, count) for item in items] or [f"- {labels['none']}"]
        lines += [f"**{labels[STAGE_LISTS[kind]]}**", "", *rows, ""]
    return lines


def _markdown_personas(personas: list[PersonaGroup], lang: str) -> list[str]:
    labels = export_labels(lang)
    lines = [f"## {labels['persona']}", ""]
    for group in personas:
        persona = group.persona
        lines += [f"### {_inline(persona.name)}", ""]
        if persona.description:
            lines += [_inline(persona.description), ""]
        for key in ("goals", "needs", "frustrations", "behaviors"):
            values: tuple[str, ...] = getattr(persona, key)
            if values:
                lines.append(f"- **{labels[key]}**: {' / '.join(_inline(v) for v in values)}")
        lines.append("")
    return lines if personas else [*lines, labels["no_persona"], ""]


def _scope_lines(scope: str | None, lang: str) -> list[str]:
    """What the map covers, under the map type: one line, or one sub-bullet per person's description."""
    lines = [_inline(line) for line in (scope or "").splitlines() if line.strip()]
    label = export_labels(lang)["scope"]
    if len(lines) < 2:
        return [f"- {label}: {lines[0]}"] if lines else []
    return [f"- {label}:", *(f"  - {line}" for line in lines)]


def _review_lines(state: SessionState, lang: str) -> list[str]:
    """The scheduled reviews' dates, oldest first (the last one is the review to come, if any)."""
    dates = [review.due_on.isoformat() for review in state.reviews]
    return [f"- {label_for('reviews', len(dates), lang)}: {', '.join(dates)}"] if dates else []


def _priority_key(item: Item, count: VoteCount) -> tuple[int, int, int]:
    """Impact high to low, then effort low to high, then most votes; unrated values sort last."""
    return (-(clamp(item.impact, 1, 3) or 0), clamp(item.effort, 1, 3) or 4, -count(item))


def _curve_point(stage: StageGroup) -> str:
    score = latest_score(stage.items[ItemKind.EMOTION])
    return f"{_inline(stage.name)} {_signed(score) if score is not None else '—'}"


def to_markdown(state: SessionState, lang: str) -> str:
    """A readable document of the whole map: personas, one section per stage, curve, priorities."""
    lang = export_lang(lang)
    count = vote_counter(state)
    labels, grouped = export_labels(lang), group_items(state)
    map_type = MAP_TYPE_WORDS[lang].get(str(state.map_type), str(state.map_type))
    lines = [
        f"# {_inline(state.title)}",
        "",
        f"- {labels['map_type']}: {map_type}",
        *_scope_lines(state.scope, lang),
        f"- {labels['contributors']}: "
        f"{', '.join(_inline(state.display_name(a)) for a in state.contributors()) or labels['none']}",
        f"- {labels['created']}: {iso(state.created_at)} / {labels['updated']}: {iso(state.updated_at)}",
        *_review_lines(state, lang),
        "",
        *_markdown_personas(grouped.personas, lang),
        f"## {labels['stages']}",
        "",
    ]
    for stage in grouped.stages:
        lines += _markdown_stage(stage, map_lanes(state.map_type), lang, count)
    if not grouped.stages:
        lines += [labels["no_stages"], ""]
    curve = " → ".join(_curve_point(stage) for stage in grouped.stages)
    lines += [f"## {labels['emotion_curve']}", "", curve or labels["none"], ""]
    ranked = sorted(
        ((stage, item) for stage in grouped.stages for item in stage.items[ItemKind.OPPORTUNITY]),
        key=lambda pair: _priority_key(pair[1], count),
    )
    lines += [f"## {labels['priorities']}", "", f"*{labels['priority_rule']}*", ""]
    lines += [f"{n}. [{_inline(s.name)}] {_row(i, lang, count)[2:]}" for n, (s, i) in enumerate(ranked, 1)]
    lines += [] if ranked else [labels["none"]]
    if grouped.unassigned:
        lines += ["", f"## {labels['unassigned']}", ""]
        lines += [f"- [{_kind_label(i.kind, labels)}] {_inline(i.stage or '—')}: {_row(i, lang, count)[2:]}"
                  for i in grouped.unassigned]
    return "\n".join(lines).rstrip("\n") + "\n"
