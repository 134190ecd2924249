"""The safety path: words of fear or harm get the locale's emergency number and helpline first, from anywhere in the
skill, with no card in the shared Alexa app, and afterwards the skill no longer suggests couple activities or joint
counselling.
"""
from __future__ import annotations

import re

import pytest

from skill import content

from skill.conversation import browse
from skill.content import locale_registry
from skill.conversation.session_state import SAFETY_CONCERN
from skill.conversation.support import safety_speech
from skill.devtools.resolver import Resolver, load_model
from tests.chat_support import attributes_of
from tests.kinds_support import couple_work

LOCALES = locale_registry.names()
SAFETY = content.load("safety")["locales"]
FIELDS = ("emergency", "emergency_number", "helpline_name", "serves", "helpline", "helpline_number", "other_numbers",
          "also", "card", "source", "confirmed")


def numbers(locale: str) -> list[str]:
    resources = SAFETY[locale]
    return [number for number in [resources["helpline_number"], *resources["other_numbers"]] if number]


def assert_safety_answer(turn, locale: str) -> None:
    assert turn.intent in ("SafetyIntent", "TopicIntent", "AMAZON.YesIntent")
    assert SAFETY[locale]["emergency"] in turn.speech
    assert "I can't place calls, so please use a phone." in turn.speech
    for number in numbers(locale):
        assert f'<say-as interpret-as="telephone">{number}</say-as>' in turn.ssml
    assert turn.card is None, "no trace in the shared Alexa app"
    assert turn.end_session is False and turn.reprompt
    attributes = attributes_of(turn)
    assert attributes.get("mode") is None
    assert attributes.get(SAFETY_CONCERN) is True
    assert attributes.get("offer") == {"more": "safety"}


def test_every_model_locale_has_its_safety_resources_with_a_source():
    assert set(LOCALES) <= set(SAFETY)
    for locale in LOCALES:
        assert all(field in SAFETY[locale] for field in FIELDS), locale
        assert SAFETY[locale]["source"].strip() and SAFETY[locale]["card"].strip()


@pytest.mark.parametrize("locale", LOCALES)
def test_safety_speech_reads_each_number_as_a_telephone_number(locale):
    speech = safety_speech(locale)
    assert SAFETY[locale]["emergency"] in speech.text
    for number in numbers(locale):
        assert f'<say-as interpret-as="telephone">{number}</say-as>' in speech.ssml
    assert "?" not in speech.text, "the caller adds its own question"


def test_numbers_differ_by_locale():
    heard = {locale: safety_speech(locale).ssml for locale in LOCALES}
    assert "1-800-799-7233" in heard["en-US"] and "0808 2000 247" in heard["en-GB"]
    assert "1800 737 732" in heard["en-AU"] and ">181<" in heard["en-IN"]
    assert "shelter safe" in heard["en-CA"] and '<say-as interpret-as="telephone">211</say-as>' in heard["en-CA"]
    assert "999" not in heard["en-US"] and "1-800" not in heard["en-GB"]


@pytest.mark.parametrize("locale", LOCALES)
def test_safety_words_at_launch_give_the_locales_resources(locale, chat):
    talk = chat(locale)
    talk.say("/launch")
    assert_safety_answer(talk.say("I'm scared of my partner"), locale)


def test_safety_words_mid_self_check_end_the_self_check_first(chat):
    talk = chat()
    talk.say("/launch")
    question = talk.say("start a self check")
    assert attributes_of(question).get("mode") == "selfcheck"
    assert_safety_answer(talk.say("my partner hurts me"), "en-US")
    following = talk.say("yes")  # answers the safety offer, not the self-check question
    assert "a helpline can guide you" in following.speech.lower()


def test_safety_words_mid_exercise_end_the_exercise_first(chat):
    talk = chat()
    talk.say("/launch")
    exercise = talk.say("do the question and answer exercise now")  # it runs in rounds, waiting for "next"
    assert attributes_of(exercise).get("mode") == "exercise", exercise.speech
    assert_safety_answer(talk.say("I don't feel safe at home"), "en-US")


def test_safety_words_while_browsing_a_section(chat):
    talk = chat()
    talk.say("tell me about red flags")
    assert_safety_answer(talk.say("my husband hits me"), "en-US")


def test_safety_words_in_any_feature_mode_even_an_unknown_one(chat):
    talk = chat(attributes={"mode": "something-new", "offer": {"whatever": 1}})
    assert_safety_answer(talk.say("i'm afraid to go home"), "en-US")


def test_the_safety_topic_by_name_gives_the_same_answer(chat):
    talk = chat()
    assert_safety_answer(talk.say("where to find support"), "en-US")


@pytest.mark.parametrize("locale", LOCALES)
def test_every_safety_sample_is_heard_as_safety(locale):
    resolver = Resolver.from_locale(locale)
    language = load_model(locale)["interactionModel"]["languageModel"]
    samples = next(intent["samples"] for intent in language["intents"] if intent["name"] == "SafetyIntent")
    missed = [sample for sample in samples if resolver.resolve(sample).intent != "SafetyIntent"]
    assert not missed


@pytest.mark.parametrize("utterance", [
    "um I'm really scared of my partner", "please my husband hits me", "I'm so afraid to go home",
    "Alexa, tell trust builder my partner hurts me", "I am scared of my husband",
])
def test_distress_said_in_other_words_is_still_heard_as_safety(utterance):
    assert Resolver.from_locale("en-US").resolve(utterance).intent == "SafetyIntent"


@pytest.mark.parametrize("section_id", sorted(content.sections()))
def test_after_safety_no_offer_leads_to_couple_activities_or_joint_counselling(section_id):
    for part in range(browse.part_count(section_id)):
        _speech, _reprompt, offer = browse.section_speech(section_id, part, "en-US",
                                                          withheld=browse.withheld_now(safety_concern=True))
        chosen = offer.get("exercise", "")  # None: an exercise still to be picked, among those not couple work
        assert chosen not in couple_work() and (chosen is not None or content.exercise_ids() - couple_work())
        assert offer.get("section") not in couple_work(), (section_id, part, offer)


def test_after_safety_the_topic_list_is_everything_not_declared_couple_work():
    listed = browse.topic_order(browse.withheld_now(safety_concern=True))
    assert set(listed) == set(content.sections()) - couple_work()
    assert "safety" in listed and set(browse.topic_order()) == set(content.sections())


def test_after_safety_asking_for_couple_exercises_explains_why_not(chat):
    talk = chat()
    talk.say("my partner hurts me")
    turn = talk.say("tell me about trust exercises")
    assert "won't suggest couple activities" in turn.speech
    assert attributes_of(turn)["offer"] == {"section": "safety"}
    assert_safety_answer(talk.say("yes"), "en-US")  # yes: the support numbers again


def test_after_safety_no_gives_a_menu_without_exercises(chat):
    talk = chat()
    talk.say("my partner hurts me")
    turn = talk.say("no")
    assert "support numbers" in turn.speech and "exercise" not in turn.speech.lower()
    assert_safety_answer(talk.say("support numbers"), "en-US")


def test_after_safety_help_and_fallback_offer_support_not_couple_activities(chat):
    talk = chat()
    talk.say("my partner hurts me")
    talk.say("no")
    for line in ("help", "blorp fizzle wug"):
        turn = talk.say(line)
        assert "support numbers" in turn.speech and "exercise" not in turn.speech.lower(), line
        assert turn.speech.endswith("?")


def test_what_the_safety_rule_withholds_is_what_the_content_declares_couple_work():
    """Safety by words (navigation) and by answers (rules) must agree: the start-up check holds for shipped rules."""
    from skill.rulebook.engine import default_rulebook

    safety_rule = default_rulebook().rules["safety.feels_unsafe"]
    assert safety_rule.withhold == couple_work()


# Words of fear about a partner, in every form the model must know (a reviewer found several going to "yes" or to
# a fallback): who is feared, and what they do.
PARTNERS = ("partner", "husband", "wife", "boyfriend", "girlfriend")
FEAR_PHRASINGS = sorted({
    *(f"{start} {feeling} of my {partner}" for start in ("i'm", "i am") for feeling in ("afraid", "scared", "frightened")
      for partner in PARTNERS),
    *(f"my {partner} {deed}" for partner in PARTNERS
      for deed in ("threatens me", "is violent", "hits me", "hurts me", "choked me", "strangled me")),
    *(f"{who} {deed}" for who in ("he", "she") for deed in ("threatens me", "is violent", "choked me", "strangled me")),
})
# Alexa resolves a whole utterance to a slot value it contains: a synonym of a bare pronoun and verb turns words of
# fear ("i am afraid of my wife", "he does scare me") into an answer.
BARE_PRONOUN_ANSWER = re.compile(r"^(?:i|we|you|he|she|it|they)(?:'m|'re|'s)? (?:not )?"
                                 r"(?:am|are|is|do|does|don't|doesn't|isn't|aren't|not)$")


@pytest.mark.parametrize("locale", LOCALES)
def test_every_form_of_fear_of_a_partner_is_heard_as_safety(locale):
    resolver = Resolver.from_locale(locale)
    heard = {utterance: resolver.resolve(utterance).intent for utterance in FEAR_PHRASINGS}
    assert {utterance: intent for utterance, intent in heard.items() if intent != "SafetyIntent"} == {}


@pytest.mark.parametrize("locale", LOCALES)
def test_no_answer_is_a_bare_pronoun_and_verb(locale):
    language = load_model(locale)["interactionModel"]["languageModel"]
    answers = next(kind for kind in language["types"] if kind["name"] == "AnswerType")
    bare = [synonym for value in answers["values"] for synonym in [value["name"]["value"], *value["name"]["synonyms"]]
            if BARE_PRONOUN_ANSWER.match(synonym)]
    assert not bare, f"{locale}: answers that words of fear can hide in: {bare}"


@pytest.mark.parametrize("utterance", ["i am afraid of my wife", "he does scare me", "it is scary at home"])
def test_words_of_fear_never_become_an_answer(utterance):
    assert Resolver.from_locale("en-US").resolve(utterance).intent != "AnswerIntent"
