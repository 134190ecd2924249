"""Hands-free timed couple exercises that run inside one response, in rounds.

While more rounds remain, session "mode" is "exercise", session "exercise" is {"id", "seconds", "round", "rounds"}
(`round`: the index of the round just heard) and the offer is {"round": index of the next}. All three must hold for
next, repeat, help or stop to act on the exercise. An exercise the last self-check withheld, or any exercise after
words of fear or harm, is never offered or run.
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from skill import content

from skill.conversation import browse
from skill.conversation import session_state as state
from skill.conversation.exercise_choice import pick_exercise
from skill.conversation.exercise_timing import choose_duration, exercise_opening, exercise_script, round_lengths
from skill.voice.flow_wording import spoken_list, spoken_number
from skill.handlers import remembering
from skill.handlers.common import MODE, end_feature, intent_in, locale_of, menu, pause, session_of, slot_id, speak
from skill.handlers.respond import reply
from skill.conversation.selfcheck_results import next_suggestion
from skill.voice.speech import Speech
from skill.voice.wording import localise, phrase

EXERCISE_MODE = state.EXERCISE_MODE
EXERCISE = state.EXERCISE
ROUND = state.ROUND


# --- reading the session -----------------------------------------------------------------------------------------

def running(handler_input: HandlerInput) -> dict | None:
    """The exercise between rounds in session attributes, read safely (skill/conversation/session_state.py)."""
    return state.exercise(session_of(handler_input))


def between_rounds(handler_input: HandlerInput) -> bool:
    session = session_of(handler_input)
    return state.mode(session) == EXERCISE_MODE and ROUND in state.offer(session) and running(handler_input) is not None


def _withheld(handler_input: HandlerInput) -> frozenset[str]:
    return state.withheld_now(session_of(handler_input)) & content.exercise_ids()


def _pick(handler_input: HandlerInput) -> str | None:
    session = session_of(handler_input)
    return pick_exercise(list(content.exercises()), state.recommendations(session), _withheld(handler_input),
                         state.exercises_done(session))


def _recommended(handler_input: HandlerInput, exercise_id: str) -> bool:
    return any(entry["kind"] == "exercise" and entry["id"] == exercise_id
               for entry in state.recommendations(session_of(handler_input)))


def _heard(handler_input: HandlerInput, name: str) -> str | None:
    """What was said for slot `name`; None when the slot was not filled."""
    slots = handler_input.request_envelope.request.intent.slots or {}
    slot = slots.get(name)
    return slot.value if slot is not None and slot.value else None


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
    timing = {"id": exercise_id, "seconds": duration.seconds, "round": 0,
              "rounds": len(round_lengths(exercise, duration.seconds))}
    opening = exercise_opening(exercise, duration, locale, recommended=recommended)
    return run_round(handler_input, timing, opening)


def run_round(handler_input: HandlerInput, timing: dict, opening: Speech | None = None) -> Response:
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
        return reply(handler_input, speech, reprompt=speak(handler_input, "exercise_next_reprompt"),
                     offer={ROUND: timing["round"] + 1})
    end_feature(session)
    session.pop(state.SUGGESTION, None)
    session[state.EXERCISES_DONE] = [*state.exercises_done(session), timing["id"]][-len(content.exercises()):]
    remembering.exercise_completed(handler_input, timing["id"])
    if following is not None:
        return reply(handler_input, speech, reprompt=Speech().say(following[0]), offer=following[1])
    return reply(handler_input, speech, reprompt=speak(handler_input, "exercise_another_reprompt"),
                 offer={EXERCISE: _pick(handler_input)})


def _following_suggestion(handler_input: HandlerInput, exercise_id: str) -> tuple[str, dict] | None:
    """When `exercise_id` is the self-check suggestion being followed, the question offering the next one, and its
    offer; None otherwise, or after the last suggestion."""
    session = session_of(handler_input)
    index, offered = state.suggestion(session), state.suggestions_now(session)
    if index is None or not index < len(offered) or offered[index]["id"] != exercise_id:
        return None
    return next_suggestion(offered, index + 1, locale_of(handler_input))


def _decline(handler_input: HandlerInput) -> Response:
    """This exercise may not be offered now: say so kindly. Another one is offered instead when one is allowed;
    otherwise where to find support (after words of fear or harm) or the part on trusting yourself."""
    locale = locale_of(handler_input)
    session = session_of(handler_input)
    end_feature(session)
    other = _pick(handler_input)
    concern = state.safety_concern(session)
    if other is not None and not concern:
        title = localise(content.exercises()[other]["title"], locale)
        question, offer = phrase("exercise_instead_question", locale, title=title), {EXERCISE: other}
        opening = phrase("exercise_withheld_one", locale)
    elif concern:
        question, offer = phrase("exercise_withheld_question", locale), {browse.SECTION: browse.SAFETY_SECTION}
        opening = phrase("exercise_withheld", locale)
    else:
        question, offer = phrase("trusting_yourself_question", locale), {browse.SECTION: browse.TRUSTING_YOURSELF}
        opening = phrase("exercise_withheld", locale)
    return reply(handler_input, Speech().say(opening, question), reprompt=Speech().say(question), offer=offer)


def _unknown(handler_input: HandlerInput) -> Response:
    locale = locale_of(handler_input)
    hidden = _withheld(handler_input)
    titles = [localise(exercise["title"], locale) for exercise_id, exercise in content.exercises().items()
              if exercise_id not in hidden]
    if not titles:
        return _decline(handler_input)
    speech = Speech().say(phrase("exercise_unknown", locale, titles=spoken_list(titles, locale)),
                          phrase("exercise_unknown_question", locale))
    return reply(handler_input, speech, reprompt=speak(handler_input, "exercise_unknown_reprompt"))


# --- handlers --------------------------------------------------------------------------------------------------------

class StartExerciseHandler(AbstractRequestHandler):
    """"Give me an exercise", "do the eye contact exercise for two minutes", or yes (or next) to an offered one."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if is_intent_name("StartExerciseIntent")(handler_input):
            return True
        return intent_in(handler_input, "AMAZON.YesIntent", "AMAZON.NextIntent") and \
            EXERCISE in state.offer(session_of(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        if not is_intent_name("StartExerciseIntent")(handler_input):
            return start_exercise(handler_input, state.offer(session_of(handler_input))[EXERCISE], None)
        exercise_id = slot_id(handler_input, "Exercise")
        if _heard(handler_input, "Exercise") and exercise_id not in content.exercises():
            return _unknown(handler_input)
        known = exercise_id if exercise_id in content.exercises() else None
        return start_exercise(handler_input, known, _heard(handler_input, "Duration"))


class DeclineExerciseHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.NoIntent")(handler_input) and EXERCISE in state.offer(session_of(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        return menu(handler_input, speak(handler_input, "no_thanks"))


class NextRoundHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return between_rounds(handler_input) and intent_in(
            handler_input, "AMAZON.NextIntent", "AMAZON.YesIntent", "AMAZON.ResumeIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        timing = running(handler_input)
        return run_round(handler_input, {**timing, "round": min(timing["round"] + 1, timing["rounds"] - 1)})


class RepeatRoundHandler(AbstractRequestHandler):
    """Repeat or go back: the round just heard, once more."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return between_rounds(handler_input) and intent_in(handler_input, "AMAZON.RepeatIntent",
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
        question = phrase("exercise_help_question", locale)
        return reply(handler_input, Speech().say(phrase("exercise_help", locale), question),
                     reprompt=Speech().say(question), offer=state.offer(session_of(handler_input)))


class NotYetHandler(AbstractRequestHandler):
    """No between rounds ("are you ready for the next round?"): not yet. The exercise waits; stop ends it."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return between_rounds(handler_input) and is_intent_name("AMAZON.NoIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        offer = state.offer(session_of(handler_input))
        return reply(handler_input, speak(handler_input, "exercise_not_yet", number=spoken_number(offer[ROUND] + 1)),
                     reprompt=speak(handler_input, "exercise_next_reprompt"), offer=offer)


class StopExerciseHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return between_rounds(handler_input) and intent_in(handler_input, "AMAZON.StopIntent", "AMAZON.CancelIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        end_feature(session_of(handler_input))
        return reply(handler_input, speak(handler_input, "exercise_stop"), end_session=True)


class PauseExerciseHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return between_rounds(handler_input) and is_intent_name("AMAZON.PauseIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return pause(handler_input, "exercise_next_reprompt")


class BetweenRoundsFallbackHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return between_rounds(handler_input) and is_intent_name("AMAZON.FallbackIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        locale = locale_of(handler_input)
        title = localise(content.exercises()[running(handler_input)["id"]]["title"], locale)
        busy = speak(handler_input, "exercise_busy", title=title)
        return reply(handler_input, busy, reprompt=speak(handler_input, "exercise_next_reprompt"),
                     offer=state.offer(session_of(handler_input)))


HANDLERS = [
    NextRoundHandler(), RepeatRoundHandler(), RestartExerciseHandler(), ExerciseHelpHandler(), NotYetHandler(),
    StopExerciseHandler(),
    PauseExerciseHandler(), BetweenRoundsFallbackHandler(), StartExerciseHandler(), DeclineExerciseHandler(),
]
