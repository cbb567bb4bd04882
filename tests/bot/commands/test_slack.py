"""`journeybot serve` / `journeybot socket` without tokens: a clear error, no traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from bot.cli import app

SLACK_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")


@pytest.fixture
def no_tokens(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name in SLACK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(str(tmp_path))  # no .env here


@pytest.mark.usefixtures("no_tokens")
@pytest.mark.parametrize(("command", "needs"), [
    (["serve", "--port", "0"], ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]),
    (["socket"], ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"]),
])
def test_slack_modes_explain_missing_tokens(command: list[str], needs: list[str]) -> None:
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 2
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    for name in needs:
        assert name in output
    assert "docs/slack.md" in output and "Traceback" not in output


def test_socket_needs_the_app_token_even_with_a_bot_token(no_tokens: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1-2-abc")
    result = CliRunner().invoke(app, ["socket"])
    assert result.exit_code == 2
    assert "SLACK_APP_TOKEN" in result.output + (result.stderr if result.stderr_bytes is not None else "")
