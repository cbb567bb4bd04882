"""`/journey export`: the map as files in the session thread (picture, Markdown, CSV, JSON).

Rendering the picture imports matplotlib, which is slow to load; it is imported here, on the worker,
the first time someone exports, so it never weighs on start-up or on an ack.
"""

from __future__ import annotations

import json
import logging
import re

from bot.slack.canvas import post_canvas
from bot.slack.deps import Deps
from bot.slack.mrkdwn import escape
from journeys.state import SessionState
from prompts.slack import text

__all__ = ["ALL_FORMATS", "export_key", "formats_in", "post_exports"]

logger = logging.getLogger(__name__)
ALL_FORMATS: tuple[str, ...] = ("png", "md", "csv", "json")
_ALIASES = {"png": "png", "picture": "png", "image": "png", "画像": "png", "md": "md", "markdown": "md",
            "csv": "csv", "json": "json"}


def export_key(journey_id: str) -> str:
    """The worker key of a journey's exports: not the journey's own key, whose tasks (applying answers) a click
    may wait for (bot/slack/received.py `settle`); an export takes seconds and must not hold them up. Exports of
    one journey still run one after another."""
    return f"export:{journey_id}"


def formats_in(args: str) -> tuple[str, ...]:
    """The formats named in the command's arguments; all of them when none is named."""
    named = [_ALIASES[token] for token in args.lower().split() if token in _ALIASES]
    return tuple(dict.fromkeys(named)) or ALL_FORMATS


def _slug(title: str) -> str:
    return re.sub(r"[^\w-]+", "_", title, flags=re.UNICODE).strip("_")[:60] or "journey"


def post_exports(deps: Deps, *, state: SessionState, formats: tuple[str, ...], lang: str) -> None:
    from journeys.export import to_csv, to_journey_map, to_markdown

    journey_map = to_journey_map(state)
    name = _slug(state.title)
    uploads: list[dict[str, object]] = []
    if "png" in formats:
        try:
            from journeys.picture import render_png

            uploads.append({"content": render_png(journey_map), "filename": f"{name}.png", "title": state.title})
        except ImportError:
            logger.warning("journeys.picture.render is not available; exporting without the picture")
    if "md" in formats:
        markdown = to_markdown(state, lang)
        if not post_canvas(deps, state=state, markdown=markdown, lang=lang):  # the canvas, else the file
            uploads.append({"content": markdown, "filename": f"{name}.md", "title": state.title})
    if "csv" in formats:
        uploads.append({"content": to_csv(state), "filename": f"{name}.csv", "title": state.title})
    if "json" in formats:
        uploads.append({"content": json.dumps(journey_map, ensure_ascii=False, indent=2),
                        "filename": f"{name}.json", "title": state.title})
    if not uploads:
        return
    deps.client.files_upload_v2(file_uploads=uploads, channel=state.channel_id, thread_ts=state.thread_ts,
                                initial_comment=text("export_done", lang, title=escape(state.title)),
                                request_file_info=False)
