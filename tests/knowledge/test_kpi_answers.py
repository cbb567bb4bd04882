"""KPI questions are answered from the KPI catalogue's documents in the knowledge base, on the real embedding:
its own KPI first, in the question's language, once per result list, with the formula when asked how to compute."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.kpi_catalogue import KpiCatalogue
from knowledge.kpi_documents import KPIS_FILE
from knowledge.service import KnowledgeBase
from knowledge.store import make_client
from knowledge.vector_cache import INDEX_DIR
from tests.knowledge.conftest import MemoEmbeddings, build_kb


@pytest.fixture(scope="module")
def kpi_kb(tmp_path_factory: pytest.TempPathFactory, embeddings: MemoEmbeddings, notes_dir: Path) -> KnowledgeBase:
    """The test notes plus the shipped KPI catalogue, once per module. The KPI documents' vectors come from the
    shipped vector cache (the same real model, embedded ahead by `make kb-vectors`); the test notes are embedded."""
    tmp = tmp_path_factory.mktemp("kpi-kb")
    return KnowledgeBase(client=make_client(path=tmp / "chroma"), embeddings=embeddings, notes_dir=notes_dir,
                         vectors_dir=INDEX_DIR, kpis_file=KPIS_FILE)


@pytest.mark.parametrize(
    ("question", "kpi", "lang"),
    [
        ("NPSって何?", "nps", "ja"),
        ("how do we compute churn?", "churn_rate", "en"),
        ("顧客努力スコアの計算方法", "ces", "ja"),
        ("LTVの出し方", "clv", "ja"),
        ("What does customer lifetime value mean?", "clv", "en"),
        ("カゴ落ち率はどうやって計算する?", "cart_abandonment_rate", "ja"),
        ("How is the click-through rate calculated?", "ctr", "en"),
        ("一次解決率の注意点は?", "first_contact_resolution", "ja"),
    ],
)
def test_a_kpi_question_finds_its_kpi_document_first(kpi_kb: KnowledgeBase, question: str, kpi: str,
                                                      lang: str) -> None:
    top = kpi_kb.search(question, k=3)[0]
    assert (top.metadata.get("kpi"), top.metadata.get("language")) == (kpi, lang)
    answer = kpi_kb.ask(question)
    entry = KpiCatalogue.default().get(kpi)
    assert entry is not None
    assert answer.covered and answer.sources[0] == f"KPI: {entry.name(lang)}"


def test_how_to_compute_shows_the_formula(kpi_kb: KnowledgeBase) -> None:
    answer = kpi_kb.ask("how do we compute churn?")
    assert "Formula: Churn rate (%) = customers lost" in answer.answer
    answer = kpi_kb.ask("LTVの出し方")
    assert "計算式：LTV = 平均購入単価" in answer.answer


@pytest.mark.parametrize(("question", "lang"), [("What is the Net Promoter Score?", "en"), ("NPSの計算方法は?", "ja")])
def test_a_kpi_takes_one_language_per_result_list(kpi_kb: KnowledgeBase, question: str, lang: str) -> None:
    passages = kpi_kb.search(question, k=10)
    assert {p.metadata.get("language") for p in passages if p.metadata.get("kpi") == "nps"} == {lang}


@pytest.mark.parametrize(
    ("question", "source"),
    [("ペルソナはどうやって作る?", "ペルソナの作り方"), ("Which touchpoints should we list?", "Listing touchpoints"),
     ("タッチポイントにはオフラインも含める?", "タッチポイントの洗い出し")],
)
def test_other_questions_still_find_their_notes(kpi_kb: KnowledgeBase, question: str, source: str) -> None:
    assert kpi_kb.ask(question).sources[0] == source


def test_an_edited_catalogue_re_syncs(tmp_path: Path, embeddings: MemoEmbeddings, notes_dir: Path) -> None:
    kpis = tmp_path / "kpis.yaml"
    shutil.copyfile(KPIS_FILE, kpis)
    client = make_client(path=tmp_path / "chroma")
    kb = build_kb(client, embeddings, notes_dir, tmp_path, kpis_file=kpis, vectors_dir=INDEX_DIR)
    assert kb.sync_notes() is not None and kb.sync_notes() is None
    kpis.write_text(kpis.read_text(encoding="utf-8").replace(
        "It ranges from −100 to +100.", "It ranges from −100 to +100; above 0 is good, above 50 excellent."),
        encoding="utf-8")
    report = build_kb(client, embeddings, notes_dir, tmp_path, kpis_file=kpis, vectors_dir=INDEX_DIR).sync_notes()
    assert report is not None and report.added >= 1 and report.removed >= 1
    texts = " ".join(p.text for p in build_kb(client, embeddings, notes_dir, tmp_path, kpis_file=kpis,
                                              vectors_dir=INDEX_DIR).search("How is NPS calculated?", k=3))
    assert "above 50 excellent" in texts


def test_a_small_workspaces_document_outranks_kpi_documents_on_its_own_subject(
        kpi_kb: KnowledgeBase, tmp_path: Path) -> None:
    doc = tmp_path / "faq.md"
    doc.write_text("# 返品の受付\n\n未開封の商品は30日以内ならレシートがあれば返品できます。\n", encoding="utf-8")
    kpi_kb.ingest([doc], workspace="T9")
    assert kpi_kb.search("返品できる期間は?", workspace="T9", k=3)[0].source == "返品の受付"
