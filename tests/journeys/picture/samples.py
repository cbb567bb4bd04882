"""Realistic `journeymap/v1` maps for the picture tests and for looking at the pictures by eye.

A crowded Japanese session (a lane with many long answers, emoji, votes), an English 8-stage map and a
service blueprint. Built as JSON dicts, the renderers' input, so blueprint lanes and votes can be given
before the engine stores them.
"""

from __future__ import annotations

from typing import Any

EMOJI = ("😩", "😡", "📧", "😓")

JA_STAGES = ("認知", "検討", "申込", "利用開始", "継続")
JA_PAINS = [
    "料金プランが3種類あって違いがわからない😓",
    "見積もりフォームの入力項目が多く、途中で離脱してしまう",
    "問い合わせの返信が遅い📧 2営業日かかった",
    "契約書の郵送が必要で面倒😩",
    "初期設定のマニュアルがPDFしかなくスマホで読みにくい",
    "サポートの電話がつながらない😡",
    "解約方法がどこにも書いていない",
    "請求書の金額が見積もりと違う",
]


JA_FEELINGS = ("期待", "不安😓", "イライラ😡", "", "安心した", "まあまあ", "面倒…", "満足")


def _history(i: int) -> list[dict[str, Any]]:
    """The team's emotion answers: one per rated stage, two (said by two people) at the third."""
    score = [1, -1, -2, 0, 2, 1, -1, 2][i % 8]
    if i == 3:
        return []
    history = [{"score": score, "text": JA_FEELINGS[i % 8]}]
    return [{"score": -1, "text": "がっかり"}, *history] if i == 2 else history


def _pain(text: str, votes: int) -> dict[str, Any]:
    return {"text": text, "touchpoint": None, "votes": votes}


def japanese_crowded(stages: tuple[str, ...] = JA_STAGES, crowd: int = 14) -> dict[str, Any]:
    """A Japanese session whose second stage has `crowd` pain points (the cell that used to say ほか76件)."""
    stage_list = []
    for i, name in enumerate(stages):
        pains = [_pain(JA_PAINS[(i + j) % len(JA_PAINS)], (i + j) % 4) for j in range(2)]
        if i == 1:
            pains = [_pain(f"{JA_PAINS[j % len(JA_PAINS)]}（{j + 1}件目）", j % 5) for j in range(crowd)]
        stage_list.append(
            {
                "name": name,
                "position": i + 1,
                "touchpoints": [
                    {"name": "Instagram広告", "channel": "online"},
                    {"name": "営業担当との面談", "channel": "offline"},
                ][: 1 + i % 2],
                "actions": [f"{name}の段階で料金ページを見比べる", "家族に相談する"][: 1 + (i % 2)],
                "thoughts": ["本当に自分に合っているのかな？"] if i % 2 == 0 else [],
                "emotion": [1, -1, -2, 0, 2, 1, -1, 2][i % 8] if i != 3 else None,
                "pain_points": pains,
                "opportunities": [
                    {"text": f"{name}: 料金シミュレーターを置く", "impact": 3, "effort": 1, "votes": 4 - i % 3},
                    {"text": "チャットで即時回答する", "impact": 2, "effort": 3, "votes": i % 2},
                ][: 1 + i % 2],
                "kpis": [
                    {"id": "task_success_rate", "name": "フォーム完了率", "target": "80%"},
                    {"id": "bounce_rate", "name": "直帰率", "target": None},
                ][: 1 + i % 2],
                "emotion_history": _history(i),
            }
        )
    return {
        "schema": "journeymap/v1",
        "id": "sample-ja",
        "title": "法人向けクラウド会計 申込ジャーニー",
        "language": "ja",
        "map_type": "current_state",
        "personas": [
            {
                "name": "経理担当 山田さん（41歳）",
                "description": "従業員30名の会社で経理を一人で担当。紙の請求書処理に追われている。",
                "goals": ["月次決算を3日早く終える", "インボイス制度に対応する"],
                "needs": ["銀行明細の自動取り込み", "税理士と共有できること"],
                "frustrations": ["移行作業の手間が読めない😓"],
                "behaviors": ["比較サイトとレビューを必ず読む", "上司の承認が必要"],
            }
        ],
        "stages": stage_list,
        "contributors": ["U1", "U2", "U3", "U4"],
        "updated_at": "2026-11-29T10:00:00Z",
    }


EN_STAGES = ("Discover", "Research", "Compare", "Sign up", "Onboard", "First use", "Renew", "Advocate")


def english_map(stages: tuple[str, ...] = EN_STAGES) -> dict[str, Any]:
    stage_list = []
    for i, name in enumerate(stages):
        stage_list.append(
            {
                "name": name,
                "position": i + 1,
                "touchpoints": [
                    {"name": "Google search", "channel": "online"},
                    {"name": "Store visit", "channel": "offline"},
                ][: 1 + i % 2],
                "actions": [f"Reads the {name.lower()} page", "Asks a colleague"][: 1 + i % 2],
                "thoughts": ["Is this worth the price?"] if i % 3 == 0 else [],
                "emotion": [1, 0, -1, -2, -1, 1, 0, 2][i % 8],
                "pain_points": [_pain("Shipping cost only shown at checkout 😩", 3)] if i % 2 else [],
                "opportunities": [
                    {
                        "text": f"Show total price early ({name})",
                        "impact": 1 + i % 3,
                        "effort": 1 + (i + 1) % 3,
                        "votes": i % 4,
                    }
                ],
                "kpis": [{"id": "conversion_rate", "name": "Checkout conversion", "target": "3%"}]
                if i % 2 == 0
                else [],
            }
        )
    return {
        "schema": "journeymap/v1",
        "id": "sample-en",
        "title": "Online checkout for first-time buyers",
        "language": "en",
        "map_type": "current_state",
        "personas": [
            {
                "name": "Busy parent, 35",
                "description": "Shops on the phone in short breaks.",
                "goals": ["Get it delivered this week"],
                "needs": [],
                "frustrations": ["Hidden fees"],
                "behaviors": [],
            }
        ],
        "stages": stage_list,
        "contributors": ["U_ANN", "U_BOB"],
        "updated_at": "2026-11-29T10:00:00Z",
    }


def blueprint_map() -> dict[str, Any]:
    journey = japanese_crowded(("来店予約", "来店", "試着", "購入", "アフター"), crowd=3)
    journey["map_type"] = "service_blueprint"
    journey["title"] = "アパレル店舗のサービスブループリント"
    front = [
        "予約確認の電話をかける",
        "入口で名前を確認して案内",
        "サイズを提案する",
        "レジで会計",
        "お礼メールを送る📧",
    ]
    back = [
        "予約台帳を更新",
        "在庫を取り置き",
        "バックヤードから別サイズを出す",
        "POSで在庫引当",
        "購入履歴をCRMに登録",
    ]
    support = ["予約システム", "店舗在庫システム", "在庫連携API", "POS・決済代行", "CRM・メール配信"]
    owners = ["コールセンター", "店舗スタッフ", "店舗スタッフ", "店長", "CRMチーム"]
    for stage, f, b, s, o in zip(journey["stages"], front, back, support, owners, strict=True):
        stage["frontstage"], stage["backstage"], stage["support"], stage["owner"] = [f], [b], [s], o
    return journey


def trial_map() -> dict[str, Any]:
    """A user-tester's 4-stage SaaS trial map, mixed Japanese/English with emoji and a long URL: every lane
    short, yet with the roomy slide layout its opportunities and KPIs spilled onto a second slide."""

    def stage(name: str, touchpoint: str, actions: list[str], emotion: int, said: str, **lanes: Any) -> dict[str, Any]:
        return {"name": name, "touchpoints": [{"name": touchpoint, "channel": "online"}], "actions": actions,
                "thoughts": [], "pain_points": [], "opportunities": [], "kpis": [], "emotion": emotion,
                "emotion_history": [{"score": emotion, "text": said}], **lanes}

    return {
        "schema": "journeymap/v1",
        "id": "sample-trial",
        "title": "CloudDesk トライアル体験 🚀 Trial→Paid",
        "language": "ja",
        "map_type": "current_state",
        "scope": "SaaS「CloudDesk」の無料トライアル→有料化 (trial-to-paid) 📈 を対象。URL: "
        "https://clouddesk.example.com/ja/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=2026_winter",
        "personas": [{"name": "Alex 佐々木 👩‍💻", "description": "32歳、IT管理者 (Information Systems Administrator)",
                      "goals": ["ＳＳＯ設定を１日で終える🚀"], "needs": [],
                      "frustrations": ["ドキュメントが英語だけ😩"], "behaviors": []}],
        "stages": [
            stage("Sign-up 📝", "https://clouddesk.example.com/signup?plan=enterprise&ref=partner_portal_2026&locale="
                  "ja-JP&campaign=winter",
                  ["ＧｏｏｇｌｅアカウントでSign-upしようとしたが、組織ポリシーでブロックされた🙅"
                   " エラーコードはＥＲＲ＿ＳＳＯ＿００４２３。"], -1, "😞",
                  thoughts=["「会社のGoogle Workspaceで入れないなら、Microsoft 365 (Entra ID) でもダメかも…🤔」"]),
            stage("Setup ⚙️", "管理コンソール Admin Console 🖥️",
                  ["SupercalifragilisticexpialidociousConfigurationWizardStepThreeOfTwelveで止まった。",
                   "Donaudampfschifffahrtsgesellschaftskapitänみたいな長い設定名ばかり。"], -2, "-2",
                  pain_points=[{"text": "設定ウィザードの手順が１２ステップもあり", "votes": 0},
                               {"text": "途中保存ができない😩", "touchpoint": "管理コンソール Admin Console 🖥️"}],
                  opportunities=[{"text": "ウィザードを３ステップに短縮＋途中保存✅", "impact": 3, "effort": 2}],
                  kpis=[{"id": "onboarding_completion_rate", "name": "オンボーディング完了率", "target": "80%"}]),
            stage("Team invite 👨‍👩‍👧‍👦", "招待メール📧",
                  ["５０名分のCSVをアップロード→３件だけ失敗😡（理由は表示されず）"], -2, "😡",
                  pain_points=[{"text": "CSVエラーの理由がわからない📧"}]),
            stage("Billing 💳", "請求書PDF／Invoice portal", ["🇯🇵円建てで払いたいのにUSD表示のみ💸"], 1, "😊",
                  opportunities=[{"text": "円建て請求💴に対応", "impact": 3, "effort": 3}]),
        ],
        "contributors": ["U1"],
        "updated_at": "2026-12-02T10:00:00Z",
    }
