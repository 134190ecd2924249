"""Every gender is heard alike: each sample or slot synonym about "him" has its "her" and "my partner" twins (and the
other way round), and the hand-written model's husbands, wives, boyfriends and girlfriends come in pairs.

A person describes their own situation; if "he hit me" is understood and "she hit me" is not, the skill fails
everyone whose partner is a woman, or who does not name a gender.
"""
from __future__ import annotations

from itertools import product

import pytest

from skill.content import locale_registry
from skill.devtools.resolver import load_model
from tests.pronoun_support import her_is_possessive, possessive_misplaced

# Each form of "he", and what it becomes for "she", for "my partner" (the first mention), and for "they" (later
# mentions, which may also stay as they were: "my partner says he'll hurt the kids").
HE = {
    "he": ("she", ["my partner"], ["they"]),
    "him": ("her", ["my partner"], ["them"]),
    "his": ("her", ["my partner's", "their"], ["their"]),
    "he's": ("she's", ["my partner's", "my partner is", "my partner has"], ["they're", "they've"]),
    "he'll": ("she'll", ["my partner will", "my partner'll"], ["they'll"]),
    "he'd": ("she'd", ["my partner would", "my partner had", "my partner'd"], ["they'd"]),
    "himself": ("herself", ["themselves"], ["themselves"]),
}
# "her" has one twin by what it is in its sentence (tests/pronoun_support.py): "make her trust me" is "make him
# trust me", "win back her trust" is "win back his trust"; never "make his trust me".
SHE = {"she": ["he"], "she's": ["he's"], "she'll": ["he'll"], "she'd": ["he'd"], "herself": ["himself"]}
PAIRS = {"husband": "wife", "wife": "husband", "boyfriend": "girlfriend", "girlfriend": "boyfriend",
         "husband's": "wife's", "wife's": "husband's", "boyfriend's": "girlfriend's", "girlfriend's": "boyfriend's"}


def phrase_groups(locale: str) -> dict[str, set[str]]:
    """Each intent's samples, and each slot value's name and synonyms, as sets of phrases that may be twins."""
    language = load_model(locale)["interactionModel"]["languageModel"]
    groups = {f"intent {intent['name']}": set(intent.get("samples", [])) for intent in language["intents"]}
    for kind in language.get("types", []):
        for value in kind["values"]:
            names = value["name"]
            groups[f"{kind['name']} value {value.get('id')}"] = {names["value"], *names.get("synonyms", [])}
    return groups


def she_twin(words: list[str]) -> str:
    return " ".join(HE[word][0] if word in HE else word for word in words)


def partner_twins(words: list[str]) -> set[str]:
    first = next(index for index, word in enumerate(words) if word in HE)
    options = []
    for index, word in enumerate(words):
        if index == first:
            options.append(HE[word][1])
        elif index > first and word in HE:
            options.append([word, *HE[word][2]])
        else:
            options.append([word])
    return {" ".join(choice) for choice in product(*options)}


def he_twins(words: list[str]) -> set[str]:
    options = [["his" if her_is_possessive(words, at) else "him"] if word == "her" else SHE.get(word, [word])
               for at, word in enumerate(words)]
    return {" ".join(choice) for choice in product(*options)}


def missing_twins(phrases: set[str]) -> list[str]:
    missing = []
    for phrase in sorted(phrases):
        words = phrase.split()
        has_he, has_she = any(word in HE for word in words), any(word in SHE or word == "her" for word in words)
        if has_he and has_she:
            continue  # speaks of both ("he told her"): its own twin
        if has_he:
            if she_twin(words) not in phrases:
                missing.append(f"{phrase!r} has no twin {she_twin(words)!r}")
            if not partner_twins(words) & phrases:
                missing.append(f"{phrase!r} has no twin about my partner, such as {sorted(partner_twins(words))[0]!r}")
        if has_she and not he_twins(words) & phrases:
            missing.append(f"{phrase!r} has no twin such as {sorted(he_twins(words))[0]!r}")
    return missing


@pytest.mark.parametrize("locale", locale_registry.names())
def test_every_he_has_its_she_and_my_partner_twins_and_every_she_its_he(locale):
    missing = {group: gaps for group, phrases in phrase_groups(locale).items() if (gaps := missing_twins(phrases))}
    assert not missing, f"{locale}: " + "\n".join(f"{group}: {gap}" for group, gaps in missing.items() for gap in gaps)


@pytest.mark.parametrize("locale", [locale.name for locale in locale_registry.all_locales() if locale.hand_written])
def test_husbands_and_wives_boyfriends_and_girlfriends_come_in_pairs(locale):
    gaps = []
    for group, phrases in phrase_groups(locale).items():
        for phrase in sorted(phrases):
            words = phrase.split()
            if any(word in PAIRS for word in words):
                twin = " ".join(PAIRS.get(word, word) for word in words)
                if twin not in phrases:
                    gaps.append(f"{group}: {phrase!r} has no twin {twin!r}")
    assert not gaps, f"{locale}:\n" + "\n".join(gaps)


@pytest.mark.parametrize("locale", locale_registry.names())
def test_no_phrase_has_a_possessive_where_an_object_belongs(locale):
    """Certification reads every sample: "how do i make his trust me again" is not English. A possessive ("his",
    "their", "my partner's") stands before its noun, never before a verb's object, a preposition or nothing."""
    wrong = {phrase: found for phrases in phrase_groups(locale).values() for phrase in phrases
             if (found := possessive_misplaced(phrase.split()))}
    assert not wrong, f"{locale}: {wrong}"


def test_the_grammar_check_can_fail():
    assert possessive_misplaced("how do i make his trust me again".split()) == "his trust me"
    assert possessive_misplaced("how can i make my partner's trust me".split()) == "partner's trust me"
    assert possessive_misplaced("tell their about it".split()) == "their about it"
    assert possessive_misplaced("my partner's hurting me".split()) is None  # "'s" is "is" here
    assert possessive_misplaced("the car is his".split()) is None
    assert he_twins("how do i make her trust me again".split()) == {"how do i make him trust me again"}
    assert he_twins("how do i win back her trust".split()) == {"how do i win back his trust"}


def test_the_twin_check_can_fail():
    assert missing_twins({"he hit me", "she hit me"}) == [
        "'he hit me' has no twin about my partner, such as 'my partner hit me'"]
    assert missing_twins({"she scares me"}) == ["'she scares me' has no twin such as 'he scares me'"]
    assert missing_twins({"he says he'll hurt me", "she says she'll hurt me", "my partner says they'll hurt me"}) == []
