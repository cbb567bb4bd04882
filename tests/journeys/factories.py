"""Builders for engine tests: a fresh session and a tiny driver that numbers messages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from journeys.events import Answer, AnyEvent
from journeys.flow import Context, Outcome, advance
from journeys.parsing.items import START_PREFIX, derive_settings
from journeys.state import Contribution, SessionState
from journeys.steps import Step

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


class FakeKpis:
    """A two-entry KPI catalogue: enough to see resolution and suggestions flow through the engine."""

    def suggest(self, *, stage: str, lang: str, limit: int = 3, about: str = "") -> list[tuple[str, str]]:
        return [("ctr", "クリック率" if lang == "ja" else "Click-through rate")][:limit]

    def resolve(self, term: str) -> tuple[str, str] | None:
        return {"nps": ("nps", "NPS"), "ctr": ("ctr", "CTR")}.get(term.strip().lower())


def new_state(title: str = "EC購入体験", lang: str = "ja") -> SessionState:
    state = SessionState(
        journey_id="j1", title=title, team_id="T1", channel_id="C1", thread_ts=None, created_by="U1",
        created_at=T0, updated_at=T0, language=lang,
        contributions=(Contribution(f"{START_PREFIX}j1", "U1", title, Step.SCOPE, None, T0),),
    )
    return derive_settings(state)


class Driver:
    """Feeds numbered messages to the pure engine and keeps the latest state and replies."""

    def __init__(self, state: SessionState | None = None, ctx: Context | None = None) -> None:
        self.state = state or new_state()
        self.ctx = ctx or Context(kpis=FakeKpis())
        self.count = 0
        self.last = Outcome(self.state)

    def at(self) -> datetime:
        return T0 + timedelta(minutes=self.count)

    def say(self, text: str, author: str = "U1") -> Outcome:
        self.count += 1
        return self.send(Answer(text, author, f"m{self.count}", self.at()))

    def send(self, event: AnyEvent) -> Outcome:
        self.last = advance(self.state, event, self.ctx)
        self.state = self.last.state
        return self.last

    def goto(self, step: Step) -> None:
        while self.state.step is not step:
            self.say("スキップ")

    @property
    def texts(self) -> list[str]:
        return [reply.text for reply in self.last.replies]


def at_blueprint_lanes(stages: str, *, title: str = "EC購入体験", lang: str = "ja") -> Driver:
    """A service blueprint session at its blueprint step, with `stages` (as typed at the stages step)."""
    driver = Driver(new_state(title, lang=lang))
    driver.say("サービスブループリント" if lang == "ja" else "service blueprint")
    driver.goto(Step.STAGES)
    driver.say(stages)
    driver.goto(Step.BLUEPRINT)
    return driver


def blueprint_session() -> Driver:
    """A service blueprint session driven through the engine up to its blueprint lanes (stages 認知, 購入)."""
    driver = Driver()
    driver.say("サービスブループリント")
    driver.goto(Step.STAGES)
    driver.say("認知、購入")
    driver.goto(Step.ACTIONS)
    driver.say("来店して商品を探す\n購入: レジで支払う")
    driver.goto(Step.BLUEPRINT)
    driver.say("表舞台: 店員が在庫を確認、売場へ案内\n裏舞台：倉庫システムで引当\n"
               "支援: 在庫管理システム\n担当: 店舗運営チーム")
    driver.say("【購入】バックステージ: 決済の照合")
    driver.say("購入: サポート: POSレジ")
    driver.say("購入: 責任者: 店長")
    driver.say("購入: オーナー: 店舗運営部")  # the latest owner wins
    driver.say("POPで新商品を案内")  # no label: frontstage
    return driver
