"""Steering an exercise before, during and after it: hearing about one, "are you ready?", another one, shorter,
longer, a length, how long or how many rounds are left, again, done, resume; and the exercises feature's table.

A command comes as ExerciseCommandIntent (its Command slot, or only a Duration: "make it one minute") or in words the
listener heard (TellIntent). It acts on the exercise between rounds, else the one whose "are you ready?" waits, else
the one chosen last (session "exercise_chosen", kept after the exercise ends); without any, it lists the exercises.
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name

from skill import content
from skill.conversation import offers
from skill.conversation import session_state as state
from skill.conversation.exercise_timing import choose_duration, exercise_opening, resized, round_lengths, seconds_left
from skill.conversation.reply import Reply
from skill.handlers.common import end_feature, menu, pause, unclear
from skill.handlers.exercises import (BETWEEN_ROUNDS, OFFERED, allowed, ask_ready, between_rounds, busy, decline,
                                      decline_withheld, exercise_help, list_exercises, next_round, not_yet,
                                      pause_exercise, pick, round_again, run_round, running, start, start_exercise,
                                      start_offered, stop)
from skill.handlers.feature import ANY, Feature, Turn, table
from skill.handlers.hearing import heard
from skill.handlers.session import locale_of, session_of, slot_heard, slot_id, speak
from skill.voice.flow_wording import spoken_duration, spoken_number
from skill.voice.speech import Speech
from skill.voice.wording import localise

READY_ASKED = "ready_asked"
COMMAND_INTENT = "ExerciseCommandIntent"


# --- what was asked, and of which exercise -------------------------------------------------------------------------

def command_of(handler_input: HandlerInput) -> tuple[str | None, str | None]:
    """(command, exercise named beside it): from ExerciseCommandIntent's slots, or from what the listener heard."""
    if is_intent_name(COMMAND_INTENT)(handler_input):
        command = slot_id(handler_input, "Command")
        if command is None and slot_heard(handler_input, "Duration"):
            command = "set_length"
        return ("start" if command == "ready" else command), None
    hearing = heard(handler_input)
    if hearing is None or hearing.meaning != "exercise":
        return None, None
    if hearing.detail in content.exercises():
        return None, hearing.detail
    return hearing.detail, hearing.exercise


def current(handler_input: HandlerInput) -> dict | None:
    """The exercise a command acts on: between rounds, or chosen (set up, described or last run); None without."""
    return running(handler_input) or state.chosen_exercise(session_of(handler_input))


def ready_asked(handler_input: HandlerInput) -> bool:
    return offers.READY in offers.current(session_of(handler_input))


def just_ran(handler_input: HandlerInput) -> bool:
    """An exercise's last round was the last thing played: "resume" after an interruption plays it again."""
    chosen = state.chosen_exercise(session_of(handler_input))
    return chosen is not None and chosen["ran"] and not between_rounds(handler_input)


# --- turns -------------------------------------------------------------------------------------------------------

def steer(handler_input: HandlerInput) -> Reply:
    """A command for an exercise, wherever the conversation is."""
    command, named = command_of(handler_input)
    if command is None and named is not None:
        return start_exercise(handler_input, named, None)
    turn = _COMMANDS.get(command)
    if turn is None:
        return busy(handler_input) if between_rounds(handler_input) else list_exercises(handler_input)
    return turn(handler_input, named)


def describe(handler_input: HandlerInput, named: str | None = None) -> Reply:
    """"Tell me about eye contact": what you do, how long, who goes first; then "are you ready?"."""
    exercise_id = named or slot_id(handler_input, "Exercise")
    if exercise_id not in content.exercises():
        chosen = current(handler_input)
        exercise_id = chosen["id"] if chosen else None
    if exercise_id is None:
        return list_exercises(handler_input)
    return start_exercise(handler_input, exercise_id, None, opening_key="exercise_describe")


def go(handler_input: HandlerInput, named: str | None = None) -> Reply:
    """Yes or "ready" at "are you ready?": the timed part, the set-up already said."""
    session = session_of(handler_input)
    exercise_id = offers.current(session).get(offers.READY)
    chosen = state.chosen_exercise(session)
    seconds = chosen["seconds"] if chosen and chosen["id"] == exercise_id else \
        content.exercises()[exercise_id]["duration"]["default"]
    return _run_from_start(handler_input, exercise_id, seconds)


def ready_or_next(handler_input: HandlerInput, named: str | None = None) -> Reply:
    """"We're ready": the timed part when asked; between rounds, the next round; otherwise the exercise named, or
    the one chosen, set up."""
    if ready_asked(handler_input):
        return go(handler_input)
    if between_rounds(handler_input):
        return next_round(handler_input)
    chosen = current(handler_input)
    return start_exercise(handler_input, named or (chosen["id"] if chosen else None), None)


def different(handler_input: HandlerInput, named: str | None = None) -> Reply:
    """"A different one": another exercise than the one in hand, set up."""
    chosen = current(handler_input) or {}
    offered = offers.current(session_of(handler_input)).get(offers.EXERCISE)
    other = pick(handler_input, avoid=chosen.get("id") or offered)
    return start_exercise(handler_input, other, None)


def resize(handler_input: HandlerInput, named: str | None = None) -> Reply:
    """"Shorter", "longer", "make it one minute": the exercise in hand at that length (within its range, saying so
    when it is not what was asked), from its start, once they are ready."""
    command, _ = command_of(handler_input)
    chosen = current(handler_input)
    exercise_id = named or (chosen["id"] if chosen else None)
    if exercise_id is None:
        return list_exercises(handler_input, "exercise_which_first")
    exercise = content.exercises()[exercise_id]
    if command == "set_length":
        duration = choose_duration(exercise, slot_heard(handler_input, "Duration") or _words(handler_input))
    else:
        seconds = chosen["seconds"] if chosen and chosen["id"] == exercise_id else exercise["duration"]["default"]
        duration = resized(exercise, seconds, command)
    timing = {"id": exercise_id, "seconds": duration.seconds, "round": 0}
    return ask_ready(handler_input, timing, exercise_opening(exercise, duration, locale_of(handler_input)))


def time_left(handler_input: HandlerInput, named: str | None = None) -> Reply:
    """"How long is left", "how many rounds left": counted from the round just heard."""
    command, _ = command_of(handler_input)
    timing = running(handler_input)
    if timing is None:
        return _nothing_running(handler_input)
    exercise = content.exercises()[timing["id"]]
    seconds, rounds = seconds_left(exercise, timing["seconds"], timing["round"])
    key = "exercise_rounds_left" if command == "rounds_left" else "exercise_time_left"
    reprompt = speak(handler_input, "exercise_next_reprompt")
    speech = speak(handler_input, key, left=spoken_duration(seconds, locale_of(handler_input)),
                   rounds=spoken_number(rounds), number=spoken_number(timing["round"] + 1),
                   count=spoken_number(timing["rounds"]))
    return Reply(speech.extend(reprompt), reprompt=reprompt, offer=offers.current(session_of(handler_input)))


def _nothing_running(handler_input: HandlerInput) -> Reply:
    """How long, or how many rounds, when no exercise is between rounds: how long the one in hand runs."""
    chosen = current(handler_input)
    if chosen is None:
        return list_exercises(handler_input, "exercise_none_running")
    locale = locale_of(handler_input)
    title = localise(content.exercises()[chosen["id"]]["title"], locale)
    key = "exercise_finished_left" if chosen["ran"] else "exercise_runs_for"
    opening = speak(handler_input, key, title=title, duration=spoken_duration(chosen["seconds"], locale),
                    rounds=spoken_number(chosen["rounds"]))
    if ready_asked(handler_input):
        return Reply(opening.extend(speak(handler_input, "exercise_ready_question")),
                     reprompt=speak(handler_input, "exercise_ready_reprompt"), offer=offers.current(session_of(handler_input)))
    return _offer_another(handler_input, opening, chosen["id"])


def again(handler_input: HandlerInput, named: str | None = None) -> Reply:
    """"Again": between rounds, the round just heard; otherwise the exercise in hand from its start, at once."""
    if between_rounds(handler_input):
        return round_again(handler_input)
    chosen = current(handler_input)
    if chosen is None or (named and named != chosen["id"]):
        return start_exercise(handler_input, named, None)
    return _run_from_start(handler_input, chosen["id"], chosen["seconds"])


def done(handler_input: HandlerInput, named: str | None = None) -> Reply:
    """"We're done": the exercise ends (not the skill), and another one is offered."""
    chosen = current(handler_input)
    end_feature(session_of(handler_input))
    if chosen is None:
        return menu(handler_input, speak(handler_input, "exercise_done"))
    return _offer_another(handler_input, speak(handler_input, "exercise_done"), chosen["id"])


def resume(handler_input: HandlerInput, named: str | None = None) -> Reply:
    """"Resume", "continue", "start again": between rounds or after the last, the round last played, again (an
    interruption loses at most that round); at "are you ready?", the timed part."""
    if ready_asked(handler_input):
        return go(handler_input)
    if between_rounds(handler_input):
        return round_again(handler_input)
    chosen = state.chosen_exercise(session_of(handler_input))
    if chosen is None or not chosen["ran"]:
        return ready_or_next(handler_input, named)
    if not allowed(handler_input, chosen["id"]):
        return decline_withheld(handler_input)
    timing = {key: chosen[key] for key in ("id", "seconds", "round", "rounds")}
    return run_round(handler_input, timing)


def pause_any(handler_input: HandlerInput, named: str | None = None) -> Reply:
    if between_rounds(handler_input):
        return pause_exercise(handler_input)
    return pause(handler_input, "exercise_ready_reprompt" if ready_asked(handler_input) else "pause")


def not_ready(handler_input: HandlerInput) -> Reply:
    """No at "are you ready?": the exercise waits; a different one, shorter, or stop are a sentence away."""
    return Reply(speak(handler_input, "exercise_not_ready"), reprompt=speak(handler_input, "exercise_ready_reprompt"),
                 offer=offers.current(session_of(handler_input)))


def _run_from_start(handler_input: HandlerInput, exercise_id: str, seconds: int) -> Reply:
    if not allowed(handler_input, exercise_id):  # words of fear or harm since it was chosen
        return decline_withheld(handler_input)
    rounds = len(round_lengths(content.exercises()[exercise_id], seconds))
    return run_round(handler_input, {"id": exercise_id, "seconds": seconds, "round": 0, "rounds": rounds}, setup=False)


def _offer_another(handler_input: HandlerInput, opening: Speech, exercise_id: str) -> Reply:
    other = pick(handler_input, avoid=exercise_id)
    if other is None:
        return menu(handler_input, opening)
    title = localise(content.exercises()[other]["title"], locale_of(handler_input))
    question = speak(handler_input, "exercise_another_question", title=title)
    return Reply(opening.extend(question), reprompt=question, offer={offers.EXERCISE: other})


def _words(handler_input: HandlerInput) -> str | None:
    return slot_heard(handler_input, "words")


_COMMANDS = {"list": lambda handler_input, named: list_exercises(handler_input), "describe": describe,
             "start": ready_or_next, "different": different, "any": different, "shorter": resize, "longer": resize,
             "set_length": resize, "time_left": time_left, "rounds_left": time_left, "again": again, "done": done,
             "pause": pause_any, "resume": resume}


def _heard_exercise(handler_input: HandlerInput) -> bool:
    return command_of(handler_input) != (None, None)


class Exercises(Feature):
    name = "exercises"
    states = {
        ANY: {"StartExerciseIntent": Turn(start, to=(READY_ASKED,)),
              "StartExerciseNowIntent": Turn(start, to=(BETWEEN_ROUNDS, OFFERED)),
              "DescribeExerciseIntent": Turn(describe, to=(READY_ASKED,)),
              COMMAND_INTENT: Turn(steer, to=(READY_ASKED, BETWEEN_ROUNDS, OFFERED))},
        BETWEEN_ROUNDS: table({
            ("AMAZON.NextIntent", "AMAZON.YesIntent"): Turn(next_round, to=(BETWEEN_ROUNDS, OFFERED)),
            ("AMAZON.RepeatIntent", "AMAZON.PreviousIntent", "AMAZON.ResumeIntent", "AMAZON.StartOverIntent"):
                Turn(round_again, to=(BETWEEN_ROUNDS,)),
            "AMAZON.HelpIntent": Turn(exercise_help, to=(BETWEEN_ROUNDS,)),
            "AMAZON.NoIntent": Turn(not_yet, to=(BETWEEN_ROUNDS,)),
            ("AMAZON.StopIntent", "AMAZON.CancelIntent"): Turn(stop),
            "AMAZON.PauseIntent": Turn(pause_exercise, to=(BETWEEN_ROUNDS,)),
            "AMAZON.FallbackIntent": Turn(busy, to=(BETWEEN_ROUNDS,)),
            "TellIntent": Turn(steer, to=(BETWEEN_ROUNDS, READY_ASKED, OFFERED)),
        }),
        READY_ASKED: table({
            ("AMAZON.YesIntent", "AMAZON.NextIntent", "AMAZON.ResumeIntent"): Turn(go, to=(BETWEEN_ROUNDS, OFFERED)),
            "AMAZON.NoIntent": Turn(not_ready, to=(READY_ASKED,)),
            "AMAZON.FallbackIntent": Turn(unclear, to=(READY_ASKED,)),
            "AMAZON.PauseIntent": Turn(pause_any, to=(READY_ASKED,)),
            "TellIntent": Turn(steer, to=(BETWEEN_ROUNDS, READY_ASKED, OFFERED), when=_heard_exercise),
        }),
        OFFERED: table({("AMAZON.YesIntent", "AMAZON.NextIntent"): Turn(start_offered, to=(READY_ASKED,)),
                        "AMAZON.NoIntent": Turn(decline),
                        ("AMAZON.ResumeIntent", "AMAZON.StartOverIntent"): Turn(resume, to=(OFFERED,), when=just_ran)}),
    }

    def states_now(self, handler_input: HandlerInput) -> list[str]:
        found = [BETWEEN_ROUNDS] if between_rounds(handler_input) else []
        found += [READY_ASKED] if ready_asked(handler_input) else []
        return found + ([OFFERED] if offers.EXERCISE in offers.current(session_of(handler_input)) else [])


FEATURE = Exercises()
