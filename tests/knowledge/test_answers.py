"""`ask`: cited answers in the question's language, and a plain "not covered" when the notes cannot answer."""

from __future__ import annotations

import pytest

from knowledge.service import KnowledgeBase


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("ペルソナはどうやって作る?", "ペルソナの作り方"),
        ("How do we build a persona?", "Building a persona"),
        ("タッチポイントにはオフラインも含める?", "タッチポイントの洗い出し"),
        ("Which touchpoints should we list?", "Listing touchpoints"),
    ],
)
def test_answers_cite_the_right_note_in_the_questions_language(kb: KnowledgeBase, question: str, source: str) -> None:
    answer = kb.ask(question)
    assert answer.covered and not answer.generated
    assert answer.sources[0] == source
    assert source in answer.answer  # the citation is in the text people read, not only in the metadata


def test_an_english_question_is_answered_from_a_japanese_only_note(kb: KnowledgeBase) -> None:
    answer = kb.ask("How often should we review the journey map?")
    assert answer.covered and "マップの見直し" in answer.sources


@pytest.mark.parametrize(
    "question",
    [
        "How do I configure Salesforce Journey Builder?",  # a product the notes never mention
        "Marketing Cloudでメール配信を設定する手順は?",
        "東京でおすすめの美術館は?",  # nothing the notes know about (the weather is off topic: tested apart)
        "Which chocolate cake is the healthiest?",
        "How much does a persona workshop cost per participant?",  # asks for a price the notes never state
    ],
)
def test_questions_outside_the_notes_are_not_covered(kb: KnowledgeBase, question: str) -> None:
    answer = kb.ask(question)
    assert not answer.covered
    assert answer.answer.startswith(("The knowledge base does not cover", "この質問に答える内容は"))
    assert answer.sources  # the nearest notes, so people know where to look


def test_a_recipe_is_off_topic_not_merely_uncovered(kb: KnowledgeBase) -> None:
    answer = kb.ask("What's the best recipe for chocolate cake?")
    assert not answer.covered and answer.answer.startswith("That is outside what I can help with")


def test_not_covered_lists_the_nearest_notes_in_the_answer(kb: KnowledgeBase) -> None:
    answer = kb.ask("How do I configure Salesforce Journey Builder?")
    assert "Nearest notes:" in answer.answer
    assert all(title in answer.answer for title in answer.sources)


def test_an_empty_question_gets_a_hint_not_a_search(kb: KnowledgeBase) -> None:
    answer = kb.ask("   ", lang="ja")
    assert not answer.covered and answer.sources == () and "質問" in answer.answer


def test_json_shape(kb: KnowledgeBase) -> None:
    data = kb.ask("ペルソナとは?").to_json()
    assert set(data) >= {"answer", "sources", "covered"}
    assert isinstance(data["sources"], list) and isinstance(data["covered"], bool)
