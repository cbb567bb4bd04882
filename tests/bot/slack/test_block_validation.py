"""bot/slack/block_validation.py: the same validators, found once per class, still refuse invalid blocks."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.basic_objects import JsonObject
from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OverflowMenuElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)

import bot.slack.blocks  # noqa: F401  (installs the faster validation, as the app does)
from bot.slack.block_validation import validators_of


def _found_on_instance(obj: JsonObject) -> tuple[str, ...]:
    """The validators slack_sdk's own walk finds: every callable attribute of the instance marked `validator`."""
    return tuple(name for name in dir(obj) if not name.startswith("__")
                 and callable(getattr(obj, name, None)) and hasattr(getattr(obj, name), "validator"))


SAMPLES: list[JsonObject] = [
    SectionBlock(text=MarkdownTextObject(text="*hi*"), block_id="s"),
    HeaderBlock(text=PlainTextObject(text="見出し")),
    ContextBlock(elements=[MarkdownTextObject(text="出典")]),
    DividerBlock(),
    ActionsBlock(elements=[ButtonElement(text="次へ", action_id="next", value="v")]),
    StaticSelectElement(action_id="emotion", options=[Option(value="1", text="😀")]),
    OverflowMenuElement(action_id="more", options=[Option(value="a", text="A"), Option(value="b", text="B")]),
    Option(value="x", text="X"),
    PlainTextObject(text="plain"),
]


@pytest.mark.parametrize("obj", SAMPLES, ids=lambda o: type(o).__name__)
def test_every_block_kit_class_we_use_finds_the_same_validators(obj: JsonObject) -> None:
    assert validators_of(type(obj)) == _found_on_instance(obj)


def test_the_comparison_is_not_vacuous() -> None:
    assert sum(len(validators_of(type(obj))) for obj in SAMPLES) >= 10


@pytest.mark.parametrize(("build", "kwargs"), [
    (SectionBlock, {"text": MarkdownTextObject(text="あ" * 3001)}),  # section text: 3000 characters
    (HeaderBlock, {"text": PlainTextObject(text="x" * 151)}),  # header: 150
    (ButtonElement, {"text": "x" * 76, "action_id": "a"}),  # button text: 75
    (SectionBlock, {"text": "ok", "block_id": "b" * 256}),  # block_id: 255
])
def test_invalid_blocks_are_still_refused(build: Any, kwargs: dict[str, Any]) -> None:
    with pytest.raises(SlackObjectFormationError):
        build(**kwargs).to_dict()


def test_valid_blocks_serialise_as_before() -> None:
    block = ActionsBlock(elements=[ButtonElement(text="次へ", action_id="next", value="v", style="primary")])
    assert block.to_dict() == {"type": "actions", "elements": [
        {"type": "button", "text": {"type": "plain_text", "text": "次へ", "emoji": True}, "action_id": "next",
         "value": "v", "style": "primary"}]}
