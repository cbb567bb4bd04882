"""Block Kit within Slack's limits, whatever the engine or the users say."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.slack import limits
from bot.slack.blocks import root_message, step_messages
from bot.slack.modals import file_item_modal, opportunity_modal, persona_modal
from journeys.replies import Reply, ReplyKind, Source
from journeys.state import SessionState
from journeys.steps import Step
from prompts.slack import EMOTION_LABELS, LEVEL_LABELS, TEXTS

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _state(**changes: object) -> SessionState:
    state = SessionState(journey_id="j1", title="T" * 500, team_id="T1", channel_id="C1", thread_ts="1.0",
                         created_by="U1", created_at=NOW, updated_at=NOW, stages=("認知", "検討"))
    return state.evolve(**changes)


def _texts(blocks: list[dict[str, object]]) -> list[str]:
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if value.get("type") in ("mrkdwn", "plain_text"):
                found.append(str(value["text"]))
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(blocks)
    return found


def test_split_and_truncate() -> None:
    assert limits.truncate("abcdef", 4) == "abc…"
    assert limits.truncate("abc", 4) == "abc"
    pieces = limits.split_text("line\n" * 2000, 3000)
    assert all(len(p) <= 3000 for p in pieces) and "".join(pieces).count("line") == 2000
    assert all(len(p) <= 10 for p in limits.split_text("x" * 95, 10))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_huge_outcome_is_split_into_messages_of_at_most_50_blocks(lang: str) -> None:
    replies = [Reply(ReplyKind.RECORDED, "あ" * 2999 + "<!channel>", lang) for _ in range(60)]
    replies.append(Reply(ReplyKind.QUESTION, "next?", lang, step=Step.EMOTIONS, stage="認知"))
    tips = [Reply(ReplyKind.TIPS, "tip " * 2000, lang, sources=(Source("n" * 4000, "r"),))]
    messages = step_messages(state=_state(step=Step.EMOTIONS), replies=replies, tips=tips)
    assert len(messages) >= 2
    for message in messages:
        blocks = message.kwargs()["blocks"]
        assert len(blocks) <= limits.MAX_BLOCKS
        assert all(len(t) <= limits.SECTION_TEXT for t in _texts(blocks))
        assert message.metadata is not None and message.metadata["event_payload"]["step"] == "emotions"
        assert "<!channel>" not in str(blocks) and len(message.text) <= limits.MESSAGE_TEXT
    last = messages[-1].kwargs()["blocks"]
    assert [b["type"] for b in last[-2:]] == ["actions", "actions"]  # emotion select, then the move buttons


def test_root_message_truncates_a_huge_summary_and_title() -> None:
    summary = Reply(ReplyKind.SUMMARY, "・項目\n" * 40000, "ja")
    message = root_message(state=_state(), summary=summary, name_of=str)
    blocks = message.kwargs()["blocks"]
    assert len(blocks) <= limits.MAX_BLOCKS
    assert blocks[0]["text"]["text"].endswith("…") and len(blocks[0]["text"]["text"]) <= limits.HEADER_TEXT
    assert any(t.endswith("…") for t in _texts(blocks))


def test_labels_fit_slack() -> None:
    for key, texts in TEXTS.items():
        for text in texts.values():
            if key.startswith(("button_", "persona_", "impact", "effort", "kind_", "file_target", "file_kind")):
                assert len(text) <= limits.BUTTON_TEXT, key
            if key.endswith("_title") and key != "delete_confirm_title":
                assert len(text) <= limits.MODAL_TITLE, key
    for table in (EMOTION_LABELS, LEVEL_LABELS):
        assert all(len(label) <= limits.OPTION_TEXT for labels in table.values() for label in labels.values())


def test_modals_build_and_validate_with_slack_sdk() -> None:
    state = _state(step=Step.PERSONA, title="長いタイトル" * 30)
    for view in (persona_modal(state=state, lang="ja", channel_id="C1"),
                 opportunity_modal(state=state, stage="認知", lang="en", channel_id="C1"),
                 file_item_modal(journeys=[state] * 80, message_text="x" * 5000, lang="ja", metadata={"c": "C1"})):
        body = view.to_dict()  # slack_sdk validates lengths here
        assert len(body["title"]["text"]) <= limits.MODAL_TITLE
        assert len(body.get("private_metadata", "")) <= 3000
