"""OAuth installs into many workspaces: the install flow over HTTP, per-workspace tokens, revocation.

Everything runs for real: Bolt's OAuth flow on slack_sdk's SQL stores in the test database (SQLite and
PostgreSQL), the `journeybot serve` HTTP stack, and the fake Web API, which issues a bot token per
workspace on `oauth.v2.access` and refuses calls without a valid one. "Which token did the bot use" is read
from the Authorization header the fake received.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from slack_bolt import BoltRequest
from sqlalchemy import Engine, func, select, update
from starlette.testclient import TestClient

from bot.settings import Settings
from bot.slack.http import asgi_app
from bot.slack.installations import InstallationStore, Installs, StateStore, slack_metadata
from bot.slack.review_scheduler import ReviewScheduler
from bot.slack.runner import SlackNotConfigured, build_slack
from bot.wiring import Container
from journeys.events import Answer
from journeys.storage import ReviewReminders, create_db_engine
from knowledge.kpi_catalogue import KpiCatalogue
from tests.bot.slack import loopback
from tests.bot.slack.fake_slack import Call, FakeSlack
from tests.bot.slack.harness import FakeKnowledge, FakeTips, Testbed

TEAM_A, TEAM_B = "T0000AAA", "T0000BBB"
CHANNEL = "C0CHAN001"
COOKIE = "slack-app-oauth-state"
START = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


@pytest.fixture
def oauth_http(db_url: str, engine: Engine, tmp_path: Path, kpi_catalogue: KpiCatalogue) -> Iterator[Testbed]:
    """The OAuth app over HTTP on each backend (`engine` migrated `db_url`: a copy of the migrated SQLite file,
    or the migrations' SQL on PostgreSQL, instead of running Alembic for each test)."""
    bed = Testbed(root=tmp_path, kpis=kpi_catalogue, http=True, db_url=db_url, oauth=True)
    try:
        yield bed
    finally:
        bed.close()


@pytest.fixture
def oauth_app(tmp_path: Path, migrated_db: Path, kpi_catalogue: KpiCatalogue) -> Iterator[Testbed]:
    """The OAuth app on SQLite, requests dispatched to Bolt (the cheap bed for the rest)."""
    copy = tmp_path / "journeys.db"
    copy.write_bytes(migrated_db.read_bytes())
    bed = Testbed(root=tmp_path, kpis=kpi_catalogue, db_url=f"sqlite:///{copy}", oauth=True)
    try:
        yield bed
    finally:
        bed.close()


def begin(bed: Testbed) -> tuple[str, httpx.Response]:
    """GET /slack/install: (the state, the response)."""
    response = bed.get("/slack/install")
    assert response.status_code == 302
    state = parse_qs(urlparse(response.headers["location"]).query)["state"][0]
    return state, response


def finish(bed: Testbed, *, code: str, state: str, lang: str = "en") -> httpx.Response:
    """The browser comes back from Slack to /slack/oauth_redirect, with the state cookie."""
    headers = {"Accept-Language": lang, "Cookie": f"{COOKIE}={state}"}
    return bed.get(f"/slack/oauth_redirect?code={code}&state={state}", headers=headers)


def install_over_http(bed: Testbed, team: str, name: str) -> str:
    """A whole install of `team`; returns the bot token Slack issued to it."""
    state, _ = begin(bed)
    bed.fake.grant(f"code-{team}", team_id=team, team_name=name)
    response = finish(bed, code=f"code-{team}", state=state, lang="ja-JP,ja;q=0.9")
    assert response.status_code == 200 and "インストールしました" in response.text, response.text
    assert bed.installs is not None
    token = bed.installs.installations.bot_token(team)
    assert token is not None and token in bed.fake.tokens
    return token


def install_by_dispatch(bed: Testbed, team: str) -> str:
    """The same through Bolt's OAuth flow object (no HTTP server)."""
    flow = bed.app.oauth_flow
    assert flow is not None and bed.installs is not None
    started = flow.handle_installation(BoltRequest(body="", query={}))
    state = parse_qs(urlparse(started.headers["location"][0]).query)["state"][0]
    bed.fake.grant(f"code-{team}", team_id=team)
    done = flow.handle_callback(BoltRequest(body="", query={"code": f"code-{team}", "state": state},
                                            headers={"cookie": f"{COOKIE}={state}"}))
    assert done.status == 200, done.body
    token = bed.installs.installations.bot_token(team)
    assert token is not None
    return token


def tokens_used(calls: list[Call]) -> set[str]:
    return {c.headers.get("authorization", "").removeprefix("Bearer ") for c in calls}


def _rows(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(slack_metadata().tables[table])).scalar_one())


def test_install_then_each_workspace_is_answered_with_its_own_token(oauth_http: Testbed,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    bed = oauth_http
    # Before any install: the install route exists (GET only), the events route is still signed.
    with loopback.client(base_url=bed.url) as browser:
        assert browser.post("/slack/install").status_code == 405
        assert browser.post("/slack/oauth_redirect").status_code == 405
        assert browser.get("/slack/events").status_code == 405
        assert browser.get("/slack/anything").status_code == 404
        assert browser.post("/slack/events", content=b"{}").status_code == 401

    state, started = begin(bed)
    authorize = urlparse(started.headers["location"])
    query = parse_qs(authorize.query)
    assert f"{authorize.scheme}://{authorize.netloc}{authorize.path}" == "https://slack.com/oauth/v2/authorize"
    assert query["client_id"] == [bed.fake.client_id]
    assert query["scope"][0].split(",") == bed.settings.scopes and "chat:write" in bed.settings.scopes
    assert f"{COOKIE}={state}" in started.headers["set-cookie"]

    bed.fake.grant("code-A", team_id=TEAM_A, team_name="Acme & Co")
    done = finish(bed, code="code-A", state=state)
    assert done.status_code == 200 and "Acme &amp; Co" in done.text and "/journey start" in done.text
    [exchange] = bed.fake.calls("oauth.v2.access")
    assert exchange.args["code"] == "code-A"
    assert bed.installs is not None
    token_a = bed.installs.installations.bot_token(TEAM_A)
    assert token_a is not None and bed.fake.tokens[token_a]["team_id"] == TEAM_A

    # A session in workspace A: the root message and the reply to an answer go out with A's token.
    root_a, journey_a = bed.start_session("オンボーディング", user="U0SATO001", team=TEAM_A)
    bed.message("ペルソナは新入社員", user="U0SATO001", thread_ts=root_a, team=TEAM_A)
    bed.idle()
    assert len(bed.thread(root_a)) >= 2
    api_calls = [c for c in bed.fake.calls() if c.method != "oauth.v2.access"]
    assert tokens_used(api_calls) == {token_a}  # every call, none unauthenticated

    # Workspace B installs; its session uses B's token, and A's thread means nothing in B.
    bed.fake.clear()
    token_b = install_over_http(bed, TEAM_B, "Beta")
    assert token_b != token_a
    root_b, journey_b = bed.start_session("Checkout", user="U0KIM0001", team=TEAM_B)
    bed.message("first-time buyers", user="U0KIM0001", thread_ts=root_b, team=TEAM_B)
    bed.message("B writing in A's thread", user="U0KIM0001", thread_ts=root_a, team=TEAM_B)
    bed.idle()
    posts_b = [c for c in bed.fake.calls() if c.method.startswith("chat.")]
    assert posts_b and tokens_used(posts_b) == {token_b}
    assert bed.thread(root_a) == []  # nothing more was posted in A's thread
    assert journey_a != journey_b

    # A uninstalls: its installation and tokens go, B is untouched, and A's journey stays.
    bed.event({"type": "app_uninstalled"}, team=TEAM_A)
    assert bed.installs.installations.bot_token(TEAM_A) is None
    assert bed.installs.installations.bot_token(TEAM_B) == token_b
    assert bed.service.get(journey_id=journey_a) is not None
    bed.fake.revoke(token_a)

    # Later events from A: acknowledged, nothing posted, no error logged.
    bed.fake.clear()
    caplog.clear()
    with caplog.at_level(logging.INFO):
        for n in range(3):
            response, _ = bed.message(f"answer {n}", user="U0SATO001", thread_ts=root_a, team=TEAM_A)
            assert response.status_code == 200
        bed.idle()
    assert bed.fake.calls() == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert sum("No installation for workspace" in r.getMessage() for r in caplog.records) == 1
    # B still works.
    bed.message("still here", user="U0KIM0001", thread_ts=root_b, team=TEAM_B)
    bed.idle()
    assert tokens_used(bed.fake.calls("chat.postMessage")) == {token_b}


def test_a_bad_state_is_refused_with_a_page_and_stores_nothing(oauth_app: Testbed, tmp_path: Path) -> None:
    bed = oauth_app
    flow = bed.app.oauth_flow
    assert flow is not None and bed.installs is not None
    bed.fake.grant("code-A", team_id=TEAM_A)

    def callback(state: str, *, cookie: str | None = None, lang: str = "en",
                 **query: str) -> tuple[int, str]:
        response = flow.handle_callback(BoltRequest(
            body="", query={"code": "code-A", "state": state, **query},
            headers={"cookie": f"{COOKIE}={state if cookie is None else cookie}", "accept-language": lang}))
        assert isinstance(response.body, str)
        return response.status, response.body

    def issued() -> str:
        started = flow.handle_installation(BoltRequest(body="", query={}))
        return parse_qs(urlparse(started.headers["location"][0]).query)["state"][0]

    forged = callback("forged-state")
    assert forged[0] == 401 and "expired or was already used" in forged[1] and "/slack/install" in forged[1]
    assert callback("偽物", lang="ja-JP")[1].count("期限切れ") == 1
    mismatched = callback(issued(), cookie="another-browser")  # a link forwarded to someone else's browser
    assert mismatched[0] == 400
    expired = issued()
    with bed.engine.begin() as conn:
        states = bed.installs.states.oauth_states
        conn.execute(update(states).where(states.c.state == expired).values(expire_at=datetime(2000, 1, 1)))
    assert callback(expired)[0] == 401
    cancelled = callback(issued(), error="access_denied")
    assert cancelled[0] == 200 and "cancelled" in cancelled[1]
    assert bed.fake.calls("oauth.v2.access") == [] and _rows(bed.engine, "slack_bots") == 0

    state = issued()
    assert callback(state)[0] == 200
    bed.fake.grant("code-A", team_id=TEAM_A)
    assert callback(state)[0] == 401  # the same state again: refused, nothing stored twice
    assert _rows(bed.engine, "slack_bots") == 1 and _rows(bed.engine, "slack_installations") == 1


@pytest.mark.parametrize("event", [
    {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UT0000AAABOT"]}},
    {"type": "app_uninstalled"},
])
def test_revoked_or_uninstalled_workspace_loses_its_tokens(oauth_app: Testbed, event: dict[str, object]) -> None:
    bed = oauth_app
    token_a = install_by_dispatch(bed, TEAM_A)
    token_b = install_by_dispatch(bed, TEAM_B)
    root, _ = bed.start_session("Onboarding", user="U0SATO001", team=TEAM_A)
    assert bed.event(event, team=TEAM_A).status_code == 200
    assert bed.installs is not None
    assert bed.installs.installations.bot_token(TEAM_A) is None
    assert bed.installs.installations.find_installation(enterprise_id=None, team_id=TEAM_A) is None
    assert bed.installs.installations.bot_token(TEAM_B) == token_b
    bed.fake.clear()
    response, _ = bed.message("persona", user="U0SATO001", thread_ts=root, team=TEAM_A)
    bed.idle()
    assert response.status_code == 200 and bed.fake.calls("chat.postMessage") == []
    assert token_a != token_b


def test_two_workers_share_one_state_store(db_url: str, engine: Engine) -> None:
    """An install begun on one process finishes on another: the state lives in the database (migrated by
    `engine`), and a state is consumed exactly once even when both try at the same moment."""
    engines = [create_db_engine(db_url, migrate=False) for _ in range(2)]
    try:
        one, two = (Installs.on(engine, client_id="1111.2222", state_secret="s3cret") for engine in engines)
        state = one.states.issue()
        assert two.states.consume(state) is True
        assert one.states.consume(state) is False and two.states.consume(state) is False

        racing = one.states.issue()
        results: list[bool] = []
        barrier = threading.Barrier(2)

        def consume(store: StateStore) -> None:
            barrier.wait()
            results.append(store.consume(racing))

        threads = [threading.Thread(target=consume, args=(s.states,)) for s in (one, two)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results) == [False, True]

        # Signed states: a forged one is refused, and so is a state signed with another secret.
        assert one.states.consume("forged.0123") is False
        other = StateStore(engine=engines[0], secret="another")
        assert two.states.consume(other.issue()) is False
    finally:
        for engine in engines:
            engine.dispose()


def test_two_apps_on_one_database_finish_each_others_installs(oauth_app: Testbed, tmp_path: Path,
                                                              kpi_catalogue: KpiCatalogue) -> None:
    """Two `serve` workers: /slack/install on one, the redirect on the other, then events on the first."""
    first = oauth_app
    second = Testbed(root=tmp_path / "second", kpis=kpi_catalogue, db_url=first.db_url, oauth=True)
    try:
        flow_one, flow_two = first.app.oauth_flow, second.app.oauth_flow
        assert flow_one is not None and flow_two is not None
        started = flow_one.handle_installation(BoltRequest(body="", query={}))
        state = parse_qs(urlparse(started.headers["location"][0]).query)["state"][0]
        second.fake.grant("code-A", team_id=TEAM_A, team_name="Acme")
        done = flow_two.handle_callback(BoltRequest(body="", query={"code": "code-A", "state": state},
                                                    headers={"cookie": f"{COOKIE}={state}"}))
        assert done.status == 200
        assert first.installs is not None
        token = first.installs.installations.bot_token(TEAM_A)
        assert token in second.fake.tokens
        first.fake.tokens.update(second.fake.tokens)  # one Slack behind both
        first.start_session("Onboarding", user="U0SATO001", team=TEAM_A)
        assert tokens_used(first.fake.posts()) == {token}
    finally:
        second.close()


class FakeKnowledgeBase(FakeKnowledge, FakeTips):
    """What the Container's knowledge base offers the Slack app (tips and answers), without Chroma."""


def _container(settings: Settings, kpis: KpiCatalogue) -> Container:
    container = Container(settings)
    container.kpis = kpis  # loaded once per test session
    container.knowledge = FakeKnowledgeBase()  # type: ignore[assignment]
    return container


def test_serve_installs_per_workspace_when_client_id_and_secret_are_set(tmp_path: Path, migrated_db: Path,
                                                                        kpi_catalogue: KpiCatalogue) -> None:
    """The production wiring (`journeybot serve`): OAuth without SLACK_BOT_TOKEN; the single-token app
    is unchanged and has no install routes; Socket Mode still needs the bot token."""
    copy = tmp_path / "journeys.db"
    copy.write_bytes(migrated_db.read_bytes())
    fake = FakeSlack().start()  # the single-token app checks its token with auth.test when built
    common = {"_env_file": None, "slack_signing_secret": "s", "database_url": f"sqlite:///{copy}",
              "slack_api_url": fake.url}
    redirect = "https://journeybot.example.com/slack/oauth_redirect"
    oauth = Settings(**common, slack_client_id="1111.2222", slack_client_secret="x",  # type: ignore[arg-type]
                     slack_redirect_uri=redirect, slack_scopes="chat:write,commands")
    single = Settings(**common, slack_bot_token="xoxb-1")  # type: ignore[arg-type]
    built = [build_slack(_container(settings, kpi_catalogue), socket_mode=False) for settings in (oauth, single)]
    try:
        with_oauth, single_token = built
        flow = with_oauth.bolt.oauth_flow
        assert flow is not None and isinstance(flow.settings.state_store, StateStore)
        assert isinstance(flow.settings.installation_store, InstallationStore)
        assert single_token.bolt.oauth_flow is None
        with TestClient(asgi_app(with_oauth.bolt, secret="s")) as client:
            started = client.get("/slack/install", follow_redirects=False)
            query = parse_qs(urlparse(started.headers["location"]).query)
            assert started.status_code == 302 and query["redirect_uri"] == [redirect]
            assert query["scope"] == ["chat:write,commands"] and query["client_id"] == ["1111.2222"]
        with TestClient(asgi_app(single_token.bolt, secret="s")) as client:
            assert client.get("/slack/install", follow_redirects=False).status_code == 404
    finally:
        for slack in built:
            slack.deps.delivery.stop()
        fake.stop()
    with pytest.raises(SlackNotConfigured, match="SLACK_BOT_TOKEN"):
        build_slack(_container(oauth, kpi_catalogue), socket_mode=True)


def test_review_reminders_go_out_with_their_workspace_token(oauth_app: Testbed) -> None:
    """Work that starts outside a request (a due review) binds its journey's workspace itself; a
    workspace that uninstalled gets nothing, and is not retried every minute."""
    bed = oauth_app
    token_a = install_by_dispatch(bed, TEAM_A)
    install_by_dispatch(bed, TEAM_B)
    for team, thread in ((TEAM_A, "1700000000.000100"), (TEAM_B, "1700000000.000200")):
        state = bed.service.start(team_id=team, channel_id=CHANNEL, title="EC購入体験", author="U1", at=START,
                                  thread_ts=thread).state
        for n, line in enumerate(["レビューへ", "見直し 2027-03-01", "ペインポイントへ", "配送が遅い"]):
            bed.service.handle(journey_id=state.journey_id,
                               event=Answer(line, "U1", f"m{team}{n}", START + timedelta(minutes=n)))
    bed.event({"type": "app_uninstalled"}, team=TEAM_B)
    bed.fake.clear()
    due = datetime(2027, 3, 1, 0, 1, tzinfo=UTC)
    scheduler = ReviewScheduler(reminders=ReviewReminders(bed.engine), service=bed.service, client=bed.client,
                                clock=lambda: due)
    assert scheduler.run_once() == 2
    [post] = bed.fake.calls("chat.postMessage")
    assert post.args["thread_ts"] == "1700000000.000100" and tokens_used([post]) == {token_a}
    assert scheduler.run_once() == 0


def test_slack_out_of_reach_during_the_exchange_is_a_failed_install_page(oauth_app: Testbed) -> None:
    flow = oauth_app.app.oauth_flow
    assert flow is not None
    started = flow.handle_installation(BoltRequest(body="", query={}))
    state = parse_qs(urlparse(started.headers["location"][0]).query)["state"][0]
    oauth_app.fake.stop()  # Slack unreachable: connection refused, after the client's retries
    done = flow.handle_callback(BoltRequest(body="", query={"code": "c", "state": state},
                                            headers={"cookie": f"{COOKIE}={state}"}))
    assert done.status == 401 and "Slack did not confirm the install" in str(done.body)
    assert _rows(oauth_app.engine, "slack_bots") == 0
