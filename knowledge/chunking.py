"""Documents (Markdown, text, HTML) and their chunks, with ids that are hashes of their content.

A chunk's stored text starts with its context (document title, section) so both retrievers see
what the passage is about; `content_start` marks where the passage proper begins, for display.
Ids hash the document key and the text, so re-ingesting unchanged text produces the same ids.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.reading import read_text_file
from knowledge.yaml_text import YAMLError, load_yaml

__all__ = ["CHUNK_OVERLAP", "CHUNK_SIZE", "Chunk", "Document", "load_document", "split_document"]

CHUNK_SIZE = 500
CHUNK_OVERLAP = 60
# A tail shorter than this ("- one last bullet") is no passage on its own: it joins its neighbour, up to
# MAX_MERGED characters (well under the embedding model's 512 tokens).
MIN_CHUNK = 200
MAX_MERGED = 750
# Sentence ends and commas of both languages, after paragraphs and lines.
SEPARATORS = ["\n\n", "\n", "。", ". ", "！", "? ", "？", "、", ", ", " ", ""]
SUFFIXES = {".md": "md", ".markdown": "md", ".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html"}
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_H1 = re.compile(r"^#\s+(.+)$", re.MULTILINE)

Meta = dict[str, str | int | float | bool]

# Part of the notes' fingerprint: a change in how text is cut re-indexes the shipped notes on next start.
CHUNKING = f"v2 size={CHUNK_SIZE} overlap={CHUNK_OVERLAP} min={MIN_CHUNK} max={MAX_MERGED} sep={SEPARATORS!r}"


@dataclass(frozen=True)
class Document:
    key: str  # stable identity of the document (its path); chunks of an older version share it
    title: str
    kind: str  # "md" | "txt" | "html"
    body: str
    metadata: Meta = field(default_factory=dict)


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str  # context line(s) + passage
    content_start: int
    metadata: Meta

    @property
    def content(self) -> str:
        return self.text[self.content_start :]

    @property
    def content_hash(self) -> str:
        return str(self.metadata["content_hash"])


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_front_matter(raw: str) -> tuple[dict[str, Any], str]:
    """(front matter mapping, body) of a Markdown text; an unreadable block is treated as body."""
    match = _FRONT_MATTER.match(raw)
    if not match:
        return {}, raw
    try:
        data = load_yaml(match.group(1))
    except YAMLError:
        return {}, raw
    return (data if isinstance(data, dict) else {}), raw[match.end() :]


def html_to_text(html: str) -> tuple[str, str]:
    """(title, visible text) of an HTML page; scripts, styles and navigation dropped."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "template"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if not title and (h1 := soup.find("h1")):
        title = h1.get_text(" ", strip=True)
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return title, "\n".join(line for line in lines if line)


def load_document(path: Path, *, key: str | None = None) -> Document:
    """Read a Markdown, text or HTML file. Raises ValueError (with the reason) for other suffixes, binary,
    oversized or non-regular files."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ValueError(f"unsupported file type {path.suffix or '(none)'}: {path.name}")
    raw = read_text_file(path)
    key = key or str(path.resolve())
    meta: Meta = {}
    if kind == "html":
        title, body = html_to_text(raw)
    elif kind == "md":
        front, body = split_front_matter(raw)
        h1 = _H1.search(body)
        title = str(front.get("title") or (h1.group(1).strip() if h1 else ""))
        meta = {k: _meta_value(v) for k, v in front.items() if k != "title" and v is not None}
    else:
        title, body = "", raw
    return Document(key=key, title=title or path.stem, kind=kind, body=body, metadata=meta)


def _meta_value(value: object) -> str | int | float | bool:
    if isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)


def _sections(doc: Document) -> list[tuple[str, str]]:
    """(section heading path, text) pieces: Markdown by headers, everything else as one piece."""
    if doc.kind != "md":
        return [("", doc.body)]
    from langchain_text_splitters import MarkdownHeaderTextSplitter

    splitter = MarkdownHeaderTextSplitter(
        headers_to_split_on=[("#", "h1"), ("##", "h2"), ("###", "h3")], strip_headers=True
    )
    pieces = []
    for part in splitter.split_text(doc.body):
        heads = [str(part.metadata[h]) for h in ("h1", "h2", "h3") if h in part.metadata]
        heads = [h for h in heads if h != doc.title]
        pieces.append((" › ".join(heads), part.page_content))
    return pieces


def _merge_small(pieces: list[str]) -> list[str]:
    """Join pieces shorter than MIN_CHUNK to the previous one (dropping the splitter's overlap)."""
    merged: list[str] = []
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        if merged and min(len(merged[-1]), len(piece)) < MIN_CHUNK and len(merged[-1]) + len(piece) <= MAX_MERGED:
            previous = merged[-1]
            overlap = next((n for n in range(min(len(previous), len(piece), CHUNK_OVERLAP), 0, -1)
                            if previous.endswith(piece[:n])), 0)
            merged[-1] = f"{previous}\n{piece[overlap:].lstrip()}" if overlap == 0 else previous + piece[overlap:]
        else:
            merged.append(piece)
    return merged


def split_document(doc: Document) -> list[Chunk]:
    """Chunks of ~CHUNK_SIZE characters; identical passages inside one document are kept once."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, separators=SEPARATORS, keep_separator="end"
    )
    # Plain text has no reliable title (a file name), so only Markdown/HTML passages get a context line.
    with_context = doc.kind != "txt"
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for section, text in _sections(doc):
        for piece in _merge_small(splitter.split_text(text)):
            context = " › ".join(p for p in (doc.title, section) if p) if with_context else ""
            full = f"{context}\n{piece}" if context else piece
            content_hash = digest(full)
            if content_hash in seen:
                continue
            seen.add(content_hash)
            meta: Meta = {
                **doc.metadata,
                "title": doc.title,
                "doc": doc.key,
                "section": section,
                "content_hash": content_hash,
                "content_start": len(full) - len(piece),
                "order": len(chunks),  # its place in the document: an answer quotes a note's chunks in order
            }
            chunk_id = digest(f"{doc.key}\x00{content_hash}")[:32]
            chunks.append(Chunk(id=chunk_id, text=full, content_start=len(full) - len(piece), metadata=meta))
    return chunks
