"""`journeybot serve --port N` (HTTP mode) and `journeybot socket` (Socket Mode)."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.commands import container

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        ctx: typer.Context,
        port: Annotated[int, typer.Option("--port", "-p", help="Port for POST /slack/events and GET /healthz.")] = 3000,
        host: Annotated[str, typer.Option("--host", help="Interface to bind.")] = "0.0.0.0",
        workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=64,
                                             help="Processes sharing the port (use PostgreSQL with more than 1).")] = 1,
    ) -> None:
        """Run in Slack HTTP mode: events, slash commands and interactivity at POST /slack/events."""
        from bot.slack.runner import SlackNotConfigured, run_http

        try:
            run_http(container(ctx), host=host, port=port, workers=workers)
        except SlackNotConfigured as error:
            typer.echo(f"journeybot serve: {error}", err=True)
            raise typer.Exit(2) from None

    @app.command("socket")
    def socket(ctx: typer.Context) -> None:
        """Run in Slack Socket Mode (needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN)."""
        from bot.slack.runner import SlackNotConfigured, run_socket

        try:
            run_socket(container(ctx))
        except SlackNotConfigured as error:
            typer.echo(f"journeybot socket: {error}", err=True)
            raise typer.Exit(2) from None
