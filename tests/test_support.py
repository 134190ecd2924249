"""The right numbers, or none: one module says the safety and crisis resources; locales match without regard to case;
a locale without its own entry hears country-neutral words and never another country's numbers; every published
locale has its numbers (checked at start-up); women's lines come with lines for men and people of every gender; the
answers say to call from a phone, and leave no card in the shared Alexa app."""
from __future__ import annotations

import re

import pytest

from skill import content, skill_builder
from skill.app import create_app
from skill.conversation import support
from skill.devtools import envelopes
from skill.content import locale_registry
from skill.devtools.resolver import Resolution
from skill.settings import Settings

SAFETY = content.load("safety")
LOCALES = SAFETY["locales"]
PUBLISHED = skill_builder.published_locales()
WITHOUT_ENTRIES = ["de-DE", "fr-FR", "en-NZ", "", None]
PHONE = "I can't place calls, so please use a phone."


def every_number(entry: dict) -> set[str]:
    """Each number of an entry, spoken or written, by its digits alone."""
    numbers = {entry["emergency_number"], *support.helpline_numbers(entry), *entry["crisis"]["numbers"]}
    return {re.sub(r"\D", "", str(number)) for number in numbers if number}


def digits_said(ssml: str) -> set[str]:
    return {re.sub(r"\D", "", number) for number in re.findall(r'interpret-as="telephone">([^<]+)<', ssml)}


def ask(client, intent: str, locale: str | None) -> dict:
    """The response to `intent` from a new session whose request carries `locale` (None: no locale at all)."""
    request = envelopes.intent_request(Resolution(intent), locale or "")
    if locale is None:
        del request["locale"]
    answer = client.post("/alexa", json=envelopes.envelope(request, envelopes.Caller(), envelopes.SessionState()))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()["response"]


def test_the_neutral_words_name_no_number():
    neutral = SAFETY["neutral"]
    assert not re.search(r"\d", neutral["helpline"] + neutral["crisis"]["spoken"] + neutral["card"])
    assert "local emergency number" in neutral["emergency"]


@pytest.mark.parametrize("asked, found", [("en-ca", "en-CA"), ("EN-us", "en-US"), ("En-Gb", "en-GB"),
                                          ("en-in", "en-IN"), ("EN-AU", "en-AU")])
def test_locales_match_without_regard_to_case(asked, found):
    assert support.resources(asked) is LOCALES[found]


@pytest.mark.parametrize("locale", WITHOUT_ENTRIES)
def test_a_locale_without_its_own_entry_gets_the_neutral_words(locale):
    assert support.resources(locale) is SAFETY["neutral"] and not support.has_own_resources(locale)


@pytest.mark.parametrize("locale", WITHOUT_ENTRIES)
@pytest.mark.parametrize("intent", ["SafetyIntent", "CrisisIntent"])
def test_through_alexa_an_unknown_or_missing_locale_hears_no_countrys_numbers(client, locale, intent):
    response = ask(client, intent, locale)
    ssml = response["outputSpeech"]["ssml"]
    assert "your local emergency number" in ssml and PHONE in ssml
    assert not re.search(r"\d", ssml), "no number at all: any number would be another country's"
    assert "card" not in response
    if intent == "CrisisIntent":
        assert "repeat the number" not in ssml and "say that again" in ssml


@pytest.mark.parametrize("locale, own", [("EN-us", "en-US"), ("en-ca", "en-CA")])
@pytest.mark.parametrize("intent", ["SafetyIntent", "CrisisIntent"])
def test_through_alexa_a_locale_in_any_case_hears_its_own_numbers_only(client, locale, own, intent):
    response = ask(client, intent, locale)
    said = digits_said(response["outputSpeech"]["ssml"])
    assert said and said <= every_number(LOCALES[own])
    others = set().union(*(every_number(entry) for name, entry in LOCALES.items() if name != own))
    assert not said & (others - every_number(LOCALES[own]))
    assert "card" not in response


def test_en_ca_speaks_a_number_a_person_can_call():
    assert '<say-as interpret-as="telephone">211</say-as>' in support.safety_speech("en-CA").ssml


@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_a_womens_line_comes_with_lines_for_men_and_people_of_every_gender(locale):
    entry = LOCALES[locale]
    lines = [{"serves": entry["serves"]}, *entry["also"]]
    served = {line["serves"] for line in lines}
    assert served <= {"everyone", "women", "men", "lgbt+", "teens", "sexual violence"}
    if "women" in served:
        assert "everyone" in served or {"men", "lgbt+"} <= served or "one one two" in entry["helpline"], locale
    said = support.helpline_numbers(entry) + [str(number) for number in (entry["more"] or {}).get("numbers", [])]
    for line in entry["also"]:
        assert line["name"] and line["source"].strip() and str(line["checked"]) in ("2026-11", "2026-12-04",
                                                                                   "2026-12-07")
        if line["number"]:
            assert str(line["number"]) in said, "every further line is said"


@pytest.mark.parametrize("locale", PUBLISHED)
def test_every_published_locale_has_its_own_numbers(locale):
    assert support.has_own_resources(locale)
    support.check_published([locale])


def test_the_manifest_publishes_the_locales_there_are_models_for():
    assert sorted(PUBLISHED) == sorted(locale_registry.names())


def test_a_published_locale_without_numbers_stops_the_start_naming_it(monkeypatch):
    monkeypatch.setattr(skill_builder, "published_locales", lambda: [*PUBLISHED, "en-NZ"])
    with pytest.raises(content.ContentError, match="safety.yaml: no entry for en-NZ, which the manifest publishes"):
        create_app(Settings(verify_requests=False, database="none"))


def test_a_number_written_two_ways_stops_the_start(monkeypatch):
    monkeypatch.setitem(LOCALES["en-GB"], "other_numbers", ["0808 8010 327", "0800 999 5428"])
    with pytest.raises(content.ContentError, match="en-GB's helpline does not write 0808 8010 327"):
        support.check_published(["en-GB"])


@pytest.mark.parametrize("locale", locale_registry.names())
def test_safety_then_stop_and_crisis_then_stop_leave_no_card_in_every_locale(locale, chat):
    talk = chat(locale)
    talk.say("/launch")
    for words in ("I'm scared of my partner", "I want to die"):
        answer = talk.say(words)
        assert PHONE in answer.speech and answer.card is None
        assert talk.say("repeat").ssml == answer.ssml, "repeat says the number again"
        goodbye = talk.say("stop")
        assert goodbye.end_session and goodbye.card is None
        assert "card" not in goodbye.speech and not re.search(r"\d", goodbye.speech)
        talk.say("/launch")
