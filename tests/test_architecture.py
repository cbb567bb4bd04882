"""The layering rules of ARCHITECTURE.md, checked on the source: dependencies point inward."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "journeys": ("bot", "knowledge", "slack_bolt", "slack_sdk", "langchain", "langchain_core", "chromadb"),
    "knowledge": ("bot", "slack_bolt", "slack_sdk"),
    "prompts": ("bot", "journeys", "knowledge", "slack_bolt", "slack_sdk"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_dependencies_point_inward(package: str) -> None:
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name in imported_modules(path):
            if name.split(".")[0] in FORBIDDEN[package]:
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []
