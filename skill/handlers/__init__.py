"""The conversation's features, each answering a Turn from its own table of states (skill/handlers/feature.py), and
the one router that picks the row answering a turn (skill/alexa/handler.py calls it for every request).

The precedence between features is written here, once. Crisis comes first, then safety, then signposting (a medical
emergency, distress), so that words of ending one's life, of fear or harm, and of those needs are heard anywhere. A
feature that holds the conversation (a self-check, an exercise) comes before general browsing, so "yes", "next" or
"help" mean what they mean there.
"""
from __future__ import annotations

from skill.handlers import (basics, cards, crisis, exercise_steering, listening, navigation, remembering, safety,
                            selfcheck, signposting)
from skill.conversation.turn import Turn
from skill.handlers.feature import Feature, Row, keys_of

FEATURES: list[Feature] = [crisis.FEATURE, safety.FEATURE, signposting.FEATURE, cards.FEATURE, selfcheck.FEATURE,
                           exercise_steering.FEATURE, remembering.FEATURE, listening.FEATURE, navigation.FEATURE,
                           basics.FEATURE, basics.LAST_RESORT]


def route(turn: Turn) -> tuple[Feature, Row]:
    """The feature that answers `turn`, and its row; the last resort takes anything, so one always does."""
    keys = keys_of(turn)
    for feature in FEATURES:
        row = feature.row_for(turn, keys)
        if row is not None:
            return feature, row
    raise LookupError(f"no feature answers {turn.request}")  # the last resort takes every request
