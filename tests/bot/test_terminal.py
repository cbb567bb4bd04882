"""Scripted terminal sessions against a real SQLite database, checked through the journey map export."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from bot.cli import app
from bot.terminal import TerminalSession
from journeys.export import to_journey_map
from journeys.service import JourneyService
from journeys.storage import JourneyRepository, create_db_engine
from knowledge.kpi_catalogue import KpiCatalogue

SESSIONS = Path(__file__).parent / "sessions"


class Clock:
    """One second per message, so the order of contributions is the order of the script."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def run_script(tmp_path: Path, name: str, *, title: str, author: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'journeys.db'}")
    service = JourneyService(repository=JourneyRepository(engine), kpis=KpiCatalogue.default())
    out = io.StringIO()
    session = TerminalSession(service, author=author, jsonl=True, out=out, tips=False, clock=Clock())
    assert session.open(title=title, journey_id=None)
    lines = (SESSIONS / name).read_text(encoding="utf-8").splitlines()
    session.run(lines)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == len(lines) + 1  # the opening state, then exactly one line per message
    assert session.state is not None
    stored = service.get(journey_id=session.state.journey_id)
    assert stored is not None
    return records, to_journey_map(stored)


def every_text(doc: dict[str, Any]) -> Counter[str]:
    texts: Counter[str] = Counter()
    for stage in doc["stages"]:
        texts.update(t["name"] for t in stage["touchpoints"])
        texts.update(stage["actions"])
        texts.update(stage["thoughts"])
        texts.update(p["text"] for p in stage["pain_points"])
        texts.update(o["text"] for o in stage["opportunities"])
        texts.update(k["name"] for k in stage["kpis"])
    return texts


def test_japanese_session_exports_every_item_once_in_place(tmp_path: Path) -> None:
    records, doc = run_script(tmp_path, "ja_session.txt", title="ECサイトの購入体験", author="田中")
    assert records[-1]["step"] == "review"
    assert doc["map_type"] == "future_state" and doc["language"] == "ja"
    [persona] = doc["personas"]
    assert persona["name"] == "田中さゆり" and persona["goals"] == ["時短", "節約"]
    assert persona["frustrations"] == ["比較が面倒"]
    stages = {stage["name"]: stage for stage in doc["stages"]}
    assert list(stages) == ["認知", "検討", "購入", "維持", "推奨"]
    assert stages["認知"]["touchpoints"] == [{"name": "Instagram広告", "channel": "online"},
                                           {"name": "Google検索", "channel": "online"}]
    assert stages["検討"]["touchpoints"] == [{"name": "比較サイト", "channel": "online"},
                                           {"name": "店舗", "channel": "offline"},
                                           {"name": "LINE公式アカウント", "channel": "online"}]
    assert [t["name"] for t in stages["購入"]["touchpoints"]] == ["ECサイト", "アプリ"]
    assert stages["認知"]["actions"] == ["比較サイトでレビューを読む"]
    assert stages["検討"]["actions"] == ["店頭で実物を確かめる"]
    assert stages["認知"]["thoughts"] == ["本当に自分に合うかな?"]
    assert {name: stage["emotion"] for name, stage in stages.items()} == {
        "認知": 1, "検討": -1, "購入": -1, "維持": 1, "推奨": None}
    assert [p["text"] for p in stages["購入"]["pain_points"]] == ["送料が高い", "配送日が選べない"]
    assert [p["text"] for p in stages["検討"]["pain_points"]] == ["在庫がわからない"]
    assert stages["購入"]["opportunities"] == [{"text": "ワンクリック購入", "impact": 3, "effort": 1, "votes": 0}]
    assert stages["検討"]["opportunities"] == [{"text": "在庫表示の改善", "impact": 2, "effort": 2, "votes": 0}]
    assert [(k["id"], k["name"], k["target"]) for k in stages["購入"]["kpis"]] == [
        ("conversion_rate", "CVR", "3%"), ("cart_abandonment_rate", "カゴ落ち率", None)]
    assert [k["id"] for k in stages["認知"]["kpis"]] == ["ctr", "website_visits"]
    assert [k["id"] for k in stages["維持"]["kpis"]] == ["churn_rate"]
    assert all(count == 1 for count in every_text(doc).values()), every_text(doc)
    assert doc["contributors"] == ["田中", "佐藤", "鈴木"]
    # Attribution: who said what.
    by = {entry["item_id"]: entry["by"] for stage in doc["stages"] for entries in stage["attribution"].values()
          for entry in entries}
    purchase = stages["購入"]
    assert {by[e["item_id"]] for e in purchase["attribution"]["pain_points"]} == {"鈴木"}
    assert {by[e["item_id"]] for e in purchase["attribution"]["touchpoints"]} == {"佐藤"}
    assert {by[e["item_id"]] for e in stages["認知"]["attribution"]["touchpoints"]} == {"田中"}


def test_english_session_with_custom_stages(tmp_path: Path) -> None:
    records, doc = run_script(tmp_path, "en_session.txt", title="Grocery", author="Sam")
    assert records[0]["replies"][0].startswith("Step 1/11")
    assert doc["title"] == "Online grocery first order" and doc["language"] == "en"
    stages = {stage["name"]: stage for stage in doc["stages"]}
    assert list(stages) == ["Awareness", "Consideration", "First order", "Repeat"]
    assert [t["name"] for t in stages["Awareness"]["touchpoints"]] == ["Instagram ads", "podcast sponsorship"]
    assert [t["name"] for t in stages["Consideration"]["touchpoints"]] == [
        "app store page", "friend referral", "website", "mobile app"]
    assert [(t["name"], t["channel"]) for t in stages["First order"]["touchpoints"]] == [
        ("checkout page", "online"), ("delivery driver", "offline")]
    assert {name: stage["emotion"] for name, stage in stages.items()} == {
        "Awareness": 1, "Consideration": -1, "First order": -1, "Repeat": 1}
    assert stages["First order"]["opportunities"] == [
        {"text": "reserve a slot at checkout", "impact": 3, "effort": 2, "votes": 0}]
    assert [k["id"] for k in stages["First order"]["kpis"]] == ["conversion_rate", "cart_abandonment_rate"]
    assert [k["id"] for k in stages["Repeat"]["kpis"]] == ["churn_rate"]
    assert all(count == 1 for count in every_text(doc).values())
    assert doc["contributors"] == ["Sam", "Alex"]
    assert doc["personas"][0]["goals"] == ["save time", "fewer trips"]


def _journeybot(tmp_path: Path, *args: str, stdin: Any = None, **kwargs: Any) -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'j.db'}", "CHROMA_PATH": str(tmp_path / "chroma")}
    exe = Path(sys.executable).parent / "journeybot"
    return subprocess.Popen([str(exe), *args], stdin=stdin, stdout=subprocess.PIPE, text=True, env=env,
                            cwd=tmp_path, **kwargs)


def test_resume_after_kill_9_loses_nothing(tmp_path: Path) -> None:
    """Every line is stored before its reply is printed: kill -9 mid-session, resume, nothing lost."""
    proc = _journeybot(tmp_path, "chat", "--title", "再開テスト", "--jsonl", "--no-tips", stdin=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    opening = json.loads(proc.stdout.readline())
    for line in ["次へ", "次へ", "次へ", "店舗、アプリ", "検討: チラシ"]:
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
        json.loads(proc.stdout.readline())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)

    resumed = _journeybot(tmp_path, "chat", "--journey", opening["journey_id"], "--jsonl", "--no-tips",
                          stdin=subprocess.PIPE)
    out, _ = resumed.communicate("次へ\n電話\n", timeout=60)
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 3
    assert lines[0]["step"] == "touchpoints" and lines[0]["stage"] == "認知"
    assert lines[-1]["stage"] == "検討"
    doc = json.loads(_in_process(tmp_path, "export", opening["journey_id"], "--format", "json").stdout)
    stages = {s["name"]: [t["name"] for t in s["touchpoints"]] for s in doc["stages"]}
    assert stages["認知"] == ["店舗", "アプリ"]
    assert stages["検討"] == ["チラシ", "電話"]


def test_resume_unknown_journey_is_a_clear_error(tmp_path: Path) -> None:
    result = _in_process(tmp_path, "chat", "--journey", "nope", "--jsonl", input="")
    assert result.exit_code == 1
    assert "nope" in json.loads(result.stdout)["error"]


def _in_process(tmp_path: Path, *args: str, input: str | None = None) -> Result:
    """`journeybot …` run in this process (the console script itself is exercised by the kill -9 test)."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'j.db'}", "CHROMA_PATH": str(tmp_path / "chroma")}
    result = CliRunner().invoke(app, list(args), input=input, env=env)
    assert "Traceback" not in result.output
    return result


def test_list_json_contract(tmp_path: Path) -> None:
    _in_process(tmp_path, "chat", "--title", "一覧", "--jsonl", "--no-tips", input="次へ\n")
    [row] = json.loads(_in_process(tmp_path, "list", "--json").stdout)
    assert {"id", "title", "team_id", "channel_id"} <= set(row)
    assert (row["title"], row["team_id"], row["channel_id"]) == ("一覧", "local", "terminal")


def test_a_session_exports_as_a_picture(tmp_path: Path) -> None:
    first = _in_process(tmp_path, "chat", "--title", "書き出し", "--jsonl", "--no-tips",
                        input="次へ\n次へ\n次へ\n店舗\n").stdout.splitlines()[0]
    journey_id = json.loads(first)["journey_id"]
    target = tmp_path / "map.png"
    assert _in_process(tmp_path, "export", journey_id, "--format", "png", "--output", str(target)).exit_code == 0
    assert target.read_bytes().startswith(b"\x89PNG")
