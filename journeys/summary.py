"""Plain-text views of a session: the running summary, the step question, and what is still thin."""

from __future__ import annotations

import re

from journeys.emotions import latest_score
from journeys.ports import KpiSuggester
from journeys.state import Item, SessionState
from journeys.steps import BLUEPRINT_KINDS, PER_STAGE_STEPS, ItemKind, Step, session_steps, step_kinds, step_number
from prompts import render
from prompts.export import EMOTION_WORDS, export_lang

# Per-stage rows in map order, with the step whose name labels them.
STAGE_ROWS: tuple[tuple[ItemKind, Step], ...] = (
    (ItemKind.TOUCHPOINT, Step.TOUCHPOINTS),
    (ItemKind.ACTION, Step.ACTIONS),
    (ItemKind.THOUGHT, Step.THOUGHTS),
    (ItemKind.PAIN_POINT, Step.PAIN_POINTS),
    (ItemKind.OPPORTUNITY, Step.OPPORTUNITIES),
    (ItemKind.KPI, Step.KPIS),
)


# Levels as the team types them (`(影響:高, 工数:低)`), so what the bot echoes can be sent back as it is.
_LEVEL_WORDS = {"ja": {3: "高", 2: "中", 1: "低"}, "en": {3: "high", 2: "medium", 1: "low"}}


def describe_item(item: Item, lang: str) -> str:
    """One item as a short phrase, with its kind-specific detail."""
    if item.kind in BLUEPRINT_KINDS:
        return f"{render(f'lane.{item.kind.value}', lang)}: {item.text}"
    if item.kind is ItemKind.TOUCHPOINT and item.channel:
        return f"{item.text} ({render(f'channel.{item.channel}', lang)})"
    if item.kind is ItemKind.EMOTION and item.score is not None:  # "-2 とても不満": the score and what it means
        word = EMOTION_WORDS[export_lang(lang)][item.score]
        return f"{item.score:+d} {word}" if item.score else f"0 {word}"
    if item.kind is ItemKind.OPPORTUNITY and (item.impact or item.effort):
        label = ("影響", "工数") if lang == "ja" else ("impact", "effort")
        levels = _LEVEL_WORDS["ja" if lang == "ja" else "en"]
        return (f"{item.text} ({label[0]}:{levels.get(item.impact or 0, '-')}, "
                f"{label[1]}:{levels.get(item.effort or 0, '-')})")
    if item.kind is ItemKind.PAIN_POINT and item.touchpoint:
        return f"{item.text} (@{item.touchpoint})"
    if item.kind is ItemKind.KPI and item.target:
        return f"{item.text} → {item.target}"
    return item.text


def join(parts: list[str], lang: str) -> str:
    """Items in one line; a full stop that closes an item gives way to the separator ("…作る。、SSOの…" read oddly)."""
    return render("list.sep", lang).join([*(_without_full_stop(part) for part in parts[:-1]), *parts[-1:]])


_ABBREVIATED = re.compile(r"(?:\b[A-Za-z]\.|\b(?:etc|inc|ltd|co|vs|approx|dept)\.)$", re.IGNORECASE)


def _without_full_stop(text: str) -> str:
    if text.endswith(("。", "．")):
        return text[:-1] or text
    return text[:-1] if text.endswith(".") and not _ABBREVIATED.search(text) and len(text) > 1 else text


def latest_owner(state: SessionState, stage: str) -> str | None:
    """A stage has one owner: the latest said (like its emotion)."""
    owners = state.items_of(ItemKind.OWNER, stage)
    return owners[-1].text if owners else None


def step_items(state: SessionState, step: Step, stage: str | None = None) -> tuple[Item, ...]:
    """The items a step collected (under `stage`, when given)."""
    kinds = step_kinds(step)
    return tuple(item for item in state.items if item.kind in kinds and (stage is None or item.stage == stage))


def latest_emotion(state: SessionState, stage: str) -> int | None:
    """The stage's score as the map shows it (each person's latest, averaged), not the last one said."""
    return latest_score(list(state.items_of(ItemKind.EMOTION, stage)))


def summary_text(state: SessionState, lang: str) -> str:
    lines = [render("summary.title", lang, title=state.title,
                    map_type=render(f"map_type.{state.map_type.value}", lang))]
    if state.scope:
        lines.append(render("summary.scope", lang, scope=state.scope))
    personas = state.items_of(ItemKind.PERSONA)
    if personas:
        lines.append(render("summary.personas", lang, names=join([p.text for p in personas], lang)))
    stage_set = set(state.stages)
    for stage in state.stages:
        emotion = latest_emotion(state, stage)
        lines.append(render("summary.stage", lang, stage=stage,
                            emotion="" if emotion is None else render("summary.emotion", lang,
                                                                      score=f"{emotion:+d}" if emotion else "0")))
        for kind, step in STAGE_ROWS:
            items = state.items_of(kind, stage)
            if items:
                lines.append(render("summary.row", lang, label=render(f"step.{step.value}", lang),
                                    items=join([describe_item(i, lang) for i in items], lang)))
        lines.extend(_lane_rows(state, stage, lang))
    orphans = [i for i in state.items if i.stage is not None and i.stage not in stage_set]
    if orphans:
        lines.append(render("summary.unassigned", lang))
        lines.extend(f"  {i.stage}: {describe_item(i, lang)}" for i in orphans)
    if not state.items:
        lines.append(render("summary.empty", lang))
    if state.contributors():
        names = [state.display_name(author) for author in state.contributors()]
        lines.append(render("summary.contributors", lang, names=join(names, lang)))
    return "\n".join(lines)


def _lane_rows(state: SessionState, stage: str, lang: str) -> list[str]:
    rows = []
    for kind in BLUEPRINT_KINDS:
        texts = [i.text for i in state.items_of(kind, stage)]
        if kind is ItemKind.OWNER:
            texts = texts[-1:]
        if texts:
            rows.append(render("summary.row", lang, label=render(f"lane.{kind.value}", lang), items=join(texts, lang)))
    return rows


def empty_stages(state: SessionState, step: Step) -> list[str]:
    return [stage for stage in state.stages if not step_items(state, step, stage)]


def thin_text(state: SessionState, lang: str) -> str:
    lines = []
    if not state.items_of(ItemKind.PERSONA):
        lines.append(f"- {render('step.persona', lang)}")
    for step in session_steps(state.map_type):
        if step in PER_STAGE_STEPS:
            missing = empty_stages(state, step)
            if missing:
                lines.append(f"- {render(f'step.{step.value}', lang)}: {join(missing, lang)}")
    if not lines:
        return render("review.complete", lang)
    return render("review.thin", lang, lines="\n".join(lines))


def progress_text(state: SessionState, lang: str) -> str:
    number, total = step_number(state.step, state.map_type)
    if state.step in PER_STAGE_STEPS and state.stages:
        return render("progress.stage", lang, number=number, total=total,
                      stage_number=state.stage_index + 1, stage_total=len(state.stages))
    return render("progress", lang, number=number, total=total)


def question_text(state: SessionState, lang: str, kpis: KpiSuggester | None = None) -> str:
    step, stage = state.step, state.current_stage
    key = f"question.{step.value}"
    if step is Step.SCOPE:
        return render(key, lang, title=state.title)
    if step is Step.KPIS and stage is not None:
        # (the business the map is about changes what fits: a SaaS's purchase stage is a trial, not a cart)
        about = f"{state.title}\n{state.scope}"
        suggestions = kpis.suggest(stage=stage, lang=lang, about=about) if kpis else []
        names = render("kpi.suggestions", lang, names=join([name for _, name in suggestions], lang)) \
            if suggestions else ""
        return render(key, lang, stage=stage, suggestions=names)
    if step is Step.REVIEW:
        return render(key, lang, summary=summary_text(state, lang), thin=thin_text(state, lang))
    if stage is not None:
        return render(key, lang, stage=stage)
    return render(key, lang)
