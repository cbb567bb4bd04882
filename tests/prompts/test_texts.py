"""Every user-facing text exists in Japanese and English, with the same placeholders in both."""

from __future__ import annotations

import importlib
import pkgutil
import string

import pytest

import prompts
from prompts import MissingVariable, render, render_from

TABLES = {
    name: module.TEXTS
    for name, module in (
        (info.name, importlib.import_module(f"prompts.{info.name}")) for info in pkgutil.iter_modules(prompts.__path__)
    )
    if isinstance(getattr(module, "TEXTS", None), dict)
}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_the_tables_are_found() -> None:
    assert {"session", "terminal", "kpi"} <= set(TABLES)


@pytest.mark.parametrize("module", sorted(TABLES))
def test_both_languages_and_same_placeholders(module: str) -> None:
    problems = []
    for key, texts in TABLES[module].items():
        if set(texts) != {"ja", "en"}:
            problems.append(f"{key}: languages {sorted(texts)}")
        elif placeholders(texts["ja"]) != placeholders(texts["en"]):
            problems.append(f"{key}: {placeholders(texts['ja'])} != {placeholders(texts['en'])}")
        elif not texts["ja"].strip() or not texts["en"].strip():
            problems.append(f"{key}: empty text")
    assert problems == []


def test_missing_variable_names_the_template() -> None:
    with pytest.raises(MissingVariable, match=r"question\.touchpoints"):
        render("question.touchpoints", "ja")


def test_unknown_language_falls_back_to_english() -> None:
    assert render_from({"k": {"ja": "日本語", "en": "English"}}, "k", "fr") == "English"
