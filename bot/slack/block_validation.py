"""slack_sdk's Block Kit validation, with each class's validators listed once instead of on every call.

`JsonObject.validate_json` finds an object's validators by walking `dir(self)` and testing every attribute,
for every block, element and text object, at every `to_dict()`. A session reply is a few dozen such objects,
and this walk was about a fifth of the bot's CPU per answer in the burst benchmark (scripts/bench_slack.py,
profiled with yappi). The validators are methods marked by slack_sdk's `JsonValidator` decorator, so they
are the same for every instance of a class: here they are found once per class and then called exactly as
before, raising the same `SlackObjectFormationError` on the same objects.

`install()` swaps the method in (once, at import of bot.slack.blocks); tests/bot/slack/test_block_validation.py
checks that every Block Kit class finds the same validators both ways and that invalid blocks still fail.
"""

from __future__ import annotations

from functools import cache

from slack_sdk.models.basic_objects import JsonObject

__all__ = ["install", "validators_of"]

_ORIGINAL = JsonObject.validate_json


@cache
def validators_of(cls: type) -> tuple[str, ...]:
    """Names of the `JsonValidator`-marked methods of `cls`, as `validate_json` finds them on an instance."""
    return tuple(name for name in dir(cls)
                 if not name.startswith("__") and callable(getattr(cls, name, None))
                 and hasattr(getattr(cls, name), "validator"))


def _validate_json(self: JsonObject) -> None:
    for name in validators_of(type(self)):
        getattr(self, name)()


def install() -> None:
    JsonObject.validate_json = _validate_json  # type: ignore[method-assign]


def original(obj: JsonObject) -> None:
    """slack_sdk's own walk (for the tests' comparison)."""
    _ORIGINAL(obj)
