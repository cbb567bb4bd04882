"""The optional LLM: a LangChain chain that writes a short answer grounded in numbered passages.

`LLM_MODEL` is any `init_chat_model` string (`openai:gpt-4o-mini`, `anthropic:…`, `ollama:…`);
LangChain is imported only when one is configured, so the bot without an LLM starts faster.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from knowledge.search import Passage
from prompts.knowledge import LLM_SYSTEM, LLM_USER, NOT_COVERED_MARK

__all__ = ["ChainWriter", "make_writer"]


def number_passages(passages: Sequence[Passage]) -> str:
    return "\n\n".join(f"[{i}] ({p.source}) {p.text}" for i, p in enumerate(passages, start=1))


class ChainWriter:
    """prompt | chat model | text; implements knowledge.answer.GroundedWriter."""

    def __init__(self, chat_model: Any) -> None:
        from langchain_core.output_parsers import StrOutputParser
        from langchain_core.prompts import ChatPromptTemplate

        self._chains = {
            lang: ChatPromptTemplate.from_messages(
                [("system", LLM_SYSTEM[lang].replace("{", "{{").replace("}", "}}")), ("human", LLM_USER[lang])]
            )
            | chat_model
            | StrOutputParser()
            for lang in LLM_SYSTEM
        }

    def write(self, question: str, passages: Sequence[Passage], lang: str) -> str | None:
        chain = self._chains.get(lang) or self._chains["en"]
        text = str(chain.invoke({"question": question, "passages": number_passages(passages)})).strip()
        if not text or NOT_COVERED_MARK in text:
            return None
        return text


def make_writer(llm_model: str, **kwargs: Any) -> ChainWriter:
    """A writer over `init_chat_model(llm_model)`; a clear error when the provider package is missing."""
    from langchain.chat_models import init_chat_model

    try:
        model = init_chat_model(llm_model, temperature=0, **kwargs)
    except ImportError as exc:
        raise RuntimeError(f"LLM_MODEL={llm_model!r} needs its LangChain provider package: {exc}") from exc
    return ChainWriter(model)
