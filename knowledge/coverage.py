"""Does the knowledge base cover a question? Decided from the question's key concepts, not a score.

No retrieval score separates answerable from unanswerable questions (cosines sit in a narrow band,
BM25 grows with length). What does separate them: whether the best passages actually contain what
the question is about. A question is reduced to its key units — glossary concepts plus the content
words left once question scaffolding (何/どうやって/教えて/what/how…) is removed — and:

1. a name the knowledge base never mentions (a Latin-script word in a Japanese question, a
   capitalised or camel-case word inside an English one, a long katakana word) means it is about
   something else, e.g. another vendor's product;
2. so does a question whose content words are mostly unknown to the knowledge base;
3. a question asking for a price, a duration or a head count needs a passage stating one
   (knowledge.answer_type), and one asking for market statistics, the team's own figures or a
   calendar is not covered at all (knowledge.question_intent);
4. otherwise one of the top passages must contain enough of the units, each weighted by how
   specific it is in the knowledge base (rare words count more than common ones).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from knowledge.answer_type import answerable
from knowledge.glossary import Glossary
from knowledge.question_intent import asked_sentences, unanswerable_reason
from knowledge.text import EN_STOPWORDS, fold, stem

__all__ = ["Corpus", "Coverage", "Unit", "assess", "key_units"]

# Question scaffolding: how questions are asked, never what they are about.
JA_SCAFFOLD = (
    "どうやって", "どうすれば", "どうしたら", "どのように", "どのような", "どういう", "どう", "どんな",
    "どの", "どれ", "どこ", "いつ", "なぜ", "なに", "なん", "何", "誰", "教えて", "知りたい", "方法", "やり方",
    "仕方", "意味", "具体的", "場合", "必要", "ポイント", "コツ", "について", "とは", "って", "べき", "一般的",
    "本当", "以外", "以上", "以下", "程度", "全体", "基本", "大事", "重要", "大切", "最初", "今後", "具体例",
    # keigo and chat framing: how politely or casually it is asked, never what about
    "ご教示", "教示", "お手数", "手数", "恐縮", "恐れ入", "幸い", "質問", "説明", "一言", "簡単", "ざっくり",
    "ちなみに", "ついでに", "ぶっちゃけ", "要するに", "結局", "実際",
)
# Common English words that say how something is asked or done, not what it is about.
EN_SCAFFOLD = frozenset(
    stem(w)
    for w in str.split(
        """mean meaning definition define best good better idea tip work make create know want need use
    like well much many simple simply quick quickly basically actually typical typically usually main key
    important anything something someone everything thing approach matter start begin help happen find
    look see come take put keep try think right wrong new different same whole general specific common
    besides instead also still already ever even enough exactly really contain include consist have
    whats hows wheres whos whens diff vs pls plz thx btw tho gonna wanna kinda sorta etc ok okay hey guys folks
    explain explainer plain english nutshell tldr eli5 suggest suggested wonder wondering curious ask asking
    advice rule thumb sanity anyway thanks lol haha"""
    )
)
_KANJI_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3005]{2,}")
_KATAKANA_RUN = re.compile(r"[\u30a0-\u30ff]{2,}")
_HAS_JA = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")
# Katakana loanwords this long and kanji compounds this long name specific things.
SPECIFIC_KATAKANA_LENGTH = 4
SPECIFIC_KANJI_LENGTH = 4

# Weighted share of the question's known units one of the top passages must contain. Questions that ask for what
# no note holds are caught by intent (question_intent) and unknown names first, so this only has to tell a
# passage on the topic from one that merely shares a word; measured on the tuning half, 0.4 refused
# casual in-scope questions ("my 上司 wants a KPIツリー by friday…") and no out-of-scope one scored 0.25–0.4.
MIN_COVERAGE = 0.33
PASSAGES_CHECKED = 3


@dataclass(frozen=True)
class Unit:
    kind: str  # "concept" (glossary id) | "ja" (kanji/katakana word) | "en" (stem)
    value: str
    specific: bool = False  # a name or a specific compound: unknown to the KB means another subject


class Corpus(Protocol):
    """How many stored passages contain a unit (over the collections searched)."""

    size: int

    def count(self, unit: Unit) -> int: ...


@dataclass(frozen=True)
class Coverage:
    covered: bool
    score: float  # weighted share of units found in the best passage
    missing: tuple[str, ...]  # units that passage lacks
    unknown_names: tuple[str, ...]
    reason: str | None = None  # knowledge.question_intent's reason when the question asks what no note holds


def _en_units(question: str, glossary: Glossary, *, in_japanese: bool) -> list[Unit]:
    text = unicodedata.normalize("NFKC", question).replace("’", "'")
    tokens = [m for m in _TOKEN.finditer(text) if m.group().casefold() not in EN_STOPWORDS]
    stems = [stem(m.group().casefold().replace("'", "")) for m in tokens]
    consumed = {i for start, end, _ in glossary.en_matches(stems) for i in range(start, end)}
    units = []
    for i, (match, word) in enumerate(zip(tokens, stems, strict=True)):
        if i in consumed or word in EN_SCAFFOLD or len(word) < 2 or word.isdigit():
            continue
        token = match.group()
        before = text[: match.start()].rstrip()
        capitalised = token[0].isupper() and bool(before) and before[-1] not in ".?!:\"'「"
        specific = (in_japanese or capitalised or any(c.isupper() for c in token[1:])) and not _is_abbreviation(token)
        units.append(Unit("en", word, specific=specific))
    return units


def _is_abbreviation(token: str) -> bool:
    """B2C, Q3, KGI, SaaS: short shorthand teams type, not a product name (those are words: Zendesk, Braze)."""
    letters = [c for c in token if c.isalpha()]
    return len(token) <= 4 and (any(c.isdigit() for c in token) or sum(c.isupper() for c in letters) >= 2)


def _is_mimetic(run: str) -> bool:
    """Reduplicated katakana (バラバラ, ワクワク) are sound-symbolic words, not names."""
    half = len(run) // 2
    return len(run) % 2 == 0 and run[:half] == run[half:]


def key_units(question: str, glossary: Glossary) -> list[Unit]:
    """The question's glossary concepts plus its remaining content words, scaffolding removed."""
    folded = fold(question)
    words = [stem(w.replace("'", "")) for w in _TOKEN.findall(folded) if w not in EN_STOPWORDS]
    units = [Unit("concept", c) for c in dict.fromkeys(glossary.find_folded(folded, words, compounds=True))]
    rest = glossary.blank_ja(folded, compounds=True)  # glossary terms first: scaffolding never cuts one (タッチ)
    for scaffold in JA_SCAFFOLD:
        rest = rest.replace(scaffold, " ")
    for run in _KANJI_RUN.findall(rest):
        units.append(Unit("ja", run, specific=len(run) >= SPECIFIC_KANJI_LENGTH))  # 分岐条件; see _known_compound
    modifiers = glossary.compound_modifiers(folded)
    for run in _KATAKANA_RUN.findall(rest):
        if misspelt := glossary.misspelt(run):  # ワークショプ: the workshop, typed in a hurry
            units.extend(Unit("concept", c) for c in misspelt)
            continue
        specific = len(run) >= SPECIFIC_KATAKANA_LENGTH and not _is_mimetic(run) and run not in modifiers
        units.append(Unit("ja", run, specific=specific))
    units.extend(_en_units(question, glossary, in_japanese=_mainly_japanese(folded)))
    return list(dict.fromkeys(units))


def _mainly_japanese(folded: str) -> bool:
    """A Latin word inside Japanese text is a name (Zendesk, Braze); inside English with a Japanese term or
    two ("my 上司 wants a KPIツリー by friday") it is just English."""
    japanese = len(_HAS_JA.findall(folded))
    latin = sum(len(w) for w in _TOKEN.findall(folded))
    return japanese > 0 and japanese >= latin / 2


def _contains(unit: Unit, compact: str, stems: set[str], concepts: set[str]) -> bool:
    if unit.kind == "concept":
        return unit.value in concepts
    if unit.kind == "en":
        return unit.value in stems
    return unit.value in compact


def passage_view(text: str, glossary: Glossary) -> tuple[str, set[str], set[str]]:
    """(compact folded text, English stems, concepts) of a passage: what units are looked up in."""
    folded = fold(text)
    words = [stem(w.replace("'", "")) for w in _TOKEN.findall(folded) if w not in EN_STOPWORDS]
    return folded.replace(" ", ""), set(words), set(glossary.find_folded(folded, words, compounds=True))


def _known_compound(unit: Unit, corpus: Corpus) -> bool:
    """A katakana compound of two words the knowledge base uses (スマホ+アプリ) is phrasing, not a name; so
    is a kanji compound that starts or ends with a word it uses (自由+記述, 人分+用意 in 「何人分用意」):
    Japanese strings kanji words together freely, and product names are rarely written in kanji."""
    word = unit.value
    if unit.kind != "ja":
        return False
    cuts = range(2, len(word) - 1)
    if _KATAKANA_RUN.fullmatch(word):
        return any(corpus.count(Unit("ja", word[:cut])) and corpus.count(Unit("ja", word[cut:])) for cut in cuts)
    if _KANJI_RUN.fullmatch(word):
        return any(corpus.count(Unit("ja", word[:cut])) or corpus.count(Unit("ja", word[cut:])) for cut in cuts)
    return False


# The concepts of the method itself: what a map is made of, how it is researched and measured. A question holding two
# of them asks about the practice ("HubSpotのデータからペインポイント見つけたい", "we track NPS in Qualtrics — where
# does NPS go on the map?"), whatever tools it names; a vendor how-to ("Marketing Cloudでメール配信するには?",
# "How do I configure Salesforce Journey Builder?") holds none, and still gets no answer for its unknown names.
METHOD_CONCEPTS = frozenset((
    "customer_journey", "journey_map", "mapping", "customer_experience", "touchpoint", "channel", "omnichannel",
    "persona", "stage", "awareness", "consideration", "decision", "purchase", "retention", "advocacy", "loyalty",
    "usage", "thought", "emotion", "motivation", "pain_point", "friction", "opportunity", "prioritise", "map_type",
    "service_blueprint", "workshop", "facilitation", "ownership", "moment_of_truth", "layer", "revisit", "drop_off",
    "mistake", "preparation",
    "research", "survey", "interview", "feedback", "customer_data", "analytics", "web_analytics", "support",
    "kgi", "kpi", "nps", "csat", "ces", "churn", "retention_rate", "conversion", "bounce_rate", "cart_abandonment",
    "clv", "repeat_rate", "roi", "engagement", "ctr",
))
MIN_METHOD_CONCEPTS = 2
MAX_TOOL_NAMES = 2
# ...unless it asks how to set the named tool up ("how do I configure the NPS survey widget in Qualtrics?")
_CONFIGURING = re.compile(r"(?i)\b(?:configur|set ?up|install|enabl|integrat|connect)|設定|連携|インストール")
# How a question is asked ("the difference between…") says nothing of what it is about: "scrum vs kanban" holds
# only that, and two words the notes never use.
FORM_CONCEPTS = frozenset(("difference",))


def _about_the_method(known: Sequence[Unit]) -> bool:
    return len({u.value for u in known if u.kind == "concept" and u.value in METHOD_CONCEPTS}) >= MIN_METHOD_CONCEPTS


# Another name for the word just before it, in brackets: 「改善機会(オポチュニティ)」, "churn (解約)"
_GLOSS = re.compile(r"(?<=[^\s(（])[(（]([^()（）]{1,24})[)）]")


def _glossed_only(question: str, glossary: Glossary) -> set[Unit]:
    """Units named only in a gloss: the word they gloss says what is asked, so an unheard gloss (オポチュニティ for
    改善機会) is no unknown name — the question was declined with the note that answers it as nearest."""
    glosses = _GLOSS.findall(question)
    if not glosses:
        return set()
    outside = set(key_units(_GLOSS.sub(" ", question), glossary))
    return set(key_units(" ".join(glosses), glossary)) - outside


def assess(question: str, passages: Sequence[str], glossary: Glossary, corpus: Corpus, *,
           team_documents: bool = False) -> Coverage:
    """Decide coverage of `question` by the top `passages` (best first). With `team_documents` (one of the team's own
    documents is among the best passages) a question about the team's own things ("what is our churn playbook?") is for
    those documents to answer, not declined as asking for figures no note holds."""
    reason = unanswerable_reason(question)
    if reason == "own_data" and team_documents:
        reason = None
    if reason is not None:  # statistics, the team's own figures, a calendar: no note holds them
        return Coverage(False, 0.0, (), (), reason)
    checked = [p for p in passages[:PASSAGES_CHECKED] if p and answerable(question, p)]
    # What a message asks is in its asking sentences: the context around them ("ours were made by an agency in
    # 2021 and the CX team doesn't trust them") brings no names of its own, and may bury the topic in casual words;
    # it may also be what names the topic ("ファシリ初めてです。…どう回せばいい?"). Both readings are judged, the
    # names only where the question asks.
    whole = key_units(question, glossary)
    asked = key_units(" ".join(asked_sentences(question, folded=False)), glossary)
    glossed = _glossed_only(question, glossary)
    names = [u for u in (asked if any(u.kind == "concept" for u in asked) else whole)
             if u.specific and not corpus.count(u) and not _known_compound(u, corpus) and u not in glossed]
    readings = [_reading(asked, names, question, checked, glossary, corpus)]
    if whole != asked:
        readings.append(_reading(whole, names, question, checked, glossary, corpus))
    return max(readings, key=lambda c: (c.covered, c.score))


def _reading(units: Sequence[Unit], names: Sequence[Unit], question: str, checked: Sequence[str], glossary: Glossary,
             corpus: Corpus) -> Coverage:
    """Coverage of one reading of the question (its units) by the checked passages."""
    df = {unit: corpus.count(unit) for unit in units}
    unknown = tuple(u.value for u in names)
    known = [u for u in units if df[u] > 0]
    topical = [u for u in known if not (u.kind == "concept" and u.value in FORM_CONCEPTS)]
    unheard = [u for u in units if df[u] == 0 and u not in names]
    # Nothing retrieved, nothing the knowledge base knows, something specific it never mentions, or a
    # question mostly made of words it has never seen (an unknown word or two is just phrasing).
    # A known glossary concept counts twice here: "touchpoint vs channel — they sound the same to me" is
    # about two concepts the notes know, whatever casual words come with them; and the unheard words must
    # outnumber what is known ("remote … agenda … zoom" is a remote-workshop question with two casual words).
    concepts = sum(1 for u in topical if u.kind == "concept")
    mostly_unheard = len(unheard) >= 2 and len(unheard) > len(topical) + concepts
    if unknown and _about_the_method(known) and len(unknown) <= MAX_TOOL_NAMES and not _CONFIGURING.search(question):
        unknown = ()  # the tools a team works in, named around a question about the map, are context
    # Things the notes never mention, asked how to set up, in a question naming nothing of the method ("how do I set up
    # journey builder in salesforce marketing cloud", typed without the capitals that mark a name): a vendor how-to.
    setting_up = (len(unheard) >= 2 and bool(_CONFIGURING.search(question))
                  and not any(u.kind == "concept" and u.value in METHOD_CONCEPTS for u in known))
    if not checked or not topical or unknown or mostly_unheard or setting_up:
        # a product the notes never name, asked how to set up: its own help pages answer that, and the reply says so
        configuring = (bool(unknown) or setting_up) and bool(_CONFIGURING.search(question))
        return Coverage(False, 0.0, tuple(u.value for u in unheard), unknown, "vendor_config" if configuring else None)
    # Rare words of the knowledge base weigh more, damped so one rare word cannot decide alone; a known
    # name weighs like the commonest unit (it finds its passage, it does not say what is asked about it).
    weight = {u: math.log(1 + math.log(1 + (corpus.size + 1) / (df[u] + 1))) for u in known}
    floor = min(weight.values())
    weight = {u: floor if u.specific else w for u, w in weight.items()}
    total = sum(weight.values())
    best, missing = -1.0, tuple[str, ...]()
    for text in checked:
        view = passage_view(text, glossary)
        found = {u for u in known if _contains(u, *view)}
        score = sum(weight[u] for u in found) / total
        if score > best:
            best, missing = score, tuple(u.value for u in known if u not in found)
    return Coverage(best >= MIN_COVERAGE, round(best, 3), missing, ())
