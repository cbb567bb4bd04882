"""Hypothesis fuzzing of how Slack text is read: `decode` is total, undoes `escape` exactly (what a person
typed comes back as typed), and routing a mention never fails."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.slack.decode import decode
from bot.slack.intent import route, strip_mentions
from bot.slack.mrkdwn import escape

slacky = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from(list("<>&|@#!^:;/.amplgtUCHW01 はいNPS?")), max_size=80),
    st.builds(lambda a, b: f"<@U{a}|{b}> <#C{a}|{b}> <https://x.example/{a}|{b}> &amp;{b}&lt;",
              st.text(alphabet="ABC123", min_size=1, max_size=6), st.text(max_size=10)),
)
FEW = settings(max_examples=40, deadline=None)


@given(st.text(max_size=120))
@FEW
def test_decode_undoes_escape(typed: str) -> None:
    """Slack sends `&`, `<`, `>` escaped; decoding gives back exactly what was typed."""
    assert decode(escape(typed), name_of=lambda user: "?") == typed


@given(slacky)
@FEW
def test_decode_and_routing_are_total(raw: str) -> None:
    text = decode(raw, name_of=lambda user: f"name-{user}")
    assert "&amp;" not in raw or "&" in text  # entities are read once
    route(strip_mentions(text), kpis=None)
