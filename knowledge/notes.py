"""The shipped notes: Markdown files with front matter in knowledge/notes/<lang>/*.md, plus the KPI
catalogue (knowledge/kpis.yaml) rendered as one note per KPI and language (knowledge.kpi_documents).

Front matter says what a note is for (title, topic, step, stage, language, sources); tips use it
to pick notes for a session step without any retrieval, and ingestion copies it into the chunks.
Tips read the Markdown notes only: a KPI's definition is an answer, not a tip for the KPI step.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from knowledge.chunking import CHUNKING, Document, load_document
from knowledge.kpi_documents import KPIS_FILE, RENDERER, kpi_documents

__all__ = ["KPIS_FILE", "NOTES_DIR", "Note", "load_notes", "note_documents", "notes_fingerprint"]

NOTES_DIR = Path(__file__).with_name("notes")


@dataclass(frozen=True)
class Note:
    ref: str  # "notes/ja/persona-definition.md": stable across installs, used as the document key
    title: str
    topic: str
    step: str
    stage: str | None
    language: str
    body: str


def _note_files(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*/*.md") if p.is_file())


def _markdown_documents(root: Path) -> list[Document]:
    return [load_document(path, key=f"notes/{path.relative_to(root).as_posix()}") for path in _note_files(root)]


def note_documents(root: Path = NOTES_DIR, kpis: Path | None = KPIS_FILE) -> list[Document]:
    """Every note as a Document keyed by its path relative to the notes' parent directory, then every KPI
    of the catalogue `kpis` in both languages (`notes/<lang>/kpis.yaml#<id>`; None: no KPIs)."""
    return _markdown_documents(root) + kpi_documents(kpis)


def _text(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text if text and text.lower() not in ("null", "none") else None


def load_notes(root: Path = NOTES_DIR) -> list[Note]:
    """Parsed Markdown notes; the language falls back to the folder name, the step to "general"."""
    notes = []
    for doc in _markdown_documents(root):
        meta = doc.metadata
        folder = doc.key.split("/")[1]
        notes.append(
            Note(
                ref=doc.key,
                title=doc.title,
                topic=_text(meta.get("topic")) or "",
                step=_text(meta.get("step")) or "general",
                stage=_text(meta.get("stage")),
                language=_text(meta.get("language")) or folder,
                body=doc.body,
            )
        )
    return notes


def notes_fingerprint(root: Path = NOTES_DIR, kpis: Path | None = KPIS_FILE) -> str:
    """A hash of every note file's path and bytes, of the KPI catalogue's and its renderer's bytes and of
    the chunking settings: cheap to compute at start (nothing is parsed), changes with any edit."""
    h = hashlib.sha256(CHUNKING.encode())
    for path in _note_files(root):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    if kpis is not None:
        h.update(b"kpis.yaml\0")
        h.update(kpis.read_bytes())
        h.update(b"\0")
        h.update(RENDERER.read_bytes())
    return h.hexdigest()
