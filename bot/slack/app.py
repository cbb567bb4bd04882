"""The Bolt app factory: one `App` wired to the engine, for HTTP mode, Socket Mode and tests alike.

`process_before_response=True`: Bolt sends the HTTP response (the ack) only when the listener returns.
Listeners therefore make a request durable first and return; everything slow goes to the worker. A thread
answer is durable once it is in the inbox (bot/slack/received.py; in HTTP mode the response then waits for
that commit without holding the request thread, bot/slack/ack_after.py); a click or a form is stored with
its claim. Without it, Bolt would ack as soon as `ack()` is called — before anything is stored — so a crash
right after the ack could lose an answer Slack believes delivered. The same ordering holds in Socket Mode,
whose adapter sends the envelope ack after `dispatch` returns.

With `installs` (SLACK_CLIENT_ID/SECRET, HTTP mode) the app installs into many workspaces through Bolt's
OAuth flow and answers each with its own bot token (bot/slack/oauth.py); without, it is the single-token
app of SLACK_BOT_TOKEN.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient

from bot.settings import Settings
from bot.slack.asking import ANSWER_KIND, deliver_answer
from bot.slack.client import build_web_client
from bot.slack.delivery import Delivery
from bot.slack.deps import ROOT_REFRESH_SECONDS, Deps, EventLedger, KpiLookup, QuestionAnswerer
from bot.slack.installations import Installs
from bot.slack.listeners import register_all
from bot.slack.oauth import RequestScopedApp, oauth_app_options, register_installs
from bot.slack.pace import UpdatePace
from bot.slack.people import People, lookup_client
from bot.slack.publish import tip_blocks
from bot.slack.received import Sweeper
from bot.slack.sessions import SlackSessions
from bot.slack.starts import START_KIND, deliver_start, give_up_start
from bot.slack.worker import Worker
from journeys.service import JourneyService
from journeys.storage import Inbox, Outbox

__all__ = ["SlackApp", "SlackNotConfigured", "build_app"]


class SlackNotConfigured(RuntimeError):
    """A Slack mode was asked for without the tokens it needs."""


@dataclass(frozen=True)
class SlackApp:
    """The Bolt app and what it was wired with (tests wait on `deps.worker`; the runner warms `deps.knowledge`)."""

    bolt: App
    deps: Deps
    sweeper: Sweeper


class _ClientOnPurpose(logging.Filter):
    """Bolt warns that the token is unused when SLACK_BOT_TOKEN is in the environment and a client is given.
    Giving our client (SLACK_API_URL, retry handlers) is deliberate and it carries that same token."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def _quiet_client_warning() -> None:
    bolt_logger = logging.getLogger("slack_bolt.App")
    if not any(isinstance(f, _ClientOnPurpose) for f in bolt_logger.filters):
        bolt_logger.addFilter(_ClientOnPurpose())


def build_app(*, settings: Settings, service: JourneyService, events: EventLedger, outbox: Outbox, inbox: Inbox,
              knowledge: QuestionAnswerer | None, kpis: KpiLookup | None, client: WebClient | None = None,
              worker: Worker | None = None, token_verification_enabled: bool = True, socket_mode: bool = False,
              root_refresh_delay: float = ROOT_REFRESH_SECONDS, installs: Installs | None = None,
              updates: UpdatePace | None = None) -> SlackApp:
    """A Bolt app for `settings`.

    `token_verification_enabled=False` skips auth.test at construction (tests; it then runs on the first
    request). `root_refresh_delay` batches root-message updates (0: immediate); `updates` paces them per
    workspace (default: this process alone has the whole chat.update budget). In Socket Mode requests are
    not signed (they come over our own websocket), so no signing secret is needed; in HTTP mode it is.
    """
    if settings.slack_bot_token is None and installs is None:
        raise SlackNotConfigured("SLACK_BOT_TOKEN is not set: add the bot token (xoxb-…) to .env (see docs/slack.md)")
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    if secret is None and not socket_mode:
        raise SlackNotConfigured("SLACK_SIGNING_SECRET is not set: HTTP mode verifies every request with it")
    _quiet_client_warning()
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token and installs is None else None
    client = client or build_web_client(token=token, base_url=settings.slack_api_url,
                                        tokens=installs.installations.bot_token if installs else None)
    oauth = oauth_app_options(settings, installs, client) if installs is not None else {}
    app_class = RequestScopedApp if installs is not None else App
    app = app_class(
        name="journeybot",  # else Bolt names the app from inspect.stack(), ~0.25 s per app
        **oauth,
        client=client,
        signing_secret=secret or "",
        request_verification_enabled=not socket_mode,
        process_before_response=True,
        token_verification_enabled=token_verification_enabled,
        raise_error_for_unhandled_request=False,
    )
    delivery = Delivery(outbox=outbox, client=client, tip_blocks=lambda request: tip_blocks(service, request))
    outbox.lend_to(delivery.lessee())  # what this process's saves owe is handed to its delivery as it commits
    deps = Deps(settings=settings, service=service, sessions=SlackSessions(service), events=events,
                people=People(lookup_client(client)), knowledge=knowledge, kpis=kpis, client=client,
                worker=worker or Worker(), delivery=delivery, inbox=inbox, root_refresh_delay=root_refresh_delay,
                updates=updates or UpdatePace())
    if installs is not None:
        register_installs(app, installs)
    register_all(app, deps)
    delivery.on(START_KIND, partial(deliver_start, deps), give_up=partial(give_up_start, deps))
    delivery.on(ANSWER_KIND, partial(deliver_answer, deps))
    delivery.start()  # posts what this or any other process owes, also what a crashed one left behind
    sweeper = Sweeper(deps)
    sweeper.start()  # applies what a crashed process acknowledged and did not apply
    return SlackApp(bolt=app, deps=deps, sweeper=sweeper)
