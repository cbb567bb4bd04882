"""The `journeybot` command groups; each module has a `register(app)`.

Commands reach the process's one `Container` (the composition root, `bot.wiring`) through Typer's context
object, which `bot.cli` sets before any command runs (tests may pass their own: `CliRunner.invoke(obj=…)`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from bot.wiring import Container

__all__ = ["container"]


def container(ctx: typer.Context) -> Container:
    """The Container of the running `journeybot` command."""
    from bot.wiring import Container

    root = ctx.find_root()
    if not isinstance(root.obj, Container):  # a command group used on its own (tests of one group)
        root.obj = Container()
    return root.obj
