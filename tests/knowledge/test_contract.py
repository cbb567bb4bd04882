"""One contract, every Chroma backend: an embedded directory and a `chroma run` server on loopback.

Ingestion is idempotent, a workspace's documents never reach another workspace, and search returns
passages best first with their sources — whatever Chroma runs behind the knowledge base.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from knowledge.service import KnowledgeBase
from knowledge.store import make_client
from tests.knowledge.conftest import build_kb

TEAM_DOC = """# 店舗スタッフ向けガイド

店舗スタッフは、来店したお客様から聞いた苦情を毎週金曜日に共有シートへ記録します。
記録した苦情は月に一度、店長会議でふり返ります。
"""
OTHER_DOC = """<html><head><title>Returns policy</title><script>var tracking = 1;</script></head>
<body><nav>Home | Shop</nav><h1>Returns policy</h1>
<p>Customers can return unopened items within 30 days with the receipt.</p></body></html>
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_notes_are_searchable(backend_kb: KnowledgeBase) -> None:
    passages = backend_kb.search("ペルソナはどうやって作る?", k=3)
    assert passages and passages[0].source in ("ペルソナの作り方", "Building a persona")
    scores = [p.score for p in passages]
    assert scores == sorted(scores, reverse=True)
    assert all(set(p.to_json()) == {"text", "source", "score"} for p in passages)


def test_ingestion_is_idempotent(backend_kb: KnowledgeBase, tmp_path: Path) -> None:
    docs = [write(tmp_path / "docs" / "guide.md", TEAM_DOC), write(tmp_path / "docs" / "returns.html", OTHER_DOC)]
    first = backend_kb.ingest(docs, workspace="T1")
    assert first.documents == 2 and first.added >= 2 and not first.skipped
    again = backend_kb.ingest(docs, workspace="T1")
    assert (again.added, again.removed, again.unchanged) == (0, 0, first.added)


def test_an_edited_document_replaces_only_its_changed_chunks(backend_kb: KnowledgeBase, tmp_path: Path) -> None:
    doc = write(tmp_path / "guide.md", TEAM_DOC)
    backend_kb.ingest([doc], workspace="T1")
    write(doc, TEAM_DOC.replace("毎週金曜日", "毎週月曜日"))
    report = backend_kb.ingest([doc], workspace="T1")
    assert report.added >= 1 and report.removed == report.added
    texts = " ".join(p.text for p in backend_kb.search("苦情はいつ記録する?", workspace="T1", k=5))
    assert "毎週月曜日" in texts and "毎週金曜日" not in texts


def test_a_workspace_never_sees_another_workspaces_documents(backend_kb: KnowledgeBase, tmp_path: Path) -> None:
    backend_kb.ingest([write(tmp_path / "guide.md", TEAM_DOC)], workspace="T_A")
    query = "店舗スタッフは苦情をいつ共有シートに記録する?"
    assert any("共有シート" in p.text for p in backend_kb.search(query, workspace="T_A", k=5))
    for other in ("T_B", None):
        assert not any("共有シート" in p.text for p in backend_kb.search(query, workspace=other, k=20))
    assert not backend_kb.ask(query, workspace="T_B").passages or all(
        "共有シート" not in p.text for p in backend_kb.ask(query, workspace="T_B").passages
    )


def test_the_teams_own_things_are_answered_from_its_own_documents(backend_kb: KnowledgeBase, tmp_path: Path) -> None:
    """"our churn playbook" read as the team's own figures: declined, with the team's playbook as the nearest note."""
    playbook = "# Our churn playbook\n\nWhen a customer cancels, call them within 48 hours and offer a pause instead.\n"
    backend_kb.ingest([write(tmp_path / "playbook.md", playbook)], workspace="T1")
    answer = backend_kb.ask("What is our churn playbook?", workspace="T1")
    assert answer.covered and answer.sources[0] == "Our churn playbook", answer.answer
    assert not backend_kb.ask("What was our churn last month?", workspace="T1").covered  # its figures are not there
    assert not backend_kb.ask("What is our churn playbook?").covered  # nor in the shipped notes


def test_an_english_question_finds_a_japanese_document(backend_kb: KnowledgeBase, tmp_path: Path) -> None:
    backend_kb.ingest([write(tmp_path / "guide.md", TEAM_DOC), write(tmp_path / "r.html", OTHER_DOC)],
                      workspace="T1")
    passages = backend_kb.search("When do store staff record customer complaints?", workspace="T1", k=3)
    assert "共有シート" in passages[0].text


def test_html_is_read_as_text_with_its_title(backend_kb: KnowledgeBase, tmp_path: Path) -> None:
    backend_kb.ingest([write(tmp_path / "returns.html", OTHER_DOC)], workspace="T1")
    passages = backend_kb.search("Can customers return items?", workspace="T1", k=3)
    top = next(p for p in passages if "30 days" in p.text)
    assert top.source == "Returns policy"
    assert "tracking" not in top.text and "Home | Shop" not in top.text


def test_nothing_reaches_the_network(tmp_path: Path, embeddings: object, notes_dir: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Offline by design: the model is bundled, Chroma's telemetry and default embedding are off."""
    attempts: list[object] = []
    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address  # (host, port) or a Unix socket path
        if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") and not host.startswith("/"):
            attempts.append(address)
            raise OSError(f"network access attempted: {address!r}")
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    kb = build_kb(make_client(path=tmp_path / "chroma"), embeddings, notes_dir, tmp_path)  # type: ignore[arg-type]
    kb.ingest([write(tmp_path / "guide.md", TEAM_DOC)], workspace="T1")
    assert kb.search("苦情の記録", workspace="T1", k=3)
    assert kb.ask("ペルソナはどうやって作る?").covered
    assert attempts == []
