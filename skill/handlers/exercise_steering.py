"""Steering an exercise before, during and after it: hearing about one, "are you ready?", another one, shorter,
longer, a length, how long or how many rounds are left, again, done, resume; and the exercises feature's table.

A command comes as ExerciseCommandIntent (its Command slot, or only a Duration: "make it one minute") or in words the
listener heard (TellIntent). It acts on the exercise between rounds, else the one whose "are you ready?" waits, else
the one chosen last (session "exercise_chosen", kept after the exercise ends); without any, it lists the exercises.
"""
from __future__ import annotations


from skill import content
from skill.conversation import offers
from skill.conversation import session_state as state
from skill.conversation.exercise_timing import choose_duration, exercise_opening, resized, round_lengths, seconds_left
from skill.conversation.reply import Reply
from skill.conversation.turn import Turn
from skill.handlers.common import end_feature, menu, pause, unclear
from skill.handlers.exercises import (BETWEEN_ROUNDS, OFFERED, allowed, ask_ready, between_rounds, busy, decline,
                                      decline_withheld, exercise_help, list_exercises, next_round, not_yet,
                                      pause_exercise, pick, round_again, run_round, running, start, start_exercise,
                                      start_offered, stop)
from skill.handlers.feature import ANY, Feature, Row, table
from skill.handlers.hearing import heard
from skill.handlers.session import locale_of, session_of, slot_heard, slot_id, speak
from skill.voice.flow_wording import spoken_duration, spoken_number
from skill.voice.speech import Speech
from skill.voice.wording import localise

READY_ASKED = "ready_asked"
COMMAND_INTENT = "ExerciseCommandIntent"


# --- what was asked, and of which exercise -------------------------------------------------------------------------

def command_of(turn: Turn) -> tuple[str | None, str | None]:
    """(command, exercise named beside it): from ExerciseCommandIntent's slots, or from what the listener heard."""
    if turn.asks(COMMAND_INTENT):
        command = slot_id(turn, "Command")
        if command is None and slot_heard(turn, "Duration"):
            command = "set_length"
        return ("start" if command == "ready" else command), None
    hearing = heard(turn)
    if hearing is None or hearing.meaning != "exercise":
        return None, None
    if hearing.detail in content.exercises():
        return None, hearing.detail
    return hearing.detail, hearing.exercise


def current(turn: Turn) -> dict | None:
    """The exercise a command acts on: between rounds, or chosen (set up, described or last run); None without."""
    return running(turn) or state.chosen_exercise(session_of(turn))


def ready_asked(turn: Turn) -> bool:
    return offers.READY in offers.current(session_of(turn))


def just_ran(turn: Turn) -> bool:
    """An exercise's last round was the last thing played: "resume" after an interruption plays it again."""
    chosen = state.chosen_exercise(session_of(turn))
    return chosen is not None and chosen["ran"] and not between_rounds(turn)


# --- turns -------------------------------------------------------------------------------------------------------

def steer(turn: Turn) -> Reply:
    """A command for an exercise, wherever the conversation is."""
    command, named = command_of(turn)
    if command is None and named is not None:
        return start_exercise(turn, named, None)
    answer = _COMMANDS.get(command)
    if answer is None:
        return busy(turn) if between_rounds(turn) else list_exercises(turn)
    return answer(turn, named)


def describe(turn: Turn, named: str | None = None) -> Reply:
    """"Tell me about eye contact": what you do, how long, who goes first; then "are you ready?"."""
    exercise_id = named or slot_id(turn, "Exercise")
    if exercise_id not in content.exercises():
        chosen = current(turn)
        exercise_id = chosen["id"] if chosen else None
    if exercise_id is None:
        return list_exercises(turn)
    return start_exercise(turn, exercise_id, None, opening_key="exercise_describe")


def go(turn: Turn, named: str | None = None) -> Reply:
    """Yes or "ready" at "are you ready?": the timed part, the set-up already said."""
    session = session_of(turn)
    exercise_id = offers.current(session).get(offers.READY)
    chosen = state.chosen_exercise(session)
    seconds = chosen["seconds"] if chosen and chosen["id"] == exercise_id else \
        content.exercises()[exercise_id]["duration"]["default"]
    return _run_from_start(turn, exercise_id, seconds)


def ready_or_next(turn: Turn, named: str | None = None) -> Reply:
    """"We're ready": the timed part when asked; between rounds, the next round; otherwise the exercise named, or
    the one chosen, set up."""
    if ready_asked(turn):
        return go(turn)
    if between_rounds(turn):
        return next_round(turn)
    chosen = current(turn)
    return start_exercise(turn, named or (chosen["id"] if chosen else None), None)


def different(turn: Turn, named: str | None = None) -> Reply:
    """"A different one": another exercise than the one in hand, set up."""
    chosen = current(turn) or {}
    offered = offers.current(session_of(turn)).get(offers.EXERCISE)
    other = pick(turn, avoid=chosen.get("id") or offered)
    return start_exercise(turn, other, None)


def resize(turn: Turn, named: str | None = None) -> Reply:
    """"Shorter", "longer", "make it one minute": the exercise in hand at that length (within its range, saying so
    when it is not what was asked), from its start, once they are ready."""
    command, _ = command_of(turn)
    chosen = current(turn)
    exercise_id = named or (chosen["id"] if chosen else None)
    if exercise_id is None:
        return list_exercises(turn, "exercise_which_first")
    exercise = content.exercises()[exercise_id]
    if command == "set_length":
        duration = choose_duration(exercise, slot_heard(turn, "Duration") or _words(turn))
    else:
        seconds = chosen["seconds"] if chosen and chosen["id"] == exercise_id else exercise["duration"]["default"]
        duration = resized(exercise, seconds, command)
    timing = {"id": exercise_id, "seconds": duration.seconds, "round": 0}
    return ask_ready(turn, timing, exercise_opening(exercise, duration, locale_of(turn)))


def time_left(turn: Turn, named: str | None = None) -> Reply:
    """"How long is left", "how many rounds left": counted from the round just heard."""
    command, _ = command_of(turn)
    timing = running(turn)
    if timing is None:
        return _nothing_running(turn)
    exercise = content.exercises()[timing["id"]]
    seconds, rounds = seconds_left(exercise, timing["seconds"], timing["round"])
    key = "exercise_rounds_left" if command == "rounds_left" else "exercise_time_left"
    reprompt = speak(turn, "exercise_next_reprompt")
    speech = speak(turn, key, left=spoken_duration(seconds, locale_of(turn)),
                   rounds=spoken_number(rounds), number=spoken_number(timing["round"] + 1),
                   count=spoken_number(timing["rounds"]))
    return Reply(speech.extend(reprompt), reprompt=reprompt, offer=offers.current(session_of(turn)))


def _nothing_running(turn: Turn) -> Reply:
    """How long, or how many rounds, when no exercise is between rounds: how long the one in hand runs."""
    chosen = current(turn)
    if chosen is None:
        return list_exercises(turn, "exercise_none_running")
    locale = locale_of(turn)
    title = localise(content.exercises()[chosen["id"]]["title"], locale)
    key = "exercise_finished_left" if chosen["ran"] else "exercise_runs_for"
    opening = speak(turn, key, title=title, duration=spoken_duration(chosen["seconds"], locale),
                    rounds=spoken_number(chosen["rounds"]))
    if ready_asked(turn):
        return Reply(opening.extend(speak(turn, "exercise_ready_question")),
                     reprompt=speak(turn, "exercise_ready_reprompt"), offer=offers.current(session_of(turn)))
    return _offer_another(turn, opening, chosen["id"])


def again(turn: Turn, named: str | None = None) -> Reply:
    """"Again": between rounds, the round just heard; otherwise the exercise in hand from its start, at once."""
    if between_rounds(turn):
        return round_again(turn)
    chosen = current(turn)
    if chosen is None or (named and named != chosen["id"]):
        return start_exercise(turn, named, None)
    return _run_from_start(turn, chosen["id"], chosen["seconds"])


def done(turn: Turn, named: str | None = None) -> Reply:
    """"We're done": the exercise ends (not the skill), and another one is offered."""
    chosen = current(turn)
    end_feature(session_of(turn))
    if chosen is None:
        return menu(turn, speak(turn, "exercise_done"))
    return _offer_another(turn, speak(turn, "exercise_done"), chosen["id"])


def resume(turn: Turn, named: str | None = None) -> Reply:
    """"Resume", "continue", "start again": between rounds or after the last, the round last played, again (an
    interruption loses at most that round); at "are you ready?", the timed part."""
    if ready_asked(turn):
        return go(turn)
    if between_rounds(turn):
        return round_again(turn)
    chosen = state.chosen_exercise(session_of(turn))
    if chosen is None or not chosen["ran"]:
        return ready_or_next(turn, named)
    if not allowed(turn, chosen["id"]):
        return decline_withheld(turn)
    timing = {key: chosen[key] for key in ("id", "seconds", "round", "rounds")}
    return run_round(turn, timing)


def pause_any(turn: Turn, named: str | None = None) -> Reply:
    if between_rounds(turn):
        return pause_exercise(turn)
    return pause(turn, "exercise_ready_reprompt" if ready_asked(turn) else "pause")


def not_ready(turn: Turn) -> Reply:
    """No at "are you ready?": the exercise waits; a different one, shorter, or stop are a sentence away."""
    return Reply(speak(turn, "exercise_not_ready"), reprompt=speak(turn, "exercise_ready_reprompt"),
                 offer=offers.current(session_of(turn)))


def _run_from_start(turn: Turn, exercise_id: str, seconds: int) -> Reply:
    if not allowed(turn, exercise_id):  # words of fear or harm since it was chosen
        return decline_withheld(turn)
    rounds = len(round_lengths(content.exercises()[exercise_id], seconds))
    return run_round(turn, {"id": exercise_id, "seconds": seconds, "round": 0, "rounds": rounds}, setup=False)


def _offer_another(turn: Turn, opening: Speech, exercise_id: str) -> Reply:
    other = pick(turn, avoid=exercise_id)
    if other is None:
        return menu(turn, opening)
    title = localise(content.exercises()[other]["title"], locale_of(turn))
    question = speak(turn, "exercise_another_question", title=title)
    return Reply(opening.extend(question), reprompt=question, offer={offers.EXERCISE: other})


def _words(turn: Turn) -> str | None:
    return slot_heard(turn, "words")


_COMMANDS = {"list": lambda turn, named: list_exercises(turn), "describe": describe,
             "start": ready_or_next, "different": different, "any": different, "shorter": resize, "longer": resize,
             "set_length": resize, "time_left": time_left, "rounds_left": time_left, "again": again, "done": done,
             "pause": pause_any, "resume": resume}


def _heard_exercise(turn: Turn) -> bool:
    return command_of(turn) != (None, None)


class Exercises(Feature):
    name = "exercises"
    states = {
        ANY: {"StartExerciseIntent": Row(start, to=(READY_ASKED,)),
              "StartExerciseNowIntent": Row(start, to=(BETWEEN_ROUNDS, OFFERED)),
              "DescribeExerciseIntent": Row(describe, to=(READY_ASKED,)),
              COMMAND_INTENT: Row(steer, to=(READY_ASKED, BETWEEN_ROUNDS, OFFERED))},
        BETWEEN_ROUNDS: table({
            ("AMAZON.NextIntent", "AMAZON.YesIntent"): Row(next_round, to=(BETWEEN_ROUNDS, OFFERED)),
            ("AMAZON.RepeatIntent", "AMAZON.PreviousIntent", "AMAZON.ResumeIntent", "AMAZON.StartOverIntent"):
                Row(round_again, to=(BETWEEN_ROUNDS,)),
            "AMAZON.HelpIntent": Row(exercise_help, to=(BETWEEN_ROUNDS,)),
            "AMAZON.NoIntent": Row(not_yet, to=(BETWEEN_ROUNDS,)),
            ("AMAZON.StopIntent", "AMAZON.CancelIntent"): Row(stop),
            "AMAZON.PauseIntent": Row(pause_exercise, to=(BETWEEN_ROUNDS,)),
            "AMAZON.FallbackIntent": Row(busy, to=(BETWEEN_ROUNDS,)),
            "TellIntent": Row(steer, to=(BETWEEN_ROUNDS, READY_ASKED, OFFERED)),
        }),
        READY_ASKED: table({
            ("AMAZON.YesIntent", "AMAZON.NextIntent", "AMAZON.ResumeIntent"): Row(go, to=(BETWEEN_ROUNDS, OFFERED)),
            "AMAZON.NoIntent": Row(not_ready, to=(READY_ASKED,)),
            "AMAZON.FallbackIntent": Row(unclear, to=(READY_ASKED,)),
            "AMAZON.PauseIntent": Row(pause_any, to=(READY_ASKED,)),
            "TellIntent": Row(steer, to=(BETWEEN_ROUNDS, READY_ASKED, OFFERED), when=_heard_exercise),
        }),
        OFFERED: table({("AMAZON.YesIntent", "AMAZON.NextIntent"): Row(start_offered, to=(READY_ASKED,)),
                        "AMAZON.NoIntent": Row(decline),
                        ("AMAZON.ResumeIntent", "AMAZON.StartOverIntent"): Row(resume, to=(OFFERED,), when=just_ran)}),
    }

    def states_now(self, turn: Turn) -> list[str]:
        found = [BETWEEN_ROUNDS] if between_rounds(turn) else []
        found += [READY_ASKED] if ready_asked(turn) else []
        return found + ([OFFERED] if offers.EXERCISE in offers.current(session_of(turn)) else [])


FEATURE = Exercises()
