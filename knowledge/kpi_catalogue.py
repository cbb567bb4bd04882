"""The KPI catalogue (`kpis.yaml`) and how people's words are matched to it.

People name a KPI with an abbreviation ("LTV"), a Japanese or English name, a kana variant, a typo, or
inside a whole question ("ROIってどうやって出すの?"). Matching is layered so that it stays predictable:
1. every alias and the query are reduced to one *match key* (NFKC, casefold, katakana as hiragana, no
   long-vowel marks or punctuation, spaces only between ASCII words); the first KPI the query names wins,
   the longest alias where aliases overlap ("カート離脱率" is cart abandonment, not "離脱率"), English
   aliases only on word boundaries ("ces" never matches inside "services");
2. failing that, a small edit-distance budget (one typo, two for long names) catches misspellings, with
   the first and last characters required to agree.
3. failing both, a question that asks for a metric — by name ("なんて指標?") or by describing a quantity
   ("what % of …") — gets the card its words and meaning describe when one stands out (knowledge.kpi_meaning);
   a question about stages or about the map itself never does.
A KPI named is the answer only when the question asks about it: what is left once its names are removed
must be a definitional ask or hardly anything else (knowledge.kpi_question); a KPI mentioned in a question
about an email's wording, a tool, a dashboard or its causes is no look-up; a phrase ending in the KPI's name
("購入後アンケートの満足度") is, when its meaning alone points to that card far above the others. A KPI named
inside a longer metric question ("what share of site visitors end up buying") and a near-miss spelling are
weak evidence of what is asked: the question's meaning decides. Two KPIs set in relation ("LTVとCACの比率")
give the card relating them. A question for a market average, the team's own figure or a date
(knowledge.question_intent) is no look-up, nor is one about employees, machines, stock or the books
(knowledge.kpi_subject): the cards measure customers; nor one naming a metric the catalogue does not know
("ticket reopen rate"), nor one naming or describing a metric the catalogue knows it does NOT hold
(knowledge.kpi_unheld: "CPCって何?", cost per click described by meaning). Answering "what is a touchpoint?" with a
KPI is worse than admitting a miss; `closest()` serves the "did you mean…" reply, `unheld()` its "that is X,
which we do not track".
`match()` is the alias layers alone, for KPI names a team types into a map (`resolve`).

`KpiCatalogue` also implements `journeys.ports.KpiSuggester` (KPIs for a stage name, canonical names).
"""

from __future__ import annotations

import difflib
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import MISSING, dataclass, fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from unicodedata import normalize

from knowledge.kpi_contrast import confusable, count, prefer
from knowledge.kpi_frame import SHARE_OF, describes_share, question_frame
from knowledge.kpi_matching import (
    ASCII_ALNUM,
    BEFORE_STAGE_WORD,
    EN_FILLER,
    MAX_QUERY_CHARS,
    NOT_TYPOS,
    SHORT_KANA,
    STAGE_WORD_KEYS,
    capped,
    detect_language,
    edit_distance,
    katakana_key,
    match_key,
    metric_pattern,
    question_core,
    typo_budget,
)
from knowledge.kpi_meaning import BARS, PLACED, UNCUED, KpiMeaning
from knowledge.kpi_quantity import KINDS
from knowledge.kpi_question import (
    NAMED,
    about_kpi_practice,
    about_mapping,
    about_something_else,
    about_stages,
    asks_about_named,
    asks_for_a_measure,
    asks_for_advice,
    asks_how_built,
    asks_its_parts,
    asks_metric_name,
    asks_to_move,
    asks_which_of,
    defines_named,
    describes_quantity,
    guesses_named,
    loose,
    metric_cue,
    metric_names,
    normalise,
    off_the_map,
    relates_two,
    says_more,
    set_aside,
    spells_out_a_recipe,
    tells_not_asks,
    without,
)
from knowledge.kpi_subject import SubjectWords
from knowledge.kpi_unheld import UnheldMeaning, UnheldMetric, key_names, load_unheld
from knowledge.yaml_text import load_yaml

__all__ = [
    "MAX_QUERY_CHARS",
    "STAGE_KEYS",
    "CatalogueError",
    "KpiCatalogue",
    "KpiEntry",
    "detect_language",
    "match_key",
    "question_core",
]

STAGE_KEYS: tuple[str, ...] = ("awareness", "consideration", "purchase", "retention", "advocacy")
_KANA = frozenset(chr(code) for code in range(0x3041, 0x3097))
TRAILING_PARTICLE_CHARS = 3  # "満足度は", "NPSって": what may follow a name that heads its phrase

class CatalogueError(ValueError):
    """The YAML catalogue is malformed (a missing field, an unknown stage, a duplicated alias…)."""


@dataclass(frozen=True)
class KpiEntry:
    """One KPI, in Japanese and English. `sources` are seed ids (seed-NNN) of the articles mentioning it, or
    `general-practice`."""

    id: str
    name_ja: str
    name_en: str
    aliases: tuple[str, ...]
    definition_ja: str
    definition_en: str
    formula_ja: str
    formula_en: str
    stages: tuple[str, ...]
    how_to_measure_ja: str
    how_to_measure_en: str
    pitfalls_ja: tuple[str, ...]
    pitfalls_en: tuple[str, ...]
    sources: tuple[str, ...]
    # The questions the metric answers, in plain words ("how long until a ticket is closed"): what a team
    # asks when it does not know the KPI's name. Indexed for look-up by meaning, never shown.
    answers_ja: tuple[str, ...] = ()
    answers_en: tuple[str, ...] = ()
    # What this card counts that a card it is easily confused with does not, as words a question would use
    # ((rival id, (terms…)), …): "bounce rate" vs "exit rate" → "right away", "first page", "入口"… Read only
    # when the two are nearly tied by meaning (knowledge.kpi_contrast); never shown.
    contrast: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Whose behaviour the metric measures (knowledge.kpi_subject): customers unless the card says more, so a
    # question about employees, machines or the books gets no customer metric.
    subjects: tuple[str, ...] = ("customer",)
    # What kind of number it is (knowledge.kpi_quantity: share, score, time, money, count, multiple); "" fits
    # any question. A question asking only for a share or only for a duration gets no card of another kind.
    quantity: str = ""
    # Metrics next to this one that the catalogue does not hold, as words a question about them uses
    # ("unsubscribe", "bounced back" beside the open rate): a question describing one of them gets no card by
    # closeness of meaning (a question naming this card keeps it). Never shown. knowledge/unheld_metrics.yaml
    # generalises it: whole metrics we do not hold, by name and by meaning (knowledge.kpi_unheld).
    not_for: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> KpiEntry:
        values: dict[str, Any] = {}
        for spec in fields(cls):
            value = raw.get(spec.name)
            if value is None and spec.default is not MISSING:
                values[spec.name] = spec.default  # optional: a catalogue of one's own may leave them out
                continue
            if spec.name == "contrast":
                values[spec.name] = _contrast(raw.get("id"), value)
                continue
            if spec.type == "str":
                if not isinstance(value, str) or not value.strip():
                    raise CatalogueError(f"KPI {raw.get('id')!r}: {spec.name} must be a non-empty string")
                values[spec.name] = value.strip()
            else:
                if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                    raise CatalogueError(f"KPI {raw.get('id')!r}: {spec.name} must be a list of strings")
                if not value and spec.name not in ("sources", "not_for"):
                    raise CatalogueError(f"KPI {raw.get('id')!r}: {spec.name} must not be empty")
                values[spec.name] = tuple(str(v).strip() for v in value)
        if values["quantity"] and values["quantity"] not in KINDS:
            raise CatalogueError(f"KPI {values['id']!r}: quantity must be one of {sorted(KINDS)}")
        unknown = set(values["stages"]) - set(STAGE_KEYS)
        if unknown:
            raise CatalogueError(f"KPI {values['id']!r}: unknown stages {sorted(unknown)}")
        return cls(**values)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_ja

    def to_json(self) -> dict[str, Any]:
        """Every field, tuples as lists and `contrast` as {rival id: [terms]}; "id" is the canonical id (the
        `journeybot kpi --json` contract). `from_mapping` reads it back."""
        data: dict[str, Any] = {
            spec.name: list(value) if isinstance(value := getattr(self, spec.name), tuple) else value
            for spec in fields(self)
        }
        data["contrast"] = {rival: list(terms) for rival, terms in self.contrast}
        return data


def _contrast(kpi_id: object, value: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`contrast` as written in the catalogue, {rival id: [terms]}, checked and frozen."""
    if not isinstance(value, Mapping):
        raise CatalogueError(f"KPI {kpi_id!r}: contrast must map KPI ids to lists of terms")
    pairs: list[tuple[str, tuple[str, ...]]] = []
    for rival, terms in value.items():
        if not isinstance(terms, list) or not terms or not all(isinstance(t, str | int) and str(t).strip()
                                                                 for t in terms):
            raise CatalogueError(f"KPI {kpi_id!r}: contrast with {rival!r} must be a non-empty list of terms")
        pairs.append((str(rival), tuple(str(t).strip() for t in terms)))
    return tuple(pairs)


@dataclass(frozen=True)
class _Alias:
    kpi_id: str
    key: str
    compact: str  # the key without spaces, for edit distance
    pattern: re.Pattern[str]
    short_kana: bool = False  # a short kana-only name: matched only where typed in katakana (kpi_matching)


@dataclass(frozen=True)
class _UnheldName:
    """A name of an unheld metric (knowledge.kpi_unheld); its pattern is compiled when first needed."""

    metric: UnheldMetric
    key: str
    short_kana: bool

    @property
    def pattern(self) -> re.Pattern[str]:
        return metric_pattern(self.key, metric=True, gaps=True)


_Named = tuple[int, int, "_Alias | _UnheldName"]  # where a name was found in the match key, and which


def _by_initial(aliases: Iterable[_Alias]) -> dict[str, tuple[_Alias, ...]]:
    grouped: dict[str, list[_Alias]] = {}
    for alias in aliases:
        if typo_budget(len(alias.compact)):
            grouped.setdefault(alias.compact[0], []).append(alias)
    return {initial: tuple(group) for initial, group in grouped.items()}


@dataclass(frozen=True)
class _StageRule:
    stage: str
    lead: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class _Industry:
    """A kind of business, by the words a map's title or scope uses for it, and the KPIs that fit its stages."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    stages: Mapping[str, tuple[str, ...]]


def _matches(names: Iterable[_Alias | _UnheldName], key: str, text: str) -> list[_Named]:
    """Where each name occurs in the key (the first occurrence). A short kana name counts only where the text has
    it in katakana ("ちゃんと" holds no "チャーン")."""
    found: list[_Named] = []
    kata: str | None = None
    for name in names:
        if name.key.split(" ", 1)[0] not in key:
            continue
        if name.short_kana:
            kata = katakana_key(text) if kata is None else kata
            match = name.pattern.search(kata)
        else:
            match = name.pattern.search(key)
        if match:
            found.append((match.start(), match.end(), name))
    return found


def _first(matches: list[_Named]) -> _Named | None:
    """The first name found; where names overlap, the longest."""
    if not matches:
        return None
    first_start, first_end, _ = min(matches, key=lambda m: (m[0], m[0] - m[1]))
    overlapping = [m for m in matches if m[0] < first_end and m[1] > first_start]
    return min(overlapping, key=lambda m: (m[0] - m[1], m[0]))


def _asks_of_something_else(text: str, rest: str) -> bool:
    """A KPI mentioned in a question about something else (`rest`: the question without its name): its tool, owner,
    export or wording. But a share described around the name ("for each help center article, what % of its
    pageviews were the last page before the visitor left?") is a metric of its own, and one asked for by name ("for
    the board deck: … what's the ratio called?") is what is wanted: the question's meaning decides those."""
    return about_something_else(rest) and not describes_share(text) and not asks_metric_name(text)


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def _kanji(text: str) -> list[str]:
    return sorted(ch for ch in text if "\u3400" <= ch <= "\u9fff")
_WORD = re.compile(r"[a-z]{3,}")
# Words of any metric question, which say nothing of which metric it is.
_GENERIC_WORDS = frozenset((
    "metric", "metrics", "kpi", "kpis", "rate", "rates", "ratio", "score", "number", "percent", "percentage", "what",
    "which", "the", "and", "for", "our", "how", "should", "track", "measure", "called", "name", "this", "that", "does",
    "is", "are", "with", "about", "indicator", "key", "performance",
))
_BARE_NAME = re.compile(r"[^\s、。,，.?？!！:：()（）]{1,16}")  # one term, no description around it


class KpiCatalogue:
    """All KPIs, looked up by what people type; a `journeys.ports.KpiSuggester`."""

    def __init__(
        self,
        entries: Sequence[KpiEntry],
        *,
        stage_rules: Sequence[Mapping[str, Any]] = (),
        stage_suggestions: Mapping[str, Sequence[str]] | None = None,
        generic_suggestions: Sequence[str] = (),
        industry_suggestions: Sequence[Mapping[str, Any]] = (),
        subject_words: Mapping[str, Sequence[str]] | None = None,
        unheld: Sequence[UnheldMetric] | Callable[[], Sequence[UnheldMetric]] = (),
    ) -> None:
        """`unheld`: metrics the catalogue does not hold (knowledge.kpi_unheld), or how to read them when first
        needed; one sharing a name with a card is left out (a catalogue of one's own may hold it)."""
        self._entries = tuple(entries)
        self._by_id = {entry.id: entry for entry in self._entries}
        if len(self._by_id) != len(self._entries):
            raise CatalogueError("KPI ids must be unique")
        self._subjects = SubjectWords.from_mapping(subject_words or {})
        self._check_references()
        self._aliases = self._index_aliases()
        # Aliases that tolerate typos, by first character (a typo rarely hits it; this keeps the scan cheap).
        self._ascii_typos = _by_initial(a for a in self._aliases if set(a.compact) <= ASCII_ALNUM)
        self._kana_typos = _by_initial(a for a in self._aliases if not set(a.compact) & ASCII_ALNUM)
        self._rules = tuple(self._stage_rule(raw) for raw in stage_rules)
        self._suggestions = {key: self._known(ids, stage=key) for key, ids in (stage_suggestions or {}).items()}
        self._generic = self._known(generic_suggestions, stage=None)
        self._industries = tuple(self._industry(raw) for raw in industry_suggestions)
        self._meaning = KpiMeaning(self._entries)
        self._texts: dict[str, str] = {}  # each card's words, folded, for `_knows_names`
        self._unheld_source = unheld
        self._unheld_list: tuple[tuple[UnheldMetric, ...], tuple[_UnheldName, ...]] | None = None
        self._unheld_index: UnheldMeaning | None = None
        self._unheld_lock = threading.Lock()

    # ----- construction -------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None = None, *, unheld: str | Path | None = None) -> KpiCatalogue:
        """Read a catalogue YAML file; by default the one shipped inside the `knowledge` package. `unheld`: the
        metrics it does not hold (knowledge.kpi_unheld), by default the shipped list."""
        if path is None:
            text = resources.files("knowledge").joinpath("kpis.yaml").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = load_yaml(text)
        if not isinstance(data, dict) or not isinstance(data.get("kpis"), list):
            raise CatalogueError("the catalogue must be a mapping with a `kpis` list")
        return cls(
            [KpiEntry.from_mapping(raw) for raw in data["kpis"]],
            stage_rules=data.get("stage_rules") or (),
            stage_suggestions=data.get("stage_suggestions") or {},
            generic_suggestions=data.get("generic_suggestions") or (),
            industry_suggestions=data.get("industry_suggestions") or (),
            subject_words=data.get("subjects") or {},
            unheld=lambda: load_unheld(unheld),  # read on first use: a card named needs it rarely
        )

    @staticmethod
    @cache
    def default() -> KpiCatalogue:
        """The packaged catalogue, loaded once per process (it is immutable)."""
        return KpiCatalogue.load()

    def _check_references(self) -> None:
        """Every card's contrast names another card, and its subjects are kinds the catalogue has words for."""
        for entry in self._entries:
            for rival, _ in entry.contrast:
                if rival not in self._by_id or rival == entry.id:
                    raise CatalogueError(f"KPI {entry.id!r}: contrast with unknown KPI {rival!r}")
            unknown = set(entry.subjects) - self._subjects.kinds
            if unknown:
                raise CatalogueError(f"KPI {entry.id!r}: subjects {sorted(unknown)} have no words in `subjects`")

    def _index_aliases(self) -> tuple[_Alias, ...]:
        owners: dict[str, str] = {}
        aliases: list[_Alias] = []
        for entry in self._entries:
            names = (entry.id, entry.name_ja, entry.name_en, *entry.aliases)
            for key in dict.fromkeys(match_key(name) for name in names):
                if not key:
                    continue
                if owners.setdefault(key, entry.id) != entry.id:
                    raise CatalogueError(f"alias {key!r} belongs to both {owners[key]} and {entry.id}")
                compact = key.replace(" ", "")
                short_kana = len(compact) <= SHORT_KANA and not set(compact) - _KANA
                aliases.append(_Alias(entry.id, key, compact, metric_pattern(key, metric=True), short_kana))
        return tuple(aliases)

    def _stage_rule(self, raw: Mapping[str, Any]) -> _StageRule:
        stage = raw.get("stage")
        if stage not in STAGE_KEYS:
            raise CatalogueError(f"stage rule with unknown stage {stage!r}")
        keys = [match_key(word) for word in (stage, *raw.get("keywords", ()))]
        patterns = tuple(metric_pattern(key, metric=False) for key in dict.fromkeys(keys) if key)
        return _StageRule(stage, self._known(raw.get("lead", ()), stage=stage), patterns)

    def _industry(self, raw: Mapping[str, Any]) -> _Industry:
        stages = raw.get("stages") or {}
        if not isinstance(stages, Mapping) or set(stages) - set(STAGE_KEYS):
            raise CatalogueError(f"industry {raw.get('industry')!r}: stages must be a mapping of stage keys")
        keys = [match_key(word) for word in raw.get("keywords", ())]
        return _Industry(str(raw.get("industry")), tuple(metric_pattern(key, metric=False) for key in keys if key),
                         {stage: self._known(ids, stage=stage) for stage, ids in stages.items()})

    def _known(self, ids: Sequence[str], *, stage: str | None) -> tuple[str, ...]:
        for kpi_id in ids:
            entry = self._by_id.get(kpi_id)
            if entry is None or (stage is not None and stage not in entry.stages):
                raise CatalogueError(f"suggestion {kpi_id!r} is unknown or not a {stage} KPI")
        return tuple(ids)

    # ----- the catalogue as a collection ----------------------------------------------------------------
    def __iter__(self) -> Iterator[KpiEntry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, kpi_id: str) -> KpiEntry | None:
        return self._by_id.get(kpi_id)

    @property
    def subject_words(self) -> SubjectWords:
        """The words naming whom a metric measures (knowledge.kpi_subject)."""
        return self._subjects

    # ----- lookup -------------------------------------------------------------------------------------
    def refusal(self, text: str) -> str | None:
        """Why a question gets no card before any is looked for: it asks for a figure or a date no card holds —
        'benchmark' (the level others reach), 'own_data' (the team's own figure), 'schedule', 'vendor_config' or
        'personal_admin' (knowledge.question_intent) — or None. The "not a KPI I know" reply says so."""
        from knowledge.question_intent import unanswerable_reason, undated_groups

        text = capped(text)
        reason = unanswerable_reason(text)
        if reason == "own_data" and (
            asks_metric_name(text) or (asks_for_a_measure(text) and unanswerable_reason(undated_groups(text)) is None)
            or spells_out_a_recipe(text)
        ):
            # the team's deals "this quarter" in a question asking which KPI counts them; a period dating whom the
            # number is about ("the feature we shipped last month", "去年契約してたお客さん") in a question asking how
            # to measure it; a recipe of what the number adds and takes off ("how much of last year's clients'
            # revenue do we keep this year, counting upsells and subtracting downgrades"): a look-up, not the team's
            # figure of that period
            return None
        if reason == "benchmark" and asks_for_a_measure(text) and not self._named(text)[1]:
            # "what's a good metric for hotels to see how many guests come back?", 「業界平均と比べたいんだけど、
            # …の割合って何て呼ぶ?」: a market or a kind of company named in a question asking which metric, not
            # for the level others reach ("what's a good churn rate for SaaS?" asks for no metric, and "the average
            # conversion rate metric for e-commerce" names the one whose level it asks)
            return None
        return reason

    def miss_reason(self, text: str) -> str | None:
        """Why a question got no card, for the reply: a `refusal` reason, 'practice' (keeping KPIs in general: how
        many, who owns them, their dashboard), 'mention' (a figure reported or a chore handed over: nothing asked of
        the metric) or 'advice' (how to move a metric), or None ("not a KPI I know")."""
        reason = self.refusal(text)
        if reason is not None:
            return reason
        text = capped(text)
        if about_kpi_practice(text):
            return "practice"
        if tells_not_asks(text):
            return "mention"
        if asks_for_advice(text):
            return "advice"
        return "mention" if self._mentions_named(text) else None

    def _mentions_named(self, text: str) -> bool:
        """A KPI named inside a question about something else (a tool's export of it, wording its figure): the reply
        says the card it mentions, not "not a KPI I know"."""
        alias, exact = self._named(text)
        if not exact or alias is None or about_stages(text) or about_mapping(text):
            return False  # (a question about the map or its stages is the notes' to answer)
        return about_something_else(self._without_names(text, self._by_id[alias.kpi_id]))

    def lookup(self, text: str) -> KpiEntry | None:
        """The KPI a term or question asks about, or None. Never raises."""
        text = capped(text)
        if self.refusal(text) is not None or tells_not_asks(text):
            return None
        # What the asker already has or rules out ("we already track X", "Y以外で") is not what is asked for.
        kept = set_aside(text)
        aside = "".join(" " if ch == left else ch for ch, left in zip(normalize("NFKC", text), kept, strict=True))
        text = kept
        named_unheld: UnheldMetric | None = None  # a metric the catalogue lacks, named in the question
        alias, exact = self._named(text)
        names_only = exact and self._names_only(text, alias)  # "NPSって何?": the unheld list is not read
        unheld = None if names_only else self._unheld_named(text, alias if exact else None)
        if unheld is not None:
            # A metric the catalogue knows it lacks, named ("CPCって何?", "email bounce rate" round "bounce rate"):
            # no card when the question asks about it; when it goes on to describe something of its own, the
            # question's meaning decides (and the unheld metric's name counts there too).
            names = unheld.metric.names()
            rest = without(text, names)
            if defines_named(text, names) or (asks_about_named(rest) and not says_more(rest)):
                return None
            alias = None
            named_unheld = unheld.metric
        elif alias is not None and exact and not names_only and self._defines_unheld(text, self._by_id[alias.kpi_id]):
            return None  # "how do we compute gross margin on our subscription revenue?": the card only says where
        if alias is not None:
            named = self._by_id[alias.kpi_id]
            rest = self._without_names(text, named)
            also = self.match(rest) if exact else None
            # "what is X, and …": X itself; but not "the share of its pageviews that were the last page … — what's
            # that?" nor 「リード1件あたりの獲得コストってどう計算?」, where X is one side of the ratio asked about
            defined = exact and defines_named(text, self._names(named)) and not self._names_a_part(text, alias)
            if also is not None and also.id != named.id and relates_two(text) and not defined:
                # Two KPIs named ("LTVとCACの比率", "lifetime value divided by acquisition cost"): a third
                # card standing out by meaning is the metric relating them; else the first one named.
                combined = self._meaning.best(text, bar=BARS[NAMED])
                if combined is not None and combined.id not in (named.id, also.id):
                    fits = self._measures(combined, rest, aside) and not self._unheld_meaning().closer(text, combined)
                    return combined if fits else None
            if (also is not None and also.id != named.id and not defined and asks_which_of(text)
                    and not relates_two(text)):
                # "直帰率と離脱率どっちですか? …そのページを最後に出ていった割合": which of the two the quantity the
                # question describes besides their names is, by meaning
                described = without(rest, self._names(also))
                if describes_quantity(described):
                    chosen = self._meaning.nearer(described, named, also)
                    return chosen if self._measures(chosen, described, aside) else None
            if exact and not defined and self._names_a_part(text, alias):
                # "問い合わせ数をサイト訪問数で割った率は?": the KPI named is what the ratio asked for is
                # divided by (or what it counts), not that ratio: the question's meaning decides; but a tool's
                # export of it ("does our contact-centre suite export AHT per agent?") asks for no metric
                return None if _asks_of_something_else(text, rest) else self._by_meaning(text, aside)
            if defined or asks_about_named(rest):
                # (what it is divided by names other quantities: parts of it, not a rival described instead)
                entry = named if defined or asks_its_parts(rest) else self._rival_described(named, rest, text)
                if entry is None:
                    return None
                # (a misspelt name stays in `rest`: it is the KPI's own name, not another metric's)
                known = self._knows_names(entry, rest) if exact else True
                if entry is named and guesses_named(text, self._names(named)) and self._unheld_meaning().closer(
                        text, named):
                    return None  # "% of bookings cancelled before arrival — is this churn rate?": no, another metric
                return entry if self._measures(entry, rest, aside) and known else None
            if exact and asks_to_move(rest) and not about_stages(text) and not about_mapping(text):
                return named if self._measures(named, rest, aside) else None  # how to raise or lower it: about it
            if exact and _asks_of_something_else(text, rest):
                return None
            if exact and metric_cue(text) is None:
                # "購入後アンケートの満足度": a phrase ending in the KPI's name, the rest saying where — the KPI
                # when the whole phrase's meaning points to it far above any other card.
                return named if self._heads(text, alias) and self._confirms(named, text, rest, aside) else None
            # A KPI named inside a longer metric question ("what share of site visitors end up buying") or a
            # near-miss spelling ("a page's views" ~ "page views") is weak evidence of what is asked: let the
            # question's meaning decide, as if nothing were named.
        return self._by_meaning(text, aside, named_unheld)

    def _names_a_part(self, text: str, alias: _Alias) -> bool:
        """The alias stands inside one role of the ratio the question spells out (knowledge.kpi_frame), the other
        role being something else with words of its own: not a bare number ("churn rate divided by 12"), nor
        another name of the same KPI ("CLV/LTV")."""
        frame = question_frame(text)
        if frame is None:
            return False
        same = [a.pattern for a in self._aliases if a.kpi_id == alias.kpi_id]
        for part, other in ((frame.base, frame.counted), (frame.counted, frame.base)):
            if alias.pattern.search(match_key(part)) and re.search(r"[^\W\d_]", other) and not any(
                pattern.search(match_key(other)) for pattern in same
            ):
                return True
        return False

    def _defines_unheld(self, text: str, card: KpiEntry) -> bool:
        """The question asks what a metric the catalogue lacks is, or how it is worked out, while it also names a
        card elsewhere ("how do we compute gross margin on our subscription revenue?"): the card is not asked for."""
        other = self._unheld_named(text, None)
        return other is not None and defines_named(text, other.metric.names()) and not defines_named(
            text, self._names(card))

    @staticmethod
    def _heads(text: str, alias: _Alias) -> bool:
        """The alias ends the phrase (trailing particles aside): it is what the phrase is about."""
        key = match_key(text[:MAX_QUERY_CHARS])
        ends = [m.end() for m in alias.pattern.finditer(key)]
        return bool(ends) and len(key[ends[-1] :].strip()) <= TRAILING_PARTICLE_CHARS

    def _confirms(self, entry: KpiEntry, text: str, rest: str, aside: str) -> bool:
        """The question's meaning alone would pick this card even without a cue to ask for a metric."""
        if asks_for_advice(text) or about_stages(text) or about_mapping(text):
            return False
        found = self._meaning.best(text, bar=UNCUED)
        return found is entry and self._measures(entry, rest, aside) and self._knows_names(entry, rest)

    def _by_meaning(self, text: str, aside: str = "", named_unheld: UnheldMetric | None = None) -> KpiEntry | None:
        """The card a question naming no KPI describes, when it asks for a metric and one stands out (`aside`: what the
        question sets aside; see `_measures`). A metric the catalogue lacks that the question names (`named_unheld`)
        keeps it unless the card is closer by meaning: its name is said, the card's is not."""
        cue = metric_cue(text)
        if cue is None or about_kpi_practice(text):  # how many KPIs, who owns them, their dashboard: the notes
            return None
        if cue != NAMED and asks_for_advice(text) and not asks_to_move(text) and not asks_how_built(text):
            # what to do about it, not which number shows it; but how to move a number the question describes ("how
            # can we improve the average rating of our app?") or which way to define it ("分母はセッションとユーザー
            # どっちがいい?") is about that number, as when it is named
            return None
        bar = BARS[cue]
        if about_stages(text) or about_mapping(text):
            # "which number shows the map worked", "how many stages", "which KPI for this stage": the notes answer
            # that. But a quantity described outside the clauses about the map, one card standing far out for it
            # ("…の割合、「継続」フェーズに置く指標名は?", "the share of 4s and 5s. Which metric does that map to?",
            # "how long from opened to resolved, on average? need it for the 'get help' stage"), is a metric asked
            # for; the rest only says where the card goes.
            described = off_the_map(text)
            # (or an event it asks a metric for: "which metric tells us whether people even opened the invite email")
            if not describes_quantity(described) and not (metric_cue(described) == NAMED and says_more(described)):
                return None
            text, bar = described, PLACED  # (the card is judged by what the question says besides the map)
        found = self._meaning.best(text, bar=bar)
        if found is None or not self._measures(found, text, aside) or not self._knows_names(found, text):
            return None
        if not self._shares_words(found, text):
            return None
        if self._neighbour(found, text):
            return None
        # a metric the catalogue lacks that the question fits clearly better than the card (knowledge.kpi_unheld)
        if named_unheld is not None and self._unheld_meaning().closer(text, found, metric=named_unheld, margin=0.0):
            return None
        return None if self._unheld_meaning().closer(text, found) else found

    @staticmethod
    def _neighbour(entry: KpiEntry, text: str) -> bool:
        """The text describes a metric next to the card that the catalogue lacks (the card's `not_for`)."""
        return count(text, entry.not_for) > 0

    def _knows_names(self, entry: KpiEntry, text: str) -> bool:
        """Whether every metric name in the text ("Xの回答率", "ticket reopen rate") is one the catalogue knows
        (it holds an alias) or one the card itself uses: a name known to neither is another metric, which
        the card's being close in meaning does not make it."""
        for name in metric_names(text):
            key = match_key(name)
            if any(alias.pattern.search(key) for alias in self._aliases):
                continue
            if loose(name) not in self._card_text(entry):
                return False
        return True

    def _shares_words(self, entry: KpiEntry, text: str) -> bool:
        """Whether an English question says anything the card's texts say: the embedding puts every string
        somewhere, and "foobar metric" landed on NPS. (Japanese is read as it is: no word boundaries to test.)"""
        if _JAPANESE.search(text):
            return True
        words = [w for w in _WORD.findall(text.casefold()) if w not in _GENERIC_WORDS]
        card = self._card_text(entry)
        return not words or any(w[:4] in card for w in words)

    def _card_text(self, entry: KpiEntry) -> str:
        text = self._texts.get(entry.id)
        if text is None:
            fields_ = (entry.name_ja, entry.name_en, *entry.aliases, entry.definition_ja, entry.definition_en,
                       entry.formula_ja, entry.formula_en, *entry.answers_ja, *entry.answers_en)
            text = self._texts[entry.id] = loose(normalise("\n".join(fields_)))
        return text

    def _rival_described(self, named: KpiEntry, rest: str, text: str) -> KpiEntry | None:
        """The card named — or one the rest of the question describes instead: one easily confused with it
        whose distinguishing words the rest holds rather than the named one's ("問い合わせ件数" per 1,000
        orders is the contact rate, not the ticket count), or, when the rest is a description of its own, any
        card ("how many site visitors end up buying" names visits but asks for conversion); either way the
        question's meaning must put that card clearly first. None when the name itself is part of words naming a
        metric next to that card which the catalogue lacks ("hard bounces" beside the email open rate)."""
        described = says_more(rest)
        for rival in self._entries:
            if rival.id == named.id:
                continue
            told = confusable(named, rival) and prefer(rest, named, rival) is rival
            if (told or described) and self._meaning.clearly_first(text, rival, named):
                if self._neighbour(rival, rest):
                    return named
                # the name is a piece of a neighbour's ("hard bounces" of emails holds "bounce"): neither card;
                # nor when a metric the catalogue lacks fits the question clearly better than the rival
                if self._neighbour(rival, text) or self._unheld_meaning().closer(text, rival):
                    return None
                return rival
        return named

    def _measures(self, entry: KpiEntry, text: str, aside: str = "") -> bool:
        """Whether the card measures whom the question is about (customers unless it names staff, machines,
        stock or the books; knowledge.kpi_subject). Customers named only in a part the question sets aside
        ("not for each customer, for each lead") are still whom it is about: `aside` is that part."""
        from knowledge.question_intent import asking_part

        # (a customer named anywhere makes it about customers; other kinds count where the question is asked)
        asked = frozenset() if self._subjects.names_customer(text) else self._subjects.of(asking_part(text))
        if asked and aside.strip() and self._subjects.names_customer(aside):
            asked = frozenset()  # the customers were named in what was set aside
        return self._subjects.serves(entry.subjects, asked)

    @staticmethod
    def _names(entry: KpiEntry) -> tuple[str, ...]:
        return (entry.name_ja, entry.name_en, *entry.aliases)

    @staticmethod
    def _without_names(text: str, entry: KpiEntry) -> str:
        """The question minus the KPI's own names: what else it talks about ("おすすめ度" is a name).
        Compared loosely (width, case, katakana/hiragana, long-vowel marks), as aliases are matched."""
        return without(text, KpiCatalogue._names(entry))

    def named_card(self, text: str) -> KpiEntry | None:
        """The card a text names by one of its names as listed, unless that name is part of a metric the catalogue
        lacks ("course completion rate" holds "completion rate"): what a question is about, however it goes on
        ("how do we compute churn for monthly subscribers?"). No reading of what it asks."""
        alias, exact = self._named(text)
        if alias is None or not exact or self._unheld_named(text, alias) is not None:
            return None
        return self._by_id[alias.kpi_id]

    def unheld_named(self, text: str) -> UnheldMetric | None:
        """A metric the catalogue lacks that a text names ("course completion rate", "email bounce rate"), unless a
        card's own name is all it says ("NPSって何?"). Only names count here, not descriptions (see `unheld`)."""
        text = capped(text)
        alias, exact = self._named(text)
        if exact and self._names_only(text, alias):
            return None
        found = self._unheld_named(text, alias if exact else None)
        return found.metric if found is not None else None

    def match(self, text: str) -> KpiEntry | None:
        """The KPI a term names (an alias, or one typo away), or None: no reading of the question."""
        alias, _ = self._named(text)
        return self._by_id[alias.kpi_id] if alias else None

    def _named(self, text: str) -> tuple[_Alias | None, bool]:
        """The alias a term names and whether it is spelt as listed (False: within the typo budget)."""
        key = match_key(text[:MAX_QUERY_CHARS])
        if not key:
            return None, False
        exact = self._exact(key, text[:MAX_QUERY_CHARS])
        if exact is not None:
            return exact, True
        return self._typo_english(key) or self._typo_japanese(key, text[:MAX_QUERY_CHARS]), False

    def closest(self, text: str, n: int = 3) -> list[KpiEntry]:
        """The KPIs nearest the text, best first, for a "did you mean…" reply: a named one, then those its
        words describe, then names that look alike. Never the same fixed list for every miss."""
        found: dict[str, KpiEntry] = {}
        named = self.match(text)
        if named is not None:
            found[named.id] = named
            if self.refusal(text) is not None:
                return [named]  # a figure or a date asked of a named KPI ("NRRって何%あれば優秀?"): its card alone
        text = capped(text)
        # A metric the catalogue lacks, named ("GRRの計算式"): the cards near what it measures, not near its letters
        # (page load time came first for GRR).
        unheld = self._unheld_named(text, None) if named is None else None
        if unheld is not None:
            metric = unheld.metric
            text = f"{metric.name_en}: {' '.join(metric.answers_en[:3])}"
        # A question about stages or the map itself is near no card by what it says, only by a name in it.
        described = [] if about_stages(text) or about_mapping(text) else self._meaning.rank(text, n)
        for entry, _ in described:
            if self._shares_words(entry, text):
                found.setdefault(entry.id, entry)
        for entry in self._similar_names(text, n):
            found.setdefault(entry.id, entry)
        return list(found.values())[: max(n, 0)]

    def _similar_names(self, text: str, n: int) -> list[KpiEntry]:
        compact = match_key(question_core(text)).replace(" ", "")[:40]  # KPI names are short
        if n <= 0 or not compact:
            return []
        scores: dict[str, float] = {}
        for alias in self._aliases:
            score = difflib.SequenceMatcher(None, compact, alias.compact, autojunk=False).ratio()
            scores[alias.kpi_id] = max(score, scores.get(alias.kpi_id, 0.0))
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        return [self._by_id[kpi_id] for kpi_id, score in ranked if score >= 0.6][:n]

    def _exact(self, key: str, text: str) -> _Alias | None:
        """The first KPI named in the key; where aliases overlap ("顧客満足度スコア" holds "満足度") the longest."""
        found = _first(_matches(self._aliases, key, text))
        return found[2] if found is not None and isinstance(found[2], _Alias) else None

    def _unheld_named(self, text: str, card: _Alias | None) -> _UnheldName | None:
        """The unheld metric a text names (knowledge.kpi_unheld): the first one named when it names no card
        exactly (`card` None), or one whose name holds the card's where it stands ("email bounce rate" holds
        "bounce rate", "従業員定着率" holds "定着率"). A card named on its own keeps the question."""
        names = self._unheld_names()
        if not names:
            return None
        key = match_key(text[:MAX_QUERY_CHARS])
        matches = _matches(names, key, text[:MAX_QUERY_CHARS])
        if not matches:
            return None
        if card is None:
            found = _first(matches)
            if found is None or not isinstance(found[2], _UnheldName):
                return None
            # the group a share is taken of ("the % of new signups who reach that"): whom it counts, not what is asked
            return None if self._only_in_base(text, found[2]) else found[2]
        spans = _matches((card,), key, text[:MAX_QUERY_CHARS])
        covering = [m for m in matches for start, end, _ in spans[:1]
                    if m[0] <= start and m[1] >= end and m[1] - m[0] > end - start]
        best = max(covering, key=lambda m: m[1] - m[0], default=None)
        return best[2] if best is not None and isinstance(best[2], _UnheldName) else None

    @staticmethod
    def _only_in_base(text: str, name: _UnheldName) -> bool:
        """The name stands in the base of the share the question spells out (knowledge.kpi_frame), not in what it
        counts."""
        frame = question_frame(text)
        if frame is None or frame.shape != SHARE_OF:
            return False
        in_role = [bool(_matches((name,), match_key(role), role)) for role in (frame.base, frame.counted)]
        return in_role[0] and not in_role[1]

    def unheld(self, text: str) -> UnheldMetric | None:
        """The metric the catalogue does NOT hold that a text names, or (asking for a metric) describes clearly
        better than any card: what a "not a KPI I know" reply can name. None for a text naming a card, unless it only
        guesses that card's name for a metric the catalogue lacks."""
        text = capped(text)
        alias, exact = self._named(text)
        named = self._unheld_named(text, alias if exact else None)
        if named is not None:
            return named.metric
        if alias is not None and exact:
            # "% of bookings cancelled before arrival — is this churn rate?": the metric the look-up found closer
            card = self._by_id[alias.kpi_id]
            return self._unheld_meaning().closer(text, card) if guesses_named(text, self._names(card)) else None
        if metric_cue(text) is None or about_stages(text) or about_mapping(text):
            return None
        if _BARE_NAME.fullmatch(text.strip()):
            # `試着率` alone is a name, and a name the list does not hold is another metric, however alike it looks
            # (the meaning step read it as 従業員定着率 for the shared 着率): nothing to say "that is X" about
            return None
        return self._unheld_meaning().described(text)

    def _unheld_kept(self) -> tuple[tuple[UnheldMetric, ...], tuple[_UnheldName, ...]]:
        """The unheld metrics no card already names, and their names, read on first use (~0.2 s for the list)."""
        with self._unheld_lock:
            if self._unheld_list is None:
                source = self._unheld_source
                metrics = source() if callable(source) else source
                card_keys = {alias.key for alias in self._aliases}
                kept = tuple(m for m in metrics if not card_keys.intersection(key_names(m)))
                names = tuple(_UnheldName(metric, key, len(key) <= SHORT_KANA and not set(key) - _KANA)
                              for metric in kept for key in key_names(metric))
                self._unheld_list = (kept, names)
            return self._unheld_list

    def _unheld_names(self) -> tuple[_UnheldName, ...]:
        return self._unheld_kept()[1]

    def _unheld_meaning(self) -> UnheldMeaning:
        """Their meaning, built when a question is read by meaning (~0.2 s more): a name alone needs only the list,
        which `ask` reads for a question naming a metric."""
        kept = self._unheld_kept()[0]
        with self._unheld_lock:
            if self._unheld_index is None:
                self._unheld_index = UnheldMeaning(kept, self._meaning, subjects=self._subjects)
            return self._unheld_index

    @staticmethod
    def _names_only(text: str, alias: _Alias | None) -> bool:
        """The text is the card's name and question scaffolding alone ("NPSって何?", "what is churn"): no longer
        name can hold it, so the unheld list is not read."""
        return alias is not None and match_key(question_core(text)) == alias.key

    def _typo_english(self, key: str) -> _Alias | None:
        """An English alias within the typo budget of one to four consecutive words of the query."""
        words = re.findall(r"[a-z0-9]+", key)
        best: tuple[int, int] = (99, 0)
        found: _Alias | None = None
        for size in range(1, 5):
            for start in range(len(words) - size + 1):
                gram = words[start : start + size]
                if gram[0] in EN_FILLER or gram[-1] in EN_FILLER or gram[0] in NOT_TYPOS:
                    continue
                if start + size < len(words) and words[start + size].startswith(STAGE_WORD_KEYS):
                    continue
                joined = "".join(gram)
                for candidate in {joined, joined.removesuffix("s")}:
                    for alias in self._ascii_typos.get(candidate[:1], ()):
                        budget = typo_budget(len(alias.compact))
                        distance = edit_distance(candidate, alias.compact, budget)
                        if distance <= budget and (distance, -len(alias.compact)) < best:
                            best, found = (distance, -len(alias.compact)), alias
        return found

    def _typo_japanese(self, key: str, text: str) -> _Alias | None:
        """A kana/kanji alias within the typo budget of a stretch of the query with the same first and last
        character. A name all in kana is looked for where the text is in katakana: a misspelt name in hiragana
        is far more often an everyday word ("ちゃんと" is one edit from "チャーンレート")."""
        best: tuple[int, int] = (99, 0)
        found: _Alias | None = None
        kata = katakana_key(text)
        for start, initial in enumerate(key):
            for alias in self._kana_typos.get(initial, ()):
                if not set(alias.compact) - _KANA and kata[start] != key[start]:
                    continue  # starts on a character typed in hiragana
                size, budget = len(alias.compact), typo_budget(len(alias.compact))
                for end in range(start + size - budget, min(start + size + budget, len(key)) + 1):
                    if key[end - 1] != alias.compact[-1] or BEFORE_STAGE_WORD.match(key, end):
                        continue
                    distance = edit_distance(key[start:end], alias.compact, budget)
                    # a slip of the keyboard is in the kana; a kanji more or less is another word ("アクティブ率" is
                    # no misspelt "アクティブ化率")
                    if distance and _kanji(key[start:end]) != _kanji(alias.compact):
                        continue
                    if distance <= budget and (distance, -size) < best:
                        best, found = (distance, -size), alias
        return found

    # ----- journeys.ports.KpiSuggester ------------------------------------------------------------------
    def stage_key(self, stage: str) -> tuple[str | None, tuple[str, ...]]:
        """The stage key a stage name belongs to (longest keyword wins) and the KPIs to put first for it."""
        key = match_key(stage[:MAX_QUERY_CHARS])
        best: tuple[int, int] = (0, 0)
        found: _StageRule | None = None
        for rule in self._rules:
            for pattern in rule.patterns:
                match = pattern.search(key)
                if match and (rank := (match.end() - match.start(), -match.start())) > best:
                    best, found = rank, rule
        return (found.stage, found.lead) if found else (None, ())

    def suggest(self, *, stage: str, lang: str, limit: int = 3, about: str = "") -> list[tuple[str, str]]:
        """KPIs for a stage name (any template or custom name, either language), as (id, name) pairs; `about` (the
        map's title and scope) names the kind of business, whose KPIs come before the stage's usual ones."""
        stage_key, lead = self.stage_key(stage)
        industry = self.industry(about)
        fitting = industry.stages.get(stage_key, ()) if industry is not None and stage_key else ()
        ids = (*lead, *fitting, *self._suggestions.get(stage_key, ())) if stage_key else self._generic
        lang = lang if lang in ("ja", "en") else detect_language(stage)
        return [(kpi_id, self._by_id[kpi_id].name(lang)) for kpi_id in dict.fromkeys(ids)][: max(limit, 0)]

    def industry(self, about: str) -> _Industry | None:
        """The first industry whose keywords the text (a map's title and scope) holds."""
        key = match_key(about[:MAX_QUERY_CHARS])
        return next((i for i in self._industries if any(p.search(key) for p in i.patterns)), None) if key else None

    def resolve(self, term: str) -> tuple[str, str] | None:
        """Canonical (id, name in the term's language) for a KPI the team typed, or None."""
        entry = self.match(term)
        return (entry.id, entry.name(detect_language(term))) if entry else None
