"""Timed exercises, pure: durations, rounds, cue times, and each round's speech measured against Alexa's limits."""
from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from skill import content
from skill.content import locale_registry
from skill.conversation.exercise_choice import pick_exercise
from skill.conversation.exercise_timing import (CLAMPED, END_SOUND, MAX_ROUND_SECONDS, START_SOUND, UNCLEAR, choose_duration,
                                   cue_times, exercise_opening, exercise_script, round_lengths)
from skill.voice.flow_wording import spoken_duration, spoken_number
from tests.alexa_limits_support import break_seconds, ssml_problems

EXERCISES = content.exercises()
IDS = list(EXERCISES)
LOCALES = locale_registry.names()


def durations(exercise_id: str) -> list[int]:
    limits = EXERCISES[exercise_id]["duration"]
    return [limits["min"], limits["default"], limits["max"]]


def breaks_total(ssml: str) -> float:
    return sum(break_seconds(element.get("time")) for element in ElementTree.fromstring(ssml).iter("break"))


CASES = [(exercise_id, seconds) for exercise_id in IDS for seconds in durations(exercise_id)]


# --- durations ---------------------------------------------------------------------------------------------------

def test_a_duration_in_range_is_kept_and_none_asked_is_the_default():
    eye = EXERCISES["eye_contact"]
    assert choose_duration(eye, "PT100S").seconds == 100 and choose_duration(eye, "PT100S").change is None
    assert choose_duration(eye, None).seconds == eye["duration"]["default"]
    assert choose_duration(EXERCISES["three_things"], "PT61S").seconds % 2 == 0  # turns split evenly


@pytest.mark.parametrize("exercise_id", IDS)
def test_out_of_range_durations_are_clamped_and_say_so(exercise_id):
    limits = EXERCISES[exercise_id]["duration"]
    assert choose_duration(EXERCISES[exercise_id], "PT5S").seconds == limits["min"]
    assert choose_duration(EXERCISES[exercise_id], "PT1H").seconds == limits["max"]
    assert choose_duration(EXERCISES[exercise_id], "PT1H").change == CLAMPED
    unclear = choose_duration(EXERCISES[exercise_id], "soon")
    assert (unclear.seconds, unclear.change) == (limits["default"], UNCLEAR)


def test_the_opening_says_how_long_and_why_when_it_changed_the_request():
    eye = EXERCISES["eye_contact"]
    text = exercise_opening(eye, choose_duration(eye, "PT10M"), "en-US").text
    assert "runs one to two minutes, so I'll set it for two minutes" in text
    assert "ninety seconds" in exercise_opening(eye, choose_duration(eye, None), "en-US").text
    assert "usual ninety seconds" in exercise_opening(eye, choose_duration(eye, "later"), "en-US").text
    fixed = {**eye, "duration": {"min": 60, "default": 60, "max": 60}}
    assert "runs for one minute, so" in exercise_opening(fixed, choose_duration(fixed, "PT5M"), "en-US").text


@pytest.mark.parametrize("seconds, said", [
    (1, "one second"), (30, "thirty seconds"), (60, "one minute"), (90, "ninety seconds"), (120, "two minutes"),
    (225, "three minutes and forty-five seconds")])
def test_durations_are_said_in_words(seconds, said):
    assert spoken_duration(seconds, "en-US") == said
    assert spoken_number(21) == "twenty-one" and spoken_number(150) == "150"


# --- rounds and cues ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("exercise_id, seconds", CASES)
def test_rounds_add_up_and_each_fits_one_response(exercise_id, seconds):
    exercise = EXERCISES[exercise_id]
    lengths = round_lengths(exercise, seconds)
    assert sum(lengths) == seconds
    assert all(0 < length <= min(exercise["round_seconds"], MAX_ROUND_SECONDS) for length in lengths)
    assert max(lengths) - min(lengths) <= 2
    if exercise["turns"]:
        assert all(length % 2 == 0 for length in lengths)


def test_long_exercises_run_in_rounds():
    assert round_lengths(EXERCISES["question_round"], 480) == [120, 120, 120, 120]
    assert round_lengths(EXERCISES["share_personal"], 240) == [120, 120]
    assert round_lengths(EXERCISES["eye_contact"], 90) == [90]
    assert round_lengths({"turns": True, "round_seconds": 120}, 230) == [116, 114]
    assert round_lengths({"turns": True, "round_seconds": 120}, 250) == [84, 84, 82]


@pytest.mark.parametrize("length, expected", [
    (20, []), (30, [(15, "halfway")]), (60, [(30, "halfway")]), (62, [(32, "last_30")]),
    (90, [(45, "halfway"), (60, "last_30")]), (120, [(60, "halfway"), (90, "last_30")]),
])
def test_cues_follow_the_content_rules(length, expected):
    assert cue_times(length) == expected


# --- the speech of each round -----------------------------------------------------------------------------------

@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("exercise_id, seconds", CASES)
def test_each_round_times_its_part_within_alexas_limits(exercise_id, seconds, locale):
    exercise = EXERCISES[exercise_id]
    lengths = round_lengths(exercise, seconds)
    total = 0.0
    for index, length in enumerate(lengths):
        speech = exercise_script(exercise, seconds, index, locale)
        ssml = speech.ssml
        assert not ssml_problems(ssml, f"{exercise_id} round {index}")
        assert abs(breaks_total(ssml) - length) <= 2
        assert speech.timed_seconds < 240
        total += breaks_total(ssml)
    assert abs(total - seconds) <= 2


@pytest.mark.parametrize("exercise_id", IDS)
def test_a_round_has_chimes_cues_and_ends_as_it_should(exercise_id):
    exercise = EXERCISES[exercise_id]
    seconds = exercise["duration"]["max"]
    rounds = len(round_lengths(exercise, seconds))
    first = exercise_script(exercise, seconds, 0, "en-US")
    last = exercise_script(exercise, seconds, rounds - 1, "en-US")
    assert first.ssml.index(START_SOUND) < first.ssml.index(END_SOUND)
    assert exercise["setup"].split(".")[0] in first.text
    assert last.text.endswith(exercise["cues"]["closing"])
    if rounds > 1:
        assert first.text.endswith(exercise["cues"]["next_round"])
        assert "Round two" in exercise_script(exercise, seconds, 1, "en-US").text
        assert exercise["setup"].split(".")[0] not in exercise_script(exercise, seconds, 1, "en-US").text
    if exercise["turns"]:
        assert exercise["cues"]["switch"] in first.text and "go ahead" in first.text
        if rounds > 1:
            assert "the other one of you goes first" in exercise_script(exercise, seconds, 1, "en-US").text


def test_the_switch_comes_exactly_halfway_through_a_turn_taking_round():
    exercise = EXERCISES["share_personal"]
    ssml = exercise_script(exercise, 120, 0, "en-US").ssml
    before, after = ssml.split(exercise["cues"]["switch"].split(".")[0])
    assert breaks_total(before + "</speak>") == 60 and breaks_total("<speak>" + after) == 60


def test_a_round_that_does_not_exist_is_refused():
    with pytest.raises(ValueError):
        exercise_script(EXERCISES["eye_contact"], 90, 1, "en-US")


def test_spelling_follows_the_locale():
    forgiveness = EXERCISES["forgiveness"]
    assert re.search(r"practi[cs]e", exercise_opening(forgiveness, choose_duration(forgiveness, None), "en-GB").text)
    assert "practise" in exercise_opening(forgiveness, choose_duration(forgiveness, None), "en-GB").text
    assert "practice" in exercise_opening(forgiveness, choose_duration(forgiveness, None), "en-US").text


# --- which exercise ------------------------------------------------------------------------------------------------

def test_pick_prefers_a_recommended_exercise_and_never_a_withheld_one():
    recommended = [{"id": "red_flags", "kind": "section"}, {"id": "three_things", "kind": "exercise"}]
    assert pick_exercise(IDS, recommended, []) == "three_things"
    assert pick_exercise(IDS, recommended, ["three_things"]) == IDS[0]
    assert pick_exercise(IDS, [], IDS) is None


def test_pick_moves_on_from_what_was_done():
    assert pick_exercise(IDS, [], [], ["share_personal"]) == IDS[1]
    assert pick_exercise(IDS, [{"id": "eye_contact", "kind": "exercise"}], [], ["eye_contact"]) == \
        IDS[IDS.index("eye_contact") + 1]
    assert pick_exercise(IDS, [], [], IDS) == IDS[0]
    assert pick_exercise(["a", "b"], [], ["b"], ["a"]) == "a"  # the only one allowed, again
