"""Hands-free timed couple exercises that run inside one response, in rounds.

While more rounds remain, session "mode" is "exercise", session "exercise" is {"id", "seconds", "round", "rounds"}
(`round`: the index of the round just heard) and the offer is {"round": index of the next}. All three must hold for
next, repeat, help or stop to act on the exercise. An exercise the last self-check withheld, or any exercise after
words of fear or harm, is never offered or run.
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, is_intent_name, is_request_type
from ask_sdk_model import Response

from skill import browse, content
from skill import selfcheck_flow as flow
from skill.exercise_choice import pick_exercise, withheld_exercises
from skill.exercise_timing import choose_duration, exercise_opening, exercise_script, round_lengths
from skill.flow_wording import said, spoken_list
from skill.handlers import remembering
from skill.handlers.common import MODE, SAFETY_CONCERN, locale_of, menu, session_of, slot_id, speak
from skill.respond import current_offer, reply
from skill.speech import Speech
from skill.wording import localise

EXERCISE_MODE = "exercise"
EXERCISE = "exercise"
ROUND = "round"
DONE = "exercises_done"
TRUSTING_YOURSELF = "trusting_yourself"


# --- reading the session -----------------------------------------------------------------------------------------

def running(handler_input: HandlerInput) -> dict | None:
    """The exercise in session attributes, when it is well formed."""
    data = session_of(handler_input).get(EXERCISE)
    if not isinstance(data, dict) or data.get("id") not in content.exercises():
        return None
    numbers = [data.get(name) for name in ("seconds", "round", "rounds")]
    if not all(type(number) is int for number in numbers):
        return None
    seconds, index, rounds = numbers
    if rounds != len(round_lengths(content.exercises()[data["id"]], seconds)) or not 0 <= index < rounds:
        return None
    return dict(data)


def between_rounds(handler_input: HandlerInput) -> bool:
    offer = current_offer(handler_input) or {}
    in_mode = session_of(handler_input).get(MODE) == EXERCISE_MODE
    return in_mode and ROUND in offer and running(handler_input) is not None


def _withheld(handler_input: HandlerInput) -> frozenset[str]:
    session = session_of(handler_input)
    return withheld_exercises(list(content.exercises()), flow.restore_withheld(session.get(flow.WITHHELD)),
                              bool(session.get(SAFETY_CONCERN)))


def _pick(handler_input: HandlerInput) -> str | None:
    session = session_of(handler_input)
    known = {"section": content.section_ids(), "exercise": content.exercise_ids()}
    recommendations = flow.restore_recommendations(session.get(flow.RECOMMENDATIONS), known)
    done = [exercise_id for exercise_id in session.get(DONE) or [] if exercise_id in content.exercises()]
    return pick_exercise(list(content.exercises()), recommendations, _withheld(handler_input), done)


def _recommended(handler_input: HandlerInput, exercise_id: str) -> bool:
    recommendations = session_of(handler_input).get(flow.RECOMMENDATIONS) or []
    return any(isinstance(entry, dict) and entry.get("kind") == "exercise" and entry.get("id") == exercise_id
               for entry in recommendations)


def _heard(handler_input: HandlerInput, name: str) -> str | None:
    """What was said for slot `name`; None when the slot was not filled."""
    slots = handler_input.request_envelope.request.intent.slots or {}
    slot = slots.get(name)
    return slot.value if slot is not None and slot.value else None


def _intent_in(handler_input: HandlerInput, *names: str) -> bool:
    return is_request_type("IntentRequest")(handler_input) and get_intent_name(handler_input) in names


# --- building the turns --------------------------------------------------------------------------------------------

def start_exercise(handler_input: HandlerInput, exercise_id: str | None, requested: str | None, *,
                   recommended: bool = False) -> Response:
    """Run round one of `exercise_id` (or of one picked), for the requested duration kept within its limits."""
    if exercise_id is None:
        exercise_id = _pick(handler_input)
        recommended = exercise_id is not None and _recommended(handler_input, exercise_id)
    if exercise_id is None or exercise_id in _withheld(handler_input):
        return _decline(handler_input)
    locale = locale_of(handler_input)
    exercise = content.exercises()[exercise_id]
    duration = choose_duration(exercise, requested)
    state = {"id": exercise_id, "seconds": duration.seconds, "round": 0,
             "rounds": len(round_lengths(exercise, duration.seconds))}
    opening = exercise_opening(exercise, duration, locale, recommended=recommended)
    return run_round(handler_input, state, opening)


def run_round(handler_input: HandlerInput, state: dict, opening: Speech | None = None) -> Response:
    """The timed round `state["round"]`; then "say next" while rounds remain, or the closing question."""
    locale = locale_of(handler_input)
    session = session_of(handler_input)
    exercise = content.exercises()[state["id"]]
    speech = (opening or Speech()).extend(exercise_script(exercise, state["seconds"], state["round"], locale))
    if state["round"] + 1 < state["rounds"]:
        session[MODE] = EXERCISE_MODE
        session[EXERCISE] = state
        return reply(handler_input, speech, reprompt=Speech().say(said("exercise_next_reprompt", locale)),
                     offer={ROUND: state["round"] + 1})
    session[MODE] = None
    session.pop(EXERCISE, None)
    session[DONE] = [*(session.get(DONE) or []), state["id"]][-len(content.exercises()):]
    remembering.exercise_completed(handler_input, state["id"])
    return reply(handler_input, speech, reprompt=Speech().say(said("exercise_another_reprompt", locale)),
                 offer={EXERCISE: _pick(handler_input)})


def _decline(handler_input: HandlerInput) -> Response:
    """This exercise may not be offered now: say so kindly. Another one is offered instead when one is allowed;
    otherwise where to find support (after words of fear or harm) or the part on trusting yourself."""
    locale = locale_of(handler_input)
    session = session_of(handler_input)
    session[MODE] = None
    other = _pick(handler_input)
    if other is not None and not session.get(SAFETY_CONCERN):
        title = localise(content.exercises()[other]["title"], locale)
        question, offer = said("exercise_instead_question", locale, title=title), {EXERCISE: other}
        opening = said("exercise_withheld_one", locale)
    elif session.get(SAFETY_CONCERN):
        question, offer = said("exercise_withheld_question", locale), {browse.SECTION: browse.SAFETY_SECTION}
        opening = said("exercise_withheld", locale)
    else:
        question, offer = said("exercise_all_withheld_question", locale), {browse.SECTION: TRUSTING_YOURSELF}
        opening = said("exercise_withheld", locale)
    return reply(handler_input, Speech().say(opening, question), reprompt=Speech().say(question), offer=offer)


def _unknown(handler_input: HandlerInput) -> Response:
    locale = locale_of(handler_input)
    hidden = _withheld(handler_input)
    titles = [localise(exercise["title"], locale) for exercise_id, exercise in content.exercises().items()
              if exercise_id not in hidden]
    if not titles:
        return _decline(handler_input)
    speech = Speech().say(said("exercise_unknown", locale, titles=spoken_list(titles, locale)),
                          said("exercise_unknown_question", locale))
    return reply(handler_input, speech, reprompt=Speech().say(said("exercise_unknown_reprompt", locale)))


# --- handlers --------------------------------------------------------------------------------------------------------

class StartExerciseHandler(AbstractRequestHandler):
    """"Give me an exercise", "do the eye contact exercise for two minutes", or yes (or next) to an offered one."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if is_intent_name("StartExerciseIntent")(handler_input):
            return True
        offer = current_offer(handler_input) or {}
        return _intent_in(handler_input, "AMAZON.YesIntent", "AMAZON.NextIntent") and EXERCISE in offer

    def handle(self, handler_input: HandlerInput) -> Response:
        if not is_intent_name("StartExerciseIntent")(handler_input):
            offered = current_offer(handler_input)[EXERCISE]
            return start_exercise(handler_input, offered if offered in content.exercises() else None, None)
        exercise_id = slot_id(handler_input, "Exercise")
        if _heard(handler_input, "Exercise") and exercise_id not in content.exercises():
            return _unknown(handler_input)
        return start_exercise(handler_input, exercise_id, _heard(handler_input, "Duration"))


class DeclineExerciseHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        offer = current_offer(handler_input) or {}
        return is_intent_name("AMAZON.NoIntent")(handler_input) and (EXERCISE in offer or between_rounds(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        session_of(handler_input).pop(EXERCISE, None)
        return menu(handler_input, speak(handler_input, "no_thanks"))


class NextRoundHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return between_rounds(handler_input) and _intent_in(
            handler_input, "AMAZON.NextIntent", "AMAZON.YesIntent", "AMAZON.ResumeIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        state = running(handler_input)
        return run_round(handler_input, {**state, "round": min(state["round"] + 1, state["rounds"] - 1)})


class RepeatRoundHandler(AbstractRequestHandler):
    """Repeat or go back: the round just heard, once more."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return between_rounds(handler_input) and _intent_in(handler_input, "AMAZON.RepeatIntent",
                                                            "AMAZON.PreviousIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        return run_round(handler_input, running(handler_input))


class RestartExerciseHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return between_rounds(handler_input) and is_intent_name("AMAZON.StartOverIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return run_round(handler_input, {**running(handler_input), "round": 0})


class ExerciseHelpHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return between_rounds(handler_input) and is_intent_name("AMAZON.HelpIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        locale = locale_of(handler_input)
        question = said("exercise_help_question", locale)
        return reply(handler_input, Speech().say(said("exercise_help", locale), question),
                     reprompt=Speech().say(question), offer=current_offer(handler_input))


class StopExerciseHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return between_rounds(handler_input) and _intent_in(handler_input, "AMAZON.StopIntent", "AMAZON.CancelIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        session = session_of(handler_input)
        session[MODE] = None
        session.pop(EXERCISE, None)
        return reply(handler_input, Speech().say(said("exercise_stop", locale_of(handler_input))), end_session=True)


class PauseExerciseHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return between_rounds(handler_input) and is_intent_name("AMAZON.PauseIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        wait = Speech().say(said("exercise_next_reprompt", locale_of(handler_input)))
        return reply(handler_input, wait, reprompt=wait, remember=False)


class BetweenRoundsFallbackHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return between_rounds(handler_input) and is_intent_name("AMAZON.FallbackIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        locale = locale_of(handler_input)
        title = localise(content.exercises()[running(handler_input)["id"]]["title"], locale)
        busy = Speech().say(said("exercise_busy", locale, title=title))
        return reply(handler_input, busy, reprompt=Speech().say(said("exercise_next_reprompt", locale)),
                     offer=current_offer(handler_input))


HANDLERS = [
    NextRoundHandler(), RepeatRoundHandler(), RestartExerciseHandler(), ExerciseHelpHandler(), StopExerciseHandler(),
    PauseExerciseHandler(), BetweenRoundsFallbackHandler(), StartExerciseHandler(), DeclineExerciseHandler(),
]
