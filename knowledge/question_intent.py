"""What a question asks for that no best-practice note can give, whatever words it uses.

The notes say how to map journeys; they hold no market statistics, none of the team's own figures,
no calendar, no vendor's settings screens (API keys, webhooks, auto-replies, passwords) and nothing of an
employee's own administration (expense claims, leave, a colleague's Slack ID or e-mail address). Such
questions are recognised by how they are asked — "what is the average … in 2024", "うちの先月の…",
"when is our next …" — not by words the knowledge base happens not to contain (an unseen word like
`B2C` or `Q3` is no reason to refuse).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["REASONS", "asked_sentences", "unanswerable_reason", "undated_groups"]

_PERIOD = (
    r"先月|今月|先週|今週|来週|昨日|今日|明日|前四半期|今四半期|今期|前期|昨年|去年|前年|今年度|昨年度|先期"
    r"|上期|下期|上半期|下半期|第[1-4一二三四]四半期"
    r"|last (?:month|week|quarter|year)|this (?:month|week|quarter|year)|yesterday|today|tomorrow"
)
_OURS = r"うちの|弊社の?|当社の?|自社の|我が社の?|私たちの|our\b|\bwe (?:get|got|have|had|did)|\bdid we\b"
_VALUE = (
    r"いくつ|いくら|どれくらい|どのくらい|何%|何パーセント|何件|何点|何人|件数|数値|実績|だっけ|は\s*[?？]|教えて"
    r"|まとめて|見せて|出して|共有して"
    # whether the period's figure is out yet ("もう集計出てる?", "are the numbers in yet?")
    r"|集計(?:出|で|終わ|済)|(?:もう|まだ)[^。?？]{0,3}(?:出てる|出た|でた|出ました|出てます)(?:[?？か の]|$)"
    r"|\b(?:numbers|figures|results|data|scores?)\b[^?]{0,12}\b(?:in|out|ready|available) yet\b|\bout yet\b"
    r"|how many|how much|what(?:'s| is| was| were) (?:our|the)|what's our|summari[sz]e|show me|pull up"
)
_BENCH_WORD = (
    r"平均|相場|水準|目安|ベンチマーク|市場規模|標準的|average|avg\b|benchmark|typical|good|norm\b|normal|usual|standard"
    r"|median"
)
# What a benchmark is a level of (a rate, a score, a named metric), and the practice a question may ask about
# instead (a way of working, a template, the map and its parts): "a good X for banks" is a benchmark only for
# the first, unless it names a level too.
_BENCH_LEVEL = re.compile(
    r"\b(?:rates?|ratios?|scores?|percent(?:age)?|levels?|figures?|values?|churn|retention|conversion)\b"
    # (an acronym ends at any non-letter: 「NPSの平均」 has no word boundary after "nps")
    r"|(?<![a-z])(?:nps|csat|ces|cvr|ctr|roi|roas|ltv|cac|dau/?mau|arpu|aov|nrr|grr|mrr|arr)(?![a-z])"
    r"|%|率|比率|スコア|点数|何点|水準|数値"
)
_BENCH_METHOD = re.compile(
    r"\b(?:ways?|approach|templates?|examples?|framework|process|method|practices?|ideas?|tools?|format|structure"
    r"|personas?|workshops?|maps?|mapping|journeys?|stages?|touchpoints?|steps?)\b"
    r"|やり方|進め方|方法|テンプレ|事例|ペルソナ|ワークショップ|マップ|ステージ|タッチポイント|フェーズ"
)
# Whose level: a market, an industry, a country, a year, or a kind of company or service ("insurers",
# 「銀行アプリの」) — a figure about others, which no best-practice note states.
_BENCH_WHO = (
    r"業界|国内|日本|海外|他社|競合|市場|世間|一般的な|20\d\d年|今年|industry|market|companies|in japan|in 20\d\d"
    r"|this year|japanese|worldwide|global|\bcompetitors?\b|\bpeers\b"
    # a country or region ("an average CAC for coding bootcamps in the US")
    # ("in us" without "the" is as often "trust in us": the US, UK and EU need their article)
    r"|\bin the (?:us|usa|u\.s\.|uk|eu|states)\b|\bin (?:the )?(?:usa|u\.s\.|europe|asia|apac|emea|latam"
    r"|north america|australia|canada|germany|france|china|korea|india|singapore)\b"
    # a level across many of a kind ("across NHS GP practices", "across UK healthcare apps")
    r"|\bacross (?:all |the |other |most )?(?:[\w-]+ ){0,3}(?:practices|companies|firms|apps|banks|hospitals|clinics"
    r"|councils|retailers|brands|sites|providers|insurers|schools|universities|industry|sector|market|country)\b"
    r"|\bother (?:\w+ ){0,2}?(?:companies|councils|banks|brands|firms|hotels|retailers|stores|apps|cities"
    r"|municipalities|insurers|hospitals|schools|businesses|sites|organi[sz]ations|players)\b"
    r"|(?:銀行|保険|証券|金融|小売|通販|ec|saas|b2b|b2c|アプリ|ホテル|航空|旅行|自治体|行政|官公庁|アパレル)(?:サイト|アプリ)?の"
    r"|他の(?:市|区|町|村|自治体|会社|企業|銀行|病院|ホテル|店舗?|学校|大学|サイト|アプリ)|他(?:市|行|院|校)と|同業"
    r"|for (?:a |an |the )?(?!our\b|my\b|this\b)(?:\w+ ){0,2}"
    r"(?:compan|bank|insur|retail|brand|saas|e-?commerce|fashion|b2b|b2c|apps?\b|stores?\b|hotel|airline"
    r"|telco|telecom|government|municipal|universit|hospital|startup|enterprise|software|smbs?\b|mid-?market"
    r"|manufactur|restaurant|gyms?\b|clinic|insurer|media|publisher|gam(?:e|ing)\b|utilit|logistic|travel"
    r"|prepaid|mobile\b|carriers?\b|operators?\b|isps?\b|broadband|fintech|financial services|non-?profit|charit)"
    # a sector named as where the level is read ("a typical CTR for display ads in financial services")
    r"|\bin (?:the )?(?:financial services|fintech|banking|insurance|retail|e-?commerce|healthcare|hospitality|travel"
    r"|saas|b2b|b2c|telecoms?|media|gaming|education|public sector|government)\b(?! (?:team|department|unit|project))"
)
_BENCH_VALUE = (
    r"何%|何パーセント|いくつ|いくら|何点|どれくらい|どのくらい|は\s*[?？]|って\s*[?？]|教えて|知りたい"
    r"|what(?:'s| is| was| are)|\?"
    # a bare noun phrase is asked as it stands ("CVRの業界平均", "typical NRR for saas")
    r"|^\s*(?:[^\s。?？]+\s*){1,6}$"
)
_HOW_TO = (
    r"出し方|計算|求め方|測り方|定義|とは|意味|使い方|formula|definition"
    r"|how (?:do|to|should|can|would) (?:we |i |you )?(?:calculate|calc|compute|measure|use|define|work out|figure out)"
    # which base a rate is divided by ("divide by all registered users or only the active ones?"): how it is built
    r"|\bdivide (?:it |them |that )?by\b"
    # a formula spelt out ("average basket value per order for the online store (revenue / number of orders)?"):
    # the question says what it divides, so it asks for the metric, not for the level others reach
    r"|\([^()]{0,60}\s[/÷]\s[^()]{0,60}\)|divided by|で割"
)
_SCHEDULE = (
    r"(?:次の|今度の|来週の?|明日の?|金曜の?|月曜の?)[^。?？]{0,20}"
    r"(?:会議|ミーティング|打ち合わせ|mtg|レビュー|ワークショップ|締め切り|締切)"
    r"[^。]{0,12}(?:いつ|何時|どこ|だっけ)"
    r"|(?:会議|ミーティング|打ち合わせ|締め切り|締切)[^。]{0,6}(?:いつ|何時)"
    r"|(?:会議|ミーティング|打ち合わせ|mtg|定例)[^。?？]{0,16}(?:何曜|いつ(?:だっけ|でしたっけ|だった|ですか|でしょう)|何時(?!間))"
    r"|会議室(?:は|って)?(?:どこ|何階|空いて)|zoomのurl|zoomのリンク"
    r"|when(?:'s| is| does| do) (?:our|the next|the|we)\b[^?]{0,40}"
    r"(?:meeting|review|sync|workshop|offsite|deadline|call|start|retro|sprint|stand-?up|demo|kick-?off|all-hands"
    r"|town ?hall|training|presentation)"
    r"|who(?:'s| is) (?:presenting|running|hosting)|what time is|meeting link|which room"
    r"|\b(?:still on|still happening|rescheduled|postponed|moved to)\b[^?]{0,30}"
    r"(?:\d\s?(?:am|pm)\b|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow)"
    r"|何日の何時|何時から|何時まで|リスケ|延期になった|中止になった"
    # when or where a coming event is (「来週のオンボーディングworkshopの日程を教えて」)
    r"|(?:次の|次回の?|今度の|来週の?|今週の?|明日の?|来月の?)[^。?？]{0,30}"
    r"(?:会議|ミーティング|打ち合わせ|mtg|ワークショップ|workshop|研修|説明会|セミナー|勉強会|レビュー|定例)"
    r"[^。?？]{0,6}(?:日程|日時|開始時間|場所|会場|url|リンク)"
    # a meeting to be moved (「明日のQBR、15分だけ後ろにずらしといて」)
    r"|(?:会議|ミーティング|mtg|qbr|定例|打ち合わせ|予定|アポ|\d+\s*分|\d+\s*時)[^。?？]{0,20}"
    r"(?:ずらし(?:て|といて|ておいて)|後ろ倒し|前倒し)"
    # the bot asked to arrange a date (「日程調整お願いできますか」, "can you find a time for the workshop")
    r"|(?:日程|日時|予定|スケジュール)(?:の)?(?:調整|押さえ|確保)[^。?？]{0,8}(?:お願い|して(?:ほしい|もらえ|くれ|ください)"
    r"|できますか|できる|頼め|頼む)"
    r"|\b(?:can|could|would) you (?:please |pls )?(?:find|pick|propose|suggest) (?:a |some )?(?:time|slot|date)s?\b"
    # a meeting being set up ("let's set meeting thursday to discuss …, who can join?", 「MTGを設定します、出られる?」)
    r"|\b(?:let's|lets|let us|can we|shall we|we should|i'll|i will)\s+(?:set|set up|book|schedule|arrange|have|hold"
    r"|put in)\s+(?:a |an |the )?(?:quick |short |call )?(?:meeting|call|sync|huddle|catch-?up|mtg)\b"
    r"|(?:会議|ミーティング|mtg|打ち合わせ)(?:を)?(?:設定|セット|入れ|調整|設け)(?:します|しましょう|ます|たい)"
    # a meeting to be moved ("can we move tomorrow's KPI sync to 4pm JST?")
    r"|\b(?:move|reschedule|push|shift|bump)\b[^?]{0,40}\b(?:sync|meeting|call|stand-?up|review|session|retro|1:1)s?\b"
    r"[^?]{0,20}\b(?:to|until|till)\b"
    r"|\b(?:is there a|is it a|when is the next) (?:public |national |bank )?holiday\b|祝日(?:は|って|いつ|ある)"
    r"|\bwhat time (?:does|do) (?:the |our )?(?:office|building|canteen|store|shop|reception)\b"
    r"|(?:オフィス|会社|受付)[^。?？]{0,10}(?:何時に(?:閉|開)|何時まで)"
)
# Analytics, CRM and survey products a team sets things up in: the vendor's help pages answer how.
_VENDORS = (
    r"(?:mixpanel|ga4|google analytics|amplitude|hotjar|heap|salesforce|hubspot|zendesk|intercom|marketo|braze"
    r"|segment|tableau|looker|power bi|qualtrics|surveymonkey|typeform|google forms|kintone|line公式)"
)
# Settings screens of a product: a configuration verb and a thing only a vendor's manual describes.
_CONFIG = (
    rf"\b(?:set up|setup|configure|install|integrate|connect|create|build)\b[^?。]{{0,40}}\b(?:in|on|with|using|into)"
    rf" {_VENDORS}(?![a-z])|{_VENDORS}で[^。?？]{{0,30}}(?:設定|作成|作る|組む)(?:方法|手順|には|したい|する)"
    r"|(?:設定方法|設定する|設定して|設定の仕方|設定手順|連携設定|インストール"
    r"|configure|configuration|install|set up|setup|reset|integrate)[^。]{0,40}"
    r"(?:api|webhook|プラグイン|plugin|パスワード|password|アカウント|account|トークン|token"
    r"|ワークフロー|workflow|自動返信|auto-?repl)"
    r"|(?:api|webhook|プラグイン|plugin|パスワード|password|トークン|token|自動返信|auto-?repl)[^。]{0,30}"
    # (a "password reset flow" is a step of the journey, not a setting to change)
    r"(?:設定|configure|set up|setup|reset(?! (?:flow|page|screen|step|journey|process|email|experience))|install)"
    r"|(?<![a-z0-9])[a-z][a-z0-9]{3,}(?:で|の|に)[^。?？]{0,30}(?:設定(?:画面|方法|手順|の仕方|って|は|する|して|を)"
    r"|連携(?:方法|設定|する|して)|インストール|権限)"
    r"|(?:設定|連携)[^。?？]{0,4}(?:どこ|どうやる|手順)"
    # a settings screen to find or change ("where do I change the Slack notification settings…", 「設定どこ?」)
    r"|\b(?:change|adjust|edit|find|update|reset)\b[^?]{0,30}\bsettings?\b|設定(?:を)?(?:変え|変更|どこ)"
    # one tool to be connected to another ("how do I connect Miro to Jira")
    r"|\bhow (?:do|can|should) (?:i|we|you) (?:connect|integrate|sync|link) (?!stages?\b|kpis?\b|touchpoints?\b"
    r"|personas?\b|pain\b|opportunit|emotions?\b|maps?\b|journeys?\b|them\b|it\b|the\b|our\b)[a-z][\w.-]* "
    r"(?:to|with|and) [a-z][\w.-]*\s*\??$"
    # how to do something inside a named tool ("In FigJam how do I lock the layers…", 「GA4で…レポートを作る手順」)
    r"|^in (?!practice\b|general\b|short\b|theory\b|reality\b|fact\b|particular\b|summary\b|b2b\b|b2c\b|saas\b"
    r"|retail\b|e-?commerce\b|japan\b|english\b|japanese\b|workshops?\b|interviews?\b|maps?\b|stages?\b)"
    r"[a-z][\w-]+,? how (?:do|can|should) (?:i|we|you)\b"
    r"|(?<![a-z0-9])[a-z][a-z0-9]{1,}(?:で|の)[^。?？]{0,30}(?:レポート|ダッシュボード|セグメント|タグ|イベント|ワークフロー"
    r"|オートメーション)[^。?？]{0,10}(?:作る|作成|出す|設定|組む)(?:手順|方法|やり方)"
    # a file to export from a tool ("how do I export our Miro board to PDF?")
    r"|\bexport\b[^?]{0,30}\b(?:board|frame|canvas|diagram|workspace|page|deck)s? (?:to|as|into) (?:a )?"
    r"(?:pdf|csv|png|jpe?g|svg|ppt|pptx|powerpoint|excel)\b"
    r"|(?:set up|setup|configure|enable|turn on|turn off|disable|connect|integrate|install)\b[^?]{0,40}"
    r"\b(?:sso|saml|permissions?|custom events?|event tracking|webhooks?|api keys?|plugins?|tracking (?:code|pixel)"
    r"|pixel|tag manager)\b"
    # a tool's data gone wrong ("bounce rate in GA4 showing 0% since yesterday — is tracking broken?"): the tool's
    # support answers that, not a note
    r"|\b(?:tracking|tag|pixel|widget|integration|sync|data|dashboard|report)s?\b[^?.]{0,20}"
    r"\b(?:broken|broke|not working|stopped (?:working|collecting|tracking|recording)|not (?:firing|loading|updating))"
    r"|\bshowing (?:0|zero)\b|計測(?:が)?(?:壊れ|されてな|できてな|止ま|おかしい)|タグが(?:動いてな|発火してな|壊れ)"
    r"|(?:数字|数値|データ)が(?:おかしい|壊れ|取れてな|入ってな|0に)|[0０]%になって"
)
# Workplace administration and people's details: an employee's chores (expenses, leave, payroll, office
# logistics) and a colleague's contact handles are HR/IT matters, never journey-mapping practice.
_ADMIN = (
    # (a product sold for that chore is no chore: "経費精算連携の機能", "a B2B payroll SaaS")
    r"(?:経費|交通費|立替|出張費)[^。?？]{0,6}(?:精算|申請)(?!連携|機能|システム|ソフト|アプリ|サービス|ツール|クラウド)|(?:有給|有休|休暇|休み)[^。?？]{0,8}(?:申請|取り方|取りたい)"
    r"|勤怠|給与明細|給料日|年末調整|社員証|備品の?申請|会議室の?予約|wi-?fi"
    r"|expense (?:report|claim)|reimburs|(?:request|book|take)\b[^?]{0,12}\b(?:vacation|time off|leave|pto)\b"
    r"|payroll(?! (?:software|saas|apps?|platforms?|products?|tools?|vendors?|providers?|solutions?|systems?|services?"
    r"|compan(?:y|ies)|startups?|business(?:es)?))|payslip|timesheet|\b(?:i|we)\b[^?]{0,12}\bbook (?:a|the) room"
    r"|\b(?:book|reserve|find|get|grab)\b[^?]{0,12}\bmeeting rooms?\b|\bmeeting rooms?\b[^?]{0,20}"
    r"\b(?:free|available|booked|reserved|taken)\b"
    r"|\b(?:pto|paid leave|annual leave|vacation days|holiday allowance)\b|有給(?:休暇)?の?残り"
    r"|\b(?:get|request|claim) a refund\b|\brefund (?:for|on) my\b|返金(?:して|したい|手続き)"
    # the bot asked to do an office chore itself ("can you book a room for the session on thursday?")
    r"|\b(?:can|could|would|will) you (?:please |pls )?(?:book|reserve|schedule|cancel|reschedule) (?:a |the |us a )?"
    r"(?:meeting |conference )?(?:room|meeting|call|slot)\b"
    r"|残業|休日出勤|代休|overtime|sick (?:leave|day)|who approves (?:my |our |the )?"
    r"(?:leave|vacation|expenses?|time off|pto|holiday)"
)
# "<someone>さんの連絡先", "Sato-san's email": a person's handle is in the directory, not in the notes.
_CONTACT = (
    r"(?:さん|様|くん|ちゃん|氏)の?(?:slack|メール|メアド|電話|携帯|連絡先|アカウント|id|ユーザー名)"
    r"|-san's (?:e-?mail|slack|phone|number|contact|user ?name|handle|id)\b"
    r"|'s slack (?:id|handle|user ?name)|(?:e-?mail address|phone number|slack (?:id|handle)) (?:of|for) [a-z]+-san"
)
_DEADLINE = (
    r"(?:締め切り|締切|期限|納期|due)[^。?？]{0,8}(?:いつ|何日|何時|だっけ)"
    r"|(?:what(?:'s| is) the|when(?:'s| is) the) (?:deadline|due date)|when is [^?]{0,40} due\b"
)
_OWN_RESOURCE = (
    r"(?:予算|budget|人員|headcount)[^。?？]{0,30}(?:残|left|remaining|do we have|はいくら|ある\s*[?？])"
    r"|\b(?:pull|fetch|export|grab|look up)\b[^?]{0,20}\bour\b[^?]{0,30}"
    r"\b(?:numbers|data|figures|metrics|stats|dashboard|report)"
    r"|how (?:much|many)\b[^?]{0,40}\bdid we (?:have|get|spend|sell|make|lose|activate|convert|win)\b"
    r"|how (?:much|many)\b[^?]{0,40}\bdo we have (?:left|now|today|right now)"
    # where to get the team's data ("直帰率のデータってどこから落とせますか?", "where can I download the NPS data?")
    r"|(?:データ|数字|数値|レポート|csv)[^。?？]{0,8}(?:どこから|どこで)(?:落と|取れ|取得|ダウンロード|見れ|見られ|出せ)"
    r"|\bwhere (?:can|do|should) (?:i|we) (?:get|download|pull|export|find)\b[^?]{0,30}\b(?:data|numbers|csv|export)\b"
    # where the team keeps a page or a file ("where's the KPI glossary / wiki page again?")
    r"|\bwhere(?:'s| is| are| do i find| can i find)\b[^?]{0,30}\b(?:wiki|glossary|confluence|notion|sharepoint|drive"
    r"|folder|deck|slides|doc|docs|spreadsheet|sheet)\b"
    # a figure of a past period asked outright: "how long did customers wait on hold yesterday?"
    rf"|\bhow (?:many|much|long|often)\b[^?]{{0,60}}\b(?:did|were|was)\b[^?]{{0,60}}(?:{_PERIOD})"
    rf"|\bhow (?:many|much)\b[^?]{{0,60}}\b[a-z]+ed\b[^?]{{0,20}}(?:{_PERIOD})"
    rf"|\bwhich\b[^?]{{0,40}}\bdid\b[^?]{{0,50}}(?:{_PERIOD})"
    r"|\bwhat(?:'s| is| are) (?:the|our) (?:sla|okrs?|budget|headcount|targets?|quotas?)s? (?:for|of)\b"
    # where our number stands now ("is our app store rating still above 4.5 right now?")
    r"|\b(?:is|are|was|were) our\b[^?]{0,40}\b(?:above|below|over|under|higher than|lower than|at least|more than"
    r"|less than) (?:[$¥€£]?\d|the (?:target|goal|average|industry|benchmark))"
    r"|\bour\b[^?]{0,30}\b(?:ratings?|scores?|rates?|ratios?|numbers|figures?|nps|csat|revenue|sales)\b"
    r"[^?]{0,20}\b(?:right now|currently|as of today|at the moment)\b"
    # our product against a competitor's: a comparison only data can settle
    r"|\bcompetitor'?s?\b[^?]{0,40}\b(?:better|worse) than (?:ours|us)\b"
    r"|競合[^。?？]{0,20}(?:うち|弊社|自社)[^。?？]{0,10}(?:どっち|どちら)が(?:いい|良い|上)"
    r"|what did (?:customers|users|people|respondents|they|clients)\b[^?]{0,30}"
    r"\b(?:say|said|answer|rate|score|write|tell|think|complain)"
    r"|(?:弊社|当社|自社|うち)の[^。?？]{0,20}(?:資料|ファイル|フォルダ|データ)[^。?？]{0,10}(?:どこ|ありました|ある\s*[?？])"
    r"|\bwho (?:is|'s) (?:the )?owner of\b[^?]{0,30}\b(?:deck|doc|document|file|folder|slides|spreadsheet|roadmap"
    r"|budget|repo|ticket)\b|\bwho owns (?:the|our|this|that)\b[^?]{0,30}\b(?:deck|doc|document|file|folder|slides"
    r"|spreadsheet|roadmap|budget|repo|ticket)\b"
    r"|\bwhere(?:'s| is| are| did)\b[^?]{0,20}\b(?:our|the|last week's|yesterday's)\b[^?]{0,30}"
    r"\b(?:board|deck|doc|file|folder|recording|slides|notes|spreadsheet|link)\b"
)
# Code to be written: "need a regex to pull ticket IDs out of our support log", "write me a React component that
# renders a journey map", "how do i sort a list in python", 「Pythonでcsvを結合する方法」.
_CODE = (
    r"\b(?:regex(?:es|p)?|regular expressions?|sql (?:query|queries|statement))\b|正規表現"
    r"|\b(?:write|code|build|generate|give)(?: me| us)? (?:a |an |some |the )?(?:[\w-]+ ){0,3}?"
    r"(?:code|script|snippet|function|component|regex|macro|program)\b"
    r"|\b(?:react|vue|angular|svelte|python|javascript|typescript|sql|bash|excel vba|vba) "
    r"(?:component|script|snippet|function|code|query|macro)\b"
    r"|(?:コード|スクリプト|関数|プログラム|マクロ|sql|クエリ|コンポーネント)を?(?:書いて|作って|組んで|生成して)"
    r"|\b(?:in|with|using) (?:python|javascript|typescript|java|ruby|golang|rust|php|sql|bash|pandas|numpy|vba)\b"
    r"|(?<![a-z])(?:python|javascript|typescript|java|ruby|php|sql|bash|pandas|vba)で[^。?？]{0,30}"
    r"(?:方法|どう|やり方|書き方|したい|には)"
)
# The weather before a workshop.
_WEATHER = (
    r"天気(?:どう|は|って|予報|が|悪|良|大丈夫)|天候(?:は|どう)|気温(?:は|どう|何度)|降水確率|雨(?:降る|大丈夫)|雪(?:降る)"
    r"|\bweather (?:like|forecast|be|in|today|tomorrow|tonight|this|look)\b"
    r"|\b(?:what's|whats|how's|hows|what is|how is) the weather\b|\bwill it (?:rain|snow)\b"
    # the weather as a greeting (「本日は冷えますね」)
    r"|(?:今日|本日|最近|朝)は?(?:冷え|寒く|暑く|寒い|暑い)|(?:寒|暑)い(?:です)?ね|冷えます(?:ね|な)"
)
# A novel, a restaurant or a gadget to pick, a joke.
_LEISURE = (
    r"\b(?:recommend|suggest)(?: me| us)? (?:a |an |some )?(?:good |great |fun )?(?:[\w-]+ ){0,2}?"
    r"(?:novels?|movies?|films?|restaurants?|songs?|music|podcasts?|anime|tv shows?|places? to eat|lunch spots?"
    r"|bars?|games?)\b"
    r"|\b(?:sci-?fi|science fiction|fiction|fantasy|mystery|thriller|romance|crime|horror|comic) (?:books?|novels?"
    r"|movies?|films?|shows?|series)\b|\b(?:books?|novels?|movies?|films?|podcasts?) (?:to (?:read|watch) )?"
    r"(?:for|on) (?:the|my|a|our) (?:flight|plane|trip|train|holiday|vacation|weekend|commute)\b"
    r"|おすすめの(?:小説|映画|レストラン|ランチ|居酒屋|音楽|アニメ|ドラマ|ゲーム)"
    r"|(?:小説|映画|レストラン|ランチ|居酒屋|アニメ|ドラマ)[^。?？]{0,10}(?:おすすめ|教えて)"
    r"|\btell(?:ing)? (?:me |us )?a joke\b|\bjokes?\b about|ジョーク|ダジャレ|冗談を?(?:言って|教えて)"
    r"|\bbest (?:[\w-]+ )?(?:laptops?|phones?|headsets?|monitors?|chairs?|cameras?|webcams?|microphones?|mics?"
    r"|keyboards?|tablets?)\b|おすすめの(?:パソコン|pc|ノートpc|ヘッドセット|マイク|カメラ|モニター|椅子)"
    # what to eat, last night's game ("今日のランチ何がいいと思う?", "lol anyone watch the game last night?")
    r"|(?:ランチ|昼(?:ご飯|飯|ごはん)|晩(?:ご飯|飯|ごはん)|夕飯|夜ご飯)(?:は|って)?(?:何|なに)(?:が|に)(?:いい|する|しよ)"
    r"|(?:何|なに)(?:食べ|たべ)(?:る|よう|たい|た)|ランチ(?:どこ|行こう|行く人)|週末(?:は)?(?:何|なに)(?:して|する)"
    r"|\bwhat (?:should|shall|do) (?:we|i) (?:get|have|eat|order) for (?:lunch|dinner)\b"
    # food for its own sake ("the best pizza topping", "a recipe for curry"), not a restaurant's customers
    r"|\b(?:best|favou?rite) (?:[\w-]+ )?(?:toppings?|recipes?|dish(?:es)?|snacks?|drinks?|cocktails?)\b"
    r"|\brecipes? for\b|(?:ピザ|パスタ|カレー|ラーメン)の(?:具|トッピング|レシピ|作り方)"
    r"|おすすめの(?:トッピング|レシピ|お菓子)"
    r"|\bwhere (?:should|shall) (?:we|i) (?:eat|grab lunch|go for lunch|have lunch)\b"
    r"|\b(?:anyone|anybody|did you|did anyone|you guys) (?:watch|see|catch) the (?:game|match)\b|試合(?:見た|観た)"
)
# Something to write or translate that is no part of a map ("please draft a press release…", 「翻訳して」), a
# project chart.
_WRITING = (
    r"\b(?:draft|write|translate|proofread)\b (?:me |us )?(?:a |an |the |our |this |my )?(?:[\w-]+ ){0,3}?"
    r"(?:press release|blog post|tweet|job (?:post|ad|description)|cover letter|speech|poem|essay|contract"
    r"|(?:welcome|thank-?you|apology|farewell|congratulations?|intro(?:duction)?) (?:letter|email|e-mail|note|message)"
    r"|(?:linkedin|instagram|x|facebook) post|newsletter)\b"
    r"|\btranslate\b[^?]{0,40}\binto (?:english|japanese|french|german|spanish|chinese|korean|welsh|italian|portuguese"
    r"|dutch|polish|russian|arabic|hindi|thai|vietnamese|indonesian|tagalog|turkish|swedish|irish)\b|翻訳して"
    r"|(?:プレスリリース|ブログ記事|求人票|挨拶文|(?:welcome|ウェルカム|お礼|歓迎)\s?(?:letter|レター|メール|状|文))"
    r"(?:を)?(?:書いて|作って|下書き)"
    r"|(?:メール|文面|文章|手紙|返信|謝罪文|お詫び|お知らせ|案内文|告知文|通知文)[^。?？]{0,30}"
    r"(?:書いて|作成して|作って|下書きして|翻訳して)(?:もらえ|ください|下さい|くれ|ほしい|欲しい|いただけ)"
    r"|\bgantt\b|ガントチャート|\bwbs\b"
)
# Legal checks ("is it GDPR-compliant to keep recordings…", 「個人情報保護法的に問題ない?」).
_LEGAL = (
    r"\b(?:gdpr|ccpa|hipaa|appi)[- ]?compliant\b|\bcompliant with (?:the )?(?:gdpr|ccpa|hipaa|law)\b"
    r"|(?:個人情報保護法|法律|法的|法令|コンプライアンス)[^。?？]{0,8}(?:的に)?(?:問題|大丈夫|違反|ok|チェック)"
    # what a law requires or allows (「住民基本台帳法上の問題はございませんか」, 「法律上、…省略してもよいですか」)
    r"|[一-龯]{1,12}法(?:上|的に)[^。?？]{0,40}(?:問題|大丈夫|違反|必要|義務|許され|違法|よろしい|いい(?:ですか|の)|ok)"
    r"|法律上|法令上"
    r"|\b(?:under|according to|required by) (?:the )?(?:uk |eu )?(?:gdpr|ccpa|hipaa|law|data protection act)\b|\bdpia\b"
    r"|\blegal(?:ly)? (?:advice|requirement|required|obliged|allowed)\b"
    r"|\bis it legal\b|\blegally allowed\b|違法(?:ですか|なの|かな|になる)|合法(?:ですか|なの|かな)"
)
# The bot asked to act in the workspace (remind, summarise this thread, send a file, approve), or IT support (a
# server down, a 404 to fix).
_BOT_TASKS = (
    r"^(?:hey |ok |so )?(?:can you |could you |would you |please |pls )*"
    r"(?:remind me|summari[sz]e (?:this|the) (?:thread|conversation|chat|channel|meeting|call)"
    r"|send (?:the |this |that |my |our )?[\w-]+(?: [\w-]+)? to [#@]"
    r"|check (?:if|whether) (?:the |our )?[\w-]+ (?:server|site|app|api)"
    r"|approve (?:my|our|this)\b)"
    r"|リマインドして|(?:この|今の)(?:スレッド|スレ|議事録|会話|チャンネル)[^。?？]{0,6}(?:要約|まとめ)"
    r"|\b(?:fix|debug|troubleshoot)\b[^?]{0,30}\b(?:404|500|502|503|error code|bug|crash)\b|404エラー"
    r"|\bserver (?:is )?down\b|サーバー?(?:が)?落ちて"
    # data to be pulled out of a tool for the asker (「SalesforceからチャーンデータをCSVでexportして」)
    r"|(?:データ|csv|レポート|一覧)[^。?？]{0,20}(?:export|エクスポート|出力|ダウンロード|抽出)して(?:ください|下さい|ほしい|くれ|おいて)?\s*$"
)
# Small talk and other trades: a game's result, spelling, another language, a name to invent, the bot itself, the
# best company in a ranking.
_TRIVIA = (
    r"\bwho won\b|試合結果|\b(?:plural|singular|spelling|pronunciation) of\b"
    # markets of the day: a currency's rate, a share price
    r"|\bexchange rates?\b|為替(?:レート|相場)?|ドル円"
    # a currency pair: "USD/JPY", "GBP to JPY", "pounds in yen", "ユーロ円"
    r"|\b(?:usd|eur|jpy|gbp|cny|krw|aud|cad|chf|dollars?|yen|euros?|pounds?)\s?(?:/|to|in|into|->|→)?\s?"
    r"(?:usd|eur|jpy|gbp|cny|krw|aud|cad|chf|dollars?|yen|euros?|pounds?)\b(?=.*\b(?:rate|today|now|price|worth)\b)"
    r"|\b(?:usd|eur|jpy|gbp) ?(?:/ ?)?(?:usd|eur|jpy|gbp)\b"
    r"|\bstock price\b|株価"
    r"|\bhow (?:do you|to) (?:spell|pronounce)\b"
    r"|\bhow (?:do you|do i|to|would you) say\b[^?]{0,30}\bin (?:korean|chinese|french|german|spanish|italian"
    r"|portuguese|thai|vietnamese)\b|(?:韓国語|中国語|フランス語|ドイツ語|スペイン語)で(?:何て|なんて|どう)"
    r"|\b(?:good |catchy |cool )?names? for (?:our|my|the|a|an) "
    r"(?!stages?\b|steps?\b|phases?\b|personas?\b|lanes?\b"
    r"|rows?\b|maps?\b)[\w-]+|(?<!ステージの)(?<!ペルソナの)(?:名前案|ネーミング案)"
    r"|\bwho (?:made|built|created|wrote|trained) you\b|\bare you (?:an? )?(?:ai|bot|human|robot|chatgpt)\b"
    r"|あなたは(?:誰|だれ|何者)|誰が作った"
    r"|\bwhich (?:[\w-]+ )?(?:company|companies|airlines?|banks?|brands?|hotels?|retailers?|apps?|insurers?|carriers?)"
    r" (?:has|have|is|are|does|do|offers?) (?:the )?(?:best|worst|top|highest|lowest)\b"
    r"|(?:どこの|どの)(?:会社|企業|航空会社|銀行|ブランド|ホテル)が(?:一番|いちばん|最も)"
)
# What is no part of journey-mapping practice however it is dressed.
_OFF_TOPIC = "|".join((_CODE, _WEATHER, _LEISURE, _WRITING, _BOT_TASKS, _TRIVIA))
# A coming period that dates an event of the team's (a study session, a meeting, a workshop) dates when the answer
# will be needed, not a figure: 「来週の勉強会で聞かれそうなので…違いを教えて」 asks what the difference is. (A past
# event dates a record: "which personas did marketing approve in last month's review?" asks for the team's own.)
_COMING = r"来週|明日|今日|今週|来月|来期|再来週|明後日|tomorrow|today|this week|next week|next month"
_EVENT_DATED = re.compile(
    rf"(?:{_COMING})(?:の|に|は|中に|までに)?[^。、?？!！]{{0,8}}?"
    r"(?:勉強会|会議|ミーティング|mtg|打ち合わせ|打合せ|プレゼン|発表|研修|ワークショップ|ws|レビュー|セミナー"
    r"|イベント|定例|報告会|役員会|経営会議|説明会|オフサイト|キックオフ)"
    rf"|(?:{_COMING})'s (?:\w+ )?(?:meeting|workshop|presentation|review|training|session|offsite|kick-?off|demo)\b"
    rf"|\b(?:meeting|workshop|presentation|review|training|session|offsite|kick-?off|demo) (?:on |in |this |next )?"
    rf"(?:{_COMING})"
)
REASONS: dict[str, re.Pattern[str]] = {
    "personal_admin": re.compile(f"{_ADMIN}|{_CONTACT}"),
    "schedule": re.compile(f"{_SCHEDULE}|{_DEADLINE}"),
    "vendor_config": re.compile(_CONFIG),
    # (before off_topic: a legal question is told whom to ask, and which notes touch personal data)
    "legal": re.compile(_LEGAL),
    "off_topic": re.compile(_OFF_TOPIC),
    "own_data": re.compile(
        rf"(?:{_OURS})[^。]*(?:{_PERIOD})|(?:{_PERIOD})[^。]*(?:{_VALUE})|(?:{_OURS}).{{0,30}}(?:{_PERIOD})"
        rf"|{_OWN_RESOURCE}"
        # a quarter's results (「Q3の…完了率の実績値」): "Q3までに作り直したい" dates a plan, not a figure
        r"|(?<![a-z0-9])(?:q[1-4]|[1-4]q|fy\d{2,4})の[^。?？]{0,30}(?:実績|数値|数字|結果|いくつ|何%|何件)"
    ),
}
_BENCHMARK = re.compile(_BENCH_WORD)
_BENCH_POPULATION = re.compile(_BENCH_WHO)
_BENCH_NUMBER = re.compile(
    r"平均[^。]{0,12}(?:何%|何パーセント|何点|いくつ)"
    # the level others reach, named outright ("CVRの業界平均", "industry average NPS")
    r"|業界(?:の)?(?:平均|水準|標準|相場)|\bindustry (?:average|norm|standard|benchmark)s?\b"
    # what level counts as good: 「何%あれば優秀」, "what % is considered healthy" — a level others reach
    r"|(?:何%|何パーセント|何点|何ポイント|何割|何ヶ月|何日)(?:くらい|ぐらい|位)?(?:あれば|なら|以上なら|以上あれば|超えれば)"
    r"[^。?？]{0,6}(?:優秀|良い|よい|いい|合格|健全|普通|上出来|十分)"
    r"|\bwhat (?:[\w-]+ ){0,2}?(?:%|percent(?:age)?|score|number|level|value|rate)\b[^?]{0,30}"
    r"\b(?:is|counts as|would be) (?:considered )?(?:good|healthy|normal|great|bad|acceptable|best[- ]in[- ]class)\b"
    # the level others reach ("what open rate do other councils get on their newsletters?")
    r"|\bwhat (?:[\w-]+ ){0,3}?(?:rates?|scores?|%|percent(?:age)?s?|levels?|nps|csat|ratios?) (?:do|does|did)"
    r" (?:other|most|similar|comparable)\b"
)
_BENCH_ASK = re.compile(_BENCH_VALUE)
# A level with no population named that still means others' ("NPSの平均ってどれくらい", "b2b saas churn benchmark"):
# an average asked as an amount, or benchmark figures (not the verb: "how do we benchmark against competitors").
_LEVEL_OF_OTHERS = re.compile(
    r"平均(?:値)?(?:は|って|的に)?(?:だいたい|大体|大抵)?(?:どれくらい|どのくらい|どれぐらい|どのぐらい)"
    r"|\bbenchmarks?\b(?! (?:against|with|ourselves|our|it|them|us)\b)(?:\s*(?:figures?|numbers?|data|values?|for\b))?"
    r"|ベンチマーク(?:値|数値|データ)?(?:は|って|ある|を教えて|知りたい)?\s*[?？]?$"
)
_HOW = re.compile(_HOW_TO)
_OWN_VALUE = re.compile(r"(?:what(?:'s| is| was) our|(?:うちの|弊社の|当社の|自社の)[^。、]{0,20}(?:は|って)\s*[?？])")


# A period that dates WHO or WHAT is measured rather than the figure: a group that joined, a feature that shipped,
# last year's customers ("先月リリースした機能", "去年契約してたお客さん", "昨年の会員", "last year's customers",
# "users who signed up last month", "the feature we launched last week"). "先月のNPS" and "our NPS last month" date
# the figure itself, and are none of these.
_GROUP = (
    r"(?:新規|既存)?(?:会員|顧客|お客|ユーザー|ユーザ|利用者|契約者|購入者|加入者|登録者|入会者|受講者|生徒|患者|法人|取引先"
    r"|コホート)"
)
_GROUP_EN = (
    r"(?:customers?|users?|members?|subscribers?|cohorts?|sign-?ups?|clients?|accounts?|buyers?|students?|patients?"
    r"|guests?|customer base|user base|installs?)"
)
_DATED_GROUP = re.compile(
    rf"(?:{_PERIOD})(?:に|から|の間に|中に)?[^。、,?？!！\s]{{0,14}}?(?:した|った|れた|いた|てた|んだ|てくれた|めた|えた|けた)"
    rf"(?=[\u3400-\u9fff\u30a0-\u30ffa-z0-9]|お客|お得意|方々|人)"
    rf"|(?:{_PERIOD})(?:の|に(?:いた|入った))(?:{_GROUP})"
    rf"|(?:{_PERIOD})'s (?:[a-z-]+ )?{_GROUP_EN}\b"
    rf"|\b{_GROUP_EN} (?:(?:who|that) (?:\w+ ){{0,2}}(?:joined|signed up|started|bought|subscribed|came|renewed|"
    rf"onboarded|registered|enrolled|installed)|from|since|as of|acquired|onboarded|added) (?:in |during )?"
    rf"(?:{_PERIOD})"
    rf"|\b(?:we|they|you|that|which) (?:\w+ )?(?:launched|released|shipped|rolled out|introduced|added|built|opened)"
    rf"\b[^.?!]{{0,20}}?(?:in |during )?(?:{_PERIOD})"
    # one period against another ("this year than last", "今年と去年で"): how a metric compares periods (growth,
    # retention), not the team's figure of one period
    r"|\b(?:this|last) (?:month|quarter|year) (?:than|vs\.?|versus|compared (?:to|with)|over) (?:the )?"
    r"(?:last|previous|prior|this|a year ago)(?: (?:month|quarter|year))?"
    r"|(?:今年|今月|今期|今年度)(?:と|は|を)?(?:去年|昨年|前年|先月|前期|昨年度)(?:と比べ|に比べ|より|と|で)"
)


def undated_groups(text: str) -> str:
    """The text with every period that dates a group or a thing measured (see `_DATED_GROUP`) blanked: what is
    left to decide whether it asks for the team's own figure of a period."""
    return _DATED_GROUP.sub(lambda m: " " * len(m.group(0)), _fold(text))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


_SENTENCE = re.compile(r"(?<=[。!?])|(?<=[.;])\s+|\n+")
_ASKS = re.compile(
    r"[?]\s*$|(?:か|の|かな|っけ|って|教えて|ください|下さい|知りたい|ほしい|欲しい|たい|でしょうか|ますか)\s*$"
    r"|^(?:\w+ )?(?:what|how|why|when|where|who|which|can|could|should|would|do|does|is|are|any)\b"
)
SHORT_SENTENCE = 15  # "外部?": a question this short leans on the sentence before it


def _sentences(text: str) -> list[str]:
    return [p.strip() for p in _SENTENCE.split(text) if p and p.strip()]


def asked_sentences(question: str, *, folded: bool = True) -> list[str]:
    """The sentences of a message that ask something; the whole message when none visibly does (casefolded, or
    only NFKC-normalised with `folded=False`: a capital can mark a name).

    Teams paste context before the question ("we just finished interviews … tomorrow we map — how do we
    turn notes into stages?") and add remarks after it ("会議室はもう押さえた"): what the message asks is
    decided by its questions, not by every word around them."""
    text = _fold(question) if folded else unicodedata.normalize("NFKC", question)
    parts = _sentences(text)
    if len(parts) <= 1:
        return parts or [text]
    asked: list[str] = []
    for i, part in enumerate(parts):
        if _ASKS.search(part.casefold()):
            asked.append(f"{parts[i - 1]} {part}" if i and len(part) < SHORT_SENTENCE else part)
    return asked or [text]


def asking_part(question: str) -> str:
    """The sentences that ask, each with the sentence before it (what "that" in "which metric shows that?" points
    to); the whole message when no sentence visibly asks. Casefolded.

    The story around a question names the team's business ("we sell spare parts for our packaging machines", "some
    days people get angry at staff"): whom the metric measures is said where the question is asked."""
    text = _fold(question)
    parts = _sentences(text)
    if len(parts) <= 1:
        return text
    kept = {j for i, part in enumerate(parts) if _ASKS.search(part.casefold()) for j in (i - 1, i) if j >= 0}
    return " ".join(parts[i] for i in sorted(kept)) if kept else text


def unanswerable_reason(question: str) -> str | None:
    """'personal_admin', 'schedule', 'vendor_config', 'legal', 'off_topic', 'own_data' or 'benchmark' when one of
    the question's asking sentences asks for one; None otherwise."""
    for sentence in asked_sentences(question):
        reason = _reason(sentence)
        if reason is not None:
            return reason
    return None


# A short quoted span is a title or a name ("our 'how to request a refund' help article", 「"予約の変更"ページ」): what
# it says is not what the question asks for.
_QUOTED = re.compile(
    r"'[^'\n]{3,60}'(?![a-z])|\"[^\"\n]{3,60}\"|“[^”\n]{3,60}”|‘[^’\n]{3,60}’|「[^」\n]{3,40}」|『[^』\n]{3,40}』"
)


def _reason(folded: str) -> str | None:
    folded = _QUOTED.sub(lambda m: " " * len(m.group(0)), folded)
    undated = _EVENT_DATED.sub(lambda m: " " * len(m.group(0)), folded)  # the own-data test reads this (_EVENT_DATED)
    for reason, pattern in REASONS.items():
        if pattern.search(undated if reason == "own_data" else folded):
            return reason
    if _OWN_VALUE.search(folded):
        return "own_data"
    if _HOW.search(folded):
        return None
    if _BENCHMARK.search(folded) and _BENCH_POPULATION.search(folded) and _BENCH_ASK.search(folded) and (
        _BENCH_LEVEL.search(folded) or not _BENCH_METHOD.search(folded)
    ):
        # a level across companies or a market: statistics, not practice ("a good way to run a workshop for a
        # bank", "a typical number of stages for a hotel's map" ask how to do the work, which the notes answer)
        return "benchmark"
    if _BENCH_NUMBER.search(folded) or "市場規模" in folded:
        return "benchmark"
    if _LEVEL_OF_OTHERS.search(folded) and _BENCH_LEVEL.search(folded) and _BENCH_ASK.search(folded):
        return "benchmark"
    return None
