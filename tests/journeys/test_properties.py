"""Property tests: the parsers and the engine never crash, lose or duplicate an item."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys.events import Answer, Control, Delete, Edit, FileItem, Move
from journeys.flow import Context, advance
from journeys.parsing.commands import read_command
from journeys.parsing.fields import (
    control_word,
    parse_emotion,
    parse_kpi,
    parse_map_type,
    parse_priority,
    parse_staged,
    parse_stages,
    parse_touchpoint,
)
from journeys.parsing.personas import parse_personas
from journeys.parsing.sentences import FILLER_WORDS, JOINER_WORDS, SENTENCE_ENDS
from journeys.state import SessionState
from journeys.steps import PER_STAGE_STEPS, STEP_ORDER, ItemKind, Step

from .factories import T0, FakeKpis, new_state

STAGES = ("認知", "検討", "購入", "維持", "推奨")
anything = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list("認知検討購入、,;；:：\n-・()（）【】「」 😞🙂x1２-")), max_size=200),
    st.just(""),
    st.just("あ" * 100_000),
)


@given(anything)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_parsers_are_total(text: str) -> None:
    parse_staged(text, stages=STAGES, default_stage="認知")
    parse_staged(text, stages=STAGES, default_stage="認知", commas=False)
    parse_emotion(text)
    parse_priority(text)
    parse_touchpoint(text)
    parse_kpi(text)
    parse_map_type(text)
    parse_stages(text, lang="ja")
    parse_personas(text)


def _list_entry(text: str) -> bool:
    """A short entry of a list (SPEC: `、 , ;` split between short entries): not a sentence (no terminator),
    not a clause going on into the next (a Japanese conjunctive ending, an English filler or joiner)."""
    words = text.casefold().split()
    return (text.strip() == text and not text[0].isdigit() and not ("①" <= text[0] <= "⑳")
            and not any(ch in SENTENCE_ENDS + "…" for ch in text) and not ("ぁ" <= text[-1] <= "ん")
            and words[0] not in FILLER_WORDS and not f"{words[0]} ".startswith(JOINER_WORDS))


# Items that contain no separators, brackets, colons or bullets: every one must come back exactly once.
plain_item = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Zs"),
                           blacklist_characters="、,，;；:：()（）[]［］【】「」『』〔〕{}-*•・●○◦▪▫■□◆◇>“”"),
    min_size=1, max_size=12,
).filter(_list_entry)
separator = st.sampled_from(["、", ",", "，", ";", "；", "\n", "\n- ", "\n・", " 、 "])


@given(st.lists(plain_item, min_size=1, max_size=12), st.data())
def test_splitting_never_loses_or_duplicates_items(items: list[str], data: st.DataObject) -> None:
    text = items[0]
    for item in items[1:]:
        text += data.draw(separator) + item
    parsed = parse_staged(text, stages=STAGES, default_stage="検討")
    assert [t for _, t in parsed] == items
    assert {stage for stage, _ in parsed} == {"検討"}


words = st.sampled_from(
    ["next", "次へ", "back", "戻る", "skip", "スキップ", "undo", "取り消し", "まとめ", "help", "2", "3",
     "認知: 店舗、アプリ", "Purchase: 😞", "不安", "送料が高い (影響:高, 工数:低)", "名前: 田中\n目標: 時短",
     "NPS、CTR ≥ 2%", "", "   ", "来店、試着、購入", "タイトル: 新しい名前", "\u200b", "🙂" * 3,
     "改善機会へ", "go to emotions", "感情へ", "一覧", "list", "削除 1", "delete 2", "修正 1: 店舗", "edit 2: 😞",
     "現状(As-Is)でお願いします。範囲は来店から契約まで。", "まずは公式サイトを見ます。次に店舗で相談します。"]
)
message = st.one_of(words, st.text(max_size=80))


@st.composite
def events(draw: st.DrawFn) -> list[object]:
    result: list[object] = []
    ids: list[str] = []
    for n in range(draw(st.integers(1, 40))):
        at = T0 + timedelta(seconds=n)
        author = draw(st.sampled_from(["U1", "U2", "U3"]))
        choice = draw(st.integers(0, 9))
        if choice <= 5 or not ids:
            mid = f"m{n}"
            ids.append(mid)
            result.append(Answer(draw(message), author, mid, at))
        elif choice == 6:
            result.append(Edit(draw(st.sampled_from(ids)), draw(message), author, at))
        elif choice == 7:
            result.append(Delete(draw(st.sampled_from(ids)), author, at))
        elif choice == 8:
            result.append(Control(draw(st.sampled_from(list(Move))), author, at))
        else:
            result.append(FileItem(draw(st.sampled_from(["pain_point", "touchpoint", "bogus"])),
                                   draw(st.sampled_from(["購入", "Retention", "nowhere"])), draw(message),
                                   author, f"f{n}", at))
    return result


def check_invariants(state: SessionState) -> None:
    item_ids = [item.item_id for item in state.items]
    assert len(item_ids) == len(set(item_ids)), "an item is stored twice"
    message_ids = [c.message_id for c in state.contributions]
    assert len(message_ids) == len(set(message_ids)), "a message is stored twice"
    assert {item.message_id for item in state.items} <= set(message_ids), "an item without its message"
    assert state.step in STEP_ORDER
    if state.step in PER_STAGE_STEPS:
        assert 0 <= state.stage_index < len(state.stages)
    for item in state.items:
        if item.kind is ItemKind.EMOTION:
            assert item.score is not None and -2 <= item.score <= 2
        if item.kind is not ItemKind.PERSONA:
            assert item.stage is not None


@given(events())
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_engine_is_total_and_keeps_its_invariants(script: list[object]) -> None:
    state = new_state()
    ctx = Context(kpis=FakeKpis())
    for event in script:
        outcome = advance(state, event, ctx)  # type: ignore[arg-type]
        if not outcome.changed:
            assert outcome.state == state, "an unchanged outcome must not alter the state"
        state = outcome.state
        check_invariants(state)
        if isinstance(event, Answer):
            again = advance(state, event, ctx)
            assert again.state == state and not again.changed, "a repeated message must be a no-op"


# An item stands for something only with a letter, kana, kanji or digit in it (`👍` alone is a reaction); a message
# that is a command word alone (`remove`, `edit`: a half-typed command gets its form back) is no item.
named_item = plain_item.filter(lambda text: any(ch.isalnum() for ch in text) and read_command(text) is None
                               and control_word(text) is None)


@given(st.lists(named_item, min_size=1, max_size=8), st.sampled_from(sorted(PER_STAGE_STEPS - {Step.EMOTIONS})))
def test_every_answered_item_is_stored_once(items: list[str], step: Step) -> None:
    state = new_state().evolve(step=step, stage_index=1)
    outcome = advance(state, Answer("\n".join(items), "U9", "mid", T0), Context())
    stored = [item for item in outcome.state.items if item.message_id == "mid"]
    assert len(stored) == len(items)
    assert all(item.stage == "検討" and item.author == "U9" for item in stored)
