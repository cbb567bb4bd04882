"""`journeybot kpi TERM [--json] [--lang]`: the JSON contract, null for non-KPIs, readable output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from bot.commands import kpi as kpi_command
from knowledge.kpi_catalogue import KpiEntry

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    """Only this command, so the tests don't depend on the other command groups."""
    app = typer.Typer()

    @app.callback()
    def main() -> None:  # a group, so that `kpi` stays a subcommand
        pass

    kpi_command.register(app)
    return app


def run(app: typer.Typer, *args: str) -> str:
    result = runner.invoke(app, ["kpi", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("term", "kpi_id"),
    [
        ("LTV", "clv"),
        ("ＮＰＳ", "nps"),
        ("how do we compute churn?", "churn_rate"),
        ("顧客努力スコアの計算方法", "ces"),
    ],
)
def test_json_is_the_entry_with_its_id(app: typer.Typer, term: str, kpi_id: str) -> None:
    data = json.loads(run(app, term, "--json"))
    assert data["id"] == kpi_id
    assert set(data) == set(KpiEntry.__dataclass_fields__)
    assert isinstance(data["aliases"], list) and isinstance(data["stages"], list)


@pytest.mark.parametrize("term", ["ペルソナって何?", "what is a touchpoint?", "", "   "])
def test_json_is_null_for_non_kpis(app: typer.Typer, term: str) -> None:
    assert run(app, term, "--json").strip() == "null"


def test_json_keeps_japanese_readable(app: typer.Typer) -> None:
    output = run(app, "解約率", "--json")
    assert "解約率" in output and "\\u" not in output


def test_readable_entry_follows_the_query_language(app: typer.Typer) -> None:
    japanese = run(app, "直帰率って?")
    assert "直帰率" in japanese and "定義" in japanese and "計算式" in japanese
    english = run(app, "bounce rate")
    assert "Bounce rate" in english and "Definition" in english and "Pitfalls" in english
    forced = run(app, "直帰率", "--lang", "en")
    assert "Definition" in forced


def test_miss_says_so_in_the_query_language_with_suggestions(app: typer.Typer) -> None:
    japanese = run(app, "ペルソナって何?")
    assert "私の知っているKPIではありません" in japanese and "ペルソナって何?" in japanese
    english = run(app, "satisfac")  # beyond the typo budget, but close
    assert "not a KPI I know" in english and "Did you mean" in english and "(CSAT)" in english


def test_a_metric_the_catalogue_does_not_hold_is_named_in_the_miss(app: typer.Typer) -> None:
    """knowledge/unheld_metrics.yaml: the reply says which metric it is and that it is not covered, and offers the
    nearest cards as related ones rather than as what was meant."""
    japanese = run(app, "CPCって何?")
    assert "クリック単価" in japanese and "この指標は" in japanese and "もしかして" not in japanese
    english = run(app, "what is RevPAR?")
    assert "Revenue per available room" in english and "does not" in english
    assert "not a KPI I know" not in english and "Did you mean" not in english
    assert run(app, "CPCって何?", "--json").strip() == "null"


def test_a_figure_no_card_holds_is_said_so_with_the_cards_for_the_metric(app: typer.Typer) -> None:
    """A benchmark or the team's own figure gets no card, and the reply says why rather than "not a KPI I know"."""
    benchmark = run(app, "ROASって何%くらいあれば合格ラインなんですかね?")
    assert "他社の水準" in benchmark and "私の知っているKPIではありません" not in benchmark
    assert "指標そのものの説明はこちら" in benchmark and "広告費用対効果(ROAS)" in benchmark
    level = run(app, "NRRって何%あれば優秀なんですか?")  # a figure asked of a named KPI: its card alone
    assert "売上継続率(NRR)" in level and "クリック率" not in level
    own = run(app, "what was our NPS last month?")
    assert "your team's own figure" in own and "not a KPI I know" not in own and "Net Promoter Score" in own
    assert run(app, "what was our NPS last month?", "--json").strip() == "null"


def test_keeping_kpis_in_general_and_moving_one_are_sent_to_the_knowledge_base(app: typer.Typer) -> None:
    """Questions no single card answers get no card, and the reply says where the answer is instead of "not a KPI I
    know" with three unrelated cards."""
    practice = " ".join(run(app, "how many KPIs should a team of five realistically track?").split())  # unwrapped
    assert "keeping KPIs in general" in practice and "Did you mean" not in practice
    assert "not a KPI I know" not in practice
    advice = " ".join(run(app, "any tips to bring our average handling time down before the holiday peak?").split())
    assert "how to move a metric" in advice and "Average handling time (AHT)" in advice
    assert "journeybot ask" in advice and "journeybot ask" in practice
    assert run(app, "KPIのオーナーは誰がやるのが普通?", "--json").strip() == "null"


def test_a_figure_reported_gets_the_card_it_mentions_and_how_to_ask_for_it(app: typer.Typer) -> None:
    """A message that only reports a number asks nothing of the metric: no card, but the reply names it."""
    told = " ".join(run(app, "Conversion rate landed at 2.8% this week, nice work all").split())
    assert "asks nothing about it" in told and "Conversion rate" in told and "not a KPI I know" not in told
    assert run(app, "Conversion rate landed at 2.8% this week, nice work all", "--json").strip() == "null"


def test_user_text_is_not_rich_markup(app: typer.Typer) -> None:
    output = run(app, "[bold]zzz[/bold]", "--lang", "en")
    assert "[bold]zzz[/bold]" in output


def test_bad_lang_is_a_usage_error(app: typer.Typer) -> None:
    result = runner.invoke(app, ["kpi", "NPS", "--lang", "fr"])
    assert result.exit_code == 2


def test_registered_on_the_real_cli() -> None:
    from bot.cli import COMMAND_MODULES, app

    assert "bot.commands.kpi" in COMMAND_MODULES
    result = runner.invoke(app, ["kpi", "CVR", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == "conversion_rate"


def test_console_script() -> None:
    script = shutil.which("journeybot", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("the journeybot console script is not installed in this environment")
    done = subprocess.run(
        [script, "kpi", "カゴ落ち率って?", "--json"], capture_output=True, text=True, encoding="utf-8", timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["id"] == "cart_abandonment_rate"
