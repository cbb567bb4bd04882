"""The shipped notes: Markdown files with front matter in knowledge/notes/<lang>/*.md.

Front matter says what a note is for (title, topic, step, stage, language, sources); tips use it
to pick notes for a session step without any retrieval, and ingestion copies it into the chunks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from knowledge.chunking import CHUNKING, Document, load_document

__all__ = ["NOTES_DIR", "Note", "load_notes", "note_documents", "notes_fingerprint"]

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


def note_documents(root: Path = NOTES_DIR) -> list[Document]:
    """Every note as a Document keyed by its path relative to the notes' parent directory."""
    return [load_document(path, key=f"notes/{path.relative_to(root).as_posix()}") for path in _note_files(root)]


def _text(value: object) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text if text and text.lower() not in ("null", "none") else None


def load_notes(root: Path = NOTES_DIR) -> list[Note]:
    """Parsed notes; the language falls back to the folder name, the step to "general"."""
    notes = []
    for doc in note_documents(root):
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


def notes_fingerprint(root: Path = NOTES_DIR) -> str:
    """A hash of every note file's path and bytes and of the chunking settings: cheap to compute at start,
    changes with any edit."""
    h = hashlib.sha256(CHUNKING.encode())
    for path in _note_files(root):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()
