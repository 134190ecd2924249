"""Someone there, in every state: "he's in the room", "not now", "I can't talk" and their everyday variants get a quiet,
neutral goodbye wherever they can be said (launch, each state of each feature's table, the self-check's fear question
and its "is that right?", after a disclosure), never a question about fear, nothing about abuse said aloud, nothing
taken as an answer, no card. After words of ending one's life the goodbye keeps the emergency number, said neutrally.

The states and the journeys that reach them are test_safety_everywhere.py's, so a state added to a table is walked
here too."""
from __future__ import annotations

import re

import pytest

from skill.content import locale_registry
from skill.conversation.not_alone import not_alone
from skill.conversation.support import resources
from skill.devtools.resolver import load_model
from skill.voice.wording import phrase
from tests.test_safety_everywhere import (ANSWERED, JOURNEYS, STORED_JOURNEYS, answers_of, stored_client,  # noqa: F401
                                          walk)

SELFCHECK = ["/launch", "start a self-check"]
# States no feature's table names, where the question asked is about fear or safety, or a disclosure was just heard.
MORE_JOURNEYS = {
    "the fear question": [*SELFCHECK, *ANSWERED[:11]],
    "the fear question's is that right": [*SELFCHECK, *ANSWERED[:11], "probably"],
    "an earlier question's is that right": [*SELFCHECK, "probably"],
    "after a disclosure": ["/launch", "my husband hits me"],
    "after the safety section's next part": ["/launch", "my husband hits me", "yes"],
}
# After words of ending one's life, the goodbye keeps the emergency number (quiet_exit_danger).
AFTER_CRISIS = {"crisis/number_offered", "crisis/check_asked", "crisis/grounding_offered", "listening/undo_asked"}
SOMEONE_THERE = ["he's in the room", "he's listening", "not now", "I can't talk", "she's here", "someone's here",
         "can't talk right now", "not a good time", "no not now", "not now thanks", "now's not a good time",
         "not right now", "she can hear me", "my husband just walked in", "I have to go"]
# Said aloud, any of these would tell someone in the room what the conversation was about.
LOUD = re.compile(r"afraid|safe\b|unsafe|scared|abuse|hurt|hotline|helpline|domestic|violence|partner|crisis|"
                  r"self-check|question|\?", re.IGNORECASE)


def assert_quiet(where: str, said: str, talk, after_crisis: bool):
    before = answers_of(talk.session.attributes)
    turn = talk.say(said)
    expected = phrase("quiet_exit_danger", "en-US", emergency=resources("en-US")["emergency"]) if after_crisis \
        else phrase("quiet_exit", "en-US")
    assert turn.speech == expected, f"{where}: {said!r} -> {turn.intent}: {turn.speech}"
    assert turn.end_session is True and turn.card is None and not LOUD.search(turn.ssml), f"{where}: {said!r}"
    assert len(answers_of(turn.response.get("sessionAttributes") or {})) <= len(before), \
        f"{where}: {said!r} was stored as an answer"


@pytest.mark.parametrize("said", SOMEONE_THERE)
@pytest.mark.parametrize("state", sorted(JOURNEYS))
def test_someone_there_is_answered_quietly_in_every_state(state, said, chat):
    assert_quiet(state, said, walk(chat, JOURNEYS[state]), state in AFTER_CRISIS)


@pytest.mark.parametrize("said", SOMEONE_THERE[::2])
@pytest.mark.parametrize("state", sorted(STORED_JOURNEYS))
def test_someone_there_is_answered_quietly_in_the_states_a_memory_leads_to(state, said, chat, stored_client):
    assert_quiet(state, said, walk(chat, STORED_JOURNEYS[state], stored_client), after_crisis=False)


@pytest.mark.parametrize("said", SOMEONE_THERE)
@pytest.mark.parametrize("where", sorted(MORE_JOURNEYS))
def test_someone_there_is_answered_quietly_at_the_fear_question_and_after_a_disclosure(where, said, chat):
    assert_quiet(where, said, walk(chat, MORE_JOURNEYS[where]), after_crisis=False)


def test_a_bare_not_now_at_the_fear_question_is_not_the_answer_no(chat):
    talk = walk(chat, MORE_JOURNEYS["the fear question"])
    turn = talk.say("not now")
    assert turn.intent == "CannotTalkIntent", "a bare 'not now' must not reach the device as AMAZON.NoIntent"
    assert "no" not in answers_of(turn.response["sessionAttributes"])[11:]


def test_yes_to_the_crisis_question_with_someone_there_is_still_crisis_first(chat):
    turn = walk(chat, JOURNEYS["crisis/check_asked"]).say("yes he's here")
    assert "988" in turn.speech


@pytest.mark.parametrize("locale, said", [("en-GB", "not now love"), ("en-GB", "can't chat now"),
                                          ("en-IN", "cannot talk now"), ("en-AU", "not now mate"),
                                          ("en-GB", "he's in the room"), ("en-IN", "not a good time")])
def test_other_locales_say_it_their_way_and_are_answered_quietly(locale, said, chat):
    talk = chat(locale)
    talk.say("/launch")
    talk.say("start a self-check")
    turn = talk.say(said)
    assert turn.speech == phrase("quiet_exit", locale) and turn.end_session is True, f"{said!r} -> {turn.intent}"


@pytest.mark.parametrize("locale", locale_registry.names())
def test_every_sample_of_the_quiet_intent_is_heard_the_same_in_free_words(locale):
    # On a device the same words may arrive in a phrase slot ("I {words}"): they must mean the same there.
    intents = load_model(locale)["interactionModel"]["languageModel"]["intents"]
    samples = next(intent["samples"] for intent in intents if intent["name"] == "CannotTalkIntent")
    openings = [sample.removesuffix(" {words}") for sample in samples]
    assert [opening for opening in openings if not not_alone(opening)] == []


@pytest.mark.parametrize("said, heard", [("can't talk right now I want to die", "988"),
                                         ("not now I want to end my life", "988"),
                                         ("not right now he's choking me", "call nine one one from a phone"),
                                         ("can't talk right now he hurts me", "call nine one one from a phone"),
                                         ("not a good time he's hitting me", "call nine one one from a phone")])
def test_words_said_after_not_now_are_heard_never_lost_to_the_goodbye(said, heard, chat):
    # Crisis words are crisis first, whatever came before them; harm words keep the emergency number in the goodbye.
    talk = walk(chat, MORE_JOURNEYS["the fear question"])
    turn = talk.say(said)
    assert turn.intent == "CannotTalkIntent" and heard in turn.speech, turn.speech
    assert len(answers_of(turn.response.get("sessionAttributes") or {})) == 11


@pytest.mark.parametrize("words", ["not today", "not a good time to buy a house", "now is not a good time to give up",
                                   "I run every morning", "we talk later about it", "later he hit me",
                                   "the right time to leave him"])
def test_words_that_only_look_like_it_are_not_taken_for_it(words):
    assert not not_alone(words)


@pytest.mark.parametrize("where, ends_with", [("the fear question", "afraid with your partner?"),
                                              ("the fear question's is that right", "Is that right?"),
                                              ("an earlier question's is that right", "Is that right?"),
                                              ("after a disclosure", "?")])
def test_the_journeys_reach_what_they_are_named_for(where, ends_with, chat):
    talk = chat()
    for line in MORE_JOURNEYS[where]:
        turn = talk.say(line)
    assert turn.speech.endswith(ends_with) and not turn.end_session, turn.speech
