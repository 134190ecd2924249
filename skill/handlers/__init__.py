"""Thin ask-sdk handlers: one per feature, each answering from its own table of states (skill/handlers/feature.py),
the interceptors, and the one place that turns a Reply into a Response (respond.py).

The precedence between features is written here, once. Crisis comes first, then safety, then signposting (a medical
emergency, distress), so that words of ending one's life, of fear or harm, and of those needs are heard anywhere. A
feature that holds the conversation (a self-check, an exercise) comes before general browsing, so "yes", "next" or
"help" mean what they mean there.
"""
from __future__ import annotations

from skill.handlers import (basics, cards, crisis, exercise_steering, listening, navigation, remembering, safety,
                            selfcheck, signposting)
from skill.handlers.feature import Feature

FEATURES: list[Feature] = [crisis.FEATURE, safety.FEATURE, signposting.FEATURE, cards.FEATURE, selfcheck.FEATURE,
                           exercise_steering.FEATURE, remembering.FEATURE, listening.FEATURE, navigation.FEATURE,
                           basics.FEATURE, basics.LAST_RESORT]


def request_handlers() -> list[Feature]:
    return list(FEATURES)
