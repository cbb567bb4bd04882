"""Whose behaviour a question's metric is about: customers, or the company's own staff, machines, stock, books.

Every card in the catalogue measures customers (a few support cards also the team serving them). "What's a
good metric for employee satisfaction?" shares a word with the CSAT card, "社員の定着率" names the retention
card and "server response time" names the first-response-time card, yet none of them is about customers:
answering with those cards would be confidently wrong, where "not a KPI I know" is honest.

The words are catalogue data (`subjects:` in kpis.yaml: a kind → words in either language, `customer` among
them), so a team's own catalogue can add kinds. A question's subjects are the kinds its words name, longest
word first ("team member" is staff before "member" is a customer); a question that names a customer at all
("customers' satisfaction with our staff") is about customers, whatever else it names. A card serves the
kinds in its `subjects` (customers unless it says more).

Staff, a vendor or an agency who ASK for the metric or hand the work on ("the agency we hired asks which pages…",
"our telesales vendor hands deals to our AEs", 「エンジニアから聞かれた」) are who the question comes from, not whom
the metric measures: a subject word followed by such a verb is not read as a subject. Nor is one naming a product
sold to that kind of buyer ("the corporate fleet plan"), the team's own trade ("freight forwarding sales"), what they
cost ("SDR salaries") or a rival the customers leave for ("another supplier").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from knowledge.kpi_question import loose, normalise

__all__ = ["CUSTOMER", "SubjectWords"]

CUSTOMER = "customer"
_ASCII_WORD = re.compile(r"[a-z0-9]")
# What follows a word naming who asks or who passes the work on, in `loose` text (チーム reads ちむ): "… asks",
# "… keeps asking", "… hands over", 「…から聞かれ」, 「…に頼まれ」, 「…が知りたがって」.
_ASKER_AFTER = re.compile(
    r"(?:'s?)?\s+(?:(?:also|just|keeps?|kept|now|still|really|always|is|are|was|were|has|have|had)\s+){0,2}"
    r"(?:asks?|asked|asking|wants?|wanted|needs?|needed|requests?|requested|told|tells?|says?|said|hands?|handed"
    r"|passes|passed|sends?|sent|would like|wonders?|wondered|brought up|raised)\b"
    r"|(?:さん|たち|ちむ|部|側)?(?:から|に|より)(?:聞かれ|きかれ|頼まれ|たのまれ|言われ|いわれ|相談され|依頼され|質問され"
    r"|求められ|もとめられ)"
    r"|(?:さん|たち|ちむ|部|側)?(?:が|は)(?:知りたが|聞いて|きいて|言って|いって|求めて|もとめて|欲しが|ほしが)"
)


# A subject word naming a product sold to that kind of buyer ("the corporate fleet mobile plan", "employee benefits
# package", 「社員向けプラン」): what the deals are about, not whose behaviour the metric measures.
_PRODUCT_AFTER = re.compile(
    r"(?:\s+(?:mobile|data|phone|broadband|fuel|service|subscription|pricing|benefits?|insurance|card))?\s+"
    r"(?:plans?|packages?|tariffs?|bundles?|tiers?|products?|offerings?|insurance|polic(?:y|ies)|cards?|loans?"
    r"|saas|software|platforms?|solutions?|vendors?|providers?|startups?|compan(?:y|ies)"
    # the trade the team is in ("freight forwarding sales", "our logistics business"): the business, not a subject
    r"|forwarding|business(?:es)?|industry|sector|firms?|sales|market)\b"
    # whom the team sells to, by what they buy ("our fleet telematics accounts", "the contract logistics deals")
    r"|(?:\s+[a-z-]+)?\s+(?:accounts?|deals?|clients?|contracts?|tenders?|bids?|quotes?|quotations?|proposals?"
    r"|opportunit(?:y|ies)|opps?)\b"
    # what the customers book or receive ("a shipment booking on our web store", "CSAT on our courier deliveries")
    r"|\s+(?:bookings?|orders?|purchases?|deliveries|delivery|pickups?|collections?)\b"
    r"|(?:向け)?(?:ぷらん|ぱっけじ|商品|保険|ぷろだくと)"
)


# A competitor named by its kind ("residential accounts leave us for another supplier", 「他の業者に乗り換え」): where
# the customers go, not a supplier of ours.
_RIVAL_BEFORE = re.compile(
    r"(?:another|other|a different|a new|a rival|rival|competing|competitors?'?s?)\s+$|(?:他の|別の|他社の)$"
)
# What a kind of subject costs ("do I include SDR salaries and the tooling?", 「営業の人件費」): a part of an amount of
# money the question builds, not whose behaviour the metric measures.
_COST_AFTER = re.compile(
    r"(?:'s?)?\s+(?:salar(?:y|ies)|wages?|pay|payroll|costs?|time|hours|headcount|expenses?|compensation|commissions?)\b"
    r"|(?:の)?(?:人件費|給与|給料|工数|こすと|費用)"  # (loose text: katakana read as hiragana)
)


# When the team shipped something ("last sprint", "in the latest deploy", 「今回のスプリントで」) dates the thing
# measured; it says nothing of whose behaviour is measured (the system words name the team's own sprints).
_RELEASE_TIME = re.compile(
    r"(?:last|this|next|previous|latest|recent|current|same|the)\s+(?:sprint|deploy|deployment|release)s?\b"
    r"|(?:前回|今回|次回|先週|今週|この|前の|次の|直近の)(?:の)?(?:すぷりんと|でぷろい|りりす)"
)


# Whom the customers act towards ("people get really angry at staff", "they complain to our agents"): the customers'
# behaviour is still what is measured.
_TOWARDS_BEFORE = re.compile(r"\b(?:at|to|towards)\s+(?:the\s+|our\s+|their\s+|your\s+)?$")


def _named_in_passing(folded: str, match: re.Match[str]) -> bool:
    """The subject word names who asks for the metric, what is sold to them, what they cost, a rival the customers
    leave for or whom the customers act towards: not whom the metric measures."""
    end, start = match.end(), match.start()
    return bool(_ASKER_AFTER.match(folded, end) or _PRODUCT_AFTER.match(folded, end) or _COST_AFTER.match(folded, end)
                or _RIVAL_BEFORE.search(folded, 0, start) or _TOWARDS_BEFORE.search(folded, max(0, start - 20), start))


def _pattern(word: str) -> re.Pattern[str]:
    """A subject word in `loose` text: English words whole (plural allowed), other scripts anywhere."""
    body = re.escape(word)
    head = r"(?<![a-z0-9])" if _ASCII_WORD.match(word[0]) else ""
    tail = r"(?:s|es)?(?![a-z0-9])" if _ASCII_WORD.match(word[-1]) else ""
    return re.compile(head + body + tail)


@dataclass(frozen=True)
class SubjectWords:
    """The words naming each kind of subject, longest first across kinds: (the word as typed, loose; its pattern;
    its kind). A pattern can match only where its word occurs, and `in` is far cheaper than a search: a question is
    read against every word, and the unheld metrics' texts (~300) are read on first use."""

    words: tuple[tuple[str, re.Pattern[str], str], ...]

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Iterable[str]]) -> SubjectWords:
        """`{kind: [words]}` as the catalogue lists them (any script; matched loosely)."""
        pairs = {loose(str(word)).strip(): str(kind) for kind, words in raw.items() for word in words}
        ordered = sorted((w for w in pairs if w), key=len, reverse=True)
        return cls(tuple((word, _pattern(word), pairs[word]) for word in ordered))

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(kind for _, _, kind in self.words) | {CUSTOMER}

    def of(self, text: str) -> frozenset[str]:
        """The kinds other than customers the text is about; empty when it names a customer (or nobody)."""
        found = self._named(text)
        return frozenset() if CUSTOMER in found else frozenset(found)

    def names_customer(self, text: str) -> bool:
        """Whether the text names a customer (a "team member" is staff, not a member)."""
        return CUSTOMER in self._named(text)

    def _named(self, text: str) -> set[str]:
        folded = _RELEASE_TIME.sub(lambda m: " " * len(m.group(0)), loose(normalise(text)))
        taken = [False] * len(folded)
        found: set[str] = set()
        for word, pattern, kind in self.words:
            if word not in folded:
                continue
            for match in pattern.finditer(folded):
                if any(taken[match.start() : match.end()]):
                    continue  # inside a longer word already read ("member" in "team member")
                taken[match.start() : match.end()] = [True] * (match.end() - match.start())
                if kind != CUSTOMER and _named_in_passing(folded, match):
                    continue
                found.add(kind)
        return found

    @staticmethod
    def serves(subjects: Sequence[str], asked: frozenset[str]) -> bool:
        """Whether a card measuring `subjects` answers a question about `asked` (empty: about customers)."""
        return asked <= set(subjects) if asked else CUSTOMER in subjects
