"""Texts of the shared map: votes, ratings, touchpoint links and scheduled reviews (engine replies)."""

from __future__ import annotations

from prompts import render_from

__all__ = ["TEXTS", "text"]

TEXTS: dict[str, dict[str, str]] = {
    "vote.cast": {"ja": "投票しました: {items}", "en": "Voted: {items}"},
    "vote.withdrawn": {"ja": "投票を取り消しました: {items}", "en": "Vote taken back: {items}"},
    "vote.item": {"ja": "{number}.「{item}」({count}票)", "en": "{number}. \"{item}\" ({count} votes)"},
    "vote.item.one": {"ja": "{number}.「{item}」({count}票)", "en": "{number}. \"{item}\" ({count} vote)"},
    "vote.already": {"ja": "{items} にはもう投票済みです(1人1票)。取り消すなら `投票取消 {number}`。",
                     "en": "You already voted for {items} (one vote each). To take it back: `unvote {number}`."},
    "vote.not_voted": {"ja": "{items} にはまだ投票していません。", "en": "You have not voted for {items}."},
    "vote.wrong_step": {"ja": "投票と評価はペインポイント・改善機会・レビューのステップで行えます(番号はそのステップの `一覧`)。"
                                "`レビューへ` で移動できます。",
                          "en": "Votes and ratings happen at the pain point, opportunity and review steps (numbered by "
                                "that step's `list`). Send `go to review` to get there."},
    "vote.none": {"ja": "投票できる項目(ペインポイント・改善機会)がまだありません。",
                  "en": "There is nothing to vote on yet (pain points and opportunities)."},
    "vote.no_such": {"ja": "{number}番はありません(投票できる項目は1〜{count}番)。`一覧` で番号を確認できます。",
                     "en": "There is no item {number} (items to vote on: 1–{count}). `list` shows the numbers."},
    "vote.gone": {"ja": "その項目はもう削除されています。", "en": "That item has been deleted."},
    "vote.list_header": {"ja": "投票できる項目({count}件)。`投票 N` で投票、`投票取消 N` で取り消し:",
                         "en": "Items to vote on ({count}). `vote N` to vote, `unvote N` to take it back:"},
    "vote.list_item": {"ja": "  {number}. [{kind}・{stage}] {item} — {count}票",
                       "en": "  {number}. [{kind} · {stage}] {item} — {count} votes"},
    "vote.list_item.one": {"ja": "  {number}. [{kind}・{stage}] {item} — {count}票",
                           "en": "  {number}. [{kind} · {stage}] {item} — {count} vote"},
    "rate.done": {"ja": "{number}.「{item}」の評価: 影響 {impact} / 工数 {effort}",
                  "en": "{number}. \"{item}\" rated: impact {impact} / effort {effort}"},
    "rate.not_opportunity": {"ja": "{number}番「{item}」は改善機会ではありません。評価できるのは改善機会だけです。",
                             "en": "Item {number} (\"{item}\") is not an opportunity; only opportunities are rated."},
    "rate.unreadable": {"ja": "評価を読み取れませんでした。例: `評価 {number} 影響:高 工数:低`",
                        "en": "I could not read the rating. Example: `rate {number} impact high effort low`"},
    "review.scheduled": {"ja": "📅 {date} にこのマップを見直しましょう(Slack のセッションでは、その日にスレッドで"
                               "今日からの変化をお知らせします)。",
                         "en": "📅 Review scheduled for {date} (in a Slack session, I post in its thread on that day "
                               "what changed since today)."},
    "review.replaced": {"ja": "(以前の予定 {old} は置き換えました)", "en": "(It replaces the review planned for {old}.)"},
    "review.past": {"ja": "{date} は過去の日付です。今日より後の日付を指定してください(例: `見直し 3ヶ月後`)。",
                    "en": "{date} is in the past. Pick a later date (e.g. `review in 3 months`)."},
    "review.today": {"ja": "{date} は今日です。見直しは今日より後の日付にしてください(例: `見直し 3ヶ月後`)。",
                     "en": "{date} is today. Pick a later date for the review (e.g. `review in 3 months`)."},
    "review.unreadable": {"ja": "日付「{text}」を読み取れませんでした。例: `見直し 2027-03-01`、`見直し 6週間後`",
                          "en": "I could not read the date \"{text}\". E.g. `review on 2027-03-01`, `review in 6 weeks`"},
    "review.too_far": {"ja": "見直しは5年以内の日付にしてください。", "en": "Please pick a review date within five years."},
    "reminder.header": {"ja": "📅 *「{title}」を見直す日です*({since} からの変化)",
                        "en": "📅 *Time to review \"{title}\"* (changes since {since})"},
    "reminder.lane": {"ja": "• {lane}: {before} → {after}件", "en": "• {lane}: {before} → {after}"},
    "reminder.added": {"ja": "    ＋ {items}", "en": "    + {items}"},
    "reminder.removed": {"ja": "    − {items}", "en": "    − {items}"},
    "reminder.unchanged": {"ja": "前回から変化はありません。今の顧客体験とずれていないか、チームで確認しましょう。",
                           "en": "Nothing changed since then. Check with the team that it still matches the experience."},
    "reminder.footer": {"ja": "新しい気づきはこのスレッドに書き込めます。次の見直しは `見直し` で予約できます。",
                        "en": "Add what you learned in this thread. `review` schedules the next review."},
}


def text(key: str, lang: str, **values: object) -> str:
    """The text `key` in `lang`; for a count of exactly one its `key.one` form when it has one ("1 vote")."""
    if values.get("count") == 1 and f"{key}.one" in TEXTS:
        key = f"{key}.one"
    return render_from(TEXTS, key, lang, **values)
