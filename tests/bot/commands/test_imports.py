"""`journeybot kpi` pays only for what it uses: it neither opens nor imports the database layer (the
composition root imports each part where it builds it), nor the retrieval stack. A structural guard,
checked in a fresh interpreter through `sys.modules`, not a timing test."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = textwrap.dedent("""
    import contextlib, io, json, sys
    sys.argv = ["journeybot", *sys.argv[1:]]
    from bot.cli import main
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main()
    print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
""")


def _modules(tmp_path: Path, *args: str) -> list[str]:
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'j.db'}",
           "CHROMA_PATH": str(tmp_path / "chroma"), "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, timeout=120,
                         check=True, env=env, cwd=Path(__file__).resolve().parents[3]).stdout
    loaded: list[str] = json.loads(out.strip().splitlines()[-1])
    return loaded


@pytest.mark.parametrize("args", [("NPS",), ("NPSって何?",), ("email bounce rate", "--json"), ("CPCって何?", "--json")])
def test_kpi_imports_neither_the_database_layer_nor_retrieval(tmp_path: Path, args: tuple[str, ...]) -> None:
    """A card named exactly, or a metric the catalogue does not hold named (knowledge.kpi_unheld), is answered from
    names alone: no embedding model, not even numpy."""
    loaded = _modules(tmp_path, "kpi", *args)
    assert [name for name in ("sqlalchemy", "alembic", "numpy", "chromadb", "matplotlib") if name in loaded] == []
    assert not (tmp_path / "j.db").exists()
