"""How a question relates to KPIs, read from its form alone (no catalogue, no model).

The catalogue's look-up (knowledge.kpi_catalogue) needs three judgements that depend on how a question is
asked rather than on which metric it is about:
- **Does it ask for a metric?** "なんて指標?", "what's that called", "is there a score for that" ask for
  one by name (`NAMED`); "what % of…", "平均いくら", "how long from … until …" describe a quantity that
  some metric measures (`DESCRIBED`). A question with neither ("should we A/B test our fixes") is not
  matched by meaning at all, however close a card's wording happens to be.
- **Is it about journey mapping or stages rather than one metric?** "how many stages should a journey
  map have?", "kpis for purchase stage?", "KPIツリーってどう作るの?" want the notes or a stage's
  suggestions; no single KPI card answers them.
- **When it names a KPI, is it about that KPI?** "NPSって何?", "churn rate in B2B sales", "LTVの出し方"
  are; "who owns the churn dashboard?", "the CSAT survey email went out twice, how do I apologise?" only
  mention one. What is left once the KPI's names are removed decides: a definitional ask, or hardly any
  other content, means the KPI; a tool, an owner, a piece of writing, or a sentence of its own does not.

Chat shorthand ("ppl", "avg", "incl.", "w/o") is expanded first (`normalise`), so that both the
cues here and the lexical ranking see the words the cards use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Literal

__all__ = [
    "DESCRIBED", "NAMED", "about_kpi_practice", "about_mapping", "about_something_else", "about_stages",
    "asks_about_named", "asks_for_advice", "asks_how_built", "asks_its_parts", "asks_metric_name", "asks_to_move",
    "asks_what_it_is", "asks_which_of", "defines_named", "describes_quantity", "guesses_named", "loose", "metric_cue",
    "metric_names", "normalise", "off_the_map", "relates_two", "says_more", "set_aside", "spells_out_a_recipe",
    "tells_not_asks", "without",
]  # fmt: skip

MetricCue = Literal["named", "described"]
NAMED: MetricCue = "named"
DESCRIBED: MetricCue = "described"

_KATAKANA_TO_HIRAGANA: dict[int, int | None] = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_KATAKANA_TO_HIRAGANA.update(dict.fromkeys(map(ord, "ー・"), None))


def loose(text: str) -> str:
    """NFKC, casefold, katakana as hiragana, no long-vowel marks: "ダッシュボード" and "だっしゅぼーど" meet."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_KATAKANA_TO_HIRAGANA)


def without(text: str, names: Iterable[str], blank: str = " ") -> str:
    """`text` (NFKC, casefolded) with every occurrence of the names blanked out, occurrences found loosely
    (so "りぴーと率" loses "リピート率") while the rest keeps its own script: katakana still reads as a
    content word ("アンケート", "ダッシュボード") when the rest is weighed. `blank` replaces each character of a
    name (a space; `defines_named` marks where the name stood)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept: list[int] = []  # index in `folded` of each character of the loose form
    chars: list[str] = []
    for i, ch in enumerate(folded):
        mapped = ch.translate(_KATAKANA_TO_HIRAGANA)
        if mapped:
            kept.append(i)
            chars.append(mapped)
    matchable = "".join(chars)
    gone = [False] * len(folded)
    for name in sorted({loose(n) for n in names if n}, key=len, reverse=True):
        if not name:
            continue
        start = matchable.find(name)
        while start >= 0:
            for j in range(kept[start], kept[start + len(name) - 1] + 1):  # marks dropped inside too
                gone[j] = True
            matchable = matchable[:start] + "\0" * len(name) + matchable[start + len(name) :]
            start = matchable.find(name, start + len(name))
    return "".join(blank if cut else ch for ch, cut in zip(folded, gone, strict=True))


def _compile(pattern: str) -> re.Pattern[str]:
    """A pattern written with katakana, matched against `loose` text (only the kana are translated).
    ASCII word boundaries: "personaって" still holds the word "persona" (kana are word characters to `re`)."""
    return re.compile(pattern.translate(_KATAKANA_TO_HIRAGANA), re.ASCII)


# Slack shorthand → the words the cards use. Applied to folded text; word-bounded so "avg" ≠ "avgas".
_SHORTHAND: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.ASCII), word)
    for pattern, word in (
        (r"\bppl\b", "people"), (r"\bavg\b\.?", "average"), (r"\bu\b", "you"), (r"\bur\b", "your"),
        (r"\bw/o\b", "without"), (r"\bw/(?=\s|[a-z])", "with "), (r"\bincl\b\.?", "including"),
        (r"\bpls\b|\bplz\b", "please"), (r"\bcust\b", "customer"), (r"\bcustomers?'s\b", "customer"),
        (r"\bno\. of\b|(?<!\w)# of\b", "number of"), (r"\bmo\b", "month"), (r"\bwk\b", "week"), (r"\bhrs?\b", "hours"),
        (r"\bmins?\b", "minutes"), (r"\bsecs?\b", "seconds"), (r"\bthru\b", "through"), (r"\bdiff\b", "difference"),
        (r"\bcalc(?:ulate)?d\b", "calculated"), (r"\bcalcs?\b", "calculate"), (r"\bdefn\b", "definition"),
        (r"\b(?:calcualte|caluclate|calulate|claculate|calcuate|calcluate)\b", "calculate"),  # typed in a hurry
    )
)  # fmt: skip


def normalise(text: str) -> str:
    """Folded text (NFKC, casefold) with chat shorthand written out ("avg ppl" → "average people")."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    for pattern, word in _SHORTHAND:
        folded = pattern.sub(word, folded)
    return folded


# ----- asking for a metric ------------------------------------------------------------------------------
# Asking for the KPI card itself ("show me the card pls", 「カード見せて」): the look-up's answer is what is wanted,
# whatever else the question says (where the card goes on the map, which of two names to show).
_CARD_REQUEST = (
    r"\b(?:show|give|send|pull up|open|link)(?: me| us)? (?:the |its |that |your )?(?:kpi |metric )?card\b"
    r"|カード(?:を)?(?:見せ|出し|開い|貼っ|ちょうだい|ください|下さい|お願い)"
    # "is there a card for that", "card pls"
    r"|\bis there (?:a |an )?(?:kpi |metric )?card\b|\bcard (?:pls|plz|please)\b"
)
_NAMED = _compile(
    r"指標|kpi|メトリクス|メトリック|なんて(?:言|い|呼|指)|何て(?:言|い|呼|指)|名前|呼び方|呼ぶ|って言う|っていう数字"
    r"|(?:なん|何)だっけ"
    # the look-up's answers are KPI cards: "which card is that?", "どのカード?" (not a credit card)
    r"|どのカード|(?:何|なん)のカード"
    r"|\bwhich (?:kpi |metric )?card\b|\bwhat (?:kpi|metric) card\b|\bwhat card (?:is|covers|fits)\b"
    r"|\bwhat(?:'s| is) the (?:kpi |metric )?card\b"
    r"|" + _CARD_REQUEST
    + r"|どの数字|何の数字|どんな数字|数字で(?:見|追|測)|どう(?:やって)?(?:測|計測|数え)|測りたい"
    r"|測る(?:には|方法|やつ|の)"
    r"|(?:を|で)(?:毎週|毎月|毎日|ずっと|継続的に|定期的に|日々)?追(?:う|いたい|えば)|計測|スコア(?:は|って|ある)"
    # how it is worked out ("あれの計算方法おしえて", "how do you calculate the thing where…"): a metric asked for
    r"|計算(?:方法|の仕方|式)|出し方|求め方|算出(?:方法|の仕方|する|すれば|して)|どうやって(?:算出|計算|出す|出せ|求め)"
    r"|\bhow (?:do|to|should|can|would) (?:we |i |you )?(?:calculate|compute)\b"
    # "what's the standard calc" (loose text reads calc as calculate)
    r"|\bwhat(?:'s| is|s) the (?:\w+ )?(?:calculation|calculate)\b"
    # how it is estimated ("1社が契約期間全体でもたらす粗利ってどう見積もる?", "how should we estimate the total …")
    r"|(?:どう|どうやって|どのように)見積も|\bhow (?:do|to|should|can|would) (?:we |i |you )?estimate\b"
    # what to show or judge something with ("何で見せればいい?", "what should I use to show it")
    r"|(?:何|なに)で(?:見せ|示|表し|表す|測|評価|判断)|(?:何|なに|どれ)を?(?:見れば|見せれば|使えば|追えば)"
    r"|\bhow (?:do|can|should|would) (?:we|i) show (?:whether|if|that|how)\b"
    r"|\bhow (?:do|can|should|would) (?:we|i|you) (?:express|quantify|put a number on)\b"
    r"|\bwhat (?:should|could|would|do|can) (?:we|i) (?:use|show|report|present)"
    r" to (?:show|prove|demonstrate|measure|track|judge)\b"
    r"|\bmetrics?\b|\bkpis?\b|\bmeasur|\bcalled\b|\bcall (?:it|that|this)\b|\bwhat do (?:you|we|people|they) call\b"
    r"|\bname (?:for|of)\b|\bnamed?\b"
    r"|\bwhich number|\bwhat number|\bwhat figure|\bis there a (?:score|number|metric|name|kpi|stat)"
    r"|\bscore for\b|\bwhat do (?:we|you|i) track\b|\bwhat (?:should|do|can) (?:we|i) track\b"
    r"|\btrack(?:ed|ing)? (?:by|with)\b|\bhow (?:do|can|should|would) (?:we|i|you) (?:track|monitor)\b"
    r"|\bgauge\b|\bindicator\b|\bstat (?:for|that)\b"
    # one number summing something up ("one score mixing usage and tickets", "ひとつの数字にまとめたい")
    r"|\b(?:one|a single|single) (?:number|score|figure|metric|index)\b|(?:一つ|1つ|ひとつ)の(?:数字|数値|指標|スコア)"
    # what to log or record an observed result as ("what do I record this as", "何として記録する")
    r"|\b(?:log|record|report|file|classify|label|enter|count) (?:it|that|this|them|those|these) as\b"
    r"|(?:何|なに|どの指標)として(?:記録|集計|報告|残)|(?:何|なに)で記録"
)
_DESCRIBED = _compile(
    r"割合|比率|率|何%|何割|パーセント|%|平均|あたり|当たり|件数|何件|何日|何時間|何分|何秒|早さ|速さ"
    r"|までの(?:平均)?(?:時間|日数|期間)|(?:平均|所要|待ち|対応|処理)時間"
    r"|どれくらい|どのくらい|どれだけ|どれほど|いくら|何倍|何人|の数|回数|規模|総額|金額|お金|コスト|費用|売上|スコア|点数"
    r"|かかる(?:時間|日数|期間|お金|費用|コスト|金額)|(?:広告|営業|販促|マーケ|獲得)費|秒数|日数|合計|累計"
    r"|の比(?=$|[、。?？\s])|(?:良|高|多|長|速|大き)さ|[客者件人回]数|で割|割った|割り算|÷"
    r"|を(?:見|知り|測り|追い)たい"
    r"|\brate\b|\bratio\b|\bpercent|%|\bshare of\b|\bfraction\b|\bproportion\b|\baverage\b|\bmean\b|\bmedian\b|\bper\b"
    r"|divided by|\bout of\b|\bhow (?:many|much|long|fast|often|quickly|sticky|likely|easy|hard)\b"
    r"|\b(?:time|days|hours|minutes|seconds|weeks) (?:from|between|until|till|to|it takes|before)\b"
    r"|\bnumber of\b|\bcount of\b|\bscore\b|\brating\b|\bcost\b|\bcosts\b|\brevenue\b|\bprofit\b|\bspend\b|\bmoney\b"
    r"|\bwhat (?:do|did|does|will|would|should) (?:we|you|i|they) pay\b"
    r"|\bvalue\b|\bsize\b|\bvolume\b|\bhow (?:pleased|happy|satisfied|well|big|slow)\b|\bmost often\b"
    r"|\b(?:scored|rated)\b|\bshare(?= of\b| who\b| that\b|\s*$|\s*[?？—–-])|\bwhat share\b|\buptake\b"
    # a part of a whole, money going out, a mark out of some scale
    r"|\bwhat part of\b|\bhow much of\b|\bwhat portion\b|\bportion of\b|\bpercentage of\b"
    r"|\bspend(?:s|ing)\b|何点|何ポイント|星(?:は)?いくつ|星の数"
    # how things usually go ("are refunds typically paid within a week?"): a rate asked as yes or no
    r"|(?:^|[.!?]\s*)(?:is|are|do|does|can|will)\b[^?.!]{0,60}\b(?:usually|typically|normally|mostly|tend to)\b"
    # an observed result counted out of a group ("3 of 5 testers", "10人中7人"): a share
    r"|\b[0-9]+ (?:of|out of) (?:the )?[0-9]+\b|[0-9]+(?:人|名|件)中[0-9]+"
)


# Asking outright which metric something is, by its name ("which KPI is that?", "指標名は?"): a question that
# mentions the team's own deals or this quarter while asking this wants a metric, not the team's figure.
_METRIC_NAME_ASK = _compile(
    r"指標名|(?:なん|何)て(?:いう|言う|呼ぶ)?指標|(?:何|なん)という指標|どの指標|どんな指標|呼び方|(?:なん|何)て(?:言|い|呼)"
    r"|\bwhich (?:kpi|metric|measure)\b|\bwhat(?:'s| is) (?:the|that|this) (?:kpi|metric)\b|\b(?:kpi|metric) name\b"
    r"|\bname (?:of|for) (?:the|that|this) (?:kpi|metric)\b|\bwhat (?:do|would) (?:we|you|people) call\b"
    r"|\bwhat(?:'s| is) (?:that|this|it) called\b|\bwhat kpi\b|\bwhat metric\b"
    r"|指標(?:って|は|が)?(?:ある|あります|(?:なん|何)(?:です|でしょう|だろう|かな|\s*[?？]|$))"
    r"|\bis there (?:a |an )?(?:standard |specific |common )?(?:kpi|metric|card|kpi card|metric card)\b"
    # "what's the ratio called", "what's the $200 per customer called"
    r"|\bwhat(?:'s| is| are)\b[^?.!]{0,40}\bcalled\b"
)


# A figure's recipe spelt out, adding some things and taking others off ("counting upsells and subtracting downgrades
# and lost accounts", 「アップセルを足して解約を引いた」): what the number is made of, which a metric's formula says.
_RECIPE = _compile(
    r"\b(?:counting|including|plus|adding)\b[^?.!]{0,50}\b(?:minus|subtracting|less|net of|deducting|taking off"
    r"|taking out)\b"
    r"|\b(?:minus|subtracting|net of|deducting)\b[^?.!]{0,50}\b(?:plus|adding|counting)\b"
    r"|(?:足し|加え|含め)[^。?？]{0,30}(?:引い|差し引)|(?:引い|差し引)[^。?？]{0,30}(?:足し|加え)"
)


def spells_out_a_recipe(text: str) -> bool:
    """The question says what its number adds up and what it takes off: it describes how a metric is built."""
    return bool(_RECIPE.search(loose(normalise(text))))


def asks_metric_name(text: str) -> bool:
    """The question asks outright which metric or KPI it describes (see `_METRIC_NAME_ASK`): it names the
    metric it wants ("which KPI is that?") and describes a quantity for it ("how many did we close"), so
    "which KPI did we miss this quarter?" is not one."""
    folded = loose(normalise(text))
    return bool(_METRIC_NAME_ASK.search(folded) and _DESCRIBED.search(folded))


# Wanting to see, measure or track a number ("使ってくれてるか見たい", "want to track it"): a measure asked for, not
# a figure the team already has.
_MEASURE_WISH = _compile(
    r"(?:か|を|が)(?:見|測り|追い|把握し|計測し|可視化し|モニタリングし|トラッキングし)たい"
    r"|\b(?:want|need|like|trying|try|how) to (?:see|measure|track|monitor|quantify|follow)\b"
)


def asks_for_a_measure(text: str) -> bool:
    """The question asks how to measure what it describes: it asks for a metric (`NAMED`), or it describes a share
    of a group (knowledge.kpi_frame) and wants to see or track it."""
    from knowledge.kpi_frame import question_frame

    folded = loose(normalise(text))
    if _NAMED.search(folded):
        return True
    return bool(_MEASURE_WISH.search(folded)) and question_frame(text) is not None


# A choice between options ("コストが安いのはどっち?", "is keeping customers cheaper?", "should the comment box
# come before or after the rating question?") mentions a quantity without describing one to measure.
_CHOICE = _compile(
    r"どっち|どちら|\bwhich (?:is|one is|one) (?:better|cheaper|more|less)\b|\bcheaper\b|\bbetter\b"
    r"|\bbefore or after\b|前か後|先か後"
)


# Which way to work a number out ("計算は点数ベース?金額ベース?どっちが一般的?", "by count or by value — which is
# better?"): a choice about the metric's formula, not between options the metric only compares.
_FORMULA_CHOICE = _compile(r"計算|算出|ベース|\bcalculat|\bcomput|\bformula\b|\bbasis\b|\bbased on\b")


def metric_cue(text: str) -> MetricCue | None:
    """`NAMED` when the question asks which metric (by its name or how to measure it), `DESCRIBED` when it
    describes a quantity (a share, an average, a duration, an amount), None when it does neither."""
    folded = loose(normalise(text))
    if _NAMED.search(folded):
        return NAMED
    choice = _CHOICE.search(folded) and not _FORMULA_CHOICE.search(folded)
    return DESCRIBED if describes_quantity(text) and not choice else None


def describes_quantity(text: str) -> bool:
    """The question describes a quantity (a share, an average, a duration, an amount), whatever else it asks."""
    return bool(_DESCRIBED.search(loose(normalise(text))))


# 何 before a counter is "how many" (「設問って何問くらい?」, 「何回」, 「何人」), not "what is": no definitional ask.
_NOT_COUNTED = (
    r"(?!問|回|人|名|件|個|日|時間|分|秒|%|割|点|倍|段階|ヶ月|か月|カ月|年|社|歳|位|枚|本|通|週|円|万|種類|項目|パーセント)"
)


# "Xって何?", "what is X": a question about what a named thing is. When X names no KPI, it is some other
# concept ("アクセス解析って何?"), however close a card's wording is to it.
_WHAT_IT_IS = _compile(
    r"とは(?!別|関係な|限らな)|って(?:何|なに|なん)" + _NOT_COUNTED
    + r"|は(?:何|なに|なん)(?:です|で|\s*[?？]|$)|意味|定義"
    r"|\bwhat(?:'s| is| are| does)\b|\bwhats\b|\bmeaning\b|\bdefin"
)


# Ways to move a number ("levers to cut churn", "ideas for lowering the wait"): asked of a named KPI (`_MOVE`) or of a
# situation (`_ADVICE`).
_WAYS_TO_MOVE = (
    r"\b(?:ways?|tips?|ideas?|levers?|tactics?|steps) (?:to|for) (?:improv|increas|rais|lift|boost|reduc|lower|cut"
    r"|decreas|shorten|speed|bring|push|driv|mov)"
)

# Asking what to do about a situation ("決済の手前で離脱する人が多い。どう考えればいい?", "how can we reduce
# drop-off?"): advice, which the notes give, even when the situation reads like a metric's description.
_ADVICE = _compile(
    r"どう(?:考え|すれば|したら|する(?:べき|の|か)|対処|対応|改善|減ら|増や|上げ|下げ|防)|対策|改善(?:策|案|方法)"
    r"|(?:減ら|増や|上げ|下げ|防)(?:す|ぐ|せる)(?:には|方法|ため|コツ)|コツ|アドバイス"
    r"|\bhow (?:should|can|could|do|would) (?:we|i) (?:fix|reduce|improve|increase|lower|handle|deal|think|approach"
    r"|prevent|stop|get (?:more|fewer|less)|cut|boost)\b|\bwhat should (?:we|i) do\b|\btips?\b|\badvice\b"
    r"|\bdoes (?:that|this|it) make sense\b|\bis (?:that|this|it) (?:ok|okay|normal|bad|good)\b"
    r"|(?:減らし|増やし|上げ|下げ|改善し|なくし)たい|(?:が|は)いい(?:の|か)?\s*[?？]?$|べき"
    r"|\b(?:need|want|have|plan|going|trying) to (?:reduce|increase|improve|lower|cut|raise|boost|fix|simplify)\b"
    r"|\bwhat(?:'s| is) the best\b|\bbest (?:time|way|day|practice)"
    # ways to move a number ("any quick wins to cut the average wait?", "ideas for lowering…", 「短くする施策」)
    r"|\bquick wins?\b|" + _WAYS_TO_MOVE
    + r"|(?:短く|早く|速く|少なく|多く|高く|低く)(?:する|できる)(?:には|方法|コツ|施策|アイデア|手)"
    r"|(?:減らす|増やす|上げる|下げる|改善する)(?:施策|アイデア|手)"
)


def asks_for_advice(text: str) -> bool:
    """The question asks what to do or think about a situation rather than how to measure it."""
    return bool(_ADVICE.search(loose(normalise(text))))


# A message that tells rather than asks: it reports a figure ("NRR came in at 112% for Q3 🎉", 「先月のCPLは4,300円
# でした」) with no question in it, or hands someone a chore ("please add the open rate to the board report",
# 「月曜のシフト増やしてもらえますか」) without asking anything of the metric it names. It mentions a metric; what the
# metric is or how it is worked out is not asked.
_REPORTED = _compile(
    r"\b(?:came in at|came in|landed at|ended (?:up )?at|closed at|finished at|hit|reached|dropped to|fell to|rose to"
    r"|climbed to|jumped to|went (?:up|down) to|is at|was at|stands at|sits at|is now|was|were|is|are)\s+"
    r"(?:about |around |roughly |just |only |still |already |~)?[-+]?[¥$€£]?[0-9]"
    # "NRR closed Q3 at 114%, up from 109"
    r"|\b(?:came in|landed|ended|closed|finished|hit|stood)(?: [\w-]+){0,2} at [-+]?[¥$€£]?[0-9]"
    r"|\b(?:up|down) from [-+]?[¥$€£]?[0-9]"
    r"|[0-9][0-9,.]*(?:でした|だった)"  # 「全館で32でした」
    r"|[0-9][0-9,.]*\s*(?:%|円|pt|ポイント|点|件|人|名|回|社|秒|分|日|時間|倍)[^。?]{0,12}"
    r"(?:でした|だった|です|ました|てた|になった|になりました|に(?:上昇|低下|改善|悪化|増加|減少)|まで(?:上が|下が|伸び|落ち))"
)
_QUESTION = _compile(
    r"\?|(?:^|[.!;:,\u2014]\s*)(?:what|whats|how|which|why|who|when|where|whether|is there|are there)\b"
    r"|\b(?:how|what|which|why) (?:do|does|did|should|can|could|would|is|are|was|to|'s)\b"
    r"|\b(?:any idea|anyone know|wonder|explain|tell me|define|meaning)"
    r"|何|なに|なん|どう|どれ|どの|どんな|いくつ|いくら|教えて|知りたい|とは|でしょうか|ですか|ますか|かな|っけ|意味|計算|出し方|求め方"
)
_CHORE = _compile(
    r"\b(?:please|pls|plz|kindly|can you|could you|can someone|could someone|would you)\s+"
    r"(?:(?:also|just|quickly|please|pls)\s+)?"
    r"(?:add|send|share|update|include|put|post|pull|export|forward|upload|attach|drop|paste|increase|book|circulate)\b"
    r"|(?:追加|共有|送付|送信|更新|反映|記載|転記|添付|増や|入れ|送っ|貼っ|載せ|まとめ)(?:て|し|して)?"
    r"(?:もらえ|もらっても|いただけ|いただい|ください|下さい|くれませ|ほしい|欲しい)"
    r"|(?:追加|共有|更新|反映|記載|転記|添付)(?:を)?お願い|お願い(?:でき|し)(?:ます|ません)か"
    # time asked for in a meeting ("30分ください", "15分だけ枠もらえますか")
    r"|[0-9]+分(?:だけ|ほど|くらい)?(?:ください|下さい|もらえ|いただけ)|枠(?:を)?(?:ください|下さい|もらえ|いただけ|ほしい|欲しい)"
    # a slot held in someone's calendar (「木曜に30分枠押さえてもらえますか」)
    r"|(?:枠|時間|予定|会議室)(?:を)?(?:押さえ|おさえ|確保し|取っ|とっ)て(?:もらえ|いただけ|ください|下さい|ほしい|欲しい|くれ)"
)
_ASKED_OF_METRIC = _compile(
    r"\b(?:what|whats|how|which|why|define|meaning|formula)\b|何|なに|なん|どう|どれ|どの|教えて|とは|意味|計算|定義"
)


def tells_not_asks(text: str) -> bool:
    """The message reports a figure without a question, or hands over a chore without asking anything of a metric."""
    folded = loose(normalise(text))
    if _REPORTED.search(folded) and not _QUESTION.search(folded):
        return True
    return bool(_CHORE.search(folded)) and not _ASKED_OF_METRIC.search(folded)


def asks_what_it_is(text: str) -> bool:
    """The question asks what something is or means, rather than describing a quantity to measure."""
    return bool(_WHAT_IT_IS.search(loose(normalise(text))))


# ----- names of metrics ------------------------------------------------------------------------------------
# What a metric's name looks like: a compound ending in 率 or 単価 ("アンインストール率", "クリック単価"), "<word>
# rate/ratio" ("reopen rate"), "cost per <word>", or an abbreviation being asked about ("(CPM)", "GMVとは").
# Efficiency and probability (効率, 確率) are everyday words, and "rate" followed by its object is the verb
# ("customers rate us").
_JA_METRIC_NAME = re.compile(
    r"[\u4e00-\u9fff\u30a0-\u30ffー]{2,}(?:率|単価|スコア|指数)"
    # a count or value asked about by its name ("リード数って何?", "再訪度とは"): its name
    r"|[\u4e00-\u9fff\u30a0-\u30ffー]{2,}(?:数|度)(?=って|とは(?!別|関係な|限らな)|という(?:指標|kpi|数字)|の(?:意味|定義))"
)
_EN_METRIC_NAME = re.compile(
    r"\b([a-z][a-z\-]+)[ -](?:rate|ratio|index)\b(?! (?:us|the|it|them|our|their|a|an|this|that|how)\b)"
    r"|\b(cost) per [a-z]+"
    # a named share ("share of voice", "share of mentions"); "share of wallet" has a card, "share of visitors who …"
    # is no name (a description goes on: "share of calls agents solve", "share of tickets that")
    r"|(?<!what )(?<!which )(?<!a )(?<!bigger )(?<!larger )(?<!biggest )(?<!largest )\b(share) of "
    r"(?!(?:the|our|all|each|every|a|an|those|them|these|people|customers|users|visitors|buyers"
    r"|shoppers|sessions|visits|orders|tickets|accounts|leads|deals|total)\b)[a-z]+\b"
    # (a hyphen joining the next word is a compound, "share of first-time buyers", not the name's end)
    r"(?=\s*(?:$|[).,;:?!(\u2014]|-(?![a-z])|\b(?:for|metric|kpi|score|index|vs|versus|against|and|on|in|across|among"
    r"|compared)\b))",
    re.ASCII,
)
# A scale, score or index named with capitals ("System Usability Scale", "Customer Effort Score") or an
# abbreviation put before what it is ("the SUS survey", "a CES score"): a named metric, read from the original text.
_CAPITALISED_NAME = re.compile(
    r"\b((?:(?!(?:What|Which|The|Is|Our|How|Does|Do|Any|Good|Average|Overall)\b)[A-Z][a-z]+[ -]){1,3}"
    r"(?:Scale|Score|Index|Rate|Ratio|Rating))\b"
    r"|\b([A-Z][A-Z0-9]{1,4}(?:-[A-Z0-9]{1,3})?)[ -](?:survey|score|scale|index|questionnaire|rating)s?\b"
)
_ABBREVIATION = re.compile(
    r"[(（]([A-Z][A-Za-z]{1,4})[)）]|\b([A-Z][A-Z0-9]{1,4})(?=\s*(?:って|とは(?!別|関係な|限らな)|の(?:意味|定義|計算|出し方))"
    r"|\s+(?:is|means|stands)\b(?!\s+\w+ing\b))"  # ("the CFO is asking": who asks, not a name defined)
    r"|\bwhat(?:'s| is| does) (?:an? )?([A-Z][A-Z0-9]{1,4})\b"
)
_NOT_A_NAME = frozenset((
    "what", "the", "a", "an", "this", "that", "which", "at", "our", "their", "its", "high", "higher", "low", "lower",
    "good", "average", "overall", "typical", "same", "current", "healthy", "normal", "your", "my", "a-good",
    # words before "score"/"index" that say which figure, not which metric ("the survey score", "a single index")
    "survey", "total", "final", "mean", "median", "composite", "single", "one", "each", "combined", "raw", "weighted",
    "star", "review", "this", "its", "their", "which", "every", "new", "old", "target", "baseline",
    # words saying the metric is the usual one, not which ("is there a standard ratio for that", "the right score")
    "standard", "common", "usual", "right", "proper", "correct", "official", "simple", "basic", "key", "main", "real",
    "actual", "exact", "specific", "particular", "useful", "better", "best", "decent", "solid", "clean", "fair",
    "some", "any", "such", "similar", "relevant", "meaningful", "different", "another", "other",
))  # fmt: skip
# A name the asker gives as their own word for what they describe ("my team calls it 'second order rate'", "basically
# the kaiyaku ratio", 「社内では再購入率って呼んでる」): the thing described, not another metric beside the card.
_OWN_LABEL = re.compile(
    r"\b(?:(?:we|i|they|people|everyone|(?:my|our|the) \w+)\s+(?:usually\s+|always\s+|just\s+|internally\s+)?"
    r"(?:call|calls|called|refer to)(?:\s+(?:it|this|that|them))?(?:\s+as)?|basically\s+(?:the|a|an|our)|aka|a\.k\.a\."
    r"|also known as|known internally as)\s+[^,.;?!\u2014()]{1,40}"
    r"|(?:社内|うち|チーム内|現場)(?:で|では)[^。、？?！!]{1,30}?(?:って|と)(?:呼んで|呼ばれて|言って|いって)",
    re.IGNORECASE,
)
# Abbreviations that ask for a metric rather than name one ("which KPI is that?").
_GENERIC_ABBREVIATIONS = frozenset(("kpi", "kpis", "kgi", "okr", "okrs", "ok"))


def metric_names(text: str) -> list[str]:
    """The terms in the question that look like a metric's name (folded as by `normalise`)."""
    folded = _OWN_LABEL.sub(lambda m: " " * len(m.group(0)), normalise(text))
    found = [m.group(0) for m in _JA_METRIC_NAME.finditer(folded)
             if not m.group(0).endswith(("効率", "確率", "発生率"))  # "問い合わせ発生率" is the "問い合わせ率"
             and not m.group(0).endswith(("総合スコア", "合計スコア", "複合スコア"))]  # which figure, not which metric
    found += [m.group(0) for m in _EN_METRIC_NAME.finditer(folded) if m.group(1) not in _NOT_A_NAME]
    original = _OWN_LABEL.sub(lambda m: " " * len(m.group(0)), unicodedata.normalize("NFKC", text))
    found += [fold.casefold() for pattern in (_ABBREVIATION, _CAPITALISED_NAME) for m in pattern.finditer(original)
              for fold in m.groups() if fold and fold.casefold() not in _GENERIC_ABBREVIATIONS]
    return found


# ----- what the asker already has or rules out ------------------------------------------------------------
# "we already measure NPS and CSAT; which one shows …", "besides NPS, …", "直帰率以外で",
# "契約じゃなく、一歩前の商談", "割合はいらない": what these clauses name is what the question is NOT asking for, so
# neither a name in them nor their words may pick the card (the alias match on them used to win).
_ASIDE_EN = re.compile(
    r"\b(?:we|i|they|the team)(?:'ve|'re| have| are| do)? (?:already|currently) (?:have|got|track|tracking|measure"
    r"|measuring|monitor|monitoring|report|reporting|use|using|look at|looking at|watch|watching|cover|covering"
    r"|know|collect|collecting)\b[^.;?!\u2014]*"
    r"|(?:^|(?<=[.;?!]))[^.;?!]*\b(?:is|are) already (?:tracked|covered|measured|monitored|reported|in place)\b[^.;?!]*"
    r"|\b(?:besides|apart from|other than|aside from|except(?: for)?|in addition to|on top of|rather than|instead of"
    r"|as opposed to)\b[^,.;?!\u2014]*"
    # ", not per month", "— not the first order", "Not what one basket is worth: …"
    r"|(?<=[,;\u2014] )not\b[^,.;?!\u2014]*|(?<=\()\s*not\b[^),;]*"
    # the metric described set against a named one ("… — what's it called and how is it different from ROI?")
    r"|\b(?:is|does) (?:it|that|this) (?:(?:really|actually) )?(?:different from|differ from)\b[^,.;?!\u2014]*"
    r"|(?:^|(?<=[.?!] ))not (?:just |only )?(?:the|a|an|our|their|what|how|per|each|one)\b[^,.;?!\u2014:]*"
    # what the described thing is said not to be ("I think this is not bounce rate, different one?")
    r"|\b(?:this|that|it) (?:is not|isn't|'s not) (?:the |a |an |our |just )?(?!sure\b|clear\b)[^,.;?!\u2014:]{1,40}"
    # a message opening on what it does not want ("not resolution time — I want the age of the open tickets")
    r"|^\s*not (?!sure\b|really\b|yet\b|much\b|many\b)[^,.;?!\u2014:]{1,40}(?=\s*(?:[,;\u2014:]|\s-\s))"
    r"|\b(?:no need for|(?:we |i )?(?:don't|do not) need|(?:we |i )?(?:don't|do not) want) (?:a |an |the |any )?"
    r"[^,.;?!\u2014]*",
    re.IGNORECASE,
)
_ASIDE_JA = re.compile(
    # a sentence saying what is already tracked: "直帰率と滞在時間はもう追っています"
    r"[^。？?！!\n]*(?:すでに|既に|もう(?![一1１少すちいじ]))[^。？?！!、]{0,20}?(?:追って|見て|測って|計測して|取って"
    r"|トラッキングして|把握して|使って|出して|管理して|追えて|見えて)(?:い|る|お|ます)[^。？?！!、]*"
    # a phrase ruled out: "X以外で", "Xとは別に", "Xとは別のやつ", "Xとは違う", "Xではなく", "割合はいらない"
    # (a bracket opens a phrase of its own: "…で割ったやつ(利益じゃなくて売上ベース)" rules out only "利益")
    r"|[^、。,.？?！!\s(（「『【]*(?:以外(?:で|の|に|は)?|とは(?:また)?別(?:に|の|で)?|とは(?:違う|ちがう)|(?<!だけ)(?<!のみ)(?:ではなく|じゃなくて|じゃなく|でなく)"
    r"|(?:とか|など|なんか)?(?:は|も)(?:不要|いらない|要らない|必要ない|いりません))"
)


def set_aside(text: str) -> str:
    """The text (NFKC) with what it says the asker already has or does not want blanked out (spaces of the same
    length): what is left is what the question asks for."""
    original = unicodedata.normalize("NFKC", text)
    blanked = _ASIDE_EN.sub(lambda m: " " * len(m.group(0)), original)
    return _ASIDE_JA.sub(lambda m: " " * len(m.group(0)), blanked)


# ----- about stages or journey mapping, not one metric -------------------------------------------------
# A digit before 段階 is a rating scale ("5段階で聞く"), not a journey stage.
_STAGES = _compile(
    r"ステージ|(?<![0-9０-９〇一二三四五六七八九十])段階|フェーズ|\bstages?\b|\bphases?\b|kpiツリー|kpi ?tree|kgi"
    r"|\b(?:metrics|kpis) (?:for|at|in|per|of) (?:the |each |every |a )?(?:\w+ )?(?:stage|phase|step|journey|map)"
    r"|(?:各|それぞれの)(?:ステージ|段階|フェーズ)"
)
_MAPPING = _compile(
    r"マップ|ペルソナ|ワークショップ|タッチポイント|インタビュー|ブループリント|マッピング|感情曲線"
    r"|\bmaps?\b|\bmapping\b|\bpersonas?\b|\bworkshops?\b|\btouchpoints?\b|\binterview|\bblueprint"
    r"|\bemotion curve"
)


_PIPELINE_STAGE = _compile(
    r"\b(?:proposal|negotiation|pipeline|qualification|quote|quoting|demo|closing|contract|deal|opportunity)"
    r"[ -](?:stages?|phases?)\b"
    r"|(?:提案|見積|見積もり|交渉|商談|契約|稟議|デモ|クロージング)(?:の)?(?:段階|ステージ|フェーズ)"
    # the step just before or after one the question named ("申込の一歩前" → "その前の段階"): a place in a funnel
    r"|(?:その|この|ひとつ|一つ|すぐ)(?:手前|前|次|後|あと)の(?:段階|ステージ|フェーズ)"
    r"|\b(?:the|that|this|one) (?:stage|step|phase) (?:just )?(?:before|after|prior to) (?:that|this|it)\b"
)


def about_stages(text: str) -> bool:
    """A question about journey stages, the metrics of a stage in general, or a KPI tree/KGI: the notes or
    a stage's suggestions answer it, not one KPI card. A sales pipeline's stage ("opportunities past the demo
    stage") only says which deals are counted."""
    return bool(_STAGES.search(_PIPELINE_STAGE.sub(" ", loose(normalise(text)))))


# A persona as the group a share is taken of ("what % of our target persona have heard of us",
# 「ペルソナ層のうち何割」): whom the number counts, not a question about the map's personas.
_PERSONA_COUNTED = _compile(
    r"(?:%|\bpercent(?:age)?|\bshare|\bproportion|\bfraction) (?:of )?(?:our |the |this |that |each )?"
    r"(?:target |core |main |primary |key )?personas?\b"
    r"|ペルソナ(?:層|像)?(?:の|で)?(?:うち|中で|なかで)"
)


def about_mapping(text: str) -> bool:
    """A question about journey mapping itself (the map, personas, workshops, touchpoints, interviews)."""
    return bool(_MAPPING.search(_PERSONA_COUNTED.sub(" ", loose(normalise(text)))))


# KPIs as a practice rather than one metric asked for: how many to keep, who owns them, how often to review them,
# how to set their targets, how to chart or lay out a dashboard of them, how they differ from OKRs. The word "KPI"
# makes such a question read as a metric ask, and some card is always closest by meaning; none answers it.
_GENERIC_KPI = _compile(
    r"kpis?|metrics|指標|メトリクス|ダッシュボード|dashboards?|north star|ノーススター|\bsurveys?\b|\bquestionnaires?\b"
    r"|アンケート"
)
_PRACTICE = _compile(
    r"\bhow many (?:kpis|metrics|indicators|numbers)\b|\b(?:number|count) of (?:kpis|metrics)\b"
    r"|\btoo many\b|多すぎ|(?:いくつ|何個|何種類|何本)(?:くらい|ぐらい)?(?:に|まで|が|を)?(?:絞|追|持|置|決)"
    r"|絞(?:る|れ|り|っ)"
    r"|\b(?:who|which team)\b[^?]{0,30}"
    r"\b(?:owns?|ownership|responsible|accountable|in charge|decides?|sets?|maintains?)\b"
    r"|\bowners?\b|\bowned by\b|\bownership\b|オーナー|責任者|担当者?|誰が"
    r"|\bhow often (?:should |do |must |to )?(?:we |you |i |they )?"
    r"(?:review|revisit|update|check|look at|report|refresh)"
    r"|\bcadence\b|\b(?:review|revisit)(?:ed|ing)?\b|見直し|(?:どのくらい|どれくらい|どの程度)?の?頻度"
    r"|\btargets?\b|\bgoals? for\b|目標値|目標(?:の|を)?(?:決め|立て|設定)"
    r"|\blay ?out\b|\blayout\b|\bchart types?\b|\bvisuali[sz]|\btabs?\b|レイアウト|構成|見せ方|グラフの種類"
    r"|\bokrs?\b|\bnorth star\b|ノーススター"
    # kinds of indicator ("leading vs lagging indicators — which kinds should we treat as leading?", 先行指標と遅行指標)
    r"|\bleading (?:and|vs\.?|versus|or) lagging\b|\blagging (?:and|vs\.?|versus|or) leading\b|先行指標|遅行指標"
    r"|\b(?:kinds?|types?) of (?:kpis|metrics|indicators)\b"
    # picking or building them ("how do we pick one for the app?", "best tool to build a KPI dashboard")
    r"|\bhow (?:do|should|can|would) (?:we|i|you) (?:pick|choose|select|decide on|settle on)\b"
    r"|\b(?:tools?|software|platforms?|apps?) (?:to|for) (?:build|make|create|host|run)\b"
    r"|\b(?:build|design|set up|setting up|lay(?:ing)? out|make|making|creat)\w*\b[^?.]{0,30}\bdashboards?\b"
    r"|\btemplates? for\b[^?]{0,30}\bdashboard|(?:決め方|選び方|選定)|ダッシュボード(?:を)?(?:作|構築)"
    r"|ダッシュボード[^。?？]{0,8}(?:どの|何の|なんの)(?:つる|ソフト|製品|サービス)"  # (loose: ツール reads つる)
    # tools weighed against each other ("Looker vs Tableau vs Sheets for a CS metrics dashboard — any recs?")
    r"|\b(?:vs\.?|versus)\b[^?]{0,60}\bdashboards?\b|\bdashboards?\b[^?]{0,60}\b(?:recs|recommendations?)\b"
    # a survey's length ("how many questions is ok before people stop answering?", 「設問は何問まで?」)
    r"|\bhow many questions\b|\bhow (?:long|short) should (?:the |our |a |this )?(?:survey|questionnaire)\b"
    r"|設問数|何問"
)


_MODIFIED_KPIS = re.compile(r"[a-z]+ (?:kpis|metrics)\b")


def about_kpi_practice(text: str) -> bool:
    """A question about keeping KPIs in general (see `_PRACTICE`) that describes no quantity of its own besides:
    "our KPI owner wants the share of tickets solved in one contact — what's it called?" still asks for a metric."""
    folded = loose(normalise(text))
    if not _GENERIC_KPI.search(folded) or not _PRACTICE.search(folded):
        return False
    # (and the word before a plural "KPIs" only says which: "revenue KPIs")
    return not _DESCRIBED.search(_MODIFIED_KPIS.sub(" ", _PRACTICE.sub(" ", folded)))


_CLAUSE_END = re.compile(r"(?<=[。.？?！!\n、,;；:：—])|(?<= -)(?= )")


def off_the_map(text: str) -> str:
    """The clauses of the text that speak of neither journey stages nor mapping: what a question says besides
    where its answer goes ("…の割合、「継続」フェーズに置く指標名は?" → "…の割合、"). A clause naming a stage only
    to say where a quantity it describes goes is kept ("For that stage we want one number showing how well the site
    turns browsers into buyers"); one about the map or naming KPIs in general ("how many KPIs per stage?") is not."""
    return "".join(part for part in _CLAUSE_END.split(text) if not about_mapping(part) and (
        not about_stages(part) or (describes_quantity(part) and not _GENERIC_KPI.search(loose(normalise(part))))))


# ----- a question naming a KPI ------------------------------------------------------------------------------
# Two KPIs set in relation ("LTVとCACの比率", "lifetime value divided by acquisition cost"), not compared
# ("churn vs retention", "直帰率と離脱率の違い"): the metric relating them may be a card of its own.
_RELATION = _compile(
    r"比率|の比|対|÷|割った|割る|関係|バランス|\bratio\b|divided by|\bover\b|\brelat|\bbalance|[a-z] ?[/:] ?[a-z]"
)


# Which of two things ("直帰率と離脱率どっちですか?", "is that bounce rate or exit rate?", "which one fits").
_WHICH_OF = _compile(r"どっち|どちら|\bwhich\b|\bor\b|それとも")


def asks_which_of(text: str) -> bool:
    """The question asks which of the things it names is meant."""
    return bool(_WHICH_OF.search(loose(normalise(text))))


def relates_two(text: str) -> bool:
    """The question relates two things as a ratio or relation rather than comparing them."""
    return bool(_RELATION.search(loose(normalise(text))))


# Only a mention: the question is about an email's wording, a tool, an owner, a campaign, a dashboard…
_ELSE = _compile(
    r"文面|件名|書き方|書けば|書く|ツール|おすすめ|配信|テンプレ|デザイン|文言|施策|事例|キャンペーン|案を|考えて|いつ送"
    r"|担当|作って|ダッシュボード|誰が|誰に|アイデア|設定|謝|資料|グラフ|エクスポート|出力"
    r"|wording|\bword\b|\bwrite\b|subject line|\btools?\b|template|design|\bcopy\b|\bsend|\bsent\b|\bdraft\b|campaign"
    # "who" opening a clause ("NPS: who looks at it?"), not "customers who …"
    r"|\bowns?\b|dashboard|chart|\bwho\b(?<!\w who)|\bapologi[sz]e|\bexport|\bcsv\b|\bslides?\b|\bdeck\b"
    r"|\bwidget\b|\bconfigure"
    r"|\bset ?up\b|\bsetting\b|\balert\b|\bidea"
    # its causes, its reports and where they are, analyses and segments built on it, translating its name
    r"|原因|理由|なぜ|分析|レポート|どこに|どこで見|セグメント|翻訳|英訳|和訳"
    r"|\bwhy\b|\b(?:the|our|a|weekly|monthly) report\b|\bwhere (?:is|are|can|do)\b|\bsegment|\btranslat"
    # the team's own figure moving, and telling others about it
    r"|上がった|下がった|増えた|減った|悪化|上司に|経営陣|役員に|報告(?:する|したい|の仕方|すれば)"
    r"|\b(?:went|gone|going) (?:up|down)\b|\b(?:dropped|jumped|spiked|doubled|halved)\b"
    r"|\b(?:went|moved|rose|fell|climbed|improved) from [^?.!]{0,20}\bto\b"
    # putting it into words for others ("help me phrase this as bullet points")
    r"|\bphras(?:e|ing)\b|\bbullet points?\b|\breword|\brewrite"
    r"|\bexplain (?:it|this|that|them|the \w+) to\b|\b(?:to|for) (?:leadership|management|the board|execs|investors)\b"
    # where it came up: a meeting, an article, a talk
    r"|会議|ミーティング|打ち合わせ|話が出|話題|記事|勉強会|セミナー"
    r"|\bmeeting|\barticle|\bwebinar|\bpodcast|\bcame up\b|\bheard about\b|\bread about\b"
)
# Who is responsible for a KPI ("NPSの責任者はどの部署?", "which team owns NPS"): about people, even though the
# question says "KPI" — only asking how it is worked out (`_MAKEUP`, a formula) outweighs it.
_OWNER = _compile(
    r"誰が(?:見|持|管理|担当|責任|追)|誰の(?:担当|管轄|責任)|オーナー|責任者|担当(?:者|部署|チーム|部門)|どの(?:部署|チーム|部門)"
    r"|どこの(?:部署|チーム|部門)|管轄|所管"
    r"|\bwho (?:owns|is responsible|is accountable|should own|looks after|runs|manages|is in charge)\b|\bowns\b"
    r"|\bowned by\b|\b(?:should|will|would|to) own\b|\bowner|\bwhich (?:team|department|group)\b"
    r"|\bresponsible for\b|\baccountable\b|\bin charge of\b"
)
# How the metric just named is counted ("open rate jumped after the privacy change — how's it counted now?"): the
# pronoun is that metric, whatever else the message describes.
_HOW_ITS_COUNTED = (
    r"\bhow(?:'s| is| are) (?:it|that|this|they|those) (?:now )?(?:counted|calculated|computed|measured|defined)\b"
)
# Asking what the KPI is or how it is worked out: outweighs any other topic in the question.
# What goes into a KPI: its denominator or numerator, whether something is counted in or left out, what sets
# it apart from another ("CVRの分母は?", "should churn include downgrades?", "how is FCR different from …").
_MAKEUP = (
    r"分母|分子|(?:どう|どうやって|どのように|どうやったら)(?:出|求め|計算|算出|数え|割)|算出|含め|含む|除外|除く"
    r"|入れ(?:る|ます|て|ない)|カウントする|数える|扱う|扱い|違う|同じ|で割(?:る|った|れば|って)|割り算"
    r"|denominator|numerator|\binclud|\bexclud|\bleave out\b|\bcount(?:ed|s)? (?:as|in|towards?)\b|\bdivide"
    # what counts ("do members who lapse for non-payment count, or only…", "how to count annual plans?")
    r"|\bhow (?:to|do we|do you|should we|should i|would you|would we) count\b|\bdo(?:es)? [^?.!]{1,60}? count\b"
    r"|\bdiffer|\bsame (?:thing|as)\b|\btreat|" + _HOW_ITS_COUNTED
)
# Asking what a KPI is called ("what should I call that in the deck", "何て呼べばいい"): about the KPI itself,
# whatever the slide or report it is for.
_NAME_ASK = (
    r"(?:何|なん)て(?:呼|言|い)|呼び方|呼べば|指標名"
    r"|\bcall (?:it|that|this|them)\b|\bwhat(?:'s| is) (?:it|that|this) called\b"
    r"|\bwhat (?:do|would|should|shall) (?:we|you|i|people) call\b"
)
_DEFINING = _compile(
    _NAME_ASK + r"|定義|計算|出し方|求め方|測り方|とは(?!別|関係な|限らな)|って何|ってなに|意味|指標|式"
    # what the name just said is ("asked for 'stickiness' on the dashboard. what is that exactly")
    r"|\bwhat(?:'s| is) (?:that|it|this) (?:exactly|actually)\b|\bwhat does (?:that|it|this) (?:mean|measure)\b"
    r"|formula|calculat|comput|definition|\bdefine|\bmeans?\b|\bmeaning|measur|metric|\bkpi\b|\bstand for\b|"
    + _MAKEUP
)
# How the KPI is worked out (its formula, what goes in): the only ask that outweighs a question about its owner.
_WORKED_OUT = _compile(r"定義|計算|出し方|求め方|式|formula|calculat|comput|definition|\bdefine|" + _MAKEUP)
# What a named KPI is divided by or counts on top ("CVRは訪問数で割る?ユーザー数で割る?", "what's the numerator of X"):
# the other quantities it names are parts of the named KPI, not metrics the question describes instead.
_PARTS = _compile(
    r"分母|分子|で割(?:る|った|れば|って)|割り算|denominator|numerator|\bdivid"
    # what it counts in ("should the broker commission be included?", 「謝礼も入れる?」)
    r"|含め(?:る|ます|て|ない)|入れ(?:る|ます|て|ない)"
    r"|\bbe (?:included|excluded|counted)\b|\binclude (?:it|them|that)\b|" + _HOW_ITS_COUNTED
)


def asks_its_parts(rest: str) -> bool:
    """What is left of a question naming a KPI asks what that KPI is divided by or counts (see `_PARTS`)."""
    return bool(_PARTS.search(loose(normalise(rest))))


# A definitional ask about the KPI itself.
_DEFINITIONAL = _compile(
    r"(?:分けて|別々に|まとめて|どう|どうやって)出(?:す|せば|した方)"
    r"|定義|計算|出し方|求め方|測り方|見方|どう見|とは(?!別|関係な|限らな)|って(?:何|なに|なん)" + _NOT_COUNTED
    + r"|って\s*[?？]|は何|はなに|意味|指標|式|違い"
    r"|単位|" + _MAKEUP + r""
    r"|formula|calculat|comput|definition|\bdefine|\bwhat is\b|\bwhat's\b|\bwhats\b|\bwhat does\b|\bwhat are\b"
    r"|\bmeans?\b"
    r"|measur|metric|\bkpi\b|\bcalled\b|\bstand for\b|difference|\bvs\.?\b|\bversus\b|\bhow is (?:it|that)\b"
    r"|\bwork (?:it )?out\b|\bexplain|\bmeaning"
)
# What is left of a question beyond its scaffolding, to tell "churn rate in B2B sales" (a KPI in a
# context) from a sentence of its own that merely contains one.
_EN_SCAFFOLD = frozenset((
    "a", "an", "the", "what", "whats", "what's", "is", "are", "was", "how", "do", "does", "did", "we", "i", "you",
    "to", "of", "in", "on", "for", "and", "or", "with", "as", "by", "me", "my", "our", "your", "it", "its", "this",
    "that", "can", "could", "should", "would", "please", "tell", "about", "s", "there", "any", "some", "which",
    "one", "be", "get", "good", "kind", "thing", "like", "hi", "hey", "so", "just", "quick", "question", "q",
))  # fmt: skip
_CONTENT_WORDS = re.compile(r"[a-z0-9][a-z0-9'\-]*")
_CONTENT_JA = re.compile(r"[\u3400-\u9fff\u30a0-\u30ff]")  # kanji and katakana; hiragana is mostly grammar
MAX_CONTENT_EN = 3
MAX_CONTENT_JA = 6


def _content_size(rest: str) -> tuple[int, int]:
    folded = unicodedata.normalize("NFKC", rest).casefold()
    words = [w for w in _CONTENT_WORDS.findall(folded) if w not in _EN_SCAFFOLD]
    return len(words), len(_CONTENT_JA.findall(folded))


def about_something_else(rest: str) -> bool:
    """What is left of a question once its KPI is removed talks about something else — a tool, an owner,
    a piece of writing — and asks nothing about the KPI itself."""
    folded = _PRODUCT_CONTEXT.sub(" ", loose(normalise(rest)))
    if _OWNER.search(folded) and not _WORKED_OUT.search(folded):
        return True
    if _TOOL_FOR.search(folded):
        return True
    return bool(_ELSE.search(folded) or _MAPPING.search(folded)) and not _DEFINING.search(folded)


# A tool to pick for measuring a KPI ("the best survey tool for measuring CSAT", 「NPSを測るツール」): the tool is
# what is asked, though "measuring" would otherwise read as asking how the KPI is measured.
_TOOL_FOR = _compile(
    r"\b(?:tools?|platforms?|software|apps?|vendors?|services?|solutions?) (?:for|to) "
    r"(?:measur|track|collect|run|send|survey|calculat)"
    r"|(?:測る|測定する|計測する|集計する|取る|配信する)(?:ための)?(?:ツール|サービス|アプリ|ソフト)|(?:計測|測定|集計|配信)ツール"
)


# The kind of product the KPI is asked for ("for a B2B tool people use weekly", 「週1で使うB2Bツールだと」): the
# case it is measured in, not a tool to pick or set up.
_PRODUCT_CONTEXT = _compile(
    r"\b(?:for|in|on|of|with) (?:a|an|our|the|this|that|my) (?:[\w/-]+ ){0,2}tools?\b"
    r"|ツール(?:だと|では|の場合|なら|において)"
)


# Asking how to move a metric ("how can we lift NPS?", "解約率を下げるには", "ways to cut churn"):
# the KPI named is what the question is about, whatever the situation it goes on to describe — its card says
# what drives it and its pitfalls. (A figure that already moved, "went up", is the team's own data.)
_MOVE = _compile(
    r"\bhow (?:do|can|could|should|would|might|to) (?:we |i |you |one |teams? )?(?:actually |best |really |further )?"
    r"(?:improve|increase|raise|lift|boost|reduce|lower|cut|decrease|shorten|speed up|bring down|push up|drive up"
    r"|drive down|grow|move)\b"
    # "how do we bring it back down", "how can we get our wait times down again"
    # what others do to move it ("FRT is 3 hrs, too slow? how do others get it down")
    r"|\bhow (?:do|can|could|should|would|might|to) (?:we |i |you |one |others |other \w+ |people |companies )?"
    r"(?:bring|get|push|drive|pull)"
    r"(?: [\w'-]+){1,4}? (?:back )?(?:down|up)(?: again)?\b"
    r"|" + _WAYS_TO_MOVE
    + r"|\bwhat (?:can|could|should) (?:we|i) do to (?:improve|increase|raise|lift|boost|reduce|lower|cut|shorten)\b"
    r"|(?:上げ|下げ|高め|低く|短く|縮め|減ら|増や|伸ば|改善|向上|短縮|削減|低減)(?:する|させる|す|る)?"
    r"(?:ための|ためには|には|方法|施策|打ち手|コツ|手立て|やり方)"
)


# Asking the bot to come up with ideas or a plan ("解約を減らす案を出して", "brainstorm ways to cut churn"): a
# piece of work for the notes and the team, not a question about the KPI.
_BRAINSTORM = _compile(r"アイデア|アイディア|案を|案出|考えて|ブレスト|\bideas?\b|brainstorm|come up with|\bdraft\b")
# Asking for tips or quick wins ("any tips to bring our first response time down?"): advice the notes give; the card
# only defines the number. (A plain "how do we improve FCR?" is read as about the KPI, as most question authors do.)
_TIPS = _compile(r"\btips?\b|\bquick wins?\b|\badvice\b|\bhacks?\b|コツ|アドバイス")


# Asking how a number is built — its definition, its base, what it counts ("分母はセッションとユーザーどっちがいい?",
# "チャットだとどう定義するのがいい?", "do we divide by all users?"): a question about the metric, even when it asks
# which way is better.
_HOW_BUILT = _compile(
    r"定義|分母|分子|数え方|(?:どう|どうやって)(?:数え|カウント)|denominator|numerator|\bdefin"
    r"|\bdivide (?:it |them )?by\b|\bhow (?:to|do we|do you|should we|should i) count\b|\bcount(?:ed|s)? as\b|"
    + _HOW_ITS_COUNTED
)


def asks_how_built(text: str) -> bool:
    """The question asks how its number is defined, divided or counted (see `_HOW_BUILT`)."""
    return bool(_HOW_BUILT.search(loose(normalise(text))))


def asks_to_move(rest: str) -> bool:
    """What is left of a question naming a KPI asks how to raise, lower or shorten it (see `_MOVE`), rather than
    asking for ideas to be made up."""
    folded = loose(normalise(rest))
    return bool(_MOVE.search(folded)) and not _BRAINSTORM.search(folded) and not _TIPS.search(folded)


def says_more(rest: str) -> bool:
    """What is left of a question once its KPI's names are removed is a description of its own ("what metric
    tells me how many … actually end up buying"), not just scaffolding around the name ("in B2B", "とは")."""
    words, chars = _content_size(normalise(rest))
    return words > MAX_CONTENT_EN or chars > MAX_CONTENT_JA


_ASKS_FOR_CARD = _compile(_CARD_REQUEST)
# The name first, then the one case it is asked for, as a single question: "CAC for a two-sided marketplace —
# buyers and sellers separately?", "LTV with annual and monthly plans mixed?" (`rest`: the name blanked out, so
# it opens on the blanks where the name stood).
_IN_A_CASE = _compile(
    r"\s{2,}(?:for|with|in|on|when|including|excluding|across|per|by|at)\s[^.!?。！？]*[?？]\s*$"
)


def asks_about_named(rest: str) -> bool:
    """Whether a question that names a KPI asks about it, judged from `rest`, the question without the
    KPI's names: a definitional ask ("とは", "how is it calculated"), or little else besides ("in B2B",
    "注文あたりの"), means yes; a mention inside a sentence of its own means no."""
    folded = loose(normalise(rest))
    if _ASKS_FOR_CARD.search(folded):
        return True
    if about_something_else(rest):
        return False
    if _TIPS.search(folded) and not _DEFINITIONAL.search(folded):
        return False  # "any tips to bring our ___ down?": advice, however short
    if _DEFINITIONAL.search(folded) or _NAMED.search(folded) or _IN_A_CASE.match(folded):
        return True
    words, chars = _content_size(normalise(rest))
    return words <= MAX_CONTENT_EN and chars <= MAX_CONTENT_JA


# "what is X, and …", "Xって何? …": the name itself is what is asked about, right where the question opens on it.
# Whatever the question goes on to ("and why does everyone mention it"), it asks first what the KPI is.
_MARK = "\x00"
_OPENS_ON_NAME = _compile(
    r"(?:^|[\s,.!?、。！？])(?:what(?:'s| is| are)|whats|what (?:exactly|actually|really) (?:is|are)|define|meaning of)"
    r"\s+(?:an?\s+|the\s+)?(?<!\x00)\x00++"
    r"\s*(?:$|[,.!?;:、。！？]|\(|\band\b|\bor\b|\bexactly\b|\banyway\b)"
    r"|(?<!\x00)\x00++\s*(?:とは(?!別|違|関係|言え|いえ|限ら)|って(?:何|なに|なん)" + _NOT_COUNTED
    + r"|の(?:意味|定義|計算(?:方法|式)?|算出|出し方|求め方)(?:は|って|を|に|で)?"
    + r"|(?:って|は|を)(?:どう|どうやって|どのように)(?:算出|計算|出す|出せ|出し|求め|測))"
    # what it measures or how it is worked out, asked of the name: "what does X actually measure?", "is X calculated
    # on …", "how do we calculate X"
    r"|(?:^|[\s,.!?、。！？])what does\s+(?:an?\s+|the\s+)?(?<!\x00)\x00++\s+(?:actually\s+|really\s+|exactly\s+)?"
    r"(?:measure|mean|stand for|track|tell)"
    r"|(?:^|[\s,.!?、。！？])(?:how )?(?:is|are)\s+(?:an?\s+|the\s+|our\s+)?(?<!\x00)\x00++\s+"
    r"(?:usually\s+|normally\s+)?"
    r"(?:calculated|computed|measured|defined|worked out)\b"
    r"|(?:^|[\s,.!?、。！？])how (?:(?:do|should|would|can) (?:you|we|i|one) |to )"
    r"(?:calc|calculate|compute|define|measure|work out)\s+(?:an?\s+|the\s+|our\s+)?(?<!\x00)\x00++"
    r"(?:\s+(?:properly|correctly|exactly|accurately|right))?(?:\s*$|\s*[,.!?;:、。！？]|\s+(?:and|or|when|if|for|in|on|with)\b)"
    # the name first, then asked about by a pronoun: "keeps saying X in meetings — what is it actually?",
    # "「X」ってよく聞くけど、それって何?"
    r"|(?<!\x00)\x00++.*?(?:\bwhat(?:'s| is) (?:it|that|this)(?: actually| exactly| really| even)?\s*[?？]"
    r"|\bwhat does (?:it|that|this) (?:mean|stand for)\b"
    r"|\bhow (?:do|should|would|can) (?:you|we|i|one) (?:calc|calculate|compute|work out|figure out) (?:it|that|this)\b"
    # (but 「…リーチ数で割った数字、これって何率?」 asks the name of the whole ratio, not what a part named in it is)
    r"|(?:それ|あれ|これ)(?:って|は)(?:(?:何|なに|なん)(?!率|割|て(?:言|い|呼))|どういう意味))"
)


# Asking whether what the question describes is the named KPI ("% of bookings cancelled before arrival — is this churn
# rate?", 「予約の取り消し率って、これ解約率?」): the name is a guess, which a closer metric the catalogue lacks
# overrules.
_GUESSES_NAME = _compile(
    r"\b(?:is|isn't|is not) (?:this|that|it)(?: (?:really|actually|just|basically|still|also|called|the same as))?"
    r"\s+(?:an?\s+|the\s+|our\s+)?(?<!\x00)\x00++"
    r"|(?:これ|それ|これって|それって|これは|それは)\s*(?<!\x00)\x00++\s*(?:です|でしょう|になる|に入る|なの|って|\?|？|$)"
)


def _names_marked(text: str, names: Iterable[str]) -> str:
    """Loose text with every occurrence of the names replaced by _MARK characters, for patterns about the name's
    place in the question (a stray _MARK in the input is blanked first)."""
    return loose(without(normalise(text).replace(_MARK, " "), names, blank=_MARK))


def guesses_named(text: str, names: Iterable[str]) -> bool:
    """The question asks whether what it describes is the named KPI (see `_GUESSES_NAME`)."""
    return bool(_GUESSES_NAME.search(_names_marked(text, names)))


def defines_named(text: str, names: Iterable[str]) -> bool:
    """The question asks what the named KPI is, in so many words ("what is X?", "what's X, and …", "Xとは",
    "Xって何"): a definitional ask that outweighs whatever else the question mentions."""
    return bool(_OPENS_ON_NAME.search(_names_marked(text, names)))
