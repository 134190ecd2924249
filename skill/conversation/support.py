"""Safety and crisis resources, said and shown: the locale's crisis line and helplines, from content data.

Pure functions of content and locale; every path that gives support (safety, crisis, help, goodbye, cards) reads
them here. The wording is skill/content/crisis.yaml; each locale's line, numbers and card
are the `crisis` block of skill/content/safety.yaml, beside the locale's emergency number.
"""
from __future__ import annotations

from skill import content
from skill.conversation import browse
from skill.conversation.browse import safety_resources
from skill.conversation.reply import Card
from skill.voice.speech import Speech
from skill.voice.wording import capitalised, localise


def safety_speech(locale: str) -> Speech:
    """The first safety part for `locale`: the emergency number and the national helpline. No question."""
    return browse.spoken_part(browse.SAFETY_SECTION, 0, locale)


def safety_card(locale: str) -> Card:
    """The Alexa app card with the numbers for `locale`, written out."""
    resources = safety_resources(locale)
    title = browse.section_title(browse.SAFETY_SECTION, locale)
    return Card(title=capitalised(title), content=resources["card"])


def crisis_resources(locale: str) -> dict:
    """The crisis line of `locale` (en-US's for a locale the skill does not know), with its emergency number."""
    resources = safety_resources(locale)
    return {**resources["crisis"], "emergency": resources["emergency"]}


def crisis_speech(locale: str, *, again: bool = False) -> tuple[Speech, Speech]:
    """(speech, reprompt): the crisis line, the emergency number, a few warm words, and the offer to repeat.

    `again` is the answer to that offer: the number once more, without the warm words already said."""
    words = _words(locale)
    resources = crisis_resources(locale)
    speech = Speech().say(words["again"]) if again else Speech()
    speech.say_with_numbers(resources["spoken"], [str(number) for number in resources["numbers"]])
    speech.say(words["emergency"].format(emergency=resources["emergency"]))
    if not again:
        speech.say(words["closing"])
    return speech.say(words["question"]), Speech().say(words["reprompt"])


def crisis_card(locale: str) -> Card:
    """The Alexa app card: the crisis line and the emergency number, written out."""
    return Card(title=_words(locale)["card_title"], content=crisis_resources(locale)["card"])


def crisis_decline(locale: str) -> Speech:
    """A "no" to hearing the number again: where to find it, and a goodbye."""
    return Speech().say(_words(locale)["decline"])


def _words(locale: str) -> dict[str, str]:
    return {key: localise(text, locale) for key, text in content.load("crisis").items()}
