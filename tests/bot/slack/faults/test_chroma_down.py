"""Chroma down: CHROMA_URL names a server that is not running (or stopped mid-session). The guided session
runs on (tips come from the notes' front matter, or vanish), and a question gets a clear notice in its
language instead of an error or silence."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from knowledge.kpi_catalogue import KpiCatalogue
from knowledge.service import KnowledgeBase
from prompts.slack import text
from tests.bot.slack.fake_slack import BOT_USER_ID
from tests.bot.slack.faults.workers import free_port
from tests.bot.slack.harness import Testbed


class Unused(Embeddings):
    """Never reached: the store fails first. (Loading the real model would only cost the suite a second.)"""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise AssertionError("no embedding without a store")

    def embed_query(self, text: str) -> list[float]:
        raise AssertionError("no embedding without a store")


@pytest.fixture
def bed(tmp_path: Path, migrated_db: Path, kpi_catalogue: KpiCatalogue) -> Iterator[Testbed]:
    shutil.copyfile(migrated_db, tmp_path / "journeys.db")
    knowledge = KnowledgeBase(chroma_url=f"http://127.0.0.1:{free_port()}", embeddings=Unused())  # nobody listens
    slack = Testbed(root=tmp_path, kpis=kpi_catalogue, db_url=f"sqlite:///{tmp_path / 'journeys.db'}",
                    knowledge=knowledge, tips=knowledge.tips)
    try:
        yield slack
    finally:
        slack.close()


def _said(slack: Testbed) -> str:
    return json.dumps([c.args for c in slack.fake.calls()], ensure_ascii=False)


def test_the_session_runs_on_and_questions_get_a_notice_in_their_language(bed: Testbed) -> None:
    root, journey_id = bed.start_session("Chroma停止中の体験", user="U0SATO001")
    for answer in ("次へ", "名前: 田中さん", "次へ"):
        response, _ = bed.message(answer, user="U0TANAKA1", thread_ts=root)
        assert response.status_code == 200
        bed.idle()
    state = bed.service.get(journey_id=journey_id)
    assert state is not None and state.step.value == "stages" and len(bed.thread(root)) == 4

    for question, lang in (("ask NPSって何?", "ja"), ("ask what is NPS?", "en")):
        assert bed.command("/journey", question, user="U0SATO001").status_code == 200
        bed.idle()
        [notice] = [c for c in bed.fake.calls() if c.method.startswith("/respond/")][-1:]
        assert text("kb_down", lang) in json.dumps(notice.args, ensure_ascii=False)

    mention = {"type": "app_mention", "channel": "C0CHAN001", "user": "U0SATO001", "team": "T0000AAA"}
    ts = bed.fake.next_ts()
    bed.event({**mention, "text": f"<@{BOT_USER_ID}> How should we run customer interviews for a persona?", "ts": ts})
    bed.idle()
    assert text("kb_down", "en") in json.dumps([c.args for c in bed.fake.posts(thread_ts=ts)], ensure_ascii=False)
    assert "Traceback" not in _said(bed)
