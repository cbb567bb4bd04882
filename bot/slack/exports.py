"""`/journey export`: the map as files in the session thread (picture, Markdown, CSV, JSON, XLSX, SVG, PDF).

Rendering the picture imports matplotlib, which is slow to load; it is imported here, on the worker,
the first time someone exports, so it never weighs on start-up or on an ack. The bytes of every format
are the CLI's (`journeybot export --format …`, bot/commands/maps.py), so a file looks the same from both.
"""

from __future__ import annotations

import logging
import re
import time

from bot.slack.canvas import post_canvas
from bot.slack.deps import Deps
from bot.slack.mrkdwn import escape
from journeys.state import SessionState
from prompts.slack import text

__all__ = ["ALL_FORMATS", "FORMATS", "export_key", "formats_in", "post_exports", "unknown_format",
           "unknown_format_text"]

logger = logging.getLogger(__name__)
ALL_FORMATS: tuple[str, ...] = ("png", "md", "csv", "json")  # what an export without a named format posts
FORMATS: tuple[str, ...] = ("png", "svg", "pdf", "xlsx", "md", "csv", "json")  # every format the CLI writes
_PICTURES = ("png", "svg", "pdf")
_ALIASES = {"png": "png", "picture": "png", "image": "png", "画像": "png", "svg": "svg", "pdf": "pdf",
            "xlsx": "xlsx", "excel": "xlsx", "エクセル": "xlsx", "md": "md", "markdown": "md", "csv": "csv",
            "json": "json"}
_JOURNEY_ID = re.compile(r"^[0-9a-f]{8,32}$")  # as bot/slack/listeners/commands.py selects a journey


def export_key(journey_id: str) -> str:
    """The worker key of a journey's exports: not the journey's own key, whose tasks (applying answers) a click
    may wait for (bot/slack/received.py `settle`); an export takes seconds and must not hold them up. Exports of
    one journey still run one after another."""
    return f"export:{journey_id}"


def _words(args: str) -> list[str]:
    """The format words of the command's arguments: everything but a journey's number or id (`.pdf` and
    `PDF` name pdf too)."""
    return [token.lower().lstrip(".") for token in args.split()
            if not token.isdigit() and not _JOURNEY_ID.match(token)]


def formats_in(args: str) -> tuple[str, ...]:
    """The formats named in the command's arguments; `ALL_FORMATS` when none is named."""
    named = [_ALIASES[word] for word in _words(args) if word in _ALIASES]
    return tuple(dict.fromkeys(named)) or ALL_FORMATS


def unknown_format(args: str) -> str | None:
    """The first word that names no format (`/journey export 1 docx`), else None. It used to be ignored,
    and the person got four files they had not asked for instead of being told what exists."""
    return next((word for word in _words(args) if word not in _ALIASES), None)


def unknown_format_text(word: str, lang: str) -> str:
    return text("unknown_format", lang, word=escape(word[:40]), formats=", ".join(f"`{f}`" for f in FORMATS),
                default=", ".join(f"`{f}`" for f in ALL_FORMATS))


def _slug(title: str) -> str:
    return re.sub(r"[^\w-]+", "_", title, flags=re.UNICODE).strip("_")[:60] or "journey"


def post_exports(deps: Deps, *, state: SessionState, formats: tuple[str, ...], lang: str) -> None:
    """Upload each of `formats` into the session thread (the Markdown as a canvas where the workspace allows)."""
    name = _slug(state.title)
    uploads: list[dict[str, object]] = []
    canvases = 0
    for fmt in formats:
        pages = _pages(state, fmt, lang)
        if fmt == "md" and pages and post_canvas(deps, state=state, markdown=pages[0].decode(), lang=lang):
            canvases += 1  # the canvas, else the file
            continue
        numbered = len(pages) > 1  # a picture of several pages (slides): name-1.svg, name-2.svg…
        uploads.extend({"content": page, "filename": f"{name}-{n}.{fmt}" if numbered else f"{name}.{fmt}",
                        "title": state.title} for n, page in enumerate(pages, start=1))
    if uploads:
        _upload(deps, state=state, uploads=uploads, lang=lang)
    elif not canvases:  # only a picture was asked for, and this installation cannot draw one
        deps.client.chat_postMessage(channel=state.channel_id, thread_ts=state.thread_ts,
                                     text=text("export_failed", lang, title=escape(state.title),
                                               formats=", ".join(formats)))


UPLOAD_TRIES = 2  # files_upload_v2 is three calls (URL, PUT, complete); a failed one is tried again once
UPLOAD_RETRY_SECONDS = 2.0


def _upload(deps: Deps, *, state: SessionState, uploads: list[dict[str, object]], lang: str) -> None:
    """Upload the files, trying once more after a failure; when both fail, say so in the thread: the person was
    told "exporting…" and would otherwise wait for a file that never comes."""
    for attempt in range(1, UPLOAD_TRIES + 1):
        try:
            deps.client.files_upload_v2(file_uploads=uploads, channel=state.channel_id, thread_ts=state.thread_ts,
                                        initial_comment=text("export_done", lang, title=escape(state.title)),
                                        request_file_info=False)
            return
        except Exception:
            logger.warning("Uploading the export of %s failed (try %d of %d)", state.journey_id, attempt,
                           UPLOAD_TRIES, exc_info=attempt == UPLOAD_TRIES)
            if attempt < UPLOAD_TRIES:
                time.sleep(UPLOAD_RETRY_SECONDS)
    deps.client.chat_postMessage(channel=state.channel_id, thread_ts=state.thread_ts,
                                 text=text("export_upload_failed", lang, title=escape(state.title)))


def _pages(state: SessionState, fmt: str, lang: str) -> list[bytes]:
    """The export's bytes, as the CLI writes them; none for a picture when matplotlib is not installed."""
    from bot.commands.maps import export_pages

    try:
        return export_pages(state, fmt=fmt, lang=lang)
    except ImportError:
        if fmt not in _PICTURES:
            raise
        logger.warning("journeys.picture is not available; exporting without the %s picture", fmt)
        return []
