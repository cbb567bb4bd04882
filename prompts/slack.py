"""Fixed words of the Slack surface (buttons, modals, notices), in Japanese and English.

The engine's replies bring their own text; these are only the adapter's words around them. Button and
option labels must stay within Slack's 75 characters, modal titles within 24 (tests check both).
"""

from __future__ import annotations

from prompts import render_from

__all__ = ["EMOTION_LABELS", "LEVEL_LABELS", "PERSONA_LABELS", "TEXTS", "text"]

TEXTS: dict[str, dict[str, str]] = {
    # Step buttons (same moves as the control words).
    "button_next": {"ja": "次へ ▶", "en": "Next ▶"},
    "button_back": {"ja": "◀ 戻る", "en": "◀ Back"},
    "button_skip": {"ja": "スキップ", "en": "Skip"},
    "button_summary": {"ja": "まとめ", "en": "Summary"},
    "button_persona": {"ja": "ペルソナをフォームで入力", "en": "Fill in the persona form"},
    "button_opportunity": {"ja": "改善機会を追加（影響・工数）", "en": "Add opportunity (impact/effort)"},
    "button_delete": {"ja": "削除する", "en": "Delete"},
    "button_cancel": {"ja": "キャンセル", "en": "Cancel"},
    "emotion_placeholder": {"ja": "「{stage}」の感情を選ぶ", "en": "Emotion at {stage}"},
    # Modals.
    "modal_submit": {"ja": "保存", "en": "Save"},
    "modal_close": {"ja": "閉じる", "en": "Close"},
    "persona_title": {"ja": "ペルソナ", "en": "Persona"},
    "persona_name": {"ja": "名前", "en": "Name"},
    "persona_description": {"ja": "説明（年齢・職業・状況など）", "en": "Description (age, job, situation…)"},
    "persona_goals": {"ja": "目標（1行に1つ）", "en": "Goals (one per line)"},
    "persona_needs": {"ja": "ニーズ（1行に1つ）", "en": "Needs (one per line)"},
    "persona_frustrations": {"ja": "不満・悩み（1行に1つ）", "en": "Frustrations (one per line)"},
    "persona_behaviors": {"ja": "行動特性（1行に1つ）", "en": "Behaviors (one per line)"},
    "error_required": {"ja": "入力してください。", "en": "Please fill this in."},
    "error_too_long": {"ja": "{limit}文字以内にしてください。", "en": "Please keep it under {limit} characters."},
    "error_moved_on": {
        "ja": "セッションは「{step}」に進んでいます。スレッドで回答してください。",
        "en": "The session has moved on to “{step}”. Please answer in the thread.",
    },
    "opportunity_title": {"ja": "改善機会", "en": "Opportunity"},
    "opportunity_text": {"ja": "改善機会（{stage}）", "en": "Opportunity ({stage})"},
    "impact": {"ja": "影響", "en": "Impact"},
    "effort": {"ja": "工数", "en": "Effort"},
    "file_title": {"ja": "ジャーニーマップに追加", "en": "Add to journey map"},
    "file_target": {"ja": "ジャーニーとステージ", "en": "Journey and stage"},
    "file_kind": {"ja": "種類", "en": "Kind"},
    "file_text": {"ja": "内容", "en": "Text"},
    "kind_pain_point": {"ja": "ペインポイント", "en": "Pain point"},
    "kind_touchpoint": {"ja": "タッチポイント", "en": "Touchpoint"},
    "kind_thought": {"ja": "顧客の声（引用）", "en": "Quote (customer voice)"},
    "file_no_journey": {
        "ja": "このチャンネルにはジャーニーがまだありません。`/journey start <タイトル>` で始めましょう。",
        "en": "There is no journey in this channel yet. Start one with `/journey start <title>`.",
    },
    "file_no_stages": {
        "ja": "このチャンネルのジャーニーにはまだステージがありません。",
        "en": "The journeys in this channel have no stages yet.",
    },
    "file_duplicate": {"ja": "このメッセージはもう追加されています。", "en": "This message is already on the map."},
    "file_done": {"ja": "「{journey}」の「{stage}」に追加しました: {text}", "en": "Added to “{journey}” / {stage}: {text}"},
    # Session root message.
    "root_intro": {
        "ja": "このスレッドで回答してください。1行に1項目、`認知: …` のようにステージを指定できます。",
        "en": "Answer in this thread. One item per line; prefix a stage like `Awareness: …`.",
    },
    "root_deleted": {"ja": "このジャーニーは削除されました。", "en": "This journey was deleted."},
    "root_by": {"ja": "開始: {user}", "en": "Started by {user}"},
    "root_contributors": {"ja": "参加: {names}", "en": "Contributors: {names}"},
    "tips_heading": {"ja": "ヒント", "en": "Tips"},
    "sources": {"ja": "出典", "en": "Sources"},
    "continued": {"ja": "（続き）", "en": "(continued)"},
    # Commands.
    "help": {
        "ja": (
            "*Journey Bot の使い方*\n"
            "• `/journey start <タイトル>` — チャンネルでマッピングを始め、スレッドで進めます\n"
            "• `/journey list` — このチャンネルのジャーニー\n"
            "• `/journey status [番号]` — 進み具合とまとめ\n"
            "• `/journey ask <質問>` — マッピングやKPIの質問（出典つき）\n"
            "• `/journey export [番号] [形式]` — マップをスレッドに出力（png・svg・pdf・xlsx・md・csv・json）\n"
            "• `/journey delete [番号]` — 削除（作成者か管理者のみ）\n"
            "• `/kpi <用語>` — KPIの定義と計算式\n"
            "スレッドでは `次へ` `戻る` `スキップ` `取り消し` `まとめ` `ヘルプ` が使えます。"
        ),
        "en": (
            "*How to use Journey Bot*\n"
            "• `/journey start <title>` — start mapping here; the session runs in its thread\n"
            "• `/journey list` — journeys in this channel\n"
            "• `/journey status [number]` — progress and summary\n"
            "• `/journey ask <question>` — ask about mapping or KPIs (with sources)\n"
            "• `/journey export [number] [format]` — post the map in the thread (png, svg, pdf, xlsx, md, csv, json)\n"
            "• `/journey delete [number]` — delete (creator or workspace admin only)\n"
            "• `/kpi <term>` — a KPI's definition and formula\n"
            "In the thread: `next` `back` `skip` `undo` `summary` `help`."
        ),
    },
    "unknown_command": {
        "ja": "「{command}」は分かりませんでした。`/journey help` で使い方を表示します。",
        "en": "I don't know “{command}”. Try `/journey help`.",
    },
    "list_empty": {
        "ja": "このチャンネルにはジャーニーがありません。`/journey start <タイトル>` で始めましょう。",
        "en": "No journeys in this channel yet. Start one with `/journey start <title>`.",
    },
    "list_heading": {"ja": "このチャンネルのジャーニー", "en": "Journeys in this channel"},
    "list_line": {"ja": "{n}. *{title}* — {step}（{date}）", "en": "{n}. *{title}* — {step} ({date})"},
    "not_found": {
        "ja": "このチャンネルにそのジャーニーは見つかりません。`/journey list` で確認できます。",
        "en": "That journey is not in this channel. See `/journey list`.",
    },
    "no_such_number": {
        "ja": "#{number} のジャーニーはありません（このチャンネルは #1〜#{count}）。`/journey list` で確認できます。",
        "en": "There is no #{number} here (this channel has #1–#{count}). See `/journey list`.",
    },
    "no_such_number_one": {
        "ja": "#{number} のジャーニーはありません（このチャンネルは #1 だけです）。`/journey list` で確認できます。",
        "en": "There is no #{number} here (this channel has only #1). See `/journey list`.",
    },
    "unknown_format": {
        "ja": "「{word}」という形式では出力できません。使える形式: {formats}（例: `/journey export 1 pdf`）。"
              "指定しなければ {default} を出力します。",
        "en": "I can't export as “{word}”. Formats: {formats} (e.g. `/journey export 1 pdf`). "
              "Without one I post {default}.",
    },
    "export_failed": {
        "ja": "「{title}」を {formats} で出力できませんでした。別の形式でお試しください。",
        "en": "Could not export “{title}” as {formats}. Please try another format.",
    },
    "export_upload_failed": {
        "ja": "「{title}」のファイルをSlackにアップロードできませんでした。少し待ってから、もう一度 `/journey export` をお試しください。",
        "en": "Could not upload the files of “{title}” to Slack. Please try `/journey export` again in a moment.",
    },
    "files_not_read": {
        "ja": "📎 共有されたファイルは回答として読み取りません（ファイルに添えたコメントも回答にはしません）。"
              "項目はこのスレッドにテキストで貼ってください（1行に1項目）。",
        "en": "📎 I don't read shared files as answers (a comment posted with a file isn't taken as one either). "
              "Please paste the items into this thread as text, one per line.",
    },
    "thread_deleted": {
        "ja": "🗑 このスレッドのジャーニーは削除されたため、ここへの返信は記録されません。"
              "新しく始めるには `/journey start <タイトル>` を使ってください。",
        "en": "🗑 This thread's journey was deleted, so replies here are not recorded. "
              "Start a new one with `/journey start <title>`.",
    },
    "need_question": {"ja": "質問を書いてください（例: `/journey ask NPSって何?`）。",
                      "en": "Please add a question, e.g. `/journey ask what is NPS?`."},
    "need_term": {"ja": "KPIの名前を書いてください（例: `/kpi NPS`）。", "en": "Please name a KPI, e.g. `/kpi churn`."},
    "thinking": {"ja": "調べています…", "en": "Looking it up…"},
    "kb_unavailable": {"ja": "ナレッジベースが使えません。", "en": "The knowledge base is not available."},
    "kb_down": {
        "ja": "⚠️ ナレッジベースにいま接続できないため、質問に答えられません。少し時間をおいてもう一度お試しください（マッピングのセッションはそのまま続けられます）。",
        "en": "⚠️ The knowledge base cannot be reached right now, so I cannot answer this. Please try again in a "
              "little while (mapping sessions carry on as usual).",
    },
    "export_started": {"ja": "「{title}」を出力しています…", "en": "Exporting “{title}”…"},
    "export_done": {"ja": "「{title}」のジャーニーマップです。", "en": "The journey map of “{title}”."},
    "export_no_thread": {"ja": "このジャーニーにはまだスレッドがありません。", "en": "This journey has no thread yet."},
    "delete_confirm": {
        "ja": "「{title}」を削除しますか？回答もすべて消え、元に戻せません。",
        "en": "Delete “{title}”? All its answers are removed; this cannot be undone.",
    },
    "delete_confirm_title": {"ja": "本当に削除しますか？", "en": "Really delete?"},
    "delete_forbidden": {
        "ja": "削除できるのは作成者（{creator}）かワークスペース管理者だけです。",
        "en": "Only its creator ({creator}) or a workspace admin can delete this journey.",
    },
    "deleted": {"ja": "「{title}」を削除しました。", "en": "Deleted “{title}”."},
    "delete_cancelled": {"ja": "削除を取り消しました。", "en": "Not deleted."},
    "start_failed": {
        "ja": "このチャンネルに投稿できないため、ジャーニーは作成していません。私をチャンネルに招待してからもう一度お試しください。",
        "en": "I can't post in this channel, so no journey was created. Please invite me to it and try again.",
    },

    "error": {
        "ja": "うまく処理できませんでした。保存済みの回答は失われていません。もう一度お試しください。",
        "en": "Something went wrong. Answers already saved are safe; please try again.",
    },
    "mention_hint": {
        "ja": "`start <タイトル>` でセッション開始、KPI名や質問を書くと答えます。",
        "en": "Say `start <title>` to begin a session, or ask me about a KPI or journey mapping.",
    },
    # App Home.
    "home_empty": {
        "ja": "まだジャーニーがありません。チャンネルで `/journey start <タイトル>` を試してください。",
        "en": "No journeys yet. Try `/journey start <title>` in a channel.",
    },

}

# The shared map (issue 9): the vote message, review reminders, App Home dashboard, canvas.
TEXTS.update({
    "vote_heading": {"ja": "🗳 優先したいものに投票してください", "en": "🗳 Vote for what matters most"},
    "vote_hint": {"ja": "1人1項目1票。もう一度押すと取り消せます。スレッドで `投票 N` / `投票取消 N` も使えます。",
                  "en": "One vote per person and item; click again to take it back. `vote N` / `unvote N` in the "
                        "thread work too."},
    "vote_line": {"ja": "*{number}.* [{kind}・{stage}] {item}\n{count}票{voters}",
                  "en": "*{number}.* [{kind} · {stage}] {item}\n{count} votes{voters}"},
    "vote_more": {"ja": "ほか {count} 件はスレッドで `一覧` と `投票 N` で投票できます。",
                  "en": "{count} more: `list` and `vote N` in the thread."},
    "vote_empty": {"ja": "投票できるペインポイント・改善機会はまだありません。",
                   "en": "No pain points or opportunities to vote on yet."},
    "button_vote": {"ja": "👍 投票", "en": "👍 Vote"},
    "button_review": {"ja": "📅 3か月後に見直しを予約", "en": "📅 Schedule a review in 3 months"},
    "item_delete": {"ja": "🗑 削除", "en": "🗑 Delete"},
    "item_edit": {"ja": "✏️ 修正", "en": "✏️ Edit"},
    "item_menu_hint": {"ja": "各項目の ⋯ から削除・修正できます(`削除 N` / `修正 N: …` と同じ)。",
                       "en": "Use ⋯ on an item to delete or edit it (same as `delete N` / `edit N: …`)."},
    "item_gone": {"ja": "その項目はもうありません(削除されたか、セッションが別のステップに進んでいます)。`一覧` で最新の一覧を表示できます。",
                  "en": "That item is no longer in the list (deleted, or the session moved to another step). Type `list` for the current one."},
    "item_edit_title": {"ja": "項目を修正", "en": "Edit the item"},
    "item_edit_label": {"ja": "新しい内容", "en": "New text"},
    "home_title": {"ja": "ジャーニーマップ", "en": "Journey maps"},
    "home_how": {
        "ja": "*使い方*\n1. チャンネルで `/journey start <タイトル>`(または下のボタン)でセッションを始めます。\n"
              "2. スレッドで質問に答えるだけ: ペルソナ → ステージ → タッチポイント → 行動・思考・感情 → "
              "ペインポイント → 改善機会 → KPI。\n"
              "3. 最後に投票で優先度を決め、マップを書き出し、見直しの日を予約します(既定は3か月後)。",
        "en": "*How it works*\n1. Start a session in a channel with `/journey start <title>` (or the button below).\n"
              "2. Answer in its thread: persona → stages → touchpoints → actions, thoughts, emotions → pain points → "
              "opportunities → KPIs.\n"
              "3. At the end, vote to prioritise, export the map and schedule a review (three months by default).",
    },
    "home_new": {"ja": "＋ 新しいジャーニー", "en": "+ New journey"},
    "home_open": {"ja": "スレッドを開く", "en": "Open thread"},
    "home_export": {"ja": "エクスポート", "en": "Export"},
    "home_card": {"ja": "*{title}* — <#{channel}>\n{progress}: {step} ・ 最終更新 {updated}",
                  "en": "*{title}* — <#{channel}>\n{progress}: {step} · last activity {updated}"},
    "home_no_items": {"ja": "まだ項目はありません", "en": "No items yet"},
    "home_more": {"ja": "ほか {count} 件のジャーニー", "en": "{count} more journeys"},
    "home_export_started": {"ja": "「{title}」を書き出してスレッドに投稿します。", "en": "Exporting \"{title}\" to its thread."},
    "new_title": {"ja": "新しいジャーニー", "en": "New journey"},
    "new_name": {"ja": "タイトル", "en": "Title"},
    "new_channel": {"ja": "チャンネル", "en": "Channel"},
    "new_start": {"ja": "開始", "en": "Start"},
    "canvas_posted": {"ja": "📝 マップをキャンバスにしました: <{url}|{title}>", "en": "📝 The map as a canvas: <{url}|{title}>"},
})

# Option labels of the emotion select, -2..2 (values are the scores the parser understands).
EMOTION_LABELS: dict[str, dict[int, str]] = {
    "ja": {2: "😍 とても良い (+2)", 1: "🙂 良い (+1)", 0: "😐 普通 (0)", -1: "😟 悪い (-1)", -2: "😡 とても悪い (-2)"},
    "en": {2: "😍 Very positive (+2)", 1: "🙂 Positive (+1)", 0: "😐 Neutral (0)", -1: "😟 Negative (-1)",
           -2: "😡 Very negative (-2)"},
}

# Impact/effort levels 3..1, with the words the engine's priority parser reads back.
LEVEL_LABELS: dict[str, dict[int, str]] = {
    "ja": {3: "高", 2: "中", 1: "低"},
    "en": {3: "high", 2: "medium", 1: "low"},
}

# Labels the engine's persona parser knows, used to turn the persona form into one answer.
PERSONA_LABELS: dict[str, dict[str, str]] = {
    "ja": {"name": "名前", "description": "説明", "goals": "目標", "needs": "ニーズ", "frustrations": "不満",
           "behaviors": "行動特性"},
    "en": {"name": "Name", "description": "Description", "goals": "Goals", "needs": "Needs",
           "frustrations": "Frustrations", "behaviors": "Behaviors"},
}


def text(key: str, lang: str, **values: object) -> str:
    """One Slack surface text in `lang` (English for an unknown language)."""
    return render_from(TEXTS, key, lang, **values)
