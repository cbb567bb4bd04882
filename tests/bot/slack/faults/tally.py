"""Counting what a fault did to a burst of answers: the one table every fault scenario prints.

An answer is a unique token (`回答007`) sent as a thread reply. After the fault and a settling time the
scenario counts, per token: the HTTP attempts Slack made and what they got (acknowledged = one of them
got a 200), the contributions stored with that text, and the bot's posts in its thread that mention it
(the "recorded" reply). From those:

* lost        — acknowledged but not stored (Slack will never send it again: gone for good);
* duplicated  — stored more than once, or replied to more than once;
* replies owed — one per stored answer; posted — stored answers with at least one reply.

Nothing lost, nothing duplicated and every owed reply posted is what "exactly once" means here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

__all__ = ["COLUMNS", "Tally", "count", "table", "token"]

COLUMNS = ("sent", "acknowledged", "stored", "duplicated", "lost", "replies owed", "replies posted")


def token(n: int) -> str:
    """The text of answer `n`: fixed width, so no token is a prefix of another."""
    return f"回答{n:04d}"


@dataclass(frozen=True)
class Tally:
    scenario: str
    backend: str
    sent: int
    acknowledged: int
    stored: int
    duplicated: int
    lost: int
    owed: int
    posted: int

    def values(self) -> tuple[int, ...]:
        return tuple(getattr(self, f.name) for f in fields(self)[2:])

    def line(self) -> str:
        pairs = ", ".join(f"{name} {value}" for name, value in zip(COLUMNS, self.values(), strict=True))
        return f"{self.scenario} [{self.backend}]: {pairs}"

    def assert_at_least_once(self, *, duplicate_replies: int) -> None:
        """Nothing lost, every owed reply posted; at most `duplicate_replies` replies posted twice (a process
        killed between Slack accepting a post and its record: the next one cannot tell it was posted)."""
        print(self.line())
        assert self.lost == 0 and self.acknowledged == self.stored == self.sent, self.line()
        assert self.posted == self.owed == self.stored and self.duplicated <= duplicate_replies, self.line()

    def assert_exactly_once(self) -> None:
        """Every answer acknowledged (after Slack's retries), stored once and replied to once."""
        print(self.line())  # shown with -s, and in the failure report otherwise
        assert self.lost == 0 and self.duplicated == 0, self.line()
        assert self.acknowledged == self.stored == self.sent, self.line()
        assert self.posted == self.owed == self.stored, self.line()


def count(*, scenario: str, backend: str, sent: Sequence[str], acknowledged: Iterable[str],
          stored: Iterable[str], replies: Iterable[str]) -> Tally:
    """`stored`: the text of every stored contribution; `replies`: the text of every post the bot made in
    the answers' threads (each is searched for every token)."""
    tokens = list(sent)
    acked = set(acknowledged) & set(tokens)
    kept = Counter(text.strip() for text in stored)
    said = list(replies)
    replied = Counter({t: sum(t in text for text in said) for t in tokens})
    stored_once = {t for t in tokens if kept[t] >= 1}
    duplicated = {t for t in tokens if kept[t] > 1 or replied[t] > 1}
    return Tally(scenario=scenario, backend=backend, sent=len(tokens), acknowledged=len(acked),
                 stored=len(stored_once), duplicated=len(duplicated), lost=len(acked - stored_once),
                 owed=len(stored_once), posted=len({t for t in stored_once if replied[t] >= 1}))


def table(tallies: Sequence[Tally]) -> str:
    """A Markdown table, one row per scenario (the closing note's figures)."""
    head = ["scenario", "backend", *COLUMNS]
    rows = [[t.scenario, t.backend, *(str(v) for v in t.values())] for t in tallies]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
