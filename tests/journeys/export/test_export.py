"""Exports: the journeymap/v1 JSON shape key by key, the Markdown document, the CSV item log.

States are built by hand (not through the engine) so each rule — latest emotion wins, renamed stages,
attribution — is pinned down by a fixture that shows it. `japanese_state` / `english_state` are also
used by the picture tests.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from typing import Annotated, Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from pydantic import BaseModel, ConfigDict, Field

from journeys.export import CSV_COLUMNS, to_csv, to_journey_map, to_markdown
from journeys.state import Contribution, Item, Persona, SessionState
from journeys.steps import ItemKind, MapType, Step

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
K = ItemKind


class StateBuilder:
    """Numbers messages like the engine does ("m<n>#0") and records a contribution per item."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.count = 0

    def add(
        self,
        kind: ItemKind,
        text: str,
        stage: str | None = None,
        *,
        author: str = "U_SATO",
        at: datetime | None = None,
        **fields: Any,
    ) -> Item:
        self.count += 1
        item = Item(
            item_id=f"m{self.count}#0",
            kind=kind,
            text=text,
            message_id=f"m{self.count}",
            author=author,
            at=at or T0 + timedelta(minutes=self.count),
            stage=stage,
            **fields,
        )
        self.items.append(item)
        return item

    def state(self, *, title: str, stages: tuple[str, ...], lang: str, **changes: Any) -> SessionState:
        contributions = tuple(
            Contribution(i.message_id, i.author, i.text, Step.REVIEW, i.stage, i.at) for i in self.items
        )
        base = SessionState(
            journey_id=f"j-{lang}",
            title=title,
            team_id="T1",
            channel_id="C1",
            thread_ts="1.0",
            created_by="U_SATO",
            created_at=T0,
            updated_at=T0 + timedelta(hours=3),
            language=lang,
            step=Step.REVIEW,
            stages=stages,
            items=tuple(self.items),
            contributions=contributions,
        )
        return base.evolve(**changes)


def japanese_state() -> SessionState:
    """Five stages, three authors, every kind; 検討/購入/推奨 have two emotions, 維持 none; one orphan."""
    b = StateBuilder()
    b.add(
        K.PERSONA,
        "佐藤 美咲",
        persona=Persona(
            name="佐藤 美咲（32歳・共働き）",
            description="都内在住の会社員。買い物はスマホで済ませたい。",
            goals=("週末の食材をまとめて安く買う",),
            needs=("すぐ届く配送", "わかりやすい価格表示"),
            frustrations=("送料が最後にわかる",),
            behaviors=("通勤中にInstagramを見る",),
        ),
    )
    b.add(K.TOUCHPOINT, "Instagram広告", "認知", channel="online")
    b.add(K.TOUCHPOINT, "駅のポスター", "認知", author="U_TANAKA", channel="offline")
    b.add(K.ACTION, "通勤中に広告を見てプロフィールを開く", "認知")
    b.add(K.THOUGHT, "「このネットスーパー、近所に届くのかな？」", "認知", author="U_SUZUKI")
    b.add(K.EMOTION, "期待", "認知", score=1)
    b.add(K.PAIN_POINT, "広告から配送エリアがわからない", "認知", author="U_TANAKA")
    b.add(K.OPPORTUNITY, "広告に配送エリア検索への導線を入れる", "認知", impact=3, effort=1)
    b.add(K.KPI, "クリック率", "認知", kpi_id="ctr", target="1.5%")
    b.add(K.TOUCHPOINT, "比較サイト", "検討", channel="online")
    b.add(K.ACTION, "他社と送料・最低注文金額を比較する", "検討", author="U_TANAKA")
    b.add(K.THOUGHT, "送料込みだと結局高いかもしれない", "検討")
    b.add(K.EMOTION, "少し不安", "検討", score=0, at=T0 + timedelta(hours=1))
    b.add(K.EMOTION, "不安", "検討", author="U_TANAKA", score=-1, at=T0 + timedelta(hours=2))  # later: wins
    b.add(K.PAIN_POINT, "送料が決済直前まで表示されない", "検討", author="U_SUZUKI")
    b.add(K.OPPORTUNITY, "料金ページに送料シミュレーターを置く", "検討", impact=3, effort=2)
    b.add(K.KPI, "直帰率", "検討", kpi_id="bounce_rate")
    b.add(K.TOUCHPOINT, "スマホアプリ", "購入", channel="online")
    b.add(K.ACTION, "会員登録してカートに入れる", "購入")
    b.add(K.THOUGHT, "登録項目が多くて面倒…", "購入", author="U_SUZUKI")
    b.add(K.EMOTION, "がっかり", "購入", score=-1, at=T0 + timedelta(hours=1))
    b.add(K.EMOTION, "イライラ", "購入", author="U_SUZUKI", score=-2, at=T0 + timedelta(hours=1))  # tie: later entry
    b.add(K.PAIN_POINT, "会員登録の入力項目が多い", "購入")
    b.add(K.OPPORTUNITY, "ゲスト購入に対応する", "購入", author="U_TANAKA", impact=3, effort=3)
    b.add(K.KPI, "カゴ落ち率", "購入", kpi_id="cart_abandonment", target="60%未満")
    b.add(K.TOUCHPOINT, "配送ドライバー", "維持", channel="offline")
    b.add(K.ACTION, "届いた商品を確認する", "維持")
    b.add(K.THOUGHT, "時間通りに届いて助かった", "維持")
    b.add(K.PAIN_POINT, "配送時間の変更がアプリからできない", "維持", author="U_TANAKA")
    b.add(K.OPPORTUNITY, "配送時間をLINEから変更できるようにする", "維持", impact=2, effort=2)
    b.add(K.KPI, "リピート購入率", "維持", kpi_id="repeat_purchase_rate")
    b.add(K.EMOTION, "大満足", "推奨", score=2, at=T0 + timedelta(hours=2))  # entered first, said later: wins
    b.add(K.EMOTION, "満足", "推奨", author="U_TANAKA", score=1, at=T0 + timedelta(hours=1))
    b.add(K.TOUCHPOINT, "SNS投稿", "推奨", channel="online")
    b.add(K.OPPORTUNITY, "紹介プログラムを始める", "推奨", impact=2, effort=1)
    b.add(K.KPI, "NPS", "推奨", kpi_id="nps", target="+30")
    b.add(K.PAIN_POINT, "旧ステージのペイン", "利用")  # its stage was renamed away: unassigned
    return b.state(title="ネットスーパー初回購入ジャーニー", stages=("認知", "検討", "購入", "維持", "推奨"), lang="ja")


def english_state() -> SessionState:
    """Edge cases: a text-only persona, a stage-less item, naive and non-UTC times, CSV-hostile text."""
    b = StateBuilder()
    b.add(K.PERSONA, "Busy parent, 35", author="U_ANN")
    b.add(K.TOUCHPOINT, 'Store "flagship", Main St', "Awareness", author="U_BOB")  # channel unknown
    b.add(K.ACTION, "Reads reviews\nthen asks a friend", "Awareness", author="U_ANN")
    b.add(K.THOUGHT, '=HYPERLINK("http://evil")', "Awareness", author="U_BOB")
    b.add(
        K.EMOTION,
        "curious",
        "Awareness",
        score=1,
        at=datetime(2026, 11, 20, 18, 0, tzinfo=timezone(timedelta(hours=9))),
    )
    b.add(K.EMOTION, "meh", "Awareness", score=0, at=datetime(2026, 11, 20, 9, 30))  # naive = UTC: later
    b.add(K.PAIN_POINT, "Shipping cost shown late, 20% drop", "Consideration")
    b.add(K.OPPORTUNITY, "Show shipping early", "Consideration", impact=None, effort=2)
    b.add(K.OPPORTUNITY, "Free shipping over $50", "Consideration", impact=3, effort=None)
    b.add(K.KPI, "Time to checkout", "Decision")
    b.add(K.THOUGHT, "Filed without a stage", None)
    b.add(K.EMOTION, "???", "Decision", score=None)
    return b.state(
        title="Online checkout",
        stages=("Awareness", "Consideration", "Decision"),
        lang="en",
        map_type=MapType.FUTURE_STATE,
    )


# ---- a strict model of SPEC.md's journeymap/v1 (extra keys allowed only where SPEC allows adding) ------

Score = Annotated[int, Field(ge=-2, le=2)]
Level = Annotated[int, Field(ge=1, le=3)]
Iso = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]


class Exact(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class Open(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow", populate_by_name=True)


class TouchpointV1(Exact):
    name: str
    channel: Literal["online", "offline"]


class PainPointV1(Exact):
    text: str
    touchpoint: None
    votes: Annotated[int, Field(ge=0)]


class OpportunityV1(Exact):
    text: str
    impact: Level | None
    effort: Level | None
    votes: Annotated[int, Field(ge=0)]


class KpiV1(Exact):
    id: str | None
    name: str
    target: str | None
    custom: bool  # SPEC (issue 7): a KPI the catalogue does not know is kept with "custom": true


class PersonaV1(Exact):
    name: str
    description: str
    goals: list[str]
    needs: list[str]
    frustrations: list[str]
    behaviors: list[str]


class StageV1(Open):
    name: str
    position: int
    touchpoints: list[TouchpointV1]
    actions: list[str]
    thoughts: list[str]
    emotion: Score | None
    pain_points: list[PainPointV1]
    opportunities: list[OpportunityV1]
    kpis: list[KpiV1]


class JourneyMapV1(Open):
    schema_: Literal["journeymap/v1"] = Field(alias="schema")
    id: str
    title: str
    team_id: str
    channel_id: str
    map_type: Literal["current_state", "future_state", "day_in_the_life", "service_blueprint"]
    language: str
    personas: list[PersonaV1]
    stages: list[StageV1]
    contributors: list[str]
    created_at: Iso
    updated_at: Iso


TOP_KEYS = [
    "schema",
    "id",
    "title",
    "team_id",
    "channel_id",
    "map_type",
    "language",
    "personas",
    "stages",
    "contributors",
    "created_at",
    "updated_at",
]
STAGE_KEYS = [
    "name",
    "position",
    "touchpoints",
    "actions",
    "thoughts",
    "emotion",
    "pain_points",
    "opportunities",
    "kpis",
]


def check_journey_map(doc: dict[str, Any]) -> JourneyMapV1:
    """SPEC keys present and first, in SPEC order; types and ranges strict; JSON-serialisable."""
    assert list(doc)[: len(TOP_KEYS)] == TOP_KEYS
    for stage in doc["stages"]:
        assert list(stage)[: len(STAGE_KEYS)] == STAGE_KEYS
    assert json.loads(json.dumps(doc, ensure_ascii=False)) == doc
    return JourneyMapV1.model_validate(doc)


def item_ids_in(doc: dict[str, Any]) -> Counter[str]:
    """Where each item landed: persona, stage list, emotion history or unassigned (by attribution)."""
    assert len(doc["attribution"]["personas"]) == len(doc["personas"])
    ids = Counter(entry["item_id"] for sources in doc["attribution"]["personas"] for entry in sources)
    for stage in doc["stages"]:
        for key, entries in stage["attribution"].items():
            assert len(entries) == len(stage[key]), key
            ids.update(entry["item_id"] for entry in entries)
        ids.update(entry["item_id"] for entry in stage["emotion_history"])
    ids.update(entry["item_id"] for entry in doc["unassigned"])
    return ids


# ---- JSON ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("build", [japanese_state, english_state])
def test_journey_map_matches_spec_shape(build: Any) -> None:
    state = build()
    doc = to_journey_map(state)
    check_journey_map(doc)
    assert item_ids_in(doc) == Counter(item.item_id for item in state.items)


def test_journey_map_values_japanese() -> None:
    doc = to_journey_map(japanese_state())
    assert doc["schema"] == "journeymap/v1"
    assert (doc["id"], doc["title"], doc["team_id"], doc["channel_id"]) == (
        "j-ja",
        "ネットスーパー初回購入ジャーニー",
        "T1",
        "C1",
    )
    assert (doc["map_type"], doc["language"]) == ("current_state", "ja")
    assert doc["personas"] == [
        {
            "name": "佐藤 美咲（32歳・共働き）",
            "description": "都内在住の会社員。買い物はスマホで済ませたい。",
            "goals": ["週末の食材をまとめて安く買う"],
            "needs": ["すぐ届く配送", "わかりやすい価格表示"],
            "frustrations": ["送料が最後にわかる"],
            "behaviors": ["通勤中にInstagramを見る"],
        }
    ]
    assert [(s["name"], s["position"]) for s in doc["stages"]] == [
        ("認知", 1),
        ("検討", 2),
        ("購入", 3),
        ("維持", 4),
        ("推奨", 5),
    ]
    first = {key: doc["stages"][0][key] for key in STAGE_KEYS}
    assert first == {
        "name": "認知",
        "position": 1,
        "touchpoints": [{"name": "Instagram広告", "channel": "online"}, {"name": "駅のポスター", "channel": "offline"}],
        "actions": ["通勤中に広告を見てプロフィールを開く"],
        "thoughts": ["「このネットスーパー、近所に届くのかな？」"],
        "emotion": 1,
        "pain_points": [{"text": "広告から配送エリアがわからない", "touchpoint": None, "votes": 0}],
        "opportunities": [{"text": "広告に配送エリア検索への導線を入れる", "impact": 3, "effort": 1, "votes": 0}],
        "kpis": [{"id": "ctr", "name": "クリック率", "target": "1.5%", "custom": False}],
    }
    assert doc["stages"][3]["kpis"] == [
        {"id": "repeat_purchase_rate", "name": "リピート購入率", "target": None, "custom": False}]
    assert doc["contributors"] == ["U_SATO", "U_TANAKA", "U_SUZUKI"]
    assert (doc["created_at"], doc["updated_at"]) == ("2026-11-20T09:00:00Z", "2026-11-20T12:00:00Z")


def test_latest_emotion_wins_by_time_then_entry_order() -> None:
    stages = {s["name"]: s for s in to_journey_map(japanese_state())["stages"]}
    assert stages["検討"]["emotion"] == -1  # the later of two
    assert stages["購入"]["emotion"] == -2  # same time: the later entry
    assert stages["推奨"]["emotion"] == 2  # entered first but said later
    assert stages["維持"]["emotion"] is None  # no emotion at all
    assert [e["text"] for e in stages["推奨"]["emotion_history"]] == ["満足", "大満足"]  # oldest first


def test_emotion_ignores_unscored_items_and_compares_naive_with_aware_times() -> None:
    stages = {s["name"]: s for s in to_journey_map(english_state())["stages"]}
    assert stages["Awareness"]["emotion"] == 0  # 09:30 naive (UTC) is after 18:00+09:00 (= 09:00 UTC)
    assert stages["Decision"]["emotion"] is None  # the only emotion has no score
    assert stages["Decision"]["emotion_history"][0]["score"] is None


def test_attribution_names_each_entry_author() -> None:
    stage = to_journey_map(japanese_state())["stages"][0]
    assert [a["by"] for a in stage["attribution"]["touchpoints"]] == ["U_SATO", "U_TANAKA"]
    assert stage["attribution"]["thoughts"][0] == {"item_id": "m5#0", "by": "U_SUZUKI", "at": "2026-11-20T09:05:00Z"}


def test_items_of_unknown_or_missing_stage_are_unassigned() -> None:
    ja, en = to_journey_map(japanese_state()), to_journey_map(english_state())
    assert ja["unassigned"] == [
        {
            "kind": "pain_point",
            "stage": "利用",
            "text": "旧ステージのペイン",
            "item_id": "m37#0",
            "by": "U_SATO",
            "at": "2026-11-20T09:37:00Z",
        }
    ]
    assert [(u["kind"], u["stage"], u["text"]) for u in en["unassigned"]] == [
        ("thought", None, "Filed without a stage")
    ]


def test_english_edge_values() -> None:
    doc = to_journey_map(english_state())
    assert doc["personas"] == [
        {"name": "Busy parent, 35", "description": "", "goals": [], "needs": [], "frustrations": [], "behaviors": []}
    ]
    stage = doc["stages"][0]
    assert stage["touchpoints"] == [{"name": 'Store "flagship", Main St', "channel": "online"}]
    assert doc["stages"][1]["opportunities"] == [
        {"text": "Show shipping early", "impact": None, "effort": 2, "votes": 0},
        {"text": "Free shipping over $50", "impact": 3, "effort": None, "votes": 0},
    ]
    assert doc["stages"][2]["kpis"] == [{"id": None, "name": "Time to checkout", "target": None, "custom": True}]
    assert doc["map_type"] == "future_state"
    assert stage["emotion_history"][0]["at"] == "2026-11-20T09:00:00Z"  # +09:00 converted to UTC


def test_persona_details_given_later_merge_into_one_persona() -> None:
    b = StateBuilder()
    b.add(K.PERSONA, "Aiko", persona=Persona(name="Aiko", description="Commuter", goals=("save time",)))
    b.add(K.PERSONA, "Ben", author="U2", persona=Persona(name="Ben"))
    b.add(
        K.PERSONA,
        "aiko",
        author="U2",
        persona=Persona(name="aiko", goals=("save time", "eat well"), needs=("delivery",)),
    )
    state = b.state(title="t", stages=(), lang="en")
    doc = to_journey_map(state)
    check_journey_map(doc)
    assert [p["name"] for p in doc["personas"]] == ["Aiko", "Ben"]
    assert doc["personas"][0]["goals"] == ["save time", "eat well"]
    assert doc["personas"][0]["needs"] == ["delivery"]
    assert [[a["item_id"] for a in sources] for sources in doc["attribution"]["personas"]] == [
        ["m1#0", "m3#0"],
        ["m2#0"],
    ]
    assert [row[-1] for row in _rows(to_csv(state, excel=False))[1:]] == ["m1#0", "m3#0", "m2#0"]
    assert to_markdown(state, "en").count("### Aiko") == 1


def test_empty_state() -> None:
    doc = to_journey_map(japanese_state().evolve(stages=(), items=(), contributions=()))
    check_journey_map(doc)
    assert (doc["personas"], doc["stages"], doc["contributors"], doc["unassigned"]) == ([], [], [], [])


def test_out_of_range_values_are_clamped_to_spec() -> None:
    b = StateBuilder()
    b.add(K.EMOTION, "!!", "A", score=7)
    b.add(K.OPPORTUNITY, "x", "A", impact=9, effort=0)
    doc = to_journey_map(b.state(title="t", stages=("A",), lang="en"))
    check_journey_map(doc)
    assert doc["stages"][0]["emotion"] == 2
    assert doc["stages"][0]["opportunities"] == [{"text": "x", "impact": 3, "effort": 1, "votes": 0}]


# ---- Markdown -----------------------------------------------------------------------------------------


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_COMMONMARK = MarkdownIt("commonmark")


def _read(markdown: str) -> str:
    """What a reader sees: the document's text as a CommonMark renderer shows it (escapes undone)."""
    lines = []
    for token in _COMMONMARK.parse(markdown):
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                lines.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                lines.append(" ")
        lines.append("\n")
    return "".join(lines)


@pytest.mark.parametrize("build", [japanese_state, english_state])
def test_markdown_contains_every_item(build: Any) -> None:
    state = build()
    for lang in ("ja", "en"):
        markdown = _read(to_markdown(state, lang))
        for item in state.items:
            shown = item.persona.name if item.persona else item.text
            assert _flat(shown).casefold() in markdown.casefold(), (lang, item)
        for stage in state.stages:
            assert stage in markdown


def test_markdown_headings_follow_language() -> None:
    state = japanese_state()
    ja, en = to_markdown(state, "ja"), to_markdown(state, "en")
    assert ja.startswith("# ネットスーパー初回購入ジャーニー\n")
    for heading in (
        "## ペルソナ",
        "### 1. 認知",
        "**タッチポイント**",
        "**ペインポイント**",
        "## 感情の流れ",
        "## 改善機会の優先順位",
        "## 未分類",
    ):
        assert heading in ja
    for heading in (
        "## Persona",
        "**Touchpoints**",
        "**Pain points**",
        "## Emotional journey",
        "## Prioritised opportunities",
        "## Unassigned",
    ):
        assert heading in en
    assert "認知 +1 → 検討 -1 → 購入 -2 → 維持 — → 推奨 +2" in ja
    assert "**感情**: （なし）" in ja  # 維持 has no emotion


def test_markdown_prioritises_opportunities_by_impact_then_effort() -> None:
    markdown = to_markdown(japanese_state(), "ja")
    ranked = markdown.split("## 改善機会の優先順位")[1]
    order = [
        "広告に配送エリア検索への導線を入れる",
        "料金ページに送料シミュレーターを置く",
        "ゲスト購入に対応する",
        "紹介プログラムを始める",
        "配送時間をLINEから変更できるようにする",
    ]
    assert [ranked.index(text) for text in order] == sorted(ranked.index(text) for text in order)
    assert "1. [認知] 広告に配送エリア検索への導線を入れる (影響: 高 / 工数: 低)" in ranked
    en = to_markdown(english_state(), "en").split("## Prioritised opportunities")[1]
    assert en.index("Free shipping over $50") < en.index("Show shipping early")  # unrated impact last


def test_markdown_of_empty_state() -> None:
    markdown = to_markdown(japanese_state().evolve(stages=(), items=()), "en")
    assert "No persona yet" in markdown and "No stages yet" in markdown


# ---- CSV ----------------------------------------------------------------------------------------------


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("build", [japanese_state, english_state])
def test_csv_round_trips_every_item_once(build: Any) -> None:
    state = build()
    header, *rows = _rows(to_csv(state, excel=False))
    assert tuple(header) == CSV_COLUMNS
    assert CSV_COLUMNS[:4] == ("stage", "position", "kind", "text") and CSV_COLUMNS[-3:] == ("author", "at", "item_id")
    by_id = {row[-1]: dict(zip(header, row, strict=True)) for row in rows}
    assert len(rows) == len(state.items) == len(by_id)
    for item in state.items:
        row = by_id[item.item_id]
        text = item.persona.name if item.persona else item.text
        assert (row["kind"], row["text"], row["author"]) == (str(item.kind), text, item.author)
        assert row["stage"] == (item.stage or "")


def _by_id(text: str) -> dict[str, dict[str, str]]:
    header, *rows = _rows(text.removeprefix("\ufeff"))
    return {row[-1]: dict(zip(header, row, strict=True)) for row in rows}


def test_csv_has_impact_effort_votes_and_time_in_their_own_columns() -> None:
    rows = _by_id(to_csv(japanese_state(), excel=False))
    assert [rows["m2#0"][c] for c in ("stage", "position", "kind", "text", "channel")] == [
        "認知", "1", "touchpoint", "Instagram広告", "online"
    ]
    assert rows["m6#0"]["score"] == "1" and rows["m14#0"]["score"] == "-1"
    assert (rows["m8#0"]["impact"], rows["m8#0"]["effort"], rows["m8#0"]["votes"]) == ("3", "1", "0")
    assert (rows["m25#0"]["kpi_id"], rows["m25#0"]["target"]) == ("cart_abandonment", "60%未満")
    assert [rows["m1#0"][c] for c in ("stage", "position", "kind")] == ["", "", "persona"]
    assert "目標: 週末の食材をまとめて安く買う" in rows["m1#0"]["detail"]
    assert (rows["m37#0"]["stage"], rows["m37#0"]["position"]) == ("利用", "")  # unassigned: no position
    assert rows["m2#0"]["at"] == "2026-11-20T09:02:00Z"
    assert rows["m2#0"]["impact"] == rows["m2#0"]["votes"] == ""  # only opportunities are rated


def test_csv_for_people_speaks_the_maps_language() -> None:
    text = to_csv(japanese_state())
    assert text.startswith("\ufeffステージ,ステージ番号,種類,内容,チャネル,")
    rows = _by_id(text)
    assert (rows["m2#0"]["種類"], rows["m2#0"]["チャネル"]) == ("タッチポイント", "オンライン")
    assert (rows["m8#0"]["影響（1-3）"], rows["m8#0"]["工数（1-3）"]) == ("3", "1")  # numbers: sortable
    english = _by_id(to_csv(english_state(), names={"U_ANN": "Ann Lee"}))
    assert english["m1#0"]["Author"] == "Ann Lee" and english["m2#0"]["Author"] == "U_BOB"
    assert english["m9#0"]["Kind"] == "Opportunities"


def test_csv_for_excel_has_bom_crlf_and_defuses_formulas() -> None:
    text = to_csv(english_state())
    assert text.startswith("\ufeffStage,Stage no.,Kind,")
    assert "\r\n" in text
    rows = _by_id(text)
    assert rows["m4#0"]["Text"] == '\'=HYPERLINK("http://evil")'
    assert rows["m3#0"]["Text"] == "Reads reviews\nthen asks a friend"  # quoted newline survives
    assert rows["m2#0"]["Text"] == 'Store "flagship", Main St'
    assert rows["m5#0"]["Emotion score"] == "1"  # a number is not a formula
    assert to_csv(english_state()).encode("utf-8").startswith(b"\xef\xbb\xbf")


# ---- properties ---------------------------------------------------------------------------------------

_names = st.text(min_size=1, max_size=6)
_zones = st.one_of(st.none(), st.sampled_from([UTC, timezone(timedelta(hours=9)), timezone(timedelta(hours=-7))]))


@st.composite
def random_states(draw: st.DrawFn) -> SessionState:
    stages = tuple(draw(st.lists(_names, max_size=6)))  # duplicates allowed on purpose
    b = StateBuilder()
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.sampled_from(list(ItemKind)))
        stage = draw(st.one_of(st.none(), _names, *([st.sampled_from(stages)] if stages else [])))
        persona = draw(
            st.one_of(
                st.none(), st.builds(Persona, name=st.text(max_size=10), goals=st.lists(st.text(max_size=5)).map(tuple))
            )
        )
        b.add(
            kind,
            draw(st.text(max_size=30)),
            stage,
            author=draw(st.sampled_from(["U1", "U2", "U3"])),
            at=draw(st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 1, 1), timezones=_zones)),
            channel=draw(st.sampled_from([None, "online", "offline", "carrier pigeon"])),
            score=draw(st.one_of(st.none(), st.integers(-4, 4))),
            impact=draw(st.one_of(st.none(), st.integers(-1, 5))),
            effort=draw(st.one_of(st.none(), st.integers(0, 4))),
            kpi_id=draw(st.one_of(st.none(), _names)),
            target=draw(st.one_of(st.none(), st.text(max_size=5))),
            persona=persona if kind == K.PERSONA else None,
        )
    return b.state(title=draw(st.text(max_size=20)), stages=stages, lang=draw(st.sampled_from(["ja", "en"])))


@settings(max_examples=25, deadline=None)
@given(random_states())
def test_every_item_appears_exactly_once(state: SessionState) -> None:
    doc = to_journey_map(state)
    check_journey_map(doc)
    assert item_ids_in(doc) == Counter(item.item_id for item in state.items)
    assert len(doc["stages"]) == len(state.stages)
    rows = _rows(to_csv(state, excel=False))[1:]
    assert Counter(row[-1] for row in rows) == Counter(item.item_id for item in state.items)
    # Undo CommonMark's backslash escapes (the full parse is checked on fixed documents; it is slow here).
    markdown = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", to_markdown(state, state.language))
    assert all(_flat(i.persona.name if i.persona else i.text).casefold() in markdown.casefold() for i in state.items)
