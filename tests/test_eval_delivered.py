"""Danger heard as Alexa delivers it (tests/eval_delivered.py), on the tuning part: the resolver, the phrase slots'
openings and the skill's hearing together keep what the listener alone catches."""
from __future__ import annotations

from tests.eval_delivered import evaluate


def test_danger_as_delivered_is_caught_on_the_tuning_part():
    found = evaluate("tune")
    assert found["crisis_caught"] >= 0.95 and found["harm_caught"] >= 0.95
    assert found["calm_as_danger"] == 0.0


def test_danger_said_after_a_spoken_opening_is_caught():
    """Fillers, questions and cries for help before the point ("right so", "where can I go if", "help he's hurting
    me"): carriers and samples let the words in. A guard against losing them; calm alarms here come from the model's
    safety net (4 of 42 when this was written)."""
    found = evaluate("openings")
    assert found["crisis_caught"] >= 0.95 and found["harm_caught"] >= 0.95
    assert found["calm_as_danger"] <= 0.12
