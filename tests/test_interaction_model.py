"""The interaction models agree with each other and with the code: what the developer console imports is what the
handlers answer, in every locale.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer

from skill import content
from skill.content import locale_registry

from skill.devtools import envelopes
from skill.alexa.turn_of import turn_of
from skill.handlers import basics
from skill.handlers.router import route
from skill.handlers.answers import LEANING
from skill.handlers.hearing import CATCH_ALL_SLOT_TYPE, OPENINGS as RESTORED_OPENINGS
from skill.devtools.chat_session import ChatSession
from skill.devtools.resolver import resolver_for
from skill.devtools.resolution import Resolution
from skill.devtools.resolver import MODEL_DIR, Resolver, load_model
from tests.conversation_support import SCRIPTS

LOCALES = locale_registry.names()
HANDLER_SOURCES = sorted((Path(__file__).resolve().parents[1] / "skill" / "handlers").glob("*.py"))
# Lower case words, apostrophes, periods in abbreviations ("a. b."), slots as {Name}; digits must be spelled out.
LEGAL_SAMPLE = re.compile(r"^(?:[a-z]+(?:'[a-z]+)*\.?|\{[A-Za-z]+\})(?: (?:[a-z]+(?:'[a-z]+)*\.?|\{[A-Za-z]+\}))*$")
LEGAL_VALUE = re.compile(r"^[a-z]+(?:'[a-z]+)*\.?(?: [a-z]+(?:'[a-z]+)*\.?)*$")
REQUIRED_BUILT_INS = {"AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.FallbackIntent",
                      "AMAZON.NavigateHomeIntent"}


def language(locale: str) -> dict:
    return load_model(locale)["interactionModel"]["languageModel"]


def intents_and_slots(locale: str) -> dict[str, list[tuple[str, str]]]:
    return {intent["name"]: [(slot["name"], slot["type"]) for slot in intent.get("slots", [])]
            for intent in language(locale)["intents"]}


def first_handler(intent: str, attributes: dict):
    """The handler ask-sdk would choose for `intent` (no slots filled) in a session holding `attributes`."""
    request = envelopes.intent_request(Resolution(intent), "en-US")
    session = envelopes.SessionState(new=False, attributes=attributes)
    body = envelopes.envelope(request, envelopes.Caller(), session)
    request_envelope = DefaultSerializer().deserialize(json.dumps(body), "ask_sdk_model.RequestEnvelope")
    handler_input = HandlerInput(request_envelope=request_envelope,
                                 attributes_manager=AttributesManager(request_envelope=request_envelope))
    feature, _row = route(turn_of(handler_input))
    return feature


def intents_named_in_handlers() -> set[str]:
    """Intent names the handler modules mention: every one must be in every model."""
    names = set()
    for path in HANDLER_SOURCES:
        names |= set(re.findall(r"[\"']((?:AMAZON\.)?[A-Z][A-Za-z]*Intent)[\"']", path.read_text(encoding="utf-8")))
    return names


def test_the_model_files_are_exactly_the_registered_locales():
    on_disk = sorted(path.name for path in MODEL_DIR.glob("*.json") if path.name != "skill.json")
    assert on_disk == sorted(locale.model for locale in locale_registry.all_locales())
    assert {locale.language for locale in locale_registry.all_locales()} == {"en"}


@pytest.mark.parametrize("locale", LOCALES)
def test_model_is_valid_json_invoked_as_trust_builder(locale):
    path = MODEL_DIR / locale_registry.find(locale).model
    model = json.loads(path.read_text(encoding="utf-8"))
    assert model["interactionModel"]["languageModel"]["invocationName"] == "trust builder"
    assert REQUIRED_BUILT_INS <= set(intents_and_slots(locale))


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_has_the_same_intents_slots_and_slot_values(locale):
    assert intents_and_slots(locale) == intents_and_slots("en-US")
    ids = {kind["name"]: [value.get("id") for value in kind["values"]] for kind in language(locale)["types"]}
    assert ids == {kind["name"]: [value.get("id") for value in kind["values"]] for kind in language("en-US")["types"]}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_slot_type_used_is_defined(locale):
    defined = {kind["name"] for kind in language(locale)["types"]}
    for intent, slots in intents_and_slots(locale).items():
        for name, kind in slots:
            assert kind.startswith("AMAZON.") or kind in defined, f"{intent}.{name}: type {kind} is not defined"


def session_states(client) -> list[dict]:
    """The session attributes the skill really leaves behind, turn by turn, in a conversation with each feature."""
    states = [{}]
    for lines in SCRIPTS.values():
        chat = ChatSession(client, resolver_for("en-US"))
        for line in lines:
            turn = chat.say(line)
            attributes = (turn.response or {}).get("sessionAttributes")
            if attributes and attributes not in states:
                states.append(attributes)
    return states


def test_every_model_intent_has_a_handler_other_than_the_last_resort(client):
    """Each intent is answered on purpose in some state of a real conversation, not by the catch-all."""
    states = session_states(client)
    unhandled = []
    for intent in intents_and_slots("en-US"):
        if intent == "AMAZON.FallbackIntent":
            continue  # the catch-all is its proper handler
        if all(first_handler(intent, state) is basics.LAST_RESORT for state in states):
            unhandled.append(intent)
    assert not unhandled, f"intents in the model that only the last-resort fallback answers: {unhandled}"


def test_the_handler_check_can_fail():
    assert first_handler("NoSuchIntent", {}) is basics.LAST_RESORT


@pytest.mark.parametrize("locale", LOCALES)
def test_every_intent_the_handlers_name_is_in_every_model(locale):
    named = intents_named_in_handlers()
    assert {"TopicIntent", "SafetyIntent", "AMAZON.RepeatIntent"} <= named  # the scan itself works
    missing = named - set(intents_and_slots(locale))
    assert not missing, f"handlers answer intents the {locale} model does not have: {sorted(missing)}"


@pytest.mark.parametrize("locale", LOCALES)
def test_no_sample_utterance_is_under_two_intents(locale):
    owners: dict[str, set[str]] = {}
    for intent in language(locale)["intents"]:
        for sample in intent.get("samples", []):
            owners.setdefault(" ".join(sample.lower().split()), set()).add(intent["name"])
    shared = {sample: sorted(names) for sample, names in owners.items() if len(names) > 1}
    assert not shared, f"{locale}: samples under more than one intent: {shared}"


@pytest.mark.parametrize("locale", LOCALES)
def test_no_intent_repeats_a_sample(locale):
    for intent in language(locale)["intents"]:
        repeated = [s for s, n in Counter(intent.get("samples", [])).items() if n > 1]
        assert not repeated, f"{locale} {intent['name']}: {repeated}"


@pytest.mark.parametrize("locale", LOCALES)
def test_samples_are_alexa_legal(locale):
    slots_of = {intent["name"]: {slot["name"] for slot in intent.get("slots", [])}
                for intent in language(locale)["intents"]}
    bad = []
    for intent in language(locale)["intents"]:
        for sample in intent.get("samples", []):
            named = set(re.findall(r"\{(\w+)\}", sample))
            if not LEGAL_SAMPLE.match(sample) or not named <= slots_of[intent["name"]]:
                bad.append(f"{intent['name']}: {sample!r}")
    assert not bad, (f"{locale}: samples Alexa would reject (lower case words, apostrophes, {{Slot}} only):\n"
                     + "\n".join(bad))


@pytest.mark.parametrize("locale", LOCALES)
def test_every_custom_slot_value_has_synonyms_and_none_is_shared(locale):
    # The catch-all's values are sample sentences, not things to resolve: they need no synonyms and no ids.
    for kind in [kind for kind in language(locale)["types"] if kind["name"] != CATCH_ALL_SLOT_TYPE]:
        seen: dict[str, str] = {}
        for value in kind["values"]:
            names = value["name"]
            assert names.get("synonyms"), f"{locale} {kind['name']}: {names['value']!r} has no synonyms"
            for phrase in [names["value"], *names["synonyms"]]:
                assert LEGAL_VALUE.match(phrase), f"{locale} {kind['name']}: {phrase!r} is not a legal value"
                other = seen.setdefault(phrase, value["id"])
                assert other == value["id"], f"{locale} {kind['name']}: {phrase!r} names both {other} and {value['id']}"


@pytest.mark.parametrize("locale", LOCALES)
def test_topic_values_are_exactly_the_sections(locale):
    topic_type = next(kind for kind in language(locale)["types"] if kind["name"] == "TopicType")
    assert sorted(value["id"] for value in topic_type["values"]) == sorted(content.sections())


@pytest.mark.parametrize("locale", LOCALES)
def test_navigation_and_safety_intents_have_rich_samples(locale):
    counts = {intent["name"]: len(intent.get("samples", [])) for intent in language(locale)["intents"]}
    assert 20 <= counts["TopicIntent"] <= 60
    assert counts["SafetyIntent"] >= 25
    assert counts["ListTopicsIntent"] >= 10
    assert counts["TellMeMoreIntent"] >= 10


PHRASINGS = [
    ("tell me about rebuilding trust after a lie", "TopicIntent", "rebuilding_after_lying"),
    ("how can we rebuild trust after a lie", "TopicIntent", "rebuilding_after_lying"),
    ("how do I know if I can trust him", "TopicIntent", "recognising_trust"),
    ("when should we see a counselor", "TopicIntent", "seeking_help"),
    ("what are the warning signs", "TopicIntent", "red_flags"),
    ("red flags", "TopicIntent", "red_flags"),
    ("why is trust important", "TopicIntent", "why_trust_matters"),
    ("what can you talk about", "ListTopicsIntent", None),
    ("tell me more", "TellMeMoreIntent", None),
    ("I'm scared of my partner", "SafetyIntent", None),
    ("my partner hurts me", "SafetyIntent", None),
    ("I don't feel safe at home", "SafetyIntent", None),
    ("my husband hits me", "SafetyIntent", None),
    ("I'm afraid to go home", "SafetyIntent", None),
    ("um I'm really scared of my partner", "SafetyIntent", None),
]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("utterance, intent, section_id", PHRASINGS, ids=[p[0] for p in PHRASINGS])
def test_natural_phrasings_resolve_in_every_locale(locale, utterance, intent, section_id):
    from skill.voice.wording import localise

    resolution = Resolver.from_locale(locale).resolve(localise(utterance, locale))
    assert resolution.intent == intent, (locale, utterance, resolution)
    if section_id:
        assert resolution.slots["Topic"].resolved.id == section_id


# --- the words people say: a phrase slot behind carrier phrases --------------------------------------------------

PHRASE_SLOT = "AMAZON.SearchQuery"
CATCH_ALL = "TellIntent"
# Requests for what the skill cannot do ("call my wife", "play some music") carry their words too, apart from the
# catch-all: dropped as a carrier, "call" or "play" would leave "my wife" or "some music" to be taken for a story.
ELSEWHERE = "ElsewhereIntent"
# "Not now", "can't talk right now" are all the quiet intent means (a goodbye); what follows them is carried so that
# words of danger said after them ("not now, he has a knife") are heard, never lost to the goodbye.
QUIET = "CannotTalkIntent"
PHRASE_SLOT_INTENTS = {CATCH_ALL, ELSEWHERE, QUIET, *LEANING, *RESTORED_OPENINGS}
# Alexa puts only the words after the carrier phrase in the slot, so a carrier must not hold what changes a sentence's
# meaning: "I'm not {words}" would hand the listener "scared of him".
MEANINGFUL_WORDS = {"not", "no", "never", "nobody", "nothing", "none", "don't", "doesn't", "didn't", "won't", "can't",
                    "isn't", "aren't", "wasn't", "wouldn't", "couldn't", "shouldn't", "haven't", "hasn't", "yes",
                    "yeah", "yep", "nope", "nah", "scared", "afraid", "frightened", "terrified", "hurt", "hit", "kill",
                    "die", "dead", "safe", "unsafe", "abuse", "abused", "abusive", "violent"}
# How people start a story or a question (issue 11): each must open a sample of the catch-all in every locale.
OPENINGS = ["he", "she", "they", "my husband", "my wife", "my partner", "my boyfriend", "my girlfriend", "my ex",
            "my fiance", "i", "i'm", "we", "how do i", "is it normal", "what if", "should i", "why does", "can you"]


def phrase_slot_samples(locale: str) -> list[tuple[str, str, list[str], list[str]]]:
    """(intent, sample, its phrase slots, its other slots) for every sample that names a phrase slot."""
    found = []
    for intent in language(locale)["intents"]:
        types = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            named = re.findall(r"\{(\w+)\}", sample)
            phrase = [name for name in named if types.get(name) == PHRASE_SLOT]
            if phrase:
                found.append((intent["name"], sample, phrase, [name for name in named if name not in phrase]))
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_the_catch_all_intent_carries_what_was_said_in_one_phrase_slot(locale):
    """Behind a carrier in the phrase slot, or with no carrier in the catch-all's custom slot, alone in "{phrase}"."""
    assert intents_and_slots(locale)[CATCH_ALL] == [("words", PHRASE_SLOT), ("phrase", CATCH_ALL_SLOT_TYPE)]
    assert intents_and_slots(locale)[ELSEWHERE] == [("words", PHRASE_SLOT)]
    assert {intent for intent, *_ in phrase_slot_samples(locale)} == PHRASE_SLOT_INTENTS


@pytest.mark.parametrize("locale", LOCALES)
def test_every_phrase_slot_sample_has_a_carrier_phrase(locale):
    """Alexa refuses a sample of the phrase slot alone, even padded with spaces: MissingCarrierPhraseWithPhraseSlot."""
    bare = [sample for _intent, sample, _phrase, _other in phrase_slot_samples(locale)
            if not re.sub(r"\{\w+\}", "", sample).strip()]
    assert not bare, f"{locale}: samples without a carrier phrase: {bare}"


@pytest.mark.parametrize("locale", LOCALES)
def test_a_phrase_slot_stands_alone_in_its_sample(locale):
    """No other slot beside it, and only one of it, in any sample."""
    crowded = [sample for _intent, sample, phrase, other in phrase_slot_samples(locale) if other or len(phrase) > 1]
    assert not crowded, f"{locale}: phrase slots beside other slots: {crowded}"


@pytest.mark.parametrize("locale", LOCALES)
def test_carrier_phrases_hold_nothing_that_changes_the_meaning(locale):
    """Except where the intent itself says what its carrier meant: a leading yes or no (LEANING), an opening such
    as "nobody" that the skill puts back before the words are heard (RESTORED_OPENINGS), or "not now" (QUIET)."""
    loaded = [sample for intent, sample, _phrase, _other in phrase_slot_samples(locale)
              if intent not in LEANING and intent not in RESTORED_OPENINGS and intent != QUIET
              and set(re.sub(r"\{\w+\}", " ", sample).split()) & MEANINGFUL_WORDS]
    assert not loaded, f"{locale}: carriers Alexa would strip meaning with: {loaded}"


@pytest.mark.parametrize("locale", LOCALES)
def test_every_way_of_starting_a_story_or_a_question_is_a_carrier(locale):
    carriers = {sample.replace("{words}", "").strip() for intent, sample, *_ in phrase_slot_samples(locale)
                if intent == CATCH_ALL}
    assert not set(OPENINGS) - carriers


def test_the_phrase_slot_checks_can_fail():
    bad = {"interactionModel": {"languageModel": {"invocationName": "trust builder", "types": [], "intents": [
        {"name": CATCH_ALL, "slots": [{"name": "words", "type": PHRASE_SLOT}], "samples": ["{words}"]}]}}}
    with pytest.raises(ValueError, match="MissingCarrierPhraseWithPhraseSlot"):
        Resolver(bad)


# Sentences people said that once went to a fallback (issue 11), now heard in every locale and every gender.
HEARD = [
    *((f"{who} {deed}", "SafetyIntent") for who in ("he", "she", "my partner")
      for deed in ("hit me", "won't let me see my friends", "took my phone", "controls all the money",
                   "gets really angry and i walk on eggshells", "is stalking me", "forces me to have sex")),
    *((f"i'm scared of what {who}", "SafetyIntent") for who in ("he'll do", "she'll do", "my partner will do")),
    ("my husband controls all the money", "SafetyIntent"), ("my wife controls all the money", "SafetyIntent"),
    ("i can't do this anymore", "CrisisCheckIntent"), ("everyone would be better off if i wasn't here", "CrisisIntent"),
    ("i just want it all to stop", "CrisisCheckIntent"), ("nobody would miss me", "CrisisIntent"),
    ("yeah pretty much", "AnswerIntent"), ("um not really no", "AnswerIntent"), ("some days", "AnswerIntent"),
    ("i honestly don't know", "AnswerIntent"), ("yes she does", "AnswerIntent"),
    ("is it normal to be jealous", "TopicIntent"), ("how do i make her trust me again", "TopicIntent"),
    ("i keep going through her phone", "TopicIntent"), ("she cheated", "TopicIntent"),
    ("i just found out my husband has been lying for months", CATCH_ALL), ("he has never hurt me", CATCH_ALL),
    ("what if she leaves", CATCH_ALL),
    ("are you a real therapist", "MannersIntent"), ("thank you", "MannersIntent"), ("who are you", "MannersIntent"),
    ("can i talk to a real person", "MannersIntent"), ("i need to talk to someone", "MannersIntent"),
    ("call my wife", ELSEWHERE), ("call my husband", ELSEWHERE), ("what's the weather", ELSEWHERE),
    ("tell me a joke", ELSEWHERE), ("set a timer", ELSEWHERE), ("play some music", ELSEWHERE),
]


@pytest.mark.parametrize("locale", LOCALES)
def test_what_people_said_in_their_own_words_is_heard(locale):
    from skill.voice.wording import localise

    resolver = Resolver.from_locale(locale)
    heard = {utterance: resolver.resolve(localise(utterance, locale)).intent for utterance, _intent in HEARD}
    assert {utterance: heard[utterance] for utterance, intent in HEARD if heard[utterance] != intent} == {}


# Subjects that open a story as carriers of TellIntent; each also opens it contracted ("everyone's sick of me"), which
# would otherwise match no carrier and reach the skill as AMAZON.FallbackIntent, without its words.
CARRIER_SUBJECTS = ("he", "she", "it", "life", "everyone", "everybody", "someone", "somebody", "everything")


@pytest.mark.parametrize("locale", LOCALES)
def test_every_subject_carrier_has_its_contracted_twin(locale):
    tell = next(intent for intent in language(locale)["intents"] if intent["name"] == CATCH_ALL)["samples"]
    missing = [f"{subject}{form} {{words}}" for subject in CARRIER_SUBJECTS for form in ("", "'s")
               if f"{subject}{form} {{words}}" not in tell]
    assert not missing
