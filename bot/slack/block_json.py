"""slack_sdk's Block Kit `to_dict()`, with the work that is the same for every instance of a class done once.

Every reply is a few dozen block, element and text objects, and their serialisation was the largest part of
the bot's own CPU per answer in the burst benchmark (scripts/bench_slack.py, profiled with yappi):
- `JsonObject.validate_json` finds an object's validators by walking `dir(self)` and testing every attribute.
  The validators are methods marked by slack_sdk's `JsonValidator` decorator, the same for every instance of
  a class: here they are found once per class and then called exactly as before, raising the same
  `SlackObjectFormationError` on the same objects.
- `JsonObject.get_non_null_attributes` rebuilds and sorts the class's `attributes` set (a chain of set unions)
  and calls two helpers per attribute. Here the sorted names are kept per class and the same rules apply:
  None and empty values are left out (but where Block Kit allows an empty list), nested objects become their
  own `to_dict()`, lists and tuples become lists.

`install()` swaps both methods in (once, at import of bot.slack.blocks); tests/bot/slack/test_block_json.py
compares validators, attribute names and whole dictionaries with slack_sdk's own code for every class we use.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from slack_sdk.models.basic_objects import EMPTY_ALLOWED_TYPE_AND_PROPERTY_LIST, JsonObject

__all__ = ["attributes_of", "install", "original_attributes", "original_validation", "validators_of"]

_ORIGINAL_VALIDATE = JsonObject.validate_json
_ORIGINAL_ATTRIBUTES = JsonObject.get_non_null_attributes
_PLAIN_GET = JsonObject.get_object_attribute
_PLAIN_TO_DICT = JsonObject.to_dict
_EMPTY_ALLOWED = frozenset((rule["type"], rule["property"]) for rule in EMPTY_ALLOWED_TYPE_AND_PROPERTY_LIST)
_SCALARS = (str, int, float, bool, dict)  # dict: nested `to_dict()` output, already converted
_ATTRIBUTES: dict[type, tuple[str, ...]] = {}


@cache
def validators_of(cls: type) -> tuple[str, ...]:
    """Names of the `JsonValidator`-marked methods of `cls`, as `validate_json` finds them on an instance."""
    return tuple(name for name in dir(cls)
                 if not name.startswith("__") and callable(getattr(cls, name, None))
                 and hasattr(getattr(cls, name), "validator"))


def attributes_of(obj: JsonObject) -> tuple[str, ...]:
    """`sorted(obj.attributes)`, computed for the first instance of its class (slack_sdk's `attributes`
    properties name constants only)."""
    names = _ATTRIBUTES.get(type(obj))
    if names is None:
        names = _ATTRIBUTES.setdefault(type(obj), tuple(sorted(obj.attributes)))
    return names


def _validate_json(self: JsonObject) -> None:
    for name in validators_of(type(self)):
        getattr(self, name)()


def _compatible(value: Any) -> Any:
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, JsonObject) and _plain(type(value)):
        return value.to_dict()  # `_non_null_attributes` converted it all the way down: no second walk
    if isinstance(value, (list, tuple)):
        return [_compatible(v) for v in value]
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None and callable(to_dict):
        return {key: _compatible(v) for key, v in to_dict().items()}
    return value


@cache
def _plain(cls: type) -> bool:
    """Whether `cls` serialises with JsonObject's own to_dict and attribute lookup (most Block Kit classes)."""
    return cls.to_dict is _PLAIN_TO_DICT and cls.get_object_attribute is _PLAIN_GET  # type: ignore[attr-defined]


def _non_null_attributes(self: JsonObject) -> dict[str, Any]:
    if type(self).get_object_attribute is not _PLAIN_GET:  # a class that maps attributes itself
        return _ORIGINAL_ATTRIBUTES(self)
    kind = getattr(self, "type", None)
    result: dict[str, Any] = {}
    for key in attributes_of(self):
        value = getattr(self, key, None)
        if value is None:
            continue
        if (kind, key) not in _EMPTY_ALLOWED and getattr(value, "__len__", None) is not None and not len(value):
            continue
        result[key] = _compatible(value)
    return result


def install() -> None:
    JsonObject.validate_json = _validate_json  # type: ignore[method-assign]
    JsonObject.get_non_null_attributes = _non_null_attributes  # type: ignore[method-assign]


def original_validation(obj: JsonObject) -> None:
    """slack_sdk's own walk (for the tests' comparison)."""
    _ORIGINAL_VALIDATE(obj)


def original_attributes(obj: JsonObject) -> dict[str, Any]:
    """slack_sdk's own `get_non_null_attributes` (for the tests' comparison)."""
    return _ORIGINAL_ATTRIBUTES(obj)
