"""A Japanese team's first Slack session, end to end over HTTP, as a person would try it.

Starts the fake Slack Web API (tests/bot/slack/fake_slack.py) in this process and `journeybot serve` as a
subprocess wired from Settings (SQLite in a temporary directory, SLACK_API_URL at the fake), then sends
signed requests shaped like Slack's: the slash command typed with a full-width space, entity-encoded
answers with links and mentions, a partner replying from a Slack Connect workspace, an edit, a stale
button, events the bot ignores, `/journey status`, six `/kpi` look-ups (a card, a benchmark, keeping KPIs in general,
tips for moving one, a figure only reported, a tool's export of one) and the App Home.
Prints each request's status and ack time, then what the bot posted. Usage:
`.venv/bin/python scripts/slack_session.py`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.bot.slack.fake_slack import TEAM_ID, FakeSlack  # noqa: E402
from tests.bot.slack.harness import SECRET, TOKEN, find_element, message_text  # noqa: E402
from tests.bot.slack.signing import form_body, json_body, payload_body, signed_headers  # noqa: E402

CHANNEL, PARTNER = "C0CXTEAM1", "T0PARTNER"
PEOPLE = {"U0SATO001": "佐藤", "U0SUZUKI1": "鈴木", "U0TANAKA1": "田中", "W0KIMURA1": "木村（パートナー）",
          "U0BOSS001": "部長"}


class Session:
    def __init__(self, url: str, fake: FakeSlack) -> None:
        self.http, self.fake, self.n = httpx.Client(base_url=url, timeout=10), fake, 0
        self.log: list[str] = []
        # Slack never repeats an event id or a trigger id; a database kept from an earlier run (PostgreSQL) has
        # them claimed, and would rightly ignore a replay of that run.
        self.run = uuid.uuid4().hex[:8].upper()

    def post(self, label: str, body: str, content_type: str) -> httpx.Response:
        started = time.perf_counter()
        response = self.http.post("/slack/events", content=body.encode(),
                                  headers=signed_headers(secret=SECRET, body=body, content_type=content_type))
        self.log.append(f"{response.status_code} {1000 * (time.perf_counter() - started):6.1f} ms  {label}")
        time.sleep(0.6)  # people type slower than this; lets replies and the root refresh land
        return response

    def command(self, text: str, user: str = "U0SATO001", name: str = "/journey") -> httpx.Response:
        self.n += 1
        body, kind = form_body({"team_id": TEAM_ID, "channel_id": CHANNEL, "user_id": user, "command": name,
                                "text": text, "trigger_id": f"t.{self.run}.{self.n}",
                                "response_url": f"{self.fake.root}respond/{self.n}"})
        return self.post(f"{name} {text}", body, kind)

    def event(self, label: str, event: dict[str, Any], *, team: str = TEAM_ID) -> httpx.Response:
        self.n += 1
        body, kind = json_body({"team_id": team, "api_app_id": "A0JOURNEY", "type": "event_callback",
                                "event_id": f"Ev{self.run}{self.n:08d}", "event_time": int(time.time()), "event": event,
                                "authorizations": [{"team_id": TEAM_ID, "user_id": "UBOT0001", "is_bot": True}],
                                "is_ext_shared_channel": team != TEAM_ID})
        return self.post(label, body, kind)

    def say(self, text: str, user: str, root: str, *, team: str = TEAM_ID) -> str:
        ts = self.fake.next_ts()
        self.event(f"{PEOPLE[user]}: {text!r}", {"type": "message", "channel": CHANNEL, "user": user, "text": text,
                                                  "ts": ts, "thread_ts": root, "channel_type": "channel",
                                                  "team": team}, team=team)
        return ts

    def click(self, label: str, message: dict[str, Any], action_id: str, user: str) -> None:
        element, block_id = find_element(message, action_id)
        self.n += 1
        body, kind = payload_body({
            "type": "block_actions", "team": {"id": TEAM_ID}, "user": {"id": user, "team_id": TEAM_ID},
            "channel": {"id": CHANNEL}, "trigger_id": f"t.{self.run}.{self.n}", "message": message,
            "container": {"type": "message", "channel_id": CHANNEL, "message_ts": message.get("ts", "1.0")},
            "response_url": f"{self.fake.root}respond/{self.n}",
            "actions": [{"action_id": action_id, "block_id": block_id, "type": "button", "value": element["value"]}]})
        self.post(label, body, kind)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(session: Session) -> None:
    started = time.perf_counter()
    session.command("start\u3000ECサイトの購入体験 &amp; 再購入")
    while not session.fake.posts(channel=CHANNEL) and time.perf_counter() - started < 10:
        time.sleep(0.05)
    root = session.fake.posts(channel=CHANNEL)[0].response["ts"]
    session.log.append(f"root message posted {1000 * (session.fake.posts(channel=CHANNEL)[0].at - started):.0f} ms"
                       " after /journey start was sent")
    session.say("次へ", "U0SATO001", root)
    session.say("名前: 佐藤 さやか\n説明: 30代の会社員。<@U0BOSS001> さんの紹介で知った", "U0TANAKA1", root)
    session.say("次へ", "U0SUZUKI1", root)
    session.say("次へ", "U0SUZUKI1", root)  # the default five stages
    session.say("Instagram広告、<https://example.com/lp?utm=ig&amp;x=1|LP> を見た", "U0TANAKA1", root)
    flyer = session.say("店舗のチラシ", "U0SUZUKI1", root)
    session.say("推奨: 友人紹介 &amp; SNS投稿、レビュー &lt;星5&gt;", "W0KIMURA1", root, team=PARTNER)
    session.event("鈴木 edits 店舗のチラシ → 店舗のポスター &amp; POP", {
        "type": "message", "subtype": "message_changed", "channel": CHANNEL, "ts": session.fake.next_ts(),
        "message": {"type": "message", "user": "U0SUZUKI1", "text": "店舗のポスター &amp; POP", "ts": flyer,
                    "thread_ts": root, "edited": {"user": "U0SUZUKI1", "ts": session.fake.next_ts()}},
        "previous_message": {"type": "message", "user": "U0SUZUKI1", "text": "店舗のチラシ", "ts": flyer,
                             "thread_ts": root}})
    steps = [c.args for c in session.fake.posts(thread_ts=root)]
    scope_message = steps[0]
    session.click("田中 clicks 次へ on the first (scope) message — stale", scope_message, "journey_next",
                  "U0TANAKA1")
    session.event("member_joined_channel", {"type": "member_joined_channel", "user": "U0NEW0001", "channel": CHANNEL})
    body, kind = json_body({"type": "app_rate_limited", "team_id": TEAM_ID, "minute_rate_limited": 1,
                            "api_app_id": "A0JOURNEY"})
    session.post("app_rate_limited", body, kind)
    status = session.command("status")
    kpis = [session.command(q, name="/kpi") for q in ("問い合わせが1回で解決した割合ってなんて指標?",
                                                      "what's a good churn rate for B2B SaaS?",
                                                      "KPIって何個くらいに絞るのがいいですか",
                                                      "any tips to bring our average handling time down?",
                                                      "fyi NRR closed Q3 at 114%, up from 109 <@U0SATO001>",
                                                      "does our chat tool export first response time per agent?")]
    session.event("app_home_opened (佐藤)", {"type": "app_home_opened", "user": "U0SATO001", "channel": "D0SATO",
                                            "tab": "home"})
    print("\n".join(session.log))
    print("\n--- posted in the thread ---")
    for call in session.fake.posts(thread_ts=root):
        print("•", message_text(call.args).replace("\n", " ⏎ ")[:300])
    print("\n--- ephemeral ---")
    for call in session.fake.calls("chat.postEphemeral"):
        print("•", call.args.get("user"), message_text(call.args).replace("\n", " ⏎ ")[:200])
    print("\n--- root message (last chat.update) ---")
    updates = [c.args for c in session.fake.calls("chat.update") if c.args.get("ts") == root]
    print(message_text(updates[-1]) if updates else "(none)")
    print("\n--- /journey status ---")
    print(message_text(status.json())[:1200])
    print("\n--- /kpi ---")
    for reply in kpis:  # a card comes back as blocks; a miss as the ack's plain text
        shown = message_text(reply.json()) if reply.headers.get("content-type", "").startswith("application/json") \
            else reply.text
        print("•", shown.replace("\n", " ⏎ ")[:300])
    print("\n--- App Home ---")
    for call in session.fake.calls("views.publish"):
        view = call.args["view"]
        print(message_text(json.loads(view) if isinstance(view, str) else view))
    print("\nWeb API calls:", {m: len(session.fake.calls(m)) for m in sorted({c.method for c in session.fake.calls()})})
    print("non-200 Web API answers:", [c.method for c in session.fake.calls() if c.status != 200])


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=1, help="journeybot serve --workers N")
    parser.add_argument("--database-url", help="e.g. PostgreSQL for several workers (default: SQLite in a temp dir)")
    args = parser.parse_args()
    fake = FakeSlack().start()
    for user, name in PEOPLE.items():
        fake.users[user] = {"id": user, "name": user.lower(), "profile": {"display_name": name}, "locale": "ja-JP"}
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {**os.environ, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.url,
               "DATABASE_URL": args.database_url or f"sqlite:///{tmp}/journeys.db", "CHROMA_PATH": f"{tmp}/chroma",
               "PYTHONPATH": str(ROOT)}
        env.pop("LLM_MODEL", None)
        journeybot = str(Path(sys.executable).with_name("journeybot"))
        server = subprocess.Popen([journeybot, "serve", "--host", "127.0.0.1", "--port", str(port),
                                   "--workers", str(args.workers)], env=env,
                                  cwd=tmp, stderr=open(f"{tmp}/serve.log", "wb"))  # noqa: SIM115
        url = f"http://127.0.0.1:{port}"
        try:
            started = time.perf_counter()
            while True:
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.05)
                if server.poll() is not None or time.perf_counter() - started > 60:
                    raise RuntimeError(Path(f"{tmp}/serve.log").read_text())
            print(f"journeybot serve ready in {time.perf_counter() - started:.1f} s\n")
            run(Session(url, fake))
        finally:
            server.terminate()
            server.wait(timeout=10)
            errors = [line for line in Path(f"{tmp}/serve.log").read_text().splitlines()
                      if "Traceback" in line or " ERROR " in line]
            print("server log errors:", errors or "none")
            fake.stop()


if __name__ == "__main__":
    main()
