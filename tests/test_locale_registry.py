"""The locale registry (skill/content/locales.yaml): one list of locales, matched whatever the case, checked at load."""
from __future__ import annotations

import pytest

from skill import content
from skill.content import locale_registry
from skill.conversation.support import resources
from skill.devtools.resolver import resolver_for
from skill.voice.wording import localise, supported_locale

SAFETY = content.load("safety")["locales"]
DEFAULT = locale_registry.default_locale()


@pytest.mark.parametrize("said", ["en-GB", "EN-gb", "en-gb", " En-Gb "])
def test_a_locale_is_found_whatever_its_case(said):
    assert locale_registry.find(said).name == "en-GB"
    assert supported_locale(said) == "en-GB"
    assert "counsellor" in localise("counselor", said)
    assert resources(said) == SAFETY["en-GB"]


@pytest.mark.parametrize("said", ["xx-XX", "fr-FR", "", None, "en"])
def test_an_unknown_locale_is_worded_as_the_default_but_hears_no_countrys_numbers(said):
    assert locale_registry.find(said) is None
    assert supported_locale(said) == DEFAULT.name
    assert resources(said) == content.load("safety")["neutral"]


def test_the_default_is_a_hand_written_locale():
    assert DEFAULT.hand_written and DEFAULT in locale_registry.all_locales()


@pytest.mark.parametrize("locale", locale_registry.all_locales(), ids=locale_registry.names())
def test_every_locale_has_its_own_safety_entry_and_spelling(locale):
    assert locale.safety == locale.name, "each locale hears its own country's numbers"
    assert locale.spelling in locale_registry.SPELLINGS
    assert locale_registry.find(locale.name.upper()) == locale


def test_every_generated_locale_names_a_hand_written_source():
    for locale in locale_registry.generated():
        assert locale_registry.find(locale.generated_from).hand_written


def test_chat_resolves_a_locale_in_any_case():
    assert resolver_for("EN-us").resolve("tell me more").intent == "TellMeMoreIntent"


def use_registry(monkeypatch, data: dict) -> None:
    load = content.load
    monkeypatch.setattr(content, "load", lambda name: data if name == "locales" else load(name))
    locale_registry._registry.cache_clear()


@pytest.fixture(autouse=True)
def fresh_registry():
    yield
    locale_registry._registry.cache_clear()


@pytest.mark.parametrize("data, message", [
    ({"default": "en-US", "locales": {"en-US": {"model": "en-US.json", "spelling": "us"}}}, "missing safety"),
    ({"default": "en-US", "locales": {"en-US": {"model": "en-US.json", "spelling": "posh", "safety": "en-US"}}},
     "spelling 'posh'"),
    ({"default": "en-US", "locales": {"en-US": {"model": "en-US.json", "spelling": "us", "safety": "xx-XX"}}},
     "no entry 'xx-XX'"),
    ({"default": "en-GB", "locales": {"en-US": {"model": "en-US.json", "spelling": "us", "safety": "en-US"}}},
     "default 'en-GB'"),
    ({"default": "en-US", "locales": {
        "en-US": {"model": "en-US.json", "spelling": "us", "safety": "en-US", "generated_from": "en-GB"}}},
     "generated_from en-GB"),
    ({"default": "en-US", "locales": {"en-US": {"model": "a.json", "spelling": "us", "safety": "en-US"},
                                      "EN-us": {"model": "b.json", "spelling": "us", "safety": "en-US"}}},
     "listed twice"),
])
def test_mistakes_in_the_registry_are_refused_with_the_entry_named(monkeypatch, data, message):
    use_registry(monkeypatch, data)
    with pytest.raises(locale_registry.LocaleRegistryError, match=message):
        locale_registry.names()
