"""Texts of the terminal adapter and the CLI."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "not_found": {"ja": "ジャーニー {journey_id} が見つかりません。`journeybot list` で一覧を確認してください。",
                  "en": "No journey {journey_id}. See `journeybot list`."},
    "speaking_as": {"ja": "これからは {name} として回答します。", "en": "Now speaking as {name}."},
    "closing": {
        "ja": "保存しました。ジャーニーID: {journey_id}\n再開: journeybot chat --journey {journey_id} --as {author}\n"
              "書き出し: journeybot export {journey_id} --format md",
        "en": "Saved. Journey id: {journey_id}\nResume: journeybot chat --journey {journey_id} --as {author}\n"
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
    "as_usage": {"ja": "`/as 名前` で発言者を切り替えます(今は {name})。", "en": "Use `/as NAME` to switch the speaker "
                 "(now {name})."},
    "commands": {
        "ja": "{word} というコマンドはありません(何も記録していません)。使えるコマンド: `/as 名前` 発言者の切り替え、"
              "`/ask 質問` ナレッジへの質問、`/kpi 指標` KPIカードの表示(どちらも記録しません)、"
              "`/quit` か `/exit`(`終了` だけの行も)終了。"
              "それ以外の行はすべて回答として記録します(`ヘルプ` で操作一覧)。",
        "en": "There is no {word} command (nothing was recorded). Commands: `/as NAME` switches the speaker, "
              "`/ask QUESTION` asks the knowledge base, `/kpi TERM` shows a KPI card (neither is recorded), "
              "`/quit` or `/exit` (or a line that is only `quit`) ends. Every other line is an answer (send `help` for the moves).",
    },
    "ask_usage": {"ja": "`/ask 質問` の形で送ってください(例: `/ask NPSって何?`)。何も記録していません。",
                  "en": "Send `/ask QUESTION` (e.g. `/ask what is NPS?`). Nothing was recorded."},
    "ask_unavailable": {"ja": "いまはナレッジベースに質問できません。セッションはそのまま続けられます。",
                        "en": "The knowledge base can't be asked right now; the session goes on as before."},
    "kpi_usage": {"ja": "`/kpi 指標名か質問` の形で送ってください(例: `/kpi NPS`)。何も記録していません。",
                  "en": "Send `/kpi NAME OR QUESTION` (e.g. `/kpi churn rate`). Nothing was recorded."},
    "kpi_unavailable": {"ja": "いまはKPIカタログを引けません。セッションはそのまま続けられます。",
                        "en": "The KPI catalogue can't be read right now; the session goes on as before."},
    "undecodable": {
        "ja": "この行の文字コードを読めませんでした(UTF-8 か Shift_JIS で保存してください)。この行は記録していません。",
        "en": "I couldn't read the characters of this line (save the file as UTF-8). Nothing was recorded "
              "for it.",
    },
    "failed": {
        "ja": "この行を処理できませんでした。記録されていない可能性があります。もう一度送るか、`まとめ` で確認してください。",
        "en": "Something went wrong with this line; it may not have been recorded. Send it again, or check with "
              "`summary`.",
    },
    "bye": {"ja": "セッションを終了しました。", "en": "Session ended."},
    "resume_prompt": {"ja": "前回の「{title}」({step})の続きから始めますか?", "en": "Continue \"{title}\" ({step}) "
                      "where you left off?"},
    "title_prompt": {"ja": "ジャーニーのタイトル", "en": "Journey title"},
    "export_is_folder": {"ja": "{path} はフォルダです。ファイル名を指定してください(例: {example})。",
                         "en": "{path} is a folder; give a file name (e.g. {example})."},
    "export_no_folder": {"ja": "フォルダ {folder} がありません。先に作成するか、別の場所を指定してください。",
                         "en": "There is no folder {folder}. Create it first, or choose another place."},
    "export_write_failed": {"ja": "{path} に書き込めませんでした: {reason}", "en": "Could not write {path}: {reason}"},
    "export_written": {"ja": "{path} に書き出しました。", "en": "Written to {path}"},
    "delete_confirm": {"ja": "「{title}」({journey_id}、{items}項目)を削除しますか?",
                       "en": "Delete \"{title}\" ({journey_id}, {items} items)?"},
    "delete_kept": {"ja": "削除しませんでした。", "en": "Nothing was deleted."},
    "deleted": {"ja": "「{title}」({journey_id})を削除しました。", "en": "Deleted \"{title}\" ({journey_id})."},
    "renamed": {"ja": "{journey_id} のタイトルを「{title}」にしました。", "en": "{journey_id} is now called \"{title}\"."},
    "rename_empty": {"ja": "新しいタイトルが空です。", "en": "The new title is empty; nothing changed."},
    "export_unknown": {"ja": "ジャーニー {journey_id} が見つかりません。", "en": "No journey {journey_id}."},
}
