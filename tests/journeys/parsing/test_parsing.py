"""Table-driven tests of the answer parsers."""

from __future__ import annotations

import pytest

from journeys.events import Move
from journeys.parsing.fields import (
    control_word,
    match_stage,
    parse_emotion,
    parse_kpi,
    parse_map_type,
    parse_priority,
    parse_staged,
    parse_stages,
    parse_touchpoint,
    split_items,
)
from journeys.parsing.personas import parse_personas
from journeys.parsing.sentences import split_entries
from journeys.steps import MapType

JA = ("認知", "検討", "購入", "維持", "推奨")
EN = ("Awareness", "Consideration", "Purchase", "Retention", "Advocacy")


@pytest.mark.parametrize(
    ("text", "move"),
    [
        ("next", Move.NEXT),
        ("  Next ", Move.NEXT),
        ("次へ", Move.NEXT),
        ("ＮＥＸＴ", Move.NEXT),
        ("次へ!", Move.NEXT),
        ("back", Move.BACK),
        ("戻る", Move.BACK),
        ("skip", Move.SKIP),
        ("スキップ", Move.SKIP),
        ("undo", Move.UNDO),
        ("取り消し", Move.UNDO),
        ("summary", Move.SUMMARY),
        ("まとめ", Move.SUMMARY),
        ("help", Move.HELP),
        ("ヘルプ", Move.HELP),
        ("next step please", None),
        ("次へ進む前に確認", None),
        ("", None),
        ("店舗", None),
    ],
)
def test_control_words(text: str, move: Move | None) -> None:
    assert control_word(text) == move


@pytest.mark.parametrize(
    ("line", "items"),
    [
        ("Instagram広告、店舗、コールセンター", ["Instagram広告", "店舗", "コールセンター"]),
        ("Google search, Instagram ads; TV", ["Google search", "Instagram ads", "TV"]),
        ("ＬＩＮＥ，メルマガ；チラシ", ["ＬＩＮＥ", "メルマガ", "チラシ"]),
        ("アプリで予約 (影響:高, 工数:低)、チャット", ["アプリで予約 (影響:高, 工数:低)", "チャット"]),
        ("「高い、でも良い」と思う、迷う", ["「高い、でも良い」と思う", "迷う"]),
        (" , 、 ;", []),
    ],
)
def test_split_items_respects_brackets(line: str, items: list[str]) -> None:
    assert split_items(line) == items


def test_stage_prefixes_per_line_and_item() -> None:
    text = "認知: Instagram広告, Google検索\n- 店頭POP\nPurchase: checkout\n3: レジ\n【維持】メルマガ"
    assert parse_staged(text, stages=JA, default_stage="検討") == [
        ("認知", "Instagram広告"),
        ("認知", "Google検索"),
        ("検討", "店頭POP"),
        ("購入", "checkout"),
        ("購入", "レジ"),
        ("維持", "メルマガ"),
    ]


def test_stage_prefix_alone_on_a_line_carries_to_following_lines() -> None:
    assert parse_staged("購入:\n- カート\n- 決済", stages=JA, default_stage="認知") == [
        ("購入", "カート"),
        ("購入", "決済"),
    ]


def test_colon_that_is_not_a_stage_stays_in_the_item() -> None:
    assert parse_staged("Note: 価格が不明", stages=JA, default_stage="認知") == [("認知", "Note: 価格が不明")]


@pytest.mark.parametrize(
    ("token", "stage"),
    [("認知", "認知"), ("awareness", "認知"), ("1", "認知"), ("５", "推奨"), ("6", None), ("Loyalty", None)],
)
def test_match_stage_names_translations_and_numbers(token: str, stage: str | None) -> None:
    assert match_stage(token, JA) == stage


def test_match_stage_english_session_accepts_japanese_names() -> None:
    assert match_stage("購入", EN) == "Purchase"


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("2", 2),
        ("+1", 1),
        ("-2", -2),
        ("−1", -1),
        ("0", 0),
        ("3", None),
        ("-5", None),
        ("99999", None),
        ("とても良い", 2),
        ("良い", 1),
        ("普通", 0),
        ("不安", -1),
        ("とても悪い", -2),
        ("最悪", -2),
        ("very positive", 2),
        ("happy", 1),
        ("neutral", 0),
        ("frustrated", -1),
        ("terrible", -2),
        ("😍", 2),
        ("🙂", 1),
        ("😐", 0),
        ("😞", -1),
        ("😡", -2),
        ("banana", None),
        ("", None),
    ],
)
def test_emotion_scores(text: str, score: int | None) -> None:
    assert parse_emotion(text) == score


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("アプリで予約 (影響:高, 工数:低)", ("アプリで予約", 3, 1)),
        ("チャット導入（影響：中、工数：高）", ("チャット導入", 2, 3)),
        ("Faster checkout (impact: H, effort: M)", ("Faster checkout", 3, 2)),
        ("One-click reorder (impact=3, effort=1)", ("One-click reorder", 3, 1)),
        ("FAQ page (effort: low)", ("FAQ page", None, 1)),
        ("Free shipping (for members)", ("Free shipping (for members)", None, None)),
        ("plain idea", ("plain idea", None, None)),
    ],
)
def test_priority(text: str, expected: tuple[str, int | None, int | None]) -> None:
    assert parse_priority(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Instagram広告", ("Instagram広告", "online")),
        ("店舗", ("店舗", "offline")),
        ("コールセンター", ("コールセンター", "offline")),
        ("LINE (offline)", ("LINE", "offline")),
        ("ポップアップ(オンライン)", ("ポップアップ", "online")),
        ("in-store demo", ("in-store demo", "offline")),
        ("the store", ("the store", "offline")),
        ("Google search", ("Google search", "online")),
    ],
)
def test_touchpoint_channel(text: str, expected: tuple[str, str]) -> None:
    assert parse_touchpoint(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NPS (目標: +30)", ("NPS", "+30")),
        ("CVR ≥ 3%", ("CVR", "≥ 3%")),
        ("一次解決率 目標80%", ("一次解決率", "80%")),
        ("一次解決率目標80%", ("一次解決率", "80%")),
        ("NPS target +20", ("NPS", "+20")),
        ("CVR (目標: 3%)", ("CVR", "3%")),
        ("目標達成率", ("目標達成率", None)),
        ("retarget rate", ("retarget rate", None)),
        ("churn target: 2%", ("churn", "2%")),
        ("CTR", ("CTR", None)),
        ("解約率", ("解約率", None)),
    ],
)
def test_kpi_target(text: str, expected: tuple[str, str | None]) -> None:
    assert parse_kpi(text) == expected


@pytest.mark.parametrize(
    ("text", "lang", "stages"),
    [
        ("1", "ja", JA),
        ("2", "en", ("Awareness", "Consideration", "Decision")),
        ("3段階", "ja", ("認知", "検討", "決定")),
        ("認知、比較、申込、利用", "ja", ("認知", "比較", "申込", "利用")),
        ("Discover → Try → Buy", "en", ("Discover", "Try", "Buy")),
        ("- 来店\n- 試着\n- 購入\n- 来店", "ja", ("来店", "試着", "購入")),
        ("① 認知 → ② お試し申込 → ③ 初回到着・使用", "ja", ("認知", "お試し申込", "初回到着・使用")),
        ("1. Discover, 2. Trial, 3. Buy", "en", ("Discover", "Trial", "Buy")),
        ("ひとつだけ", "ja", None),
        ("Books a demo, compares us with two competitors because the pricing is unclear", "en", None),
        ("", "ja", None),
    ],
)
def test_stages(text: str, lang: str, stages: tuple[str, ...] | None) -> None:
    assert parse_stages(text, lang=lang) == stages


@pytest.mark.parametrize(
    ("text", "map_type"),
    [
        ("1", MapType.CURRENT_STATE),
        ("future state", MapType.FUTURE_STATE),
        ("理想", MapType.FUTURE_STATE),
        ("サービスブループリント", MapType.SERVICE_BLUEPRINT),
        ("day in the life", MapType.DAY_IN_THE_LIFE),
        ("banana", None),
    ],
)
def test_map_type(text: str, map_type: MapType | None) -> None:
    assert parse_map_type(text) == map_type


def test_persona_labelled_japanese() -> None:
    [persona] = parse_personas(
        "名前: 田中さゆり\n説明: 30代の会社員\n目標: 時短、節約\nニーズ: 比較のしやすさ\n"
        "不満: 送料が高い\n行動: スマホで夜に買い物"
    )
    assert persona.name == "田中さゆり"
    assert persona.description == "30代の会社員"
    assert persona.goals == ("時短", "節約")
    assert persona.needs == ("比較のしやすさ",)
    assert persona.frustrations == ("送料が高い",)
    assert persona.behaviors == ("スマホで夜に買い物",)


def test_several_personas_and_english_labels() -> None:
    personas = parse_personas("Name: Sam\nGoals: save time; compare quickly\n---\nName: Alex\nNeeds: trust\nName: Kim")
    assert [p.name for p in personas] == ["Sam", "Alex", "Kim"]
    assert personas[0].goals == ("save time", "compare quickly")


def test_free_text_persona() -> None:
    [persona] = parse_personas("30代の共働き夫婦、週末にまとめ買い")
    assert persona.name == "30代の共働き夫婦"
    assert persona.description == "週末にまとめ買い"  # the name is not repeated in the description


INTERVIEW = ("最初はネットで調べて、良さそうなところを3つくらいに絞りました。電話の対応が丁寧だったところに、"
             "週末に夫と一緒に見学に行きました。担当の方が、こちらの予算や通勤時間、子どもの学校のことまで聞いてくれて、"
             "安心できました。ただ、書類の準備が大変で、平日に役所に行く必要があり、仕事を休みました。")


def test_a_pasted_paragraph_gives_one_item_per_sentence() -> None:
    """Issue 7 pt 12: a pasted interview paragraph gave dozens of fragments split at 、."""
    items = [text for _, text in parse_staged(INTERVIEW, stages=JA, default_stage="認知")]
    assert len(items) == 4
    assert items[0] == "最初はネットで調べて、良さそうなところを3つくらいに絞りました。"


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("まずは公式サイトを見ます。次に比較サイトで比べます。",
         ["まずは公式サイトを見ます。", "次に比較サイトで比べます。"]),
        ("Compares plans. Signs up for the trial!", ["Compares plans.", "Signs up for the trial!"]),
        ("価格が高いけど、サポートが手厚いので我慢している", ["価格が高いけど、サポートが手厚いので我慢している"]),
        ("比較サイトで価格を調べ、口コミを読んでから店舗に行く",
         ["比較サイトで価格を調べ、口コミを読んでから店舗に行く"]),
        ("送料が高い、配送日が選べない", ["送料が高い", "配送日が選べない"]),
        ("e.g. Instagram ads, TV", ["e.g. Instagram ads", "TV"]),
        ("ワンクリック購入 (影響:高, 工数:低)、チャット", ["ワンクリック購入 (影響:高, 工数:低)", "チャット"]),
    ],
)
def test_sentences_and_lists(text: str, items: list[str]) -> None:
    assert [t for _, t in parse_staged(text, stages=JA, default_stage="認知")] == items


def test_a_preamble_is_not_a_persona_name() -> None:
    """Issue 7 pt 12: `2人目もいいですか?共働きの…` named the persona after the question."""
    [persona] = parse_personas("2人目もいいですか?共働きの30代夫婦、子ども2人、週末にまとめ買い")
    assert persona.name == "共働きの30代夫婦"
    [persona] = parse_personas("Can I add another one? Retired teacher Ken, 67, shops in store")
    assert persona.name == "Retired teacher Ken"
    [persona] = parse_personas("もう一人追加します!\n名前: 鈴木 健\n説明: 60代")
    assert (persona.name, persona.description) == ("鈴木 健", "60代")


@pytest.mark.parametrize(
    ("text", "channel"),
    [("来店して契約", "offline"), ("司法書士との面談", "offline"), ("Zoom面談", "online"), ("来店予約サイト", "online"),
     ("email newsletter", "online"), ("advisor meeting", "offline"), ("appointment at the branch", "offline"),
     ("面談 (オンライン)", "online"), ("予約サイト (オフライン)", "offline"), ("受け取りカウンター", "offline"),
     ("アプリで受け取り予約", "online")],
)
def test_touchpoint_channel_words(text: str, channel: str) -> None:
    assert parse_touchpoint(text)[1] == channel


@pytest.mark.parametrize(
    "text",
    [
        # one sentence whose first clause ends in a form that goes on (it became two votable pain points)
        "電話でしか予約できず、営業時間外に予約できない",
        "送料が高く、配送も遅い",
        "画面がわかりにくく、迷う",
        "説明が足りないため、問い合わせが増える",
    ],
)
def test_a_clause_that_goes_on_after_a_comma_is_one_item(text: str) -> None:
    assert split_entries(text) == [text]


def test_short_entries_joined_by_commas_are_still_a_list() -> None:
    assert split_entries("入会金が高い、解約が面倒") == ["入会金が高い", "解約が面倒"]
