"""Tips for a session step: from the notes' front matter first, search as fallback; cached; never raising."""

from __future__ import annotations

from pathlib import Path

from journeys.ports import TipSource
from journeys.replies import Tip
from journeys.steps import Step
from knowledge.notes import load_notes
from knowledge.search import Passage
from knowledge.service import KnowledgeBase
from knowledge.tips import KnowledgeTips


def test_tips_follow_step_stage_and_language(notes_dir: Path) -> None:
    tips: TipSource = KnowledgeTips(load_notes(notes_dir))
    [persona] = tips.tips(step=Step.PERSONA, stage=None, lang="ja", limit=1)
    assert persona.source.title == "ペルソナの作り方" and "インタビュー" in persona.text
    assert len(persona.text) <= 201
    english = tips.tips(step=Step.TOUCHPOINTS, stage="Awareness", lang="en")
    assert [t.source.title for t in english] == ["Listing touchpoints", "The awareness stage"]
    # A stage named in the other language (or another template's spelling) is the same stage.
    japanese = tips.tips(step=Step.TOUCHPOINTS, stage="Awareness", lang="ja")
    assert [t.source.title for t in japanese] == ["タッチポイントの洗い出し", "認知ステージ"]


def test_steps_without_a_note_fall_back_to_search(notes_dir: Path) -> None:
    asked: list[str] = []

    def search(query: str, k: int) -> list[Passage]:
        asked.append(query)
        return [Passage(text="感情の起伏を記録します。", source="感情の記録", score=1.0, metadata={"language": "ja"})]

    tips = KnowledgeTips(load_notes(notes_dir), search=search)
    assert tips.tips(step=Step.EMOTIONS, stage=None, lang="ja") == tips.tips(step=Step.EMOTIONS, stage=None, lang="ja")
    assert len(asked) == 1  # cached per (step, stage, lang)
    assert tips.tips(step=Step.EMOTIONS, stage=None, lang="ja")[0].source.title == "感情の記録"


def test_tips_never_raise(notes_dir: Path) -> None:
    def broken(query: str, k: int) -> list[Passage]:
        raise ConnectionError("chroma is down")

    tips = KnowledgeTips(load_notes(notes_dir), search=broken)
    assert tips.tips(step=Step.EMOTIONS, stage=None, lang="en") == []


def test_the_knowledge_base_offers_tips(kb: KnowledgeBase) -> None:
    tips = kb.tips.tips(step=Step.REVIEW, stage=None, lang="ja")
    assert tips and isinstance(tips[0], Tip) and tips[0].source.title == "マップの見直し"
    assert tips[0].source.ref == "notes/ja/review.md"


def test_a_tip_never_shows_markdown_headings() -> None:
    tips = KnowledgeTips(load_notes())
    for step in Step:
        for lang in ("ja", "en"):
            for tip in tips.tips(step=step, stage=None, lang=lang):
                assert not any(line.lstrip().startswith("#") for line in tip.text.splitlines()), tip.text


def test_no_shipped_tip_stops_at_the_colon_that_introduces_its_list() -> None:
    tips = KnowledgeTips(load_notes())
    stages = (None, "認知", "検討", "購入", "維持", "推奨", "Awareness", "Consideration", "Purchase", "Retention")
    for step in Step:
        for stage in stages:
            for lang in ("ja", "en"):
                for tip in tips.tips(step=step, stage=stage, lang=lang, limit=5):
                    assert not tip.text.rstrip().endswith((":", "：")), tip.text
