"""What a source id stands for, in words a reader recognises: a KPI card listed `seed-003`, which tells a team
nothing. The seed articles are described, not quoted; `general-practice` marks what the team behind the
notes wrote from common practice."""

from __future__ import annotations

__all__ = ["source_title"]

_TITLES: dict[str, tuple[str, str]] = {  # id → (ja, en)
    "seed-000": ("解説記事: カスタマージャーニーの認知段階Q&A", "Article: Q&A on the awareness stage"),
    "seed-001": ("解説記事: カスタマージャーニーのデジタル化", "Article: digitising the customer journey"),
    "seed-002": ("用語集: CRMマーケティングのカスタマージャーニー", "Glossary: the customer journey in CRM marketing"),
    "seed-003": ("ガイド: 顧客接点を理解しマッピングする", "Guide: understanding and mapping customer interactions"),
    "seed-004": ("解説記事: ジャーニー改善で売上を伸ばす", "Article: improving the journey to grow sales"),
    "general-practice": ("一般的な実務知見", "General practice"),
}


def source_title(source_id: str, lang: str) -> str:
    """The reader-facing name of a source (the id itself for one not listed, so nothing is hidden)."""
    titles = _TITLES.get(source_id)
    return source_id if titles is None else titles[1 if lang == "en" else 0]
