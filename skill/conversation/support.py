"""What the safety and crisis paths say, with the locale's numbers: the one reader of safety.yaml and crisis.yaml.

Pure functions of content and locale. Locales match without regard to case ("en-ca" is en-CA); a locale without its
own entry, or a request with no locale, hears the country-neutral words of safety.yaml's `neutral` and never another
country's numbers. Every number is said digit by digit (Speech.phone), and the words say to call from a phone,
because Alexa cannot place the call. No card: the Alexa app is shared (DESIGN §3, "Privacy on a shared device").
"""
from __future__ import annotations

import re
from typing import Iterable

from skill import content
from skill.content import locale_registry
from skill.voice.speech import Speech
from skill.voice.wording import filled, localise, phrase

SAFETY_SECTION = "safety"
# The prompts worded for who harms (harmed_by): a partner or no one named (None), or family and carers.
SAFETY_OPENINGS = {None: "safety_opening", "family": "safety_opening_family"}
SAFETY_CHECK_QUESTIONS = {None: "safety_check_question", "family": "safety_check_question_family"}
SAFETY_FILE = content.CONTENT_DIR / "safety.yaml"
# What a published locale's entry must hold, so that no path can fall back to another country's words.
REQUIRED = ("emergency", "emergency_number", "helpline_name", "serves", "helpline", "helpline_number", "other_numbers",
            "card", "source", "confirmed", "crisis", "support", "more")
REQUIRED_CRISIS = ("name", "spoken", "numbers", "source", "confirmed")
REQUIRED_SUPPORT = ("name", "spoken", "numbers", "source", "checked")
MORE_PART = 1  # the safety section's part after which the locale's `more` lines are said


def resources(locale: str | None) -> dict:
    """The safety and crisis resources of `locale` (its safety entry in the locale registry, matched without regard
    to case); for a locale the skill does not serve, the neutral words, never another country's numbers."""
    data = content.load("safety")
    served = locale_registry.find(locale)
    return data["locales"][served.safety] if served is not None else data["neutral"]


def has_own_resources(locale: str | None) -> bool:
    return resources(locale) is not content.load("safety")["neutral"]


def safety_part(part: int, locale: str | None, harmed_by: str | None = None) -> Speech:
    """Part `part` (from 0) of the safety section, with the locale's emergency number and helpline; no question.
    `harmed_by` (see harmed_by()) chooses the opening words: a son or a carer is not "your partner"."""
    found = resources(locale)
    text = localise(content.sections()[SAFETY_SECTION]["parts"][part], locale)
    text = filled(text, emergency=found["emergency"], helpline=found["helpline"],
                  opening=phrase(SAFETY_OPENINGS[harmed_by], locale))
    speech = Speech().say_with_numbers(text, helpline_numbers(found))
    if part == MORE_PART:
        if found.get("more"):
            speech.say_with_numbers(found["more"]["spoken"], line_numbers(found["more"]))
            speech.say(phrase("text_watched", locale))
        speech.say(phrase("voice_delete", locale))
    return speech


def harmed_by(hearing) -> str | None:
    """Who the words of harm in `hearing` name, when it is not a partner: the `by` of the kind in kinds.yaml
    ("family" for a son, daughter, in-law or carer), else None."""
    if hearing is None or hearing.meaning != "harm" or hearing.detail is None:
        return None
    return content.load("kinds")["heard"]["harm"].get(hearing.detail, {}).get("by")


def support_line(locale: str | None) -> Speech:
    """The locale's line for distress short of crisis (safety.yaml `support`), its numbers said digit by digit."""
    line = resources(locale)["support"]
    return Speech().say_with_numbers(line["spoken"], line_numbers(line))


def safety_speech(locale: str | None) -> Speech:
    """The first safety part: the emergency number and the helplines, said to be called from a phone."""
    return safety_part(0, locale)


def numbers_card_text(locale: str | None, *, crisis: bool = False) -> str:
    """The numbers written out, for a card the person asked for: after words of ending one's life the crisis line
    first, then the emergency number and helplines."""
    found = resources(locale)
    line = found["crisis"]
    crisis_text = f"{line['name']}: {', '.join(str(number) for number in line['numbers'])}." if line.get("name") \
        else line["spoken"]
    return "\n".join([crisis_text, found["card"]]) if crisis else found["card"]


def crisis_speech(locale: str | None, *, again: bool = False, urgent: bool = False,
                  also_harm: bool = False) -> tuple[Speech, Speech]:
    """(speech, reprompt): the crisis line, the emergency number, that Alexa cannot place the call, a few warm words,
    and the offer to repeat. `urgent` (a plan, means, an overdose) says the emergency number first. `also_harm`
    adds the abuse helpline (words of harm in the same sentence). `again` answers "yes" to the offer: the number
    once more, without the warm words already said, and one thing to do now (the grounding offer) as its question."""
    words = _crisis_words(locale)
    found = resources(locale)
    speech = Speech().say(words["again"]) if again else Speech()
    if urgent:
        speech.say(filled(words["emergency_first"], emergency=found["emergency"]), words["phone"])
        speech.say_with_numbers(found["crisis"]["spoken"], _crisis_numbers(found))
    else:
        speech.say_with_numbers(found["crisis"]["spoken"], _crisis_numbers(found))
        speech.say(filled(words["emergency"], emergency=found["emergency"]), words["phone"])
    if also_harm:
        speech.extend(also_helpline(locale))
    if again:
        return speech.say(words["grounding_question"]), Speech().say(words["grounding_reprompt"])
    speech.say(words["closing"])
    # Without the locale's own numbers there is no number to repeat: the offer is to say it all again.
    question, reprompt = ("question", "reprompt") if has_own_resources(locale) else \
        ("neutral_question", "neutral_reprompt")
    return speech.say(words[question]), Speech().say(words[reprompt])


def also_helpline(locale: str | None) -> Speech:
    """One sentence for words of harm heard beside words of crisis: the abuse helpline as well."""
    found = resources(locale)
    text = filled(_crisis_words(locale)["also_harm"], helpline=found["helpline"])
    return Speech().say_with_numbers(text, helpline_numbers(found))


def grounding_offer(locale: str | None) -> tuple[Speech, Speech]:
    """(speech, reprompt) after "no" to hearing the number again: one thing to do now, asked."""
    words = _crisis_words(locale)
    return Speech().say(words["grounding_offered"], words["grounding_question"]), \
        Speech().say(words["grounding_reprompt"])


def after_grounding(locale: str | None) -> tuple[Speech, Speech]:
    """(speech, reprompt) after the breathing: someone they trust to be with, and the offer of the number again."""
    words = _crisis_words(locale)
    return Speech().say(words["someone_you_trust"], words["question"]), Speech().say(words["reprompt"])


def helpline_line(locale: str | None, key: str = "helpline_line") -> Speech:
    """One sentence: where to call if one ever feels unsafe at home (or the prompt `key`, which names {helpline}), with
    the locale's helpline said digit by digit."""
    found = resources(locale)
    return Speech().say_with_numbers(phrase(key, locale, helpline=found["helpline"]),
                                     helpline_numbers(found))


def crisis_check(locale: str | None, *, urgent: bool = False, also_harm: bool = False) -> tuple[Speech, Speech]:
    """(speech, reprompt) for words that may be a wish to die but are not clear: a kind word, the crisis line, the
    emergency number and that Alexa cannot place the call, then the direct question. `urgent` words (a plan, means,
    an overdose) hear the emergency number first."""
    words = _crisis_words(locale)
    found = resources(locale)
    emergency = "emergency_first" if urgent else "emergency"
    speech = Speech()
    if urgent:
        speech.say(filled(words[emergency], emergency=found["emergency"]), words["phone"])
    speech.say(words["check_opening"]).say_with_numbers(found["crisis"]["spoken"], _crisis_numbers(found))
    if not urgent:
        speech.say(filled(words[emergency], emergency=found["emergency"]), words["phone"])
    if also_harm:
        speech.extend(also_helpline(locale))
    return speech.say(words["check_question"]), Speech().say(words["check_reprompt"])


def crisis_check_no(locale: str | None, *, urgent: bool = False) -> Speech:
    """A "no" to "are you thinking about ending your life?": a neutral thanks, never "I'm glad" (a no is not a
    statement of safety); after urgent words, the emergency number again."""
    words = _crisis_words(locale)
    if urgent:
        return Speech().say(filled(words["check_no_urgent"], emergency=resources(locale)["emergency"]))
    return Speech().say(words["check_no"])


def urgent_kinds() -> frozenset[str]:
    """Kinds of crisis words whose reply says the emergency number first (crisis.yaml `urgent_kinds`)."""
    return frozenset(content.load("crisis")["urgent_kinds"])


def crisis_decline(locale: str | None) -> Speech:
    """A "no" to hearing the number again: to reach out from a phone, and a goodbye."""
    return Speech().say(_crisis_words(locale)["decline"])


def check_published(locales: Iterable[str]) -> None:
    """Every locale the skill publishes has its own complete safety and crisis entry, each number written as it is
    said; ContentError naming the first locale and what it lacks. Run at start-up."""
    for locale in locales:
        if not has_own_resources(locale):
            raise content.ContentError(str(SAFETY_FILE), f"no entry for {locale}, which the manifest publishes: add "
                                                         "its emergency number, helpline and crisis line with sources")
        found = resources(locale)
        missing = [key for key in REQUIRED if key not in found] + \
                  [f"crisis.{key}" for key in REQUIRED_CRISIS if key not in (found.get("crisis") or {})] + \
                  [f"support.{key}" for key in REQUIRED_SUPPORT if key not in (found.get("support") or {})]
        if missing:
            raise content.ContentError(str(SAFETY_FILE), f"{locale} lacks {', '.join(missing)}")
        spoken = [("helpline", found["helpline"], helpline_numbers(found)),
                  ("crisis.spoken", found["crisis"]["spoken"], _crisis_numbers(found)),
                  ("support.spoken", found["support"]["spoken"], line_numbers(found["support"]))]
        if found["more"]:
            spoken.append(("more.spoken", found["more"]["spoken"], line_numbers(found["more"])))
        for field, text, numbers in spoken:
            problem = _number_problem(text, numbers)
            if problem:
                raise content.ContentError(str(SAFETY_FILE), f"{locale}'s {field} {problem}")


def helpline_numbers(found: dict) -> list[str]:
    """Every number in an entry's spoken `helpline`, to be said digit by digit."""
    numbers = [found.get("helpline_number"), *(found.get("other_numbers") or [])]
    return [_text(number) for number in numbers if number]


def _crisis_numbers(found: dict) -> list[str]:
    return line_numbers(found["crisis"])


def line_numbers(line: dict) -> list[str]:
    """The numbers of a line (`crisis`, `support`, `more`), to be said digit by digit."""
    return [_text(number) for number in line["numbers"]]


def _text(number: str | int) -> str:
    """A number as written in safety.yaml, keeping where it came from (str() of it would not)."""
    return number if isinstance(number, str) else str(number)


def _number_problem(text: str, numbers: list[str]) -> str | None:
    """What keeps `text` from saying each of `numbers` digit by digit, or None: a missing number is a missed call."""
    if not numbers:
        return "names no number"
    rest = text
    for number in sorted(numbers, key=len, reverse=True):
        if number not in rest:
            return f"does not write {number} as its numbers list does"
        rest = rest.replace(number, "")
    if re.search(r"\d", rest):
        return "holds a number its numbers list lacks, which would not be said digit by digit"
    return None


def _crisis_words(locale: str | None) -> dict[str, str]:
    return {key: localise(text, locale) for key, text in content.load("crisis").items() if isinstance(text, str)}
