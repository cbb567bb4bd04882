"""Issue 7 pts 11, 18, 19: what a new user types at the terminal, and the CLI around sessions.

In-process (TerminalSession on a real SQLite file, the Typer app through CliRunner): no subprocesses.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from bot.cli import app
from bot.commands.session import _offer_resume
from bot.terminal import TerminalSession
from journeys.service import JourneyService
from journeys.steps import ItemKind, Step
from journeys.storage import JourneyRepository, create_db_engine
from tests.bot.test_terminal import Clock


@pytest.fixture
def service(tmp_path: Path, migrated_db: Path) -> JourneyService:
    """A service on a copy of the migrated SQLite file (running the migrations for each test cost ~0.1 s)."""
    shutil.copyfile(migrated_db, tmp_path / "j.db")
    return JourneyService(repository=JourneyRepository(create_db_engine(f"sqlite:///{tmp_path / 'j.db'}")))


def session_of(service: JourneyService, *, jsonl: bool = True) -> tuple[TerminalSession, io.StringIO]:
    out = io.StringIO()
    session = TerminalSession(service, author="田中", jsonl=jsonl, out=out, tips=False, clock=Clock())
    assert session.open(title="ターミナル", journey_id=None)
    return session, out


def records(out: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.parametrize("word", ["/quit", "/exit", "/QUIT", "／quit", "quit", "Exit ", "ｑｕｉｔ", "終了", "終了。",
                                  "quit."])
def test_quit_and_exit_end_the_session_and_store_nothing(service: JourneyService, word: str) -> None:
    session, out = session_of(service)
    session.run([word, "タイトル: 保存されてはいけない", "次へ"])
    assert session.state is not None
    stored = service.get(journey_id=session.state.journey_id)
    assert stored is not None and stored.title == "ターミナル" and stored.step is Step.SCOPE
    assert len(stored.contributions) == 1  # only the start
    assert len(records(out)) == 2  # the opening, and one line for /quit itself


@pytest.mark.parametrize("line", ["quit now", "終了した", "exit survey"])
def test_a_quit_word_inside_an_answer_is_an_answer(service: JourneyService, line: str) -> None:
    session, _ = session_of(service)
    session.run(["次へ", line])
    assert session.state is not None
    stored = service.get(journey_id=session.state.journey_id)
    assert stored is not None and [c.text for c in stored.contributions][-1] == line


def test_unknown_slash_word_lists_the_commands_and_is_stored_nowhere(service: JourneyService) -> None:
    session, out = session_of(service)
    session.run(["次へ", "次へ", "次へ", "/help", "/as", "/save now", "/as 佐藤", "店舗"])
    assert session.state is not None
    stored = service.get(journey_id=session.state.journey_id)
    assert stored is not None
    assert [c.text for c in stored.contributions][1:] == ["次へ", "次へ", "次へ", "店舗"]
    assert not stored.items_of(ItemKind.PERSONA)  # a bare `/as` is not a persona
    [shop] = stored.items_of(ItemKind.TOUCHPOINT)
    assert shop.author == "佐藤" and stored.display_name("佐藤") == "佐藤"
    lines = records(out)
    assert len(lines) == 9  # the opening + one per line
    assert "/quit" in lines[4]["replies"][0] and "/help" in lines[4]["replies"][0]
    assert "/as" in lines[5]["replies"][0] and "田中" in lines[5]["replies"][0]  # bare /as: a notice
    assert "/save" in lines[6]["replies"][0]


def test_ask_answers_from_the_knowledge_base_and_stores_nothing(service: JourneyService) -> None:
    asked: list[tuple[str, str]] = []

    def ask(question: str, lang: str) -> tuple[str, tuple[str, ...]]:
        asked.append((question, lang))
        if "壊れ" in question:
            raise RuntimeError("the knowledge base is down")
        return "NPSは推奨度を0〜10で尋ねる指標です。", ("NPS(ネット・プロモーター・スコア)",)

    out = io.StringIO()
    session = TerminalSession(service, author="田中", jsonl=True, out=out, tips=False, clock=Clock(), ask=ask)
    assert session.open(title="ターミナル", journey_id=None)
    session.run(["/ask NPSって何?", "/ask", "/ask 壊れた質問", "/ASK  &lt;タグ&gt; は?", "/ask what is NPS?"])
    assert session.state is not None
    stored = service.get(journey_id=session.state.journey_id)
    assert stored is not None and len(stored.contributions) == 1 and not stored.items  # nothing recorded
    assert asked == [("NPSって何?", "ja"), ("壊れた質問", "ja"), ("&lt;タグ&gt; は?", "ja"), ("what is NPS?", "en")]
    lines = records(out)
    assert lines[1]["replies"] == ["NPSは推奨度を0〜10で尋ねる指標です。"]
    assert "/ask" in lines[2]["replies"][0]  # usage
    assert "ナレッジ" in lines[3]["replies"][0]  # a failure is a notice, and the session goes on
    assert len(lines) == 6


def test_shift_jis_and_unreadable_lines_do_not_stop_the_input(service: JourneyService) -> None:
    session, out = session_of(service)
    session.run([b"next\n", b"next\n", b"next\n", "\u5e97\u8217\u3001\u30c1\u30e9\u30b7\n".encode("cp932"),
                 b"\xff\xfe\x00\x81\n", "電話\n".encode()])
    assert session.state is not None
    stored = service.get(journey_id=session.state.journey_id)
    assert stored is not None
    assert [i.text for i in stored.items_of(ItemKind.TOUCHPOINT)] == ["店舗", "チラシ", "電話"]
    lines = records(out)
    assert len(lines) == 7
    assert any("UTF-8" in reply for reply in lines[5]["replies"])


def test_a_shift_jis_file_piped_into_chat(tmp_path: Path) -> None:
    script = "次へ\n名前: 佐藤\n\xff\n/quit\n無視される\n"
    data = b"".join(line.encode("cp932") if line != "\xff\n" else b"\xff\x81\n"
                    for line in script.splitlines(keepends=True))
    result = cli(tmp_path, ["chat", "--title", "SJIS", "--jsonl", "--no-tips"], input=data)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 5 and lines[1]["step"] == "persona"
    assert "Traceback" not in result.output


# ---- CLI ------------------------------------------------------------------------------------------------
def cli(tmp_path: Path, args: list[str], *, input: bytes | str | None = None) -> Result:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "CHROMA_PATH": str(tmp_path / "chroma"),
           "COLUMNS": "50", "SLACK_BOT_TOKEN": "", "SLACK_APP_TOKEN": ""}
    return CliRunner().invoke(app, args, input=input, env=env)


def new_journey(tmp_path: Path, title: str = "書き出し") -> str:
    result = cli(tmp_path, ["chat", "--title", title, "--jsonl", "--no-tips"], input="次へ\n次へ\n次へ\n店舗\n")
    return str(json.loads(result.stdout.splitlines()[0])["journey_id"])


def test_export_to_a_missing_folder_or_a_folder_is_a_clear_error(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import journeys.picture

    def no_drawing(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("the output must be checked before the picture is drawn")

    monkeypatch.setattr(journeys.picture, "render_png", no_drawing)
    journey = new_journey(tmp_path)
    missing = cli(tmp_path, ["export", journey, "--format", "png", "--output", str(tmp_path / "nope" / "m.png")])
    assert missing.exit_code == 1 and "nope" in missing.output and "Traceback" not in missing.output
    folder = cli(tmp_path, ["export", journey, "--format", "md", "--output", str(tmp_path)])
    assert folder.exit_code == 1 and "フォルダ" in folder.output  # the journey's language


def test_export_in_an_unknown_language_is_a_usage_error(tmp_path: Path) -> None:
    journey = new_journey(tmp_path)
    result = cli(tmp_path, ["export", journey, "--format", "md", "--lang", "fr"])  # it wrote Japanese, exit 0
    assert result.exit_code == 2 and "--lang" in result.output and "# " not in result.output


def test_png_without_output_goes_to_a_file_not_the_terminal(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    journey = new_journey(tmp_path, "店舗 / 体験")
    monkeypatch.chdir(tmp_path)
    result = cli(tmp_path, ["export", journey, "--format", "png"])
    assert result.exit_code == 0
    assert b"PNG" not in result.stdout_bytes
    [written] = tmp_path.glob(f"*{journey}.png")
    assert written.read_bytes().startswith(b"\x89PNG") and written.name in result.output


def test_list_shows_whole_ids_even_in_a_narrow_terminal(tmp_path: Path) -> None:
    journey = new_journey(tmp_path, "とても長いタイトルのジャーニーマップ" * 3)
    result = cli(tmp_path, ["list"])
    assert journey in result.stdout


def test_delete_asks_unless_yes_and_rename(tmp_path: Path) -> None:
    journey = new_journey(tmp_path)
    kept = cli(tmp_path, ["delete", journey], input="n\n")
    assert kept.exit_code == 1 and journey in cli(tmp_path, ["list", "--json"]).stdout
    assert "削除しますか" in kept.output and "削除しませんでした" in kept.output  # the journey's language
    renamed = cli(tmp_path, ["rename", journey, "新しい名前"])
    assert renamed.exit_code == 0 and "タイトルを「新しい名前」にしました" in renamed.output
    [row] = json.loads(cli(tmp_path, ["list", "--json"]).stdout)
    assert row["title"] == "新しい名前"
    unknown = cli(tmp_path, ["rename", "nope", "x"])
    assert unknown.exit_code == 1 and "No journey nope" in unknown.output and "見つかりません" in unknown.output
    assert cli(tmp_path, ["delete", journey, "--yes"]).exit_code == 0
    assert json.loads(cli(tmp_path, ["list", "--json"]).stdout) == []
    assert cli(tmp_path, ["delete", journey, "--yes"]).exit_code == 1


def test_run_offers_the_latest_unfinished_terminal_journey(service: JourneyService,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    console = Console(file=io.StringIO())
    assert _offer_resume(service, console) is None  # nothing to resume: a new journey
    first, _ = session_of(service)
    second, _ = session_of(service)
    second.run(["次へ"])
    assert first.state is not None and second.state is not None
    monkeypatch.setattr(console, "input", lambda prompt: "")
    assert _offer_resume(service, console) == second.state.journey_id
    monkeypatch.setattr(console, "input", lambda prompt: "n")
    assert _offer_resume(service, console) is None


def test_a_title_typed_with_its_label_at_the_prompt(service: JourneyService) -> None:
    out = io.StringIO()
    session = TerminalSession(service, author="Sam", jsonl=True, out=out, tips=False, clock=Clock())
    assert session.open(title="Title: Grocery first order", journey_id=None)
    assert session.state is not None and session.state.title == "Grocery first order"
    assert session.state.language == "en"


def test_a_line_the_terminal_could_not_decode_is_refused(service: JourneyService) -> None:
    session, out = session_of(service)
    assert session.feed("\ufffd\ufffd")
    assert session.feed("\udcff\udcfe")
    assert session.state is not None
    assert len(session.state.contributions) == 1
    assert all("UTF-8" in line["replies"][0] for line in records(out)[1:])


def test_kpi_shows_a_card_from_the_catalogue_and_stores_nothing(service: JourneyService) -> None:
    looked_up: list[tuple[str, str]] = []

    def kpi(term: str, lang: str) -> str:
        looked_up.append((term, lang))
        if "壊れ" in term:
            raise RuntimeError("the catalogue is unreadable")
        return f"card for {term}"

    out = io.StringIO()
    session = TerminalSession(service, author="田中", jsonl=True, out=out, tips=False, clock=Clock(), kpi=kpi)
    assert session.open(title="ターミナル", journey_id=None)
    session.run(["/kpi 解約率", "/kpi", "/kpi 壊れた", "/KPI churn rate", "/kpi how do we compute churn?", "次へ"])
    assert session.state is not None and session.state.step is Step.PERSONA
    stored = service.get(journey_id=session.state.journey_id)
    assert stored is not None and [c.text for c in stored.contributions][1:] == ["次へ"]  # only the move
    # A KPI's name (`NPS`, `churn rate`) says nothing of the language: the session's; a question in English does.
    assert looked_up == [("解約率", "ja"), ("壊れた", "ja"), ("churn rate", "ja"), ("how do we compute churn?", "en")]
    lines = records(out)
    assert lines[1]["replies"] == ["card for 解約率"]
    assert "/kpi" in lines[2]["replies"][0]  # usage
    assert "KPI" in lines[3]["replies"][0]  # a failure is a notice, and the session goes on
    assert lines[4]["replies"] == ["card for churn rate"]


def test_kpi_in_a_piped_chat_answers_from_the_real_catalogue(tmp_path: Path) -> None:
    script = ("/kpi 解約率\n/kpi what's a good churn rate for B2B SaaS?\n/kpi zzzz\n"
              "/kpi KPIのオーナーは誰がやるのが普通?\n/kpi NPS\n/quit\n")
    result = cli(tmp_path, ["chat", "--title", "KPI", "--jsonl", "--no-tips"], input=script)
    assert result.exit_code == 0, result.output
    card, benchmark, unknown, practice = (json.loads(line)["replies"][0] for line in result.stdout.splitlines()[1:5])
    assert "KPIの持ち方" in practice and "`/ask`" in practice  # the terminal's own way to ask the knowledge base
    assert card.startswith("📊 解約率") and "計算式:" in card and "churn_rate" not in card  # names, never ids
    assert "benchmark" in benchmark and "Churn rate" in benchmark  # no figure, and the card for the metric
    assert "not a KPI I know" in unknown and "NPS" in unknown  # examples when nothing is near
    nps = json.loads(result.stdout.splitlines()[5])["replies"][0]
    assert nps.startswith("📊 Net Promoter") and "seed-" not in nps and "Sources: Guide" in nps  # sources named
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("answer", "deleted"), [("はい\n", True), ("y\n", True), ("\n", False), ("いいえ\n", False)])
def test_delete_takes_yes_in_either_language(tmp_path: Path, answer: str, deleted: bool) -> None:
    journey = new_journey(tmp_path)
    result = cli(tmp_path, ["delete", journey], input=answer)
    assert result.exit_code == (0 if deleted else 1) and "Traceback" not in result.output
    assert (journey in cli(tmp_path, ["list", "--json"]).stdout) is not deleted


def test_pages_written_to_numbered_files_are_returned_to_be_named(tmp_path: Path) -> None:
    from bot.commands.maps import write_pages

    written = write_pages([b"one", b"two"], str(tmp_path / "deck.png"), "png")
    assert written == [tmp_path / "deck-1.png", tmp_path / "deck-2.png"]
    assert [path.read_bytes() for path in written] == [b"one", b"two"]
    assert write_pages([b"one"], str(tmp_path / "map.png"), "png") == [tmp_path / "map.png"]


def test_list_keeps_the_title_readable_and_shows_when_each_was_created(tmp_path: Path) -> None:
    journey = new_journey(tmp_path, "店舗とECのオムニチャネル購入体験")
    result = cli(tmp_path, ["list"])  # 50 columns
    assert journey in result.stdout and "店舗とECのオムニ" in result.stdout  # not folded to four characters a line
    [row] = json.loads(cli(tmp_path, ["list", "--json"]).stdout)
    assert row["created_at"] <= row["updated_at"]
