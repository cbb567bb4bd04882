"""A team's files are read as they were written, or refused with a reason — never as mojibake or a hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from knowledge.chunking import load_document
from knowledge.ingest import collect_files, load_documents
from knowledge.reading import read_text_file, text_of

JA = "カスタマージャーニーマップは四半期ごとに見直します。"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (JA.encode("utf-8"), JA),
        (b"\xef\xbb\xbf" + JA.encode("utf-8"), JA),  # UTF-8 with a BOM (Notepad)
        (JA.encode("cp932"), JA),  # Shift_JIS from a Japanese Windows machine
        ("Café crème, naïve résumé — 5 €".encode("cp1252"), "Café crème, naïve résumé — 5 €"),
        ("Ça coûte très cher".encode("latin-1"), "Ça coûte très cher"),
        (JA.encode("utf-16"), JA),
    ],
)
def test_common_encodings_are_decoded(raw: bytes, expected: str) -> None:
    assert text_of(raw) == expected


def test_binary_files_are_refused() -> None:
    with pytest.raises(ValueError, match="binary"):
        text_of(b"%PDF-1.7\n\x00\x01\x02 stream")


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "log.txt"
    big.write_bytes(b"a" * 5000)
    with pytest.raises(ValueError, match="too large"):
        read_text_file(big, limit=4096)
    assert read_text_file(big, limit=5000) == "a" * 5000


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_pipe_is_named_as_such_and_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "notes.md"
    os.mkfifo(fifo)
    files, skipped = collect_files([fifo, tmp_path / "missing.md"])
    assert files == []
    assert skipped == [f"{fifo}: not a regular file (a pipe or device)", f"{tmp_path / 'missing.md'}: not found"]
    docs, reasons = load_documents([fifo])  # a pipe inside a directory listing is refused too, without blocking
    assert docs == [] and "not a regular file" in reasons[0]


def test_a_shift_jis_markdown_file_keeps_its_japanese(tmp_path: Path) -> None:
    path = tmp_path / "社内メモ.md"
    path.write_bytes(f"# 見直しの頻度\n\n{JA}\n".encode("cp932"))
    doc = load_document(path)
    assert doc.title == "見直しの頻度"
    assert JA in doc.body
