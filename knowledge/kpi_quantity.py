"""What kind of number a metric question describes, and which cards can be that number.

"サイト訪問者のうち、資料請求まで進んだ人の割合" is about site visitors, so the visits card is close in meaning,
yet a share of visitors is no count of visits; "how long from sign-up until the first report" is about
sign-ups, yet no sign-up rate is a duration. The embedding weighs what a question is about far more than
what kind of number it asks for, so the kind is read from the question's form and a card of another kind
(`quantity:` in kpis.yaml) cannot win.

Only the two kinds a question's wording gives away reliably are read: a share ("割合", "何%", "…のうち",
"what share of", "how many of the …", "how many … end up …") and a duration ("何日", "how long", "time
from … until"). A question reading as both, or as neither, constrains nothing; a card without a
`quantity` fits any question. Money multiples are reported as percentages often enough ("ROAS 400 %") to
fit a share question; NPS and CSAT, built from shares of respondents, are shares; an average of ratings
(app stars, effort) or a composite score is not.
"""

from __future__ import annotations

import re

from knowledge.kpi_question import loose, normalise

__all__ = ["KINDS", "SHARE", "TIME", "asked_kind", "fits"]

SHARE = "share"
TIME = "time"
KINDS = frozenset((SHARE, TIME, "score", "money", "count", "multiple"))

_SHARE = re.compile(
    r"割合|何\s*%|何パーセント|パーセンテージ|何割|(?<![効確])率|比率"
    r"|\bpercent|%|\bshare of\b|\bwhat share\b|\bportion\b|\bfraction\b|\bproportion\b"
    r"|(?:の|その)うち"  # "登録した人のうち…": a part of a group
    r"|\bhow many of (?:the|our|all|those|them|these)\b|\bout of (?:all|every|the)\b"
    r"|\bhow many\b[^?.!]{0,40}\b(?:end up|go on to|eventually|ultimately|make it|get all the way|convert)",
    re.ASCII,
)
_TIME = re.compile(
    r"何日|何時間|何分|何秒|何週|何か月|何ヶ月|日数|所要時間|待ち時間|までの(?:時間|期間)|かかる時間|早さ|速さ|スピード"
    r"|\bhow long\b|\bhow (?:fast|quickly|soon)\b|\bduration\b|\bturnaround\b"
    r"|\b(?:time|days|hours|minutes|seconds|weeks|months)"
    r" (?:from|between|until|till|it takes|before|to (?:get|reach))\b",
    re.ASCII,
)
# Which card kinds can be the number a question of each kind asks for.
_FITS: dict[str, frozenset[str]] = {
    SHARE: frozenset((SHARE, "multiple")),
    TIME: frozenset((TIME,)),
}


def asked_kind(text: str) -> str | None:
    """`SHARE` or `TIME` when the question's wording asks for that kind of number alone, else None."""
    folded = loose(normalise(text))
    share, time = bool(_SHARE.search(folded)), bool(_TIME.search(folded))
    if share == time:
        return None
    return SHARE if share else TIME


def fits(card_kind: str, asked: str | None) -> bool:
    """Whether a card of `card_kind` ("" when the card states none) can answer a question asking for `asked`."""
    return asked is None or not card_kind or card_kind in _FITS[asked]
