"""Round 3 of our own KPI questions (issue 8, branch kpi3): appended to kpi.jsonl with continuing ids.

Written and committed before any run of this round. Japanese and English as teams type in Slack: casual,
typos, full-width characters, mixed ja/en, and mostly paraphrases that never use the metric's name or its
aliases. Three kinds of question:
- a catalogue metric described by meaning (or its name mistyped / in full width);
- a metric teams commonly ask for that the catalogue did not hold when these were written (MRR/ARR,
  LTV:CAC, page load time, app store rating, share of wallet, cost per lead, sales cycle length, onboarding
  completion, support ticket volume): labelled with the id such a card should get, so the round fails
  until the catalogue really covers it;
- questions that only mention a metric, or ask something KPI-adjacent that is not "which metric / what is
  this metric" (the team's own numbers, benchmark figures, dashboards, survey chores, tooling) → `None`.

The parity split of eval_knowledge.py holds (even id number = tuning half, odd = reporting half); the kinds
are interleaved so that each half gets some of each. Run `python scripts/eval/round3_questions.py` to
append the rows that kpi.jsonl does not have yet (build_questions.py writes the same rows when it rebuilds
the whole file).
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent

KPI_JA_MORE3: list[tuple[str, str | None]] = [
    ("「友達に勧めたいか」を0〜10で聞くやつ、なんていう指標だっけ", "nps"),
    ("お客さんがどれだけ苦労せずに手続きできたか測りたい、指標ある?", "ces"),
    ("解約してった人の割合を月ごとに見たいんだけど、なんて指標?", "churn_rate"),
    ("サイトに来た人のうち何割が申し込んだか、ってどの数字見ればいい?", "conversion_rate"),
    ("MRRってなに? ARRとの違いも知りたい", "mrr"),
    ("先月のNPSいくつだった?", None),
    ("1ページ目だけ見て帰っちゃう人の割合ってなんて言うんだっけ", "bounce_rate"),
    ("かごおちりつってどう計算するの", "cart_abandonment_rate"),
    ("１回の注文でいくら使ってくれてるか、平均で見たい。指標名は?", "average_order_value"),
    ("LTV÷CACで見るやつ、なんて指標?", "ltv_cac_ratio"),
    ("新規のお客さんひとり獲得するのにいくらかかってるか、みたいな指標ある?", "customer_acquisition_cost"),
    ("NPSアンケートの配信ツール、みんな何使ってる?", None),
    ("電話一回で片付いた問い合わせの割合って何て呼ぶ?", "first_contact_resolution"),
    ("オペレーターが1件の対応にかける時間(後処理込み)の指標名", "average_handling_time"),
    ("ページの表示スピードをKPIにしたい。なんていう指標?", "page_load_time"),
    ("ユーザーテストで課題を最後までやりきれた人の割合ってなんて呼ぶ?", "task_success_rate"),
    ("解約率のダッシュボード、誰が見てるんだっけ?", None),
    ("登録した人がちゃんと使い始めたかどうかを見るKPIってある?", "activation_rate"),
    ("無料期間が終わって課金してくれた人の割合", "trial_conversion_rate"),
    ("アプリストアの星の平均、あれって指標名あるの?", "app_store_rating"),
    ("新機能が実際どれくらい使われてるか見る指標", "feature_adoption_rate"),
    ("毎日使ってる人が月間ユーザーの何割か、っていう数字", "dau_mau"),
    ("CVRの改善施策のアイデアちょうだい", None),
    ("問い合わせが来てから最初に返信するまでの時間、指標名ある?", "first_response_time"),
    ("商談が始まってから受注までの日数って何て指標で追う?", "sales_cycle_length"),
    ("申請フォームを途中でやめずに最後まで出した人の割合", "application_completion_rate"),
    ("申請を受け付けてから許可を出すまで何日かかってるか、どう測る?", "processing_lead_time"),
    ("来週のKPIレビュー会議の資料ってどこにある?", None),
    ("書類の不備で差し戻しになる割合を追いたい", "document_defect_rate"),
    ("リード1件取るのにいくらかかってるか見る指標", "cost_per_lead"),
    ("チケットがクローズされるまでの平均時間ってなんて指標", "average_resolution_time"),
    ("注文100件あたり何件問い合わせが来てるか、っていう指標", "contact_rate"),
    ("EC業界のカゴ落ち率の平均って何%くらい?", None),
    ("FAQやチャットボットだけで解決できた割合はなんて指標?", "self_service_rate"),
    ("オンボーディングを最後まで終えたユーザーの割合、何て呼ぶ?", "onboarding_completion_rate"),
    ("うちのブランドがターゲット層にどれだけ知られてるかを測る指標", "brand_awareness"),
    ("展示会で取ったリードのうち、商談につながった割合を見たい", "lead_conversion_rate"),
    ("満足度アンケートの設問、いい感じに作ってくれる?", None),
    ("提案した案件のうち何割取れたか、っていう数字の名前", "win_rate"),
    ("サポートに月何件チケットが来てるか、の指標", "ticket_volume"),
    ("買った商品を送り返してくる人の割合", "return_rate"),
    ("紹介経由で入ってきたお客さんの割合ってどう測る?", "referral_rate"),
    ("ジャーニーマップのステージって何個くらいにすればいい?", None),
    ("窓口の順番待ちの時間を指標にしたい", "waiting_time"),
    ("お客さんがこのジャンルに使うお金のうち、うちにどれだけ落ちてるか", "share_of_wallet"),
    ("既存顧客からの売上が1年でどれだけ増えたか(アップセルも解約も込みで)", "net_revenue_retention"),
    ("ユーザー一人あたり月いくら売上があるか", "arpu"),
    ("ＬＴＶってなに?", "clv"),
    ("りぴーと率の出し方おしえて", "repeat_purchase_rate"),
    ("エンゲージメントりつって何で割るの?", "engagement_rate"),
    ("広告を見た人のうちクリックした人の割合", "ctr"),
    ("メルマガ、何%ぐらい開封されてるか見る指標", "email_open_rate"),
    ("そのページで最後にサイトから抜けた割合、を見るやつ", "exit_rate"),
    ("記事をどのくらいの時間読んでもらえてるか知りたい", "time_on_page"),
    ("施策にかけたお金に対してどれだけリターンがあったか", "roi"),
    ("customer retentionって日本語だとなに? 計算式も", "retention_rate"),
    ("サポートのやりとりが終わった直後の満足度を測るやつ", "csat"),
    ("毎月決まって入ってくるサブスクの売上、なんて指標?", "mrr"),
]

KPI_EN_MORE3: list[tuple[str, str | None]] = [
    ('whats the metric for "would you recommend us to a friend" on a 0-10 scale', "nps"),
    ("how easy or painful was it for ppl to get stuff done with us - is there a score for that", "ces"),
    ("% of subscribers who leave each quarter, what do u call it", "churn_rate"),
    ("what is MRR and how is it different from ARR", "mrr"),
    ("how many ppl are still customers a year later, whats that kpi", "retention_rate"),
    ("what was our NPS last quarter?", None),
    ("of everyone who hit the pricing page how many actually bought? metric name pls", "conversion_rate"),
    ("ppl land on the homepage and leave right away without clicking anything — which metric?", "bounce_rate"),
    ("LTV to CAC ratio — how do we calculate it?", "ltv_cac_ratio"),
    ("folks add items to the basket and then just vanish before paying, what do we track", "cart_abandonment_rate"),
    ("can you set up a churn alert in our BI tool?", None),
    ("total profit one customer brings over their whole time with us", "clv"),
    ("how fast our pages load for users — which metric should we track?", "page_load_time"),
    ("how many customers buy from us more than once", "repeat_purchase_rate"),
    ("did the new onboarding flow earn back what we spent on it? which number tells me", "roi"),
    ("our app's star rating in the app store — is that a kpi, what's it called?", "app_store_rating"),
    ("reactions and comments on our instagram posts relative to reach — metric?", "engagement_rate"),
    ("whats the average conversion rate for ecommerce sites in 2024?", None),
    ("out of all the times the email button was shown how often did ppl click it", "ctr"),
    ("what's cost per lead", "cost_per_lead"),
    ("number of times people came to the site this month, whats the metric called", "website_visits"),
    ("which page do ppl leave the site from most — what's that measured by?", "exit_rate"),
    ("how long does it take from the first sales call to a signed contract, which kpi", "sales_cycle_length"),
    ("the CSAT survey email went out twice, how do I apologise to customers?", None),
    ("% of our emails people actually open", "email_open_rate"),
    ("avg basket size in dollars per purchase", "average_order_value"),
    ("% of new users who finish every onboarding step — metric name?", "onboarding_completion_rate"),
    ("what does it cost us all-in to win one new paying customer", "customer_acquisition_cost"),
    ("share of support tickets solved in a single interaction, no follow-ups", "first_contact_resolution"),
    ("how many stages should a customer onboarding journey map have?", None),
    ("how many support tickets we get per week — what metric is that?", "ticket_volume"),
    ("avg call length incl. hold and after-call work", "average_handling_time"),
    ("in the usability test how many participants got through checkout unaided", "task_success_rate"),
    ("how much of a customer's total spend in our category goes to us?", "share_of_wallet"),
    ("our bounce rate spiked yesterday, is the site down?", None),
    ("% of new signups that complete the key setup action in their first week", "activation_rate"),
    ("how quickly do new customers get their first real win with the product — metric?", "time_to_value"),
    ("annual recurring revenue vs monthly — which one should we report?", "mrr"),
    ("trial-to-paid %, what's the proper name for it", "trial_conversion_rate"),
    ("how many users touched the new export feature at least once", "feature_adoption_rate"),
    ("who's presenting the retention numbers at the all-hands?", None),
    ("how sticky is our app — daily actives vs monthly actives", "dau_mau"),
    ("time until the first human reply on a support ticket", "first_response_time"),
    ("lifetime value divided by acquisition cost, what's a healthy number and what's it called", "ltv_cac_ratio"),
    ("how many people who open our online application actually finish and send it", "application_completion_rate"),
    ("days between a permit application and the decision — what kpi", "processing_lead_time"),
    ("how do I export the NPS responses to a csv?", None),
    ("% of forms sent back to the citizen because of errors", "document_defect_rate"),
    ("mean time to close a ticket end to end", "average_resolution_time"),
    ("support tickets per 1,000 orders — what's that metric", "contact_rate"),
    ("how many customers solve it themselves in the help center without contacting us", "self_service_rate"),
    ("how many people in our target segment recognise our brand", "brand_awareness"),
    ("% of MQLs that turn into SQLs", "lead_conversion_rate"),
    ("deals won divided by all deals that closed", "win_rate"),
    ("% of orders that get sent back", "return_rate"),
    ("share of new signups that came through a friend's invite link", "referral_rate"),
    ("how long patients sit in the waiting room before they're seen", "waiting_time"),
    ("revenue kept from last year's customer base including expansion", "net_revenue_retention"),
    ("avg revenue per account per month", "arpu"),
    ("custmer satisfction score, how is it calculated?", "csat"),
    ("what's a good definition of ＮＰＳ", "nps"),
    ("what does a lead cost us on average across channels", "cost_per_lead"),
]


def rows(start_ja: int = 58, start_en: int = 91) -> list[dict[str, object]]:
    """The round-3 rows with the ids they take after rounds 1 and 2 (57 ja, 90 en)."""
    out: list[dict[str, object]] = []
    for prefix, lang, items, start in (("k-ja", "ja", KPI_JA_MORE3, start_ja), ("k-en", "en", KPI_EN_MORE3, start_en)):
        out += [{"id": f"{prefix}-{i:03d}", "lang": lang, "question": text, "kpi": kpi}
                for i, (text, kpi) in enumerate(items, start=start)]
    return out


def main() -> None:
    """Append the round-3 rows that kpi.jsonl lacks (by id), keeping every earlier row as it is."""
    path = HERE / "kpi.jsonl"
    have = {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    new = [r for r in rows() if r["id"] not in have]
    with path.open("a", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in new)
    print(len(new), "KPI questions appended")


if __name__ == "__main__":
    main()
