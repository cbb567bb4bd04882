"""Questions as typed are spelled the way the searched texts spell them; unsure cases are left alone."""

from __future__ import annotations

import pytest

from knowledge.query_text import Vocabulary, normalise, romaji_to_hiragana

VOCAB = Vocabulary.of([
    "A customer journey map shows the service blueprint, the persona and each workshop step exactly.",
    "Support staff see the customer experience every day.",
    "ペルソナ、ジャーニーマップ、ワークショップ、タッチポイントを整理する。", "Take a rest between sessions.",
])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("whats a custmer jouney map exaclty", "whats a customer journey map exactly"),
        ("how do i do a serivce bluprint", "how do i do a service blueprint"),
        ("ﾍﾟﾙｿﾅは何人?", "ペルソナは何人?"),
        ("ぺるそなの検証方法しりたい", "ペルソナの検証方法しりたい"),
        ("ジャーにーマップの更新", "ジャーニーマップの更新"),
    ],
)
def test_typos_half_width_and_hiragana_loanwords_become_vocabulary_words(typed: str, expected: str) -> None:
    assert normalise(typed, VOCAB) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "how do I reset my password",  # "rest" is a shorter, different word
        "connect Miro to Jira",  # capitalised: a name, as typed
        "how many workshops",  # an inflection of a known word
        "any stuff we should prep",  # "staff" is another word, not the one meant
        "どうすればいいですか",  # hiragana that spells no vocabulary word
    ],
)
def test_words_that_are_not_typos_are_left_alone(typed: str) -> None:
    assert normalise(typed, VOCAB) == typed


def test_without_a_vocabulary_only_unicode_forms_change() -> None:
    assert normalise("ｶｽﾀﾏｰ　ｼﾞｬｰﾆｰ", None) == "カスタマー ジャーニー"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("perusona wa nannin tsukureba ii desu ka", "ぺるそなは何人作ればいいですか"),
        ("journey map no workshop tte nanjikan gurai yareba ii?",
         "journey map の workshop って何時間ぐらいやればいい?"),
        ("kgi to kpi no chigai oshiete", "kgi と kpi の違い教えて"),
    ],
)
def test_romaji_questions_are_spelled_in_kana(typed: str, expected: str) -> None:
    assert romaji_to_hiragana(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "I want to go to the store so I can buy a kimono",
        "do we need one map per persona or one for all?",
        "no idea where to start, any tips?",
        "ペルソナは何人?",
    ],
)
def test_english_is_not_mistaken_for_romaji(typed: str) -> None:
    assert romaji_to_hiragana(typed) == typed


def test_romaji_reaches_katakana_vocabulary_words() -> None:
    assert normalise("perusona wa nannin tsukureba ii desu ka", VOCAB).startswith("ペルソナは何人")


def test_long_words_are_mended_for_a_wrong_letter_too() -> None:
    assert normalise("customer experiance", VOCAB) == "customer experience"
