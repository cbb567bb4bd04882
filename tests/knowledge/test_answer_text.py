"""Answers without an LLM: the sentences that answer lead, "X vs Y" shows both sides (no model, no store)."""

from __future__ import annotations

import pytest

from knowledge.answer_text import compose, question_type, question_types, sentences, sides
from knowledge.coverage import Unit
from knowledge.glossary import default_glossary
from knowledge.search import Passage


class FlatCorpus:
    """Every unit equally rare: the test is about choosing sentences, not about statistics."""

    size = 100

    def count(self, unit: Unit) -> int:
        return 1


def passage(text: str, source: str, doc: str) -> Passage:
    """As search returns it: the title it was indexed with is its context, shared by all its sentences."""
    return Passage(text=text, source=source, score=1.0, id=doc, metadata={"doc": doc}, context=source)


WORKSHOP = passage(
    "A workshop brings the people who see the journey together. Invite sales, support and marketing.\n"
    "A first map of one persona usually needs half a day, about three to four hours.\n"
    "Prepare sticky notes and a template.",
    "Running a workshop", "notes/en/workshop.md",
)
CHANNELS = passage(
    "A channel is the medium through which a company and a customer communicate, such as the website or the store.\n"
    "A touchpoint is one specific interaction that happens on a channel at a moment of the journey.\n"
    "The difference in one line: a channel is where, a touchpoint is what happens there.",
    "Touchpoint vs channel", "notes/en/touchpoint-vs-channel.md",
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("タッチポイントとチャネルの違いは?", "difference"), ("how many personas?", "how_many"),
        ("how long should a workshop be", "duration"), ("なぜペルソナを作るの?", "why"),
        ("タッチポイントの例を教えて", "example"), ("ペルソナはどうやって作る?", "how"), ("NPSとは", "what"),
        ("アンケートとインタビュー、どっちがいい?", "difference"), ("survey or interviews first?", "difference"),
        ("rule of thumb for persona numbers?", "how_many"), ("解約率ってどう計算するの?", "formula"),
        ("how do we compute churn?", "formula"), ("CVRの出し方", "formula"),
        ("what goes in the denominator?", "formula"),
    ],
)
def test_question_types(question: str, kind: str) -> None:
    assert question_type(question) == kind


def test_sentences_keep_list_items_whole_and_remember_their_lead_in() -> None:
    found = sentences("# Title\nWhat to bring:\n- sticky notes. and pens\n- a template\nThen start. Go on.")
    assert [s.text for s in found] == ["What to bring:", "- sticky notes. and pens", "- a template", "Then start.",
                                       "Go on."]
    assert found[1].intro == 0 and found[3].intro is None


def test_the_sentence_holding_the_duration_leads_a_how_long_answer() -> None:
    groups = compose("how long should a workshop be?", [WORKSHOP, CHANNELS], default_glossary(), FlatCorpus())
    assert groups[0][0] is WORKSHOP
    assert "three to four hours" in groups[0][1][0]


TRIAL = passage(
    "呼び方：トライアル転換率、有料転換率、有料会員化率、有料移行率\n"
    "計算式：トライアル転換率(%)= 期間中にトライアルを終えて有料契約した人数 ÷ 同じ期間にトライアルを終えた人数 × 100\n"
    "定義：無料トライアルを始めた利用者のうち、有料の契約に移った割合。\n"
    "測り方：トライアル開始の月ごとにまとめて追う。",
    "KPI: トライアル転換率", "kpi:trial",
)


@pytest.mark.parametrize("question", ["有料会員になった割合ってどう計算する?", "有料転換率の出し方は?",
                                      "トライアルから有料会員になる率、計算方法を教えて"])
def test_the_formula_leads_a_how_is_it_calculated_answer(question: str) -> None:
    """Not the line of names that shares the most words with the question: the formula is the answer."""
    groups = compose(question, [TRIAL], default_glossary(), FlatCorpus())
    assert groups[0][1][0].startswith("計算式")


def test_a_difference_question_shows_both_sides() -> None:
    assert sides("difference between touchpoint and channel?") == ("touchpoint", "channel")
    assert sides("KGIとKPIの違いって?") == ("KGI", "KPI")
    assert sides("アンケートとインタビュー、どっちがいい?") == ("アンケート", "インタビュー")
    assert sides("survey or interviews first?") == ("survey", "interviews")
    assert sides("how do we rank our long list, impact vs effort?") == ("impact", "effort")
    assert sides("impact vs effort or RICE?") == ("impact vs effort", "RICE")
    # "Xとの違い": X and the question's topic (the side was "の", shown as 【の】)
    assert sides("CESって何ですか?CSATとの違いも知りたい") == ("CES", "CSAT")
    assert sides("eNPSって何?NPSとの違いは?") == ("eNPS", "NPS")
    assert sides("CSATとの違いは?") is None
    groups = compose("touchpoint vs channel — how do they differ?", [CHANNELS], default_glossary(), FlatCorpus())
    labelled = {side: texts[0] for _, texts, side in groups if side}
    assert labelled["touchpoint"].startswith("A touchpoint is")
    assert labelled["channel"].startswith("A channel is")


def test_a_list_item_off_the_topic_does_not_outrank_the_sentence_on_it() -> None:
    public = passage("Mapping works for municipal services too: a citizen applying for a permit goes through stages.",
                     "Public services", "notes/en/public.md")
    tips = passage("Tips:\n- Keep the template simple.\n- Use one colour per team.", "Tips", "notes/en/tips.md")
    question = "any tips for our municipal childcare permit form, redone from scratch this spring with new staff?"
    groups = compose(question, [public, tips], default_glossary(), FlatCorpus())
    assert groups[0][0] is public  # a "tip"-shaped item holding none of the question's words comes after


def test_each_merged_section_keeps_its_own_heading() -> None:
    from knowledge.answer import _documents

    def chunk(text: str, section: str, order: int) -> Passage:
        return Passage(text=text, source="Workshop", score=1.0, id=f"w{order}", context=f"Workshop › {section}",
                       metadata={"doc": "notes/en/workshop.md", "order": order})

    who = chunk("Invite five to eight people.", "Who to invite", 0)
    materials = chunk("Bring a template.", "Materials", 1)
    merged = _documents([materials, who], [materials])[0]
    found = {s.text: s.heading for s in sentences(merged.text, 0, merged.context)}
    assert "Who to invite" in found["Invite five to eight people."]
    assert "Materials" in found["Bring a template."] and "Materials" not in found["Invite five to eight people."]


def test_a_sentence_announcing_the_list_below_is_its_lead_in() -> None:
    found = sentences("CRMのデータを使うなら次の情報を含めます。\n- 接点ごとの行動\n- 感情\n次の段落。")
    assert [s.intro for s in found] == [None, 0, 0, None]
    assert "次の情報を含めます" in found[1].heading


def test_a_sentence_held_twice_by_overlapping_chunks_is_shown_once() -> None:
    line = "- Hold a short synchronous call only for what needs discussion: disagreements, priorities, owners."
    text = f"Remote sessions\n{line}\nUse threads for the rest.\n\n{line}\nPost a recap."
    twice = passage(text, "Remote mapping", "remote")
    groups = compose("when do we need a call in a remote session?", [twice], default_glossary(), FlatCorpus())
    shown = [sentence for _, chosen, _ in groups for sentence in chosen]
    assert shown.count(line) == 1, shown


def test_lines_that_are_not_sentences_do_not_run_into_each_other() -> None:
    """A card's field lines end without 。: joined as sentences they read "…課金転換率計算式：…"."""
    from knowledge.answer import _join

    names, formula = "呼び方：有料転換率、有料会員化率", "計算式：有料契約した人数 ÷ トライアルを終えた人数 × 100"
    joined = _join([names, formula, "定義：有料の契約に移った割合。", "月ごとに追う。"], "ja")
    assert joined.split("\n") == [names, formula, "定義：有料の契約に移った割合。月ごとに追う。"]
    assert _join(["Formula: a ÷ b × 100", "Measure it monthly.", "Compare cohorts."], "en") == (
        "Formula: a ÷ b × 100\nMeasure it monthly. Compare cohorts.")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a question quoted inside a sentence ends no sentence: cut at its "?", the quote is left open
        ("定義：「この商品を友人に勧める可能性はどのくらいありますか?」という1つの質問で測る。0〜10で答える。",
         ["定義：「この商品を友人に勧める可能性はどのくらいありますか?」という1つの質問で測る。", "0〜10で答える。"]),
        ('One question, "How likely are you to recommend us?" answered from 0 to 10. Nine and ten are promoters.',
         ['One question, "How likely are you to recommend us?" answered from 0 to 10.', "Nine and ten are promoters."]),
        ("Score how severe it is (does it block the journey? or only annoy?) and how often. Then rank.",
         ["Score how severe it is (does it block the journey? or only annoy?) and how often.", "Then rank."]),
    ],
)
def test_a_sentence_end_inside_quotes_or_brackets_ends_no_sentence(line: str, expected: list[str]) -> None:
    assert [s.text for s in sentences(line)] == expected


def test_a_kpi_cards_formula_line_is_one_answer() -> None:
    """Its second formula ("売上ベースでは …") read alone is a variant of one it never showed."""
    line = "計算式：解約率(%)= 解約した顧客数 ÷ 期首の顧客数 × 100。売上ベースでは 失った月次売上 ÷ 期首の売上 × 100。"
    assert [s.text for s in sentences(f"定義：離れた顧客の割合。\n\n{line}")] == ["定義：離れた顧客の割合。", line]


def test_a_message_asking_two_things_is_typed_by_both() -> None:
    assert question_types("チャーン率ってどう計算する?月次と年次で違う?") == ("difference", "formula")
    assert question_types("how do we build a persona?") == ("how",)  # "how" adds nothing as a second ask either


def test_the_formula_leads_when_a_difference_question_also_asks_how_it_is_calculated() -> None:
    card = passage("定義：期間中に離れた顧客の割合。月次でも年次でも同じ考え方で見る。\n\n"
                   "計算式：解約率(%)= 期間中に解約した顧客数 ÷ 期首の顧客数 × 100。",
                   "KPI: 解約率", "notes/ja/kpis.yaml#churn_rate")
    groups = compose("解約率ってどう計算する?月次と年次で違う?", [card], default_glossary(), FlatCorpus())
    assert groups[0][1][0].startswith("計算式：")


@pytest.mark.parametrize(
    ("question", "pair"),
    [
        ("my boss asked about CVR vs conversion rate - are they the same thing?", ("CVR", "conversion rate")),
        ("frontstage vs backstage in a service blueprint?", ("frontstage", "backstage")),
        ("what is the difference between a touchpoint and a channel", ("touchpoint", "channel")),
        ("分母は月初でいい?あとロゴチャーンとレベニューチャーンの違いも", ("ロゴチャーン", "レベニューチャーン")),
    ],
)
def test_the_compared_names_are_the_names_not_the_words_around_them(question: str, pair: tuple[str, str]) -> None:
    assert sides(question) == pair


def test_each_side_is_the_sentence_naming_it_when_the_glossary_reads_both_as_one_concept() -> None:
    lanes = passage("A service blueprint stacks lanes under the customer's journey, separated by lines:\n"
                    "- Frontstage: what the customer sees and talks to, above the line of visibility.\n"
                    "- Backstage: what employees do out of the customer's sight, below the line of visibility.",
                    "Service blueprint lanes", "notes/en/blueprint-lanes.md")
    groups = compose("frontstage vs backstage?", [lanes], default_glossary(), FlatCorpus())
    labelled = {side: texts[0] for _, texts, side in groups if side}
    assert labelled["frontstage"].startswith("- Frontstage") and labelled["backstage"].startswith("- Backstage")


def test_the_side_defining_a_thing_is_not_held_against_it_for_naming_the_other() -> None:
    groups = compose("touchpoint vs channel?", [CHANNELS], default_glossary(), FlatCorpus())
    labelled = {side: texts[0] for _, texts, side in groups if side}
    assert labelled["touchpoint"].startswith("A touchpoint is") and labelled["channel"].startswith("A channel is")


def test_a_cards_names_line_answers_only_a_question_about_names() -> None:
    card = passage("Definition: How easy customers found it to get something done.\n\n"
                   "Also called: Customer Effort Score (CES), effort score\n\n"
                   "Formula: CES = average agreement with \"it was easy\" on a 1–7 scale.",
                   "KPI: Customer Effort Score (CES)", "notes/en/kpis.yaml#ces")
    for question in ("what is CES?", "how is CES computed?"):
        texts = [t for _, group, _ in compose(question, [card], default_glossary(), FlatCorpus()) for t in group]
        assert texts and not any(t.startswith("Also called") for t in texts), question
    texts = [t for _, group, _ in compose("what does CES stand for, is it also called effort score?", [card],
                                          default_glossary(), FlatCorpus()) for t in group]
    assert any(t.startswith("Also called") for t in texts)


def test_the_clause_that_asks_outweighs_the_context_around_it() -> None:
    """"We're kicking off a project next month - how many personas?": the sentence about kicking off a project next
    month shares more words, the one about persona numbers answers."""
    kickoff = passage("Kick off the project with a workshop, booked for 30 minutes.", "Workshop",
                      "notes/en/workshop.md")
    count = passage("Start with one persona; two or three personas is a common ceiling.", "Persona count",
                    "notes/en/persona-count.md")
    groups = compose("we're kicking off a project next month - how many personas should we start with?",
                     [kickoff, count], default_glossary(), FlatCorpus())
    assert groups[0][1][0].startswith("Start with one persona")
