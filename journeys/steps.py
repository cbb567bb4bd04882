"""The method's fixed vocabulary: step ids (a public contract), stage templates and map types.

Kept apart from the engine so that parsers, prompts, exports and adapters can share it without
pulling in the state machine.
"""

from __future__ import annotations

from enum import StrEnum


class Step(StrEnum):
    """Step ids, in session order. Their values are part of the external contract (SPEC.md)."""

    SCOPE = "scope"
    PERSONA = "persona"
    STAGES = "stages"
    TOUCHPOINTS = "touchpoints"
    ACTIONS = "actions"
    BLUEPRINT = "blueprint"  # service_blueprint maps only (`session_steps`)
    THOUGHTS = "thoughts"
    EMOTIONS = "emotions"
    PAIN_POINTS = "pain_points"
    OPPORTUNITIES = "opportunities"
    KPIS = "kpis"
    REVIEW = "review"


STEP_ORDER: tuple[Step, ...] = tuple(Step)

# Steps that walk through the stages one at a time.
PER_STAGE_STEPS: frozenset[Step] = frozenset(
    {
        Step.TOUCHPOINTS,
        Step.ACTIONS,
        Step.BLUEPRINT,
        Step.THOUGHTS,
        Step.EMOTIONS,
        Step.PAIN_POINTS,
        Step.OPPORTUNITIES,
        Step.KPIS,
    }
)


class MapType(StrEnum):
    CURRENT_STATE = "current_state"
    FUTURE_STATE = "future_state"
    DAY_IN_THE_LIFE = "day_in_the_life"
    SERVICE_BLUEPRINT = "service_blueprint"


DEFAULT_MAP_TYPE = MapType.CURRENT_STATE


class ItemKind(StrEnum):
    """What one stored item is. Per-stage kinds carry a stage name; persona does not."""

    PERSONA = "persona"
    TOUCHPOINT = "touchpoint"
    ACTION = "action"
    THOUGHT = "thought"
    EMOTION = "emotion"
    PAIN_POINT = "pain_point"
    OPPORTUNITY = "opportunity"
    KPI = "kpi"
    FRONTSTAGE = "frontstage"  # service blueprint lanes: what staff do in view of the customer,
    BACKSTAGE = "backstage"  # what they do out of view,
    SUPPORT = "support"  # the systems and processes behind both,
    OWNER = "owner"  # and who owns the stage (one per stage: the latest wins)


STEP_ITEM_KIND: dict[Step, ItemKind] = {
    Step.PERSONA: ItemKind.PERSONA,
    Step.TOUCHPOINTS: ItemKind.TOUCHPOINT,
    Step.ACTIONS: ItemKind.ACTION,
    Step.BLUEPRINT: ItemKind.FRONTSTAGE,  # an unlabelled blueprint line; the step holds all four lanes
    Step.THOUGHTS: ItemKind.THOUGHT,
    Step.EMOTIONS: ItemKind.EMOTION,
    Step.PAIN_POINTS: ItemKind.PAIN_POINT,
    Step.OPPORTUNITIES: ItemKind.OPPORTUNITY,
    Step.KPIS: ItemKind.KPI,
}

BLUEPRINT_KINDS: tuple[ItemKind, ...] = (ItemKind.FRONTSTAGE, ItemKind.BACKSTAGE, ItemKind.SUPPORT, ItemKind.OWNER)


def step_kinds(step: Step) -> tuple[ItemKind, ...]:
    """Every kind of item a step collects (the blueprint step collects its four lanes)."""
    if step is Step.BLUEPRINT:
        return BLUEPRINT_KINDS
    kind = STEP_ITEM_KIND.get(step)
    return () if kind is None else (kind,)


def session_steps(map_type: MapType) -> tuple[Step, ...]:
    """The steps a session of this map type visits: the blueprint lanes only for service blueprints."""
    if map_type is MapType.SERVICE_BLUEPRINT:
        return STEP_ORDER
    return tuple(step for step in STEP_ORDER if step is not Step.BLUEPRINT)


def step_number(step: Step, map_type: MapType) -> tuple[int, int]:
    """(1-based position of `step`, number of steps) as "ステップ N/M" shows them for this map type."""
    steps = session_steps(map_type)
    index = STEP_ORDER.index(step)
    return sum(1 for s in steps if STEP_ORDER.index(s) <= index), len(steps)


class StageTemplate(StrEnum):
    """Stage templates the sources name. Each has a Japanese and an English list of equal length."""

    DEFAULT_5 = "default5"
    SIMPLE_3 = "simple3"
    ENGAGE_4 = "engage4"
    REPEAT_5 = "repeat5"


STAGE_TEMPLATES: dict[StageTemplate, tuple[tuple[str, ...], tuple[str, ...]]] = {
    StageTemplate.DEFAULT_5: (
        ("認知", "検討", "購入", "維持", "推奨"),
        ("Awareness", "Consideration", "Purchase", "Retention", "Advocacy"),
    ),
    StageTemplate.SIMPLE_3: (
        ("認知", "検討", "決定"),
        ("Awareness", "Consideration", "Decision"),
    ),
    StageTemplate.ENGAGE_4: (
        ("認知", "関与", "転換", "維持"),
        ("Awareness", "Engagement", "Conversion", "Retention"),
    ),
    StageTemplate.REPEAT_5: (
        ("認知", "考慮", "購入", "利用", "リピート"),
        ("Awareness", "Consideration", "Purchase", "Use", "Repeat"),
    ),
}

DEFAULT_STAGE_TEMPLATE = StageTemplate.DEFAULT_5


def template_stages(template: StageTemplate, lang: str) -> tuple[str, ...]:
    """Stage names of a template in the session language (Japanese unless `lang` is "en")."""
    ja, en = STAGE_TEMPLATES[template]
    return en if lang == "en" else ja


def next_step(step: Step, map_type: MapType = DEFAULT_MAP_TYPE) -> Step:
    index = STEP_ORDER.index(step)
    later = [s for s in session_steps(map_type) if STEP_ORDER.index(s) > index]
    return later[0] if later else STEP_ORDER[-1]


def previous_step(step: Step, map_type: MapType = DEFAULT_MAP_TYPE) -> Step:
    index = STEP_ORDER.index(step)
    earlier = [s for s in session_steps(map_type) if STEP_ORDER.index(s) < index]
    return earlier[-1] if earlier else STEP_ORDER[0]
