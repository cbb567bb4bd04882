"""A stage's emotion as every surface shows it (the map, its exports, the session summary): one rule, so the summary
never says +1 where the map says 0."""

from __future__ import annotations

from datetime import UTC

from journeys.state import Item

__all__ = ["emotion_order", "latest_score"]


def emotion_order(emotions: list[Item]) -> list[Item]:
    """Oldest first by time (naive times read as UTC); equal times keep their order of entry (sorted() is stable)."""
    return sorted(emotions, key=lambda item: item.at.replace(tzinfo=UTC) if item.at.tzinfo is None
                  else item.at.astimezone(UTC))


def latest_score(emotions: list[Item]) -> int | None:
    """The stage's score: each person's latest, averaged (rounded half away from zero) — three people scoring
    -2, 2 and 1 is not the +1 the last of them said; one person answering again changes only their own."""
    latest: dict[str, int] = {}
    for item in emotion_order(emotions):
        if item.score is not None:
            latest[item.author] = item.score
    if not latest:
        return None
    mean = sum(latest.values()) / len(latest)
    return max(-2, min(2, int(mean + (0.5 if mean >= 0 else -0.5))))
