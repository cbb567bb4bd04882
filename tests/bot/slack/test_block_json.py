"""bot/slack/block_json.py: the same validators and attributes, found once per class; the same dictionaries;
invalid blocks still refused."""

from __future__ import annotations

from dataclasses import replace
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

import bot.slack.blocks  # noqa: F401  (installs the faster to_dict, as the app does)
from bot.slack.block_json import attributes_of, original_attributes, original_validation, validators_of
from bot.slack.blocks import SlackMessage, root_message, step_messages
from journeys.replies import Reply, ReplyKind, Source
from tests.journeys.factories import Driver


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


@pytest.mark.parametrize("obj", SAMPLES, ids=lambda o: type(o).__name__)
def test_every_block_kit_class_we_use_lists_the_same_attributes(obj: JsonObject) -> None:
    assert attributes_of(obj) == tuple(sorted(obj.attributes))


def _original_to_dict(obj: JsonObject) -> dict[str, Any]:
    """slack_sdk's own to_dict at every level (its validation walk, its attribute collection)."""
    original_validation(obj)
    raw = original_attributes(obj)

    def convert(value: Any) -> Any:
        if isinstance(value, JsonObject):
            return _original_to_dict(value) if type(value).to_dict is JsonObject.to_dict else value.to_dict()
        if isinstance(value, list):
            return [convert(v) for v in value]
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        return value

    return {k: convert(v) for k, v in raw.items()}


def _whole_session_messages() -> list[SlackMessage]:
    """What a Japanese session posts from its first answer to its summary, with a list and a root."""
    driver = Driver()
    driver.state = replace(driver.state, thread_ts="1.0")
    messages: list[SlackMessage] = []
    answers = ["名前: 佐藤さん\n説明: 30代の会社員", "次へ", "認知、比較、購入", "Instagram広告、Google検索",
               "一覧", "次へ", "店舗のチラシ <@U1> & *太字*", "次へ", "不安: 送料が高い", "まとめ"]
    tips = [Reply(ReplyKind.TIPS, "ペルソナは1〜3人から", "ja", sources=(Source("ペルソナの作り方", "note-1"),))]
    for answer in answers:
        outcome = driver.say(answer)
        messages += step_messages(state=outcome.state, replies=outcome.replies, tips=tips)
    summary = Reply(ReplyKind.SUMMARY, "ペルソナ: 佐藤さん\n接点: 3件", "ja")
    messages.append(root_message(state=driver.state, summary=summary, name_of=lambda user: f"name-{user}"))
    return messages


def test_the_bot_s_own_messages_serialise_as_slack_sdk_serialises_them() -> None:
    """Every message of a whole session (step messages with controls, item menus, the root, tips with sources)
    gives the same dictionary both ways; empty lists and None are left out as slack_sdk leaves them out."""
    messages = _whole_session_messages()
    blocks = [block for message in messages for block in message.blocks]
    assert len(blocks) >= 40 and len({type(b).__name__ for b in blocks}) >= 5
    for block in blocks:
        assert block.to_dict() == _original_to_dict(block)


def test_empty_and_missing_values_are_left_out_as_before() -> None:
    for obj in [SectionBlock(text=MarkdownTextObject(text="x"), fields=[]),
                ContextBlock(elements=[MarkdownTextObject(text="x")], block_id=None),
                ActionsBlock(elements=[ButtonElement(text="a", action_id="a", value="")])]:
        assert obj.to_dict() == _original_to_dict(obj)
        assert "fields" not in obj.to_dict() and "block_id" not in obj.to_dict()
