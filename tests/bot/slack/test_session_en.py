"""An English session: English labels, the persona form in a modal (with a validation error), an
opportunity with impact/effort from the modal, and an export posted in the thread."""

from __future__ import annotations

import json

from journeys.steps import ItemKind
from tests.bot.slack.harness import Testbed, find_element, message_text

ANNA, BEN = "U0ANNA001", "U0BEN0001"


def test_english_session_with_modals_and_export(slack: Testbed) -> None:
    slack.command("/journey", "start Onboarding revamp", user=ANNA)
    slack.idle()
    [root] = slack.roots()
    first = slack.last_step_message(root)
    assert first["metadata"]["event_payload"]["step"] == "scope"
    labels = [e["text"]["text"] for b in first["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert labels == ["◀ Back", "Next ▶", "Skip", "Summary"]

    def say(text: str, user: str = BEN) -> str:
        response, ts = slack.message(text, user=user, thread_ts=root)
        assert response.status_code == 200
        slack.idle()
        return ts

    say("next")
    persona_step = slack.last_step_message(root)
    assert persona_step["metadata"]["event_payload"]["step"] == "persona"
    button, block_id = find_element(persona_step, "journey_persona_open")
    slack.click(button, block_id, user=ANNA, message=persona_step)
    slack.idle()
    [opened] = slack.fake.calls("views.open")
    view = opened.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == "journey_persona_view" and view["title"]["text"] == "Persona"

    # A blank name is refused in the modal itself; nothing is stored.
    blank = slack.submit({**view, "id": "V1"}, {"name": {"type": "plain_text_input", "value": "   "}}, user=ANNA)
    assert blank.status_code == 200
    assert blank.json() == {"response_action": "errors", "errors": {"name": "Please fill this in."}}
    journey_id = persona_step["metadata"]["event_payload"]["journey_id"]
    state = slack.service.get(journey_id=journey_id)
    assert state is not None and not state.items_of(ItemKind.PERSONA)

    values = {
        "name": {"type": "plain_text_input", "value": "Busy Parent"},
        "description": {"type": "plain_text_input", "value": "Two kids,\nworks full time"},
        "goals": {"type": "plain_text_input", "value": "Get set up fast\nNo paperwork"},
        "frustrations": {"type": "plain_text_input", "value": "Long forms"},
    }
    ok = slack.submit({**view, "id": "V2"}, values, user=ANNA)
    assert ok.status_code == 200 and ok.json() == {"response_action": "clear"}
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    [persona] = state.items_of(ItemKind.PERSONA)
    assert persona.persona is not None and persona.persona.name == "Busy Parent"
    assert persona.persona.goals == ("Get set up fast", "No paperwork")
    assert persona.persona.frustrations == ("Long forms",)
    slack.idle()
    assert "Busy Parent" in message_text(slack.last_step_message(root))

    say("next")  # → stages
    say("next")  # default template
    say("Google search, App Store page")
    for _ in range(5):
        say("skip")  # touchpoints → actions → thoughts → emotions → pain points → opportunities
    opportunities = slack.last_step_message(root)
    assert opportunities["metadata"]["event_payload"] == {"journey_id": journey_id, "step": "opportunities",
                                                          "stage": "Awareness"}
    button, block_id = find_element(opportunities, "journey_opportunity_open")
    slack.click(button, block_id, user=BEN, message=opportunities)
    slack.idle()
    view = slack.fake.calls("views.open")[-1].args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    response = slack.submit({**view, "id": "V3"}, {
        "opportunity_text": {"type": "plain_text_input", "value": "One-tap sign-up, prefilled"},
        "opportunity_impact": {"type": "static_select", "selected_option": {"value": "3"}},
        "opportunity_effort": {"type": "static_select", "selected_option": {"value": "1"}},
    }, user=BEN)
    assert response.json() == {"response_action": "clear"}
    state = slack.service.get(journey_id=journey_id)
    assert state is not None
    [opportunity] = state.items_of(ItemKind.OPPORTUNITY, "Awareness")
    assert opportunity.text.startswith("One-tap sign-up, prefilled")  # one item: commas do not split it
    assert opportunity.author == BEN

    # Export: acknowledged at once, files uploaded into the session thread.
    export = slack.command("/journey", "export md json", user=ANNA)
    assert export.status_code == 200 and "Exporting “Onboarding revamp”" in export.text
    slack.idle(timeout=30)
    [complete] = slack.fake.calls("files.completeUploadExternal")
    assert complete.args["channel_id"] == "C0CHAN001" and complete.args["thread_ts"] == root
    files = json.loads(complete.args["files"])
    assert [f["title"] for f in files] == ["Onboarding revamp", "Onboarding revamp"]
    uploads = [c for c in slack.fake.calls() if c.method.startswith("/upload/")]
    assert len(uploads) == 2
