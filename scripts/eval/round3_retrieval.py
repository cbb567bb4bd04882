"""Round 3 of our own set (issue 8, kb4): appends retrieval questions to questions.jsonl.

Written and committed before any run of this round, deliberately unlike rounds 1 and 2: long Slack messages
with context pasted before the question, the question buried mid-sentence, typos, half-width katakana, hiragana
for katakana words, romaji, stiff keigo next to very casual Japanese, English with Japanese terms mixed in,
follow-ups that lean on an earlier message ("and for B2B?"), and names for the map the notes never use
(customer lifecycle diagram, experience blueprint, カスタマーフロー, 顧客導線). About 30 % are out of scope, of
varied kinds: benchmark figures no note states, the team's own data or files, schedules, vendor/tool
configuration, HR/admin chores, general coding, weather and news — several of them dressed in in-scope words.

Idempotent: a question already in questions.jsonl is skipped; new ones get the next id of their language, so the
parity split (even = tuning, odd = reporting) stays fixed. Run after build_questions.py when rebuilding the file.
"""

from __future__ import annotations

import json
from pathlib import Path

from build_questions import G, q
from more_questions import ROI_CASE

HERE = Path(__file__).parent
OOS = "OOS"

ELEMENTS = ["行動", "action", "感情", "emotion", "思考", "thought", "タッチポイント", "touchpoint", "接点", "ステージ",
            "stage", "段階"]
ADVOCACY = ["推奨", "advoca", "ロイヤル", "loyal", "ファン", "紹介", "refer"]
STAGE_WORDS = ["ステージ", "stage", "段階", "フェーズ", "phase", "認知", "awareness"]
MAP_WORDS = ["マップ", "map", "図", "diagram", "可視化", "visual"]
TO_MAP = ["ステージ", "stage", "段階", "ペイン", "pain", "パターン", "pattern", "theme", "テーマ", "まとめ", "group",
          "cluster", "分類", "共通"]
WHY_RESEARCH = ["インタビュー", "interview", "定性", "qualitative", "なぜ", "why", "理由", "調査", "research",
                "ユーザーテスト", "usability", "観察", "observ"]
PLAN = ["アクション", "action", "計画", "plan", "担当", "owner", "優先", "priorit", "施策"]
SEGMENT = ["セグメント", "segment", "属性", "demographic"]
ANXIETY = ["不安", "anxi", "worr", "心配", "stress", "ストレス", "感情", "emotion", "真実の瞬間", "moment of truth"]
FACILITATE = ["ファシリ", "facilitat", "進行", "司会", "moderat"]
FEEDBACK = ["nps", "アンケート", "survey", "自由記述", "コメント", "comment", "verbatim", "声", "voc", "feedback",
            "フィードバック"]

JA3: list[tuple[object, ...]] = [
    ("お疲れさまです。先週から新サービスのオンボーディング改善PJが始まり、来月ワークショップを予定しています。"
     "営業・CS・開発から何人か来てもらうつもりですが、そもそも何人くらいの規模でやるのが適切なんでしょうか?"
     "多すぎると議論がまとまらない気がしていて…", "workshop", "who"),
    ("すみません、ちょっと教えてほしいんですが、ペルソナって実在の顧客データなしで作っても意味ありますかね?"
     "上からは早く作れって言われてて", "persona", G["research"] + G["validate"] + G["draft"]),
    ("ｶｽﾀﾏｰｼﾞｬｰﾆｰﾏｯﾌﾟの作り方ざっくり教えて", "steps"),
    ("ﾍﾟﾙｿﾅは何人くらいが目安?", "persona", "count"),
    ("ジャーにーマップの更新ってだれがやるべき?", "owner"),
    ("ぺるそなの検証方法しりたい", "persona", "validate"),
    ("journey map no workshop tte nanjikan gurai yareba ii?", "workshop", "duration"),
    ("perusona wa nannin tsukureba ii desu ka", "persona", "count"),
    ("恐れ入りますが、サービスブループリントにおけるバックステージの記載内容についてご教示いただけますでしょうか。",
     "back"),
    ("お手数をおかけしますが、KGIからKPIへ落とし込む際の考え方をご教示いただけますと幸いです。", "kgi", "kpi"),
    ("ねえ真実の瞬間ってぶっちゃけどこ?どの場面のこと言ってんの", "mot"),
    ("マップ作ったはいいけど誰も見てないんだよね〜。どうしたら使われ続けるんだろ", "upkeep"),
    ("カスタマーフロー図を作りたいんだけど、どんな項目を入れればいい?", ELEMENTS),
    ("顧客導線の見直しをしたい。どこから直すか決める方法ってある?", "prioritise"),
    ("体験設計図(裏側の業務まで書くやつ)って何て言うんだっけ、書き方も知りたい", "blueprint"),
    ("改善案が20個くらい出たんだけど、インパクトと手間で並べるやり方ってどうやるの", "criteria"),
    ("RICEのConfidenceってどう点つけるの?", "rice"),
    ("不満の重さと起きる回数で優先度決めたい。具体的にどう掛け合わせる?", "sevfreq"),
    ("いまの状態のマップと、理想の状態のマップ、両方作る必要ある?時間ないんだけど", "asis", "tobe"),
    ("ToBeって誰にとっての理想なの?会社?顧客?", "tobe"),
    ("さっきのペルソナの話、BtoBだとどうなる?", "persona", "b2b"),
    ("ちなみに法人向けSaaSだと購買に関わる人が多いけど、マップは人ごとに分けるべき?", "b2b"),
    ("サブスクを解約しそうなお客さんの体験ってマップでどう表す?", "saas"),
    ("住宅ローンの申し込みの流れでジャーニー描くとき気をつけるところ", "finance"),
    ("区役所の転入手続きの体験を改善したい。ジャーニーマップって使えます?", "public"),
    ("マイナンバーカードの申請みたいにオンラインと窓口が混ざる行政サービスのマッピングはどうする?", "public"),
    ("リサーチ材料として、営業の商談メモって使えます?", "research"),
    ("アンケートの自由記述が大量にあるんだけど、マップ作りにどう活かす?", "survey"),
    ("問い合わせ履歴からペインを拾うコツある?", "supportlog", "pain"),
    ("GA4のデータってジャーニーマップのどこに使うの?", "analytics"),
    ("slackだけでワークショップ完結させたい。非同期でやるときの段取りは?", "remote"),
    ("オンラインWSのとき付箋がわりに何使うのがいい?", "materials"),
    ("ワークショップの事前準備、何日前から何をしておけばいい?", "workshop", "materials"),
    ("タッチポイントとチャネル、あとコンタクトポイントってのも聞くけど全部同じ意味?", "touchpoint", "channel"),
    ("KPIツリーのいちばん上には何を置く?売上?", "tree", "kgi"),
    ("感情曲線の縦軸ってなにを基準に上げ下げするの?", "emotion"),
    ("ジャーニーマップとサービスブループリント、どっちを作ればいいか迷ってる", "blueprint"),
    ("あとついでに聞きたいんだけど、ワークショップのファシリって誰がやるのがいいの?外部?社内?会議室はもう押さえた",
     "workshop", FACILITATE + G["who"]),
    ("保険金の請求手続きで、お客さんがいちばん不安になる瞬間ってどこ?", "finance"),
    ("カスタマージャーニーを社内で説明するとき、一言でいうと何?", "journeydef"),
    ("顧客ライフサイクル図みたいなのを作りたい。認知から推奨まで", "stages", ADVOCACY),
    ("kgi to kpi no chigai oshiete", "kgi", "kpi"),
    ("ECサイトの平均離脱率って業界的に何%くらいですか?", OOS),
    ("銀行アプリのオンボーディング完了率の平均値を教えてください", OOS),
    ("B2B SaaSのトライアルから有料への転換率、相場どれくらい?", OOS),
    ("うちのサイトの先月の直帰率、いくつだった?", OOS),
    ("今期のCSATの結果まとめてもらえる?", OOS),
    ("弊社のペルソナ資料ってどこのフォルダにありましたっけ", OOS),
    ("次回のジャーニーマップWS、何日の何時からでしたっけ?", OOS),
    ("来週の定例、リスケになったって本当?", OOS),
    ("Miroでテンプレートを共有リンクで配る設定ってどこ?", OOS),
    ("Salesforceのジャーニービルダーで分岐条件を設定するには", OOS),
    ("kintoneのアプリに項目を追加する方法教えて", OOS),
    ("有給の申請ってどこからするんだっけ", OOS),
    ("年末調整の書類っていつまでに出せばいい?", OOS),
    ("JavaScriptで配列の重複を消す方法", OOS),
    ("SQLでグループごとの最大値を取るには?", OOS),
    ("明日大阪って雨降る?", OOS),
    ("今日の日経平均どうなってる?", OOS),
    ("ｶｺﾞ落ち率の業界平均ってどのくらい?", OOS),
]

EN3: list[tuple[object, ...]] = [
    ("hey all — context: we're a 12-person fintech, just finished 8 customer interviews for our onboarding revamp, "
     "notes are in a doc. before we jump into miro tomorrow, how do we turn raw interview notes into the actual "
     "map? like what's the step from notes to stages/pain points", "research", TO_MAP),
    ("quick q buried in a thread: our PM asked if we need like 6 personas for the launch deck or if 2 is fine, "
     "thoughts?", "persona", "count"),
    ("is there a rule of thumb for persona numbers when we sell to both enterprise and smb?", "persona", "count"),
    ("how do we sanity check personas we basically made up in a workshop", "persona", "validate"),
    ("whats a custmer jouney map exaclty", "journeydef", MAP_WORDS),
    ("how do i do a serivce bluprint", "blueprint"),
    ("customer lifecycle diagram — what should be on it?", ELEMENTS),
    ("we want an experience blueprint for our clinic check-in, what layers does it need?", "back"),
    ("ペルソナ should be based on what data? we only have GA", "persona", "research"),
    ("what's 真実の瞬間 in english and how do I spot them on our map", "mot"),
    ("my 上司 wants a KPIツリー by friday, how should I structure it?", "tree", "kpi"),
    ("and for B2B? same persona count?", "persona", "b2b"),
    ("what about remote — does the same agenda work over zoom?", "remote"),
    ("and who keeps it updated after that?", G["owner"] + G["upkeep"]),
    ("ok so which pain points do we fix first if we only have one sprint", "prioritise"),
    ("RICE vs impact/effort matrix — which is better for a small team?", "rice", "criteria"),
    ("someone suggested multiplying how bad an issue is by how often it happens. does that make sense for ranking "
     "CX issues?", "sevfreq"),
    ("do we map how things are today, or how we want them, or both? leadership keeps asking for 'the vision'",
     "asis", "tobe"),
    ("what sits below the 'line of visibility' in a blueprint", "back"),
    ("what's a 'moment that matters' in cx speak", "mot"),
    ("how do you connect a north star metric to stage-level metrics", "tree"),
    ("we sell B2B SaaS with a 6 month sales cycle and a buying committee. does a journey map even work here?",
     "b2b"),
    ("trial users ghost us after day 2. what part of the journey should we be looking at?", "saas"),
    ("mapping the claims process for an insurance app, where do folks usually get anxious?", "finance"),
    ("we're a municipality redoing the childcare application, any journey mapping tips for gov services?",
     "public"),
    ("citizen journey for renewing a driving licence — anything different from a commercial journey?", "public"),
    ("can call center recordings count as research for the map", "supportlog"),
    ("NPS verbatims: useful input for the map or just noise?", FEEDBACK),
    ("analytics says people drop at step 3 but we have no idea why — what do we do?", "analytics", WHY_RESEARCH),
    ("how many people should be in the mapping workshop? we have like 25 volunteers lol", "workshop", "who"),
    ("materials checklist for an in-person mapping day?", "materials"),
    ("can we do the whole thing async in slack threads over a week?", "remote"),
    ("touchpoint vs channel vs interaction, i'm confused", "touchpoint", "channel"),
    ("whats the difference between a KGI and a normal goal", "kgi"),
    ("how many stages should the map have? 5? 7?", STAGE_WORDS),
    ("btw while I'm at it — is it normal that our map has no emotions row, or is that a must? anyway thanks for "
     "the template", "emotion"),
    ("pls help: boss wants ROI proof for the journey project before approving anything", ROI_CASE),
    ("how do i keep the map from going stale when the product ships every 2 weeks", "upkeep"),
    ("we have a ton of pain points from the ws, how do we turn them into an action plan with owners?", PLAN),
    ("what's the emotional curve thing and is it worth the effort", "emotion"),
    ("persona vs segment — aren't they the same thing?", "persona", SEGMENT),
    ("the onboarding flow for our app — what do we even map, screens or steps or feelings?", ELEMENTS),
    ("what's the average NPS for japanese insurers this year", OOS),
    ("typical activation rate for b2b saas onboarding?", OOS),
    ("what's a normal processing time for passport applications in japan", OOS),
    ("can you check how many signups we had yesterday", OOS),
    ("what did customers say in our last NPS survey", OOS),
    ("where's the miro board from last week's workshop?", OOS),
    ("when's the retro for the mapping sprint", OOS),
    ("is the journey workshop still on for 3pm thursday?", OOS),
    ("how do I connect Miro to Jira", OOS),
    ("how to set up a custom event in Mixpanel", OOS),
    ("how do I turn on SSO for our Figma org", OOS),
    ("how do I update my bank details for payroll", OOS),
    ("who approves overtime requests here", OOS),
    ("regex to validate an email address in python", OOS),
    ("fix this: TypeError: 'NoneType' object is not subscriptable", OOS),
    ("any news on the BOJ rate decision today?", OOS),
    ("will it snow in sapporo this weekend", OOS),
    ("what's the industry benchmark for first contact resolution in banking?", OOS),
]


def next_number(rows: list[dict[str, object]], lang: str) -> int:
    numbers = [int(str(r["id"]).rsplit("-", 1)[-1]) for r in rows if r["lang"] == lang]
    return max(numbers, default=0) + 1


def main() -> None:
    path = HERE / "questions.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    known = {r["question"] for r in rows}
    new: list[dict[str, object]] = []
    for lang, items in (("ja", JA3), ("en", EN3)):
        n = next_number(rows + new, lang)
        for text, *groups in items:
            if text in known:
                continue
            oos = groups == [OOS]
            new.append(q(f"q-{lang}-{n:03d}", lang, str(text), *([] if oos else groups), oos=oos))  # type: ignore[arg-type]
            n += 1
    with path.open("a", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in new)
    print(f"{len(new)} questions appended ({sum(bool(r['out_of_scope']) for r in new)} out of scope)")


if __name__ == "__main__":
    main()
