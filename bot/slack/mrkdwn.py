"""Escaping user text for Slack's mrkdwn.

Stored answers are echoed back (summaries, "recorded: …", exports in the thread). Slack turns `<!channel>`,
`<!here>`, `<@U…>` and `<url|label>` into pings and links, so every text we did not write ourselves has its
`&`, `<` and `>` escaped — the three characters Slack documents as control characters.
"""

from __future__ import annotations

__all__ = ["escape"]

_TABLE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def escape(text: str) -> str:
    """`text` with Slack's control characters escaped, so it renders literally and pings no one."""
    return text.translate(_TABLE)
