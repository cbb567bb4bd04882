"""XLSX workbook, Markdown that user text cannot break, and import of journeymap/v1 files (round trips)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from typing import Any

import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from journeys.export import (
    MAX_IMPORT_BYTES,
    MapImportError,
    anonymous_votes,
    from_journey_map,
    read_journey_map,
    to_csv,
    to_journey_map,
    to_markdown,
    to_xlsx,
)
from journeys.parsing import derive_settings
from journeys.state import Item, SessionState, Vote
from journeys.steps import ItemKind, MapType, Step
from tests.journeys.export.test_export import T0, K, StateBuilder, english_state, japanese_state

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
HOSTILE = [
    "# 見出しではない",
    "```python",
    "<script>alert('x')</script>",
    "a | b | c",
    "- 入れ子のリストではない",
    "1. 番号付きでもない",
    "[リンク](javascript:alert(1)) ![画像](http://x/y.png)",
    "**太字** _斜体_ ~~取り消し~~ `コード`",
    "&amp; &lt;",
    "> 引用ではない",
]


def hostile_state() -> SessionState:
    b = StateBuilder()
    b.add(K.PERSONA, HOSTILE[0])
    for text in HOSTILE:
        for kind in (K.TOUCHPOINT, K.ACTION, K.PAIN_POINT, K.OPPORTUNITY):
            b.add(kind, text, "認知 | <b>", impact=1 if kind == K.OPPORTUNITY else None)
    return b.state(title="# <h1>タイトル</h1> |", stages=("認知 | <b>",), lang="ja")


# ---- Markdown ------------------------------------------------------------------------------------------


def test_markdown_user_text_never_becomes_structure() -> None:
    state = hostile_state()
    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parse(to_markdown(state, "ja"))
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {
        "html_block",
        "html_inline",
        "fence",
        "code_block",
        "link_open",
        "image",
        "table_open",
        "blockquote_open",
        "s_open",
    }
    assert sum(t.type == "ordered_list_open" for t in tokens) == 1  # the priorities, nothing a team typed
    emphasis = [
        t.children[i + 1].content for t in tokens for i, c in enumerate(t.children or []) if c.type == "em_open"
    ]
    assert emphasis == ["影響の大きい順、同じなら工数の小さい順"]  # only the document's own
    strong = [
        t.children[i + 1].content for t in tokens for i, c in enumerate(t.children or []) if c.type == "strong_open"
    ]
    assert set(strong) <= {"タッチポイント", "行動", "思考", "感情", "ペインポイント", "改善機会", "KPI", "目標"}
    headings = [
        "".join(c.content for c in tokens[i + 1].children or [])
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]
    assert headings[0] == "# <h1>タイトル</h1> |"  # the title, shown literally, is the only h1
    assert sum(t.type == "heading_open" and t.tag == "h1" for t in tokens) == 1
    text = "".join(c.content for t in tokens for c in t.children or [] if c.type in ("text", "code_inline"))
    assert all(hostile in text for hostile in HOSTILE[1:])
    list_depths = {t.level for t in tokens if t.type == "bullet_list_open"}
    assert list_depths == {0}  # "- …" inside an item is not a nested list


def test_markdown_and_json_show_votes_one_per_person() -> None:
    state = japanese_state()
    pain, opportunity = state.items[6], state.items[7]  # m7: a pain point, m8: an opportunity
    voters = [("U1", pain), ("U2", pain), ("U3", pain), ("U4", pain), ("U1", opportunity), ("U2", opportunity)]
    voted = state.evolve(votes=tuple(Vote(item.item_id, voter, T0) for voter, item in voters))
    markdown = to_markdown(voted, "ja")
    assert "広告から配送エリアがわからない — 4票" in markdown
    assert "広告に配送エリア検索への導線を入れる (影響: 高 / 工数: 低) — 2票" in markdown
    assert to_journey_map(voted)["stages"][0]["opportunities"][0]["votes"] == 2


# ---- XLSX ----------------------------------------------------------------------------------------------


def test_xlsx_grid_has_stages_as_columns_and_lanes_as_rows() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(japanese_state())))
    assert book.sheetnames == [
        "マップ",
        "ペルソナ",
        "タッチポイント",
        "行動",
        "思考",
        "感情",
        "ペインポイント",
        "改善機会",
        "KPI",
        "未分類",
    ]
    grid = book["マップ"]
    assert grid["A1"].value == "ネットスーパー初回購入ジャーニー"
    assert [c.value for c in grid[2]] == ["ステージ", "1. 認知", "2. 検討", "3. 購入", "4. 維持", "5. 推奨"]
    assert [grid.cell(row=r, column=1).value for r in range(3, 10)] == [
        "タッチポイント",
        "行動",
        "思考",
        "感情",
        "ペインポイント",
        "改善機会",
        "KPI",
    ]
    assert grid["B3"].value == "• Instagram広告 (オンライン)\n• 駅のポスター (オフライン)"
    assert grid["D6"].value.startswith("-2 とても不満\n")  # 購入's latest emotion, then every answer
    assert grid["B8"].value == "• 広告に配送エリア検索への導線を入れる (影響 高 · 工数 低)"


def test_an_xlsx_cell_too_long_for_excel_says_what_was_cut_and_keeps_the_stages_other_items() -> None:
    """Excel keeps 32,767 characters of a cell: a stage's long actions were cut there without a mark, and the
    stage's other action with them."""
    from journeys.export.xlsx import CELL_LIMIT

    state = japanese_state()
    stage = state.stages[0]
    long_items = [Item(item_id=f"long{n}#0", kind=ItemKind.ACTION, text=f"{n}" + "あ" * 3_999, message_id=f"long{n}",
                       author="U_SATO", at=T0, stage=stage) for n in range(10)]
    state = state.evolve(items=(*state.items, *long_items))
    grid = load_workbook(io.BytesIO(to_xlsx(state))).worksheets[0]
    cell = grid["B4"].value
    assert len(cell) <= CELL_LIMIT and cell.endswith("]") and "…[+" in cell
    actions = load_workbook(io.BytesIO(to_xlsx(state))).worksheets[3]
    assert sum(1 for row in actions.iter_rows(values_only=True) if any(str(v).startswith("9あ") for v in row if v))


def test_xlsx_lane_sheets_have_typed_sortable_columns() -> None:
    book = load_workbook(io.BytesIO(to_xlsx(japanese_state(), names={"U_TANAKA": "田中 花子"})))
    sheet = book["改善機会"]
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[:10] == (
        "ステージ",
        "ステージ番号",
        "種類",
        "内容",
        "チャネル",
        "関連タッチポイント",
        "感情スコア",
        "影響（1-3）",
        "工数（1-3）",
        "票数",
    )
    assert "記入者" in header and "日時（UTC）" in header
    column = {name: header.index(name) for name in header}
    assert [(r[column["影響（1-3）"]], r[column["工数（1-3）"]], r[column["票数"]]) for r in rows] == [
        (3, 1, 0),
        (3, 2, 0),
        (3, 3, 0),
        (2, 2, 0),
        (2, 1, 0),
    ]
    assert rows[2][column["記入者"]] == "田中 花子"
    assert rows[0][column["日時（UTC）"]] == datetime(2026, 11, 20, 9, 8)
    assert len(list(book["未分類"].iter_rows())) == 2  # header and the renamed stage's pain point


def test_xlsx_never_runs_user_text_as_a_formula() -> None:
    data = to_xlsx(english_state())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert not any("<f>" in sheet for sheet in sheets)
    thoughts = load_workbook(io.BytesIO(data))["Thoughts"]
    assert thoughts["D2"].value == '=HYPERLINK("http://evil")' and thoughts["D2"].data_type == "s"


# ---- import --------------------------------------------------------------------------------------------


def without_ids(value: Any) -> Any:
    """The map minus what differs between a journey and its copy: ids and timestamps."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k not in ("id", "item_id", "created_at", "updated_at")}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def imported(state: SessionState) -> SessionState:
    raw = json.dumps(to_journey_map(state), ensure_ascii=False).encode()
    return from_journey_map(
        read_journey_map(raw),
        journey_id="copy1",
        team_id=state.team_id,
        channel_id=state.channel_id,
        author="U_IMPORT",
        at=NOW,
    )


@pytest.mark.parametrize("build", [japanese_state, english_state, hostile_state])
def test_export_import_export_gives_the_same_map(build: Any) -> None:
    state = build()
    copy = imported(state)
    assert copy.journey_id == "copy1"
    assert without_ids(to_journey_map(copy)) == without_ids(to_journey_map(state))
    assert to_markdown(copy, "ja") == to_markdown(state, "ja").replace(
        *[line for line in to_markdown(state, "ja").splitlines() if "作成" in line][:1],
        *[line for line in to_markdown(copy, "ja").splitlines() if "作成" in line][:1],
    )
    strip = lambda text: sorted(row.rsplit(",", 1)[0] for row in text.splitlines())  # noqa: E731  ids dropped
    assert strip(to_csv(copy, excel=False)) == strip(to_csv(state, excel=False))  # same rows, author and time
    if build is not hostile_state:  # stage names with "/", ">", "," cannot be said as a stages answer
        settled = derive_settings(copy)  # what the engine derives when the session goes on
        assert (settled.title, settled.map_type, settled.stages) == (copy.title, copy.map_type, copy.stages)


def test_import_keeps_the_map_type_and_reads_a_hand_written_map() -> None:
    state = japanese_state().evolve(map_type=MapType.SERVICE_BLUEPRINT)
    assert derive_settings(imported(state)).map_type == MapType.SERVICE_BLUEPRINT
    hand = {
        "schema": "journeymap/v1",
        "title": "手書き",
        "language": "en",
        "stages": [
            {
                "name": "Visit",
                "emotion": -1,
                "actions": ["walks in"],
                "pain_points": [{"text": "queue"}],
                "opportunities": [{"text": "booking", "impact": 3, "effort": 1}],
            }
        ],
    }
    copy = from_journey_map(
        read_journey_map(json.dumps(hand).encode()), journey_id="j", team_id="T", channel_id="C", author="me", at=NOW
    )
    assert [(i.kind, i.text, i.author) for i in copy.items] == [
        (ItemKind.ACTION, "walks in", "me"),
        (ItemKind.EMOTION, "unhappy", "me"),
        (ItemKind.PAIN_POINT, "queue", "me"),
        (ItemKind.OPPORTUNITY, "booking", "me"),
    ]
    assert copy.items[1].score == -1 and (copy.items[3].impact, copy.items[3].effort) == (3, 1)


@pytest.mark.parametrize(
    ("change", "reason", "where"),
    [
        # (each was dropped, merged or taken as it stood without a word: the map came back without what its author gave)
        (lambda m: m["stages"][0]["opportunities"][0].update(effort=9), "out_of_range",
         "stages[1].opportunities[1].effort"),
        (lambda m: m["stages"][0].update(emotion=-9), "out_of_range", "stages[1].emotion"),
        (lambda m: m.update(unassigned=[{"kind": "pain_points", "text": "x"}]), "not_one_of", "unassigned[1].kind"),
        (lambda m: m.update(map_type="weird"), "not_one_of", "map_type"),
        (lambda m: m.update(language="fr"), "not_one_of", "language"),
        (lambda m: m["stages"].append({"name": " visit ", "emotion": 2}), "same_stage", None),
    ],
)
def test_a_map_whose_values_the_format_does_not_define_is_refused_naming_them(
    change: Any, reason: str, where: str | None
) -> None:
    hand: dict[str, Any] = {"schema": "journeymap/v1", "title": "hand", "language": "en", "stages": [
        {"name": "Visit", "emotion": -1, "opportunities": [{"text": "booking", "impact": 3, "effort": 1}]}]}
    change(hand)
    with pytest.raises(MapImportError) as refused:
        read_journey_map(json.dumps(hand).encode())
    assert refused.value.reason == reason and refused.value.params.get("where") == where


def test_vote_counts_of_a_map_that_names_no_voter_are_kept_as_anonymous_votes() -> None:
    """A map with counts only (older exports, other tools) used to lose its votes ("cannot store them yet")."""
    from tests.journeys.picture.samples import blueprint_map

    data = blueprint_map()
    counts = [e.get("votes") or 0 for s in data["stages"] for k in ("pain_points", "opportunities") for e in s[k]]
    copy = from_journey_map(read_journey_map(json.dumps(data).encode()), journey_id="j", team_id="T", channel_id="C",
                            author="me", at=NOW)
    assert anonymous_votes(copy) == len(copy.votes) == sum(counts) > 0
    again = to_journey_map(copy)
    assert [e["votes"] for s in again["stages"] for k in ("pain_points", "opportunities") for e in s[k]] == counts
    assert anonymous_votes(imported(japanese_state())) == 0


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "not_json"),
        (b"\xff\xfe\x00garbage", "not_utf8"),
        (b'{"schema": "journeymap/v1", ', "not_json"),
        (b"[1, 2]", "not_a_map"),
        (b'{"schema": "journeymap/v2"}', "wrong_schema"),
        (b'{"title": "no schema"}', "wrong_schema"),
        (b'{"schema": "journeymap/v1", "stages": {"a": 1}}', "bad_shape"),
        (b'{"schema": "journeymap/v1", "stages": [{"name": ""}]}', "bad_stage"),
        (b'{"schema": "journeymap/v1", "stages": [{"name": "A", "actions": "x"}]}', "bad_shape"),
        (b'{"schema": "journeymap/v1", "title": 5}', "bad_text"),
        (b"[" * 100_000 + b"]" * 100_000, "deep"),  # valid JSON: "not valid JSON (near line ?)" was wrong
        (b" " * (MAX_IMPORT_BYTES + 1), "too_big"),
        # what a session would not take (a 4-million-character action kept the picture export busy for 10 minutes)
        (b'{"schema": "journeymap/v1", "stages": [{"name": "A", "actions": ["' + b"x" * 4001 + b'"]}]}', "too_long"),
        (b'{"schema": "journeymap/v1", "stages": [{"name": "' + b"S" * 41 + b'"}]}', "too_long"),
        (b'{"schema": "journeymap/v1", "stages": [' + b",".join(b'{"name": "S%d"}' % n for n in range(13)) + b"]}",
         "too_many"),
        (b'{"schema": "journeymap/v1", "stages": []}', "no_stages"),  # resuming it crashed at the next question
        (b'{"schema": "journeymap/v1", "title": "T"}', "no_stages"),
        (b'{"schema": "journeymap/v1", "stages": [{"name": "A", "touchpoints": [{"name": "x", '
         b'"channel": "carrier pigeon"}]}]}', "not_one_of"),  # it was imported as online
        (b'{"schema": "journeymap/v1", "stages": [{"name": "A", "pain_points": [{"text": "x", "votes": -5}]}]}',
         "out_of_range"),
    ],
)
def test_bad_files_are_refused_with_a_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(MapImportError) as caught:
        read_journey_map(raw)
    assert caught.value.reason == reason


def test_a_blueprint_session_exports_and_imports_its_lanes() -> None:
    from tests.journeys.factories import blueprint_session

    state = blueprint_session().state.evolve(step=Step.REVIEW, stage_index=0)  # where an import lands
    data = to_journey_map(state)
    first, second = data["stages"]
    assert first["frontstage"] == ["店員が在庫を確認", "売場へ案内", "POPで新商品を案内"]
    assert (first["backstage"], first["support"], first["owner"]) == (["倉庫システムで引当"], ["在庫管理システム"],
                                                                      "店舗運営チーム")
    assert (second["backstage"], second["owner"]) == (["決済の照合"], "店舗運営部")  # the latest owner
    copy = imported(state)
    assert without_ids(to_journey_map(copy)) == without_ids(data)
    assert anonymous_votes(copy) == 0
    markdown, csv = to_markdown(state, "ja"), to_csv(state, excel=False)
    assert all(text in markdown and text in csv for text in ("倉庫システムで引当", "在庫管理システム", "店舗運営部"))
    assert "**担当**" in markdown
    sheet = load_workbook(io.BytesIO(to_xlsx(state))).worksheets[0]
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "決済の照合" in cells and "店舗運営部" in cells
    # Other map types keep their keys as they are: no lanes, and lane items of a former blueprint are unassigned.
    plain = to_journey_map(state.evolve(map_type=MapType.CURRENT_STATE))
    assert "frontstage" not in plain["stages"][0] and "owner" not in plain["stages"][0]
    assert {r["kind"] for r in plain["unassigned"]} == {"frontstage", "backstage", "support", "owner"}
    assert "frontstage" not in to_journey_map(japanese_state())["stages"][0]
