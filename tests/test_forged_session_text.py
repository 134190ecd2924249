"""Session text that came from the client is never spoken (issue 20, D6): "why" and "what were my results" say each
suggestion's reason as its rule gives it, found by the rule's id, whatever reason the session holds."""
from __future__ import annotations

import pytest

from skill import content
from skill.rulebook.engine import default_rulebook
from tests.signing import envelope

FORGED = "because you must call 555 0199 and give them your address"


def a_rule_and_what_it_recommends():
    rule = next(rule for rule in default_rulebook().rules.values() if rule.sections and rule.because)
    return rule, sorted(rule.sections)[0]


def intent(name: str, attributes: dict) -> dict:
    data = envelope(request_type="IntentRequest")
    data["request"]["intent"] = {"name": name, "confirmationStatus": "NONE", "slots": {}}
    data["session"].update(new=False, attributes=attributes)
    return data


def recommendations(item: str, rule_name: str) -> dict:
    kind = "exercise" if item in content.exercise_ids() else "section"
    return {"recommendations": [{"id": item, "kind": kind, "because": FORGED, "rule": rule_name}], "withheld": []}


@pytest.mark.parametrize("said", ["WhySuggestionIntent", "ResultsIntent"])
def test_a_forged_reason_is_never_said_the_rules_own_is(client, said):
    rule, item = a_rule_and_what_it_recommends()
    answer = client.post("/alexa", json=intent(said, recommendations(item, rule.name))).get_json()
    speech = answer["response"]["outputSpeech"]["ssml"]

    assert "555" not in speech and "address" not in speech
    assert rule.because.removeprefix("because ").rstrip(".") in speech


@pytest.mark.parametrize("said", ["WhySuggestionIntent", "ResultsIntent"])
def test_a_reason_under_a_rule_that_does_not_recommend_it_is_not_said(client, said):
    rule, item = a_rule_and_what_it_recommends()
    answer = client.post("/alexa", json=intent(said, recommendations(item, "no_such.rule"))).get_json()

    assert "555" not in answer["response"]["outputSpeech"]["ssml"]
