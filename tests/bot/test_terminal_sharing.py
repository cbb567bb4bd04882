"""Votes, ratings and a review date typed in the terminal by two people (`/as`), stored in SQLite."""

from __future__ import annotations

import io
import json
from pathlib import Path

from bot.terminal import TerminalSession
from journeys.service import JourneyService
from journeys.steps import ItemKind
from journeys.storage import JourneyRepository, create_db_engine
from tests.bot.test_terminal import Clock

SCRIPT = """ペインポイントへ
送料が高い @カート画面
改善機会へ
送料無料ラインを表示
評価 1 影響:高 工数:低
レビューへ
投票 1 2
/as 鈴木
vote 1
vote 1
見直し 2026-06-01
"""


def test_two_people_vote_rate_and_schedule_in_the_terminal(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'journeys.db'}")
    service = JourneyService(repository=JourneyRepository(engine))
    out = io.StringIO()
    session = TerminalSession(service, author="佐藤", jsonl=True, out=out, tips=False, clock=Clock())
    assert session.open(title="EC購入体験", journey_id=None)
    session.run(SCRIPT.splitlines())
    replies = [" ".join(json.loads(line)["replies"]) for line in out.getvalue().splitlines()]
    assert any("もう投票済み" in reply for reply in replies)  # the second `vote 1` by 鈴木
    assert session.state is not None
    stored = service.get(journey_id=session.state.journey_id)
    assert stored is not None
    [pain] = stored.items_of(ItemKind.PAIN_POINT)
    [opportunity] = stored.items_of(ItemKind.OPPORTUNITY)
    assert pain.touchpoint == "カート画面"
    assert (opportunity.impact, opportunity.effort) == (3, 1)
    assert stored.vote_count(pain.item_id) == 2 and stored.vote_count(opportunity.item_id) == 1
    assert [r.due_on.isoformat() for r in stored.reviews] == ["2026-06-01"]
    engine.dispose()
