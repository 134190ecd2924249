"""Hands-free timed couple exercises that run inside one response, in rounds.

While more rounds remain, session "mode" is "exercise", session "exercise" is {"id", "seconds", "round", "rounds"}
(`round`: the index of the round just heard) and the offer is {"round": index of the next}. All three must hold for
next, repeat, help or stop to act on the exercise. An exercise the last self-check withheld, or any exercise after
words of fear or harm, is never offered or run.
"""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill import content
from skill.conversation import browse, offers
from skill.conversation import session_state as state
from skill.conversation.exercise_choice import pick_exercise
from skill.conversation.exercise_timing import choose_duration, exercise_opening, exercise_script, round_lengths
from skill.conversation.reply import Reply, ending
from skill.conversation.selfcheck_results import next_suggestion
from skill.handlers import keeping
from skill.handlers.common import MODE, end_feature, menu, pause
from skill.handlers.feature import ANY, Feature, Turn, table
from skill.handlers.hearing import heard
from skill.handlers.session import locale_of, session_of, slot_heard, slot_id, speak
from skill.voice.flow_wording import spoken_list, spoken_number
from skill.voice.speech import Speech
from skill.voice.wording import localise, phrase

EXERCISE_MODE = state.EXERCISE_MODE
EXERCISE = state.EXERCISE
ROUND = offers.ROUND
BETWEEN_ROUNDS, OFFERED = "between_rounds", "exercise_offered"


# --- reading the session -----------------------------------------------------------------------------------------

def running(handler_input: HandlerInput) -> dict | None:
    """The exercise between rounds in session attributes, read safely (skill/conversation/session_state.py)."""
    return state.exercise(session_of(handler_input))


def between_rounds(handler_input: HandlerInput) -> bool:
    session = session_of(handler_input)
    return state.mode(session) == EXERCISE_MODE and ROUND in offers.current(session) and running(handler_input) is not None


def _withheld(handler_input: HandlerInput) -> frozenset[str]:
    return state.withheld_now(session_of(handler_input)) & content.exercise_ids()


def _pick(handler_input: HandlerInput) -> str | None:
    session = session_of(handler_input)
    return pick_exercise(list(content.exercises()), state.recommendations(session), _withheld(handler_input),
                         state.exercises_done(session))


def _recommended(handler_input: HandlerInput, exercise_id: str) -> bool:
    return any(entry["kind"] == "exercise" and entry["id"] == exercise_id
               for entry in state.recommendations(session_of(handler_input)))


# --- building the turns --------------------------------------------------------------------------------------------

def start_exercise(handler_input: HandlerInput, exercise_id: str | None, requested: str | None, *,
                   recommended: bool = False) -> Reply:
    """Run round one of `exercise_id` (or of one picked), for the requested duration kept within its limits."""
    if exercise_id is None:
        exercise_id = _pick(handler_input)
        recommended = exercise_id is not None and _recommended(handler_input, exercise_id)
    if exercise_id is None or exercise_id in _withheld(handler_input):
        return _decline(handler_input)
    locale = locale_of(handler_input)
    exercise = content.exercises()[exercise_id]
    duration = choose_duration(exercise, requested)
    timing = {"id": exercise_id, "seconds": duration.seconds, "round": 0,
              "rounds": len(round_lengths(exercise, duration.seconds))}
    opening = exercise_opening(exercise, duration, locale, recommended=recommended)
    session = session_of(handler_input)
    if not session.get(state.COUPLE_NOTE_GIVEN):
        # Couple work is for partners who feel safe together: said once a session, kept in no store.
        session[state.COUPLE_NOTE_GIVEN] = True
        opening = speak(handler_input, "couple_exercise_note").extend(opening)
    return run_round(handler_input, timing, opening)


def run_round(handler_input: HandlerInput, timing: dict, opening: Speech | None = None) -> Reply:
    """The timed round `timing["round"]`; then "say next" while rounds remain, or the closing question."""
    locale = locale_of(handler_input)
    session = session_of(handler_input)
    exercise = content.exercises()[timing["id"]]
    last = timing["round"] + 1 >= timing["rounds"]
    following = _following_suggestion(handler_input, timing["id"]) if last else None
    speech = (opening or Speech()).extend(exercise_script(exercise, timing["seconds"], timing["round"], locale,
                                                          question=following and following[0]))
    if not last:
        session[MODE] = EXERCISE_MODE
        session[EXERCISE] = timing
        return Reply(speech, reprompt=speak(handler_input, "exercise_next_reprompt"), offer={ROUND: timing["round"] + 1})
    end_feature(session)
    session.pop(state.SUGGESTION, None)
    session[state.EXERCISES_DONE] = [*state.exercises_done(session), timing["id"]][-len(content.exercises()):]
    keeping.exercise_completed(handler_input, timing["id"])
    if following is not None:
        return Reply(speech, reprompt=Speech().say(following[0]), offer=following[1])
    return Reply(speech, reprompt=speak(handler_input, "exercise_another_reprompt"),
                 offer={offers.EXERCISE: _pick(handler_input)})


def _following_suggestion(handler_input: HandlerInput, exercise_id: str) -> tuple[str, dict] | None:
    """When `exercise_id` is the self-check suggestion being followed, the question offering the next one, and its
    offer; None otherwise, or after the last suggestion."""
    session = session_of(handler_input)
    index, offered = state.suggestion(session), state.suggestions_now(session)
    if index is None or not index < len(offered) or offered[index]["id"] != exercise_id:
        return None
    return next_suggestion(offered, index + 1, locale_of(handler_input))


def _decline(handler_input: HandlerInput) -> Reply:
    """This exercise may not be offered now: say so kindly. Another one is offered instead when one is allowed;
    otherwise where to find support (after words of fear or harm) or the part on trusting yourself."""
    locale = locale_of(handler_input)
    session = session_of(handler_input)
    end_feature(session)
    other = _pick(handler_input)
    concern = state.safety_concern(session)
    if other is not None and not concern:
        title = localise(content.exercises()[other]["title"], locale)
        question, offer = phrase("exercise_instead_question", locale, title=title), {offers.EXERCISE: other}
        opening = phrase("exercise_withheld_one", locale)
    elif concern:
        question, offer = phrase("exercise_withheld_question", locale), {offers.SECTION: browse.SAFETY_SECTION}
        opening = phrase("exercise_withheld", locale)
    else:
        question, offer = phrase("trusting_yourself_question", locale), {offers.SECTION: browse.TRUSTING_YOURSELF}
        opening = phrase("exercise_withheld", locale)
    return Reply(Speech().say(opening, question), reprompt=Speech().say(question), offer=offer)


def _unknown(handler_input: HandlerInput) -> Reply:
    return list_exercises(handler_input, "exercise_unknown")


def list_exercises(handler_input: HandlerInput, opening_key: str = "exercise_list") -> Reply:
    """The exercises that may be offered now, and which one? (after words of fear or harm: why none)."""
    locale = locale_of(handler_input)
    hidden = _withheld(handler_input)
    titles = [localise(exercise["title"], locale) for exercise_id, exercise in content.exercises().items()
              if exercise_id not in hidden]
    if not titles:
        return _decline(handler_input)
    end_feature(session_of(handler_input))
    speech = Speech().say(phrase(opening_key, locale, titles=spoken_list(titles, locale)),
                          phrase("exercise_unknown_question", locale))
    return Reply(speech, reprompt=speak(handler_input, "exercise_unknown_reprompt"))


# --- turns -----------------------------------------------------------------------------------------------------------

def start(handler_input: HandlerInput) -> Reply:
    """"Give me an exercise", "do the eye contact exercise for two minutes"."""
    exercise_id = slot_id(handler_input, "Exercise")
    if slot_heard(handler_input, "Exercise") and exercise_id not in content.exercises():
        return _unknown(handler_input)
    known = exercise_id if exercise_id in content.exercises() else None
    return start_exercise(handler_input, known, slot_heard(handler_input, "Duration"))


def start_offered(handler_input: HandlerInput) -> Reply:
    """Yes (or next) to an offered exercise."""
    return start_exercise(handler_input, offers.current(session_of(handler_input))[offers.EXERCISE], None)


def decline(handler_input: HandlerInput) -> Reply:
    return menu(handler_input, speak(handler_input, "no_thanks"))


def next_round(handler_input: HandlerInput) -> Reply:
    timing = running(handler_input)
    return run_round(handler_input, {**timing, "round": min(timing["round"] + 1, timing["rounds"] - 1)})


def round_again(handler_input: HandlerInput) -> Reply:
    """Repeat or go back: the round just heard, once more."""
    return run_round(handler_input, running(handler_input))


def restart(handler_input: HandlerInput) -> Reply:
    return run_round(handler_input, {**running(handler_input), "round": 0})


def exercise_help(handler_input: HandlerInput) -> Reply:
    locale = locale_of(handler_input)
    question = phrase("exercise_help_question", locale)
    return Reply(Speech().say(phrase("exercise_help", locale), question), reprompt=Speech().say(question),
                 offer=offers.current(session_of(handler_input)))


def not_yet(handler_input: HandlerInput) -> Reply:
    """No between rounds ("are you ready for the next round?"): not yet. The exercise waits; stop ends it."""
    offer = offers.current(session_of(handler_input))
    return Reply(speak(handler_input, "exercise_not_yet", number=spoken_number(offer[ROUND] + 1)),
                 reprompt=speak(handler_input, "exercise_next_reprompt"), offer=offer)


def stop(handler_input: HandlerInput) -> Reply:
    end_feature(session_of(handler_input))
    return ending(speak(handler_input, "exercise_stop"))


def pause_exercise(handler_input: HandlerInput) -> Reply:
    return pause(handler_input, "exercise_next_reprompt")


# What a command said in words does between rounds (skill/content/listening/requests.yaml names the commands).
_BETWEEN_ROUNDS_COMMANDS = {"start": "next", "resume": "next", "again": "again", "done": "stop", "pause": "pause"}


def command_in_words(handler_input: HandlerInput) -> Reply:
    """Between rounds, a command said in a sentence ("okay we're ready", "let's do that one again")."""
    hearing = heard(handler_input)
    command = hearing.detail if hearing is not None and hearing.meaning == "exercise" else None
    turn = {"next": next_round, "again": round_again, "stop": stop, "pause": pause_exercise}.get(
        _BETWEEN_ROUNDS_COMMANDS.get(command))
    return turn(handler_input) if turn is not None else busy(handler_input)


def busy(handler_input: HandlerInput) -> Reply:
    """Something unclear between rounds: the exercise waits."""
    locale = locale_of(handler_input)
    title = localise(content.exercises()[running(handler_input)["id"]]["title"], locale)
    return Reply(speak(handler_input, "exercise_busy", title=title),
                 reprompt=speak(handler_input, "exercise_next_reprompt"), offer=offers.current(session_of(handler_input)))


class Exercises(Feature):
    name = "exercises"
    states = {
        ANY: {"StartExerciseIntent": Turn(start, to=(BETWEEN_ROUNDS, OFFERED))},
        BETWEEN_ROUNDS: table({
            ("AMAZON.NextIntent", "AMAZON.YesIntent", "AMAZON.ResumeIntent"): Turn(next_round, to=(BETWEEN_ROUNDS, OFFERED)),
            ("AMAZON.RepeatIntent", "AMAZON.PreviousIntent"): Turn(round_again, to=(BETWEEN_ROUNDS,)),
            "AMAZON.StartOverIntent": Turn(restart, to=(BETWEEN_ROUNDS,)),
            "AMAZON.HelpIntent": Turn(exercise_help, to=(BETWEEN_ROUNDS,)),
            "AMAZON.NoIntent": Turn(not_yet, to=(BETWEEN_ROUNDS,)),
            ("AMAZON.StopIntent", "AMAZON.CancelIntent"): Turn(stop),
            "AMAZON.PauseIntent": Turn(pause_exercise, to=(BETWEEN_ROUNDS,)),
            "AMAZON.FallbackIntent": Turn(busy, to=(BETWEEN_ROUNDS,)),
            "TellIntent": Turn(command_in_words, to=(BETWEEN_ROUNDS, OFFERED)),
        }),
        OFFERED: table({("AMAZON.YesIntent", "AMAZON.NextIntent"): Turn(start_offered, to=(BETWEEN_ROUNDS, OFFERED)),
                        "AMAZON.NoIntent": Turn(decline)}),
    }

    def states_now(self, handler_input: HandlerInput) -> list[str]:
        found = [BETWEEN_ROUNDS] if between_rounds(handler_input) else []
        return found + ([OFFERED] if offers.EXERCISE in offers.current(session_of(handler_input)) else [])


FEATURE = Exercises()
