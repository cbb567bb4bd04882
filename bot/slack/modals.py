"""The modals: the persona form, an opportunity with impact/effort, and "Add to journey map".

Each modal carries what it is about in `private_metadata` (journey id, stage, the source message), so the
submission handler needs no server-side memory of the modal; the handler re-checks everything anyway.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    InputBlock,
    Option,
    OptionGroup,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.slack import ids, limits
from journeys.state import SessionState
from journeys.steps import ItemKind
from prompts.slack import LEVEL_LABELS, text

__all__ = ["FILE_KINDS", "file_item_modal", "file_target", "metadata_of", "modal", "opportunity_modal", "persona_modal"]

FILE_KINDS: tuple[ItemKind, ...] = (ItemKind.PAIN_POINT, ItemKind.TOUCHPOINT, ItemKind.THOUGHT)
PERSONA_MAX = {"name": 80, "description": 1000, "goals": 1000, "needs": 1000, "frustrations": 1000,
               "behaviors": 1000}


def metadata_of(view: dict[str, Any]) -> dict[str, Any]:
    """The modal's private metadata (a JSON object we wrote), or {} when absent or not ours."""
    try:
        value = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _plain(value: str, limit: int = limits.OPTION_TEXT) -> PlainTextObject:
    return PlainTextObject(text=limits.truncate(value, limit), emoji=True)


def modal(*, callback_id: str, title: str, lang: str, blocks: Sequence[Block], metadata: dict[str, Any],
           submit: bool = True) -> View:
    return View(
        type="modal", callback_id=callback_id, title=_plain(title, limits.MODAL_TITLE),
        submit=_plain(text("modal_submit", lang), limits.MODAL_TITLE) if submit else None,
        close=_plain(text("modal_close", lang), limits.MODAL_TITLE), blocks=list(blocks),
        private_metadata=json.dumps(metadata, ensure_ascii=False),
    )


def persona_modal(*, state: SessionState, lang: str, channel_id: str) -> View:
    blocks: list[Block] = []
    for name in ids.PERSONA_FIELDS:
        element = PlainTextInputElement(action_id=name, multiline=name != "name",
                                        max_length=PERSONA_MAX[name])
        blocks.append(InputBlock(block_id=name, label=_plain(text(f"persona_{name}", lang), 2000),
                                 element=element, optional=name != "name"))
    metadata = {"j": state.journey_id, "c": channel_id, "l": lang}
    return modal(callback_id=ids.PERSONA_VIEW, title=text("persona_title", lang), lang=lang, blocks=blocks,
                  metadata=metadata)


def file_target(value: str) -> tuple[str, int] | None:
    """(journey id, stage index) of an option of the "Add to journey map" stage select."""
    journey_id, _, index = value.partition(":")
    return (journey_id, int(index)) if journey_id and index.isdigit() else None


def _levels(action_id: str, lang: str) -> StaticSelectElement:
    labels = LEVEL_LABELS.get(lang, LEVEL_LABELS["en"])
    options = [Option(text=_plain(label), value=str(level)) for level, label in labels.items()]
    return StaticSelectElement(action_id=action_id, options=options)


def opportunity_modal(*, state: SessionState, stage: str, lang: str, channel_id: str) -> View:
    blocks: list[Block] = [
        InputBlock(block_id=ids.OPPORTUNITY_TEXT,
                   label=_plain(text("opportunity_text", lang, stage=limits.truncate(stage, 100)), 2000),
                   element=PlainTextInputElement(action_id=ids.OPPORTUNITY_TEXT, multiline=True, max_length=1000)),
        InputBlock(block_id=ids.OPPORTUNITY_IMPACT, label=_plain(text("impact", lang)),
                   element=_levels(ids.OPPORTUNITY_IMPACT, lang)),
        InputBlock(block_id=ids.OPPORTUNITY_EFFORT, label=_plain(text("effort", lang)),
                   element=_levels(ids.OPPORTUNITY_EFFORT, lang)),
    ]
    # The stage by position: private_metadata holds 3,000 characters, a stage name may be longer.
    index = state.stages.index(stage) if stage in state.stages else None
    metadata = {"j": state.journey_id, "gi": index, "c": channel_id, "l": lang}
    return modal(callback_id=ids.OPPORTUNITY_VIEW, title=text("opportunity_title", lang), lang=lang,
                  blocks=blocks, metadata=metadata)


def file_item_modal(*, journeys: Sequence[SessionState], message_text: str, lang: str,
                    metadata: dict[str, Any]) -> View:
    """Pick a journey's stage (option groups: one per journey), the kind, and confirm the text."""
    groups: list[OptionGroup] = []
    budget = limits.OPTIONS
    for state in journeys:
        # The value names the stage by its position: a stage name may be longer than a value may be (150).
        options = [Option(text=_plain(stage), value=f"{state.journey_id}:{index}")
                   for index, stage in enumerate(state.stages)][:budget]
        if options:
            groups.append(OptionGroup(label=_plain(state.title), options=options))
            budget -= len(options)
        if budget <= 0:
            break
    if not groups:
        blocks: list[Block] = [SectionBlock(text=PlainTextObject(text=text("file_no_stages", lang)))]
        return modal(callback_id=ids.FILE_ITEM_VIEW, title=text("file_title", lang), lang=lang, blocks=blocks,
                      metadata=metadata, submit=False)
    target = StaticSelectElement(action_id=ids.FILE_TARGET, option_groups=groups)
    kinds = [Option(text=_plain(text(f"kind_{kind.value}", lang)), value=kind.value) for kind in FILE_KINDS]
    blocks = [
        InputBlock(block_id=ids.FILE_TARGET, label=_plain(text("file_target", lang)), element=target),
        InputBlock(block_id=ids.FILE_KIND, label=_plain(text("file_kind", lang)),
                   element=StaticSelectElement(action_id=ids.FILE_KIND, options=kinds, initial_option=kinds[0])),
        InputBlock(block_id=ids.FILE_TEXT, label=_plain(text("file_text", lang)),
                   element=PlainTextInputElement(action_id=ids.FILE_TEXT, multiline=True, max_length=3000,
                                                 initial_value=limits.truncate(message_text, 3000))),
    ]
    return modal(callback_id=ids.FILE_ITEM_VIEW, title=text("file_title", lang), lang=lang, blocks=blocks,
                  metadata=metadata)
