"""The KPI catalogue (`kpis.yaml`) as documents of the shipped notes: one per KPI and language.

"NPSって何?" or "how do we compute churn?" should be answered from the catalogue's own definition and
formula, cited like any note. Each entry becomes a Japanese and an English document written from its
fields in that language: the definition, the formula, what the KPI is also called (so both retrievers
find it by any of its names), the stages it serves, how to measure it and its pitfalls.

Keys follow the notes' layout, `notes/<lang>/kpis.yaml#<id>`: a KPI's two documents share the last
segment, as a note and its translation share a file name, so search keeps one language per result list.
Misspellings listed as aliases (they serve the catalogue's look-up) are left out of the text people read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.chunking import CHUNK_SIZE, Document, Meta
from knowledge.kpi_matching import edit_distance, typo_budget  # the catalogue's own notion of a typo
from knowledge.text import fold

if TYPE_CHECKING:
    from knowledge.kpi_catalogue import KpiEntry

__all__ = ["CARD_TITLE", "KPIS_FILE", "RENDERER", "kpi_document", "kpi_documents", "names", "render"]

KPIS_FILE = Path(__file__).with_name("kpis.yaml")
# This module's source is part of the notes' fingerprint with the catalogue: a change to the rendering
# re-syncs installed knowledge bases without anyone having to remember a version number.
RENDERER = Path(__file__)

STAGE_NAMES: dict[str, dict[str, str]] = {
    "ja": {"awareness": "認知", "consideration": "検討", "purchase": "購入", "retention": "維持", "advocacy": "推奨"},
    "en": {"awareness": "Awareness", "consideration": "Consideration", "purchase": "Purchase",
           "retention": "Retention", "advocacy": "Advocacy"},
}
# fmt: off
CARD_TITLE = "KPI: "  # every card's title starts so: "KPI: NPS(ネットプロモータースコア)"
LABELS: dict[str, dict[str, str]] = {
    "ja": {"definition": "定義", "formula": "計算式", "names": "呼び方", "stages": "使うステージ",
           "measure": "測り方", "pitfalls": "注意点", "section": "計算と測り方", "sep": "、", "colon": "：",
           "end": "。"},
    "en": {"definition": "Definition", "formula": "Formula", "names": "Also called", "stages": "Stages it serves",
           "measure": "How to measure", "pitfalls": "Pitfalls", "section": "How to calculate and measure",
           "sep": ", ", "colon": ": ", "end": "."},
}
# fmt: on


def _is_japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u30ff" or "\u3400" <= ch <= "\u9fff" for ch in text)


def _is_abbreviation(text: str) -> bool:
    """NPS, CSAT, LTV, CV率: what Japanese speakers type as they are."""
    latin = "".join(ch for ch in text if ch.isascii())
    return bool(latin) and latin.isupper() and " " not in text and len(latin) <= 5


def names(entry: KpiEntry, lang: str) -> list[str]:
    """The KPI's names a speaker of `lang` uses: its names in both languages, then the aliases of this
    language (and abbreviations in Japanese), without names contained in an earlier one or typos."""
    if lang == "ja":
        own = [a for a in entry.aliases if _is_japanese(a) or _is_abbreviation(a)]
        candidates = [entry.name_ja, entry.name_en, *own]
    else:
        candidates = [entry.name_en, *(a for a in entry.aliases if not _is_japanese(a)), entry.name_ja]
    kept: list[str] = []
    kept_keys: list[str] = []
    earlier: list[str] = []
    for name in candidates:
        key = "".join(fold(name).split())  # the lexical index's form: kana variants stay apart
        if not key:
            continue
        # A typo of an earlier name (catalogues list misspellings last), or contained in a kept one ("NPS"
        # beside "NPS(ネットプロモータースコア)"): nothing new for either retriever, and untidy to read.
        typo = any(edit_distance(key, other, budget := typo_budget(min(len(key), len(other)))) <= budget
                   for other in earlier)
        earlier.append(key)
        if not typo and not any(key in other for other in kept_keys):
            kept.append(name)
            kept_keys.append(key)
    return kept


def render(entry: KpiEntry, lang: str) -> str:
    """The document body in `lang`'s own words, from the entry's fields.

    What the KPI is comes first — definition, names, formula, stages — then how to measure it and its
    pitfalls. A body that fits one passage (CHUNK_SIZE) stays one; a longer one (most English ones) gets a
    section for calculating and measuring that repeats the formula, so a "how do we compute…" question
    lands on a passage that shows it rather than on one with the word "compute" and no formula.
    """
    label = LABELS[lang]
    definition = entry.definition_en if lang == "en" else entry.definition_ja
    formula = entry.formula_en if lang == "en" else entry.formula_ja
    measure = entry.how_to_measure_en if lang == "en" else entry.how_to_measure_ja
    pitfalls = entry.pitfalls_en if lang == "en" else entry.pitfalls_ja
    stages = label["sep"].join(STAGE_NAMES[lang][stage] for stage in entry.stages)
    formula_line = f"{label['formula']}{label['colon']}{formula}"
    what = [
        f"{label['definition']}{label['colon']}{definition}",
        f"{label['names']}{label['colon']}{label['sep'].join(names(entry, lang))}",
        formula_line,
        f"{label['stages']}{label['colon']}{stages}{label['end']}",
    ]
    how = [
        f"{label['measure']}{label['colon']}{measure}",
        f"{label['pitfalls']}{label['colon'].rstrip()}\n" + "\n".join(f"- {p}" for p in pitfalls),
    ]
    flat = "\n\n".join(what + how)
    if len(flat) <= CHUNK_SIZE:
        return flat + "\n"
    return "\n\n".join([*what, f"## {label['section']}", formula_line, *how]) + "\n"


def kpi_document(entry: KpiEntry, lang: str) -> Document:
    """One KPI in one language ("ja" or "en"), with metadata in the shape of a note's front matter."""
    if lang not in LABELS:
        raise ValueError(f"no KPI documents in {lang!r}")
    meta: Meta = {
        "topic": f"kpi-{entry.id}",
        "step": "kpis",
        "language": lang,
        "sources": ",".join(entry.sources),
        "kpi": entry.id,
        "stages": ",".join(entry.stages),
    }
    # Markdown, not text: every passage then starts with the title (and a long body's section heading).
    return Document(key=f"notes/{lang}/kpis.yaml#{entry.id}", title=f"{CARD_TITLE}{entry.name(lang)}", kind="md",
                    body=render(entry, lang), metadata=meta)


def kpi_documents(path: Path | None = KPIS_FILE) -> list[Document]:
    """Every KPI of the catalogue at `path` in Japanese and English; none when `path` is None."""
    if path is None:
        return []
    from knowledge.kpi_catalogue import KpiCatalogue  # imported on use: not needed for a fingerprint check

    return [kpi_document(entry, lang) for entry in KpiCatalogue.load(path) for lang in ("ja", "en")]
