"""Texts of KPI look-ups (`journeybot kpi`, `/kpi`). Keys are `area.name`; every key has "ja" and "en".

Render with `prompts.render_from(TEXTS, key, lang, …)`. The user's term is passed in verbatim: adapters
that show it with markup (Slack mrkdwn, Rich) escape it.
"""

from __future__ import annotations

__all__ = ["FIGURE_REFUSALS", "TEXTS", "miss_keys"]

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
    # A question asking for a figure no card holds (knowledge.KpiCatalogue.refusal): said instead of "miss".
    "figure.benchmark": {
        "ja": "「{term}」は業界や他社の水準(ベンチマーク)を聞いているようです。KPIカードには指標の定義と計算方法は"
              "ありますが、業界平均などの数値はありません。",
        "en": '"{term}" asks for the level other companies reach (a benchmark). My KPI cards say what a metric is '
              "and how to compute it; they hold no industry figures.",
    },
    "figure.own_data": {
        "ja": "「{term}」はチームの実際の数値を聞いているようです。私は皆さんのデータを見られません。KPIカードでは"
              "指標の定義と計算方法を説明できます。",
        "en": '"{term}" asks for your team\'s own figure, which I cannot see. My KPI cards say what a metric is and '
              "how to compute it.",
    },
    # A question no single card answers (knowledge.KpiCatalogue.miss_reason): keeping KPIs in general, or how to move
    # a metric. The knowledge base answers both; {ask} is how this surface asks it (`journeybot ask`, `/journey ask`).
    "practice": {
        "ja": "「{term}」はKPIの持ち方(いくつ持つか・担当・見直し・目標・ダッシュボード)についての質問のようです。"
              "KPIカードは1つの指標の定義と計算方法なので、ナレッジベースに質問してください(`{ask}`)。",
        "en": '"{term}" is about keeping KPIs in general (how many, who owns them, reviews, targets, dashboards). A '
              "KPI card explains one metric; ask the knowledge base instead (`{ask}`).",
    },
    "advice": {
        "ja": "「{term}」は指標を良くする方法を聞いているようです。打ち手はナレッジベースに質問してください(`{ask}`)。",
        "en": '"{term}" asks how to move a metric; for ways to do it, ask the knowledge base (`{ask}`).',
    },
    # A message that mentions a metric but asks nothing of it: a figure reported, a chore handed over.
    "mention": {
        "ja": "「{term}」は指標に触れていますが、指標について何かを聞いているわけではないようです。定義や計算方法を"
              "知りたいときは「NPSって何?」「解約率の計算方法は?」のように聞いてください。",
        "en": '"{term}" mentions a metric but asks nothing about it. For a card, ask what it is or how it is '
              'computed (e.g. "what is NPS?", "how do we compute churn?").',
    },
    # after "figure.*", "advice" and "mention": the cards for the metric the question is about
    "figure_cards": {"ja": "指標そのものの説明はこちら:{names}", "en": "For the metric itself, see: {names}."},
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

# Refusals (knowledge.KpiCatalogue.refusal) whose reply says that no card holds the figure asked for.
FIGURE_REFUSALS = ("benchmark", "own_data")


def miss_keys(unheld: object | None, reason: str | None) -> tuple[str, str]:
    """The prompt keys of a miss reply and of its line of nearest cards ("" for none): a figure no card holds or a
    question no card answers (`reason`, see knowledge.KpiCatalogue.miss_reason), a metric the catalogue knows it
    lacks (`unheld`), or "not a KPI I know"."""
    if reason in FIGURE_REFUSALS:
        return f"figure.{reason}", "figure_cards"
    if reason == "practice":
        return "practice", ""  # no card is near a question about KPIs in general
    if reason in ("advice", "mention"):
        return reason, "figure_cards"
    if unheld is not None:
        return "unheld", "related"
    return "miss", "did_you_mean"
