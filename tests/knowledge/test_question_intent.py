"""Questions no best-practice note can answer are recognised by what they ask, not by unseen words."""

from __future__ import annotations

import pytest

from knowledge.question_intent import asked_sentences, unanswerable_reason, undated_groups


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("国内ECのCVRの平均は?", "benchmark"),
        ("average cart abandonment rate in 2024?", "benchmark"),
        ("what's a good NPS for an insurance company?", "benchmark"),
        ("EC業界の解約率の平均は?", "benchmark"),
        ("what's a normal cost per lead for roofing contractors in Australia?", "benchmark"),  # a country's level
        ("うちの先月のNPSは?", "own_data"),
        ("what was our CSAT last month?", "own_data"),
        ("先週の問い合わせ件数を教えて", "own_data"),
        ("when is our next review meeting?", "schedule"),
        ("次の見直し会議っていつだっけ?", "schedule"),
        ("Intercomの自動返信の設定方法", "vendor_config"),
        ("how do I set up the webhook for our CRM?", "vendor_config"),
    ],
)
def test_questions_asking_for_figures_or_dates_no_note_holds(question: str, reason: str) -> None:
    assert unanswerable_reason(question) == reason


@pytest.mark.parametrize(
    "question",
    [
        "ペルソナは何人分必要?", "B2Cの場合ペルソナは何個くらい?",
        "Q3までにマップを作り直したい。見直しの頻度は?", "スコープってどう決めればいい?", "KGIとKPIの違いって?",
        "what's a good NPS score?", "what's the average order value?", "平均注文額の求め方",
        "How often should we review the map?", "今月ワークショップをやるけど何を準備すればいい?",
        "how do we improve our NPS?", "how do we set up a mapping workshop in slack?",
        "what's a good way to measure how much customers trust in us?",  # "in us" is no country
    ],
)
def test_in_scope_questions_with_unusual_words_are_not_refused(question: str) -> None:
    assert unanswerable_reason(question) is None


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("出張費の精算ってどうやるの?", "personal_admin"),
        ("how do I file an expense claim for the taxi?", "personal_admin"),
        ("鈴木さんの電話番号わかる?", "personal_admin"),
        ("what's Kato-san's slack handle?", "personal_admin"),
        ("can I take time off next friday?", "personal_admin"),
        ("how do I book a room for the persona workshop?", "personal_admin"),
        ("what's the deadline for the persona deck?", "schedule"),
        ("資料の締め切りっていつだっけ?", "schedule"),
        ("how much budget is left for research?", "own_data"),
        ("can you export our survey data to a csv?", "own_data"),
        ("how many signups did we get yesterday", "own_data"),
    ],
)
def test_admin_chores_contacts_deadlines_and_own_resources_are_recognised(question: str, reason: str) -> None:
    assert unanswerable_reason(question) == reason


@pytest.mark.parametrize(
    "question",
    [
        "we're mapping a family vacation booking journey — which stages?", "how much do we have to invest in research?",
        "市役所の申請手続きのジャーニーを描きたい", "how do we capture the customer's contact preferences?",
        "旅行の予約から休暇が終わるまでのジャーニー", "how many personas do we need for an expense app?",
        "hotel chain: which metric shows how many guests book a room again within a year?",
    ],
)
def test_journey_questions_about_leave_applications_or_budgets_are_not_admin(question: str) -> None:
    assert unanswerable_reason(question) is None


@pytest.mark.parametrize(
    "question",
    [
        "average spend per order for the online store (sales / orders)?",
        "average revenue divided by active users for a SaaS company — what's that?",
        "通販の平均的な購入単価って、売上を注文数で割ったものでいい?",
    ],
)
def test_a_formula_spelt_out_asks_for_the_metric_not_a_benchmark(question: str) -> None:
    assert unanswerable_reason(question) is None


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("what's the average NPS for insurers in korea this year", "benchmark"),
        ("what's a normal handling time for call centres in japan?", "benchmark"),
        ("保険アプリの継続率の平均を知りたい", "benchmark"),
        ("avg checkout abandonment for fashion sites in 2025?", "benchmark"),
        ("NRRって何%あれば優秀なんですか?", "benchmark"), ("what NPS score is considered good?", "benchmark"),
        ("how long did callers wait on hold yesterday?", "own_data"),
        ("what did users say in the last survey?", "own_data"),
        ("今月の問い合わせの結果をまとめて", "own_data"),
        ("うちのジャーニーマップの資料ってどこにある?", "own_data"),
        ("where's the recording from yesterday's workshop?", "own_data"),
        ("is the persona review still on for 2pm tomorrow?", "schedule"),
        ("キックオフって何時からだっけ?", "schedule"),
        ("FigJamで閲覧権限を設定する方法", "vendor_config"),
        ("how do we turn on SAML for the whiteboard tool?", "vendor_config"),
        # where our number stands now
        ("is our app store rating still above 4.5 right now?", "own_data"), ("what is our NPS right now?", "own_data"),
        ("is our churn below the target this month?", "own_data"),
        # where the team keeps a page
        ("where's the KPI glossary / wiki page again?", "own_data"),
        # a level in a market of any trade
        ("what's a typical win rate for enterprise software deals?", "benchmark"),
        # a meeting to be moved
        ("can we move tomorrow's KPI sync to 4pm JST? half the team is in Singapore", "schedule"),
        ("could we push the journey review meeting to next week?", "schedule"),
        # a tool's data gone wrong: the tool's support answers it
        ("is it just me or is the bounce rate in our analytics tool showing 0% since yesterday?", "vendor_config"),
        ("our conversion rate in Mixpanel shows nothing since the release, is tracking broken?", "vendor_config"),
        ("the NPS widget stopped collecting responses yesterday, any idea why?", "vendor_config"),
        ("GA4の直帰率が昨日から0%になってるんだけど、計測壊れてる?", "vendor_config"),
        ("who approves my time off?", "personal_admin"),
        ("残業の申請ってどうやる?", "personal_admin"),
    ],
)
def test_figures_files_times_settings_and_chores_asked_in_other_words(question: str, reason: str) -> None:
    assert unanswerable_reason(question) == reason


@pytest.mark.parametrize(
    "question",
    [
        # context before the question mentions days and our own things; the question is practice
        "context: we finished interviews for our onboarding revamp last week. tomorrow we map. how do we turn "
        "interview notes into stages?",
        "ワークショップのファシリって誰がやるのがいい?外部?社内?会議室はもう押さえた",
        "うちのチームで来週ワークショップをやります。参加者は何人くらいがいいですか?",
        "when is the best time to revisit the map?", "ワークショップの所要時間の目安は?",
        "how do we connect the map to our KPI tree?", "GA4のデータってマップのどこで使う?",
    ],
)
def test_context_around_a_practice_question_is_no_reason_to_refuse(question: str) -> None:
    assert unanswerable_reason(question) is None


def test_the_asking_sentences_of_a_message_are_found() -> None:
    message = "先週インタビューを終えました。明日マップを作ります。メモをどうステージに落とせばいい?"
    assert asked_sentences(message) == ["メモをどうステージに落とせばいい?"]
    assert asked_sentences("外部の人に頼むべき?社内?") == ["外部の人に頼むべき?", "外部の人に頼むべき? 社内?"]
    assert asked_sentences("no question here. just notes") == ["no question here. just notes"]


@pytest.mark.parametrize(
    "question",
    [
        "先月リリースしたチャット機能、アクティブユーザーのうち何割が使ってるか見たい",
        "去年の会員のうち、今も通っている人はどれくらい?",
        "how much of last year's customers' spend do we still have?",
        "users who signed up last month: how many came back within a week?",
        "the widget we launched last week — how many of our visitors clicked it?",
    ],
)
def test_a_period_dating_whom_the_number_is_about_is_not_the_figures_period(question: str) -> None:
    assert unanswerable_reason(undated_groups(question)) is None


@pytest.mark.parametrize(
    "question",
    ["先月のNPSいくつだった?", "what was our NPS last month?", "今週の問い合わせ件数を教えて",
     "how many signups did we get yesterday", "先月のうちのCVRって何%だった?"],
)  # fmt: skip
def test_a_period_dating_the_figure_stays_the_teams_own_data(question: str) -> None:
    assert unanswerable_reason(undated_groups(question)) == "own_data"


@pytest.mark.parametrize(
    "question",
    [
        "need a regex to pull ticket IDs out of our support log export",
        "write me a React component that renders a journey map timeline with stages and an emotion curve",
        "can you give me a python script that merges our survey CSVs?",
        "問い合わせログから注文番号を抜き出す正規表現ください",
        "GASでスプレッドシートを集計するコード書いて",
        "how do i sort a list in python",
        "Pythonで2つのCSVを結合する方法ある?",
        "明日の東京の天気どう？オフラインWS行くか迷ってて",
        "will it rain in osaka tomorrow? we planned an outdoor workshop",
        "recommend a good sci-fi novel for my flight?",
        "渋谷でおすすめのランチある?ワークショップの後に行きたい",
    ],
)
def test_code_weather_and_leisure_are_off_topic_however_dressed(question: str) -> None:
    assert unanswerable_reason(question) == "off_topic"


@pytest.mark.parametrize(
    "question",
    [
        "what code should we give each touchpoint in the spreadsheet?",
        "we use python scripts to clean survey data — how do we synthesise interviews?",
        "can you recommend a good book on journey mapping?",
        "how do we map the journey of customers checking the weather app before a trip?",
        "ペルソナの項目、おすすめの書き方ある?",
    ],
)
def test_words_of_code_weather_or_leisure_inside_practice_questions_are_not_off_topic(question: str) -> None:
    assert unanswerable_reason(question) is None


@pytest.mark.parametrize(
    "question",
    [
        "来週の勉強会で聞かれそうなので🙏 サービスブループリントとCJMの違いをざっくり教えてください",
        "明日の役員会でジャーニーマップの効果を説明したい、ポイント教えて",
        "for tomorrow's workshop: what's the difference between a touchpoint and a channel?",
        "Q3までにマップを作り直したいんだけど、見直しの頻度ってどれくらいが普通?",
    ],
)
def test_a_period_dating_the_teams_event_or_plan_is_not_a_figures_period(question: str) -> None:
    assert unanswerable_reason(question) is None


@pytest.mark.parametrize(
    "question",
    ["Q3のオンボーディング完了率の実績値教えてもらえますか", "上期のNPSいくつだった?",
     "来週の会議で使う先月のNPS教えて"],
)
def test_a_quarters_results_are_the_teams_own_data(question: str) -> None:
    assert unanswerable_reason(question) == "own_data"


@pytest.mark.parametrize(
    ("question", "reason"),
    [("what's a good way to run a journey workshop for a bank?", None),
     ("what is a good persona template for a SaaS company?", None),
     ("what's a typical number of stages for a hotel journey map?", None),
     ("what's a good NPS for hotels in japan?", "benchmark"), ("what's a good churn rate for SaaS?", "benchmark"),
     ("what's a typical conversion rate for a fashion store?", "benchmark")],
)  # fmt: skip
def test_a_good_way_of_working_for_a_market_is_practice_and_a_good_level_is_a_benchmark(
    question: str, reason: str | None
) -> None:
    assert unanswerable_reason(question) == reason


@pytest.mark.parametrize(
    ("question", "reason"),
    [("先週のNPS、もう集計出てる?", "own_data"), ("今月の解約率ってもう出た?", "own_data"),
     ("are last month's CSAT numbers in yet?", "own_data"),
     ("今日のワークショップ、まだアイデアが出てないんだけどどう進める?", None),
     ("来週までにペルソナ案がまだ出てないときはどうする?", None)],
)  # fmt: skip
def test_asking_whether_a_periods_figure_is_out_yet_is_the_teams_own_data(question: str, reason: str | None) -> None:
    assert unanswerable_reason(question) == reason


@pytest.mark.parametrize("question", ["can you book a room for the mapping session on thursday?",
                                      "could you pls schedule a meeting with the CS team for the map review?"])
def test_the_bot_asked_to_do_an_office_chore_is_admin(question: str) -> None:
    assert unanswerable_reason(question) == "personal_admin"


def test_customers_booking_a_room_are_a_journey_not_a_chore() -> None:
    assert unanswerable_reason("how do we map the journey of hotel guests who book a room on their phone?") is None


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("where do I change the Slack notification settings for this channel?", "vendor_config"),
        ("how do I export our Miro board to PDF?", "vendor_config"),
        ("who is the owner of the Q3 roadmap deck?", "own_data"),
        ("how many customers signed up yesterday?", "own_data"),
        ("please draft a press release for our new loyalty program", "off_topic"),
        ("tell me a joke about customer journeys", "off_topic"),
        ("what's the best laptop for running workshops?", "off_topic"),
        ("can you make me a gantt chart for the mapping project?", "off_topic"),
        ("which airline has the best customer journey in japan?", "off_topic"),
        ("is there a holiday next monday in japan?", "schedule"),
        ("what time does the office close on fridays?", "schedule"),
    ],
)
def test_chores_files_and_small_talk_dressed_in_journey_words(question: str, reason: str) -> None:
    assert unanswerable_reason(question) == reason


@pytest.mark.parametrize(
    "question",
    [
        "who owns the map after the workshop?",
        "how do we change the shipping notification emails so customers worry less?",
        "how do we map the journey of holiday shoppers?",
        "what should a welcome email say at the onboarding stage?",
        "how many stages did you see in maps that worked?",
        "which touchpoints have the best effect on loyalty?",
        "how do we export the pain points from the workshop board into the map?",
    ],
)
def test_journey_questions_with_those_words_are_not_refused(question: str) -> None:
    assert unanswerable_reason(question) is None


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("remind me tomorrow at 10 to update the map", "off_topic"),
        ("summarize this thread for me", "off_topic"),
        ("send the persona doc to #marketing", "off_topic"),
        ("can you check if the staging server is down?", "off_topic"),
        ("can you approve my vacation request?", "off_topic"),
        ("who won the game last night?", "off_topic"),
        ("what's the plural of persona?", "off_topic"),
        ("how do you say touchpoint in korean?", "off_topic"),
        ("what's a good name for our loyalty program?", "off_topic"),
        ("ロイヤルティプログラムの名前案ちょうだい", "off_topic"),
        ("who made you?", "off_topic"),
        ("is it legal to record customer calls in japan?", "legal"),
        ("how do I fix a 404 on our landing page?", "off_topic"),
        ("この議事録を要約して", "off_topic"),
        ("what's the SLA for the data team?", "own_data"),
        ("is our competitor's onboarding better than ours?", "own_data"),
        ("競合のアプリとうちのどっちがいい?", "own_data"),
        ("how do I get a refund for my conference ticket?", "personal_admin"),
    ],
)
def test_tasks_for_the_bot_small_talk_and_other_trades(question: str, reason: str) -> None:
    assert unanswerable_reason(question) == reason


@pytest.mark.parametrize(
    "question",
    [
        "what are good names for our stages?",
        "ステージの名前案ってある?",
        "how do we summarize interview notes into the map?",
        "can you send me the list of rows a map should have?",
        "how do we map the refund journey for a cancelled order?",
        "what's the difference between a persona and a segment?",
        "how do we show a 404 page as a pain point on the map?",
    ],
)
def test_journey_questions_near_those_tasks_are_not_refused(question: str) -> None:
    assert unanswerable_reason(question) is None


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("GA4でファネルデータ探索レポートを作る手順を教えて", "vendor_config"),
        ("In FigJam how do I lock the stage header layers so workshop participants can't drag them around?",
         "vendor_config"),
        ("how do I connect Miro to Jira", "vendor_config"),
        ("取引先への謝罪メール、英語で書いてもらえますか", "off_topic"),
        ("この利用規約の英文、日本の個人情報保護法的に問題ないかチェックしてもらえますか", "legal"),
        ("is it GDPR-compliant for us to keep customer interview recordings on Google Drive for 3 years?",
         "legal"),
        ("which personas did the marketing team approve in last month's review?", "own_data"),
    ],
)
def test_tool_how_tos_letters_legal_checks_and_past_decisions(question: str, reason: str) -> None:
    assert unanswerable_reason(question) == reason


@pytest.mark.parametrize(
    "question",
    ["in practice, how do we keep the map alive?", "Miroでジャーニーマップのボードを作る方法のコツは?",
     "how do we connect stages to KPIs?", "カゴ落ちメールの文面、どう書けばいい?",
     "個人情報の扱いってマップ作りで気をつけることある?"],
)
def test_practice_questions_near_tool_and_legal_words_stay_answerable(question: str) -> None:
    assert unanswerable_reason(question) is None


def test_moving_a_step_of_the_method_is_no_meeting_to_move() -> None:
    assert unanswerable_reason("should we move the persona step to the start of the workshop?") is None


@pytest.mark.parametrize(
    "question",
    ["how do we map our journey right now vs the future state?", "is our map above the level of detail execs need?",
     "Average star rating for our app on Google Play and the App Store — which KPI?"],
)  # fmt: skip
def test_our_map_now_or_our_own_app_is_no_figure_and_no_market(question: str) -> None:
    assert unanswerable_reason(question) is None


def test_a_quoted_title_is_not_what_the_question_asks() -> None:
    assert unanswerable_reason("how long do people stay on our 'how to request a refund' help article?") is None
    assert unanswerable_reason("can I request a refund for the workshop ticket?") == "personal_admin"


@pytest.mark.parametrize(
    ("question", "reason"),
    [("CVR改善の定例MTG、来週は何曜日でしたっけ?", "schedule"), ("マップの定例MTGっていつでしたっけ?", "schedule"),
     ("ワークショップは何時間くらい必要?", None)],
)  # fmt: skip
def test_when_a_regular_meeting_is_held_is_a_schedule(question: str, reason: str | None) -> None:
    assert unanswerable_reason(question) == reason


@pytest.mark.parametrize(
    ("question", "reason"),
    [("what open rate do other councils get on their email newsletters? trying to see if ours is normal", "benchmark"),
     ("what NPS do most hotels get?", "benchmark"), ("what do other companies put in their journey maps?", None),
     ("how do other teams run the workshop?", None)],
)  # fmt: skip
def test_the_level_others_reach_is_a_benchmark_and_what_others_do_is_practice(
    question: str, reason: str | None
) -> None:
    assert unanswerable_reason(question) == reason


@pytest.mark.parametrize(
    ("question", "reason"),
    [("let's set up a quick sync thursday on the churn numbers, who can make it?", "schedule"),
     ("来週MTGを設定します、出られる人いますか?", "schedule"),
     ("let's set up a workshop to map onboarding — who should we invite?", None),
     ("他の市と比べたいので、申請の平均処理日数の目安を教えてください", "benchmark"),
     ("自治体サイトの平均的な表示速度の目安は?", "benchmark")],
)  # fmt: skip
def test_a_meeting_being_set_up_and_levels_of_other_cities(question: str, reason: str | None) -> None:
    assert unanswerable_reason(question) == reason


@pytest.mark.parametrize(
    ("question", "reason"),
    [("経費精算システムの導入で問い合わせは減った?", None), ("交通費の精算ってどうやるの?", "personal_admin"),
     ("we're a payroll SaaS — how do we map our onboarding?", None), ("when is payroll this month?", "personal_admin")],
)  # fmt: skip
def test_a_product_sold_for_an_office_chore_is_no_chore(question: str, reason: str | None) -> None:
    assert unanswerable_reason(question) == reason


@pytest.mark.parametrize("question", ["what is the best pizza topping", "ピザの具は何がいい?", "a recipe for curry?",
                                      "favorite cocktail for a friday?"])
def test_food_for_its_own_sake_is_off_topic(question: str) -> None:
    assert unanswerable_reason(question) == "off_topic"


@pytest.mark.parametrize("question", ["what KPIs should our pizza shop track?",
                                      "ラーメン店の顧客体験のペインポイントは?",
                                      "how do we map the journey of a recipe app user?"])
def test_a_food_business_is_in_scope(question: str) -> None:
    assert unanswerable_reason(question) is None
