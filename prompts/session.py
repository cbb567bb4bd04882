"""The guided session's texts. Keys are `area.name`; every key has "ja" and "en"."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # --- step names (for headers, summaries, gating) ------------------------------------------
    "step.scope": {"ja": "スコープ", "en": "Scope"},
    "step.persona": {"ja": "ペルソナ", "en": "Persona"},
    "step.stages": {"ja": "ステージ", "en": "Stages"},
    "step.touchpoints": {"ja": "タッチポイント", "en": "Touchpoints"},
    "step.actions": {"ja": "顧客の行動", "en": "Customer actions"},
    "step.blueprint": {"ja": "ブループリント", "en": "Blueprint"},
    "lane.frontstage": {"ja": "表舞台", "en": "Frontstage"},
    "lane.backstage": {"ja": "裏舞台", "en": "Backstage"},
    "lane.support": {"ja": "支援", "en": "Support"},
    "lane.owner": {"ja": "担当", "en": "Owner"},
    "step.thoughts": {"ja": "顧客の思考", "en": "Customer thoughts"},
    "step.emotions": {"ja": "感情", "en": "Emotions"},
    "step.pain_points": {"ja": "ペインポイント", "en": "Pain points"},
    "step.opportunities": {"ja": "改善機会", "en": "Opportunities"},
    "step.kpis": {"ja": "KPI", "en": "KPIs"},
    "step.review": {"ja": "レビュー", "en": "Review"},
    "map_type.current_state": {"ja": "現状(As-Is)", "en": "current state"},
    "map_type.future_state": {"ja": "理想(To-Be)", "en": "future state"},
    "map_type.day_in_the_life": {"ja": "デイ・イン・ザ・ライフ", "en": "day in the life"},
    "map_type.service_blueprint": {"ja": "サービスブループリント", "en": "service blueprint"},
    "channel.online": {"ja": "オンライン", "en": "online"},
    "channel.offline": {"ja": "オフライン", "en": "offline"},
    "progress": {"ja": "ステップ {number}/{total}", "en": "Step {number}/{total}"},
    "progress.stage": {"ja": "ステップ {number}/{total} ・ ステージ {stage_number}/{stage_total}",
                       "en": "Step {number}/{total} · stage {stage_number}/{stage_total}"},
    # --- questions --------------------------------------------------------------------------
    "question.scope": {
        "ja": "「{title}」のジャーニーマップを作りましょう。\n"
              "まずスコープです。マップの種類を選んでください(番号か名前):\n"
              "1. 現状(As-Is) ← 既定\n2. 理想(To-Be)\n3. デイ・イン・ザ・ライフ\n4. サービスブループリント\n"
              "どこからどこまでを描くか(範囲・対象)も文章でどうぞ。マップと一緒に残します。\n"
              "タイトルを変えるなら `タイトル: …` と送ってください。このままでよければ `次へ`。",
        "en": "Let's map the journey for \"{title}\".\n"
              "First the scope. Pick a map type (number or name):\n"
              "1. current state ← default\n2. future state\n3. day in the life\n4. service blueprint\n"
              "Tell me what the map covers (who, from where to where) in your own words; I keep it with the map.\n"
              "To rename the map, send `Title: …`. Happy as it is? Send `next`.",
    },
    "question.persona": {
        "ja": "誰の体験を描きますか? ペルソナを教えてください。ラベル付き（順番は自由）でも自由文でもOKです:\n"
              "名前: 田中さん\n年齢: 34 / 職業: 会社員\n説明: 平日は忙しい\n目標: …\nニーズ: …\n不満: …\n行動: …\n"
              "複数いる場合は `---` か空行で区切るか、1人ずつ `名前: …` から送ってください。"
              "あとから `目標: …` や `年齢: …` だけを送ると、直前のペルソナに追加されます。",
        "en": "Whose experience are we mapping? Describe the persona — labelled lines (in any order) or free text:\n"
              "Name: Sam\nAge: 35 / Job: nurse\nDescription: busy parent\nGoals: …\nNeeds: …\nFrustrations: …\n"
              "Behaviors: …\n"
              "Several personas? Separate them with `---` or a blank line, or send each one starting with `Name: …`. "
              "A later `Goals: …` or `Age: …` alone adds to the last persona.",
    },
    "question.stages": {
        "ja": "顧客が通るステージを決めましょう。番号で選ぶか、独自のステージを `、` 区切りで送ってください:\n"
              "1. 認知 / 検討 / 購入 / 維持 / 推奨 ← 既定\n2. 認知 / 検討 / 決定\n"
              "3. 認知 / 関与 / 転換 / 維持\n4. 認知 / 考慮 / 購入 / 利用 / リピート\n"
              "既定のままでよければ `次へ`。",
        "en": "Which stages does the customer go through? Pick a number, or send your own list "
              "separated by commas:\n"
              "1. Awareness / Consideration / Purchase / Retention / Advocacy ← default\n"
              "2. Awareness / Consideration / Decision\n3. Awareness / Engagement / Conversion / Retention\n"
              "4. Awareness / Consideration / Purchase / Use / Repeat\n"
              "Keep the default? Send `next`.",
    },
    "question.touchpoints": {
        "ja": "【{stage}】顧客はどこで私たちと接しますか? タッチポイントを挙げてください"
              "(オンラインもオフラインも。例: Instagram広告、店舗、コールセンター)。\n"
              "オンライン/オフラインは自動で判定します。違っていたら `面談 (オフライン)` `予約サイト (オンライン)` "
              "のように後ろに付けてください。",
        "en": "[{stage}] Where does the customer meet us? List the touchpoints, online and offline "
              "(e.g. Instagram ads, the store, the call center).\n"
              "I guess online or offline; if I get it wrong, add the tag: `advisor meeting (offline)`, "
              "`booking site (online)`.",
    },
    "question.actions": {
        "ja": "【{stage}】この段階で顧客は何をしていますか? 行動を挙げてください(例: 比較サイトで価格を調べる)。",
        "en": "[{stage}] What does the customer do at this stage? List their actions "
              "(e.g. compares prices on review sites).",
    },
    "question.blueprint": {
        "ja": "【{stage}】この段階を支えるサービスの裏側を教えてください。\n"
              "・表舞台: 顧客から見える、スタッフや画面の対応\n"
              "・裏舞台: 顧客から見えない社内の作業\n"
              "・支援: それを支えるシステムや仕組み\n"
              "・担当: この段階の責任者・チーム(1つ)\n"
              "例:\n表舞台: 店員が在庫を確認\n裏舞台: 倉庫システムで引当\n支援: 在庫管理システム\n"
              "担当: 店舗運営チーム\n"
              "ラベルのない行は表舞台として記録します。複数あるときは「、」で区切ってください。",
        "en": "[{stage}] What happens behind the service at this stage?\n"
              "- Frontstage: what staff or screens do in view of the customer\n"
              "- Backstage: work the customer does not see\n"
              "- Support: the systems and processes behind it\n"
              "- Owner: the team or person who owns this stage (one)\n"
              "For example:\nFrontstage: staff check the stock\nBackstage: the warehouse system reserves it\n"
              "Support: inventory system\nOwner: store operations team\n"
              "A line without a label is recorded as frontstage. Separate several with commas.",
    },
    "notice.blueprint_only": {
        "ja": "ブループリントのステップはサービスブループリントのマップにだけあります。",
        "en": "The blueprint step is only part of service blueprint maps.",
    },
    "question.thoughts": {
        "ja": "【{stage}】顧客は何を考え、何を疑問に思っていますか? 顧客の言葉で書いてください"
              "(1行に1つ。例: 「本当に自分に合うかな?」)。",
        "en": "[{stage}] What is the customer thinking or asking? Write it in their words, one per line "
              "(e.g. \"Is this really right for me?\").",
    },
    "question.emotions": {
        "ja": "【{stage}】顧客の気持ちは? -2(とても悪い)〜+2(とても良い)の数字、言葉(不安、満足…)、"
              "絵文字(😞🙂)のどれでもOK。まとめて `認知: 1、検討: -1` のようにも書けます。",
        "en": "[{stage}] How does the customer feel? A score from -2 (very negative) to +2 (very positive), "
              "a word (anxious, happy…) or an emoji (😞🙂). You can do several at once: `Awareness: 1, "
              "Consideration: -1`.",
    },
    "question.pain_points": {
        "ja": "【{stage}】どこで顧客はつまずき、不満を感じますか? ペインポイントを挙げてください。",
        "en": "[{stage}] Where does the customer struggle or get frustrated? List the pain points.",
    },
    "question.opportunities": {
        "ja": "【{stage}】どう改善できますか? 改善機会を挙げてください。優先度は `(影響:高, 工数:低)` の"
              "ように添えられます(高/中/低)。",
        "en": "[{stage}] How could we make it better? List opportunities; add priority like "
              "`(impact: H, effort: L)` (H/M/L).",
    },
    "question.kpis": {
        "ja": "【{stage}】この段階の成果を何で測りますか? KPIを挙げてください。{suggestions}",
        "en": "[{stage}] How will we measure this stage? List the KPIs. {suggestions}",
    },
    "kpi.suggestions": {"ja": "候補: {names}", "en": "Suggestions: {names}"},
    "question.review": {
        "ja": "お疲れさまでした! マップのレビューです。\n{summary}\n{thin}\n"
              "`まとめ` でいつでも全体を表示、`戻る` で修正できます。"
              "マップは四半期ごとなど定期的に見直しましょう。\n"
              "`一覧` で投票できる項目を表示、`投票 N` で投票、`評価 N 影響:高 工数:低` で改善機会を評価、"
              "`見直し`(既定は3か月後)か `見直し 2027-03-01` で見直しの日を予約できます。",
        "en": "Well done! Time to review the map.\n{summary}\n{thin}\n"
              "Send `summary` any time to see it all, or `back` to change something. "
              "Revisit the map regularly, e.g. every quarter.\n"
              "`list` shows what you can vote on, `vote N` votes, `rate N impact high effort low` rates an "
              "opportunity, and `review` (three months by default) or `review on 2027-03-01` schedules a review.",
    },
    "review.thin": {"ja": "まだ薄いところ:\n{lines}", "en": "Still thin:\n{lines}"},
    "review.complete": {"ja": "すべてのステップに記入があります。", "en": "Every step has content."},
    # --- what was recorded ------------------------------------------------------------------
    "recorded.items": {"ja": "記録しました({count}件): {items}", "en": "Recorded ({count}): {items}"},
    "recorded.persona": {"ja": "ペルソナを記録しました: {names}", "en": "Persona recorded: {names}"},
    "recorded.replaced": {"ja": "(同じ指標の前の記入「{items}」を置き換えました)",
                          "en": "(it replaces the earlier entry for the same metric: {items})"},
    "recorded.persona_more": {"ja": "ペルソナ「{names}」に追加しました", "en": "Added to the persona {names}"},
    "recorded.scope": {"ja": "スコープ: 「{title}」({map_type})", "en": "Scope: \"{title}\" ({map_type})"},
    "recorded.scope_text": {"ja": "範囲: {scope}", "en": "Covers: {scope}"},
    "recorded.stages": {"ja": "ステージ: {stages}", "en": "Stages: {stages}"},
    "recorded.edited": {"ja": "編集を反映しました: {items}", "en": "Updated from the edit: {items}"},
    "recorded.deleted": {"ja": "削除されたメッセージの内容({count}件)を取り除きました。",
                         "en": "Removed what the deleted message had added ({count})."},
    "recorded.undone": {"ja": "取り消しました({where}): {items}", "en": "Undone ({where}): {items}"},
    "recorded.undone_command": {"ja": "「{command}」を取り消しました。{items}", "en": "Undid \"{command}\". {items}"},
    "recorded.restored": {"ja": "元に戻した項目: {items}", "en": "Back again: {items}"},
    "where.stage": {"ja": "{step}・{stage}", "en": "{step} · {stage}"},
    "recorded.item_deleted": {"ja": "{number}. {item} を削除しました。", "en": "Deleted {number}. {item}"},
    "recorded.item_edited": {"ja": "{number}. を「{item}」に修正しました。", "en": "Changed {number}. to \"{item}\"."},
    "list.header": {"ja": "{step}の項目({count}件):", "en": "{step} so far ({count}):"},
    "list.stage": {"ja": "【{stage}】", "en": "[{stage}]"},
    "list.item": {"ja": "  {number}. {item}", "en": "  {number}. {item}"},
    "list.hint": {"ja": "`削除 N` で削除、`修正 N: 新しい内容` で書き換えられます。",
                  "en": "Send `delete N` to remove one, or `edit N: new text` to change it."},
    "list.stages_hint": {"ja": "変えるときは新しい並びを送ってください(例: `認知、検討、購入`)。",
                         "en": "To change them, send the new list (e.g. `Awareness, Consideration, Purchase`)."},
    "notice.list_empty": {"ja": "「{step}」にはまだ項目がありません。", "en": "Nothing in {step} yet."},
    "notice.no_such_item": {
        "ja": "{number}番の項目はありません(今のステップは{count}件)。`一覧` で番号を確認できます。",
        "en": "There is no item {number} (this step has {count}). Send `list` to see the numbers.",
    },
    "notice.kpi_custom": {
        "ja": "KPIカタログにない指標なので、独自KPIとして記録しました: {names}",
        "en": "Not in the KPI catalogue, so kept as custom KPIs: {names}",
    },
    "recorded.filed": {"ja": "【{stage}】の{kind}に追加しました: {text}",
                       "en": "Added to {kind} of [{stage}]: {text}"},
    "hint.stage": {"ja": "追加があればどうぞ。`次へ` で次に進みます。", "en": "Add more, or send `next` to move on."},
    "hint.settings": {"ja": "`次へ` で次のステップに進みます。", "en": "Send `next` to continue."},
    "notice.at_end": {"ja": "最後のステップです。`まとめ` で全体を表示できます。",
                      "en": "This is the last step. Send `summary` to see the whole map."},
    # --- notices ---------------------------------------------------------------------------
    "notice.empty": {"ja": "空のメッセージは記録しませんでした。回答を書くか、`ヘルプ` で使い方を表示できます。",
                     "en": "That message was empty, so nothing was recorded. Write an answer, or send "
                           "`help`."},
    "notice.too_long": {
        "ja": "メッセージが長すぎます({length}文字、上限{limit}文字)。何も記録していません。分けて送ってください。",
        "en": "That message is too long ({length} characters; the limit is {limit}). Nothing was recorded — "
              "please split it.",
    },
    "notice.unparsed.persona": {
        "ja": "ペルソナを読み取れませんでした。`名前: …` を付けるか、人物を一文で書いてください"
              "（例: `30代の共働きママ。夜にスマホでまとめ買い`）。",
        "en": "I couldn't read a persona. Add `Name: …` or describe the person in a sentence "
              "(e.g. `Busy parent in her 30s. Shops on her phone at night.`).",
    },
    "notice.unparsed.stages": {
        "ja": "ステージを読み取れませんでした。1〜4の番号か、`認知、検討、購入` のように2〜12個の名前"
              "（それぞれ40文字まで）を送ってください。",
        "en": "I couldn't read the stages. Send a number 1–4, or 2–12 names (up to 40 characters each) like "
              "`Awareness, Consideration, Purchase`.",
    },
    "notice.unparsed.scope": {
        "ja": "マップの種類(1〜4)か `タイトル: …` を送ってください。このままなら `次へ`。",
        "en": "Send a map type (1–4) or `Title: …`. To keep everything as it is, send `next`.",
    },
    "notice.unparsed.emotions": {
        "ja": "感情を読み取れませんでした: {items}。-2〜+2の数字、言葉(不安・満足など)、絵文字で書いてください。",
        "en": "I couldn't read a feeling in: {items}. Use a score from -2 to +2, a word (anxious, happy…) "
              "or an emoji.",
    },
    "notice.unparsed.items": {
        "ja": "記録できる項目がありませんでした。1行に1つ、または `、` で区切って書いてください。",
        "en": "I found nothing to record. Write one item per line, or separate items with commas.",
    },
    "notice.review": {
        "ja": "マップは完成しています。直したい箇所があれば `戻る` で該当のステップに戻り、そこで追加・修正してください。",
        "en": "The map is complete. To change something, send `back` to return to a step, then add or "
              "edit items there.",
    },
    "notice.command_form.delete": {
        "ja": "削除は番号で: `削除 2`(いくつかなら `削除 1、3`)。番号は `一覧` で確認できます。",
        "en": "Delete by number: `delete 2` (several: `delete 1, 3`). `list` shows the numbers.",
    },
    "notice.command_form.edit": {
        "ja": "修正は番号と新しい文で: `修正 2: 送料が高い`。番号は `一覧` で確認できます。",
        "en": "Edit with the number and the new text: `edit 2: shipping is expensive`. `list` shows the numbers.",
    },
    "notice.command_form.vote": {
        "ja": "投票は番号で: `投票 1`(いくつかなら `投票 1 3`)。番号は `一覧` で確認できます。",
        "en": "Vote by number: `vote 1` (several: `vote 1 3`). `list` shows the numbers.",
    },
    "notice.command_form.rate": {
        "ja": "評価は番号と影響・工数で: `評価 1 影響:高 工数:低`。番号は `一覧` で確認できます。",
        "en": "Rate with the number, impact and effort: `rate 1 impact high effort low`. `list` shows the numbers.",
    },
    "notice.command_form.review": {
        "ja": "見直しの予約は日付か期間で: `見直し 2027-03-01`、`見直し 来月`、`見直し 6週間後`(`見直し` だけなら3か月後)。",
        "en": "Schedule a review with a date or a period: `review on 2027-03-01`, `review next month`, "
              "`review in 6 weeks` (`review` alone: in three months).",
    },
    "recorded.retitled": {"ja": "タイトルを「{title}」にしました。", "en": "Renamed the map to \"{title}\"."},
    "notice.all_stages_filled": {
        "ja": "どのステージにも{step}があるので、次のステップへ進みます(ステージごとに足すなら `戻る`)。",
        "en": "Every stage has {step} already, so on to the next step (send `back` to add more stage by stage).",
    },
    "notice.priority_levels": {
        "ja": "影響・工数が読めませんでした: {items}。高・中・低(または 1〜3)で書いてください。例: `(影響:高, 工数:低)`",
        "en": "I could not read the impact/effort of: {items}. Use high/medium/low (or 1–3), e.g. "
              "`(impact: high, effort: low)`.",
    },
    "notice.unlisted_touchpoint": {
        "ja": "タッチポイント「{names}」はまだ一覧にありません(そのまま記録しました)。表記ゆれなら `修正 N: … @正しい名前`。",
        "en": "\"{names}\" is not among the touchpoints listed so far (recorded as typed). If it is a typo: "
              "`edit N: … @right name`.",
    },
    "notice.unknown_stage_prefix": {
        "ja": "「{labels}」というステージはないので、今のステージに記録しました(ステージ: {stages})。"
              "移すときは `修正 N: ステージ名: …`。",
        "en": "There is no stage \"{labels}\", so it went under the current stage (stages: {stages}). "
              "To move it: `edit N: <stage>: …`.",
    },
    "notice.command_form.jump": {
        "ja": "どのステップへ移動しますか? `改善機会へ` のようにステップ名で: {steps}",
        "en": "Which step? Name it like `go to pain points`: {steps}",
    },
    "notice.did_you_mean": {
        "ja": "`{word}` のことですか? 何も記録していません。そうなら `{word}` と送ってください。",
        "en": "Did you mean `{word}`? Nothing was recorded; send `{word}` if so.",
    },
    "notice.nothing_to_undo": {"ja": "取り消せる回答がありません。", "en": "There is nothing of yours to undo."},
    "notice.next_already": {"ja": "ほかの人の `次へ` で、もう進んでいます。", "en": "Someone else's `next` has just moved on."},
    "notice.stale_button": {"ja": "そのボタンは前のステップのものです。セッションはもう先に進んでいます。",
                            "en": "That button belongs to an earlier step; the session has already moved on."},
    "notice.already_first": {"ja": "ここが最初のステップです。", "en": "This is already the first step."},
    "notice.unknown_stage": {"ja": "「{stage}」というステージはありません。ステージ: {stages}",
                             "en": "There is no stage \"{stage}\". Stages: {stages}"},
    "notice.unknown_kind": {"ja": "その種類の項目は追加できません。", "en": "That kind of item can't be added."},
    "notice.stage_orphans": {
        "ja": "注意: {count}件の項目が、今のステージ一覧にないステージに残っています({stages})。",
        "en": "Note: {count} items are filed under stages that are no longer in the list ({stages}).",
    },
    # --- gating ----------------------------------------------------------------------------
    "warning.missing": {"ja": "まだ{what}がないステージ: {stages}(このまま進めます。後から戻って追加できます)",
                        "en": "No {what} yet for: {stages} (moving on anyway — you can come back later)."},
    "warning.missing_stage": {
        "ja": "「{stage}」の{what}はまだありません。次のステージ「{next}」の{what}に進みます(このステップを終えるには `スキップ`。あとで戻って追加できます)。",
        "en": "No {what} for {stage} yet. On to {what} for {next} (`skip` ends this step; you can come back later).",
    },
    "warning.no_persona": {"ja": "ペルソナがまだありません(このまま進めます)。",
                           "en": "There is no persona yet (moving on anyway)."},
    # --- help & summary --------------------------------------------------------------------
    "help": {
        "ja": "今は「{step}」ステップです。\n{question}\n\n操作: `次へ` 次のステージ/ステップ、`戻る`、"
              "`スキップ` このステップを飛ばす、`取り消し` 自分の最後の回答を取り消す、`まとめ` 全体表示、"
              "`ヘルプ`。\n`改善機会へ` のようにステップ名+`へ` でそのステップに移動、`一覧` で今のステップの項目を番号付きで表示、"
              "`削除 N` / `修正 N: …` で項目を削除・修正できます。\n"
              "文章は1文が1項目、リストは1行に1つか `、` `,` `;` で区切れます。"
              "`認知: …` のようにステージを付けると、そのステージに記録します。",
        "en": "We are at the \"{step}\" step.\n{question}\n\nMoves: `next` (next stage/step), `back`, "
              "`skip` (leave this step), `undo` (your last answer), `summary`, `help`.\n"
              "`go to pain points` (any step name) jumps there; `list` shows this step's items numbered; "
              "`delete N` / `edit N: …` removes or rewrites one.\n"
              "Sentences give one item each; for a list, one item per line, or separate them with `,` or `;`. "
              "Prefix a stage (`Awareness: …`) to file items under it.",
    },
    "summary.title": {"ja": "📍 {title}({map_type})", "en": "📍 {title} ({map_type})"},
    "summary.scope": {"ja": "範囲: {scope}", "en": "Covers: {scope}"},
    "summary.personas": {"ja": "ペルソナ: {names}", "en": "Personas: {names}"},
    "summary.stage": {"ja": "■ {stage}{emotion}", "en": "■ {stage}{emotion}"},
    "summary.row": {"ja": "  {label}: {items}", "en": "  {label}: {items}"},
    "summary.emotion": {"ja": " 感情 {score}", "en": " emotion {score}"},
    "summary.empty": {"ja": "(まだ何も記録されていません)", "en": "(nothing recorded yet)"},
    "summary.unassigned": {"ja": "■ ステージ外", "en": "■ Not in a stage"},
    "summary.contributors": {"ja": "参加者: {names}", "en": "Contributors: {names}"},
    "journey.untitled": {"ja": "新しいカスタマージャーニー", "en": "New customer journey"},
    "tips.header": {"ja": "💡 ヒント", "en": "💡 Tips"},
    "list.sep": {"ja": "、", "en": ", "},
}
