"""`journeybot serve --port N` (HTTP mode) and `journeybot socket` (Socket Mode)."""

from __future__ import annotations

from typing import Annotated

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        port: Annotated[int, typer.Option("--port", "-p", help="Port for POST /slack/events and GET /healthz.")] = 3000,
        host: Annotated[str, typer.Option("--host", help="Interface to bind.")] = "0.0.0.0",
        workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=64,
                                             help="Processes sharing the port (use PostgreSQL with more than 1).")] = 1,
    ) -> None:
        """Run in Slack HTTP mode: events, slash commands and interactivity at POST /slack/events."""
        from bot.slack.runner import SlackNotConfigured, run_http

        try:
            from bot.settings import Settings

            run_http(Settings(), host=host, port=port, workers=workers)
        except SlackNotConfigured as error:
            typer.echo(f"journeybot serve: {error}", err=True)
            raise typer.Exit(2) from None

    @app.command("socket")
    def socket() -> None:
        """Run in Slack Socket Mode (needs SLACK_BOT_TOKEN and SLACK_APP_TOKEN)."""
        from bot.slack.runner import SlackNotConfigured, run_socket

        try:
            from bot.settings import Settings

            run_socket(Settings())
        except SlackNotConfigured as error:
            typer.echo(f"journeybot socket: {error}", err=True)
            raise typer.Exit(2) from None
