"""Every user-facing text and LLM prompt, in Japanese and English.

`render` is deliberately tiny: `str.format` with a clear error naming the template and the missing
variable, so a typo in a template fails a test instead of reaching a user.
"""

from __future__ import annotations

import string
from collections.abc import Mapping

__all__ = ["LANGUAGES", "MissingVariable", "render", "render_from"]

LANGUAGES = ("ja", "en")


class MissingVariable(KeyError):
    """A template needs a variable the caller did not pass."""


def render_from(table: Mapping[str, Mapping[str, str]], key: str, lang: str, **values: object) -> str:
    """Fill the template `key` of `table` in `lang` (English when the language is unknown)."""
    texts = table[key]
    template = texts.get(lang) or texts["en"]
    needed = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    missing = needed - values.keys()
    if missing:
        raise MissingVariable(f"template {key!r} ({lang}) needs {sorted(missing)}")
    return template.format(**values)


def render(key: str, lang: str, **values: object) -> str:
    """Render a session template (prompts.session.TEXTS)."""
    from prompts.session import TEXTS

    return render_from(TEXTS, key, lang, **values)
