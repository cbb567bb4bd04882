"""Answers that cite their notes and know their limits.

Without an LLM the answer is the sentences of the best passages that answer the question, led by the
best one, each group with its note title (knowledge.answer_text). With one, a
short grounded answer is written from the same passages and marked as generated. Either way the
question is first checked for coverage (knowledge.coverage); an uncovered question gets a plain
"not covered" with the nearest notes instead of an unrelated passage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from knowledge.answer_text import asking_clauses, compared, compose
from knowledge.coverage import Corpus, assess
from knowledge.glossary import Glossary, default_glossary
from knowledge.query_text import normalise
from knowledge.search import MAX_QUERY_CHARS, Passage
from knowledge.text import detect_language
from prompts import render_from
from prompts.knowledge import TEXTS

if TYPE_CHECKING:
    from knowledge.kpi_catalogue import KpiCatalogue, KpiEntry
    from knowledge.kpi_unheld import UnheldMetric

__all__ = ["Answer", "GroundedWriter", "PassageSource", "answer_question"]

RETRIEVED = 6
SHOWN = 3  # passages whose sentences may be quoted in an answer without an LLM
# How one side of a comparison is looked up: as a definition, in the question's language (a bare "NPS" reads as
# English and would find the English card for a Japanese question).
_WHAT_IS = {"ja": "{name}とは", "en": "what is {name}"}
EXCERPT_CHARS = 320


@dataclass(frozen=True)
class Answer:
    answer: str
    sources: tuple[str, ...]
    covered: bool
    generated: bool = False
    passages: tuple[Passage, ...] = field(default=(), repr=False)

    def to_json(self) -> dict[str, Any]:
        return {"answer": self.answer, "sources": list(self.sources), "covered": self.covered,
                "generated": self.generated}


class PassageSource(Protocol):
    """Retrieval over a fixed set of collections (the shipped notes, maybe a workspace's documents)."""

    def search(self, query: str, k: int) -> list[Passage]: ...

    def corpus(self) -> Corpus: ...


class GroundedWriter(Protocol):
    """Writes an answer from numbered passages; None when they do not answer the question."""

    def write(self, question: str, passages: Sequence[Passage], lang: str) -> str | None: ...


def one_per_document(passages: Sequence[Passage]) -> list[Passage]:
    """The best passage of each document, in rank order (search already keeps a note in one language)."""
    chosen: dict[str, Passage] = {}
    for passage in passages:
        chosen.setdefault(str(passage.metadata.get("doc") or passage.id), passage)
    return list(chosen.values())


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The passage cut at a sentence end before `limit` characters (whole if short)."""
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in ("。", ". ", "! ", "? ", "\n"))
    if cut <= limit // 3:  # no sentence end early enough: stop between words, not inside one
        cut = max(text.rfind(mark, 0, limit) for mark in (" ", "、", ", "))
        cut = cut if cut > limit // 2 else limit - 1
    return text[: cut + 1].rstrip() + "…"


# What a team writes down, which its ingested documents may hold
_TEAM_WRITING = re.compile(
    r"\b(?:playbooks?|guides?|guidelines?|policy|policies|process(?:es)?|procedures?|templates?|manuals?|rules?"
    r"|faqs?|checklists?|docs?|documents?|wiki|handbook|runbook|scripts?|definitions?)\b"
    r"|プレイブック|ガイド|マニュアル|手順|ルール|規定|方針|テンプレート|チェックリスト|資料|ドキュメント|定義|台本|スクリプト",
    re.IGNORECASE,
)
# Reasons no note is near: notes "near" a question about the weather or a meeting time would only look confused.
_NOTHING_NEAR = frozenset(("schedule", "personal_admin"))


def _not_covered(passages: Sequence[Passage], lang: str, reason: str | None = None, **values: str) -> Answer:
    if reason == "off_topic":
        return Answer(answer=render_from(TEXTS, "not_covered.off_topic", lang), sources=(), covered=False)
    text = render_from(TEXTS, "not_covered", lang)
    if reason is not None and f"not_covered.{reason}" in TEXTS:
        text += "\n" + render_from(TEXTS, f"not_covered.{reason}", lang, **values)
    if reason in _NOTHING_NEAR:
        return Answer(answer=text, sources=(), covered=False)
    nearest = [p.source for p in one_per_document(passages)[:3]]
    if nearest:
        sep = render_from(TEXTS, "separator", lang)
        text += "\n" + render_from(TEXTS, "not_covered.nearest", lang, titles=sep.join(nearest))
    return Answer(answer=text, sources=tuple(nearest), covered=False, passages=tuple(passages))


def answer_question(
    question: str,
    *,
    retriever: PassageSource,
    llm: GroundedWriter | None = None,
    lang: str | None = None,
    glossary: Glossary | None = None,
    team_collections: frozenset[str] = frozenset(),
) -> Answer:
    """Answer from the knowledge base, citing note titles; `covered` False when it has no answer. `team_collections`
    name the team's own documents among those searched."""
    question = question[:MAX_QUERY_CHARS]
    lang = lang or detect_language(question)
    if not question.strip():
        return Answer(answer=render_from(TEXTS, "empty_question", lang), sources=(), covered=False)
    corpus = retriever.corpus()
    question = normalise(question, getattr(corpus, "vocabulary", None))  # as typed → as the notes spell it
    passages = retriever.search(question, RETRIEVED)
    glossary = glossary or default_glossary()
    cover = assess(question, [p.indexed_text for p in passages], glossary, corpus)
    team = [p for p in passages if p.collection in team_collections]
    if cover.reason == "own_data" and team and _TEAM_WRITING.search(question):
        # "what is our churn playbook?": what the team wrote down is for its own documents to answer, when they do
        # (its figures, "what was our churn last month?", are in no document we hold)
        from_team = assess(question, [p.indexed_text for p in team], glossary, corpus, team_documents=True)
        if from_team.covered:
            cover, passages = from_team, [*team, *(p for p in passages if p not in team)]
    if not cover.covered and cover.reason is None and (clause := asking_clauses(question)):
        # Context in the asking sentence ("tips for running it remote, team is across 3 timezones") may be words no
        # note holds: the clause that asks is a reading of its own.
        narrower = assess(clause, [p.indexed_text for p in passages], glossary, corpus)
        cover = narrower if narrower.covered else cover
    if not cover.covered:
        return _not_covered(passages, lang, cover.reason)
    if (unheld := _unheld_metric(question, passages)) is not None:
        # "how do we measure course completion rate?" got the application-completion card, "email bounce rate?" the
        # web bounce rate's: a metric the catalogue knows it lacks is not answered by its neighbour's card
        return _not_covered(passages, lang, "unheld_metric", name=unheld.name_ja if lang == "ja" else unheld.name_en)
    picked = one_per_document(passages)
    if llm is not None:
        return _generated(question, picked[:4], llm, lang, passages)
    shown = picked[:SHOWN]
    if (pair := compared(question)) is not None:
        # Each side of "CSATとNPSの違い" is best told by its own card or note, which the question as a whole may not
        # rank among the first few: the best document for each side joins the ones shown.
        for name in pair:
            own = one_per_document(retriever.search(_WHAT_IS[lang].format(name=name), 2))[:1]
            if own and own[0].metadata.get("doc", own[0].id) not in {p.metadata.get("doc", p.id) for p in shown}:
                shown.append(own[0])
                passages = [*passages, own[0]]
    named = _named_card(question, passages)
    if named is not None and named.id not in {p.metadata.get("kpi") for p in shown}:
        own = [p for p in retriever.search(_WHAT_IS[lang].format(name=named.name(lang)), 2)
               if p.metadata.get("kpi") == named.id][:1]
        shown = [*shown[: SHOWN - 1], *own] if own else shown
        passages = [*passages, *own]
    groups = compose(question, _documents(passages, shown), glossary, corpus,
                     named_kpi=named.id if named is not None else None)
    parts = [render_from(TEXTS, "answer.intro", lang)]
    for passage, texts, side in groups:
        body = _join(texts, lang)
        if side is None:
            parts.append(render_from(TEXTS, "answer.passage", lang, excerpt=body, source=passage.source))
        else:
            parts.append(render_from(TEXTS, "answer.side", lang, side=side, excerpt=body, source=passage.source))
    shown = [passage for passage, _, _ in groups]
    return Answer(answer="\n\n".join(parts), sources=tuple(dict.fromkeys(p.source for p in shown)),
                  covered=True, passages=tuple(shown))


def _named_card(question: str, passages: Sequence[Passage]) -> KpiEntry | None:
    """The KPI card the question names, looked for only when a card was retrieved for it (the catalogue costs
    ~0.3 s to read, which most answers never need)."""
    catalogue = _catalogue_for(passages)
    return catalogue.named_card(question) if catalogue is not None else None


def _unheld_metric(question: str, passages: Sequence[Passage]) -> UnheldMetric | None:
    """A metric the catalogue lacks that the question names, when a card was retrieved in its place; a comparison
    ("email bounce rate vs open rate") still has a side to show."""
    catalogue = _catalogue_for(passages)
    if catalogue is None or compared(question) is not None:
        return None
    return catalogue.unheld_named(question)


def _catalogue_for(passages: Sequence[Passage]) -> KpiCatalogue | None:
    if not any(p.metadata.get("kpi") for p in passages):
        return None
    from knowledge.kpi_catalogue import KpiCatalogue

    return KpiCatalogue.default()


def _documents(passages: Sequence[Passage], shown: Sequence[Passage]) -> list[Passage]:
    """Each shown document as one passage holding all of its retrieved passages (a note's definition and
    its "difference in one line" may sit in two chunks), in rank order."""
    out = []
    for lead in shown:
        key = lead.metadata.get("doc") or lead.id
        mine = [p for p in passages if (p.metadata.get("doc") or p.id) == key]
        if len(mine) == 1:
            out.append(lead)
            continue
        # Each part keeps its own section heading (a Markdown heading line, which sentence picking reads
        # and never quotes): the materials list is about preparation, the invite list next to it is not.
        parts = [f"# {p.context}\n{p.text}" if p.context else p.text
                 for p in sorted(mine, key=lambda p: int(p.metadata.get("order", 0) or 0))]
        out.append(replace(lead, text="\n\n".join(dict.fromkeys(parts)), context=""))
    return out


_LIST_ITEM = re.compile(r"\s*(?:[-*・•]|\d+[.)])")
_SENTENCE_ENDS = ("。", "！", "？", ".", "!", "?", "」", "）", ")", "\"")


def _join(texts: list[str], lang: str) -> str:
    """Chosen sentences as one excerpt: list items on their own lines, sentences run on; a line that is not a
    sentence (a card's "計算式：…" with no closing 。) ends its line, or the next one would run into it."""
    out = ""
    after_item = False
    for text in texts:
        item = bool(_LIST_ITEM.match(text))
        if not out:
            out = text
        elif item or after_item or out.endswith((":", "\uff1a")) or not out.endswith(_SENTENCE_ENDS):
            out += "\n" + text
        else:
            out += ("" if lang == "ja" and out.endswith(("。", "！", "？")) else " ") + text
        after_item = item
    return out


def _generated(
    question: str, picked: list[Passage], llm: GroundedWriter, lang: str, retrieved: list[Passage]
) -> Answer:
    text = llm.write(question, picked, lang)
    if text is None:
        return _not_covered(retrieved, lang)
    cited = [p for i, p in enumerate(picked, start=1) if f"[{i}]" in text] or picked
    listing = " ".join(f"[{picked.index(p) + 1}] {p.source}" for p in cited)
    answer = "\n\n".join([
        render_from(TEXTS, "answer.generated_label", lang), text.strip(),
        render_from(TEXTS, "answer.sources", lang, sources=listing),
    ])
    return Answer(answer=answer, sources=tuple(dict.fromkeys(p.source for p in cited)), covered=True,
                  generated=True, passages=tuple(cited))
