"""The spoken self-check through the whole skill: any mix of answers and interruptions keeps the session consistent
and every response within Alexa's limits; the result and its card are what the rules found."""
from __future__ import annotations

from skill.voice.flow_wording import spoken_number

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from skill.devtools.chat_session import ChatSession

from skill.devtools.resolver import resolver_for
from skill.content import exercise_ids
from skill.rulebook.questions import question_ids, questions
from tests.alexa_limits_support import response_problems

IDS = question_ids()
ANSWER_LINES = {"yes": "yes", "no": "no", "sometimes": "sometimes", "not sure": "not sure", "kind of": "sometimes",
                "i don't know": "not sure", "never": "no", "most of the time": "yes", "skip": "skipped",
                "next": "skipped", "i'd rather not say": "skipped"}
SAME_QUESTION = ["repeat", "help", "blah blah banana", ("hold on", "continue"),
                 ("main menu", "continue my self-check", "yes"),
                 ("i'm scared of my partner", "continue my self-check", "yes"),
                 ("why did you suggest that", "continue my self-check", "yes"),
                 ("the second one", "continue my self-check", "yes")]
STEP = st.one_of(st.sampled_from(sorted(ANSWER_LINES)), st.sampled_from(sorted(ANSWER_LINES)),
                 st.sampled_from(sorted(ANSWER_LINES)), st.just("go back"), st.just("start over"),
                 st.sampled_from(SAME_QUESTION))


def start(client) -> ChatSession:
    chat = ChatSession(client, resolver_for("en-US"))
    chat.say("/launch")
    return chat


def checked(chat: ChatSession, line: str):
    turn = chat.say(line)
    assert not response_problems(turn.response), (line, response_problems(turn.response))
    return turn


def attributes(turn) -> dict:
    return turn.response.get("sessionAttributes") or {}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=25), ending=st.sampled_from(["finish", "stop", "none"]),
       last_answers=st.lists(st.sampled_from(sorted(ANSWER_LINES)), min_size=len(IDS), max_size=len(IDS)))
def test_any_answers_and_interruptions_keep_the_session_consistent(client, steps, ending, last_answers):
    chat = start(client)
    turn = checked(chat, "start a self-check")
    index, answers, fear_heard = 0, {}, False
    if ending == "finish":
        steps = [*steps, *last_answers]  # twelve more answers always reach the end
    for step in steps:
        lines = step if isinstance(step, tuple) else (step,)
        for line in lines:
            turn = checked(chat, line)
        fear_heard = fear_heard or "i'm scared of my partner" in lines
        if isinstance(step, tuple) and step[-1] == "yes" and not answers:
            index, answers = 0, {}  # nothing to continue: said so, and "yes" starts a new self-check
        elif step in ANSWER_LINES:
            answers[IDS[index]] = ANSWER_LINES[step]
            index += 1
        elif step == "go back":
            index = max(0, index - 1)
        elif step == "start over":
            index, answers = 0, {}
        if index == len(IDS):
            event("finished the self-check")
            assert_result(turn, answers, fear_heard)
            return
        state = attributes(turn)["selfcheck"]
        assert state == {"index": index, "answers": answers}
        assert attributes(turn)["mode"] == "selfcheck"
        assert questions()[index].text in turn.speech
    if ending == "stop":
        turn = checked(chat, "stop")
        # Without a store (this client keeps nothing between visits) the goodbye promises no "continue" next time.
        assert turn.end_session and "Goodbye" in turn.speech and "continue my self-check" not in turn.speech
        assert attributes(turn)["selfcheck"] == {"index": index, "answers": answers}


RESULT_LINES = ["yes", "no", "next", "the second one", "play number three", "number five", "why did you suggest that",
                "which one should I start with", "what were my results", "what did you tell me last time",
                "tell me more", "go back", "repeat", "blah blah banana", "ready"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(st.sampled_from(sorted(ANSWER_LINES)), min_size=len(IDS), max_size=len(IDS)),
       lines=st.lists(st.sampled_from(RESULT_LINES), min_size=1, max_size=12))
def test_any_way_of_acting_on_the_results_keeps_the_offer_consistent(client, answers, lines):
    chat = start(client)
    checked(chat, "start a self-check")
    for line in answers:
        checked(chat, line)
    for line in lines:
        turn = checked(chat, line)
        if turn.end_session:
            return
        session = attributes(turn)
        offered = [entry for entry in session.get("recommendations", []) if entry["id"] != "safety"]
        index = (session.get("offer") or {}).get("recommendation")
        if index is not None:
            assert index < len(offered), (line, index, offered)
        if session.get("safety_concern"):
            assert "Begin now" not in turn.speech


def assert_result(turn, answers: dict, fear_heard: bool = False) -> None:
    """The result; fear in the answers, or words of fear heard earlier in the session, put safety first."""
    session = attributes(turn)
    assert "selfcheck" not in session and session["mode"] is None
    assert turn.card is None, "no card unless asked for: the Alexa app is shared"
    unsafe_answer = answers[IDS[-1]] in questions()[-1].concern
    if unsafe_answer or fear_heard:
        event("the answers suggest fear" if unsafe_answer else "words of fear were heard before the result")
        speech = turn.speech
        assert "You deserve to be safe" in speech and "1-800-799-7233" in speech
        if "may help" in speech:
            assert speech.index("You deserve to be safe") < speech.index("may help")
        assert session["safety_concern"] is True
        assert "exercise may help" not in speech
    else:
        assert "You deserve to be safe" not in turn.speech
    if unsafe_answer:
        assert set(exercise_ids()) <= set(session["withheld"])
        assert all(entry["kind"] != "exercise" for entry in session["recommendations"])


def play(client, lines: list[str]):
    chat = start(client)
    return [checked(chat, line) for line in lines]


SAFETY_ANSWERS = ["yes"] * 6 + ["no"] * 5 + ["yes"]
LIE_ANSWERS = ["yes", "no", "sometimes", "skip", "skip", "sometimes", "yes", "no", "no", "yes", "no", "no"]


def test_the_card_comes_only_when_asked_for_after_a_word_on_who_can_see_it(client):
    result = play(client, ["start a self-check", *LIE_ANSWERS])[-1]
    recommendations = attributes(result)["recommendations"]
    assert len(recommendations) > 3 and result.card is None
    assert result.speech.count("may help") <= 3


def test_after_fear_no_exercise_is_offered_and_every_request_for_one_is_declined(client):
    turns = play(client, ["start a self-check", *SAFETY_ANSWERS, "give me an exercise", "do the eye contact exercise",
                          "yes"])
    result, picked, named, support = turns[-4:]
    assert "call nine one one" in result.speech and "1-800-799-7233" in result.speech
    assert "exercise may help" not in result.speech
    for turn in (picked, named):
        assert "rather not suggest couple exercises" in turn.speech and "Begin now" not in turn.speech
    assert "You deserve to be safe" in support.speech


def test_a_question_answered_again_after_going_back_is_kept_once(client):
    turns = play(client, ["start a self-check", "yes", "no", "go back", "go back", "sometimes", "not sure"])
    assert attributes(turns[-1])["selfcheck"] == {"index": 2, "answers": {IDS[0]: "sometimes", IDS[1]: "not sure"}}
    # No voice Alexa recognised: the earlier answer is not said aloud (a recognised voice hears it: test_shared_device).
    assert "Last time" not in turns[-3].speech


def test_a_damaged_session_state_starts_the_questions_again_rather_than_failing(client):
    chat = start(client)
    checked(chat, "start a self-check")
    chat.session.attributes["selfcheck"] = {"index": "three", "answers": []}
    turn = checked(chat, "yes")
    assert attributes(turn)["selfcheck"] == {"index": 1, "answers": {IDS[0]: "yes"}}


@pytest.mark.parametrize("locale", ["en-GB", "en-AU", "en-IN", "en-CA"])
def test_the_self_check_speaks_every_locale_with_its_own_safety_numbers(client, locale):
    chat = ChatSession(client, resolver_for(locale), locale=locale)
    chat.say("/launch")
    turn = checked(chat, "start a self-check")
    assert f"{spoken_number(len(questions()))} short questions" in turn.speech
    for line in SAFETY_ANSWERS:
        turn = checked(chat, line)
    assert "You deserve to be safe" in turn.speech and turn.card is None
