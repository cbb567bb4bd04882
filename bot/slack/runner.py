"""Starting the Slack app for real: Socket Mode (`run_socket`) or HTTP mode (`run_http`).

Both build the components from Settings through `bot.wiring.Container`, check the tokens first (a clear
error instead of a stack trace from deep inside Bolt), and set up logging with token redaction.
"""

from __future__ import annotations

import gc
import logging
import threading
from typing import TYPE_CHECKING

from bot.settings import Settings
from bot.slack.app import SlackApp, SlackNotConfigured, build_app
from bot.slack.installations import Installs
from bot.slack.pace import UpdatePace
from bot.slack.redact import install_redaction
from bot.slack.warming import FirstUseKpis, WarmingKnowledge

if TYPE_CHECKING:
    from bot.wiring import Container

__all__ = ["SlackNotConfigured", "build_slack", "run_http", "run_socket"]

logger = logging.getLogger(__name__)

STARTUP_WAIT_SECONDS = 10.0  # the warm-up begins anyway after this long (a server slow to start, or none)


def _configure_logging(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_redaction()


def _oauth(settings: Settings, *, socket_mode: bool) -> bool:
    """Installs per workspace: HTTP mode with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (docs/slack.md)."""
    return settings.oauth_configured and not socket_mode


def _require(settings: Settings, *, socket_mode: bool) -> None:
    missing = []
    if settings.slack_bot_token is None and not _oauth(settings, socket_mode=socket_mode):
        missing.append("SLACK_BOT_TOKEN (xoxb-…), or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for OAuth installs")
    if socket_mode and settings.slack_app_token is None:
        missing.append("SLACK_APP_TOKEN (xapp-…, an app-level token with connections:write)")
    if not socket_mode and settings.slack_signing_secret is None:
        missing.append("SLACK_SIGNING_SECRET")
    if missing:
        mode = "Socket Mode" if socket_mode else "HTTP mode"
        raise SlackNotConfigured(f"{mode} needs {', '.join(missing)} in the environment or .env — see docs/slack.md")


def build_slack(container: Container, *, socket_mode: bool, updates: UpdatePace | None = None) -> SlackApp:
    """The production app, wired from the composition root: database, engine, KPI catalogue, knowledge.

    The KPI catalogue and the knowledge base are read on first use, or by the warm-up thread `_started`
    runs once the app is built: /healthz answers before they are loaded (see bot/slack/warming.py).
    `updates`: the chat.update budget, shared by the processes of `serve --workers N` (bot/slack/pace.py).
    """
    settings = container.settings
    _require(settings, socket_mode=socket_mode)
    installs = None
    if _oauth(settings, socket_mode=socket_mode):
        assert settings.slack_client_id is not None
        secret = settings.slack_state_secret.get_secret_value() if settings.slack_state_secret else None
        installs = Installs.on(container.engine, client_id=settings.slack_client_id, state_secret=secret)
        if settings.slack_bot_token is not None:
            logger.info("OAuth installs are on (SLACK_CLIENT_ID): SLACK_BOT_TOKEN is not used in HTTP mode")
    kpis = FirstUseKpis(lambda: container.kpis)
    knowledge = WarmingKnowledge(lambda: container.knowledge)
    return build_app(settings=settings, service=container.service(kpis=kpis), events=container.processed_events,
                     outbox=container.outbox, inbox=container.inbox, knowledge=knowledge, kpis=kpis,
                     socket_mode=socket_mode, installs=installs, updates=updates or UpdatePace())


def _warm_up(slack: SlackApp, *, after: threading.Event | None = None) -> None:
    """On a thread, right after start-up, what the first requests would otherwise wait for, most urgent first:
    the shipped notes (the first /journey ask waits for them), then, once no question is being answered, the
    heap settled, the KPI catalogue (/kpi), the rest of the knowledge base and its store (a team's own
    documents).

    `after`: begin once it is set (the HTTP server listening). Warming first competed with the server's own
    start for the interpreter and, under `serve --workers 4` on two cores, for the cores: the first worker
    answered /healthz after 2.7–3.0 s instead of 1.7–1.9 s."""
    kpis, knowledge = slack.deps.kpis, slack.deps.knowledge

    def run() -> None:
        if after is not None:
            after.wait(timeout=STARTUP_WAIT_SECONDS)
        if isinstance(knowledge, WarmingKnowledge):
            knowledge.warm_notes()
            knowledge.wait_quiet()  # the questions that waited for the notes go first
        _settle()
        if isinstance(kpis, FirstUseKpis):
            try:
                kpis.warm()
            except Exception:
                logger.exception("Reading the KPI catalogue failed; it is read on first use")
        if isinstance(knowledge, WarmingKnowledge):
            knowledge.warm_store()
        gc.freeze()  # the catalogue, the model and the index are long-lived too

    threading.Thread(target=run, name="journeybot-warm-up", daemon=True).start()


def _start_reviews(settings: Settings, slack: SlackApp) -> None:
    """Post due review reminders from this process too (the claim in storage keeps each one single)."""
    from bot.slack.review_scheduler import start_review_scheduler

    start_review_scheduler(database_url=settings.database_url, service=slack.deps.service, client=slack.deps.client,
                           language=settings.bot_language, delivery=slack.deps.delivery)


def _settle() -> None:
    """Freeze the start-up heap out of the garbage collector's reach.

    Imports and wiring leave a few hundred thousand long-lived objects; without this the first full
    collections under load walk all of them and stall every in-flight request for a hundred milliseconds.
    """
    gc.collect()
    gc.freeze()


def _started(container: Container, *, socket_mode: bool, updates: UpdatePace | None = None) -> SlackApp:
    slack = build_slack(container, socket_mode=socket_mode, updates=updates)
    if socket_mode:
        _warm_up(slack)
    else:
        from bot.slack.http import STARTED

        _warm_up(slack, after=STARTED)
    _start_reviews(container.settings, slack)
    return slack


def run_socket(container: Container) -> None:
    """Connect to Slack over Socket Mode (SLACK_APP_TOKEN) and serve until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    settings = container.settings
    _require(settings, socket_mode=True)
    _configure_logging()
    slack = _started(container, socket_mode=True)
    assert settings.slack_app_token is not None
    SocketModeHandler(slack.bolt, app_token=settings.slack_app_token.get_secret_value()).start()  # type: ignore[no-untyped-call]


def _install_note(settings: Settings) -> str:
    return " (install it at /slack/install)" if _oauth(settings, socket_mode=False) else ""


def run_http(container: Container, *, host: str, port: int, workers: int = 1) -> None:
    """Serve `POST /slack/events` and `GET /healthz` on host:port until interrupted; with `workers` > 1,
    that many processes serve the port (use PostgreSQL then: SQLite serialises every write).

    Workers are forked before anything is built, so each opens its own database and Web API connections.
    """
    from bot.slack.http import serve

    settings = container.settings
    _require(settings, socket_mode=False)
    _configure_logging()
    assert settings.slack_signing_secret is not None
    secret = settings.slack_signing_secret.get_secret_value()
    if workers > 1:
        from bot.slack.workers import listening_sockets, serve_workers

        sockets = listening_sockets(host=host, port=port, workers=workers)
        logger.info("Journey Bot: %d workers on http://%s:%d/slack/events%s", workers, host, port,
                    _install_note(settings))
        updates = UpdatePace.shared()  # made before the fork: one chat.update budget for all the workers
        serve_workers(lambda: _started(container, socket_mode=False, updates=updates).bolt,
                      sockets=sockets, workers=workers, secret=secret)
        return
    slack = _started(container, socket_mode=False)
    logger.info("Journey Bot listening on http://%s:%d/slack/events%s", host, port, _install_note(settings))
    serve(slack.bolt, host=host, port=port, secret=secret)
