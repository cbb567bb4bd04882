"""The one KPI look-up every surface uses (`journeybot kpi`, `/kpi`, the eval): term or question → entry."""

from __future__ import annotations

from knowledge.kpi_catalogue import KpiCatalogue, KpiEntry

__all__ = ["lookup_kpi"]


def lookup_kpi(text: str, catalogue: KpiCatalogue | None = None) -> KpiEntry | None:
    """The KPI a term or question asks about, or None."""
    return (catalogue or KpiCatalogue.default()).lookup(text)
