"""Texts of KPI look-ups (`journeybot kpi`, `/kpi`). Keys are `area.name`; every key has "ja" and "en".

Render with `prompts.render_from(TEXTS, key, lang, …)`. The user's term is passed in verbatim: adapters
that show it with markup (Slack mrkdwn, Rich) escape it.
"""

from __future__ import annotations

__all__ = ["TEXTS"]

TEXTS: dict[str, dict[str, str]] = {
    "miss": {
        "ja": "「{term}」は私の知っているKPIではありません。",
        "en": '"{term}" is not a KPI I know.',
    },
    # A miss the catalogue knows as a metric it does not hold (knowledge.kpi_unheld): said instead of "miss".
    "unheld": {
        "ja": "「{term}」は{metric}のことのようです。この指標は私のKPIカタログにはありません。",
        "en": '"{term}" sounds like {metric}, a metric my KPI catalogue does not cover.',
    },
    "did_you_mean": {"ja": "もしかして:{names}", "en": "Did you mean: {names}?"},
    # after "unheld": the nearest cards, offered as related metrics rather than as what was meant
    "related": {"ja": "カタログにある近い指標:{names}", "en": "Nearby metrics I do cover: {names}."},
    "known": {
        "ja": "知っているKPIの例:{names}。`journeybot kpi NPS` のように聞いてください。",
        "en": "KPIs I know include: {names} (try `journeybot kpi NPS`).",
    },
    "label.definition": {"ja": "定義", "en": "Definition"},
    "label.formula": {"ja": "計算式", "en": "Formula"},
    "label.stages": {"ja": "ステージ", "en": "Stages"},
    "label.how_to_measure": {"ja": "測り方", "en": "How to measure"},
    "label.pitfalls": {"ja": "注意点", "en": "Pitfalls"},
    "label.aliases": {"ja": "別名", "en": "Also called"},
    "label.sources": {"ja": "出典", "en": "Sources"},
    "stage.awareness": {"ja": "認知", "en": "Awareness"},
    "stage.consideration": {"ja": "検討", "en": "Consideration"},
    "stage.purchase": {"ja": "購入", "en": "Purchase"},
    "stage.retention": {"ja": "維持", "en": "Retention"},
    "stage.advocacy": {"ja": "推奨", "en": "Advocacy"},
    "separator": {"ja": "、", "en": ", "},
}
