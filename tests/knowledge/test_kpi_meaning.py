"""KPI look-up beyond aliases: by meaning for metric questions, refusing mere mentions, nearest entries."""

from __future__ import annotations

import pytest

from knowledge.kpi_catalogue import KpiCatalogue

NEW_IDS = {
    "activation_rate", "time_to_value", "trial_conversion_rate", "feature_adoption_rate", "dau_mau",
    "first_response_time", "application_completion_rate", "processing_lead_time", "document_defect_rate",
}  # fmt: skip


@pytest.fixture(scope="module")
def catalogue() -> KpiCatalogue:
    return KpiCatalogue.default()


def test_the_catalogue_has_forty_kpis_with_saas_and_service_ones(catalogue: KpiCatalogue) -> None:
    ids = {entry.id for entry in catalogue}
    assert len(ids) >= 40 and ids >= NEW_IDS


@pytest.mark.parametrize(
    ("question", "kpi_id"),
    [
        ("how much does it cost us to win one new customer — which metric?", "customer_acquisition_cost"),
        ("問い合わせが1回で解決した割合ってなんて指標?", "first_contact_resolution"),
        ("what % of people who see our ad click it?", "ctr"),
        ("無料お試しから有料契約に進んだ人の割合、指標の名前は?", "trial_conversion_rate"),
    ],
)
def test_a_metric_question_naming_no_kpi_finds_it_by_meaning(
    catalogue: KpiCatalogue, question: str, kpi_id: str
) -> None:
    entry = catalogue.lookup(question)
    assert entry is not None and entry.id == kpi_id


@pytest.mark.parametrize(
    "question",
    [
        "カゴ落ちメールの文面、どう書けばいい?", "what subject line should the NPS survey email have?",
        "うちの先月のNPSは?", "average cart abandonment rate in 2024?", "how many stages should a journey map have?",
        "ペルソナって何?",
    ],
)
def test_questions_that_only_mention_a_kpi_are_no_lookup(catalogue: KpiCatalogue, question: str) -> None:
    assert catalogue.lookup(question) is None


def test_a_kpi_name_typed_into_a_map_still_resolves_by_alias(catalogue: KpiCatalogue) -> None:
    assert catalogue.resolve("カゴ落ち率 目標5%") == ("cart_abandonment_rate", "カート放棄率(カゴ落ち率)")


def test_not_a_kpi_offers_the_closest_entries_not_a_fixed_list(catalogue: KpiCatalogue) -> None:
    support = [e.id for e in catalogue.closest("how fast support answers the first email", 3)]
    shop = [e.id for e in catalogue.closest("お店に来た人のうち買った人の割合", 3)]
    assert "first_response_time" in support and support != shop
