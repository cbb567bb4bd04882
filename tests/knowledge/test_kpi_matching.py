"""How much of a long message the KPI look-up reads (`capped`): the question, not only the story before it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from knowledge.kpi_matching import MAX_QUERY_CHARS, capped

STORY = "We sell handmade soap at weekend markets and online, and the numbers live in three spreadsheets. " * 8


def test_a_short_message_is_read_whole() -> None:
    text = "what share of first-time buyers order again?"
    assert capped(text) == text


def test_a_long_story_keeps_its_opening_and_its_last_question() -> None:
    text = "Repeat buyers are what we care about. " + STORY + "Which metric is that? How do we compute it?"
    kept = capped(text)
    assert len(kept) <= MAX_QUERY_CHARS
    assert kept.startswith("Repeat buyers are what we care about.")
    assert kept.endswith("Which metric is that? How do we compute it?")


def test_a_remark_after_the_question_is_dropped_before_the_question() -> None:
    text = STORY + "Which metric is that? Thanks, have a good weekend"
    assert capped(text).endswith("Which metric is that?")


def test_a_long_message_asking_early_or_never_is_cut_at_its_head() -> None:
    assert capped("Which metric is that? " + STORY) == ("Which metric is that? " + STORY)[:MAX_QUERY_CHARS]
    assert capped(STORY) == STORY[:MAX_QUERY_CHARS]


def test_one_question_longer_than_the_cap_keeps_its_end() -> None:
    text = "so " + "and then the customer " * 40 + "comes back, which metric?"
    assert capped(text).endswith("which metric?")
    assert len(capped(text)) == MAX_QUERY_CHARS


@given(st.text(alphabet=st.sampled_from("ab .?。？\n語"), max_size=2000))
def test_never_longer_than_the_cap(text: str) -> None:
    assert len(capped(text)) <= MAX_QUERY_CHARS


@pytest.mark.parametrize(
    ("term", "kpi"), [("月次アクティブ率", None), ("アクティブ率", None), ("チャーンレード", "churn_rate")]
)
def test_a_kanji_more_or_less_is_another_metric_not_a_typo(term: str, kpi: str | None) -> None:
    """`月次アクティブ率` was filed as the activation rate (one edit from `アクティブ化率`), unknown to `/kpi`."""
    from knowledge.kpi_catalogue import KpiCatalogue

    found = KpiCatalogue.default().match(term)
    assert (found.id if found else None) == kpi
