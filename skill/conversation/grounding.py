"""The short slow-breathing exercise offered after the crisis line: content/grounding.yaml, timed with SSML breaks
inside one response (like the couple exercises of exercise_timing.py), hands-free and under a minute."""
from __future__ import annotations

from skill import content
from skill.voice.speech import Speech
from skill.voice.wording import localise

MAX_SECONDS = 60  # the whole exercise, words included: said to someone in crisis, it must stay short
WORDS_A_SECOND = 2.5  # a calm speaking pace, to count the words' time against MAX_SECONDS


def grounding_speech(locale: str | None) -> Speech:
    """The exercise: opening, the timed breaths, closing."""
    data = content.load("grounding")
    breath = data["breath"]
    speech = Speech().say(localise(data["opening"], locale))
    for number in range(data["breaths"]):
        first = number == 0
        speech.say(localise(breath["in"] if first else data["again_in"], locale)).pause(breath["in_seconds"])
        speech.say(localise(breath["out"] if first else data["again_out"], locale)).pause(breath["out_seconds"])
    return speech.say(localise(data["closing"], locale))


def estimated_seconds(speech: Speech) -> float:
    """How long `speech` takes: its silences, and its words at a calm pace."""
    return speech.timed_seconds + len(speech.text.split()) / WORDS_A_SECOND
