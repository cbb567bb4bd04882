"""`journeybot`: the command line. Each command group lives in `bot/commands/` with a `register(app)`."""

from __future__ import annotations

import importlib
import os

import typer

# OpenMP runtimes (the embedding engine's, and any other library's) read this once, when the first of them
# loads: by default their idle threads spin, which on a small or shared machine costs seconds of CPU per
# question. Set before anything can load one.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
# numpy's OpenBLAS starts a thread per core and spins them too; the bot's products are a question's vector
# against a few thousand rows (~0.1 ms on one thread), so more threads only burn CPU: `journeybot kpi` with a
# described metric took 1.13 s of CPU with the default and 0.90 s with one thread, the same wall time.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

app = typer.Typer(
    name="journeybot",
    help="Journey Bot: customer journey mapping sessions in Slack or the terminal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules, each exposing `register(app: typer.Typer) -> None`.
COMMAND_MODULES: tuple[str, ...] = (
    "bot.commands.session",
    "bot.commands.kpi",
    "bot.commands.slack",
    "bot.commands.knowledge",
    "bot.commands.maps",
)

@app.callback()
def _root(ctx: typer.Context) -> None:
    """Journey Bot: customer journey mapping sessions in Slack or the terminal."""
    if ctx.obj is None:  # tests may pass their own (CliRunner.invoke(obj=…))
        from bot.wiring import Container

        ctx.obj = Container()


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def main() -> None:
    app()
