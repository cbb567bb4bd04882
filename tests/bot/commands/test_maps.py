"""`journeybot export` in every format and `journeybot import`, in-process against a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings
from bot.wiring import Container
from tests.journeys.export.test_export import japanese_state
from tests.journeys.export.test_files import without_ids
from tests.journeys.picture.samples import blueprint_map, japanese_crowded


@pytest.fixture
def journey_id(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'journeys.db'}")
    return Container(Settings()).repository.create(japanese_state()).journey_id


def run(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout_bytes, result.stderr if result.stderr_bytes is not None else ""


def test_export_every_format(journey_id: str, tmp_path: Path) -> None:
    """png goes through the CLI in tests/bot/test_terminal.py; pdf pictures in the picture tests."""
    for fmt, magic in [("json", b"{"), ("md", b"# "), ("csv", b"\xef\xbb\xbf"), ("xlsx", b"PK"), ("svg", b"<?xml")]:
        code, _, _ = run("export", journey_id, "--format", fmt, "--output", str(tmp_path / f"map.{fmt}"))
        assert code == 0 and (tmp_path / f"map.{fmt}").read_bytes().startswith(magic), fmt


def test_kpi_catalogue_names_reach_the_picture_and_slides_are_numbered_files(journey_id: str, tmp_path: Path) -> None:
    code, svg, _ = run("export", journey_id, "--format", "svg", "--lang", "en")
    assert code == 0 and b"Bounce rate" in svg and b"bounce_rate" not in svg  # 直帰率 ≈ the catalogue's name
    # A stage with thirty pain points does not fit one slide: the slides are numbered files.
    (tmp_path / "crowded.json").write_text(json.dumps(japanese_crowded(crowd=30), ensure_ascii=False), "utf-8")
    code, out, _ = run("import", str(tmp_path / "crowded.json"))
    crowded = out.decode().strip()
    code, _, _ = run("export", crowded, "-f", "svg", "--size", "slide", "-o", str(tmp_path / "deck.svg"))
    decks = sorted(p.name for p in tmp_path.glob("deck*"))
    assert code == 0 and len(decks) >= 2 and decks[:2] == ["deck-1.svg", "deck-2.svg"]
    code, matrix, _ = run("export", journey_id, "-f", "svg", "--view", "matrix")
    assert code == 0 and "クイックウィン".encode() in matrix
    code, _, error = run("export", journey_id, "-f", "csv", "--view", "matrix")
    assert code == 2 and "--view matrix" in error


def test_import_round_trip_and_bad_files(journey_id: str, tmp_path: Path) -> None:
    code, exported, _ = run("export", journey_id, "--format", "json")
    (tmp_path / "map.json").write_bytes(exported)
    code, out, message = run("import", str(tmp_path / "map.json"))
    new_id = out.decode().strip()
    assert code == 0 and new_id != journey_id and "インポートしました" in message
    _, again, _ = run("export", new_id, "--format", "json")
    assert without_ids(json.loads(again)) == without_ids(json.loads(exported))
    (tmp_path / "bad.json").write_bytes(b"\x89PNG\r\n")
    code, out, message = run("import", str(tmp_path / "bad.json"))
    assert code == 1 and out == b"" and "not UTF-8" in message and "UTF-8 のテキストではありません" in message
    code, _, message = run("import", str(tmp_path / "missing.json"))
    assert code == 1 and "Cannot read the file" in message
    listed = json.loads(run("list", "--json")[1])
    assert len(listed) == 2  # nothing stored for the refused files
    (tmp_path / "blueprint.json").write_text(json.dumps(blueprint_map(), ensure_ascii=False), encoding="utf-8")
    code, out, message = run("import", str(tmp_path / "blueprint.json"), "--team", "T1", "--channel", "C7")
    assert code == 0 and "imported as anonymous votes" in message and "匿名の票として取り込みました" in message
    assert [j["channel_id"] for j in json.loads(run("list", "--json", "--team", "T1")[1])].count("C7") == 1


def test_the_reported_malformed_map_is_refused_in_both_languages_and_nothing_is_stored(journey_id: str,
                                                                                      tmp_path: Path) -> None:
    """It used to end in `TypeError: both() got multiple values for argument 'key'` (a traceback)."""
    (tmp_path / "oops.json").write_text(
        '{"schema":"journeymap/v1","title":"x","stages":[{"name":"a","touchpoints":"oops"}]}', encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(tmp_path / "oops.json")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit) and result.stdout == ""
    assert "stages[1].touchpoints does not have the journeymap/v1 shape (a list [ … ] was expected)" in result.stderr
    assert "stages[1].touchpoints の形が journeymap/v1 と違います（リスト [ … ] のはずです）" in result.stderr
    assert [j["id"] for j in json.loads(run("list", "--json")[1])] == [journey_id]


def test_a_rich_journey_survives_export_and_import_through_the_cli(journey_id: str, tmp_path: Path) -> None:
    from tests.journeys.export.test_rich_journey import rich_session

    rich = Container(Settings()).repository.create(rich_session().state.evolve(journey_id="rich"))
    _, exported, _ = run("export", rich.journey_id, "--format", "json")
    (tmp_path / "rich.json").write_bytes(exported)
    code, out, message = run("import", str(tmp_path / "rich.json"))
    assert code == 0 and "投票 5、見直し 1" in message and "anonymous" not in message
    _, again, _ = run("export", out.decode().strip(), "--format", "json")
    assert without_ids(json.loads(again)) == without_ids(json.loads(exported))


def test_an_imported_copy_keeps_its_title_and_says_which_id_is_the_copy(journey_id: str, tmp_path: Path) -> None:
    """`journeybot list` showed the copy and its original as two rows titled alike, with nothing to tell which
    is which: the import keeps the title the team gave the map, prints the copy's id beside it and names the
    journeys that share the title (the original marked), with the rename that would set them apart."""
    from tests.journeys.export.test_new_user_report import english

    original = Container(Settings()).repository.create(english().evolve(journey_id="orig1")).journey_id
    _, exported, _ = run("export", original, "--format", "json")
    (tmp_path / "t.json").write_bytes(exported)
    code, out, message = run("import", str(tmp_path / "t.json"))
    copy = out.decode().strip()
    assert code == 0 and copy not in (original, journey_id)
    assert f"Imported: T → new journey {copy} (3 stages, 8 items, 2 votes, 1 review)" in message
    assert (f"Journey {original} (the original) has the same title; the one just imported is {copy} "
            f"(to tell them apart: `journeybot rename {copy} \"New title\"`)") in message
    titles = {j["id"]: j["title"] for j in json.loads(run("list", "--json")[1])}
    assert titles[copy] == titles[original] == "T"  # what the team named is not renamed
    _, out, message = run("import", str(tmp_path / "t.json"))
    again = out.decode().strip()
    assert f"Journeys {copy}, {original} (the original) have the same title; the one just imported is {again}" \
        in message
    _, exported, _ = run("export", journey_id, "--format", "json")  # a Japanese map: told in Japanese
    (tmp_path / "ja.json").write_bytes(exported)
    _, out, message = run("import", str(tmp_path / "ja.json"))
    copy = out.decode().strip()
    assert f"→ 新しいジャーニー {copy}（ステージ 5、" in message
    assert f"同じタイトルのジャーニーがあります: {journey_id}（元のマップ）。取り込んだのは {copy} です" in message


def test_one_anonymous_vote_is_said_in_the_singular(journey_id: str, tmp_path: Path) -> None:
    one = {"schema": "journeymap/v1", "title": "One vote", "language": "en", "stages": [
        {"name": "Sign up", "pain_points": [{"text": "Spam folder", "touchpoint": "invite email", "votes": 1}]}]}
    (tmp_path / "one.json").write_text(json.dumps(one), encoding="utf-8")
    code, _, message = run("import", str(tmp_path / "one.json"))
    assert code == 0 and "Imported: One vote → new journey" in message and "(1 stage, 1 item, 1 vote, 0 reviews)" \
        in message
    assert "the file names no voter for 1 vote; it was imported as an anonymous vote." in message
    assert "same title" not in message  # no other journey is called "One vote"
    assert "投票 1 件はファイルに投票者が書かれていないため" in message


def test_pictures_without_output_get_names_of_their_own(journey_id: str, tmp_path: Path) -> None:
    """The matrix and the slides used to take the map's file name, and overwrote it without a word."""
    for extra in ([], ["--view", "matrix"], ["--size", "slide"]):
        code, _, _ = run("export", journey_id, "--format", "pdf", *extra)
        assert code == 0
    names = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert len(names) == 3 and any(n.endswith(f"{journey_id}.pdf") for n in names), names
    assert any(n.endswith("-matrix.pdf") for n in names) and any(n.endswith("-slides.pdf") for n in names), names
    # SVG slides (several documents, when the map needs more than one) are files, as PNG slides are, not a stream
    code, out, _ = run("export", journey_id, "--format", "svg", "--size", "slide")
    assert code == 0 and not out and list(tmp_path.glob("*-slides*.svg"))
