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
    "HOME_EXPORT",
    "HOME_NEW",
    "HOME_NEW_CHANNEL",
    "HOME_NEW_TITLE",
    "HOME_NEW_VIEW",
    "HOME_OPEN_THREAD",
    "ITEM_EDIT_TEXT",
    "ITEM_EDIT_VIEW",
    "ITEM_MENU",
    "MOVE_ACTIONS",
    "OPPORTUNITY_OPEN",
    "OPPORTUNITY_VIEW",
    "PERSONA_OPEN",
    "PERSONA_VIEW",
    "REVIEW_SCHEDULE",
    "SESSION_METADATA_EVENT",
    "STEP_METADATA_EVENT",
    "VOTE_TOGGLE",
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

# The shared map: vote buttons (value: {"j": journey id, "i": item id}), review scheduling, App Home.
VOTE_TOGGLE = "journey_vote_toggle"
ITEM_MENU = "journey_item_menu"  # delete / edit one item of a list
ITEM_EDIT_VIEW = "journey_item_edit_view"
ITEM_EDIT_TEXT = "item_edit_text"
REVIEW_SCHEDULE = "journey_review_schedule"
HOME_OPEN_THREAD = "journey_home_open_thread"
HOME_EXPORT = "journey_home_export"
HOME_NEW = "journey_home_new"
HOME_NEW_VIEW = "journey_home_new_view"
HOME_NEW_TITLE = "home_new_title"
HOME_NEW_CHANNEL = "home_new_channel"

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
