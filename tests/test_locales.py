"""The models locales.yaml marks generated are made from their hand-written source, spelled and phrased for their locale."""
from __future__ import annotations

import json

import pytest

from skill import content
from skill.content import locale_registry

from skill.devtools import locales
from skill.devtools.resolver import MODEL_DIR, Resolver, load_model

GENERATED = [locale.name for locale in locale_registry.generated()]


def samples_of(model: dict, intent: str) -> list[str]:
    language = model["interactionModel"]["languageModel"]
    return next(i["samples"] for i in language["intents"] if i["name"] == intent)


def topic_synonyms(model: dict, value_id: str) -> list[str]:
    language = model["interactionModel"]["languageModel"]
    topic_type = next(kind for kind in language["types"] if kind["name"] == "TopicType")
    value = next(value for value in topic_type["values"] if value["id"] == value_id)
    return [value["name"]["value"], *value["name"]["synonyms"]]


@pytest.mark.parametrize("locale", GENERATED)
def test_committed_locale_models_are_what_the_generator_makes(locale):
    registered = locale_registry.find(locale)
    expected = locales.model_text(locales.build_locale_model(load_model(registered.generated_from), locale))
    committed = (MODEL_DIR / registered.model).read_text(encoding="utf-8")
    assert committed == expected, (
        f"interaction_model/{registered.model} is out of date with its source or locale_phrasings.yaml: "
        "run `python -m skill.devtools.locales` and commit the result")


def test_the_generator_leaves_the_us_model_alone():
    us_model = load_model("en-US")
    before = json.dumps(us_model, sort_keys=True)
    locales.build_locale_model(us_model, "en-GB")
    assert json.dumps(us_model, sort_keys=True) == before


@pytest.mark.parametrize("locale", GENERATED)
def test_commonwealth_locales_spell_counsellor_with_two_ls(locale):
    model = load_model(locale)
    text = json.dumps(model)
    assert "counselor" not in text and "counseling" not in text
    assert "see a counsellor" in topic_synonyms(model, "seeking_help")
    assert "when should we see a counsellor" in topic_synonyms(model, "seeking_help")


def test_us_model_spells_counselor_with_one_l():
    text = json.dumps(load_model("en-US"))
    assert "counselor" in text and "counsellor" not in text


@pytest.mark.parametrize("locale, phrase, intent, section_id", [
    ("en-GB", "my husband knocks me about", "SafetyIntent", None),
    ("en-GB", "tell me about marriage guidance", "TopicIntent", "seeking_help"),
    ("en-GB", "he won't introduce me to his mates", "TopicIntent", "recognising_trust"),
    ("en-AU", "my partner bashes me", "SafetyIntent", None),
    ("en-AU", "have you got anything on red flags", "TopicIntent", "red_flags"),
    ("en-CA", "my common law partner hurts me", "SafetyIntent", None),
    ("en-IN", "my husband harasses me for dowry", "SafetyIntent", None),
    ("en-IN", "my in laws beat me", "SafetyIntent", None),
    ("en-IN", "what all can you talk about", "ListTopicsIntent", None),
    ("en-IN", "tell me about family counselling", "TopicIntent", "seeking_help"),
])
def test_local_phrasings_are_understood_in_their_locale(locale, phrase, intent, section_id):
    resolution = Resolver.from_locale(locale).resolve(phrase)
    assert resolution.intent == intent
    if section_id:
        assert resolution.slots["Topic"].resolved.id == section_id


def test_every_locale_with_phrasings_is_generated():
    assert set(content.load("locale_phrasings")) == set(GENERATED)


def use_phrasings(monkeypatch, phrasings: dict) -> None:
    load = content.load
    monkeypatch.setattr(content, "load", lambda name: phrasings if name == "locale_phrasings" else load(name))


def test_phrasings_for_an_intent_the_model_lacks_are_refused(monkeypatch):
    use_phrasings(monkeypatch, {"en-GB": {"intents": {"NoSuchIntent": ["hello there"]}}})
    with pytest.raises(ValueError, match="NoSuchIntent"):
        locales.build_locale_model(load_model("en-US"), "en-GB")


def test_synonyms_for_a_value_the_model_lacks_are_refused(monkeypatch):
    use_phrasings(monkeypatch, {"en-GB": {"types": {"TopicType": {"no_such_section": ["anything"]}}}})
    with pytest.raises(ValueError, match="no_such_section"):
        locales.build_locale_model(load_model("en-US"), "en-GB")


def test_write_locale_models_writes_every_derived_locale(tmp_path):
    for source in (locale for locale in locale_registry.all_locales() if locale.hand_written):
        (tmp_path / source.model).write_text((MODEL_DIR / source.model).read_text(encoding="utf-8"), encoding="utf-8")
    written = locales.write_locale_models(tmp_path)
    assert sorted(path.name for path in written) == sorted(locale.model for locale in locale_registry.generated())
    for path in written:
        assert path.read_text(encoding="utf-8") == (MODEL_DIR / path.name).read_text(encoding="utf-8")
