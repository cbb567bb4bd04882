"""manifest.yaml asks for exactly what the code uses, and names what the code listens for."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from bot.settings import Settings
from bot.slack import ids, limits

MANIFEST = Path(__file__).resolve().parents[3] / "manifest.yaml"


def _manifest() -> dict[str, Any]:
    loaded = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_scopes_are_exactly_what_the_bot_calls() -> None:
    scopes = set(_manifest()["oauth_config"]["scopes"]["bot"])
    assert scopes == {
        "app_mentions:read", "channels:history", "groups:history", "im:history",  # the events below
        "channels:join",  # conversations.join
        "chat:write",  # chat.postMessage / chat.update (chat.getPermalink needs no scope)
        "commands",  # slash commands and the shortcut
        "files:write",  # files.getUploadURLExternal / files.completeUploadExternal
        "canvases:write", "files:read",  # canvases.create, files.info (the canvas's permalink)
        "users:read",  # users.info (display names, locale, is_admin)
        "channels:read", "groups:read",  # conversations.info / users.conversations (App Home visibility)
    }


def test_events_commands_and_shortcut_match_the_listeners(slack: Any) -> None:
    manifest = _manifest()
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert events == {"app_home_opened", "app_mention", "message.channels", "message.groups", "message.im",
                      "app_uninstalled", "tokens_revoked"}
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert commands == {"/journey", "/kpi"}
    [shortcut] = manifest["features"]["shortcuts"]
    assert shortcut["callback_id"] == ids.ADD_TO_MAP_SHORTCUT and shortcut["type"] == "message"
    assert len(shortcut["name"]) <= limits.MODAL_TITLE
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True

    # Every surface in the manifest reaches a listener (Bolt answers 404 to anything unhandled).
    for command in commands:
        assert slack.command(command, "help", user="U0SATO001").status_code == 200
    assert slack.shortcut({"ts": "1.1", "text": "x"}, user="U0SATO001").status_code == 200
    for event_type in ("app_home_opened", "app_mention", "message", "app_uninstalled", "tokens_revoked"):
        assert slack.event({"type": event_type, "user": "U0SATO001", "channel": "C0CHAN001", "text": "hi",
                            "ts": slack.fake.next_ts(), "channel_type": "channel"}).status_code == 200
    slack.idle()


def test_oauth_installs_ask_for_the_manifest_scopes_and_come_back_to_the_redirect_route() -> None:
    manifest = _manifest()
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert sorted(settings.scopes) == sorted(manifest["oauth_config"]["scopes"]["bot"])
    assert [urlparse(url).path for url in manifest["oauth_config"]["redirect_urls"]] == ["/slack/oauth_redirect"]
    assert Settings(_env_file=None, slack_scopes=" chat:write, commands ,").scopes == ["chat:write", "commands"]  # type: ignore[call-arg]


def test_http_mode_urls_point_at_the_one_endpoint() -> None:
    manifest = _manifest()
    urls = [c["url"] for c in manifest["features"]["slash_commands"]]
    urls += [manifest["settings"]["event_subscriptions"]["request_url"],
             manifest["settings"]["interactivity"]["request_url"]]
    assert all(url.endswith("/slack/events") for url in urls)
