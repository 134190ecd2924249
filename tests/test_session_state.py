"""skill/conversation/session_state.py: session attributes come back in the request, so any of them may be garbage. Each reader
gives a safe default; through the whole skill, whatever they hold, every intent gets a real answer — never the
generic apology, always an open session with a reprompt (a crash would apologise, and the same attributes would make
the next turn crash again).
"""
from __future__ import annotations

import copy
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from skill import content

from skill.devtools import envelopes
from skill.conversation import offers
from skill.conversation import session_state as state
from skill.conversation.said_again import keep
from skill.app import create_app
from skill.devtools.resolution import Resolution, SlotValue
from skill.rulebook.questions import question_ids
from skill.settings import Settings
from skill.voice.speech import Speech
from skill.voice.wording import phrase
from tests.kinds_support import couple_work

APOLOGY = phrase("error", "en-US")
QUESTIONS = question_ids()
SECTION_IDS = sorted(content.sections())
EXERCISE_IDS = sorted(content.exercises())
FOUND = [{"id": "red_flags", "kind": "section", "because": "because you said so", "rule": "concerns.control"},
         {"id": "eye_contact", "kind": "exercise", "because": "because you said so", "rule": "signs.x"}]

# Realistic sessions of each feature; one field of one of them is replaced by garbage.
BASES = [
    {},
    {"mode": "selfcheck", "offer": {"answer": QUESTIONS[2]},
     "selfcheck": {"index": 2, "answers": {QUESTIONS[0]: "yes", QUESTIONS[1]: "no"}}},
    {"offer": {"selfcheck": "resume", "at": "launch"},
     "selfcheck": {"index": 3, "answers": {question: "yes" for question in QUESTIONS[:3]}}},
    {"mode": "exercise", "offer": {"round": 1}, "exercises_done": ["forgiveness"],
     "exercise": {"id": "question_round", "seconds": 240, "round": 0, "rounds": 2}},
    {"nav": {"section": "red_flags", "part": 0, "offer": {"more": "red_flags"}}, "offer": {"more": "red_flags"}},
    {"nav": {"section": "red_flags", "part": 1, "offer": {"section": "fixing_trust_issues"}},
     "offer": {"section": "fixing_trust_issues"}},
    {"offer": {"topics": 1}},
    {"offer": {"exercise": "eye_contact"}, "exercises_done": ["three_things"]},
    {"recommendations": FOUND, "withheld": [], "offer": {"recommendation": 0}},
    {"recommendations": FOUND, "withheld": [], "suggestion": 0, "offer": {"recommendation": 1},
     "nav": {"section": "red_flags", "part": 0, "offer": {"recommendation": 1}}},
    {"recommendations": FOUND, "withheld": ["eye_contact"],
     "offer": {"remember_results": True, "then": {"question": "Would you like that?", "offer": {"recommendation": 0}}}},
    {"safety_concern": True, "nav": {"section": "safety", "part": 0, "offer": {"more": "safety"}},
     "offer": {"more": "safety"}},
    # After the crisis line (its own offer, whose "no" ends the session, is test_crisis.py's).
    {"safety_concern": True, "crisis_line_given": True,
     "nav": {"section": "red_flags", "part": 0, "offer": {"more": "red_flags"}}},
]
FIELDS = {
    "mode": (), "nav": ("section", "part", "offer"), "offer": (
        "section", "more", "topics", "selfcheck", "at", "exercise", "round", "answer", "recommendation",
        "remember_results", "then", "crisis"),
    "selfcheck": ("index", "answers"), "recommendations": (), "withheld": (),
    "exercise": ("id", "seconds", "round", "rounds"), "exercises_done": (), "suggestion": (), "safety_concern": (),
    "crisis_line_given": (), "last_response": ("ssml", "reprompt"), "said": ("nodes", "speech", "reprompt", "offer"),
}
PATHS = [(key,) for key in FIELDS] + [(key, field) for key, fields in FIELDS.items() for field in fields] + [
    ("recommendations", 0, "id"), ("recommendations", 0, "kind"), ("offer", "then", "offer"),
    ("offer", "then", "question"), ("nav", "offer", "section")]
NAMES = sorted({name for fields in FIELDS.values() for name in fields} | {"id", "kind", "question"})
ATOMS = (st.none() | st.booleans() | st.integers() | st.just(10 ** 12)
         | st.floats(allow_nan=False, allow_infinity=False)
         | st.text(max_size=4) | st.sampled_from([*SECTION_IDS, *EXERCISE_IDS, *QUESTIONS, "resume", "launch",
                                                  "selfcheck", "exercise", "section"]))
GARBAGE = st.recursive(ATOMS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(NAMES), inner, max_size=3), max_leaves=6)

INTENTS = {
    "AMAZON.YesIntent": {}, "AMAZON.NoIntent": {}, "AMAZON.NextIntent": {}, "AMAZON.PreviousIntent": {},
    "AMAZON.RepeatIntent": {}, "AMAZON.HelpIntent": {}, "TellMeMoreIntent": {}, "AMAZON.StartOverIntent": {},
    "AMAZON.ResumeIntent": {}, "AMAZON.PauseIntent": {}, "AMAZON.FallbackIntent": {},
    "AMAZON.NavigateHomeIntent": {}, "ResultsIntent": {}, "StartSelfCheckIntent": {}, "ListTopicsIntent": {},
    "AnswerIntent": {"Answer": SlotValue("Answer", "AnswerType", "sometimes", None)},
    "StartExerciseIntent": {"Exercise": SlotValue("Exercise", "ExerciseType", None, None),
                            "Duration": SlotValue("Duration", "AMAZON.DURATION", "PT3M", None)},
}


def _put(attributes: dict, path: tuple, value) -> dict:
    """`attributes` with the field at `path` set to `value`, making dicts (or a one-entry list) on the way."""
    attributes = copy.deepcopy(attributes)
    holder = attributes
    for step, following in zip(path, path[1:]):
        inner = holder[step] if isinstance(holder, dict) and step in holder or \
            isinstance(holder, list) and isinstance(step, int) and step < len(holder) else None
        if not isinstance(inner, (dict, list)):
            inner = [{}] if isinstance(following, int) else {}
            holder[step] = inner
        holder = inner
    holder[path[-1]] = value
    return attributes


@pytest.fixture(scope="module")
def garbage_client():
    return create_app(Settings(verify_requests=False, database="none")).test_client()


def answer_to(client, intent: str, attributes: dict) -> dict:
    request = envelopes.intent_request(Resolution(intent, INTENTS[intent]), "en-US")
    session = envelopes.SessionState(new=False, attributes=attributes)
    answer = client.post("/alexa", json=envelopes.envelope(request, envelopes.Caller(), session))
    assert answer.status_code == 200
    return answer.get_json()


@hypothesis_settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(BASES), path=st.sampled_from(PATHS), value=GARBAGE, intent=st.sampled_from(sorted(INTENTS)))
def test_garbage_in_any_session_attribute_never_breaks_a_turn(garbage_client, base, path, value, intent):
    attributes = _put(base, path, value)
    response = answer_to(garbage_client, intent, attributes)["response"]
    ssml = response["outputSpeech"]["ssml"]
    assert APOLOGY not in ssml, (intent, attributes)
    assert response.get("shouldEndSession") is False and response["reprompt"]["outputSpeech"]["ssml"]
    ElementTree.fromstring(ssml)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(attributes=st.dictionaries(st.sampled_from(sorted(FIELDS)), GARBAGE, max_size=6),
       intent=st.sampled_from(sorted(INTENTS)))
def test_a_session_of_garbage_only_never_breaks_a_turn(garbage_client, attributes, intent):
    response = answer_to(garbage_client, intent, attributes)["response"]
    assert APOLOGY not in response["outputSpeech"]["ssml"], (intent, attributes)
    assert response.get("shouldEndSession") is False and response["reprompt"]["outputSpeech"]["ssml"]


@pytest.mark.parametrize("intent", sorted(INTENTS))
@pytest.mark.parametrize("base", range(len(BASES)))
def test_every_realistic_session_answers_every_intent(garbage_client, base, intent):
    response = answer_to(garbage_client, intent, copy.deepcopy(BASES[base]))["response"]
    assert APOLOGY not in response["outputSpeech"]["ssml"]
    assert response.get("shouldEndSession") is False and response["reprompt"]


# --- the readers, one by one ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [None, [], {}, 5, True, "", ["selfcheck"], {"mode": "selfcheck"}])
def test_a_mode_that_is_not_a_name_is_no_mode(value):
    assert state.mode({"mode": value}) is None
    assert state.mode({"mode": "selfcheck"}) == "selfcheck"


@pytest.mark.parametrize("nav", [[], "red_flags", {"section": []}, {"section": {"id": 1}}, {"section": "gone"},
                                 {"section": None, "part": 1}])
def test_a_place_that_is_not_a_known_section_is_nowhere(nav):
    assert state.place({"nav": nav}) is None and state.nav_offer({"nav": nav}) == {}


@pytest.mark.parametrize("part", [None, "1", 1.0, True, -1, 99, [1]])
def test_a_part_out_of_range_reads_as_the_first(part):
    assert state.place({"nav": {"section": "red_flags", "part": part}}) == ("red_flags", 0)
    assert state.place({"nav": {"section": "red_flags", "part": 1}}) == ("red_flags", 1)


def test_an_offer_keeps_only_its_well_formed_keys():
    offer = {"section": [], "more": "red_flags", "topics": True, "exercise": ["eye_contact"], "round": -1,
             "answer": QUESTIONS[0], "recommendation": "0", "selfcheck": "yes", "at": "launch", "forget": 1,
             "remember_results": True, "then": "Would you like it?", "unknown": 3}
    assert offers.current({"offer": offer}) == {"more": "red_flags", "answer": QUESTIONS[0], "at": "launch",
                                             "remember_results": True}
    assert offers.current({"offer": [1, 2]}) == {} and offers.current({}) == {}


def test_an_exercise_offer_is_a_known_id_or_none_for_one_to_be_picked():
    assert offers.current({"offer": {"exercise": None}}) == {"exercise": None}
    assert offers.current({"offer": {"exercise": "eye_contact"}}) == {"exercise": "eye_contact"}
    assert offers.current({"offer": {"exercise": "gone"}}) == {}


KEPT_QUESTION = keep(question=Speech().say(phrase("menu_question")))


@pytest.mark.parametrize("then, expected", [
    ({"question": KEPT_QUESTION, "offer": {"recommendation": 0, "then": {"question": KEPT_QUESTION}}},
     {"question": KEPT_QUESTION, "offer": {"recommendation": 0}}),
    ({"question": KEPT_QUESTION, "offer": ["recommendation"]}, {"question": KEPT_QUESTION, "offer": {}}),
    ({"question": "Shall we?"}, None), ({"question": ["Shall we?"]}, None), ("Shall we?", None), ([], None),
    ({"question": {"nodes": []}}, None),
])
def test_the_question_waiting_behind_remember_is_read_safely(then, expected):
    assert offers.current({"offer": {"remember_results": True, "then": then}}).get("then") == expected


@pytest.mark.parametrize("value", [1, True, "red_flags", {"id": "red_flags"}, [[1]], [{"kind": "section", "id": []}],
                                   [{"kind": [], "id": "red_flags"}], [{"kind": "section", "id": "gone"}]])
def test_recommendations_that_are_not_a_list_of_known_entries_are_none(value):
    assert state.recommendations({"recommendations": value}) == []
    assert state.suggestions_now({"recommendations": value}) == []


def test_withheld_and_exercises_done_keep_only_known_ids():
    session = {"withheld": ["eye_contact", ["x"], 5, "gone", "seeking_help"],
               "exercises_done": ["eye_contact", [1], True, "gone", {"id": "forgiveness"}]}
    assert state.withheld(session) == ["eye_contact", "seeking_help"]
    assert state.exercises_done(session) == ["eye_contact"]
    for value in (5, True, [[1]], "eye_contact", {"eye_contact": 1}):
        assert state.exercises_done({"exercises_done": value}) == [] and state.withheld({"withheld": value}) == []


def test_an_exercise_length_is_kept_within_the_exercises_limits_and_its_rounds_counted_again():
    limits = content.exercises()["question_round"]["duration"]
    huge = state.exercise({"exercise": {"id": "question_round", "seconds": 10 ** 12, "round": 7, "rounds": 1}})
    assert huge["seconds"] == limits["max"] and huge["round"] == huge["rounds"] - 1 < 10
    tiny = state.exercise({"exercise": {"id": "question_round", "seconds": -5, "round": -2, "rounds": 99}})
    assert tiny["seconds"] == limits["min"] and tiny["round"] == 0 and tiny["rounds"] == 1
    for data in ({"id": ["question_round"], "seconds": 240, "round": 0}, {"id": "question_round", "seconds": "240",
                 "round": 0}, {"id": "question_round", "seconds": 240, "round": None}, "question_round", [1]):
        assert state.exercise({"exercise": data}) is None


def test_a_huge_exercise_length_in_the_session_is_answered_at_once(garbage_client):
    attributes = {"mode": "exercise", "offer": {"round": 1},
                  "exercise": {"id": "question_round", "seconds": 10 ** 12, "round": 0, "rounds": 10 ** 9}}
    response = answer_to(garbage_client, "AMAZON.NextIntent", attributes)
    assert "Round" in response["response"]["outputSpeech"]["ssml"]
    limits = content.exercises()["question_round"]["duration"]
    assert response["sessionAttributes"]["exercise"]["seconds"] <= limits["max"]


@pytest.mark.parametrize("value", [None, "", 0, [], {}])
def test_safety_concern_is_absent_only_when_plainly_absent(value):
    assert state.safety_concern({"safety_concern": value}) is False
    assert state.safety_concern({"safety_concern": True}) is True
    assert state.safety_concern({"safety_concern": "yes"}) is True  # a damaged mark errs on the side of safety


@pytest.mark.parametrize("value", [None, "", 0, [], {}])
def test_the_crisis_mark_is_absent_only_when_plainly_absent(value):
    assert state.crisis_line_given({"crisis_line_given": value}) is False
    assert state.crisis_line_given({"crisis_line_given": True}) is True
    assert state.crisis_line_given({"crisis_line_given": ["x"]}) is True  # offering the line again does no harm


@pytest.mark.parametrize("offer", [None, "repeat", ["crisis", "repeat"], {"crisis": ["repeat"]},
                                   {"crisis": {"repeat": 1}}, {"crisis": None}, {"crisis": True}, {"repeat": "crisis"}])
def test_a_crisis_offer_is_only_the_offer_to_repeat_the_number(offer):
    assert offers.crisis_repeat_offered({"offer": offer}) is False
    assert offers.crisis_repeat_offered({"offer": {"crisis": "repeat"}}) is True
    assert offers.current({"offer": {"crisis": "repeat"}}) == {}, "the other features never read it"


def test_withheld_now_after_safety_is_everything_declared_couple_work():
    assert state.withheld_now({"safety_concern": True}) == couple_work()
    assert state.withheld_now({}) == frozenset()
    assert state.withheld_now({"withheld": ["seeking_help", "safety"]}) == {"seeking_help"}  # safety: never withheld


def test_yes_to_carrying_on_a_self_check_that_is_gone_starts_a_new_one(garbage_client):
    response = answer_to(garbage_client, "AMAZON.YesIntent", {"offer": {"selfcheck": "resume"}})
    assert "Question one" in response["response"]["outputSpeech"]["ssml"]


def test_after_a_failure_the_feature_state_is_let_go_so_it_cannot_fail_again(monkeypatch, garbage_client):
    from skill.alexa import handler
    from skill.handlers import navigation
    from skill.handlers.feature import Row
    from skill.handlers.router import route

    def fail(*_args, **_kwargs):
        raise RuntimeError("boom")

    def browsing_fails(turn):
        feature, row = route(turn)
        return (feature, Row(fail)) if feature is navigation.FEATURE else (feature, row)

    monkeypatch.setattr(handler, "route", browsing_fails)
    attributes = {"mode": None, "nav": {"section": "red_flags", "part": 0, "offer": {"more": "red_flags"}},
                  "offer": {"more": "red_flags"}, "exercise": {"id": "eye_contact"}, "safety_concern": True}
    reply = answer_to(garbage_client, "AMAZON.NextIntent", attributes)
    speech = reply["response"]["outputSpeech"]["ssml"]
    assert APOLOGY in speech and "exercise" not in speech.lower() and "support numbers" in speech
    assert not {"mode", "nav", "exercise", "offer"} & {key for key, value in reply["sessionAttributes"].items()
                                                      if value is not None}
    assert reply["sessionAttributes"]["safety_concern"] is True


def test_leaving_an_exercise_for_the_menu_lets_go_of_it(garbage_client):
    from skill.devtools.chat_session import ChatSession
    from skill.devtools.resolver import resolver_for

    talk = ChatSession(garbage_client, resolver_for("en-US"))
    talk.say("/launch")
    between = talk.say("do the question and answer exercise for eight minutes now")
    assert between.response["sessionAttributes"]["exercise"]["round"] == 0
    not_yet = talk.say("no")  # "not yet": the exercise waits for next
    assert not_yet.response["sessionAttributes"]["exercise"]["round"] == 0
    left = talk.say("main menu")
    attributes = left.response["sessionAttributes"]
    assert attributes["mode"] is None and "exercise" not in attributes


def test_the_parts_heard_are_read_safely():
    from skill.conversation import session_state as state

    garbage = {"visited": [["red_flags", 0], ["nowhere", 0], ["red_flags", 99], "red_flags", ["red_flags"],
                           ["what_is_trust", True], ["what_is_trust", 0]]}
    assert state.visited(garbage) == [("red_flags", 0), ("what_is_trust", 0)]
    assert state.visited({"visited": "red_flags"}) == [] and state.visited({}) == []


def test_the_exercise_chosen_is_read_safely():
    from skill.conversation import session_state as state

    assert state.chosen_exercise({"exercise_chosen": {"id": "eye_contact", "seconds": 9999, "round": 5}}) == \
        {"id": "eye_contact", "seconds": 120, "round": 0, "rounds": 1, "ran": False}
    assert state.chosen_exercise({"exercise_chosen": {"id": "nope", "seconds": 60, "round": 0}}) is None
    assert state.chosen_exercise({"exercise_chosen": ["eye_contact"]}) is None
