"""Tips during a mapping session: one or two short excerpts of notes for the current step and stage.

Notes declare what they are for in their front matter (step, stage, language), so most tips need no
retrieval at all; only a step with no note of its own falls back to a search. Tips are cached per
(step, stage, lang, limit) and never raise: a broken knowledge base must not stop a session.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Sequence

from journeys.replies import Source, Tip
from journeys.steps import STAGE_TEMPLATES, Step
from knowledge.answer import excerpt
from knowledge.notes import Note
from knowledge.search import Passage

__all__ = ["KnowledgeTips"]

log = logging.getLogger(__name__)
TIP_CHARS = 200

# Stage names of every template, in both languages, mapped to one key ("認知" == "Awareness").
_STAGE_KEYS: dict[str, str] = {}
for _ja, _en in STAGE_TEMPLATES.values():
    for _j, _e in zip(_ja, _en, strict=True):
        _STAGE_KEYS.setdefault(_j.casefold(), _e.casefold())
        _STAGE_KEYS.setdefault(_e.casefold(), _e.casefold())


def stage_key(stage: str | None) -> str | None:
    if not stage:
        return None
    folded = stage.strip().casefold()
    return _STAGE_KEYS.get(folded, folded)


def _lead(body: str) -> str:
    """The note's opening paragraph (its headings skipped, also one right above the text), shortened to a tip."""
    prose = "\n".join(line for line in body.splitlines() if not line.lstrip().startswith("#"))
    prose = re.sub(r"\*\*|__", "", prose)  # emphasis marks would show as they are in Slack and the terminal
    paragraphs = [p.strip() for p in prose.split("\n\n") if p.strip()]
    lead = paragraphs[0] if paragraphs else body.strip()
    if lead.endswith((":", "：")) and len(paragraphs) > 1:  # `… has three stages:` promises the list after it
        return excerpt(f"{lead}\n{paragraphs[1]}", 2 * TIP_CHARS)
    return excerpt(lead, TIP_CHARS)


class KnowledgeTips:
    """Implements journeys.ports.TipSource from the notes' front matter, with retrieval as fallback."""

    def __init__(self, notes: Sequence[Note], *, search: Callable[[str, int], list[Passage]] | None = None) -> None:
        self.notes = list(notes)
        self.search = search
        self._cache: dict[tuple[str, str | None, str, int], list[Tip]] = {}
        self._lock = threading.Lock()

    def tips(self, *, step: Step, stage: str | None, lang: str, limit: int = 2) -> list[Tip]:
        key = (str(step), stage_key(stage), lang, limit)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return list(cached)
        try:
            found = self._from_notes(str(step), stage_key(stage), lang, limit)
            if not found and self.search is not None:
                found = self._from_search(str(step), stage, lang, limit)
        except Exception:  # a tip is a nicety: never let it break the session
            log.exception("tips for %s/%s failed", step, stage)
            return []
        with self._lock:
            self._cache[key] = found
        return list(found)

    def _from_notes(self, step: str, stage: str | None, lang: str, limit: int) -> list[Tip]:
        def rank(note: Note) -> int:
            """0 the step at this stage, 1 the step's own topic, 2 this stage, 3 the step; 9 unrelated."""
            same_stage = stage is not None and stage_key(note.stage) == stage
            if note.step == step and same_stage:
                return 0
            if note.step == step and note.stage is None:
                return 1 if note.topic == step else 3
            return 2 if same_stage else 9

        ranked = sorted((n for n in self.notes if n.language == lang), key=lambda n: (rank(n), n.ref))
        picked = [n for n in ranked if rank(n) < 9][:limit]
        return [Tip(text=_lead(n.body), source=Source(title=n.title, ref=n.ref)) for n in picked]

    def _from_search(self, step: str, stage: str | None, lang: str, limit: int) -> list[Tip]:
        assert self.search is not None
        query = " ".join(part for part in (step.replace("_", " "), stage) if part)
        passages = [p for p in self.search(query, 6) if p.metadata.get("language") in (None, lang)]
        seen: dict[str, Passage] = {}
        for passage in passages:
            seen.setdefault(passage.source, passage)
        return [
            Tip(text=excerpt(p.text, TIP_CHARS), source=Source(title=p.source, ref=str(p.metadata.get("doc", ""))))
            for p in list(seen.values())[:limit]
        ]
