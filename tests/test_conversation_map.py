"""docs/conversation.md is drawn from the features' tables, and every feature's table is sound."""
from __future__ import annotations

from skill.devtools.conversation_map import DOC, document
from skill.handlers.router import FEATURES
from skill.handlers.feature import ANY


def test_the_conversation_map_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == document(), \
        "docs/conversation.md is stale: run `python -m skill.devtools.conversation_map`"


def test_crisis_comes_before_safety_before_everything_else():
    assert [feature.name for feature in FEATURES[:2]] == ["crisis", "safety"]


def test_every_state_a_turn_leads_to_is_a_state_some_feature_declares():
    declared = {state for feature in FEATURES for state in feature.states if state != ANY}
    targets = {target for feature in FEATURES for rows in feature.states.values() for turn in rows.values()
               for target in turn.to}
    assert targets <= declared, f"turns lead to undeclared states: {sorted(targets - declared)}"
