"""Hypothesis fuzzing of the parsers the property tests (tests/journeys/test_properties.py) do not reach:
sentences, entries, in-session commands, sharing commands, scope and blueprint lanes. Total on any text,
and what they keep comes from the text. Few examples each: cheap."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys.parsing.blueprint import parse_blueprint
from journeys.parsing.commands import DeleteItem, EditItem, read_command
from journeys.parsing.scope import read_scope
from journeys.parsing.sentences import split_entries, split_sentences
from journeys.parsing.session_commands import read_session_command

STAGES = ("認知", "検討", "購入")
WORDS = ["削除", "修正", "投票", "評価", "見直し", "表舞台", "裏舞台"]
ALPHABET = [*"。．.!?！？、,;；:：「」()（）【】\"' \n認知検討購入abcAB123１２３#＃", *WORDS]
texty = st.one_of(st.text(max_size=120), st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join))
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _chars(text: str) -> str:
    return "".join(text.split())


@given(texty)
@FUZZ
def test_sentences_and_entries_lose_and_invent_no_character(text: str) -> None:
    """Splitting only cuts and trims: every non-space character is kept, in order, once."""
    for line in text.splitlines() or [""]:
        assert _chars("".join(split_sentences(line))) == _chars(line)
        entries = split_entries(line)
        assert all(entry and entry == entry.strip() for entry in entries)
        assert len(_chars("".join(entries))) <= len(_chars(line))  # separators may go, nothing is added
        assert set(_chars("".join(entries))) <= set(_chars(line))


@given(texty)
@FUZZ
def test_commands_are_total_and_keep_their_numbers_and_text(text: str) -> None:
    command = read_command(text)
    if isinstance(command, DeleteItem | EditItem):
        assert command.number >= 0
    if isinstance(command, EditItem):
        assert command.text and command.text in text
    read_session_command(text)


@given(texty, st.booleans())
@FUZZ
def test_scope_and_blueprint_are_total(text: str, is_title: bool) -> None:
    read_scope(text, is_title=is_title)
    for _kind, stage, item in parse_blueprint(text, stages=STAGES, default_stage="認知"):
        assert stage in STAGES and item.strip()
