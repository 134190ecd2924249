"""What the skill says to a medical emergency and to distress short of crisis: the one reader of signposts.yaml.
Pure functions of content and locale; the numbers come from safety.yaml (support.resources)."""
from __future__ import annotations

from skill import content
from skill.conversation.support import also_helpline, line_numbers, resources, support_line
from skill.voice.speech import Speech
from skill.voice.wording import filled, localise


def medical_speech(locale: str | None, *, also: tuple[str, ...] = ()) -> Speech:
    """The emergency number first, that the skill cannot call, and only then any other line the words called for
    (the crisis line, the abuse helpline); a calm closing, no question."""
    words = _words(locale)
    speech = Speech().say(filled(words["medical"], emergency=resources(locale)["emergency"]), words["medical_phone"])
    if "crisis" in also:
        speech.say_with_numbers(resources(locale)["crisis"]["spoken"], line_numbers(resources(locale)["crisis"]))
    if "harm" in also:
        speech.extend(also_helpline(locale))
    return speech.say(words["medical_closing"])


def distress_speech(locale: str | None, *, also: tuple[str, ...] = ()) -> tuple[Speech, Speech]:
    """(speech, reprompt): a short warm word, the support line, that the skill cannot call, the abuse helpline too
    when words of harm came with it, then the offer to go on."""
    words = _words(locale)
    speech = Speech().say(words["distress"]).extend(support_line(locale)).say(words["distress_phone"])
    if "harm" in also:
        speech.extend(also_helpline(locale))
    return speech.say(words["distress_question"]), Speech().say(words["distress_reprompt"])


def distress_reply_words(locale: str | None, key: str) -> Speech:
    """"distress_yes" or "distress_no": what answers the offer to go on."""
    return Speech().say(_words(locale)[key])


def _words(locale: str | None) -> dict[str, str]:
    return {key: localise(text, locale) for key, text in content.load("signposts").items()}


