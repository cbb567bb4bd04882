"""Parsers for what people type in a session. Pure, total functions: they never raise on any string.

Conventions (SPEC.md): one answer may hold many items — one per line, bullets, or separated by
、 , ; — and items for per-stage steps may start with a stage: `認知: Instagram広告` / `2: …`.
Commas inside brackets never split, so `… (影響:高, 工数:低)` stays one item.
"""

from __future__ import annotations

import re
import unicodedata

from journeys.events import Move
from journeys.parsing.scope import parse_map_type
from journeys.parsing.sentences import split_entries, split_outside_brackets
from journeys.steps import STAGE_TEMPLATES, StageTemplate
from journeys.text import clean, fold

CONTROL_WORDS: dict[str, Move] = {
    **dict.fromkeys(["next", "次へ", "次", "つぎ", "つぎへ", "進む", "次ぎへ", "次ぎ", "次え", "つぎえ", "次に", "先へ"],
                    Move.NEXT),
    **dict.fromkeys(["back", "戻る", "もどる", "前へ", "戻って", "もどって"], Move.BACK),
    **dict.fromkeys(["skip", "スキップ", "飛ばす", "スキップして", "飛ばして"], Move.SKIP),
    **dict.fromkeys(["undo", "取り消し", "取消", "取り消す", "元に戻す", "取り消して", "元に戻して"], Move.UNDO),
    **dict.fromkeys(["summary", "まとめ", "サマリー", "要約"], Move.SUMMARY),
    **dict.fromkeys(["help", "ヘルプ", "?", "使い方"], Move.HELP),
}

_ITEM_SEPARATORS = "、,，;；"
_SENTENCE_SEPARATORS = ";；"
# A bullet or list marker at the start of a line. `-2` and `-5%の割引…` start with a sign, not a bullet;
# `1.5倍…` and `2、3日…` with a number; `１．` `２、` `３）` are markers as `1.` is.
BULLET = re.compile(r"^\s*(?:[•・●○◦▪▫■□◆◇>]+|[-*]+(?![0-9０-９])|[(（]?\d{1,2}[.)）．](?!\d)|[①-⑳])\s*")
# `１、送料が高い` on two lines or more numbers a list; one line `1、検討: -2` is a score and the next entry.
_COMMA_MARKER = re.compile(r"^\s*\d{1,2}、(?!\d)\s*")
_PREFIX = re.compile(r"^\s*(?:\[([^\]]{1,40})\]|【([^】]{1,40})】|([^:：\n]{1,40})[:：])\s*(.*)$", re.S)


__all__ = ["BULLET", "CONTROL_WORDS", "control_word", "match_stage", "parse_emotion", "parse_kpi", "parse_map_type",
           "parse_priority", "parse_staged", "parse_stages", "parse_touchpoint", "split_items", "split_lines",
           "split_stage_prefix"]


# `ok next`, `next please`, `ok, back`: the words around a move people type in a chat.
_POLITE = re.compile(r"^(?:ok|okay|ok then|alright|right|then|so|now|and)\b[ ,]*|[ ,]*\b(?:please|pls|then|step)$")


# `次へ進んで`, `次に進んでください`, `戻ってください`, `スキップでお願いします`: the move, said politely.
_POLITE_JA = re.compile(r"(?<=.)(?:進んで|進む|進みます|進もう|進みましょう|行って|いって|行こう|いこう)?(?:で)?"
                        r"(?:ください|下さい|くれ|ほしい|お願いします|おねがいします|お願い|おねがい)?$")


def control_word(text: str) -> Move | None:
    """The move a whole message asks for, if the message is exactly a control word."""
    folded = _POLITE.sub("", fold(text).strip(" .。!！")).strip(" ,.")
    joined = folded.replace(" ", "")
    if not joined.isascii():  # `次 へ`, `つぎ へ`: a space typed inside a Japanese word
        return CONTROL_WORDS.get(joined) or CONTROL_WORDS.get(_POLITE_JA.sub("", joined))
    return CONTROL_WORDS.get(folded)


def split_lines(text: str) -> list[str]:
    """Non-empty lines with their bullets removed."""
    lines = []
    raws = clean(text).splitlines()
    numbered = sum(1 for raw in raws if _COMMA_MARKER.match(raw)) >= 2
    for raw in raws:
        line = (_COMMA_MARKER.sub("", raw, count=1) if numbered else raw)
        line = BULLET.sub("", line, count=1).strip()
        if line:
            lines.append(line)
    return lines


def split_items(line: str, *, commas: bool = True) -> list[str]:
    """Split one line at 、 , ; (or only ; when `commas` is False), never inside brackets."""
    return split_outside_brackets(line, _ITEM_SEPARATORS if commas else _SENTENCE_SEPARATORS)


def _stage_aliases(stages: tuple[str, ...]) -> dict[str, str]:
    """Folded names (and their other-language template twins, and 1-based numbers) → stage name."""
    aliases: dict[str, str] = {}
    for position, stage in enumerate(stages, start=1):
        aliases[str(position)] = stage
        aliases[fold(stage)] = stage
    for ja, en in STAGE_TEMPLATES.values():
        for ja_name, en_name in zip(ja, en, strict=True):
            for own, twin in ((ja_name, en_name), (en_name, ja_name)):
                if own in stages and fold(twin) not in aliases:
                    aliases[fold(twin)] = own
    return aliases


def match_stage(token: str, stages: tuple[str, ...]) -> str | None:
    """The stage a token names: exact (case/width-insensitive), its translation, or its number."""
    return _stage_aliases(stages).get(fold(token))


def split_stage_prefix(item: str, stages: tuple[str, ...]) -> tuple[str | None, str]:
    """`認知: X` → ("認知", "X"). Returns (None, item) when the prefix is not a stage."""
    match = _PREFIX.match(item)
    if not match:
        return None, item
    label = next(group for group in match.groups()[:3] if group is not None)
    stage = match_stage(label, stages)
    if stage is None:
        return None, item
    return stage, match.group(4).strip()


_STAGE_WORD = re.compile(r"stage|phase|step|ステージ|段階|フェーズ|^\d{1,2}$", re.I)


def unknown_stage(item: str, stages: tuple[str, ...]) -> str | None:
    """The label of `Stage C: …` / `7: …` when it reads as a stage but names none of `stages` (the item is then
    filed under the current stage as typed, and the team should hear why)."""
    match = _PREFIX.match(item)
    if not match:
        return None
    label = next(group for group in match.groups()[:3] if group is not None).strip()
    if match_stage(label, stages) is None and _STAGE_WORD.search(fold(label)):
        return label
    return None


def parse_staged(
    text: str, *, stages: tuple[str, ...], default_stage: str | None, commas: bool = True
) -> list[tuple[str | None, str]]:
    """Items of a per-stage answer with the stage each belongs to.

    A stage prefix holds for the rest of its line; each line starts again at `default_stage`.
    A prefix with nothing after it (`認知:` alone on a line) holds for the following lines.
    """
    result: list[tuple[str | None, str]] = []
    carried = default_stage
    for line in split_lines(text):
        line_stage, rest = split_stage_prefix(line, stages)
        if line_stage is not None and not rest:
            carried = line_stage
            continue
        stage = line_stage or carried
        for chunk in _at_stage_prefixes(rest, stages):
            for item in split_entries(chunk, commas=commas):
                item_stage, item_text = split_stage_prefix(item, stages)
                if item_stage is not None:
                    stage = item_stage
                if item_text:
                    result.append((stage, item_text))
    return result


_TOPIC = re.compile(r"^\s*(?P<label>[^、,，。]{1,40}?)\s*(?:は|って|では|の方は|の時は|のときは|\s+(?:is|was|felt|feels)\b)")


def stage_topic(text: str, stages: tuple[str, ...]) -> str | None:
    """The stage a feeling is said of by name (`お試し申込はイラッとまではいかず、少し不安くらい`, "Trial was
    stressful"): the team is on another stage, but this one is meant (the feeling replaced the current stage's)."""
    match = _TOPIC.match(text)
    if match is None or fold(match.group("label")).isdigit():
        return None
    return match_stage(match.group("label"), stages)


_LIST_SEPARATOR = re.compile(r"([、,，;；])")


def _at_stage_prefixes(text: str, stages: tuple[str, ...]) -> list[str]:
    """The line cut before every `、お試し申込：…` naming a stage: each stage's part is read on its own. Read as one,
    `まあまあ、お試し申込：ちょっとイラッとする、初回到着・使用：最高！` ended in `！`, so it was a sentence, not a
    list: one feeling for the first stage, the other two stages' lost."""
    pieces = _LIST_SEPARATOR.split(text)
    chunks = [pieces[0]]
    for separator, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if split_stage_prefix(piece, stages)[0] is not None:
            chunks.append(piece)
        else:
            chunks[-1] += separator + piece
    return [chunk for chunk in chunks if chunk.strip()]


_EMOTION_WORDS: dict[int, tuple[str, ...]] = {
    2: ("とても良い", "とてもよい", "最高", "大満足", "感動", "嬉しい!", "very positive", "very good",
        "great", "excellent", "delighted", "love", "amazing", "excited", "ワクワク", "わくわく", "thrilled"),
    1: ("良い", "よい", "いい", "嬉しい", "うれしい", "嬉しく", "うれしく", "楽しい", "楽しく", "満足", "ほっと", "ホッと",
        "納得", "快適", "助かる", "便利",
        "安心", "期待", "positive", "good", "happy", "pleased", "satisfied", "hopeful", "glad", "interested", "興味",
        "content", "relieved"),
    0: ("普通", "ふつう", "まあまあ", "どちらでもない", "中立", "neutral", "ok", "okay", "so-so", "meh",
        "fine", "indifferent"),
    -1: ("不安", "不満", "面倒", "めんどう", "悪い", "わるい", "悪く", "わるく", "がっかり", "困る", "迷う", "戸惑い", "心配", "残念", "悲しい",
         "イラッ", "イラっ", "いらっ", "微妙", "モヤモヤ", "もやもや", "ストレス", "不便", "うんざり", "疲れ",
         "negative", "bad", "anxious", "worried", "confused", "frustrated", "annoyed", "unsure",
         "disappointed", "tedious", "unhappy", "dissatisfied", "unsatisfied", "displeased", "upset", "sad",
         "stressed", "nervous", "irritated"),
    -2: ("とても悪い", "最悪", "激怒", "怒り", "イライラ", "いらいら", "絶望", "ムカつく", "むかつく", "腹が立", "very negative", "very bad",
         "terrible", "awful", "angry", "furious", "horrible", "hate", "miserable", "livid"),
}
# A word said stronger ("とても不満", "すごく満足", "very unhappy": the map's own labels for ±2) moves ±1 to ±2.
_STRONGER_JA = ("とても", "すごく", "すごい", "非常に", "めちゃくちゃ", "めっちゃ", "めちゃ", "超", "かなり", "大変", "本当に",
                "ほんとに", "激しく")
_STRONGER_EN = re.compile(r"\b(?:very|really|so|extremely|super|totally|incredibly|deeply|quite)\s+$")
# Said not to be so ("not happy", "wasn't satisfied", "満足していない", "不安はない", "楽しくない"): a feeling
# denied is the other side of the scale, never the word's own score (which flipped "not happy" to +1).
_NOT_EN = re.compile(r"(?:\b(?:not|never|hardly|barely|no longer|nor)|n't)\s+(?:(?:very|really|so|that|too|at all)\s+)?$")
_NOT_JA = re.compile(r"^(?:し|で|じゃ|では|は|が|も|に)?(?:て|き)?(?:い)?(?:ない|なかった|ません|なし|ゼロ)")
_EMOJI: dict[str, int] = {
    **dict.fromkeys("😍🤩🥰😆😁🎉", 2),
    **dict.fromkeys("😀😃😄😊🙂👍☺", 1),
    **dict.fromkeys("😐😶🤔😑", 0),
    **dict.fromkeys("😕😟🙁☹😞😔😥😰😓👎😩😢😣😖😤", -1),
    **dict.fromkeys("😡😠🤬😭😱💢", -2),
}
# Faces typed in plain characters, longest first (">:(" before ":(").
_EMOTICONS: tuple[tuple[str, int], ...] = (
    (">:(", -2), (":'(", -2), ("t_t", -2), ("(泣)", -2), (":-d", 2), (":-)", 1), (":-(", -1), (":d", 2), (":)", 1),
    (":(", -1), ("(^^)", 1), ("^^", 1), ("orz", -1),
)
_SCORE = re.compile(r"^\s*([+\-−－ー]?)\s*(\d+)(?:[.,]\d+)?\b")


def parse_emotion(text: str) -> int | None:
    """A score -2..2 from a number, a word (ja/en) or an emoji; None when nothing fits.

    Longer phrases win over shorter ones ("とても悪い" before "悪い"); a number outside -2..2 is None.
    """
    folded = fold(text)
    number = _SCORE.match(folded)
    if number:
        if re.match(r"\d+[.,]\d", folded[number.start(2):]):
            return None  # `1.5`: the scale has five whole points; a half is not rounded silently
        value = int(number.group(2)) if len(number.group(2)) < 4 else 99
        sign = -1 if number.group(1) in ("-", "−", "－", "ー") else 1
        value *= sign
        return value if -2 <= value <= 2 else None
    found = _emotion_word(folded)
    if found is not None:
        return found
    for face, score in _EMOTICONS:
        if face in folded:
            return score
    for ch in text:
        if ch in _EMOJI:
            return _EMOJI[ch]
    return None


def _emotion_word(folded: str) -> int | None:
    """The score of the longest feeling word in the text (English as whole words: "unhappy" holds no "happy"),
    made stronger by an intensifier before it and turned by a negation around it."""
    best: tuple[int, int, int, int] | None = None  # (length, score, start, end)
    for score, words in _EMOTION_WORDS.items():
        for word in words:
            english = word.isascii()
            pattern = rf"(?<![a-z]){re.escape(word)}(?![a-z])" if english else re.escape(word)
            for m in re.finditer(pattern, folded):
                if best is None or len(word) > best[0]:
                    best = (len(word), score, m.start(), m.end())
    if best is None:
        return None
    _, score, start, end = best
    before, after = folded[:start], folded[end:]
    if _NOT_EN.search(before) or _NOT_JA.match(after):
        # "not happy" is unhappy; "not bad", "不安はない" lean the good way; "not neutral" says nothing
        return -1 if score > 0 else (1 if score < 0 else None)
    if abs(score) == 1 and (_STRONGER_EN.search(before) or before.rstrip().endswith(_STRONGER_JA)):
        return 2 * score
    return score


_LEVELS: dict[str, int] = {
    **dict.fromkeys(["高", "大", "h", "high", "3", "◎"], 3),
    **dict.fromkeys(["中", "m", "mid", "med", "medium", "2", "○"], 2),
    **dict.fromkeys(["低", "小", "l", "low", "1", "△"], 1),
}
_IMPACT_KEYS = ("影響度", "影響", "インパクト", "効果", "impact", "value", "i")
_EFFORT_KEYS = ("工数", "労力", "コスト", "難易度", "手間", "effort", "cost", "e")
_TRAILING_GROUP = re.compile(r"[（(\[［【]([^()（）\[\]［］【】]*)[)）\]］】]\s*$")
_PAIR = re.compile(r"([^\s:：=,，、/;；]+)\s*[:：=]\s*([^\s,，、/;；]+)")


def odd_priority(text: str) -> bool:
    """Whether a trailing `(impact: X, effort: 0)` names impact or effort with a level that is none of
    高/中/低, H/M/L, 1–3: said, so it must not be dropped without a word."""
    match = _TRAILING_GROUP.search(text)
    if not match:
        return False
    group = fold(match.group(1))
    empty = re.search(r"(?:^|[\s,、/;])([^\s:=,、/;]+)\s*[:=]\s*(?:$|[,、/;])", group)  # `工数:` with nothing after
    return any((key in _IMPACT_KEYS or key in _EFFORT_KEYS) and value.strip() not in _LEVELS
               for key, value in _PAIR.findall(group)) or bool(
        empty and (empty.group(1) in _IMPACT_KEYS or empty.group(1) in _EFFORT_KEYS))


def parse_priority(text: str) -> tuple[str, int | None, int | None]:
    """Strip a trailing `(影響:高, 工数:低)` / `(impact: H, effort: L)` group → (text, impact, effort)."""
    match = _TRAILING_GROUP.search(text)
    if not match:
        return text, None, None
    impact = effort = None
    for key, value in _PAIR.findall(fold(match.group(1))):
        level = _LEVELS.get(value.strip())
        if key in _IMPACT_KEYS:
            impact = level
        elif key in _EFFORT_KEYS:
            effort = level
    if impact is None and effort is None:
        return text, None, None
    stripped = text[: match.start()].strip()
    return (stripped or text), impact, effort


_OFFLINE_MARKERS = ("オフライン", "offline", "リアル", "対面", "物理")
_ONLINE_MARKERS = ("オンライン", "online", "デジタル", "digital", "web")
_OFFLINE_WORDS = (
    "店舗", "店頭", "実店舗", "ショールーム", "窓口", "支店", "電話", "コールセンター", "イベント", "展示会",
    "セミナー", "チラシ", "看板", "ポスター", "新聞", "雑誌", "テレビ", "tv", "ラジオ", "郵送", "ダイレクトメール",
    "dm(郵送)", "パンフレット", "カタログ", "営業", "訪問", "口コミ", "紹介", "空港", "ホテル", "フロント", "受付",
    "atm", "配送", "梱包", "レジ", "試着", "対面", "来店", "来場", "面談", "面接", "相談会", "説明会", "見学", "内覧",
    "内見", "試乗", "店員", "スタッフ", "担当者", "司法書士", "税理士", "郵便", "手紙", "書面", "現地", "会場", "契約会", "紙の", "契約書", "書類", "発券機", "券売機", "番号札",
    "キオスク", "サポートセンター", "コンタクトセンター", "待合", "掲示", "kiosk", "paper", "support center", "カウンター", "受け取り", "受取", "宅配", "店内",
    "store", "shop", "branch", "showroom", "phone", "call center",
    "call centre", "hotline", "event", "trade show", "seminar", "flyer", "billboard", "poster", "newspaper",
    "magazine", "radio", "television", "direct mail", "brochure", "catalog", "in person", "in-person",
    "sales rep", "word of mouth", "referral", "airport", "hotel", "front desk", "reception", "delivery",
    "packaging", "checkout counter", "counter", "face-to-face", "face to face", "meeting", "walk-in", "recommendation", "friend", "友人", "友達", "知人", "家族",
    "driver", "courier", "postal", "letter", "office", "open house", "test drive", "staff", "clerk",
)
# Digital words win over the offline ones: `Zoom面談`, `来店予約サイト`, `advisor meeting on Zoom` are online.
_ONLINE_WORDS = re.compile(
    r"オンライン|ウェブ|サイト|アプリ|メルマガ|チャット|ウェビナー|eメール|(?<!ダイレクト)メール|フォーム|マイページ|"
    r"シミュレーター|シミュレーション|ログイン|プッシュ通知|ページ|ポータル|インスタ|検索結果|"
    r"(?<![a-z])(?:online|web|website|site|app|apps|email|e-mail|newsletter|chat|chatbot|zoom|teams|webinar|sns|line"
    r"|page|pages|portal|instagram|facebook|youtube|tiktok|linkedin|google|twitter)"
    r"(?![a-z])"
)
_CHANNEL_TAG = re.compile(r"\s*[（(\[［【]\s*([^()（）\[\]［］【】]+?)\s*[)）\]］】]\s*$")


def parse_touchpoint(text: str) -> tuple[str, str]:
    """(name, "online"|"offline"): an explicit `(オフライン)`/`(online)` tag wins, else keywords."""
    tag = _CHANNEL_TAG.search(text)
    if tag:
        folded_tag = fold(tag.group(1))
        name = text[: tag.start()].strip() or text
        if any(marker in folded_tag for marker in _OFFLINE_MARKERS):
            return name, "offline"
        if any(marker in folded_tag for marker in _ONLINE_MARKERS):
            return name, "online"
    folded = fold(text)
    if not _ONLINE_WORDS.search(folded) and any(word in folded for word in _OFFLINE_WORDS):
        return text, "offline"
    return text, "online"


_TARGET_VALUE = r"[-+＋−±~〜約<>＜＞≤≥≦≧]?\s*[\d０-９]"
_TARGET = re.compile(
    r"^(?P<name>.+?)\s*(?:[（(]\s*(?:目標値?|target|goal|kgi)\s*[:：=]?\s*(?P<t1>[^)）]+)[)）]"
    r"|(?:目標値?|target|goal)\s*[:：=]\s*(?P<t2>.+)"
    rf"|(?:目標値?|(?<=\s)target|(?<=\s)goal)\s*(?P<t4>{_TARGET_VALUE}.*)"
    r"|(?P<t3>(?:[≥≧>＞]=?|>=|＝|=|→)\s*.+))\s*$",
    re.I,
)


def parse_kpi(text: str) -> tuple[str, str | None]:
    """`NPS (目標: +30)` / `CVR ≥ 3%` / `churn target: 2%` → (name, target)."""
    match = _TARGET.match(text.strip())
    if not match:
        return text.strip(), None
    target = match.group("t1") or match.group("t2") or match.group("t3") or match.group("t4")
    return match.group("name").strip(), (unicodedata.normalize("NFKC", target).strip() if target else None)


TEMPLATE_ORDER: tuple[StageTemplate, ...] = tuple(StageTemplate)
_STAGE_COUNT_WORDS: dict[str, StageTemplate] = {
    "5段階": StageTemplate.DEFAULT_5, "5stages": StageTemplate.DEFAULT_5, "default": StageTemplate.DEFAULT_5,
    "デフォルト": StageTemplate.DEFAULT_5, "標準": StageTemplate.DEFAULT_5,
    "3段階": StageTemplate.SIMPLE_3, "3stages": StageTemplate.SIMPLE_3,
    "4段階": StageTemplate.ENGAGE_4, "4stages": StageTemplate.ENGAGE_4,
}


MAX_STAGE_NAME = 40


def stage_answered(text: str, stages: tuple[str, ...]) -> str | None:
    """The stage a `Discover: LinkedIn ad, a colleague` line answers, when it names one of `stages` by name (not by
    number: `1: 認知、2: 検討` is a list). Typed at the stages step, such a message is the next step's answer sent
    early, not a new list: read as one, it replaced the team's stages with "Discover: LinkedIn ad / a colleague"."""
    for line in split_lines(text):
        match = _PREFIX.match(line)
        if not match or not match.group(4).strip():
            continue
        label = next(group for group in match.groups()[:3] if group is not None).strip()
        if not fold(label).isdigit() and (stage := match_stage(label, stages)) is not None:
            return stage
    return None


def parse_stages(text: str, *, lang: str, current: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """A template by number (1–4), or a custom list of stage names (2–12 distinct names).

    Names are kept as typed; duplicates are dropped. Returns None when no usable list is found: also when a name is
    longer than a stage name gets (a sentence — "the pricing page is confusing & she can't find the per-seat cost" —
    was cut to 40 characters and became a stage) or the text answers one of the `current` stages (`stage_answered`).
    """
    if current and stage_answered(text, current) is not None:
        return None
    folded = fold(text)
    template = _STAGE_COUNT_WORDS.get(folded.replace(" ", ""))
    if template is None and folded in {"1", "2", "3", "4"}:
        template = TEMPLATE_ORDER[int(folded) - 1]
    if template is not None:
        ja, en = STAGE_TEMPLATES[template]
        return en if lang == "en" else ja
    names: list[str] = []
    lines = split_lines(text)
    # "認知 → 検討 → 購入" and "Awareness > Consideration" are lists too.
    for line in lines:
        for part in re.split(r"\s*(?:→|->|⇒|＞|>|/|／)\s*", line):
            names.extend(split_items(part))
    unique: list[str] = []
    for name in names:
        name = BULLET.sub("", name, count=1).strip()  # `① 認知 → ② 検討`: every name has its marker, not only the line
        if len(name) > MAX_STAGE_NAME:
            return None
        if name and fold(name) not in {fold(existing) for existing in unique}:
            unique.append(name)
    if not 2 <= len(unique) <= 12:
        return None
    return tuple(unique)
