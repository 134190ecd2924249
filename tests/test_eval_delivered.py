"""Danger heard as Alexa delivers it (tests/eval_delivered.py), on the tuning part: the resolver, the phrase slots'
openings and the skill's hearing together keep what the listener alone catches."""
from __future__ import annotations

from tests.eval_delivered import evaluate


def test_danger_as_delivered_is_caught_on_the_tuning_part():
    found = evaluate("tune")
    assert found["crisis_caught"] >= 0.95 and found["harm_caught"] >= 0.95
    assert found["calm_as_danger"] == 0.0
