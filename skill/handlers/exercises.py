"""Hands-free timed couple exercises that run inside one response, in rounds: starting one (set-up, then "are you
ready?"), its rounds, and the turns between them. Steering one, and the feature's table: exercise_steering.py.

While more rounds remain, session "mode" is "exercise", session "exercise" is {"id", "seconds", "round", "rounds"}
(`round`: the index of the round just heard) and the offer is {"round": index of the next}. All three must hold for
next, repeat, help or stop to act on the exercise. An exercise the last self-check withheld, or any exercise after
words of fear or harm, is never offered or run.
"""
from __future__ import annotations


from skill import content
from skill.conversation import browse, offers
from skill.conversation import session_state as state
from skill.conversation.exercise_choice import pick_exercise
from skill.conversation.exercise_timing import (choose_duration, exercise_opening, exercise_script,
                                                 exercise_setup, round_lengths)
from skill.conversation.reply import Reply, ending
from skill.conversation.screen import exercise_screen
from skill.conversation.selfcheck_results import next_suggestion
from skill.conversation.turn import Turn
from skill.handlers import keeping
from skill.handlers.common import MODE, concern, end_feature, menu, pause
from skill.handlers.session import locale_of, session_of, slot_heard, slot_id, speak
from skill.voice.flow_wording import spoken_list, spoken_number
from skill.voice.speech import Speech
from skill.voice.wording import localise, phrase

EXERCISE_MODE = state.EXERCISE_MODE
EXERCISE = state.EXERCISE
ROUND = offers.ROUND
BETWEEN_ROUNDS, OFFERED = "between_rounds", "exercise_offered"


# --- reading the session -----------------------------------------------------------------------------------------

def running(turn: Turn) -> dict | None:
    """The exercise between rounds in session attributes, read safely (skill/conversation/session_state.py)."""
    return state.exercise(session_of(turn))


def between_rounds(turn: Turn) -> bool:
    session = session_of(turn)
    return state.mode(session) == EXERCISE_MODE and ROUND in offers.current(session) and running(turn) is not None


def _withheld(turn: Turn) -> frozenset[str]:
    return state.withheld_now(session_of(turn)) & content.exercise_ids()


def pick(turn: Turn, avoid: str | None = None) -> str | None:
    """An exercise to offer: not one done this session (nor, on a new visit, the one done last time, unless the
    self-check suggested it), and not `avoid` ("a different one") while another may be offered."""
    session = session_of(turn)
    done = state.exercises_done(session)
    if not done:
        last_visit = keeping.last_exercise_done(turn)
        done = [last_visit] if last_visit and not _recommended(turn, last_visit) else []
    if avoid is not None:
        done = [*[item for item in done if item != avoid], avoid]
        recommendations = [entry for entry in state.recommendations(session) if entry.get("id") != avoid]
    else:
        recommendations = state.recommendations(session)
    return pick_exercise(list(content.exercises()), recommendations, _withheld(turn), done)


def allowed(turn: Turn, exercise_id: str) -> bool:
    """Whether `exercise_id` may run now (not withheld by the self-check, nor after words of fear or harm)."""
    return exercise_id not in _withheld(turn)


def _recommended(turn: Turn, exercise_id: str) -> bool:
    return any(entry["kind"] == "exercise" and entry["id"] == exercise_id
               for entry in state.recommendations(session_of(turn)))


# --- building the turns --------------------------------------------------------------------------------------------

def start_exercise(turn: Turn, exercise_id: str | None, requested: str | None, *,
                   recommended: bool = False, now: bool = False, opening_key: str | None = None) -> Reply:
    """`exercise_id` (or one picked), for the requested duration kept within its limits: its set-up and "are you
    ready?" (yes or "ready" starts the timed part), or with `now`, round one at once."""
    if exercise_id is None:
        exercise_id = pick(turn)
        recommended = exercise_id is not None and _recommended(turn, exercise_id)
    if exercise_id is None or exercise_id in _withheld(turn):
        return decline_withheld(turn)
    locale = locale_of(turn)
    exercise = content.exercises()[exercise_id]
    duration = choose_duration(exercise, requested)
    timing = {"id": exercise_id, "seconds": duration.seconds, "round": 0,
              "rounds": len(round_lengths(exercise, duration.seconds))}
    opening = exercise_opening(exercise, duration, locale, recommended=recommended, intro=opening_key)
    if opening_key is not None and not exercise["turns"]:  # who goes first: the set-up says so for turns
        opening.extend(speak(turn, "exercise_together"))
    session = session_of(turn)
    if not session.get(state.COUPLE_NOTE_GIVEN):
        # Couple work is for partners who feel safe together: said once a session, kept in no store.
        session[state.COUPLE_NOTE_GIVEN] = True
        opening = speak(turn, "couple_exercise_note").extend(opening)
    if now:
        return run_round(turn, timing, opening)
    return ask_ready(turn, timing, opening.extend(exercise_setup(exercise, duration.seconds, locale)))


def ask_ready(turn: Turn, timing: dict, speech: Speech) -> Reply:
    """`speech`, then "are you ready?": the exercise is chosen, and yes or "ready" starts its timed part."""
    session = session_of(turn)
    end_feature(session)
    session[state.EXERCISE_CHOSEN] = {"id": timing["id"], "seconds": timing["seconds"], "round": 0, "ran": False}
    return Reply(speech.extend(speak(turn, "exercise_ready_question")),
                 reprompt=speak(turn, "exercise_ready_reprompt"), offer={offers.READY: timing["id"]})


def run_round(turn: Turn, timing: dict, opening: Speech | None = None, *, setup: bool = True) -> Reply:
    """The timed round `timing["round"]`; then "say next" while rounds remain, or the closing question. The round
    is kept as the one chosen, so that "resume" after an interruption plays it again, the last one too."""
    locale = locale_of(turn)
    session = session_of(turn)
    exercise = content.exercises()[timing["id"]]
    last = timing["round"] + 1 >= timing["rounds"]
    following = _following_suggestion(turn, timing["id"]) if last else None
    speech = (opening or Speech()).extend(exercise_script(exercise, timing["seconds"], timing["round"], locale,
                                                          question=following and following[0], setup=setup))
    session[state.EXERCISE_CHOSEN] = {"id": timing["id"], "seconds": timing["seconds"], "round": timing["round"],
                                      "ran": True}
    screen = exercise_screen(timing["id"], timing["round"], timing["rounds"], locale,
                             after_concern=concern(turn) is not None)
    if not last:
        session[MODE] = EXERCISE_MODE
        session[EXERCISE] = timing
        return Reply(speech, reprompt=speak(turn, "exercise_next_reprompt"),
                     offer={ROUND: timing["round"] + 1}, screen=screen)
    end_feature(session)
    session.pop(state.SUGGESTION, None)
    session[state.EXERCISES_DONE] = [*state.exercises_done(session), timing["id"]][-len(content.exercises()):]
    keeping.exercise_completed(turn, timing["id"])
    if following is not None:
        return Reply(speech, reprompt=Speech().say(following[0]), offer=following[1], screen=screen)
    return Reply(speech, reprompt=speak(turn, "exercise_another_reprompt"),
                 offer={offers.EXERCISE: pick(turn, avoid=timing["id"])}, screen=screen)


def _following_suggestion(turn: Turn, exercise_id: str) -> tuple[str, dict] | None:
    """When `exercise_id` is the self-check suggestion being followed, the question offering the next one, and its
    offer; None otherwise, or after the last suggestion."""
    session = session_of(turn)
    index, offered = state.suggestion(session), state.suggestions_now(session)
    if index is None or not index < len(offered) or offered[index]["id"] != exercise_id:
        return None
    return next_suggestion(offered, index + 1, locale_of(turn))


def decline_withheld(turn: Turn) -> Reply:
    """This exercise may not be offered now: say so kindly. Another one is offered instead when one is allowed;
    otherwise where to find support (after words of fear or harm) or the part on trusting yourself."""
    locale = locale_of(turn)
    session = session_of(turn)
    end_feature(session)
    other = pick(turn)
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


def _unknown(turn: Turn) -> Reply:
    return list_exercises(turn, "exercise_unknown")


def list_exercises(turn: Turn, opening_key: str = "exercise_list") -> Reply:
    """The exercises that may be offered now, and which one? (after words of fear or harm: why none)."""
    locale = locale_of(turn)
    hidden = _withheld(turn)
    titles = [localise(exercise["title"], locale) for exercise_id, exercise in content.exercises().items()
              if exercise_id not in hidden]
    if not titles:
        return decline_withheld(turn)
    end_feature(session_of(turn))
    speech = Speech().say(phrase(opening_key, locale, titles=spoken_list(titles, locale)),
                          phrase("exercise_unknown_question", locale))
    return Reply(speech, reprompt=speak(turn, "exercise_unknown_reprompt"))


# --- turns -----------------------------------------------------------------------------------------------------------

def start(turn: Turn) -> Reply:
    """"Give me an exercise", "do the eye contact exercise for two minutes": its set-up, and "are you ready?";
    "start eye contact now" (StartExerciseNowIntent) starts the timed part at once."""
    exercise_id = slot_id(turn, "Exercise")
    if slot_heard(turn, "Exercise") and exercise_id not in content.exercises():
        return _unknown(turn)
    known = exercise_id if exercise_id in content.exercises() else None
    now = turn.asks("StartExerciseNowIntent")
    return start_exercise(turn, known, slot_heard(turn, "Duration"), now=now)


def start_offered(turn: Turn) -> Reply:
    """Yes (or next) to an offered exercise."""
    return start_exercise(turn, offers.current(session_of(turn))[offers.EXERCISE], None)


def decline(turn: Turn) -> Reply:
    return menu(turn, speak(turn, "no_thanks"))


def next_round(turn: Turn) -> Reply:
    timing = running(turn)
    return run_round(turn, {**timing, "round": min(timing["round"] + 1, timing["rounds"] - 1)})


def round_again(turn: Turn) -> Reply:
    """Repeat or go back: the round just heard, once more."""
    return run_round(turn, running(turn))


def restart(turn: Turn) -> Reply:
    return run_round(turn, {**running(turn), "round": 0})


def exercise_help(turn: Turn) -> Reply:
    locale = locale_of(turn)
    question = phrase("exercise_help_question", locale)
    return Reply(Speech().say(phrase("exercise_help", locale), question), reprompt=Speech().say(question),
                 offer=offers.current(session_of(turn)))


def not_yet(turn: Turn) -> Reply:
    """No between rounds ("are you ready for the next round?"): not yet. The exercise waits; stop ends it."""
    offer = offers.current(session_of(turn))
    return Reply(speak(turn, "exercise_not_yet", number=spoken_number(offer[ROUND] + 1)),
                 reprompt=speak(turn, "exercise_next_reprompt"), offer=offer)


def stop(turn: Turn) -> Reply:
    end_feature(session_of(turn))
    return ending(speak(turn, "exercise_stop"))


def pause_exercise(turn: Turn) -> Reply:
    return pause(turn, "exercise_next_reprompt")


def busy(turn: Turn) -> Reply:
    """Something unclear between rounds: the exercise waits."""
    locale = locale_of(turn)
    title = localise(content.exercises()[running(turn)["id"]]["title"], locale)
    return Reply(speak(turn, "exercise_busy", title=title),
                 reprompt=speak(turn, "exercise_next_reprompt"), offer=offers.current(session_of(turn)))


