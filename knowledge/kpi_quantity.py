"""What kind of number a metric question describes, and which cards can be that number.

"サイト訪問者のうち、資料請求まで進んだ人の割合" is about site visitors, so the visits card is close in meaning,
yet a share of visitors is no count of visits; "how long from sign-up until the first report" is about
sign-ups, yet no sign-up rate is a duration. The embedding weighs what a question is about far more than
what kind of number it asks for, so the kind is read from the question's form and a card of another kind
(`quantity:` in kpis.yaml) cannot win.

Only the kinds a question's wording gives away reliably are read: a share ("割合", "何%", "…のうち",
"what share of", "how many of the …", "how many … end up …"), a duration ("何日", "how long", "time
from … until", "how many months"), a count of occurrences ("表示された回数", "how many times", "raw count",
"how many … a week"; not "件数", which is as often per 1,000 orders), an amount paid or spent ("いくら
かかる", "what we pay for each …"; money cards and money multiples answer it) and a place in a ranking
("検索順位", "average position in google"; the shipped catalogue has no such card) and a multiple of another amount
("何倍", "how many times more do sales bring than the spend" — not a count of times), and a score or rating ("what's
this score called", "on a 1-7 scale"; a score card or a share of ratings answers it). A kind the question
rules out ("not just a count") is not read, and so many per a base of something else ("calls per 1,000 users")
is a rate, a share. A question reading as two
kinds, or as none, constrains nothing; a card without a `quantity` fits any question. Money multiples are reported as
percentages often enough ("ROAS 400 %") to fit a share question; NPS and CSAT, built from shares of
respondents, are shares; an average of ratings (app stars, effort) or a composite score is not.
"""

from __future__ import annotations

import re

from knowledge.kpi_question import loose, normalise

__all__ = ["COUNT", "KINDS", "MONEY", "MULTIPLE", "RANK", "SCORE", "SHARE", "TIME", "asked_kind", "fits"]

SHARE = "share"
SCORE = "score"
TIME = "time"
COUNT = "count"
MONEY = "money"
RANK = "rank"
MULTIPLE = "multiple"
KINDS = frozenset((SHARE, TIME, COUNT, SCORE, MONEY, MULTIPLE, RANK))

_SHARE = re.compile(
    r"割合|何\s*%|何パーセント|パーセンテージ|何割|(?<![効確])率|比率"
    r"|\bpercent|%|\bshare of\b|\bwhat share\b|\bportion\b|\bfraction\b|\bproportion\b"
    r"|\bratio of\b"  # one amount against another: no duration or count (money multiples fit a share question)
    r"|(?<!で)(?:の|その)うち"  # "登録した人のうち…": a part of a group ("サイトでのうちの…" is "at our")
    r"|\bhow many of (?:the|our|all|those|them|these)\b|\bout of (?:all|every|the)\b"
    r"|\bhow many\b[^?.!]{0,40}\b(?:end up|go on to|eventually|ultimately|make it|get all the way|convert)"
    # how many leave or stay ("how many ppl on the delivery pass cancel every month"): as often a share of them
    r"|\bhow many\b[^?.!]{0,40}\b(?:cancel|churn|quit|leave|drop out|lapse|unsubscrib|renew|stay)"
    # so many per a base of something else ("calls per 1,000 users", "relative to the count of visits"): a rate
    r"|\bper (?:100|1,?000|10,?000|hundred|thousand)\b|\bfor every (?:100|1,?000|hundred|thousand)\b"
    r"|\brelative to (?:the )?(?:number|count|total)\b|\bas a share\b"
    r"|(?:100|1,?000|千|百)(?:件|人|回|注文|回答|訪問)?(?:あたり|当たり)"
    r"|\b[0-9]+ (?:of|out of) (?:the )?[0-9]+\b|[0-9]+(?:人|名|件)中[0-9]+",  # an observed "6 of 8"
    re.ASCII,
)
_TIME = re.compile(
    r"何日|何時間|何分|何秒|何週|何か月|何ヶ月|日数|所要時間|待ち時間|までの(?:時間|期間)|かかる時間|早さ|速さ|スピード"
    r"|\bhow long\b|\bhow (?:fast|quickly|soon)\b|\bduration\b|\bturnaround\b"
    r"|\b(?:time|days|hours|minutes|seconds|weeks|months)"
    r" (?:from|between|until|till|it takes|before|to (?:get|reach))\b"
    r"|\bhow many (?:days|weeks|months|years|hours|minutes|seconds)\b|何カ月|何ヵ月|何年",
    re.ASCII,
)
_COUNT = re.compile(
    r"回数|何回|延べ|\bhow many times\b(?! (?:over|more|as|bigger|larger|greater|higher|what|the)\b)"
    r"|\bnumber of times\b|\braw (?:count|number)\b|\btotal count\b"
    # so many in a period ("how many sign-ups a day", "毎週何件"): a count, unless a share is asked too
    # (but "within a year" is a window: "how many guests book again within a year" is a share of guests)
    r"|\bhow many\b[^?.!]{0,40}(?<!within )(?<!inside )\b(?:a|per|each|every) (?:day|week|month|year)\b"
    r"|(?:1日|一日|毎日|毎週|毎月|1週間|1か月|日に|週に|月に)[^。?？]{0,12}(?:何件|何人|何回)"
    # a plain total ("総数でいい", "the sheer number of")
    r"|総数|総件数|合計件数|件数の合計|\bsheer (?:number|count|volume)\b|\bplain (?:count|number|total)\b",
    re.ASCII,
)
# An amount paid or spent ("いくらかかる", "what we pay for each …", "how much does one … cost us"): a sum of money,
# which no share, duration or count is. (Not "how much revenue…": that is as often a share of it.)
_MONEY = re.compile(
    r"いくら(?:払|支払|かか|使|出し|取られ|稼|もたら|落と|儲)|(?:支払|払っ|払う)[^。?？]{0,6}(?:金額|額|お金)|(?:費用|金額|単価)はいくら"
    r"|\bhow much (?:do|does|did|will|would|should|are|is) (?:we|you|i|they|it|each|one|a|an|the)\b[^?.!]{0,40}"
    r"\b(?:pay|paying|paid|spend|spending|spent|cost|costs|charge|charged"
    # what a customer brings in ("how much does one member bring in over the years")
    r"|bring|brings|bringing|generate|generates|earn|earns|make us|makes us|worth)\b"
    r"|\bwhat (?:do |did |does |will |would )?(?:we|you|i|they) (?:pay|spend|are charged|get charged)\b"
    r"|\bhow much money\b|\bin (?:dollars|yen|euros|pounds)\b"
    # a cost per unit ("the per-contact cost metric", "cost per delivery", 「1件あたりのコスト」)
    # (loose text: katakana read as hiragana)
    r"|\bcosts? per\b|\bper[- ][a-z]+ costs?\b|(?:あたり|当たり)の(?:こすと|費用)"
    r"|\bsalar(?:y|ies)\b|\bwages?\b|給与|給料|年収|月給|時給",  # what someone is paid
    re.ASCII,
)
# A rating or score ("what's this score called", "on a 1-7 scale", "5段階で聞いた点数"): answered by a score, or by a
# share of ratings (NPS and CSAT are reported as shares of respondents); never a duration, count or amount.
_SCORE = re.compile(
    r"\bscores?\b|\bratings?\b|\b[0-9]{1,2}[- ]point scale\b|\b[01] ?(?:-|to|~) ?(?:5|7|10)\b|\bout of (?:5|7|10)\b"
    r"|\bstars?\b|スコア|点数|点満点|段階評価|[0-9]段階|星",
    re.ASCII,
)
# A place in a ranking ("検索順位", "何位", "average position in search results"): an order, not an amount.
_RANK = re.compile(
    r"順位|何位|ランキング|ランク(?:イン|が|は|を)"
    r"|\b(?:search|keyword|google|serp|seo) (?:rank|ranks|ranking|rankings|position|positions)\b"
    r"|\b(?:rank|ranks|ranking|ranked|position|positions) (?:in|on|for) (?:google|bing|the search|search)"
    r"|\baverage (?:rank|ranking|position)\b|\bwhere (?:we|do we|does it) rank\b",
    re.ASCII,
)
# A multiple of something else ("何倍", "how many times more than it cost do we earn"): a ratio of two
# amounts, which no share of people, duration or count is.
_MULTIPLE = re.compile(
    r"何倍|\bhow many times (?:over|more|as|bigger|larger|greater|higher|what|the)\b"
    r"|\btimes over\b|\bmultiple of\b|\b[0-9]+ ?x (?:what|the|our|its)\b",
    re.ASCII,
)
# A kind the question rules out ("not just a count", "割合ではなく件数で"): removed before the kind is read, so
# the kind it names is not taken for the kind it asks for.
_NEGATED = re.compile(
    r"\b(?:not|rather than|instead of|as opposed to) (?:the |a |an |just )?(?:raw |total |absolute |plain )?"
    r"(?:count|number|percentage|percent|rate|share|ratio|total|average|amount)s?\b"
    r"|(?:件数|数|割合|比率|率|金額|回数|時間)(?:ではなく|じゃなく|ではない|じゃない)"
    # a kind said to be unneeded ("割合はいらない", "no need for a percentage")
    r"|(?:件数|数|割合|比率|率|金額|回数|時間)(?:とか|など|なんか)?(?:は|も)?(?:不要|いらない|要らない|必要ない|いりません)"
    r"|\b(?:no need for|(?:don't|do not) need|(?:don't|do not) want) (?:a |an |the |any )?"
    r"(?:count|number|percentage|percent|rate|share|ratio|total|average|amount)s?\b",
    re.ASCII,
)
# A question weighing an average against a share ("do we average it or take the % of top answers?", 「平均で出すか
# 割合で出すか」) asks how a score is reported: a score or a share of ratings answers it.
_EITHER = re.compile(
    r"\b(?:average|mean)\b[^?.!]{0,40}\bor\b[^?.!]{0,40}(?:%|\bpercent|\bshare\b|\bproportion\b)"
    r"|(?:%|\bpercent|\bshare\b|\bproportion\b)[^?.!]{0,40}\bor\b[^?.!]{0,30}\b(?:average|mean)\b"
    r"|平均[^。?？]{0,12}(?:か|それとも|または)[^。?？]{0,12}(?:割合|%|率)"
    r"|(?:割合|%|率)[^。?？]{0,12}(?:か|それとも|または)[^。?？]{0,12}平均"
)


# Which card kinds can be the number a question of each kind asks for: money back per money spent ("multiple")
# is described as an amount as often as a share.
_FITS: dict[str, frozenset[str]] = {
    SHARE: frozenset((SHARE, "multiple")),
    SCORE: frozenset((SCORE, SHARE)),
    TIME: frozenset((TIME,)),
    COUNT: frozenset((COUNT,)),
    MONEY: frozenset((MONEY, "multiple")),
    RANK: frozenset((RANK,)),
    MULTIPLE: frozenset((MULTIPLE,)),
}


_KIND_PATTERNS = (
    (SHARE, _SHARE), (TIME, _TIME), (COUNT, _COUNT), (MONEY, _MONEY), (RANK, _RANK), (MULTIPLE, _MULTIPLE),
    (SCORE, _SCORE),
)


# A division spelt out ("clicks divided by how many times it was shown", 「売上を注文数で割った」): the counts it names
# are its sides, not the number asked for (a cost or a time per unit still is what it asks).
_DIVISION = re.compile(r"\bdivided by\b|\bdivide (?:it |them |that )?by\b|÷|で割")


def asked_kind(text: str) -> str | None:
    """`SHARE`, `TIME`, `COUNT`, `MONEY`, `RANK` or `MULTIPLE` when the question's wording asks for that kind of
    number alone, else None. A kind the question rules out ("not just a count") is not read, a share offered
    as an alternative to an average asks how a score is reported (`SCORE`), and a division spelt out asks for no
    count."""
    folded = _NEGATED.sub(" ", loose(normalise(text)))
    if _EITHER.search(folded):
        return SCORE
    found = [kind for kind, pattern in _KIND_PATTERNS if pattern.search(folded)]
    if _DIVISION.search(folded):
        found = [kind for kind in found if kind != COUNT]
    return found[0] if len(found) == 1 else None


def fits(card_kind: str, asked: str | None) -> bool:
    """Whether a card of `card_kind` ("" when the card states none) can answer a question asking for `asked`."""
    return asked is None or not card_kind or card_kind in _FITS[asked]
