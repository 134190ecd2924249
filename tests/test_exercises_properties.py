"""Steering exercises through the whole skill: any sequence of choosing, steering and interrupting keeps the session
consistent (an exercise between rounds, an "are you ready?", or neither) and every response within Alexa's limits."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from skill import content
from skill.conversation.exercise_timing import round_lengths
from skill.devtools.chat_session import ChatSession
from skill.devtools.resolver import resolver_for
from tests.alexa_limits_support import response_problems
from tests.test_exercises_flow import SLOT_WORDS, breaks_in

EXERCISES = content.exercises()
LINES = ["what exercises are there", "tell me about the eye contact exercise", "start the forgiveness exercise",
         "start the question and answer exercise", "give me an exercise", "start three things now",
         "do the question and answer exercise for eight minutes now", "yes", "no", "ready", "next", "a different one",
         "something shorter", "longer", "make it one minute", "make it ten minutes", "how long is left",
         "how many rounds left", "again", "do it again", "we're done", "pause", "resume", "continue", "start again",
         "repeat", "go back", "help", "blah blah banana", "okay we're ready", "main menu"]


def checked(chat: ChatSession, line: str):
    turn = chat.say(line)
    assert not response_problems(turn.response), (line, response_problems(turn.response))
    return turn


def assert_consistent(turn) -> None:
    session = turn.response.get("sessionAttributes") or {}
    offer = session.get("offer") or {}
    running = session.get("exercise")
    if session.get("mode") == "exercise":
        assert running is not None and offer == {"round": running["round"] + 1}
        assert running["round"] + 1 < running["rounds"] == len(round_lengths(EXERCISES[running["id"]],
                                                                                running["seconds"]))
    else:
        assert running is None
    if "ready" in offer:
        chosen = session["exercise_chosen"]
        assert chosen["id"] == offer["ready"] and chosen["ran"] is False and breaks_in(turn) == 0
    chosen = session.get("exercise_chosen")
    if chosen is not None:
        limits = EXERCISES[chosen["id"]]["duration"]
        assert limits["min"] <= chosen["seconds"] <= limits["max"]
        lengths = round_lengths(EXERCISES[chosen["id"]], chosen["seconds"])
        if chosen["ran"] and breaks_in(turn) > 0:  # a round just played: its silence is that round's share
            assert abs(breaks_in(turn) - lengths[chosen["round"]]) <= 2


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.sampled_from(LINES), min_size=1, max_size=20))
def test_any_steering_keeps_the_exercise_state_consistent_and_within_limits(client, lines):
    chat = ChatSession(client, resolver_for("en-US"))
    checked(chat, "/launch")
    for line in lines:
        turn = checked(chat, line)
        if turn.end_session:
            return
        assert turn.speech and "went wrong" not in turn.speech, line
        assert_consistent(turn)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(exercise_id=st.sampled_from(sorted(EXERCISES)), steps=st.lists(st.sampled_from(["shorter", "longer"]),
                                                                     max_size=8))
def test_shorter_and_longer_stay_within_the_range_and_the_timed_total_matches(client, exercise_id, steps):
    chat = ChatSession(client, resolver_for("en-US"))
    checked(chat, "/launch")
    checked(chat, f"start the {SLOT_WORDS[exercise_id]} exercise")
    for step in steps:
        assert_consistent(checked(chat, step))
    seconds = chat.session.attributes["exercise_chosen"]["seconds"]
    turns = [checked(chat, "ready")]
    while (turns[-1].response.get("sessionAttributes") or {}).get("mode") == "exercise":
        turns.append(checked(chat, "next"))
    assert abs(sum(breaks_in(turn) for turn in turns) - seconds) <= 2
