"""Edges a real workspace reaches (issue 7, points 6 and 8; issue 10, point 1): long titles within Block
Kit's limits, a block that cannot be built still answers, an edited mention, a stale button, a start whose
root cannot be posted, and a reply that arrives before its thread is linked."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from slack_sdk.models.blocks import SectionBlock

from bot.slack import cards
from bot.slack.blocks import blocks_or_text, root_message, step_messages
from bot.slack.dashboard import dashboard_view
from bot.slack.modals import file_item_modal, opportunity_modal, persona_modal
from journeys.replies import Reply, ReplyKind
from journeys.state import SessionState
from journeys.steps import Step
from tests.bot.slack.fake_slack import BOT_USER_ID
from tests.bot.slack.harness import Testbed, find_element

CHANNEL, SATO, SUZUKI = "C0CHAN001", "U0SATO001", "U0SUZUKI1"
NOW = datetime(2026, 1, 1, tzinfo=UTC)
# Slack's limits per (object, field), checked on every payload below.
PLAIN_LIMITS = {"header": 150, "button": 75, "option": 75, "option_group": 75, "confirm_title": 100,
                "confirm_text": 300, "confirm_button": 30, "placeholder": 150, "section": 3000, "context": 3000,
                "label": 2000, "view_title": 24}


def _too_long(payload: Any, where: str = "") -> list[str]:
    """Every text in a Block Kit payload that breaks one of Slack's limits, with where it is."""
    found: list[str] = []

    def text_of(value: Any) -> str:
        return str(value.get("text", "")) if isinstance(value, dict) else str(value or "")

    def check(kind: str, value: Any, path: str) -> None:
        if len(text_of(value)) > PLAIN_LIMITS[kind]:
            found.append(f"{path}: {kind} {len(text_of(value))} > {PLAIN_LIMITS[kind]}")

    def walk(value: Any, path: str) -> None:
        if isinstance(value, list):
            for i, child in enumerate(value):
                walk(child, f"{path}[{i}]")
            return
        if not isinstance(value, dict):
            return
        kind = value.get("type")
        if kind == "header":
            check("header", value.get("text"), path)
        if kind == "section" and value.get("text"):
            check("section", value.get("text"), path)
        if kind == "context":
            for element in value.get("elements") or []:
                check("context", element, path)
        if kind == "button":
            check("button", value.get("text"), path)
        if kind == "input":
            check("label", value.get("label"), path)
        if "placeholder" in value:
            check("placeholder", value["placeholder"], path)
        if "confirm" in value and isinstance(value["confirm"], dict):
            confirm = value["confirm"]
            check("confirm_title", confirm.get("title"), path)
            check("confirm_text", confirm.get("text"), path)
            check("confirm_button", confirm.get("confirm"), path)
            check("confirm_button", confirm.get("deny"), path)
        for option in value.get("options") or []:
            check("option", option.get("text"), path)
        for group in value.get("option_groups") or []:
            check("option_group", group.get("label"), path)
        if kind in ("modal", "home") and value.get("title"):
            check("view_title", value["title"], path)
        for key, child in value.items():
            walk(child, f"{path}.{key}")

    walk(payload, where)
    return found


def _huge_state(**changes: object) -> SessionState:
    long = "長" * 4000
    state = SessionState(journey_id="0123456789ab", title=long, team_id="T1", channel_id="C1", thread_ts="1.0",
                         created_by="U1", created_at=NOW, updated_at=NOW, stages=(long, "検討" * 300, "購入"))
    return state.evolve(**changes)


def test_every_block_builder_stays_within_slacks_limits_whatever_people_type() -> None:
    state = _huge_state()
    long = "x" * 9000
    payloads: list[Any] = [
        cards.delete_confirm_blocks(state, "ja"), cards.delete_confirm_blocks(state, "en"),
        cards.journey_list_blocks([state] * 60, "ja"), dashboard_view([state] * 120, "en", permalink=lambda s: "https://x.slack.com/p1").to_dict(),
        cards.text_blocks(long), root_message(state=state, summary=Reply(ReplyKind.SUMMARY, long, "ja"),
                                              name_of=lambda user: "名" * 500).kwargs()["blocks"],
        persona_modal(state=state, lang="ja", channel_id="C1").to_dict(),
        opportunity_modal(state=state, stage=state.stages[0], lang="en", channel_id="C1").to_dict(),
        file_item_modal(journeys=[state] * 5, message_text=long, lang="ja", metadata={"c": "C1"}).to_dict(),
    ]
    for step in Step:
        for stage_index in range(len(state.stages)):
            moved = state.evolve(step=step, stage_index=stage_index)
            replies = [Reply(ReplyKind.RECORDED, long, "ja"), Reply(ReplyKind.QUESTION, long, "ja", step=step)]
            for message in step_messages(state=moved, replies=replies):
                assert "blocks" in message.kwargs(), (step, stage_index)  # built, not the plain-text fallback
                payloads.append(message.kwargs()["blocks"])
    for payload in payloads:
        if isinstance(payload, list):
            payload = [b if isinstance(b, dict) else b.to_dict() for b in payload]  # slack_sdk validates here
        assert _too_long(payload) == []


def test_a_block_that_cannot_be_built_still_answers_in_plain_text() -> None:
    def broken() -> list[SectionBlock]:
        return [SectionBlock(text="x" * 4000)]  # slack_sdk refuses it when serialising

    assert blocks_or_text(broken, fallback="まとめ &amp; 次へ") == {"text": "まとめ &amp; 次へ"}


def _start(slack: Testbed, title: str) -> tuple[str, str]:
    return slack.start_session(title, user=SATO, channel=CHANNEL)


def _responses(slack: Testbed) -> list[dict[str, Any]]:
    return [c.args for c in slack.fake.calls() if c.method.startswith("/respond/")]


def test_delete_of_a_journey_with_a_long_title_asks_and_deletes(slack: Testbed) -> None:
    # 200 characters (the most a title keeps), each "&" and "<" five or four once escaped in the prompt.
    title = ("R&D & CX <部門横断> の体験 & 改善" * 10)[:200]
    encoded = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # as Slack sends it
    _, journey_id = _start(slack, encoded)
    assert slack.service.get(journey_id=journey_id).title == title  # type: ignore[union-attr]
    slack.command("/journey", "delete", user=SATO)
    slack.idle()
    [prompt] = _responses(slack)
    assert prompt["response_type"] == "ephemeral" and isinstance(prompt.get("blocks"), list)
    assert _too_long(prompt["blocks"]) == []
    confirm, block_id = find_element({"blocks": prompt["blocks"]}, "journey_delete_confirm")
    slack.click(confirm, block_id, user=SATO, message={"ts": "1.0"})
    slack.idle()
    assert slack.service.get(journey_id=journey_id) is None


def test_an_edited_mention_does_not_start_a_second_session(slack: Testbed) -> None:
    ts = slack.fake.next_ts()
    mention = {"type": "app_mention", "channel": CHANNEL, "user": SATO, "team": "T0000AAA", "ts": ts,
               "event_ts": ts, "text": f"<@{BOT_USER_ID}> start 問い合わせ体験", "client_msg_id": "c0ffee00-1"}
    slack.event(mention)
    slack.idle()
    edited_at = slack.fake.next_ts()
    slack.event({**mention, "text": f"<@{BOT_USER_ID}> start 問い合わせ体験（改）", "event_ts": edited_at,
                 "edited": {"user": SATO, "ts": edited_at}})
    slack.idle()
    assert [s.title for s in slack.service.list()] == ["問い合わせ体験"]
    assert len(slack.roots()) == 1


def test_a_stale_button_is_answered_to_the_clicker_only(slack: Testbed) -> None:
    root, journey_id = _start(slack, "旅行予約の体験")
    first = slack.last_step_message(root)
    button, block_id = find_element(first, "journey_next")
    slack.click(button, block_id, user=SATO, message={"ts": "1.0", **first})
    slack.idle()
    in_thread = len(slack.thread(root))
    slack.click(button, block_id, user=SUZUKI, message={"ts": "1.0", **first})  # the same, now stale, button
    slack.idle()
    assert len(slack.thread(root)) == in_thread  # nothing new in the thread
    [ephemeral] = slack.fake.calls("chat.postEphemeral")
    assert ephemeral.args["user"] == SUZUKI and ephemeral.args["channel"] == CHANNEL
    assert ephemeral.args["thread_ts"] == root
    state = slack.service.get(journey_id=journey_id)
    assert state is not None and state.step is Step.PERSONA  # moved once


def test_a_start_whose_root_cannot_be_posted_leaves_no_journey(slack: Testbed) -> None:
    slack.fake.fail_next("chat.postMessage", 200, error="channel_not_found")
    response = slack.command("/journey", "start 投稿できないチャンネル", user=SATO, channel="C0NOACCES")
    assert response.status_code == 200
    slack.idle()
    assert slack.service.list() == []
    [told] = _responses(slack)
    assert told["response_type"] == "ephemeral" and "ジャーニーは作成していません" in str(told["text"])
    listed = json.dumps(slack.command("/journey", "list", user=SATO, channel="C0NOACCES").json(), ensure_ascii=False)
    assert "投稿できないチャンネル" not in listed


def test_a_reply_before_the_thread_is_linked_is_not_dropped_for_good(slack: Testbed) -> None:
    """The root is posted, then linked; a reply in between finds no session. That miss must not be kept:
    once the link is stored (maybe by another process), the next reply is an answer."""
    outcome = slack.service.start(team_id="T0000AAA", channel_id=CHANNEL, title="別プロセスで開始", author=SATO,
                                  at=NOW)
    thread_ts = slack.fake.next_ts()
    early, _ = slack.message("次へ", user=SUZUKI, thread_ts=thread_ts)
    assert early.status_code == 200
    slack.service.set_thread(journey_id=outcome.state.journey_id, thread_ts=thread_ts)  # the other process links it
    slack.message("次へ", user=SUZUKI, thread_ts=thread_ts)
    slack.idle()
    state = slack.service.get(journey_id=outcome.state.journey_id)
    assert state is not None and state.step is Step.PERSONA
