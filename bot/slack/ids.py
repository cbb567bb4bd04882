"""Every action id, callback id and block id the app sends and listens for, in one place.

Blocks are built in `blocks.py` and matched in `listeners/`; sharing these names keeps both sides in step.
"""

from __future__ import annotations

from journeys.events import Move

__all__ = [
    "ADD_TO_MAP_SHORTCUT",
    "DELETE_CANCEL",
    "DELETE_CONFIRM",
    "EMOTION_SELECT",
    "FILE_ITEM_VIEW",
    "MOVE_ACTIONS",
    "OPPORTUNITY_OPEN",
    "OPPORTUNITY_VIEW",
    "PERSONA_OPEN",
    "PERSONA_VIEW",
    "SESSION_METADATA_EVENT",
    "STEP_METADATA_EVENT",
]

# Step buttons: one action id per move, the journey id as the value.
MOVE_ACTIONS: dict[Move, str] = {
    Move.BACK: "journey_back",
    Move.NEXT: "journey_next",
    Move.SKIP: "journey_skip",
    Move.SUMMARY: "journey_summary",
}
PERSONA_OPEN = "journey_persona_open"
OPPORTUNITY_OPEN = "journey_opportunity_open"
EMOTION_SELECT = "journey_emotion_select"
DELETE_CONFIRM = "journey_delete_confirm"
DELETE_CANCEL = "journey_delete_cancel"

# Modal callback ids.
PERSONA_VIEW = "journey_persona_view"
OPPORTUNITY_VIEW = "journey_opportunity_view"
FILE_ITEM_VIEW = "journey_file_item_view"

# Message shortcut callback id (also in manifest.yaml).
ADD_TO_MAP_SHORTCUT = "add_to_journey_map"

# Message metadata event types.
STEP_METADATA_EVENT = "journey_step"
SESSION_METADATA_EVENT = "journey_session"

# Input block ids of the modals: (block id, action id) pairs read back from view.state.values.
PERSONA_FIELDS: tuple[str, ...] = ("name", "description", "goals", "needs", "frustrations", "behaviors")
OPPORTUNITY_TEXT = "opportunity_text"
OPPORTUNITY_IMPACT = "opportunity_impact"
OPPORTUNITY_EFFORT = "opportunity_effort"
FILE_TARGET = "file_target"
FILE_KIND = "file_kind"
FILE_TEXT = "file_text"
