"""The crisis path: words of ending one's life get the locale's crisis line and emergency number first, from
anywhere in the skill, warmly and briefly, with the words that Alexa cannot place the call and the offer to hear the
number again; no card, since anyone with access to the Alexa app could read it.
"""
from __future__ import annotations

import re

import pytest

from skill import content

from skill.devtools import envelopes
from skill.conversation import offers
from skill.conversation.support import crisis_speech
from skill.handlers import crisis
from skill.handlers.router import FEATURES
from skill.content import locale_registry
from skill.devtools.resolution import Resolution
from skill.devtools.resolver import Resolver, load_model
from skill.rulebook.questions import question_ids
from skill.voice.wording import phrase

LOCALES = locale_registry.names()
SAFETY = content.load("safety")["locales"]
NAMED_BY_THE_REVIEW = ["I want to kill myself", "I want to die", "I'm thinking of ending my life"]
# Words that name or guess at a condition: the skill never says them to someone in crisis.
DIAGNOSING = re.compile(r"depress|disorder|illness|diagnos|mentally ill|symptom|bipolar|psychotic", re.IGNORECASE)


def answer_to(client, intent: str, attributes: dict) -> dict:
    """The whole reply to `intent` in a session holding `attributes`."""
    request = envelopes.intent_request(Resolution(intent), "en-US")
    session = envelopes.SessionState(new=False, attributes=attributes)
    answer = client.post("/alexa", json=envelopes.envelope(request, envelopes.Caller(), session))
    assert answer.status_code == 200
    return answer.get_json()


def assert_crisis_answer(turn, locale: str) -> None:
    line = SAFETY[locale]["crisis"]
    assert turn.intent == "CrisisIntent"
    assert turn.speech.startswith(line["spoken"].split(line["numbers"][0])[0].strip()), "the crisis line comes first"
    for number in line["numbers"]:
        assert f'<say-as interpret-as="telephone">{number}</say-as>' in turn.ssml
    assert f"call {SAFETY[locale]['emergency']}." in turn.speech
    assert "I can't place calls, so please use a phone." in turn.speech
    assert turn.card is None, "no trace in the shared Alexa app"
    assert turn.speech.endswith("Would you like me to repeat the number?")
    assert turn.reprompt and turn.end_session is False
    assert not DIAGNOSING.search(turn.speech)
    attributes = (turn.response or {}).get("sessionAttributes") or {}
    assert attributes.get("mode") is None and attributes.get("offer") == offers.CRISIS_REPEAT
    assert attributes.get("safety_concern") is True, "no couple activities after it, and no self-check kept"
    assert attributes.get("crisis_line_given") is True, "help, fallback and the menu offer the crisis line again"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("utterance", NAMED_BY_THE_REVIEW)
def test_words_of_ending_ones_life_are_heard_as_crisis(locale, utterance):
    assert Resolver.from_locale(locale).resolve(utterance).intent == "CrisisIntent"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_crisis_sample_is_heard_as_crisis(locale):
    resolver = Resolver.from_locale(locale)
    language = load_model(locale)["interactionModel"]["languageModel"]
    samples = next(intent["samples"] for intent in language["intents"] if intent["name"] == "CrisisIntent")
    assert len(samples) >= 30
    assert [sample for sample in samples if resolver.resolve(sample).intent != "CrisisIntent"] == []


def test_the_crisis_handler_comes_before_every_other():
    assert FEATURES[0] is crisis.FEATURE


@pytest.mark.parametrize("locale", LOCALES)
def test_the_crisis_line_of_each_locale_is_given_with_its_emergency_number(locale, chat):
    talk = chat(locale)
    talk.launch()
    assert_crisis_answer(talk.say("I want to kill myself"), locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_answer_is_short(locale):
    speech, _reprompt = crisis_speech(locale)
    assert len(speech.text.split()) <= 60


def test_mid_self_check_the_self_check_ends_and_yes_repeats_the_number(chat):
    talk = chat()
    assert "Question one" in talk.say("start a self check").speech
    assert "Question two" in talk.say("yes").speech
    turn = talk.say("I'm thinking of ending my life")
    assert_crisis_answer(turn, "en-US")
    again = talk.say("yes")
    assert again.intent == "AMAZON.YesIntent" and again.speech.startswith("Here it is again.")
    assert '<say-as interpret-as="telephone">988</say-as>' in again.ssml and "Question" not in again.speech
    assert again.speech.endswith(phrase_of_crisis("grounding_question")) and again.card is None


def test_mid_exercise_the_exercise_ends(chat):
    talk = chat()
    assert "question and answer" in talk.say("do the question and answer exercise").speech
    assert_crisis_answer(talk.say("I want to die"), "en-US")
    assert not re.search(r"\bround\b", talk.say("next").speech, re.IGNORECASE), "the exercise does not go on"


def phrase_of_crisis(key: str) -> str:
    return content.load("crisis")[key]


def test_no_to_repeating_the_number_then_no_to_breathing_ends_warmly_without_a_card(chat):
    talk = chat()
    talk.launch()
    talk.say("I want to die")
    offered = talk.say("no")
    assert offered.end_session is False and offered.speech.endswith(phrase_of_crisis("grounding_question"))
    turn = talk.say("no")
    assert turn.intent == "AMAZON.NoIntent" and turn.end_session is True
    assert "from a phone" in turn.speech and turn.card is None and "card" not in turn.speech
    assert "self-check" not in turn.speech.lower() and "exercise" not in turn.speech.lower()


def test_repeat_says_the_crisis_answer_again(chat):
    talk = chat()
    talk.launch()
    first = talk.say("I want to die")
    assert talk.say("repeat").ssml == first.ssml


@pytest.mark.parametrize("locale", LOCALES)
def test_the_wording_never_diagnoses(locale):
    texts = [*(text for text in content.load("crisis").values() if isinstance(text, str)),
             SAFETY[locale]["crisis"]["spoken"]]
    assert not [text for text in texts if DIAGNOSING.search(text)]


def test_the_crisis_line_lets_go_of_whatever_feature_held_the_conversation(client):
    attributes = {"mode": "exercise", "offer": {"round": 1},
                  "exercise": {"id": "question_round", "seconds": 240, "round": 0, "rounds": 2}}
    after = answer_to(client, "CrisisIntent", attributes)["sessionAttributes"]
    assert after["mode"] is None and "exercise" not in after and after["offer"] == offers.CRISIS_REPEAT
    stale = {"mode": "selfcheck", "offer": {"answer": question_ids()[0]},
             "selfcheck": {"index": 0, "answers": {}}}
    assert answer_to(client, "CrisisIntent", stale)["sessionAttributes"]["mode"] is None


@pytest.mark.parametrize("offer", [{"crisis": ["repeat"]}, {"crisis": {"repeat": True}}, ["crisis"], "repeat"])
@pytest.mark.parametrize("intent", ["AMAZON.YesIntent", "AMAZON.NoIntent"])
def test_a_damaged_crisis_offer_is_no_offer_and_breaks_nothing(client, offer, intent):
    response = answer_to(client, intent, {"offer": offer, "crisis_line_given": True})["response"]
    speech = response["outputSpeech"]["ssml"]
    assert phrase("error", "en-US") not in speech and "988" not in speech
    assert response.get("shouldEndSession") is False and response["reprompt"]


def test_the_crisis_line_comes_before_the_support_numbers_when_both_were_heard(chat):
    talk = chat()
    talk.launch()
    talk.say("I'm scared of my partner")
    talk.say("I want to die")
    for line in ("help", "blorp fizzle wug", "main menu"):
        turn = talk.say(line)
        assert "crisis line" in turn.speech and "support numbers" not in turn.speech, line
