"""Timed exercises through the whole skill: every exercise at its shortest, default and longest duration times the
right silence in every response, within Alexa's limits; withheld exercises are never run."""
from __future__ import annotations

from xml.etree import ElementTree

import pytest

from skill import content

from skill.devtools import envelopes
from skill.devtools.chat_session import ChatSession
from skill.devtools.resolver import resolver_for
from skill.conversation.exercise_timing import round_lengths
from skill.voice.flow_wording import spoken_duration
from skill.devtools.resolution import Resolution, SlotValue
from tests.alexa_limits_support import break_seconds, response_problems

EXERCISES = content.exercises()
SLOT_WORDS = {"share_personal": "share something personal", "forgiveness": "forgiveness", "eye_contact": "eye contact",
              "question_round": "question and answer", "three_things": "three things"}
CASES = [(exercise_id, which) for exercise_id in EXERCISES for which in ("min", "default", "max")]


def breaks_in(turn) -> float:
    root = ElementTree.fromstring(turn.ssml)
    return sum(break_seconds(element.get("time")) for element in root.iter("break"))


def start(client, attributes: dict | None = None) -> ChatSession:
    chat = ChatSession(client, resolver_for("en-US"))
    chat.say("/launch")
    if attributes:
        chat.session.attributes.update(attributes)
    return chat


def checked(chat: ChatSession, line: str):
    turn = chat.say(line)
    assert not response_problems(turn.response), (line, response_problems(turn.response))
    return turn


@pytest.mark.parametrize("exercise_id, which", CASES)
def test_every_round_times_its_share_and_all_rounds_add_up(client, exercise_id, which):
    seconds = EXERCISES[exercise_id]["duration"][which]
    lengths = round_lengths(EXERCISES[exercise_id], seconds)
    chat = start(client)
    line = f"do the {SLOT_WORDS[exercise_id]} exercise"
    if which != "default":
        line += f" for {spoken_duration(seconds, 'en-US')}"
    set_up = checked(chat, line)
    assert breaks_in(set_up) == 0 and set_up.response["sessionAttributes"]["offer"] == {"ready": exercise_id}
    turns = [checked(chat, "ready")]
    turns += [checked(chat, "next") for _ in lengths[1:]]
    for index, (turn, length) in enumerate(zip(turns, lengths)):
        assert abs(breaks_in(turn) - length) <= 2, (index, breaks_in(turn), length)
        assert not turn.end_session
        session = turn.response["sessionAttributes"]
        if index + 1 < len(lengths):
            assert session["mode"] == "exercise" and session["offer"] == {"round": index + 1}
            assert session["exercise"] == {"id": exercise_id, "seconds": seconds, "round": index,
                                           "rounds": len(lengths)}
        else:
            assert session["mode"] is None and "exercise" not in session
            assert EXERCISES[exercise_id]["cues"]["closing"] in turn.speech
    assert abs(sum(breaks_in(turn) for turn in turns) - seconds) <= 2


def test_repeat_and_start_over_run_a_round_again_and_stop_ends_it(client):
    chat = start(client)
    checked(chat, "do the question and answer exercise for eight minutes")
    first = checked(chat, "yes")
    again = checked(chat, "repeat")
    assert breaks_in(again) == breaks_in(first) and "Begin now" in again.speech
    assert again.response["sessionAttributes"]["exercise"]["round"] == 0
    checked(chat, "next")
    restarted = checked(chat, "start over")  # the round in progress, again: an interruption loses only that
    assert restarted.response["sessionAttributes"]["offer"] == {"round": 2}
    assert "Round two of four" in restarted.speech
    stopped = checked(chat, "stop")
    assert stopped.end_session and "stop the exercise" in stopped.speech


def test_pause_between_rounds_waits_and_resume_plays_the_round_in_progress_again(client):
    chat = start(client)
    checked(chat, "do the share something personal exercise for four minutes")
    first = checked(chat, "ready")
    wait = checked(chat, "hold on")
    assert "Say next" in wait.speech and breaks_in(wait) == 0
    resumed = checked(chat, "continue")
    assert breaks_in(resumed) == breaks_in(first) and resumed.response["sessionAttributes"]["offer"] == {"round": 1}
    assert "Round two of two" in checked(chat, "next").speech


def post(chat: ChatSession, resolution: Resolution):
    """A request the resolver would not make from typed words (an exercise name the model does not know)."""
    body = envelopes.envelope(envelopes.intent_request(resolution, "en-US"), chat.caller, chat.session)
    return chat.client.post("/alexa", json=body).get_json()


def test_an_exercise_alexa_heard_but_could_not_resolve_gets_the_list(client):
    chat = start(client)
    resolution = Resolution("StartExerciseIntent", {
        "Exercise": SlotValue("Exercise", "ExerciseType", "dancing"), "Duration": SlotValue("Duration",
                                                                                           "AMAZON.DURATION")})
    reply = post(chat, resolution)
    assert not response_problems(reply)
    speech = reply["response"]["outputSpeech"]["ssml"]
    assert "I don't know that exercise" in speech and "eye contact" in speech and "Begin now" not in speech


def test_an_exercise_a_rule_withheld_is_not_run_and_another_is_offered(client):
    chat = start(client, {"withheld": ["eye_contact"]})
    turn = checked(chat, "do the eye contact exercise")
    assert "rather not suggest that exercise" in turn.speech and "Begin now" not in turn.speech
    assert turn.response["sessionAttributes"]["offer"] == {"exercise": "share_personal"}
    assert "Let's try this exercise: share something personal" in checked(chat, "yes").speech


def test_when_every_exercise_is_withheld_the_skill_offers_to_talk_about_trusting_yourself(client):
    chat = start(client, {"withheld": list(EXERCISES)})
    turn = checked(chat, "give me an exercise")
    assert "rather not suggest couple exercises" in turn.speech
    assert turn.response["sessionAttributes"]["offer"] == {"section": "trusting_yourself"}


def test_after_safety_words_no_exercise_runs_even_when_offered_before(client):
    chat = start(client)
    checked(chat, "i'm scared of my partner")
    chat.session.attributes["offer"] = {"exercise": "eye_contact"}  # an offer made before the words of fear
    turn = checked(chat, "yes")
    assert "rather not suggest couple exercises" in turn.speech and "Begin now" not in turn.speech
    assert turn.response["sessionAttributes"]["offer"] == {"section": "safety"}


def test_give_me_an_exercise_prefers_what_the_self_check_recommended(client):
    recommended = [{"id": "red_flags", "kind": "section", "because": "because x", "rule": "r.a"},
                   {"id": "eye_contact", "kind": "exercise", "because": "because y", "rule": "r.b"}]
    chat = start(client, {"recommendations": recommended})
    turn = checked(chat, "give me an exercise")
    assert "Your self-check suggested this one: eye contact" in turn.speech
    assert turn.response["sessionAttributes"]["offer"] == {"ready": "eye_contact"}
    checked(chat, "yes")
    assert chat.session.attributes["offer"] == {"exercise": "question_round"}  # the next one in order
