"""Installing Journey Bot in many workspaces: Bolt's OAuth flow on our stores, and what follows from it.

With SLACK_CLIENT_ID and SLACK_CLIENT_SECRET, `journeybot serve` runs Bolt with `OAuthSettings`:
`GET /slack/install` redirects to Slack's authorize page with a fresh `state` (stored in the database and
set as a cookie), `GET /slack/oauth_redirect` checks both, exchanges the code (`oauth.v2.access`) and
stores the workspace's bot token (bot/slack/installations.py). Every request is then authorized with
its workspace's token (`TeamAuthorize`), which this module binds for the request so that everything the
listeners and the worker post goes out with it (bot/slack/team_client.py).

`tokens_revoked` (bot token) and `app_uninstalled` delete that workspace's installation and tokens; its
journeys stay. Later requests from it find no installation: nothing is posted, and that is logged once per
workspace and process at INFO, not as an error per request.
"""

from __future__ import annotations

import contextvars
import html
import logging
import threading
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.oauth import OAuthStateUtils
from slack_sdk.oauth.installation_store import Installation

from bot.settings import Settings
from bot.slack.installations import Installs
from bot.slack.team_client import use_token
from prompts.install import NOT_INSTALLED, text

__all__ = ["InstallFlow", "RequestScopedApp", "TeamAuthorize", "oauth_app_options", "register_installs"]

logger = logging.getLogger(__name__)

_EXPIRED = frozenset({"invalid_state", "invalid_browser"})  # Bolt's reasons for a bad or reused state
_CANCELLED = frozenset({"access_denied"})  # the installer pressed Cancel on Slack's page
_NOT_INSTALLED_LOG = "Although the app should be installed into this workspace"  # Bolt's error per request


class RequestScopedApp(App):
    """Bolt's App, each `dispatch` in a context of its own: the workspace token a middleware binds for a
    request ends with it, and reaches the worker tasks the request submits (they copy the context)."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        return contextvars.copy_context().run(super().dispatch, req)


class InstallFlow(OAuthFlow):
    """Bolt's OAuth flow, where Slack out of reach during the code exchange (after the client's retries)
    is a failed install with a page, like a refused code, instead of a 500."""

    def run_installation(self, code: str) -> Installation | None:
        try:
            return super().run_installation(code)
        except (OSError, SlackClientError) as error:
            logger.warning("Slack could not be reached to finish an install: %s", type(error).__name__)
            return None


class TeamAuthorize(InstallationStoreAuthorize):
    """Bolt's authorize over the installation store, bot tokens only, with the auth.test result cached per
    token (a revoked or deleted token is never found, so the cache cannot revive it). A workspace without
    an installation is logged once, at INFO."""

    def __init__(self, installs: Installs, *, client_id: str, client_secret: str) -> None:
        super().__init__(logger=logger, installation_store=installs.installations, client_id=client_id,
                         client_secret=client_secret, bot_only=True, cache_enabled=True)
        self._missing: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, *, context: BoltContext, enterprise_id: str | None, team_id: str | None,
                 user_id: str | None, **actor: Any) -> AuthorizeResult | None:
        result = super().__call__(context=context, enterprise_id=enterprise_id, team_id=team_id, user_id=user_id,
                                  **actor)
        key = f"{enterprise_id or '-'}/{team_id or '-'}"
        with self._lock:
            if result is None and key not in self._missing and len(self._missing) < 10_000:
                self._missing.add(key)
                logger.info("No installation for workspace %s: its requests are acknowledged and ignored "
                            "(Journey Bot was uninstalled there, or its token revoked)", key)
            elif result is not None:
                self._missing.discard(key)
        return result


class _QuietMissingInstall(logging.Filter):
    """Bolt logs an ERROR for every request of a workspace without an installation; TeamAuthorize says it
    once instead (an uninstalled workspace's stray events are expected, not errors)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(_NOT_INSTALLED_LOG)


def _quiet_missing_install() -> None:
    bolt_logger = logging.getLogger("slack_bolt.MultiTeamsAuthorization")
    if not any(isinstance(f, _QuietMissingInstall) for f in bolt_logger.filters):
        bolt_logger.addFilter(_QuietMissingInstall())


# -- the pages the installer's browser sees ---------------------------------------------------------------
def _language(request: BoltRequest, settings: Settings) -> str:
    if settings.bot_language != "auto":
        return settings.bot_language
    accept = (request.headers.get("accept-language") or [""])[0].strip().lower()
    return "ja" if accept.startswith("ja") else "en"


def _page(lang: str, title: str, paragraphs: list[str], link: tuple[str, str]) -> str:
    body = "".join(f"<p>{part}</p>" for part in paragraphs)
    href, label = link
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title></head>"
            f'<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; line-height: 1.6">'
            f"<h1>{html.escape(title)}</h1>{body}"
            f'<p><a href="{html.escape(href, quote=True)}">{html.escape(label)}</a></p></body></html>')


def _response(status: int, page: str, state_utils: OAuthStateUtils) -> BoltResponse:
    """The page, and the state cookie cleared (it is single-use either way)."""
    return BoltResponse(status=status, body=page, headers={
        "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
        "Set-Cookie": [state_utils.build_set_cookie_for_deletion()]})


def _callbacks(settings: Settings, install_path: str) -> CallbackOptions:
    def success(args: SuccessArgs) -> BoltResponse:
        lang = _language(args.request, settings)
        installation = args.installation
        team = installation.team_name or installation.team_id or ""
        logger.info("Journey Bot installed in %s (%s)", installation.team_id, installation.team_name)
        page = _page(lang, text("done_title", lang),
                     [html.escape(text("done_body", lang, team=team)),
                      f"<code>{html.escape(text('done_command', lang))}</code>"],
                     (f"slack://open?team={installation.team_id or ''}", text("open_slack", lang)))
        return _response(200, page, args.settings.state_utils)

    def failure(args: FailureArgs) -> BoltResponse:
        lang = _language(args.request, settings)
        key = ("failed_expired" if args.reason in _EXPIRED else
               "failed_cancelled" if args.reason in _CANCELLED else "failed_error")
        logger.info("An OAuth install did not complete: %r", args.reason[:100])
        page = _page(lang, text("failed_title", lang), [html.escape(text(key, lang))],
                     (install_path, text("install_again", lang)))
        return _response(args.suggested_status_code, page, args.settings.state_utils)

    return CallbackOptions(success=success, failure=failure)


# -- wiring -------------------------------------------------------------------------------------------------
def oauth_app_options(settings: Settings, installs: Installs, client: WebClient) -> dict[str, Any]:
    """Keyword arguments for Bolt's App: the OAuth flow on our stores (exchanging codes through `client`)
    and the authorize that uses them."""
    assert settings.slack_client_id is not None and settings.slack_client_secret is not None
    client_id, client_secret = settings.slack_client_id, settings.slack_client_secret.get_secret_value()
    oauth = OAuthSettings(
        client_id=client_id, client_secret=client_secret, scopes=settings.scopes, user_scopes=[],
        redirect_uri=settings.slack_redirect_uri, install_page_rendering_enabled=False,
        installation_store=installs.installations, installation_store_bot_only=True,
        state_store=installs.states, state_expiration_seconds=installs.states.expiration_seconds,
        logger=logger)
    oauth.callback_options = _callbacks(settings, oauth.install_path)
    _quiet_missing_install()
    return {"oauth_flow": InstallFlow(client=client, logger=logger, settings=oauth),
            "installation_store": installs.installations,
            "authorize": TeamAuthorize(installs, client_id=client_id, client_secret=client_secret),
            "user_facing_authorize_error_message": NOT_INSTALLED}


def register_installs(app: App, installs: Installs) -> None:
    """Bind each request's workspace token, and forget a workspace's tokens when Slack says they are gone.

    Registered before the other listeners: the catch-all of listeners/ignored.py would take these events.
    """
    store = installs.installations

    @app.middleware
    def bind_workspace_token(context: BoltContext, next: Any) -> None:
        use_token(context.bot_token)  # for this request only: RequestScopedApp runs it in its own context
        next()

    @app.event("tokens_revoked")
    def on_tokens_revoked(event: dict[str, Any], context: BoltContext) -> None:
        tokens = event.get("tokens") or {}
        if tokens.get("bot"):
            store.delete_all(enterprise_id=context.enterprise_id, team_id=context.team_id)
            logger.info("Bot token of %s revoked: its installation is deleted (its journeys stay)", context.team_id)
        for user in tokens.get("oauth") or []:
            store.delete_installation(enterprise_id=context.enterprise_id, team_id=context.team_id, user_id=user)

    @app.event("app_uninstalled")
    def on_app_uninstalled(context: BoltContext) -> None:
        store.delete_all(enterprise_id=context.enterprise_id, team_id=context.team_id)
        logger.info("Journey Bot uninstalled from %s: its installation is deleted (its journeys stay)",
                    context.team_id)
