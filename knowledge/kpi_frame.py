"""The ratio frame of a metric question: what is counted, and out of what.

Most metrics a team describes without naming them are a ratio: a population or amount (the base: "of everyone
who lands on the site", "アクティブユーザーのうち", "per 1,000 impressions", "divided by the number of leads") and an
event or amount counted in it (the counted part: "complete a booking", "使ってくれてる", "ad spend"). A whole-question
embedding weighs what the question is about (a hotel, an app, a webinar) more than how its number is built, so
"of the people shown the banner, how many tapped it" lands on an app card rather than the click-through rate.

Reading both roles and comparing each with the same roles of a card — taken from its `formula_en`/`formula_ja`
("CTR (%) = clicks ÷ impressions × 100": counted "clicks", base "impressions") — scores how a question's number
is built, independently of its topic. `question_frame` reads the roles from the wording alone (no catalogue,
no model); `formula_frame` reads a card's; knowledge.kpi_meaning compares them by meaning and adds the result to
its whole-question score. A question or a card with no ratio shape has no frame and is not scored this way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.kpi_question import normalise

__all__ = ["DIVIDED", "PER", "SHARE_OF", "RatioFrame", "describes_share", "formula_frame", "question_frame"]

MIN_ROLE_CHARS = 2  # a role shorter than this ("it", "の") says nothing of what is counted


SHARE_OF = "share"  # a part of a group ("of everyone who …, how many …", "〜のうち"): a share card's shape
PER = "per"  # an amount for each of something ("ad spend per sign-up", "1人あたり"): an average or a rate
DIVIDED = "divided"  # written out as a division ("A / B", "AをBで割った"): any ratio


@dataclass(frozen=True)
class RatioFrame:
    """A ratio's two roles, as words: `counted` (numerator: the event or amount) and `base` (denominator); `shape`
    is how the question put it (SHARE_OF, PER, DIVIDED; "" for a card's formula)."""

    counted: str
    base: str
    shape: str = ""


# Where a role's words stop: clause punctuation and the asking scaffold around a metric question.
_EN_STOP = re.compile(
    r"\s*(?:[?!;:—–]|\.(?:\s|$)|,|\s-\s"
    r"|\b(?:what(?:'s| is)? (?:the|that|this) (?:metric|kpi|number|stat|measure|card)|which (?:metric|kpi|card|one)"
    r"|whats? (?:that|this|the)|is there a|how do (?:we|i|you)|do we|should we|we (?:want|need) to|i want to)\b)"
)
_EN_LEAD = re.compile(
    r"^(?:(?:of|out of|from|among|for|with|in|and|so|then|just|only|all|the|how (?:much|many)|what(?:'s| is)?"
    r"|which)\s+)+"
)
_EN_TAIL = re.compile(r"(?:\s+(?:we|i|you|they|there|it|is|are|was|were|got|get|have|has|had))+$")

# English: "of (all) the X, how many / what share Y", "what % of X Y", "how many of the X Y", "out of X, how many Y"
_EN_SHARE_OF = re.compile(
    r"\b(?:what|which|the)?\s*(?:%|percent(?:age)?|share|fraction|proportion|portion|part|ratio|rate)\s+of\s+"
    r"(?:the\s+|our\s+|all\s+|those\s+|every\s+)?(?P<base>[^?.,;:—–]{3,80}?)\s+"
    r"(?P<counted>(?:who|that|which|whose|end|go|actually|ever|still|came|come|did|do|does|were|are|get|got)\b"
    r"[^?.;:—–]{2,100})"
)
_EN_OF_HOW_MANY = re.compile(
    r"\b(?:of|out of|among|from)\s+(?:all\s+|the\s+|our\s+|those\s+|these\s+|every\s+)*"
    r"(?P<base>[^?.,;:—–]{3,100}?)\s*,?\s*(?:how many|what (?:%|percent(?:age)?|share|fraction|proportion|part)"
    r"|how much|what number)\b(?:\s+of (?:them|those|these))?(?P<counted>[^?.;:—–]{2,100})"
)
_EN_HOW_MANY_OF = re.compile(
    r"\b(?:how many|how much|what number)\s+of\s+(?:the\s+|our\s+|all\s+|those\s+|these\s+)?"
    r"(?P<base>[^?.,;:—–]{3,80}?)\s+(?P<counted>(?:who|that|which|actually|end|go|ever|still|did|do|were|are|get|got|"
    r"came|come|make)\b[^?.;:—–]{2,100})"
)
_EN_DIVIDED = re.compile(
    r"(?P<counted>[^?.,;:—–=]{2,100}?)\s*(?:\bdivided by\b|÷|\bover\b(?= (?:the |all |total |number))|(?<=\S)\s+/\s+"
    r"(?=\S)|(?<=[a-z)])/(?=[(a-z]))\s*(?P<base>[^?.,;:—–=]{2,100})"
)
_EN_PER = re.compile(
    r"(?P<counted>[^?.,;:—–]{2,80}?)\s+(?:per|for each|for every)\s+(?!(?:day|week|month|year|hour|"
    r"quarter|time|times)\b)(?P<base>[^?.,;:—–]{2,80})"
)
# ... and the base said first ("for every new seller we sign up, how much did we spend on ads?")
_EN_PER_FIRST = re.compile(
    r"\b(?:per|for each|for every|for one)\s+(?!(?:day|week|month|year|hour|quarter|time|times)\b)"
    r"(?P<base>[^?.,;:—–]{2,80}?)\s*,?\s*(?:how (?:much|many)(?! of\b)|what(?= (?:did|do|does|is|was|will|would)\b))"
    r"\s+(?P<counted>[^?.;:—–]{2,100})"
)
_EN_RELATIVE = re.compile(
    r"(?P<counted>[^?.,;:—–]{2,80}?)\s+(?:relative to|as a share of|as a (?:percent|percentage|fraction) of|"
    r"compared (?:to|with) (?:the )?(?:number|count|total) of|out of (?=all|every|the total|the number))\s+"
    r"(?P<base>[^?.,;:—–]{2,80})"
)

# Japanese: "XのうちY", "X中Y", "Xの中でY", "XあたりのY", "Xに対するYの割合", "Xに占めるY", "YをXで割った", "Y÷X"
_JA_CLAUSE = r"[^。、,?？!！「」()（）]"
_JA_OF = re.compile(
    rf"(?P<base>{_JA_CLAUSE}{{2,60}}?)(?:(?<!で)のうち|の内|(?<=[たる])うち|の中で|の中から|のなかで|(?<=[0-9人名件社])中)(?!の)"
    rf"[、,]?(?P<counted>{_JA_CLAUSE}{{2,80}})"
)
_JA_PER = re.compile(
    rf"(?P<base>{_JA_CLAUSE}{{1,40}}?)(?:あたり|当たり|につき|ごと)の?[、,]?(?P<counted>{_JA_CLAUSE}{{2,60}})"
)
_JA_AGAINST = re.compile(
    rf"(?P<base>{_JA_CLAUSE}{{2,60}}?)(?:に対する|に対して|に占める|にしめる|に対しての)(?P<counted>{_JA_CLAUSE}{{2,60}})"
)
_JA_DIVIDE = re.compile(
    rf"(?P<counted>{_JA_CLAUSE}{{2,60}}?)(?:を|÷|/)(?P<base>{_JA_CLAUSE}{{2,60}}?)(?:で割|で除)"
)
_JA_SLASH = re.compile(rf"(?P<counted>{_JA_CLAUSE}{{2,60}}?)\s*(?:÷|/)\s*(?P<base>{_JA_CLAUSE}{{2,60}})")
# Where a Japanese role's own words end: the asking scaffold ("…の割合を見たい", "…人ってどれくらい", "…か知りたい").
_JA_CUT = re.compile(
    r"(?:の|な)?(?:割合|比率|パーセンテージ|何%|何割)|って(?:なん|何|どう|どの|いう|言う|呼|い|$)"
    r"|どれくらい|どのくらい|どれだけ|を(?:見|出|知|測|追)(?:たい|る|りたい|ります|れば|ましょう)"
    r"|か(?:を|が|、|見|知|$)|かって|(?:人|もの|方)(?:は|が|の|って|$)|なんて|何て|指標|kpi"
)
_JA_LEAD = re.compile(
    r"^(?:その|この|うちの|は|、|\s|(?:何%|何割|何人|どれくらい|どのくらい|どれだけ)(?:の(?:人|方|お客さん)?)?(?:が|は)?)+"
)
_JA_TAIL = re.compile(r"(?:の|を|が|は|に|\s)+$")


_EN_SHAPES = ((_EN_PER, PER), (_EN_DIVIDED, DIVIDED), (_EN_SHARE_OF, SHARE_OF), (_EN_HOW_MANY_OF, SHARE_OF),
              (_EN_OF_HOW_MANY, SHARE_OF), (_EN_RELATIVE, SHARE_OF), (_EN_PER_FIRST, PER))
_JA_SHAPES = ((_JA_DIVIDE, DIVIDED), (_JA_SLASH, DIVIDED), (_JA_AGAINST, SHARE_OF), (_JA_OF, SHARE_OF), (_JA_PER, PER))


def _clean_en(role: str) -> str:
    role = re.sub(r"\s+", " ", re.sub(r"[()]", " ", role)).strip()
    role = _EN_STOP.split(role, maxsplit=1)[0] if _EN_STOP.search(role) else role
    role = _EN_LEAD.sub("", role.strip())
    return _EN_TAIL.sub("", role).strip()


def _clean_ja(role: str, *, cut: bool = True) -> str:
    role = _JA_LEAD.sub("", role.strip())
    role = _JA_CUT.split(role, maxsplit=1)[0] if cut else role
    return _JA_TAIL.sub("", role).strip()


def _frame(counted: str, base: str, shape: str = "") -> RatioFrame | None:
    if len(counted) < MIN_ROLE_CHARS or len(base) < MIN_ROLE_CHARS or counted == base:
        return None
    return RatioFrame(counted, base, shape)


# Three or more short items between slashes ("D1/D7/D30の継続率", "web/app/store"): a list, not a division.
_SLASH_LIST = re.compile(r"(?:[^\s/]{1,12}/){2,}[^\s/]{1,12}")


def question_frame(text: str) -> RatioFrame | None:
    """The roles a metric question gives its number, read from its wording, or None when it has no ratio shape."""
    folded = _SLASH_LIST.sub(lambda m: m.group(0).replace("/", "・"), normalise(text))
    for pattern, shape in _EN_SHAPES:
        match = pattern.search(folded)
        if match:
            found = _frame(_clean_en(match["counted"]), _clean_en(match["base"]), shape)
            if found is not None:
                return found
    for pattern, shape in _JA_SHAPES:
        match = pattern.search(folded)
        if match:
            found = _frame(_clean_ja(match["counted"]), _clean_ja(match["base"], cut=False), shape)
            if found is not None:
                return found
    return None


_FORMULA_SIDE = re.compile(r"^[^=]*=\s*")
_PERCENT = re.compile(r"\s*[×x]\s*100\b.*$|\s*\(%\)|\(1\s*[−-]\s*")
_FIRST_SENTENCE = re.compile(r"。|\.\s")
# A closing remark in parentheses ("(tools that … exclude exits)", "(失注までの日数は別に集計する)"), not a grouped term
_REMARK = re.compile(r"\s*\([^()−+]{20,}\)?[\s.]*$")
_BRACKETS = re.compile(r"[()]")


def formula_frame(formula: str) -> RatioFrame | None:
    """A card's roles from its formula ("CVR (%) = conversions ÷ visits × 100"): the first division of its first
    sentence, or None when the formula divides nothing (a difference of times, a sum of fees)."""
    first = _FIRST_SENTENCE.split(normalise(formula), maxsplit=1)[0]
    if "=" not in first or "÷" not in first:
        return None
    right = _FORMULA_SIDE.sub("", first, count=1)
    counted, _, base = right.partition("÷")
    counted, base = (_BRACKETS.sub(" ", _REMARK.sub("", _PERCENT.sub(" ", side).strip())).strip(" .")
                     for side in (counted, base))
    return _frame(counted, base)


def describes_share(text: str) -> bool:
    """The question describes a part of a group ("of everyone who …, how many …", "what % of its pageviews were …"):
    a metric of its own, whatever else the question mentions."""
    frame = question_frame(text)
    return frame is not None and frame.shape == SHARE_OF
