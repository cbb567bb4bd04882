"""Builds the knowledge base from Settings (kept apart from bot.wiring so importing it stays cheap)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    from knowledge.service import KnowledgeBase

__all__ = ["build_knowledge"]


def build_knowledge(settings: Settings) -> KnowledgeBase:
    """The knowledge base over CHROMA_URL (a server) or CHROMA_PATH (embedded), EMBEDDING_MODEL, LLM_MODEL.

    Nothing is opened or loaded until the first search: building it costs nothing at start-up.
    """
    from knowledge.service import KnowledgeBase

    return KnowledgeBase(
        chroma_path=None if settings.chroma_url else settings.chroma_path,
        chroma_url=settings.chroma_url,
        embedding_model=settings.embedding_model,
        llm_model=settings.llm_model,
    )

