"""Timed exercises: how long one runs, how it splits into rounds, and the timed speech of one round.

Alexa keeps the microphone open only a few seconds after speaking, so the timed part is silence inside the
response (chained breaks, DESIGN §3): a chime, the start cue, pauses with cues between them, a closing chime.
One response holds at most MAX_ROUND_SECONDS of silence, so chimes and silence stay well under the 240 s budget;
a longer exercise runs in rounds, and the couple says "next" between them.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from skill.content.provenance import recipe_of, sourced
from skill.voice.flow_wording import spoken_duration, spoken_number, spoken_round_length
from skill.voice.speech import Speech
from skill.voice.spoken_numbers import duration_seconds
from skill.voice.wording import localise, phrase

MAX_ROUND_SECONDS = 200
START_SOUND = "soundbank://soundlibrary/musical/amzn_sfx_bell_short_chime_02"
SWITCH_SOUND = "soundbank://soundlibrary/musical/amzn_sfx_bell_short_chime_02"
END_SOUND = "soundbank://soundlibrary/musical/amzn_sfx_bell_timer_01"
# The cue rules of exercises.yaml: "thirty seconds left" only in a turn longer than a minute, and "halfway"
# left out when it would fall within fifteen seconds of another cue (or of the turn's start or end).
LAST_CUE_SECONDS = 30
LAST_CUE_AFTER = 60
CUE_GAP = 15
# "Shorter" and "longer" move the length by this much, within the exercise's limits.
RESIZE_STEP = 30

CLAMPED = "clamped"
UNCLEAR = "unclear"


@dataclass(frozen=True)
class Duration:
    """How long an exercise runs, and whether that differs from what was asked (CLAMPED, UNCLEAR) or not (None)."""

    seconds: int
    change: str | None = None


def choose_duration(exercise: dict, requested: str | None) -> Duration:
    """The seconds to run `exercise` for: what was asked, kept within the exercise's limits; the default otherwise."""
    limits = exercise["duration"]
    if requested is None or not str(requested).strip():
        return Duration(limits["default"])
    asked = duration_seconds(str(requested))
    if asked is None:
        return Duration(limits["default"], UNCLEAR)
    step = _step(exercise)
    seconds = int(round(asked / step)) * step
    if seconds < limits["min"]:
        return Duration(limits["min"], CLAMPED)
    if seconds > limits["max"]:
        return Duration(limits["max"], CLAMPED)
    return Duration(seconds)


def round_lengths(exercise: dict, seconds: int) -> list[int]:
    """The timed seconds of each round: as few rounds as fit, of (nearly) equal length, turns split evenly."""
    step = _step(exercise)
    units = max(1, int(round(seconds / step)))
    cap = min(exercise["round_seconds"], MAX_ROUND_SECONDS)
    count = max(1, math.ceil(units * step / cap))
    base, extra = divmod(units, count)
    return [(base + (1 if index < extra else 0)) * step for index in range(count)]


def exercise_opening(exercise: dict, duration: Duration, locale: str, *, recommended: bool = False,
                     intro: str | None = None) -> Speech:
    """What is said before the set-up: which exercise (the prompt `intro` names it, when given), and for how long
    (and why, when not as asked)."""
    title = localise(exercise["title"], locale)
    intro = intro or ("exercise_recommended" if recommended else "exercise_intro")
    speech = Speech().say(phrase(intro, locale, title=title))
    chosen = spoken_duration(duration.seconds, locale)
    limits = exercise["duration"]
    if duration.change == CLAMPED and limits["min"] == limits["max"]:
        return speech.say(phrase("exercise_duration_fixed", locale, title=title, chosen=chosen))
    if duration.change == CLAMPED:
        return speech.say(phrase("exercise_duration_changed", locale, title=title, chosen=chosen,
                               low=_range_end(limits["min"], limits["max"], locale),
                               high=spoken_duration(limits["max"], locale)))
    if duration.change == UNCLEAR:
        return speech.say(phrase("exercise_duration_unclear", locale, chosen=chosen))
    return speech.say(phrase("exercise_duration", locale, duration=chosen))


def exercise_setup(exercise: dict, seconds: int, locale: str) -> Speech:
    """What to do, and how it ends: in one go, or in rounds with a chime after each."""
    lengths = round_lengths(exercise, seconds)
    speech = Speech().say(localise(exercise["setup"], locale))
    if len(lengths) > 1:
        return speech.say(phrase("exercise_rounds", locale, rounds=spoken_number(len(lengths)),
                                 each=spoken_round_length(lengths[0], locale)))
    return speech.say(phrase("exercise_end_chime", locale))


def seconds_left(exercise: dict, seconds: int, round_index: int) -> tuple[int, int]:
    """(timed seconds, rounds) still to come after round `round_index`."""
    later = round_lengths(exercise, seconds)[round_index + 1:]
    return sum(later), len(later)


def resized(exercise: dict, seconds: int, command: str) -> Duration:
    """`seconds` made a step shorter or longer ("shorter", "longer"), kept within the exercise's limits; CLAMPED
    when it was already as short (or as long) as it goes."""
    limits = exercise["duration"]
    wanted = seconds - RESIZE_STEP if command == "shorter" else seconds + RESIZE_STEP
    chosen = min(max(wanted, limits["min"]), limits["max"])
    return Duration(chosen, CLAMPED if chosen != wanted else None)


def exercise_script(exercise: dict, seconds: int, round_index: int, locale: str, *,
                    question: str | None = None, setup: bool = True) -> Speech:
    """One round, timed: set-up (first round, unless already said: `setup` false) or round number, start chime and
    cue, pauses with cues, end chime, then the closing (last round) or the invitation to say next. `question`, when
    given, takes the place of the closing's own question (its last sentence): what is offered next."""
    lengths = round_lengths(exercise, seconds)
    if not 0 <= round_index < len(lengths):
        raise ValueError(f"{exercise['id']} at {seconds} s has {len(lengths)} rounds, not a round {round_index}")
    cues = {name: localise(text, locale) for name, text in exercise["cues"].items()}
    speech = Speech()
    if round_index == 0:
        if setup:
            speech.extend(exercise_setup(exercise, seconds, locale))
    else:
        speech.say(phrase("exercise_round", locale, number=spoken_number(round_index + 1),
                        rounds=spoken_number(len(lengths))))
    ideas = exercise.get("ideas") or []
    if ideas:
        speech.say(phrase("exercise_idea", locale, idea=localise(ideas[round_index % len(ideas)], locale)))
    speech.sound(START_SOUND).say(cues["start"])
    length = lengths[round_index]
    if exercise["turns"]:
        speech.say(phrase("turn_first_swapped" if round_index % 2 else "turn_first", locale))
        first = length // 2
        _timed_turn(speech, first, cues)
        speech.sound(SWITCH_SOUND).say(cues["switch"])
        _timed_turn(speech, length - first, cues)
    else:
        _timed_turn(speech, length, cues)
    speech.sound(END_SOUND)
    if round_index == len(lengths) - 1:
        closing = [cues["closing"]] if question is None else [closing_before_question(cues["closing"]), question]
        return speech.say(cues["end"], *closing)
    return speech.say(cues["next_round"])


def cue_times(length: int) -> list[tuple[int, str]]:
    """(second, cue) said during a turn of `length` seconds, in order."""
    cues = []
    if length > LAST_CUE_AFTER:
        cues.append((length - LAST_CUE_SECONDS, "last_30"))
    halfway = length // 2
    taken = [0, length, *(time for time, _ in cues)]
    if all(abs(halfway - time) >= CUE_GAP for time in taken):
        cues.append((halfway, "halfway"))
    return sorted(cues)


def _timed_turn(speech: Speech, length: int, cues: dict[str, str]) -> None:
    elapsed = 0
    for time, cue in cue_times(length):
        speech.pause(time - elapsed).say(cues[cue])
        elapsed = time
    speech.pause(length - elapsed)


def closing_before_question(closing: str) -> str:
    """A closing without its own last sentence, its question, for another question to take its place."""
    recipe = recipe_of(closing)
    return sourced(" ".join(_sentences(closing)[:-1]), None if recipe is None else ["before_question", recipe])


def _sentences(text: str) -> list[str]:
    return [sentence for sentence in re.split(r"(?<=[.!?])\s+", text.strip()) if sentence]


def _step(exercise: dict) -> int:
    """Turn-taking exercises run in whole seconds per turn, so their rounds are an even number of seconds."""
    return 2 if exercise["turns"] else 1


def _range_end(low: int, high: int, locale: str) -> str:
    """The low end of a range, shortened when both ends are whole minutes: "one to two minutes"."""
    if low % 60 == 0 and high % 60 == 0:
        return spoken_number(low // 60)
    return spoken_duration(low, locale)
