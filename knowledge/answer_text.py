"""Answers without an LLM: the sentences of the retrieved passages that answer the question, first.

Quoting the top passages cut at a fixed length often stops just before the answer. Instead every
passage is split into sentences and list items, and each is scored by how much of the question's key
units it holds (rare words of the knowledge base count more, as in knowledge.coverage) plus what the
question type asks for: a number for "how many", a duration for "how long", a reason for "why", an
example for "for example", steps for "how", a definition for "what is". The best few are shown in
their passage's order, each group with its note title. "Difference between X and Y" shows the best
sentence on X and the best on Y side by side.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from knowledge.answer_type import STATES
from knowledge.coverage import Corpus, Unit, key_units, passage_view
from knowledge.glossary import Glossary
from knowledge.kpi_documents import CARD_TITLE, LABELS
from knowledge.search import Passage
from knowledge.text import fold

__all__ = ["Sentence", "compared", "compose", "question_type", "question_types", "sentences", "sides"]

MAX_SENTENCES = 5
MAX_CHARS = 700
PER_PASSAGE = 3  # so the second-best note gets a word in too
RANK_DECAY = 0.12  # a later passage's sentence must hold clearly more to come first
SIDE_WORDS = 3  # a compared thing is named in a few words ("current state map", "impact/effort")

_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Which of two comes first ("as-is vs to-be, which first", 「どっちから作るべき?」) asks for an order, not for
    # the two side by side.
    ("first", re.compile(
        r"which (?:\w+ )?(?:first|comes first)|which (?:one )?(?:should|do) (?:we|i) (?:start|begin) with"
        r"|(?:どっち|どちら)(?:から|を先|が先)|先に(?:作|やる|描|取り組)|順番は"
    )),
    ("difference", re.compile(
        r"違い|違う|ちがい|差は|使い分け|どっち|どちら|difference|differ|\bdiff\b|\bvs\.?\b|versus|compared to"
        r"|\bor\b[^?]{0,40}\bwhich\b|\bor\b[^?]{0,30}\bfirst\b|which is better"
    )),
    # How a number is worked out: the formula answers it, not the steps of measuring or the metric's names.
    ("formula", re.compile(
        r"計算|算出|出し方|求め方|計算式|数式|割り算|分母|分子|how (?:do|does|should|would|can|to) (?:\w+ )?"
        r"(?:compute|calculate|work out)|\bcalculat|\bcomput|\bformula|\bdenominator|\bnumerator"
    )),
    ("how_many", re.compile(r"何人|何個|何つ|いくつ|何種類|何回|何件|人数|how many|number of|\w+ (?:count|numbers)\b")),
    ("duration", re.compile(r"何時間|何分|何日|何週|何か月|何ヶ月|所要時間|どれくらいの時間"
                            r"|(?:どれ|どの)[くぐ]らい(?:の期間|かか)|how long|how much time")),
    ("why", re.compile(r"なぜ|なんで|何のため|理由|メリット|うれしい|意味ある|\bwhy\b|point of|bother|benefit")),
    ("list", re.compile(
        r"何を(?:書|入れ|含め|盛り込|記入|準備|用意|見れば|使え)|どんな|どの(?:よう)?な"
        r"|what goes|what to (?:include|put|bring|prep)|what (?:should|do) (?:we|i) (?:include|put|bring|prep|need)"
        r"|what (?:kinds?|types?|sorts?) of|which \w+ (?:should|can|to)"
    )),
    ("example", re.compile(r"例|たとえば|例えば|example|e\.g\.|such as|instance")),
    ("how", re.compile(r"どうやって|どう|方法|やり方|進め方|手順|コツ|何から|始め方|始めれば|始めたら"
                       r"|\bhow\b|steps?\b|tips?\b"
                       r"|where (?:do|should|can) (?:we|i) (?:even )?(?:start|begin)|where to (?:start|begin)")),
    ("what", re.compile(r"とは|って何|ってなに|って\s*[?？]|何\s*[?？]|what(?:'s| is| are| does)|\bdefine|meaning")),
)
# A KPI card's names line ("呼び方：…", "Also called: …") is there to be found by, not to be read: it answers only a
# question about names ("CVRとコンバージョン率って同じ?", "what does CES stand for?").
_NAMES_LINE = re.compile(r"^(?:" + "|".join(re.escape(LABELS[lang]["names"]) for lang in LABELS) + r")\s*[:：]",
                         re.IGNORECASE)
_ASKS_NAMES = re.compile(
    r"別名|呼び方|呼び名|何の略|なんの略|略称|正式名|同じ(?:もの|意味|指標|こと)?(?:です)?(?:か|\?|\?)"
    r"|same thing|the same|stand for|stands for|abbreviat|also called|other names?|another name|short for|synonym"
)
_SECOND_ASKS = frozenset(("formula", "how_many", "duration", "why", "example"))
_SIGNS: dict[str, re.Pattern[str]] = {
    "how_many": re.compile(
        r"\d|[一二三四五六七八九十]+(?:つ|人|名|個)|数人|\b(?:one|two|three|four|five|six|seven|eight|ten|few)\b"
    ),
    "duration": STATES["duration"],
    "why": re.compile(r"ため|から|ので|により|because|so that|helps?|reason|without it|otherwise|benefit"),
    "example": re.compile(r"例|たとえば|例えば|e\.g\.|such as|for example|like "),
    "list": re.compile(r"^(?:[-・*•]|\d+[.)])|、.+、|, .+, "),
    "how": re.compile(
        r"^(?:[-・*]|\d+[.)])|まず|次に|すると|する。|ます。|\b(?:start|ask|use|check|list|mark|put|set|write|decide)\b"
    ),
    "difference": re.compile(r"違い|一方|対して|異な|difference|whereas|while|unlike|\bvs\b"),
    "first": re.compile(r"\bstart (?:with|by|from)\b|\bfirst\b|\bbefore\b|まず|最初に|先に|から始め|から作"),
    "formula": re.compile(r"[=＝÷×]|計算式|で割|割った|formula|divided by|\bper\b"),
    "names": _NAMES_LINE,
    "what": re.compile(
        r"とは|のこと|を指す|です。|\bis (?:a|an|the|one|how|what|where|when)\b|\bmeans\b|\brefers to\b"
        r"|^(?:定義|definition)\s*[:：]"
    ),
}
# An amount given as a range ("2〜3つ", "five to eight", "3-5") is what "how many / how long" asks for.
_RANGE = re.compile(r"\d\s*[〜~\-–]\s*\d|\b(?:one|two|three|four|five|six|seven|eight)\s+(?:to|or)\s+\w+")
_SENTENCE_END = re.compile(r"(?<=[。!?!?])|(?<=[.!?])\s+(?=[A-Z(「\"*])")
# A sentence announcing the list below it ("次の情報を含めるとよい。", "Include the following.") is its lead-in.
_LEADS_LIST = re.compile(r"(?:次の|以下の|下記の|the following|as follows)[^。.!?]{0,40}[。.]$")
_ITEM = re.compile(r"^\s*(?:[-*・•]|\d+[.)])\s*")
# A KPI card's formula line (knowledge.kpi_documents) is one answer however many sentences it has: "…× 100。売上ベース
# では …" quoted alone starts with a variant of a formula it never showed.
_FORMULA_LINE = re.compile("^(?:" + "|".join(re.escape(LABELS[lang]["formula"] + LABELS[lang]["colon"].strip())
                                           for lang in LABELS) + ")")
_QUOTES = (("「", "」"), ("『", "』"), ("“", "”"), ("(", ")"), ("\uff08", "\uff09"))
_SIDES = (
    re.compile(r"(?:difference|differences|diff) between (.+?) and (.+?)(?:[?,.]|$)"),
    re.compile(r"(.+?)\s*(?:\bvs\.?|versus)\s*(.+?)(?:[?,.—–]|\bwhat|\bwhen|$)"),
    re.compile(r"([^\s、,?？。!！]{2,}?)と(?!の)([^\s、,?？。!！]+?)(?:の|って|は|で|、)*(?:違い|ちがい|何が違|どう違|使い分け|差|どっち"
               r"|どちら)"),
    re.compile(r"(?:^|should (?:we|i) (?:do |use |start with )?)([\w/-]+(?: [\w/-]+)?) or ([\w/-]+?(?: [\w/-]+?)??)"
               r"\s*(?:[,—–-]+\s*)?(?:which|first\b|\?)"),
)


@dataclass(frozen=True)
class Sentence:
    text: str
    passage: int  # rank of its passage among those shown
    position: int  # order inside the passage
    item: bool  # a list item
    intro: int | None  # position of the line that introduces its list ("使える情報源:")
    heading: str = ""  # the passage's title/section and the heading above the sentence: what it is about


def question_type(question: str) -> str:
    """'first', 'difference', 'formula', 'how_many', 'duration', 'why', 'list', 'example', 'how', 'what' or 'other'."""
    return question_types(question)[0]


def question_types(question: str) -> tuple[str, ...]:
    """Every type the question asks, the main one first (`question_type`): a message often asks two things at once
    ("チャーン率ってどう計算する?月次と年次で違う?" wants the formula as much as the difference), and a sentence
    answering either is an answer."""
    folded = fold(question)
    found = [name for name, pattern in _TYPES if pattern.search(folded)] or ["other"]
    # "how", "what" and "list" describe most sentences of a note: as a second ask they would only blur the first
    return (found[0], *(name for name in found[1:] if name in _SECOND_ASKS))


def sentences(text: str, passage: int = 0, context: str = "") -> list[Sentence]:
    """A passage's sentences and list items, headings left out (each sentence keeps the one above it)."""
    out: list[Sentence] = []
    intro: int | None = None
    heading = ""
    for line in text.replace("**", "").splitlines():
        line = line.strip()
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        if not line or line.startswith("#"):
            continue
        item = bool(_ITEM.match(line))
        if not item:
            intro = None
        parts = [line] if item or _FORMULA_LINE.match(line) else _split(line)
        for part in parts:
            # A list item is about what its lead-in says ("ペインポイントの例:" → each item is a pain point).
            lead_in = out[intro].text if item and intro is not None else ""
            out.append(Sentence(part, passage, len(out), item, intro if item else None,
                                f"{context}\n{heading}\n{lead_in}"))
        if not item and (line.endswith((":", "\uff1a")) or _LEADS_LIST.search(line)):
            intro = len(out) - 1
    return out


def _split(line: str) -> list[str]:
    """The line's sentences; an end inside quotes or brackets ends no sentence (「…ありますか?」と聞く, "How likely
    are you to recommend us?" answered from 0 to 10): cut there, the quote would be left open."""
    cuts = [0, *(m.start() for m in _SENTENCE_END.finditer(line)), len(line)]
    out: list[str] = []
    pending = ""
    for start, end in itertools.pairwise(cuts):
        pending += line[start:end]
        if pending.strip() and not (_open(pending) or pending.count('"') % 2):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        out.append(pending.strip())
    return out


def _open(text: str) -> bool:
    return any(text.count(start) > text.count(end) for start, end in _QUOTES)


def compared(question: str) -> tuple[str, str] | None:
    """The two things the question asks the difference between, when that is what it mainly asks."""
    return sides(question) if question_type(question) == "difference" else None


# 「CESって何ですか?CSATとの違いも知りたい」: one side is the question's topic, the other the one "との違い" names
_WITH_OTHER = re.compile(r"([^\s、,?？。!！]{2,}?)との(?:違い|ちがい|差|使い分け)")
_TOPIC = re.compile(r"^\s*([^\s、,?？。!！]{2,}?)(?:って|とは|は|ってなに|の(?:意味|定義))")


def sides(question: str) -> tuple[str, str] | None:
    """The two things a "difference between X and Y" question compares, if it names them."""
    folded = fold(question).strip()
    if (other := _WITH_OTHER.search(folded)) and (topic := _TOPIC.match(folded)):
        left, right = topic.group(1), _JA_LEAD.sub("", other.group(1))
        if left != right and topic.end() <= other.start():
            return _as_typed(question, left), _as_typed(question, right)
    for pattern in _SIDES:
        if (m := pattern.search(folded)) and m.group(1).strip() and m.group(2).strip():
            # A side is a short name: in "how do we rank our list, impact vs effort" it is "impact", not the
            # whole clause before "vs".
            left = " ".join(_named(re.split(_CLAUSE, m.group(1))[-1].split()[-SIDE_WORDS:])).strip(" 「」\"'")
            right = " ".join(_named(_named(re.split(_CLAUSE, m.group(2))[0].split())[:SIDE_WORDS])).strip(" 「」\"'?")
            if " or " in right and " vs" in folded:  # "impact vs effort or RICE": two methods, not three sides
                before, after = right.split(" or ", 1)
                left, right = f"{left} vs {before}", after
            left = _JA_LEAD.sub("", left)  # 「…?あとAとBの違いも」: "あと" (and also) leads up to A
            if left and right:
                return _as_typed(question, left), _as_typed(question, right)
    return None


_JA_LEAD = re.compile(r"^(?:あとは?|それと|それから|また|あと、|じゃあ|では|で)(?=.)")
# Where a compared name ends: a clause break, or a dash between spaces ("CVR vs conversion rate - same thing?")
_CLAUSE = r"[,:;—–]| - "
# Words before a compared name that are not part of it ("my boss asked about CVR vs …", "explain NPS vs CSAT")
_LEAD_WORDS = frozenset(("about", "asked", "ask", "explain", "compare", "comparing", "between", "regarding", "re",
                         "is", "are", "of", "on", "the", "a", "an", "me", "us"))


_TAIL_WORDS = frozenset(("in", "a", "an", "the", "for", "of", "on", "at", "to", "with", "vs", "vs.", "versus"))


def _named(words: list[str]) -> list[str]:
    """The words of a compared name, without the words that lead up to it or trail after it ("backstage in a
    service blueprint" cut at three words)."""
    while len(words) > 1 and words[0] in _LEAD_WORDS:
        words = words[1:]
    while len(words) > 1 and words[-1] in _TAIL_WORDS:
        words = words[:-1]
    return words


def _as_typed(question: str, label: str) -> str:
    """The label as the question wrote it ("KGI", not the folded "kgi")."""
    start = fold(question).find(label)
    return question[start : start + len(label)] if start >= 0 and len(fold(question)) == len(question) else label


_ABBREVIATION = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]{1,6}(?![A-Za-z0-9])")
ABBREVIATION_BONUS = 0.1  # 0.25 lost a churn sentence an LTV question needed (tuning half)


# Where a message's clauses part: its context and its question often share one sentence ("we're kicking off a
# mapping project next month - how many personas should we start with?").
_CLAUSES = re.compile(r"\s+[-–—]+\s+|[—–]|[,;、。!?!?\n]")
CONTEXT_WEIGHT = 0.4  # a word only around the asking clauses counts this much (0.6, 0.2, 0: fewer held on tuning)


def asking_clauses(question: str) -> str:
    """The clauses that ask something ("how many personas should we start with"), or "" when the message is one
    clause or none of its clauses shows what it asks."""
    clauses = [c for c in _CLAUSES.split(fold(question)) if c.strip()]
    if len(clauses) < 2:
        return ""
    return " ".join(c for c in clauses if any(pattern.search(c) for _, pattern in _TYPES))


class _Scorer:
    """Weighted share of a question's units a sentence holds (knowledge.coverage's weighting); the words of the
    clause that asks weigh more than the context around it."""

    def __init__(self, text: str, glossary: Glossary, corpus: Corpus) -> None:
        self.glossary = glossary
        self.units = key_units(text, glossary)
        size = max(corpus.size, 1)
        # Plain idf, not coverage's damped one: here the rare words should decide which sentence answers.
        self.weight = {u: math.log(1 + (size + 1) / (corpus.count(u) + 1)) for u in self.units}
        clause = asking_clauses(text)
        asked = {(u.kind, u.value) for u in key_units(clause, glossary)} if clause else set()
        if asked & {(u.kind, u.value) for u in self.units}:
            self.weight = {u: w if (u.kind, u.value) in asked else CONTEXT_WEIGHT * w for u, w in self.weight.items()}
        self.total = sum(self.weight.values()) or 1.0
        # An abbreviation as typed ("what's ZMOT?"): the glossary reads ZMOT as any moment of truth, but the
        # sentence that spells it out is the one asked for.
        self.abbreviations = [re.compile(rf"(?<![A-Za-z0-9]){re.escape(a)}(?![A-Za-z0-9])")
                              for a in dict.fromkeys(_ABBREVIATION.findall(text))]

    def __call__(self, text: str) -> float:
        compact, stems, concepts = passage_view(text, self.glossary)
        held = sum(w for u, w in self.weight.items() if _holds(u, compact, stems, concepts)) / self.total
        return held + ABBREVIATION_BONUS * sum(1 for a in self.abbreviations if a.search(text))


NAMED_BONUS = 0.5  # a sentence naming a compared thing as the question does is about it
# A sentence that says what something is (a card's definition line, "Xとは…", "… is a …"): in that thing's own card or
# note it needs no name to be about it.
_DEFINES = re.compile(
    r"^(?:定義|definition)\s*:|^[^、。]{1,30}とは|を指す|のこと[でを。]"
    r"|\b(?:is|are) (?:a|an|the|one|how|what|where|when)\b|\bmeans\b|\brefers to\b"
)
OTHER_HOME_PENALTY = 0.5
# "NPSと併用する" in the CSAT card is still CSAT's sentence
NAMED_CARD_BONUS = 0.3  # a sentence of the card the question names, over one that only mentions the metric
HOME_BONUS = 0.3  # a definition in the side's own card beats the card's formula, which names it


class _Side(_Scorer):
    """A compared thing's scorer: its units, and its name as typed."""

    def __init__(self, label: str, glossary: Glossary, corpus: Corpus) -> None:
        super().__init__(label, glossary, corpus)
        self.name = "".join(fold(label).split())

    def units_only(self, text: str) -> float:
        return super().__call__(text)

    def names(self, text: str) -> bool:
        return bool(self.name) and self.name in "".join(fold(text).split())

    def __call__(self, text: str) -> float:
        return super().__call__(text) + (NAMED_BONUS if self.names(text) else 0.0)

    def at_home(self, sentence: Sentence, other: _Side) -> float:
        """Where the sentence stands: in this side's own card or note (see `owns`) a
        sentence saying what something is needs no name to be about this side ("定義：…" in the NPS card); any
        sentence in the other side's is about that one ("NPSと併用する" in the CSAT card)."""
        if other.owns(sentence, self):
            return -OTHER_HOME_PENALTY
        if self.owns(sentence, other) and _DEFINES.search(fold(sentence.text)):
            return max(0.0, self(self.name) - self(sentence.text)) + HOME_BONUS
        return 0.0

    def owns(self, sentence: Sentence, other: _Side) -> bool:
        """The sentence's card or note is about this side and not the other: its title (a card's without "KPI: ")
        starts with the name ("KPI: NPS(…)", "サービスブループリントのレーン…"; not "ステージ別に見るKPIの選び方") and
        does not name the other ("Touchpoint vs channel" is about both)."""
        title = next((line for line in sentence.heading.splitlines() if line.strip()), "")
        card = title.startswith(CARD_TITLE)
        title = "".join(fold(title[len(CARD_TITLE):] if card else title).split())
        if not self.name or (other.name and other.name in title):
            return False
        # (a card is named "顧客満足度(CSAT)": any of its names is its subject)
        return self.name in title if card else title.startswith(self.name)


def _one_metric(left: str, right: str) -> bool:
    """Two names of one KPI ("CVR vs conversion rate — same thing?"): its note says so; there are no two sides."""
    from knowledge.kpi_catalogue import KpiCatalogue  # only for a comparison: most answers never load it

    catalogue = KpiCatalogue.default()
    one, other = catalogue.match(left), catalogue.match(right)
    return one is not None and other is not None and one.id == other.id


def _holds(unit: Unit, compact: str, stems: set[str], concepts: set[str]) -> bool:
    if unit.kind == "concept":
        return unit.value in concepts
    return unit.value in stems if unit.kind == "en" else unit.value in compact


def _ranked(
    candidates: list[Sentence], score: Callable[[str], float], kinds: tuple[str, ...],
    against: Callable[[str], float] | None = None, home: Callable[[Sentence], float] | None = None,
    bonus: Callable[[Sentence], float] | None = None,
) -> list[tuple[float, Sentence]]:
    """Best first. The passage's title and the heading count for every sentence under them (a list of
    metrics under "検討ステージ" is about consideration); `against` penalises the other side of a comparison.
    A sentence in the form of any type asked (`kinds`) gets the bonus once: answering two asks is no better an
    answer to either."""
    signs = [(kind, _SIGNS[kind]) for kind in kinds if kind in _SIGNS]
    topical: list[tuple[float, Sentence]] = []
    for s in candidates:
        if s.text.endswith((":", "\uff1a")) and len(s.text) < 60:
            continue  # a list's lead-in says nothing alone; it comes with its items
        if home is not None and (_LEADS_LIST.search(s.text) or s.text.endswith((":", "\uff1a"))):
            continue  # (nor does one that ends in a full stop, as one side's answer: "以下は典型的な組み合わせです。")
        # On a side of a comparison the sentence itself must name it: the heading names both sides.
        value = score(s.text if against is not None else f"{s.heading}\n{s.text}")
        if against is not None:
            value -= 0.3 * against(s.text)
        if home is not None:
            value += home(s)
        if bonus is not None:
            value += bonus(s)
        topical.append((value, s))
    best = max((v for v, _ in topical), default=0.0)
    ranked = []
    for value, s in topical:
        # The form of an answer (a number, a step, a reason) counts in proportion to how much the sentence is
        # about the question: any list item looks like a "tip", but only an on-topic one is the tip asked for.
        relevance = max(value, 0.0) / best if best > 0 else 0.0
        folded = fold(s.text)
        matched = [kind for kind, sign in signs if sign.search(folded)]
        if matched:
            value += 0.35 * relevance
            if {"how_many", "duration"} & set(matched) and _RANGE.search(folded):
                value += 0.25 * relevance
            if "formula" in matched:  # the formula is the answer itself, not one form of it among others
                value += 0.25 * relevance
        if home is None:  # (a side's own card is looked up for it, whatever its rank for the whole question)
            value *= 1 - RANK_DECAY * s.passage
        ranked.append((value - 0.001 * s.position, s))
    ranked.sort(key=lambda pair: -pair[0])
    return ranked


def _fill(ranked: list[tuple[float, Sentence]], by_key: dict[tuple[int, int], Sentence], *,
          steps: bool = False) -> list[Sentence]:
    """The sentences shown, best first, within the budget. `steps`: the question asks how to do something, and a
    numbered step chosen brings its list's steps from the first (step 1 of "where do we start" alone answered a
    fifth of it)."""
    chosen: dict[tuple[int, int], Sentence] = {}
    said: set[str] = set()  # overlapping chunks of one note can hold a sentence twice: show it once
    used = 0
    per: dict[int, int] = {}
    value = {(s.passage, s.position): v for v, s in ranked}
    for lead_value, s in ranked:
        if per.get(s.passage, 0) >= PER_PASSAGE or s.text in said:
            continue
        extra = [s]
        if s.intro is not None and (s.passage, s.intro) not in chosen and by_key[(s.passage, s.intro)].text not in said:
            extra.insert(0, by_key[(s.passage, s.intro)])
        items = [e for e in _items_of(s, by_key) if e.text not in said]
        if items:
            # A lead-in ("おおむね次の順で作ります。") promises the list below it: shown alone it answers nothing.
            # Its items come with it — the steps in order for a "how"; else the ones that answer best (a list of
            # case examples under "examples" is no answer to "examples of a moment of truth").
            if not steps:
                items = sorted(items, key=lambda e: -value.get((e.passage, e.position), 0.0))
                if value.get((items[0].passage, items[0].position), 0.0) < LEAD_ITEM_SHARE * lead_value:
                    continue
            budget = MAX_CHARS - used - len(s.text)
            fitting = []
            for item in items:
                budget -= len(item.text)
                if budget < 0:
                    break
                fitting.append(item)
            if len(fitting) < min(LEAD_IN_ITEMS, len(items)):
                continue
            extra += fitting
        elif steps and _STEP.match(s.text) and s.intro is not None:
            # the steps from the first, in order, as far as they fit (and the one chosen, wherever it stands)
            budget = MAX_CHARS - used - sum(len(e.text) for e in extra)
            for step in [e for e in _items_of(by_key[(s.passage, s.intro)], by_key)
                         if e.text not in said and e is not s][:NEXT_STEPS]:
                budget -= len(step.text)
                if budget < 0 or not _STEP.match(step.text):
                    break
                extra.append(step)
        cost = sum(len(e.text) for e in extra if (e.passage, e.position) not in chosen)
        if chosen and used + cost > MAX_CHARS:
            continue
        for e in extra:
            chosen.setdefault((e.passage, e.position), e)
            said.add(e.text)
        used += cost
        per[s.passage] = per.get(s.passage, 0) + 1
        if len(chosen) >= MAX_SENTENCES:
            break
    return list(chosen.values())


LEAD_IN_ITEMS = 2  # a lead-in is shown with at least this many of its items, or not at all
LEAD_ITEM_SHARE = 0.75  # …and, but for steps, only when its best item answers nearly as well as it does
NEXT_STEPS = 5  # the steps shown with a numbered step chosen for a "how" question
_STEP = re.compile(r"^\s*\d+[.)]")


def _items_of(lead: Sentence, by_key: dict[tuple[int, int], Sentence]) -> list[Sentence]:
    """The list items a sentence introduces, in order (none when it leads no list); an item repeated by the
    overlap of two chunks of one note is listed once."""
    items: dict[str, Sentence] = {}
    for (passage, _), s in sorted(by_key.items()):
        if passage == lead.passage and s.item and s.intro == lead.position:
            items.setdefault(s.text, s)
    return list(items.values())


def compose(
    question: str, passages: Sequence[Passage], glossary: Glossary, corpus: Corpus, *, named_kpi: str | None = None
) -> list[tuple[Passage, list[str], str | None]]:
    """(passage, its chosen sentences in order, a side label or None) groups, the best group first. The card of a
    KPI the question names (`named_kpi`) is where its sentences are best taken from: "how do we compute churn for
    monthly subscribers?" led with the CLV card's formula, which divides by the monthly churn rate."""
    pool: list[Sentence] = []
    for rank, group in enumerate(passages):
        pool += sentences(group.text, rank, group.context)
    asks_names = bool(_ASKS_NAMES.search(fold(question)))
    if not asks_names:
        pool = [s for s in pool if not _NAMES_LINE.match(s.text)]
    if not pool:
        return []
    by_key = {(s.passage, s.position): s for s in pool}
    kinds = (*question_types(question), *(("names",) if asks_names else ()))
    pair = compared(question)
    if pair is not None and (groups := _side_by_side(question, pair, pool, passages, glossary, corpus)):
        return groups
    own = {rank for rank, p in enumerate(passages) if named_kpi is not None and p.metadata.get("kpi") == named_kpi}
    chosen = _fill(_ranked(pool, _Scorer(question, glossary, corpus), kinds,
                           bonus=(lambda s: NAMED_CARD_BONUS if s.passage in own else 0.0) if own else None),
                   by_key, steps=kinds[0] in ("how", "first"))
    if not chosen:
        return [(passages[0], [s.text for s in pool if s.passage == 0][:MAX_SENTENCES], None)]
    lead = chosen[0].passage
    order = [lead, *sorted({s.passage for s in chosen} - {lead})]
    return [(passages[rank], _best_first([s for s in chosen if s.passage == rank]), None) for rank in order]


def _best_first(chosen: list[Sentence]) -> list[str]:
    """Sentences in the order they were chosen (best first), a list kept together after its lead-in."""
    blocks: dict[int, list[Sentence]] = {}
    for s in chosen:
        key = s.intro if s.intro is not None else s.position
        blocks.setdefault(key, []).append(s)
    return [s.text for block in blocks.values() for s in sorted(block, key=lambda s: s.position)]


def _side_by_side(
    question: str, pair: tuple[str, str], pool: list[Sentence], passages: Sequence[Passage], glossary: Glossary,
    corpus: Corpus,
) -> list[tuple[Passage, list[str], str | None]]:
    """The best sentence on each side (each used once), after the sentence that best compares them; none when the
    two names are one thing to the knowledge base ("CVR vs conversion rate — same thing?": its note says so)."""
    used: set[str] = set()
    sides_found: list[tuple[Passage, list[str], str | None]] = []
    if _one_metric(*pair):
        return []
    # The glossary reads some pairs as one concept (frontstage and backstage are both the blueprint, 現状マップ and
    # 理想マップ both a map type): the name as typed tells the sentences about each apart.
    first, second = _Side(pair[0], glossary, corpus), _Side(pair[1], glossary, corpus)
    scorers = (first, second)
    for label, mine, other in ((pair[0], first, second), (pair[1], second, first)):
        # (the other side counts against by its units only: "a touchpoint is one interaction on a channel" defines
        # the touchpoint, though it names the channel)
        ranked = [(v, s) for v, s in _ranked(pool, mine, ("what",), against=other.units_only,
                                             home=partial(mine.at_home, other=other))
                  if s.text not in used]
        if not ranked or ranked[0][0] <= 0:
            return []
        best = ranked[0][1]
        used.add(best.text)
        sides_found.append((passages[best.passage], [best.text], label))
    sign = _SIGNS["difference"]
    both = [s for _, s in _ranked(pool, _Scorer(question, glossary, corpus), ("difference",))
            if s.text not in used and sign.search(fold(s.text)) and all(score(s.text) > 0 for score in scorers)]
    lead = [(passages[both[0].passage], [both[0].text], None)] if both else []
    return lead + sides_found
