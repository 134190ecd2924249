"""skill/voice/spoken_numbers.py: number and duration words to what Alexa sends, and that ISO-8601 text back to seconds;
what the skill says (skill/voice/flow_wording.py) is heard back as the number and length it meant."""
from __future__ import annotations

from fractions import Fraction

import pytest

from skill import content
from skill.voice.flow_wording import spoken_duration, spoken_number, spoken_round_length
from skill.devtools.words import words_of
from skill.voice.spoken_numbers import DurationWords, NumberWords, duration_seconds, iso_duration

KNOWN = content.load("builtin_phrases")
NUMBERS = NumberWords(KNOWN["numbers"])
DURATIONS = DurationWords(KNOWN["duration"], NUMBERS)


@pytest.mark.parametrize("text, seconds", [("PT2M", 120), ("PT90S", 90), ("PT1M30S", 90), ("pt1h", 3600),
                                           ("PT0.5M", 30), ("P1D", 86400), ("P1DT1S", 86401), ("PT1.5S", 1.5),
                                           ("P1W", 604800)])
def test_iso_durations_parse_to_seconds(text, seconds):
    assert duration_seconds(text) == seconds


@pytest.mark.parametrize("text", [None, "", "P", "PT", "PT0S", "2 minutes", "PT2", "PTM", "P1DT", "T2M", "PT-2M"])
def test_what_is_not_a_duration_is_none(text):
    assert duration_seconds(text) is None


@pytest.mark.parametrize("amounts, iso", [
    ({"M": Fraction(3, 2)}, "PT1M30S"), ({"H": Fraction(1, 2)}, "PT30M"), ({"S": Fraction(3, 2)}, "PT1.5S"),
    ({"D": Fraction(1), "H": Fraction(2)}, "P1DT2H"), ({}, "PT0S")])
def test_unit_amounts_are_written_as_iso_8601(amounts, iso):
    assert iso_duration(amounts) == iso


@pytest.mark.parametrize("said, number", [("twenty-five", 25), ("one hundred and five", 105), ("a hundred", 100),
                                          ("2,000", 2000), ("five five", None), ("and", None)])
def test_number_words(said, number):
    assert NUMBERS.parse(words_of(said)) == number


def test_every_number_the_skill_says_is_heard_as_that_number():
    assert [NUMBERS.parse(words_of(spoken_number(number))) for number in range(150)] == list(range(150))


@pytest.mark.parametrize("seconds", [1, 30, 59, 60, 61, 90, 120, 150, 200, 240, 600, 3600])
def test_every_length_the_skill_says_is_heard_as_that_length(seconds):
    said = spoken_duration(seconds, "en-US")
    assert duration_seconds(DURATIONS.parse(words_of(said))) == seconds, said


@pytest.mark.parametrize("seconds, said", [
    (120, "about two minutes"), (90, "about ninety seconds"), (106, "just under two minutes"),
    (114, "just under two minutes"), (76, "about a minute and a quarter"), (98, "about a minute and three quarters"),
    (140, "about two and a quarter minutes"),
])
def test_round_lengths_are_said_in_natural_words(seconds, said):
    assert spoken_round_length(seconds, "en-US") == said
