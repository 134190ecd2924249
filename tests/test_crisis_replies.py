"""Crisis replies, as conversations at the console: every crisis reply says the emergency number, urgent words say it
first, "repeat" then "yes" says the number, a no to the direct question never hears "I'm glad", and after the number
one thing to do now: a minute of slow breathing, then someone they trust to be with.

Urgent kinds and the listener's new fields are given by hand-built Hearing values (`heard_as`), so these dialogues
hold whatever the listener's data names today.
"""
from __future__ import annotations

import re

import pytest

from skill import content
from skill.conversation.grounding import MAX_SECONDS, estimated_seconds, grounding_speech
from skill.conversation.support import urgent_kinds
from skill.content import locale_registry
from skill.listener import Hearing
from skill.listener.hearing import FAIRLY_SURE, SURE
from tests.hearing_support import heard_as  # noqa: F401 (a fixture)

SAFETY = content.load("safety")["locales"]
CRISIS_WORDS = content.load("crisis")
LOCALES = locale_registry.names()
MENU_WORDS = ("What would you like", "self-check", "exercise")
# Safe-messaging guidance (988, Samaritans, AFSP): no methods named, no lecture, no argument about the value of life.
METHODS = re.compile(r"\b(pills?|tablets?|overdose|rope|hang|jump|bridge|knife|gun|blade|poison|cut)\b", re.IGNORECASE)
LECTURE = re.compile(r"\b(you should|selfish|so much to live for|think of your|don't do it|promise me)\b",
                     re.IGNORECASE)


def emergency_sentence(locale: str, key: str = "emergency") -> str:
    return CRISIS_WORDS[key].format(emergency=SAFETY[locale]["emergency"])


@pytest.mark.parametrize("locale", LOCALES)
def test_the_unclear_check_says_the_emergency_number_and_asks_directly(chat, locale):
    talk = chat(locale)
    talk.launch()
    turn = talk.say("I can't do this anymore")
    assert emergency_sentence(locale) in turn.speech
    assert "I can't place calls" in turn.speech and SAFETY[locale]["crisis"]["numbers"][0] in turn.speech
    assert turn.speech.endswith(CRISIS_WORDS["check_question"]) and turn.end_session is False


def test_urgent_words_put_the_emergency_number_first(chat, heard_as):
    heard_as({"stocked up on everything i need": Hearing("crisis", "means", 0.95, SURE)})
    talk = chat()
    talk.launch()
    turn = talk.say("I've stocked up on everything I need")
    assert turn.speech.startswith(emergency_sentence("en-US", "emergency_first"))
    assert turn.speech.index("nine one one") < turn.speech.index("988")
    again = talk.say("yes")
    assert again.speech.startswith("Here it is again. " + emergency_sentence("en-US", "emergency_first")), \
        "the number said again keeps the emergency number first"


def test_every_kind_named_urgent_in_the_data_puts_it_first(chat, heard_as):
    for kind in sorted(urgent_kinds()):
        heard_as({"i have got it all worked out now": Hearing("crisis", kind, 0.95, SURE)})
        talk = chat()
        talk.launch()
        turn = talk.say("I have got it all worked out now")
        assert turn.speech.startswith(emergency_sentence("en-US", "emergency_first")), kind


def test_a_no_to_the_check_after_urgent_words_is_not_glad_and_says_the_number_again(chat, heard_as):
    heard_as({"i took them all": Hearing("crisis", "overdose", 0.62, FAIRLY_SURE)})
    talk = chat()
    talk.launch()
    asked = talk.say("I took them all")
    assert asked.speech.startswith(emergency_sentence("en-US", "emergency_first"))
    assert asked.speech.endswith(CRISIS_WORDS["check_question"])
    answer = talk.say("no")
    assert "glad" not in answer.speech.lower()
    assert "call nine one one from a phone now" in answer.speech


def test_a_no_to_the_check_is_never_glad(chat):
    talk = chat()
    talk.launch()
    talk.say("I can't do this anymore")
    answer = talk.say("no")
    assert answer.intent == "AMAZON.NoIntent" and "glad" not in answer.speech.lower()
    assert "crisis line" in answer.speech, "the menu still offers the line"


def test_repeat_then_yes_says_the_number_not_a_menu(chat):
    talk = chat()
    talk.launch()
    first = talk.say("I want to die")
    repeated = talk.say("repeat")
    assert repeated.ssml == first.ssml
    turn = talk.say("yes")
    assert turn.intent == "AMAZON.YesIntent"
    assert '<say-as interpret-as="telephone">988</say-as>' in turn.ssml
    assert not any(word in turn.speech for word in MENU_WORDS)


def test_after_the_number_a_minute_of_breathing_then_someone_they_trust(chat):
    talk = chat()
    talk.launch()
    talk.say("I want to die")
    offered = talk.say("yes")
    assert offered.speech.endswith(CRISIS_WORDS["grounding_question"])
    breathing = talk.say("yes")
    assert breathing.ssml.count("<break") >= 6, "the breaths are timed inside the response"
    assert "someone you trust" in breathing.speech and breathing.speech.endswith(CRISIS_WORDS["question"])
    assert '<say-as interpret-as="telephone">988</say-as>' in talk.say("yes").ssml
    assert talk.say("no").end_session is True


def test_no_to_the_number_after_the_breathing_ends_without_offering_it_again(chat):
    talk = chat()
    talk.launch()
    talk.say("I want to die")
    talk.say("no")
    talk.say("yes")
    ended = talk.say("no")
    assert ended.end_session is True and "someone you trust" in ended.speech


def test_no_to_the_number_offers_the_minute_and_no_again_ends_with_someone_they_trust(chat):
    talk = chat()
    talk.launch()
    talk.say("I want to die")
    offered = talk.say("no")
    assert offered.end_session is False and offered.speech.endswith(CRISIS_WORDS["grounding_question"])
    ended = talk.say("no")
    assert ended.end_session is True and "someone you trust" in ended.speech and ended.card is None


@pytest.mark.parametrize("locale", LOCALES)
def test_the_breathing_is_hands_free_and_under_a_minute(locale):
    speech = grounding_speech(locale)
    assert 20 <= speech.timed_seconds and estimated_seconds(speech) <= MAX_SECONDS
    assert "?" not in speech.text, "nothing to answer while breathing"


def test_the_crisis_words_follow_safe_messaging():
    texts = [text for text in CRISIS_WORDS.values() if isinstance(text, str)]
    texts += [text for text in content.load("grounding").values() if isinstance(text, str)]
    texts += list(content.load("grounding")["breath"].values())
    spoken = [text for text in texts if isinstance(text, str)]
    assert not [text for text in spoken if METHODS.search(text)], "no method is ever named"
    assert not [text for text in spoken if LECTURE.search(text)], "no lecture"
    assert "directly" in CRISIS_WORDS["check_question"] and "ending your life" in CRISIS_WORDS["check_question"]


def test_crisis_words_with_harm_words_say_both_lines(chat, heard_as):
    heard_as({"he beats me and i want to end it all": Hearing("crisis", "passive_wish", 0.95, SURE,
                                                               also=("harm",))})
    talk = chat()
    talk.launch()
    turn = talk.say("he beats me and I want to end it all")
    assert '<say-as interpret-as="telephone">988</say-as>' in turn.ssml
    assert '<say-as interpret-as="telephone">1-800-799-7233</say-as>' in turn.ssml


def test_harm_words_with_crisis_words_beside_them_reach_the_crisis_line_and_the_helpline(chat, heard_as):
    heard_as({"he chokes me and i have no reason to live": Hearing("harm", "violence", 0.95, SURE,
                                                                    also=("crisis",))})
    talk = chat()
    talk.launch()
    turn = talk.say("he chokes me and I have no reason to live")
    assert '<say-as interpret-as="telephone">988</say-as>' in turn.ssml
    assert '<say-as interpret-as="telephone">1-800-799-7233</say-as>' in turn.ssml
    attributes = turn.response["sessionAttributes"]
    assert attributes["safety_disclosed"] is True and attributes["crisis_line_given"] is True
