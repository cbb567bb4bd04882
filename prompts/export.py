"""Fixed words of the exported documents and the map picture, in Japanese and English.

Exports are read by people outside the Slack thread (printed, pasted into decks), so headings and lane
names follow the reader's language; user text is never translated. Anything that is not `"en"` gets
Japanese, the project's default language.
"""

from __future__ import annotations

from collections.abc import Mapping

from prompts import render_from

EXPORT_LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "persona": "ペルソナ",
        "no_persona": "ペルソナ未設定",
        "stages": "ステージ",
        "no_stages": "ステージがまだありません",
        "touchpoints": "タッチポイント",
        "actions": "行動",
        "thoughts": "思考",
        "emotion": "感情",
        "pain_points": "ペインポイント",
        "opportunities": "改善機会",
        "kpis": "KPI",
        "goals": "目標",
        "needs": "ニーズ",
        "frustrations": "不満",
        "behaviors": "行動特性",
        "none": "（なし）",
        "no_emotion": "未記入",
        "earlier": "以前の回答",
        "emotion_curve": "感情の流れ",
        "priorities": "改善機会の優先順位",
        "priority_rule": "影響の大きい順、同じなら工数の小さい順",
        "unassigned": "未分類（現在のステージにない項目）",
        "spread_legend": "縦線: メンバーの最新の評価の幅（2以上の差）",
        "map_type": "マップの種類",
        "scope": "範囲",
        "contributors": "参加者",
        "created": "作成",
        "updated": "更新",
        "impact": "影響",
        "effort": "工数",
        "target": "目標値",
        "more": "ほか{n}件",
        "legend_online": "オンライン",
        "legend_offline": "オフライン",
        "generated": "Journey Bot で作成",
        "reviews": "見直し",
        "frontstage": "フロントステージ",
        "backstage": "バックステージ",
        "support": "支援プロセス",
        "owner": "担当",
        "line_interaction": "インタラクションの線",
        "line_visibility": "可視境界線",
        "line_internal": "内部インタラクションの線",
        "continued": "（続き）",
        "page": "{n}/{total}",
        "map_sheet": "マップ",
        "unassigned_sheet": "未分類",
        "unassigned_column": "未分類",
        "from_stage": "ステージ: {stage}",
        "matrix_title": "影響×工数マトリクス",
        "matrix_hint": "上ほど影響が大きく、左ほど工数が小さい。番号は改善機会の優先順位",
        "matrix_unrated": "影響・工数が未評価の改善機会",
        "matrix_empty": "改善機会がまだありません",
        "quick_wins": "クイックウィン",
        "major_projects": "大型プロジェクト",
        "fill_ins": "余力で対応",
        "thankless": "見送り候補",
    },
    "en": {
        "persona": "Persona",
        "no_persona": "No persona yet",
        "stages": "Stages",
        "no_stages": "No stages yet",
        "touchpoints": "Touchpoints",
        "actions": "Actions",
        "thoughts": "Thoughts",
        "emotion": "Emotion",
        "pain_points": "Pain points",
        "opportunities": "Opportunities",
        "kpis": "KPIs",
        "goals": "Goals",
        "needs": "Needs",
        "frustrations": "Frustrations",
        "behaviors": "Behaviors",
        "none": "(none)",
        "no_emotion": "not rated",
        "earlier": "earlier answers",
        "emotion_curve": "Emotional journey",
        "priorities": "Prioritised opportunities",
        "priority_rule": "highest impact first, then lowest effort",
        "unassigned": "Unassigned (items whose stage is no longer on the map)",
        "spread_legend": "Bar: range of people's latest scores (2+ apart)",
        "map_type": "Map type",
        "scope": "Scope",
        "contributors": "Contributors",
        "created": "Created",
        "updated": "Updated",
        "impact": "impact",
        "effort": "effort",
        "target": "target",
        "more": "+{n} more",
        "legend_online": "online",
        "legend_offline": "offline",
        "generated": "Made with Journey Bot",
        "reviews": "Reviews",
        "reviews_one": "Review",
        "frontstage": "Frontstage actions",
        "backstage": "Backstage actions",
        "support": "Support processes",
        "owner": "Owner",
        "line_interaction": "line of interaction",
        "line_visibility": "line of visibility",
        "line_internal": "line of internal interaction",
        "continued": "(cont.)",
        "page": "{n}/{total}",
        "map_sheet": "Map",
        "unassigned_sheet": "Unassigned",
        "unassigned_column": "Unassigned",
        "from_stage": "stage: {stage}",
        "matrix_title": "Impact / effort matrix",
        "matrix_hint": "Higher means more impact, further left means less effort. Numbers are the priority order",
        "matrix_unrated": "Opportunities without an impact and effort rating",
        "matrix_empty": "No opportunities yet",
        "quick_wins": "Quick wins",
        "major_projects": "Major projects",
        "fill_ins": "Fill-ins",
        "thankless": "Thankless tasks",
    },
}

EMOTION_WORDS: dict[str, dict[int, str]] = {
    "ja": {-2: "とても不満", -1: "不満", 0: "ふつう", 1: "満足", 2: "とても満足"},
    "en": {-2: "very unhappy", -1: "unhappy", 0: "neutral", 1: "happy", 2: "very happy"},
}

LEVEL_WORDS: dict[str, dict[int, str]] = {
    "ja": {1: "低", 2: "中", 3: "高"},
    "en": {1: "low", 2: "medium", 3: "high"},
}

CHANNEL_WORDS: dict[str, dict[str, str]] = {
    "ja": {"online": "オンライン", "offline": "オフライン"},
    "en": {"online": "online", "offline": "offline"},
}

MAP_TYPE_WORDS: dict[str, dict[str, str]] = {
    "ja": {
        "current_state": "現状（As-Is）",
        "future_state": "理想（To-Be）",
        "day_in_the_life": "デイ・イン・ザ・ライフ",
        "service_blueprint": "サービスブループリント",
    },
    "en": {
        "current_state": "Current state",
        "future_state": "Future state",
        "day_in_the_life": "Day in the life",
        "service_blueprint": "Service blueprint",
    },
}


COLUMN_LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "stage": "ステージ",
        "position": "ステージ番号",
        "kind": "種類",
        "text": "内容",
        "channel": "チャネル",
        "touchpoint": "関連タッチポイント",
        "score": "感情スコア",
        "impact": "影響（1-3）",
        "effort": "工数（1-3）",
        "votes": "票数",
        "kpi_id": "KPIカタログID",
        "target": "目標値",
        "detail": "詳細",
        "author": "記入者",
        "at": "日時（UTC）",
        "item_id": "項目ID",
    },
    "en": {
        "stage": "Stage",
        "position": "Stage no.",
        "kind": "Kind",
        "text": "Text",
        "channel": "Channel",
        "touchpoint": "Linked touchpoint",
        "score": "Emotion score",
        "impact": "Impact (1-3)",
        "effort": "Effort (1-3)",
        "votes": "Votes",
        "kpi_id": "KPI catalogue id",
        "target": "Target",
        "detail": "Detail",
        "author": "Author",
        "at": "Time (UTC)",
        "item_id": "Item id",
    },
}


def column_labels(lang: str | None) -> Mapping[str, str]:
    """Column headers of the CSV and the XLSX lane sheets."""
    return COLUMN_LABELS[export_lang(lang)]


# Counts in the exports and the import's messages: English has a form for exactly one ("1 vote", "1 person"),
# Japanese one form (its counter word).
COUNT_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "ja": {
        "votes": ("{n}票", "{n}票"),  # on an item
        "votes_cast": ("投票 {n}", "投票 {n}"),  # in a count of what a map holds
        "people": ("{n}名", "{n}名"),
        "stages": ("ステージ {n}", "ステージ {n}"),
        "items": ("項目 {n}", "項目 {n}"),
        "reviews": ("見直し {n}", "見直し {n}"),
    },
    "en": {
        "votes": ("{n} vote", "{n} votes"),
        "votes_cast": ("{n} vote", "{n} votes"),
        "people": ("{n} person", "{n} people"),
        "stages": ("{n} stage", "{n} stages"),
        "items": ("{n} item", "{n} items"),
        "reviews": ("{n} review", "{n} reviews"),
    },
}


def counted(noun: str, n: int, lang: str | None) -> str:
    """`n` of `noun` (a key of `COUNT_WORDS`) as the reader says it: "1 vote", "2 votes", "3票"."""
    one, many = COUNT_WORDS[export_lang(lang)][noun]
    return (one if n == 1 else many).format(n=n)


def counts(lang: str | None, **numbers: int) -> str:
    """Several counts in one phrase, in the given order: "3 stages, 1 item" / "ステージ 3、項目 1"."""
    return listed(lang, [counted(noun, n, lang) for noun, n in numbers.items()])


def listed(lang: str | None, parts: list[str]) -> str:
    """Parts of one phrase: "a, b" / "a、b"."""
    return ("、" if export_lang(lang) == "ja" else ", ").join(parts)


def votes_label(votes: int, lang: str | None) -> str:
    """"3票" / "3 votes" ("1 vote"): how many team members voted for an item."""
    return counted("votes", votes, lang)


def label_for(key: str, n: int, lang: str | None) -> str:
    """The label `key` for `n` things: English "Review" for one, "Reviews" for several (`{key}_one`)."""
    labels = export_labels(lang)
    return labels.get(f"{key}_one", labels[key]) if n == 1 else labels[key]


def export_lang(lang: str | None) -> str:
    """The label language for `lang`: English only when asked for, Japanese otherwise."""
    return "en" if lang == "en" else "ja"


def export_labels(lang: str | None) -> Mapping[str, str]:
    return EXPORT_LABELS[export_lang(lang)]


# What an import records as the messages of the people a map names (each must read back as its command:
# journeys.parsing), and the name of a vote a map counted without saying whose it was.
IMPORTED_MESSAGES: dict[str, dict[str, str]] = {
    "ja": {"vote": "投票 {numbers}", "review": "見直し {date}", "next": "次へ", "anonymous": "匿名の投票者{n}"},
    "en": {"vote": "vote {numbers}", "review": "review {date}", "next": "next", "anonymous": "anonymous voter {n}"},
}


# Messages of `journeybot import` / `export` (and of any adapter that restores or writes a map file).
TEXTS: dict[str, dict[str, str]] = {
    "import.too_big": {
        "ja": "ファイルが大きすぎます（上限 {limit} MB）。journeymap/v1 の JSON を指定してください。",
        "en": "The file is too large (limit {limit} MB). Give a journeymap/v1 JSON file.",
    },
    "import.not_utf8": {
        "ja": "ファイルが UTF-8 のテキストではありません（{at} バイト目）。JSON で書き出したファイルを指定してください。",
        "en": "The file is not UTF-8 text (byte {at}). Give a file written by `journeybot export --format json`.",
    },
    "import.not_json": {
        "ja": "JSON として読めません（{line} 行目付近）。",
        "en": "The file is not valid JSON (near line {line}).",
    },
    "import.not_a_map": {
        "ja": "JSON ですが、ジャーニーマップ（オブジェクト）ではありません。",
        "en": "The JSON is not a journey map (an object was expected).",
    },
    "import.wrong_schema": {
        "ja": "対応していない形式です（schema: {found}）。{expected} のファイルを指定してください。",
        "en": "Unsupported format (schema: {found}). Give a {expected} file.",
    },
    "import.bad_stage": {
        "ja": "{n} 番目のステージに名前がありません。",
        "en": "Stage {n} has no name.",
    },
    "import.bad_shape": {
        "ja": "{where} の形が journeymap/v1 と違います（リスト [ … ] のはずです）。",
        "en": "{where} does not have the journeymap/v1 shape (a list [ … ] was expected).",
    },
    "import.bad_object": {
        "ja": "{where} の形が journeymap/v1 と違います（オブジェクト {{ … }} のはずです）。",
        "en": "{where} does not have the journeymap/v1 shape (an object {{ … }} was expected).",
    },
    "import.bad_entry": {
        "ja": "{where} の形が journeymap/v1 と違います（文字列かオブジェクト {{ … }} のはずです）。",
        "en": "{where} does not have the journeymap/v1 shape (a string or an object {{ … }} was expected).",
    },
    "import.bad_text": {
        "ja": "{where} の値が journeymap/v1 と違います（文字列 \"…\" のはずです）。",
        "en": "{where} does not have the journeymap/v1 shape (a string \"…\" was expected).",
    },
    "import.bad_number": {
        "ja": "{where} の値が journeymap/v1 と違います（整数のはずです）。",
        "en": "{where} does not have the journeymap/v1 shape (a whole number was expected).",
    },
    "import.bad_flag": {
        "ja": "{where} の値が journeymap/v1 と違います（true か false のはずです）。",
        "en": "{where} does not have the journeymap/v1 shape (true or false was expected).",
    },
    "import.bad_date": {
        "ja": "{where} が日付として読めません（2027-03-01 の形で書いてください）。",
        "en": "{where} is not a date (write it as 2027-03-01).",
    },
    "import.out_of_range": {
        "ja": "{where} の値 {value} は範囲外です（{low}〜{high} の整数か null）。",
        "en": "{where} is {value}, outside its scale (a whole number from {low} to {high}, or null).",
    },
    "import.not_one_of": {
        "ja": "{where} の値「{value}」は journeymap/v1 にありません（使えるのは {allowed}）。",
        "en": "{where} is \"{value}\", which journeymap/v1 does not define (one of: {allowed}).",
    },
    "import.same_stage": {
        "ja": "ステージ「{name}」が2つあります（{first} 番目と {n} 番目）。名前を変えるか1つにまとめてください。",
        "en": "Two stages are named \"{name}\" (stages {first} and {n}): rename one or merge them.",
    },
    "import.missing": {
        "ja": "{where} がありません。",
        "en": "{where} is missing.",
    },
    "import.too_large": {
        "ja": "{where} の値が大きすぎます（上限 {limit}）。",
        "en": "{where} is too large (at most {limit}).",
    },
    "import.too_long": {
        "ja": "{where} が長すぎます（{length} 文字、上限 {limit} 文字）。",
        "en": "{where} is too long ({length} characters, at most {limit}).",
    },
    "import.too_many": {
        "ja": "{where} の数が多すぎます（{count} 個、上限 {limit} 個）。",
        "en": "{where} has too many entries ({count}, at most {limit}).",
    },
    "import.no_stages": {
        "ja": "ステージが1つもありません。stages に少なくとも1つのステージを書いてください。",
        "en": "The map has no stages: give at least one in `stages`.",
    },
    "import.deep": {
        "ja": "JSON の入れ子が深すぎて読めません。journeymap/v1 の JSON を指定してください。",
        "en": "The JSON is nested too deeply to read. Give a journeymap/v1 JSON file.",
    },
    "import.huge_number": {
        "ja": "桁数が多すぎて読めない数があります。journeymap/v1 の JSON を指定してください。",
        "en": "The file holds a number too long to read. Give a journeymap/v1 JSON file.",
    },
    "import.unreadable": {
        "ja": "ファイルを読めません: {path}",
        "en": "Cannot read the file: {path}",
    },
    "import.done": {
        "ja": "インポートしました: {title} → 新しいジャーニー {journey_id}（{counts}）",
        "en": "Imported: {title} → new journey {journey_id} ({counts})",
    },
    "import.same_title": {
        "ja": "同じタイトルのジャーニーがあります: {ids}。取り込んだのは {journey_id} です"
              "（区別するには `journeybot rename {journey_id} \"新しいタイトル\"`）。",
        "en": "Journeys {ids} have the same title; the one just imported is {journey_id} "
              "(to tell them apart: `journeybot rename {journey_id} \"New title\"`).",
    },
    "import.same_title.one": {
        "ja": "同じタイトルのジャーニーがあります: {ids}。取り込んだのは {journey_id} です"
              "（区別するには `journeybot rename {journey_id} \"新しいタイトル\"`）。",
        "en": "Journey {ids} has the same title; the one just imported is {journey_id} "
              "(to tell them apart: `journeybot rename {journey_id} \"New title\"`).",
    },
    "import.original": {
        "ja": "{journey_id}（元のマップ）",
        "en": "{journey_id} (the original)",
    },
    "import.anonymous_votes": {
        "ja": "注意: 投票 {n} 件はファイルに投票者が書かれていないため、匿名の票として取り込みました。",
        "en": "Note: the file names no voter for {n} votes; they were imported as anonymous votes.",
    },
    "import.anonymous_votes.one": {
        "ja": "注意: 投票 {n} 件はファイルに投票者が書かれていないため、匿名の票として取り込みました。",
        "en": "Note: the file names no voter for {n} vote; it was imported as an anonymous vote.",
    },
    "export.view_needs_picture": {
        "ja": "--view matrix は png・svg・pdf でのみ使えます。",
        "en": "--view matrix works with --format png, svg or pdf only.",
    },
    "export.pages_need_files": {
        "ja": "{pages} ページあります。--output ファイル名 を指定するか、--format pdf を使ってください。",
        "en": "The picture has {pages} pages: give --output FILE (pages are numbered) or use --format pdf.",
    },
}


def message(key: str, lang: str, /, **values: object) -> str:
    """The text `key` of `TEXTS` in `lang`; for exactly one (`n` = 1) its `key.one` form when it has one
    ("1 vote; it was imported…")."""
    if values.get("n") == 1 and f"{key}.one" in TEXTS:
        key = f"{key}.one"
    return render_from(TEXTS, key, lang, **values)
