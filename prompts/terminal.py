"""Texts of the terminal adapter and the CLI."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "not_found": {"ja": "ジャーニー {journey_id} が見つかりません。`journeybot list` で一覧を確認してください。",
                  "en": "No journey {journey_id}. See `journeybot list`."},
    "speaking_as": {"ja": "これからは {name} として回答します。", "en": "Now speaking as {name}."},
    "closing": {
        "ja": "保存しました。ジャーニーID: {journey_id}\n再開: journeybot chat --journey {journey_id}\n"
              "書き出し: journeybot export {journey_id} --format md",
        "en": "Saved. Journey id: {journey_id}\nResume: journeybot chat --journey {journey_id}\n"
              "Export: journeybot export {journey_id} --format md",
    },
    "welcome": {
        "ja": "Journey Bot ターミナルセッション(Slack不要)。1行が1メッセージです。`/as 名前` で発言者を切り替え、"
              "`ヘルプ` で操作一覧、Ctrl-D か `/quit` で終了。",
        "en": "Journey Bot terminal session (no Slack needed). Each line is one message. `/as NAME` switches "
              "the speaker, `help` lists the moves, Ctrl-D or `/quit` ends.",
    },
    "slack_hint": {
        "ja": "Slackにつなぐには: manifest.yaml からアプリを作成し、.env に SLACK_BOT_TOKEN と SLACK_APP_TOKEN を"
              "書いて `make run`(詳しくは docs/slack.md)。",
        "en": "To connect Slack: create the app from manifest.yaml, put SLACK_BOT_TOKEN and SLACK_APP_TOKEN in "
              ".env, then `make run` (see docs/slack.md).",
    },
    "title_prompt": {"ja": "ジャーニーのタイトル", "en": "Journey title"},
    "export_unknown": {"ja": "ジャーニー {journey_id} が見つかりません。", "en": "No journey {journey_id}."},
}
