"""Personas from what a team types: labelled lines (`名前: …`), labels inline on one line, or free text.

Kept apart from `parsing.py` because it is the one parser with its own small grammar (labels and blocks):

- A message is cut into blocks at separators: a line of `---` `——` `＊＊＊` `===` `ーーー` (also inside a line
  between spaces, as the terminal sends one line), or a blank line. After a separator a new persona starts;
  after a blank line only a block with its own name (or free text after free text) does, so a blank line
  that groups the lines of one persona does not split it.
- In a block, labels may come in any order, one per line or several on a line (`目標：時短。名前：佐藤`,
  `・目標：… ・名前：…`, `【目標】…`). A repeated name label starts a new persona: before the name when
  the block starts with a name, after it when the names close their details.
- Attributes (`年齢: 34`, `職業: 会社員`, `家族: …`, `Age:`, `Job:`, or any other short `label: value`) go into
  the description (`34歳、会社員、家族: …`); they never name a persona.
- Free text names the persona by its first short noun phrase; the rest of the text is the description.
- The same lines, sentences or items given twice are kept once; so are two personas of the same name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from journeys.language import detect_language
from journeys.parsing.fields import BULLET, split_items
from journeys.parsing.sentences import split_outside_brackets, split_sentences
from journeys.state import Persona
from journeys.text import clean, fold

__all__ = ["looks_like_persona", "merge_personas", "parse_personas"]

_LIST_FIELDS = ("goals", "needs", "frustrations", "behaviors")
_PERSONA_LABELS: dict[str, str] = {
    **dict.fromkeys(["名前", "氏名", "ペルソナ", "ペルソナ名", "name", "persona", "persona name"], "name"),
    **dict.fromkeys(["説明", "概要", "プロフィール", "属性", "人物像", "背景", "特徴", "description", "profile",
                     "about", "background", "bio"], "description"),
    **dict.fromkeys(["目標", "ゴール", "目的", "やりたいこと", "goal", "goals", "objective", "objectives"], "goals"),
    **dict.fromkeys(["ニーズ", "求めるもの", "要望", "期待", "need", "needs", "wants", "expectations"], "needs"),
    **dict.fromkeys(["不満", "悩み", "課題", "フラストレーション", "困りごと", "困っていること", "ペイン",
                     "ペインポイント", "不安", "frustration", "frustrations", "pain", "pains", "pain point",
                     "pain points", "challenges", "concerns"], "frustrations"),
    **dict.fromkeys(["行動", "行動特性", "習慣", "行動パターン", "購買行動", "behavior", "behaviors", "behaviour",
                     "behaviours", "habits"], "behaviors"),
    # Attributes: the value alone says what it is (`34` → `34歳`, `会社員`, `女性`)…
    **dict.fromkeys(["年齢", "年代", "age"], "age"),
    **dict.fromkeys(["職業", "仕事", "職種", "役職", "肩書き", "肩書", "job", "occupation", "role", "position",
                     "profession"], "job"),
    **dict.fromkeys(["性別", "gender", "sex"], "gender"),
    # …or keeps its label (`家族: 夫と子ども2人`).
    **dict.fromkeys(["家族", "家族構成", "世帯", "居住地", "住まい", "住所", "地域", "エリア", "年収", "世帯年収",
                     "収入", "趣味", "性格", "価値観", "ライフスタイル", "勤務先", "会社", "業界", "学歴",
                     "デバイス", "利用デバイス", "利用端末", "ITリテラシー", "リテラシー", "family", "household",
                     "location", "lives in", "city", "income", "hobbies", "interests", "personality", "values",
                     "lifestyle", "company", "industry", "education", "device", "devices"], "attribute"),
}
_KEYS = {label.replace(" ", ""): key for label, key in _PERSONA_LABELS.items()}
_PLAIN_NAME_LABELS = {"名前", "氏名", "ペルソナ名", "name", "personaname"}  # their value is the name as written
_ATTRIBUTE_KEYS = ("age", "job", "gender", "attribute")
# `ペルソナ1:` `Persona A:` `1人目:` `メインペルソナ:` name the persona as `名前:` does.
_NAME_LABEL = (r"(?:ペルソナ|persona)\s*(?:[0-9０-９]{1,2}|[a-dａ-ｄ①-⑨])(?![a-z])"
               r"|[0-9０-９一二三四五]\s*人目(?:の\s*ペルソナ)?"
               r"|(?:メイン|サブ|プライマリ|セカンダリ)\s*ペルソナ|(?:primary|secondary|main)\s*persona")
_ANY_LABEL = "|".join([_NAME_LABEL, *(re.escape(label).replace(r"\ ", r"\s*")
                                      for label in sorted(_PERSONA_LABELS, key=len, reverse=True))])
# A known label and its colon (`目標：`), or in brackets with or without one (`【目標】`).
_LABEL = re.compile(rf"[【\[［]\s*(?P<bracketed>{_ANY_LABEL})\s*[】\]］]\s*[:：]?\s*"
                    rf"|(?P<label>{_ANY_LABEL})\s*[:：]\s*", re.I)
_NAME_LABEL_RE = re.compile(rf"(?:{_NAME_LABEL})$", re.I)
# What may come right before a label on a line: it starts a new field there.
_BEFORE_LABEL = "/／|｜;；、,，。．.!！?？・･)）」』】"
_VALUE_TRIM = " \t\u3000/／|｜;；、,，・･"
# A label the parser does not know (`趣味嗜好: 料理`): kept in the description, never a name.
_UNKNOWN_LABEL = re.compile(r"^(?P<label>[^\s:：。．.!！?？、,，][^:：。．!！?？、,，]{0,15}?)\s*[:：]\s*"
                            r"(?P<value>\S.*)$")
_HONORIFIC = re.compile(r"(?:さん|ちゃん|くん|君|様|さま|氏)$")
# Persona separators: `---` `***` `===` `＊＊＊` `ーーー` `・・・`, `——` `――`, markdown's `- - -`; on a line of
# their own or, between spaces, inside one (`名前: A / 目標: x --- 名前: B`).
_SEPARATOR = r"(?:[-=*_~＊＝－ー〜～・･]{3,}|[—―─━‐–]{2,}|[-*_](?:[ \t][-*_]){2,})"
_INLINE_SEPARATOR = re.compile(rf"(?:^|(?<=\s)){_SEPARATOR}(?=\s|$)")
# Talk about the answer rather than the answer: `2人目もいいですか?`, `もう一人追加します!`, `Can I add another?`.
_PREAMBLE = re.compile(r"[?？]$|人目|もう一人|もうひとり|追加します|追加です|another|one more|second persona|"
                       r"next persona|^(?:here|ok|okay|じゃあ|では|えーと|えっと)\b", re.I)
_LEAD = re.compile(r"^(?:(?:想定)?ペルソナは|対象は|(?:the|our) persona is\s+"
                   r"|(?:she|he|they)(?:'s|'re| is| are)\s+(?:an?\s+)?)", re.I)
_JA_TOPIC = re.compile(r"^(.{1,12}?(?:さん|ちゃん|くん|様))は(?=[^ぁ-ゖ])")  # `佐藤さんは34歳の会社員`
# Nouns that end in kana: `年金暮らし`, `共働き`, `子育て`, `車持ち`, `買い物好き`.
_JA_NOUN_END = re.compile(r"(?:暮らし|働き|持ち|好き|嫌い|育て|住まい|通い|勤め|使い|連れ|ぐらし|ずき|ぎらい)$")
_JA_PREDICATE = re.compile(r"(?<=[^ぁ-ゖ])[はがを](?=[^ぁ-ゖ])")  # `子どもが2人`: a clause that says something
_COPULA = re.compile(r"(?<=[^ぁ-ゖ])(?:です|でした|だ|である|であり|で)$")
_REST_START = re.compile(r"^(?:(?:です|でした|だ|である|であり|で|は)(?=[\s、,，。．.!！?？]|$))?[\s、,，。．.!！?？]*")
# A verb or adjective ending before the noun it describes: `まとめ買いする|30代の共働きママ`.
_JA_MODIFIER_END = re.compile(r"[るたいうくすつぬむぐぶな](?=[^ぁ-ゖ、。])")
_BRACKETED_END = re.compile(r"\s*[(（][^()（）]*[)）]$")
_JA_NAME_MAX = 20  # characters
_EN_NAME_MAX = 48
_TERMINATORS = "。．.!！?？"
_CLAUSE_SEPARATORS = "、,，;；・"


@dataclass
class _Draft:
    """One persona while its block is read; `labelled` says whether any label named a field of it."""

    names: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    free: list[str] = field(default_factory=list)
    lists: dict[str, list[str]] = field(default_factory=dict)
    labelled: bool = False
    attributes_ja: bool = False

    def absorb(self, other: _Draft) -> None:
        self.names += other.names
        self.descriptions += other.descriptions
        self.attributes += other.attributes
        self.free += other.free
        for key, values in other.lists.items():
            self.lists.setdefault(key, []).extend(values)
        self.labelled = self.labelled or other.labelled
        self.attributes_ja = self.attributes_ja or other.attributes_ja

    @property
    def free_only(self) -> bool:
        return not self.labelled and bool(self.free)


# ---- lines → entries ------------------------------------------------------------------------------------
def _depths(line: str) -> list[int]:
    depth, depths = 0, []
    for ch in line:
        if ch in "([（「『【〔［{“":
            depth += 1
        elif ch in ")]）」』】〕］}”" and depth:
            depth -= 1
        depths.append(depth)
    return depths


def _labels_in(line: str) -> list[re.Match[str]]:
    """The known labels of a line that start a field: at its start, or after a space or a separator, and
    outside brackets (`時短（目標: 15分）` holds no label); `【目標】` starts one anywhere."""
    depths = _depths(line)
    found = []
    for match in _LABEL.finditer(line):
        at = match.start()
        if match.group("bracketed") is not None:
            starts = at == 0 or depths[at - 1] == 0
        else:
            starts = depths[at] == 0 and (at == 0 or line[at - 1].isspace() or line[at - 1] in _BEFORE_LABEL)
        if starts:
            found.append(match)
    return found


def _key(label: str) -> str:
    folded = fold(label).replace(" ", "")
    return "name" if _NAME_LABEL_RE.match(folded) else _KEYS.get(folded, "attribute")


def _entries(line: str) -> list[tuple[str, str, str]]:
    """One line as (key, label, value): a key of `_PERSONA_LABELS`, or "free" for text without a label."""
    labels = _labels_in(line)
    if not labels:
        unknown = _UNKNOWN_LABEL.match(line)
        if unknown and not unknown.group("label").strip().isdigit() and not unknown.group("value").startswith("//") \
                and len(unknown.group("label").split()) <= 3:
            label, value = unknown.group("label").strip(), unknown.group("value").strip()
            if _HONORIFIC.search(label):  # `佐藤さん: 30代の会社員`
                return [("name", label, label), ("description", "", value)]
            return [("attribute", label, value)]
        return [("free", "", line)]
    entries = []
    head = line[: labels[0].start()].strip(_VALUE_TRIM)
    if head:
        entries.append(("free", "", head))
    for match, following in zip(labels, [*labels[1:], None], strict=True):
        label = match.group("bracketed") or match.group("label")
        value = line[match.end(): following.start() if following else len(line)].strip(_VALUE_TRIM)
        if following is not None:
            value = value.rstrip("。．.").strip(_VALUE_TRIM)  # the full stop of a field that ends a sentence
        entries.append((_key(label), label.strip(), value))
    return entries


def _attribute(key: str, label: str, value: str) -> str:
    """An attribute as the description says it: `34歳` / `34 years old`, `会社員`, `家族: 夫と子ども2人`."""
    ja = detect_language(label) == "ja"
    if key == "age" and unicodedata.normalize("NFKC", value).isdigit():
        age = unicodedata.normalize("NFKC", value)  # `３４` typed full-width is the same age
        return f"{age}歳" if ja else f"{age} years old"
    if key in ("age", "job", "gender"):
        return value
    return f"{label}: {value}"


def _blocks(text: str) -> list[tuple[bool, list[str]]]:
    """The message's lines (bullets removed) in blocks, each with whether a separator (not a blank line)
    came before it."""
    blocks: list[tuple[bool, list[str]]] = [(False, [])]
    for raw in clean(text).splitlines():
        if not raw.strip():
            if blocks[-1][1]:
                blocks.append((False, []))
            continue
        for index, part in enumerate(_INLINE_SEPARATOR.split(raw)):
            if index and (blocks[-1][1] or not blocks[-1][0]):
                blocks.append((True, []))
            line = BULLET.sub("", part, count=1).strip()
            if line:
                blocks[-1][1].append(line)
    return [block for block in blocks if block[1]]


def _under_open_labels(entries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Entries with a label left open (`目標：` alone, the lines below it bullets, as a doc pastes it) given the lines
    that follow it, up to the next label; other empty labels dropped. (The bullets were read as the description.)"""
    out: list[tuple[str, str, str]] = []
    open_label: tuple[str, str] | None = None
    for key, label, value in entries:
        if key == "free" and open_label is not None:
            out.append((*open_label, value))
            continue
        open_label = (key, label) if key != "free" and not value and key not in ("name", *_ATTRIBUTE_KEYS) else None
        if key == "free" or value:
            out.append((key, label, value))
    return out


def _drafts_of(lines: list[str]) -> list[_Draft]:
    """The personas of one block. Labels may come in any order; a second name label starts a new persona."""
    entries = _under_open_labels([entry for line in lines for entry in _entries(line)])
    names = [n for n, entry in enumerate(entries) if entry[0] == "name"]
    first_label = next((entry[0] for entry in entries if entry[0] != "free"), "name")
    # Details first: each name closes its persona; else each name after the first opens one.
    cuts = [n + 1 for n in names[:-1]] if len(names) > 1 and first_label != "name" else names[1:]
    drafts = []
    for start, end in zip([0, *cuts], [*cuts, len(entries)], strict=True):
        draft = _Draft()
        for key, label, value in entries[start:end]:
            if key == "free":
                draft.free.append(value)
                continue
            draft.labelled = True
            if key == "name" and fold(label).replace(" ", "") not in _PLAIN_NAME_LABELS:
                name, rest = _name_from_text(value)  # `ペルソナ: 大学生のユイ、20歳` / `Persona 1: Mika, 34, nurse`
                draft.names.append(name)
                draft.descriptions += [rest] if rest else []
            elif key == "name":
                draft.names.append(value)
            elif key == "description":
                draft.descriptions.append(value)
            elif key in _ATTRIBUTE_KEYS:
                draft.attributes.append(_attribute(key, label, value))
                draft.attributes_ja = draft.attributes_ja or detect_language(label) == "ja"
            else:
                draft.lists.setdefault(key, []).append(value)
        drafts.append(draft)
    return drafts


# ---- free text → a short name -------------------------------------------------------------------------------
def _without_preamble(lines: list[str]) -> list[str]:
    """Free lines without the leading sentences that only announce the persona (kept if nothing else)."""
    sentences = [(n, sentence) for n, line in enumerate(lines) for sentence in split_sentences(line)]
    start = 0
    while start < len(sentences) - 1 and _PREAMBLE.search(sentences[start][1]):
        start += 1
    if start == 0:
        return lines
    kept: dict[int, list[str]] = {}
    for n, sentence in sentences[start:]:
        kept.setdefault(n, []).append(sentence)
    return [_join(parts) for parts in kept.values()]


def _is_ja(text: str) -> bool:
    return detect_language(text) == "ja"


def _ends_in_noun(clause: str) -> bool:
    """A Japanese clause that ends in a noun (`30代の共働きママ`, `佐藤さん`), not a verb, adjective or particle."""
    return bool(clause) and (not "ぁ" <= clause[-1] <= "ゖ" or bool(_HONORIFIC.search(clause))
                             or bool(_JA_NOUN_END.search(clause)))


def _noun_phrase(clause: str) -> bool:
    """…and says nothing about it (`子どもが2人いる…`, `母は在宅…` are predicates)."""
    return _ends_in_noun(clause) and not _JA_PREDICATE.search(clause)


def _short(name: str) -> bool:
    return len(unicodedata.normalize("NFKC", name)) <= (_JA_NAME_MAX if _is_ja(name) else _EN_NAME_MAX)


def _shortened(name: str) -> str:
    if _short(name):
        return name
    if _is_ja(name):
        return name[: _JA_NAME_MAX - 1] + "…"
    cut = name[:_EN_NAME_MAX].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;") + "…"


def _name_from_text(text: str) -> tuple[str, str]:
    """A short name from free text and the description that is left: the first clause of the first sentence
    when it is a short noun phrase (`30代の共働きママ。…` → `30代の共働きママ`, the rest describes); else the
    first noun phrase that is (`平日は忙しく、…買いする30代の共働きママ` → `30代の共働きママ`, the whole text
    describes); else the first clause, shortened."""
    text = _LEAD.sub("", text.strip()) or text.strip()
    sentences = split_sentences(text)
    if not sentences:
        return "", ""
    ja = _is_ja(sentences[0])
    body = sentences[0].rstrip(_TERMINATORS + " ")
    clauses = split_outside_brackets(body, "、,，;；" if ja else ",;；")
    if ja:
        clauses = [_COPULA.sub("", clause) for clause in clauses]
    topic = _JA_TOPIC.match(text) if ja else _EN_TOPIC.match(text)
    if topic and not ja:
        return topic.group(1), text
    if topic:
        return topic.group(1), _REST_START.sub("", text[topic.end():], count=1).strip()
    named = [clause for clause in clauses if _HONORIFIC.search(_BRACKETED_END.sub("", clause))] if ja else []
    for clause in named[:1] or clauses:  # a person's name first (`…勤務の佐藤さん（34）`)
        if ja and not _ends_in_noun(_BRACKETED_END.sub("", clause)):
            continue
        if _short(clause) and (not ja or _noun_phrase(clause)):
            if clause == clauses[0] and text.startswith(clause):
                return clause, _REST_START.sub("", text[len(clause):], count=1).strip()
            return clause, text
        if ja:
            ends = list(_JA_MODIFIER_END.finditer(clause))
            tail = clause[ends[-1].end():] if ends else ""
            if len(tail) >= 2 and _noun_phrase(tail) and _short(tail):
                return tail, text
    first = clauses[0] if clauses else body
    name = _shortened(first)
    if name == first and text.startswith(first) and (not ja or _ends_in_noun(first)):
        return name, _REST_START.sub("", text[len(first):], count=1).strip()
    return name, text


# ---- sentences, kept once --------------------------------------------------------------------------------
def _join(pieces: list[str]) -> str:
    """Pieces of a description as sentences: `34歳、会社員` + `平日は忙しい` → `34歳、会社員。平日は忙しい`."""
    text = ""
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        if not text:
            text = piece
            continue
        ja = _is_ja(text[-1]) or _is_ja(piece[0])
        if text[-1] in _TERMINATORS + "…」』\"'":  # a closing bracket ends a clause, not a sentence
            text += ("" if ja else " ") + piece
        else:
            text += ("。" if ja else ". ") + piece
    return text


def _clauses(sentence: str) -> frozenset[str]:
    folded = fold(sentence).rstrip(_TERMINATORS + " ")
    return frozenset(part.strip() for part in re.split(f"[{_CLAUSE_SEPARATORS}]", folded) if part.strip())


def _merged_text(old: str, new: str) -> str:
    """`old` with the sentences of `new` it does not say yet; a sentence that says more replaces the one it
    extends (`34歳` → `34歳、会社員`), one that says less is dropped."""
    sentences = [s for line in old.splitlines() for s in split_sentences(line)]
    for sentence in (s for line in new.splitlines() for s in split_sentences(line)):
        said = _clauses(sentence)
        if not said or any(said <= _clauses(kept) for kept in sentences):
            continue
        extended = [n for n, kept in enumerate(sentences) if _clauses(kept) <= said]
        if extended:
            sentences[extended[0]] = sentence
            sentences = [kept for n, kept in enumerate(sentences) if n not in extended[1:]]
        else:
            sentences.append(sentence)
    return _join(sentences)


def _union(*groups: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in (item for group in groups for item in group):
        seen.setdefault(fold(item).rstrip(_TERMINATORS), item)
    return tuple(seen.values())


def merge_personas(old: Persona, new: Persona) -> Persona:
    """Two descriptions of the same persona as one: the first name's spelling, the description's new
    sentences added once, list items added once (`時短` twice is one goal)."""
    return Persona(
        name=old.name or new.name,
        description=_merged_text(old.description, new.description),
        **{key: _union(getattr(old, key), getattr(new, key)) for key in _LIST_FIELDS},
    )


# ---- drafts → personas -------------------------------------------------------------------------------------
# `and is very security-minded.`: a line that goes on from the one before (the terminal sends each line of a
# pasted description as its own message) names nobody; its details belong to the persona described last.
_CONTINUES = re.compile(r"^(?:and|but|who|which|whose|with|plus|also)\s")
# `Aiko is an operations manager in Osaka…`: the person the sentence is about is the name.
_EN_TOPIC = re.compile(r"^((?:[A-Z][\w'’-]*)(?: [A-Z][\w'’-]*){0,2}),? (?:is|was|works|runs|leads|manages|has|wants)\b")


def _persona(draft: _Draft, *, name_from_description: bool) -> Persona | None:
    """A persona from a draft. Without a name, free text names it (or, after a separator, its description);
    with neither, the name stays empty so the caller can add the details to the persona described last."""
    name = " ".join(" ".join(draft.names[:1]).split())
    free = _without_preamble(draft.free) if not name else [line for line in draft.free if not _PREAMBLE.search(line)]
    descriptions = list(draft.descriptions)
    if not name and free and not _CONTINUES.match(free[0]):
        name, rest = _name_from_text(free[0])
        free = [rest, *free[1:]]
    elif not name and name_from_description and descriptions:
        name, rest = _name_from_text(descriptions[0])
        descriptions = [rest, *descriptions[1:]]
    attributes = ("、" if draft.attributes_ja else ", ").join(dict.fromkeys(draft.attributes))
    description = ""
    for piece in [attributes, *descriptions, *free]:
        description = _merged_text(description, piece)

    def listed(key: str) -> tuple[str, ...]:
        return _union([item.rstrip("。．") for value in draft.lists.get(key, []) for item in split_items(value)])

    persona = Persona(name=name[:80], description=description if description != name else "",
                      **{key: listed(key) for key in _LIST_FIELDS})
    return None if persona == Persona(name="") else persona


def _only_preamble(draft: _Draft) -> bool:
    return draft.free_only and all(_PREAMBLE.search(line) for line in draft.free)


def parse_personas(text: str) -> list[Persona]:
    """Personas from labelled lines (`名前: …`, `Goals: …`), labels inline on one line, or free text.

    Blocks separated by `---` (and the like), a blank line before a block with its own name, or a repeated
    `名前:` label are separate personas; two of the same name are one. A persona without a name (only
    `目標: …` or `年齢: 34`) is returned first with an empty name: details for the last one of the session.
    """
    drafts: list[tuple[_Draft, bool]] = []  # each with whether a separator came before it
    for separated, lines in _blocks(text):
        for index, draft in enumerate(_drafts_of(lines)):
            if not drafts or index:
                drafts.append((draft, separated))
                continue
            previous = drafts[-1][0]
            if separated and (draft.names or draft.free or draft.descriptions):
                drafts.append((draft, True))
            elif not separated and (draft.names or (draft.free_only and previous.free_only)):
                drafts.append((draft, False))
            else:  # details of the persona above (after a blank line, or a separator before a nameless block)
                previous.absorb(draft)
    if len(drafts) > 1:
        drafts = [(draft, separated) for draft, separated in drafts if not _only_preamble(draft)] or drafts[:1]
    personas: list[Persona] = []
    for position, (draft, separated) in enumerate(drafts):
        persona = _persona(draft, name_from_description=separated and position > 0)
        if persona is None:
            continue
        same = next((n for n, known in enumerate(personas) if persona.name and fold(known.name) == fold(persona.name)),
                    None)
        if same is None:
            personas.append(persona)
        else:
            personas[same] = merge_personas(personas[same], persona)
    return personas


def looks_like_persona(text: str) -> bool:
    """True when the text is a labelled persona: a name label and at least one other persona label.

    One `名前:` line alone, or a scope sentence with a colon (`範囲: 初回購入まで`), is not enough.
    """
    keys = {_key(match.group("bracketed") or match.group("label"))
            for _, lines in _blocks(text) for line in lines for match in _labels_in(line)}
    return "name" in keys and len(keys) >= 2
