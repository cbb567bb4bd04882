"""The KPI catalogue as notes: one document per KPI and language, in that language's words, paired like a
note and its translation, and part of the notes' fingerprint."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from knowledge.chunking import split_document
from knowledge.kpi_catalogue import KpiCatalogue
from knowledge.kpi_documents import KPIS_FILE, LABELS, STAGE_NAMES, kpi_documents
from knowledge.notes import load_notes, note_documents, notes_fingerprint
from knowledge.search import Passage, without_translations

CATALOGUE = KpiCatalogue.default()
DOCUMENTS = {doc.key: doc for doc in kpi_documents()}


def test_every_kpi_has_a_japanese_and_an_english_document() -> None:
    assert len(DOCUMENTS) == 2 * len(CATALOGUE)
    for entry in CATALOGUE:
        for lang in ("ja", "en"):
            doc = DOCUMENTS[f"notes/{lang}/kpis.yaml#{entry.id}"]
            assert doc.title == f"KPI: {entry.name(lang)}"
            assert doc.metadata["language"] == lang and doc.metadata["step"] == "kpis"
            assert doc.metadata["topic"] == f"kpi-{entry.id}" and doc.metadata["kpi"] == entry.id
            assert doc.metadata["sources"] == ",".join(entry.sources)
            fields = [getattr(entry, f"{name}_{lang}") for name in ("definition", "formula", "how_to_measure")]
            for text in [*fields, *getattr(entry, f"pitfalls_{lang}")]:
                assert text in doc.body, f"{doc.key}: missing {text[:30]!r}"
            assert all(STAGE_NAMES[lang][stage] in doc.body for stage in entry.stages)
            assert f"{LABELS[lang]['names']}{LABELS[lang]['colon']}" in doc.body
            assert entry.name_ja in doc.body and entry.name_en in doc.body  # findable by either name


def test_each_document_is_in_its_own_language() -> None:
    for entry in CATALOGUE:
        ja, en = (DOCUMENTS[f"notes/{lang}/kpis.yaml#{entry.id}"].body for lang in ("ja", "en"))
        assert entry.definition_en not in ja and entry.formula_en not in ja and "Pitfalls" not in ja
        assert entry.definition_ja not in en and entry.formula_ja not in en and "注意点" not in en


def test_the_names_line_has_the_aliases_but_not_the_misspellings() -> None:
    churn = DOCUMENTS["notes/en/kpis.yaml#churn_rate"].body
    assert "attrition rate" in churn and "cancellation rate" in churn and "chrun" not in churn
    nps_en, nps_ja = DOCUMENTS["notes/en/kpis.yaml#nps"].body, DOCUMENTS["notes/ja/kpis.yaml#nps"].body
    assert "net promotor" not in nps_en.casefold()
    assert "顧客推奨度" in nps_ja and "正味推奨者比率" in nps_ja
    assert "LTV" in DOCUMENTS["notes/ja/kpis.yaml#clv"].body
    assert "CVR" in DOCUMENTS["notes/ja/kpis.yaml#conversion_rate"].body


def test_the_passage_that_says_how_to_compute_shows_the_formula() -> None:
    """Long documents are cut in passages; the first holds the definition, and every passage about calculating
    or measuring repeats the formula (a "how do we compute…" answer must show it)."""
    for doc in DOCUMENTS.values():
        label = LABELS[str(doc.metadata["language"])]
        chunks = split_document(doc)
        assert label["definition"] in chunks[0].content, doc.key
        for chunk in chunks:
            if label["measure"] in chunk.content:
                assert label["formula"] in chunk.content, f"{doc.key}: measuring passage without the formula"


def test_a_kpis_two_documents_pair_like_a_note_and_its_translation() -> None:
    def passage(doc: str) -> Passage:
        return Passage(text=doc, source=doc, score=1.0, metadata={"doc": doc})

    ranked = [passage("notes/ja/kpis.yaml#nps"), passage("notes/en/kpis.yaml#nps"), passage("notes/en/persona.md"),
              passage("notes/ja/kpis.yaml#csat")]
    assert [p.text for p in without_translations(ranked, "en")] == [
        "notes/en/kpis.yaml#nps", "notes/en/persona.md", "notes/ja/kpis.yaml#csat"]
    assert [p.text for p in without_translations(ranked, "ja")] == [
        "notes/ja/kpis.yaml#nps", "notes/en/persona.md", "notes/ja/kpis.yaml#csat"]


def _notes(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    (root / "ja").mkdir(parents=True)
    note = "---\ntitle: A\nstep: persona\nlanguage: ja\n---\n# A\n\n本文。\n"
    (root / "ja" / "a.md").write_text(note, encoding="utf-8")
    return root


def test_note_documents_include_the_catalogue_and_tips_do_not(tmp_path: Path) -> None:
    root = _notes(tmp_path)
    assert [d.key for d in note_documents(root, kpis=None)] == ["notes/ja/a.md"]
    with_kpis = note_documents(root, kpis=KPIS_FILE)
    assert len(with_kpis) == 1 + 2 * len(CATALOGUE)
    assert [n.ref for n in load_notes(root)] == ["notes/ja/a.md"]  # a KPI definition is not a session tip


def test_the_fingerprint_changes_when_the_catalogue_changes(tmp_path: Path) -> None:
    root = _notes(tmp_path)
    kpis = tmp_path / "kpis.yaml"
    shutil.copyfile(KPIS_FILE, kpis)
    before = notes_fingerprint(root, kpis=kpis)
    assert notes_fingerprint(root, kpis=kpis) == before
    assert notes_fingerprint(root, kpis=None) != before
    kpis.write_text(KPIS_FILE.read_text(encoding="utf-8").replace("−100 〜 +100", "−100〜+100"), encoding="utf-8")
    assert notes_fingerprint(root, kpis=kpis) != before
    assert notes_fingerprint() != notes_fingerprint(kpis=None)  # the shipped catalogue is in by default


def test_a_catalogue_file_renders_entries_without_sources(tmp_path: Path) -> None:
    entry = {
        "id": "aov", "name_ja": "客単価", "name_en": "Average order value", "aliases": ["AOV", "avrage order value"],
        "definition_ja": "1回の注文あたりの平均売上額。", "definition_en": "The average revenue per order.",
        "formula_ja": "売上 ÷ 注文数", "formula_en": "revenue ÷ orders", "stages": ["purchase"],
        "how_to_measure_ja": "売上データから計算する。", "how_to_measure_en": "From sales data.",
        "pitfalls_ja": ["中央値も見る。"], "pitfalls_en": ["Check the median."], "sources": [],
    }
    path = tmp_path / "kpis.yaml"
    path.write_text(yaml.safe_dump({"kpis": [entry]}, allow_unicode=True), encoding="utf-8")
    ja, en = kpi_documents(path)
    assert (ja.key, en.key) == ("notes/ja/kpis.yaml#aov", "notes/en/kpis.yaml#aov")
    assert ja.metadata["sources"] == "" and len(split_document(ja)) == 1
    assert "AOV" in ja.body and "avrage" not in en.body and "購入" in ja.body and "Purchase" in en.body


def test_no_catalogue_no_documents() -> None:
    assert kpi_documents(None) == []
    with pytest.raises(ValueError):
        from knowledge.kpi_documents import kpi_document

        kpi_document(next(iter(CATALOGUE)), "fr")
