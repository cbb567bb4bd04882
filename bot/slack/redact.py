"""Keep Slack tokens out of logs, whatever logs them (ours, Bolt's, an exception's repr).

slack_sdk already hides the Authorization header; this is the net under everything else: a filter on
every root handler that masks anything shaped like a Slack token before it is written.
"""

from __future__ import annotations

import logging
import re

__all__ = ["TokenRedactor", "install_redaction", "redact"]

_TOKEN = re.compile(r"\b(xox[abposre]|xapp)-[A-Za-z0-9-]+")


def redact(text: str) -> str:
    return _TOKEN.sub(lambda m: f"{m.group(1)}-***", text)


class TokenRedactor(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install_redaction(logger: logging.Logger | None = None) -> None:
    """Add the redactor to every handler of `logger` (the root logger by default), once."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, TokenRedactor) for f in handler.filters):
            handler.addFilter(TokenRedactor())
