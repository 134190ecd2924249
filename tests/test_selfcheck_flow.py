"""The self-check's pure parts: state steps, answer normalisation, and what the result says and shows."""
from __future__ import annotations

import json

import pytest
from ask_sdk_model import Slot
from ask_sdk_model.slu.entityresolution import (Resolution, Resolutions, Status, StatusCode, Value,
                                                ValueWrapper)
from hypothesis import given, settings
from hypothesis import strategies as st

from skill.conversation import selfcheck_flow as flow
from skill.content import locale_registry
from skill.alexa.turn_of import resolved_id
from skill.handlers.answers import answer_of_intent, answer_of_slot
from skill.devtools.resolver import Resolver
from skill.rulebook.questions import ANSWERS, question_ids
from skill.conversation.selfcheck_results import RECOMMENDATION, result, results_card
from skill.voice.speech import MAX_AUDIO_SECONDS

IDS = question_ids()
STEPS = st.one_of(st.sampled_from(ANSWERS).map(lambda answer: ("answer", answer)), st.just(("back", None)),
                  st.just(("restart", None)))


def resolved_slot(value: str, answer_id: str | None) -> Slot:
    resolutions = None
    if answer_id is not None:
        resolutions = Resolutions(resolutions_per_authority=[Resolution(
            authority="amzn1.er-authority.echo-sdk.x.AnswerType", status=Status(code=StatusCode.ER_SUCCESS_MATCH),
            values=[ValueWrapper(value=Value(name=value, id=answer_id))])])
    return Slot(name="Answer", value=value, resolutions=resolutions)


# --- state steps ------------------------------------------------------------------------------------------------

def test_answers_move_on_and_are_kept_by_question():
    state = flow.start()
    state = flow.record(state, IDS, "yes")
    state = flow.record(state, IDS, "skipped")
    assert state == {"index": 2, "answers": {IDS[0]: "yes", IDS[1]: "skipped"}}
    assert flow.current_question(state, IDS) == IDS[2]


def test_back_keeps_the_earlier_answer_until_it_is_replaced():
    state = flow.record(flow.record(flow.start(), IDS, "yes"), IDS, "no")
    state = flow.back(state)
    assert state["index"] == 1 and state["answers"][IDS[1]] == "no"
    state = flow.record(state, IDS, "sometimes")
    assert state == {"index": 2, "answers": {IDS[0]: "yes", IDS[1]: "sometimes"}}
    assert flow.back(flow.start()) == flow.start()


def test_finished_after_the_last_question_and_recording_more_changes_nothing():
    state = flow.start()
    for _ in IDS:
        state = flow.record(state, IDS, "no")
    assert flow.is_finished(state, IDS) and not flow.is_unfinished(state, IDS)
    assert flow.record(state, IDS, "yes") == state
    assert flow.answers_so_far(state, IDS) == dict.fromkeys(IDS, "no")


def test_only_the_rules_answers_are_recorded():
    with pytest.raises(ValueError):
        flow.record(flow.start(), IDS, "maybe")


@pytest.mark.parametrize("stored, expected", [
    (None, None), ("x", None), ({"index": "1", "answers": {}}, None), ({"index": True, "answers": {}}, None),
    ({"index": 3, "answers": {IDS[0]: "yes"}}, {"index": 1, "answers": {IDS[0]: "yes"}}),
    ({"index": 99, "answers": dict.fromkeys(IDS, "no")}, {"index": len(IDS), "answers": dict.fromkeys(IDS, "no")}),
    ({"index": -4, "answers": {"gone": "yes", IDS[0]: "perhaps"}}, {"index": 0, "answers": {}}),
])
def test_restore_makes_any_stored_state_consistent(stored, expected):
    assert flow.restore(stored, IDS) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(STEPS, max_size=40))
def test_any_sequence_of_steps_keeps_the_state_consistent(steps):
    state = flow.start()
    given_answers: dict[str, str] = {}
    for step, answer in steps:
        if step == "answer":
            question = flow.current_question(state, IDS)
            state = flow.record(state, IDS, answer)
            if question is not None:
                given_answers[question] = answer
        elif step == "back":
            state = flow.back(state)
        else:
            state, given_answers = flow.start(), {}
        assert 0 <= state["index"] <= len(IDS)
        assert all(question in state["answers"] for question in IDS[:state["index"]])
        assert state["answers"] == given_answers  # none lost, none invented, one per question
        assert flow.restore(json.loads(json.dumps(state)), IDS) == state


# --- answers --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("answer_id, expected", [("yes", "yes"), ("no", "no"), ("sometimes", "sometimes"),
                                                 ("not_sure", "not sure"), ("skipped", "skipped")])
def test_resolved_answer_ids_map_to_the_rules_answers(answer_id, expected):
    assert answer_of_slot(resolved_id(resolved_slot("whatever was heard", answer_id)), "whatever was heard") == expected


def test_unresolved_words_are_an_answer_only_when_they_name_one():
    assert answer_of_slot(None, "Not Sure") == "not sure"
    assert answer_of_slot(None, "skip") == "skipped"
    assert answer_of_slot(None, "banana") is None
    assert answer_of_slot(None, None) is None


def test_yes_no_and_next_answer_on_their_own():
    assert answer_of_intent("AMAZON.YesIntent", None) == "yes"
    assert answer_of_intent("AMAZON.NoIntent", {}) == "no"
    assert answer_of_intent("AMAZON.NextIntent", {}) == "skipped"
    assert answer_of_intent("AMAZON.HelpIntent", {}) is None


@pytest.mark.parametrize("locale", locale_registry.names())
def test_every_answer_synonym_in_the_model_means_its_answer(locale):
    resolver = Resolver.from_locale(locale)
    answer_type = next(kind for kind in resolver_model_types(locale) if kind["name"] == "AnswerType")
    wrong = {}
    for value in answer_type["values"]:
        expected = {"not_sure": "not sure"}.get(value["id"], value["id"])
        for phrase in [value["name"]["value"], *value["name"]["synonyms"]]:
            resolution = resolver.resolve(phrase)
            slots = {name: slot.resolved.id for name, slot in resolution.slots.items() if slot.value and slot.resolved}
            words = {name: slot.value for name, slot in resolution.slots.items() if slot.value}
            if answer_of_intent(resolution.intent, slots, words) != expected:
                wrong[phrase] = (resolution.intent, expected)
    assert not wrong


def resolver_model_types(locale: str) -> list[dict]:
    from skill.devtools.resolver import load_model

    return load_model(locale)["interactionModel"]["languageModel"]["types"]


# --- results --------------------------------------------------------------------------------------------------------

def rec(id_, kind="section", because="because you said so", rule="set.rule"):
    return {"id": id_, "kind": kind, "because": because, "rule": rule}


def test_reasons_read_after_because_once():
    assert flow.reason("because you said a lie still hurts") == "you said a lie still hurts"
    assert flow.reason("Because  talking is hard.") == "talking is hard"
    assert flow.reason("you said so") == "you said so"


def test_recommendation_data_is_plain_ordered_and_unique():
    class Found:
        def __init__(self, id_):
            self.id, self.kind, self.because, self.rule = id_, "section", "because x", "r.one"

    data = flow.recommendation_data([Found("red_flags"), Found("safety"), Found("red_flags")])
    assert data == [rec("red_flags", because="because x", rule="r.one"), rec("safety", because="because x",
                                                                            rule="r.one")]
    assert json.loads(json.dumps(data)) == data


def test_restored_recommendations_drop_what_no_longer_exists():
    known = {"section": {"red_flags"}, "exercise": {"eye_contact"}}
    stored = [rec("red_flags"), rec("gone"), rec("eye_contact", "exercise"), {"id": "red_flags"}, "x",
              rec("eye_contact", "section")]
    assert flow.restore_recommendations(stored, known) == [rec("red_flags"), rec("eye_contact", "exercise")]
    assert flow.restore_recommendations([{"id": "eye_contact", "kind": "exercise"}], known) == \
        [{"id": "eye_contact", "kind": "exercise", "because": "", "rule": ""}]
    assert flow.restore_recommendations("x", known) == []


def test_suggestions_never_hold_withheld_ids_or_exercises_after_safety():
    found = [rec("safety"), rec("trusting_yourself"), rec("eye_contact", "exercise"), rec("seeking_help")]
    assert [entry["id"] for entry in flow.suggestions(found, ["seeking_help"])] == ["trusting_yourself"]
    assert [entry["id"] for entry in flow.suggestions(found[1:], [])] == ["trusting_yourself", "eye_contact",
                                                                          "seeking_help"]


def test_result_says_the_top_three_with_reasons_and_shows_no_card():
    found = [rec("rebuilding_after_lying", because="because you said a lie still hurts"),
             rec("everyday_habits", because="because talking is hard"),
             rec("question_round", "exercise", because="because talking is hard"),
             rec("red_flags", because="because there is drama")]
    said = result(found, [], "en-US")
    text = said.speech.text
    assert "Because you said a lie still hurts, the part on rebuilding trust after a lie may help." in text
    assert "The part on three everyday habits" not in text  # same reason: said once
    assert "So may an exercise: a question and answer round" in text
    assert "red flags" not in text.lower()
    assert said.offer == {RECOMMENDATION: 0}
    assert text.endswith("Would you like to hear the part on rebuilding trust after a lie?")
    assert said.card is None, "the list reaches the Alexa app only when asked for (skill/handlers/cards.py)"


def test_the_card_asked_for_lists_titles_only_never_a_reason_or_an_answer():
    found = [rec("rebuilding_after_lying", because="because you said a lie still hurts"),
             rec("question_round", "exercise", because="because talking is hard")]
    card = results_card(found, "en-US")
    assert card.content.startswith("Rebuilding trust after a lie.\nA question and answer round, an exercise.\n")
    assert "because" not in card.content.lower() and "you said" not in card.content.lower()
    assert "not a substitute" in card.content


def test_result_after_fear_or_harm_gives_safety_first_and_no_couple_exercise():
    found = [rec("safety", because="because you said you feel unsafe"), rec("trusting_yourself"),
             rec("eye_contact", "exercise")]
    said = result(found, ["seeking_help"], "en-GB")
    text = said.speech.text
    # The turn ends with the safety message and a question; the suggestions follow on yes. No card.
    assert "nine nine nine" in text and "trusting yourself" not in text.lower()
    assert text.endswith("Would you like to hear the number again, or one idea that may help?")
    assert said.offer == {"recommendation": 0} and said.card is None
    assert "eye contact" not in text.lower()
    assert said.speech.timed_seconds <= MAX_AUDIO_SECONDS


def test_result_when_nothing_is_suggested_offers_an_exercise_or_after_safety_trusting_yourself():
    calm = result([], [], "en-US")
    assert calm.offer == {"exercise": None}
    unsafe = result([rec("safety")], [], "en-US")
    assert unsafe.offer == {"section": "trusting_yourself"}
    assert unsafe.card is None and "nine one one" in unsafe.speech.text


def test_a_suggestion_kept_without_its_reason_is_still_said_plainly():
    said = result([rec("red_flags", because=""), rec("eye_contact", "exercise", because="")], [], "en-US")
    assert "The part on red flags may help." in said.speech.text
    assert "So may an exercise: eye contact." in said.speech.text
    assert "Because ," not in said.speech.text
    assert results_card(flow.suggestions([rec("red_flags", because=""), rec("eye_contact", "exercise", because="")],
                                         []), "en-US").content.startswith("Red flags.\nEye contact, an exercise.\n")
