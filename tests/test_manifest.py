"""The skill manifest (interaction_model/skill.json): what the developer console and the ASK CLI take, and example
phrases that the model really understands, since certification rejects any it does not.
"""
from __future__ import annotations

import json
import re

import pytest

from skill import content
from skill.content import locale_registry
from skill.devtools.resolution import LAUNCH_REQUEST
from skill.devtools.resolver import MODEL_DIR, Resolver
from skill.voice.wording import localise

MANIFEST = json.loads((MODEL_DIR / "skill.json").read_text(encoding="utf-8"))["manifest"]
PUBLISHING = MANIFEST["publishingInformation"]
PRIVACY = MANIFEST["privacyAndCompliance"]
LOCALES = sorted(locale_registry.names())
SAFETY = content.load("safety")["locales"]
# Categories of the manifest schema that fit a skill of wellbeing advice.
FITTING_CATEGORIES = {"HEALTH_AND_FITNESS", "LIFESTYLE", "SOCIAL"}
# What each example phrase is meant to do: the request it opens with, and the topic where it names one.
INTENDED = {
    "Alexa, open trust builder": (LAUNCH_REQUEST, None),
    "Alexa, ask trust builder about rebuilding trust after a lie": ("TopicIntent", "rebuilding_after_lying"),
    "Alexa, ask trust builder to start a self check": ("StartSelfCheckIntent", None),
}
OPENINGS = re.compile(r"^Alexa, (open trust builder$|ask trust builder )")


def test_manifest_covers_exactly_the_model_locales():
    assert sorted(PUBLISHING["locales"]) == LOCALES
    assert sorted(PRIVACY["locales"]) == LOCALES
    assert sorted(PUBLISHING["distributionCountries"]) == sorted(locale.split("-")[1] for locale in LOCALES)
    assert PUBLISHING["isAvailableWorldwide"] is False
    assert PUBLISHING["category"] in FITTING_CATEGORIES
    assert MANIFEST["manifestVersion"] == "1.0"


@pytest.mark.parametrize("locale", LOCALES)
def test_each_locale_is_described_within_the_consoles_limits(locale):
    entry = PUBLISHING["locales"][locale]
    assert entry["name"] == "Trust Builder"
    assert 0 < len(entry["summary"]) <= 160
    assert 0 < len(entry["description"]) <= 4000
    assert len(entry["examplePhrases"]) == 3
    assert entry["keywords"] and all(isinstance(word, str) and word for word in entry["keywords"])
    assert entry["smallIconUri"].startswith("https://") and entry["largeIconUri"].startswith("https://")


@pytest.mark.parametrize("locale", LOCALES)
def test_description_says_it_is_no_substitute_for_advice_and_where_to_find_help(locale):
    description = PUBLISHING["locales"][locale]["description"]
    assert "not a substitute for professional advice" in description
    resources = SAFETY[locale]
    assert f"call {resources['emergency_number']}" in description
    if resources["helpline_number"]:
        assert resources["helpline_number"] in description
    else:
        assert "sheltersafe.ca" in description  # no single national line: where to find the local one
    assert description == localise(description, locale), "the description is spelled for its locale"


@pytest.mark.parametrize("locale", LOCALES)
def test_privacy_and_compliance_are_declared_with_links(locale):
    assert PRIVACY["allowsPurchases"] is False
    # It keeps, per recognised voice, what a person chose to have remembered (docs/storage-and-privacy.md, "What we store").
    assert PRIVACY["usesPersonalInfo"] is True
    assert PRIVACY["isChildDirected"] is False
    assert PRIVACY["isExportCompliant"] is True
    assert PRIVACY["containsAds"] is False
    links = PRIVACY["locales"][locale]
    assert links["privacyPolicyUrl"].startswith("https://") and links["termsOfUseUrl"].startswith("https://")


def test_endpoint_and_skill_disabled_events_are_declared():
    endpoint = MANIFEST["apis"]["custom"]["endpoint"]["uri"]
    assert endpoint.startswith("arn:aws:lambda:") or endpoint.startswith("https://")
    assert MANIFEST["events"]["endpoint"]["uri"] == endpoint
    assert {"eventName": "SKILL_DISABLED"} in MANIFEST["events"]["subscriptions"]


# Each permission the manifest asks for, the feature that needs it, and where the code reads what it grants.
PERMISSIONS = {
    "alexa::person_id:read": ("memory per voice and a discreet greeting: context.System.person",
                              ["skill/storage/account_index.py", "skill/alexa/turn_of.py"], "person_id"),
}


def test_each_permission_serves_a_feature_that_reads_it():
    asked = {permission["name"] for permission in MANIFEST["permissions"]}
    assert asked == set(PERMISSIONS), "every permission asked for is tied to a feature here, and no more"
    root = MODEL_DIR.parent
    for name, (_feature, modules, usage) in PERMISSIONS.items():
        for module in modules:
            assert usage in (root / module).read_text(encoding="utf-8"), f"{module} should read what {name} grants"


def test_the_store_texts_claim_nothing_the_skill_does_not_keep():
    for locale in LOCALES:
        description = PUBLISHING["locales"][locale]["description"]
        assert "how often you visit" not in description
        assert "never keeps what you say" in description


@pytest.mark.parametrize("locale", LOCALES)
def test_every_example_phrase_opens_the_skill_and_is_understood(locale):
    resolver = Resolver.from_locale(locale)
    for phrase in PUBLISHING["locales"][locale]["examplePhrases"]:
        assert OPENINGS.match(phrase), f"{locale}: {phrase!r} must open or ask trust builder"
        assert phrase in INTENDED, f"{locale}: say in INTENDED what {phrase!r} should do"
        intent, section_id = INTENDED[phrase]
        resolution = resolver.resolve(phrase)
        assert resolution.invoked, phrase
        assert resolution.intent == intent, f"{locale}: {phrase!r} resolved to {resolution.intent}"
        assert resolution.match in ("exact", "relaxed"), f"{locale}: {phrase!r} only matched {resolution.match}ly"
        if section_id:
            assert resolution.slots["Topic"].resolved.id == section_id


@pytest.mark.parametrize("locale", LOCALES)
def test_description_says_honestly_what_is_kept_and_how_to_delete_it(locale):
    """The skill keeps an unfinished self-check's answers and, on a yes, its suggestions (docs/storage-and-privacy.md, "What we store")."""
    description = PUBLISHING["locales"][locale]["description"]
    assert "does not collect" not in description and "health information" not in description
    assert "a self-check you stop part-way" in description
    assert "your suggestions if you ask it to remember them" in description
    assert 'Say "forget me" at any time and it deletes everything it has kept.' in description


DESCRIBED = {"Alexa, ask trust builder about red flags": "TopicIntent",
             "Alexa, ask trust builder for an exercise": "StartExerciseIntent",
             "Alexa, ask trust builder to start a self check": "StartSelfCheckIntent"}


@pytest.mark.parametrize("locale", LOCALES)
def test_the_phrases_the_description_offers_to_alexas_router_open_the_skill_as_they_say(locale):
    """Alexa+ reportedly chooses a skill by its description and example phrases: every "Alexa, ..." phrase the
    description quotes must do what it promises in this locale's model."""
    description = PUBLISHING["locales"][locale]["description"]
    quoted = re.findall(r'"(Alexa, [^"]+)"', description)
    assert sorted(quoted) == sorted(DESCRIBED)
    resolver = Resolver.from_locale(locale)
    for phrase in quoted:
        resolution = resolver.resolve(phrase)
        assert resolution.invoked and resolution.intent == DESCRIBED[phrase], (locale, phrase, resolution.intent)
        assert resolution.match == "exact", (locale, phrase, resolution.match)
