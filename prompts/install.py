"""The words of the OAuth install pages (`/slack/oauth_redirect`) and of a workspace without an install.

Plain text: the page builder (bot/slack/oauth.py) escapes every value, the team's name included.
"""

from __future__ import annotations

from prompts import render_from

__all__ = ["NOT_INSTALLED", "TEXTS", "text"]

TEXTS: dict[str, dict[str, str]] = {
    "done_title": {"ja": "Journey Bot をインストールしました", "en": "Journey Bot is installed"},
    "done_body": {
        "ja": "「{team}」で使えるようになりました。チャンネルで次のように入力すると、ジャーニーマップのセッションが始まります。",
        "en": "It is ready in “{team}”. Type this in a channel to start a journey-mapping session:",
    },
    "done_command": {"ja": "/journey start タイトル", "en": "/journey start <title>"},
    "open_slack": {"ja": "Slack を開く", "en": "Open Slack"},
    "failed_title": {"ja": "インストールできませんでした", "en": "The install did not complete"},
    "failed_expired": {
        "ja": "このインストールのリンクは期限切れか、すでに使われています。もう一度最初からお試しください。",
        "en": "This install link has expired or was already used. Please start again.",
    },
    "failed_cancelled": {"ja": "インストールはキャンセルされました。", "en": "The install was cancelled."},
    "failed_error": {
        "ja": "Slack からインストールを確認できませんでした。少し待ってから、もう一度お試しください。",
        "en": "Slack did not confirm the install. Please wait a moment and try again.",
    },
    "install_again": {"ja": "もう一度インストールする", "en": "Install again"},
}

# Bolt answers a slash command or button from a workspace without an installation with this (both
# languages: nothing tells which one the workspace speaks once its install is gone).
NOT_INSTALLED = (
    "Journey Bot はこのワークスペースにインストールされていません。管理者に再インストールを依頼してください。\n"
    "Journey Bot is not installed in this workspace any more: ask an admin to install it again."
)


def text(key: str, lang: str, **values: object) -> str:
    return render_from(TEXTS, key, lang, **values)
