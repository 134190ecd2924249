"""Memory between visits: the greeting, an unfinished self-check kept and offered again, results kept on a yes,
"what were my results", and forgetting a person on request or when the skill is disabled.

What is stored, and its shape, is skill/memory.py's; this module decides when. Privacy rules it keeps:
- a self-check's answers are stored only while it is unfinished (going on later needs them), never once finished;
- its suggestions are stored only after a yes to "shall I remember these for next time?", without their reasons;
- after words of fear or harm (session "safety_concern") nothing of the self-check is stored, nor offered to be.

Offers made here (skill/respond.py), answered by yes or no: {"forget": true} after "forget me";
{"remember_results": true, "then": the suggestion offer that waits} at the end of a self-check; and at launch the
self-check's own resume offer, {"selfcheck": "resume", "at": "launch"}.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Mapping, Sequence

from ask_sdk_core.dispatch_components import (AbstractRequestHandler, AbstractRequestInterceptor,
                                              AbstractResponseInterceptor)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response

from skill import browse, content, memory
from skill import selfcheck_flow as flow
from skill.flow_wording import said, spoken_number
from skill.handlers.common import MODE, SAFETY_CONCERN, locale_of, menu, session_of, speak
from skill.respond import current_offer, reply, silent_end
from skill.selfcheck_questions import question_ids
from skill.speech import Speech
from skill.wording import localise, phrase

FORGET = "forget"
REMEMBER_RESULTS = "remember_results"
THEN = "then"
RESUME = "resume"
AT = "at"
AT_LAUNCH = "launch"
SKILL_DISABLED = "AlexaSkillEvent.SkillDisabled"


# --- the greeting ----------------------------------------------------------------------------------------------

def greet(handler_input: HandlerInput, record: Mapping) -> Response:
    """The launch: the disclaimer on a first visit, else what is remembered; then the offer to carry on with an
    unfinished self-check, or the menu."""
    opening = speak(handler_input, "welcome_first") if not memory.disclaimer_heard(record) \
        else welcome_back(handler_input, record)
    state = flow.restore(session_of(handler_input).get(flow.SELFCHECK), question_ids())
    if not flow.is_unfinished(state, question_ids()):
        return menu(handler_input, opening)
    locale = locale_of(handler_input)
    question = said("resume_offer", locale, answered=spoken_number(state["index"]),
                    count=spoken_number(len(question_ids())))
    return reply(handler_input, opening.say(question), reprompt=Speech().say(said("resume_reprompt", locale)),
                 offer={flow.SELFCHECK: RESUME, AT: AT_LAUNCH})


def welcome_back(handler_input: HandlerInput, record: Mapping) -> Speech:
    """Welcome back, the last exercise done, and whether results are kept."""
    locale = locale_of(handler_input)
    speech = speak(handler_input, "welcome")
    exercise = memory.last_exercise(record)
    if exercise in content.exercises():
        speech.say(phrase("returning_exercise", locale, title=exercise_title(exercise, locale)))
    if suggestion_titles(memory.recommendations(record), locale):
        speech.say(phrase("returning_results", locale))
    return speech


def exercise_title(exercise_id: str, locale: str) -> str:
    return localise(content.exercises()[exercise_id]["title"], locale)


def suggestion_titles(found: Sequence[Mapping], locale: str) -> list[str]:
    """Each suggestion that still exists, as said in a list: "the part on red flags", "the eye contact exercise"."""
    titles = []
    for entry in found:
        if entry.get("kind") == "section" and entry.get("id") in content.sections() \
                and entry["id"] != browse.SAFETY_SECTION:
            titles.append(phrase("suggestion_section", locale, title=browse.section_title(entry["id"], locale)))
        elif entry.get("kind") == "exercise" and entry.get("id") in content.exercises():
            titles.append(phrase("suggestion_exercise", locale, title=exercise_title(entry["id"], locale)))
    return titles


# --- the self-check: unfinished, and its results -----------------------------------------------------------------

def session_suggestions(handler_input: HandlerInput) -> list[dict]:
    """What this session's self-check suggested, as it may be offered: nothing withheld, no safety entry, and after
    fear or harm no couple exercise."""
    session = session_of(handler_input)
    known = {"section": content.section_ids(), "exercise": content.exercise_ids()}
    found = flow.restore_recommendations(session.get(flow.RECOMMENDATIONS), known)
    return flow.suggestions(found, flow.restore_withheld(session.get(flow.WITHHELD)))


def results_now(handler_input: HandlerInput) -> list[dict]:
    """This session's suggestions when it has any, else the ones kept from an earlier visit; after words of fear
    or harm, neither couple exercises nor the sections withheld then."""
    found = session_suggestions(handler_input) or memory.recommendations(memory.recall(handler_input))
    if not session_of(handler_input).get(SAFETY_CONCERN):
        return found
    return [entry for entry in found
            if entry["kind"] != "exercise" and entry["id"] not in browse.withheld_after_safety()]


def ask_to_remember(handler_input: HandlerInput, outcome, opening: Sequence[str] = ()) -> Response | None:
    """The end of a self-check (`outcome`, skill/selfcheck_results.Said): the results, then "shall I remember these
    for next time?" in place of their closing question, which waits in the offer. None when there is nothing to
    ask: no store, no suggestions, or words of fear or harm."""
    session = session_of(handler_input)
    if not memory.is_stored(handler_input) or session.get(SAFETY_CONCERN) or outcome.body is None \
            or not session_suggestions(handler_input):
        return None
    speech = Speech().say(*opening).extend(outcome.body).extend(speak(handler_input, "remember_results_question"))
    return reply(handler_input, speech, reprompt=speak(handler_input, "remember_results_reprompt"),
                 offer={REMEMBER_RESULTS: True, THEN: {"question": outcome.question, "offer": outcome.offer}},
                 card=outcome.card)


def keep_unfinished_selfcheck(handler_input: HandlerInput) -> None:
    """At the end of a session, the session's self-check becomes the stored one: kept while unfinished, dropped once
    finished or started again. After words of fear or harm it is dropped, never stored. A session that never touched
    the self-check leaves the stored one alone."""
    session = session_of(handler_input)
    if not memory.is_stored(handler_input):
        return
    touched = flow.SELFCHECK in session or bool(session.get(flow.RECOMMENDATIONS))
    state = flow.restore(session.get(flow.SELFCHECK), question_ids())
    if flow.is_unfinished(state, question_ids()) and not session.get(SAFETY_CONCERN):
        memory.keep(handler_input, memory.save_unfinished_selfcheck(memory.recall(handler_input), state))
    elif touched:
        memory.keep(handler_input, memory.drop_unfinished_selfcheck(memory.recall(handler_input)))


def drop_unfinished_selfcheck(handler_input: HandlerInput) -> None:
    """No to carrying on: the unfinished self-check is let go, from the session and from storage."""
    session_of(handler_input).pop(flow.SELFCHECK, None)
    memory.keep(handler_input, memory.drop_unfinished_selfcheck(memory.recall(handler_input)))


def offered_at_launch(handler_input: HandlerInput) -> bool:
    return (current_offer(handler_input) or {}).get(AT) == AT_LAUNCH


def exercise_completed(handler_input: HandlerInput, exercise_id: str) -> None:
    """An exercise ran to its end: remembered with the day it was done."""
    record = memory.recall(handler_input)
    memory.keep(handler_input, memory.record_exercise(record, exercise_id, _day_of(handler_input)))


def _day_of(handler_input: HandlerInput) -> str:
    when = getattr(handler_input.request_envelope.request, "timestamp", None)
    if not isinstance(when, datetime):
        when = datetime.now(timezone.utc)
    return when.date().isoformat()


# --- handlers ----------------------------------------------------------------------------------------------------

class RememberResultsAnswerHandler(AbstractRequestHandler):
    """Yes or no to "shall I remember these for next time?"; then the suggestion that was waiting is offered."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return _yes_or_no(handler_input) and (current_offer(handler_input) or {}).get(REMEMBER_RESULTS) is True

    def handle(self, handler_input: HandlerInput) -> Response:
        waiting = (current_offer(handler_input) or {}).get(THEN) or {}
        if is_intent_name("AMAZON.YesIntent")(handler_input):
            record = memory.drop_unfinished_selfcheck(memory.recall(handler_input))
            memory.keep(handler_input, memory.save_recommendations(record, session_suggestions(handler_input)))
            opening = speak(handler_input, "results_remembered")
        else:
            opening = speak(handler_input, "results_not_remembered")
        question, offer = waiting.get("question"), waiting.get("offer")
        if not isinstance(question, str) or not question:
            return menu(handler_input, opening)
        return reply(handler_input, opening.say(question), reprompt=Speech().say(question),
                     offer=offer if isinstance(offer, dict) else None)


class ResultsHandler(AbstractRequestHandler):
    """ "What were my results": the suggestions of this session's self-check, or those kept from the last one."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ResultsIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        locale = locale_of(handler_input)
        titles = suggestion_titles(results_now(handler_input), locale)
        if not titles:
            session_of(handler_input)[MODE] = None
            return reply(handler_input, speak(handler_input, "results_nothing", "results_nothing_question"),
                         reprompt=speak(handler_input, "results_nothing_question"), offer={flow.SELFCHECK: True})
        return menu(handler_input,
                          speak(handler_input, "results_kept", suggestions=browse.spoken_list(titles, locale)))


class ForgetMeHandler(AbstractRequestHandler):
    """ "Forget me", "delete my data": asks first; yes deletes everything kept for this person's key."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ForgetMeIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        if not memory.is_stored(handler_input):
            return menu(handler_input, speak(handler_input, "forget_nothing_kept"))
        session_of(handler_input)[MODE] = None
        return reply(handler_input, speak(handler_input, "forget_question"),
                     reprompt=speak(handler_input, "forget_reprompt"), offer={FORGET: True})


class ForgetAnswerHandler(AbstractRequestHandler):
    """Yes or no to "shall I delete everything I've kept for you?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return _yes_or_no(handler_input) and (current_offer(handler_input) or {}).get(FORGET) is True

    def handle(self, handler_input: HandlerInput) -> Response:
        if is_intent_name("AMAZON.NoIntent")(handler_input):
            return menu(handler_input, speak(handler_input, "forget_kept"))
        memory.forget(handler_input)
        session = session_of(handler_input)
        for name in (flow.SELFCHECK, flow.RECOMMENDATIONS, flow.WITHHELD):
            session.pop(name, None)
        # The session ends here, so nothing of this visit is saved again after the deletion.
        return reply(handler_input, speak(handler_input, "forget_done"), end_session=True)


class SkillDisabledHandler(AbstractRequestHandler):
    """The skill was disabled on the account: delete every record kept for it. An event: no session, no speech."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type(SKILL_DISABLED)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        memory.forget_account(handler_input)
        return silent_end()


def _yes_or_no(handler_input: HandlerInput) -> bool:
    return is_intent_name("AMAZON.YesIntent")(handler_input) or is_intent_name("AMAZON.NoIntent")(handler_input)


# --- interceptors: at the start and the end of a session ---------------------------------------------------------

class UnfinishedSelfCheckLoader(AbstractRequestInterceptor):
    """At a launch or "start a self-check", a self-check left unfinished on an earlier visit is brought into the
    session, where the self-check offers to carry on with it. Not after this session finished one of its own."""

    def process(self, handler_input: HandlerInput) -> None:
        if handler_input.request_envelope.session is None:
            return
        starting = is_request_type("LaunchRequest")(handler_input) or is_intent_name("StartSelfCheckIntent")(handler_input)
        if not starting:
            return
        session = session_of(handler_input)
        if flow.SELFCHECK in session or session.get(flow.RECOMMENDATIONS) or not memory.is_stored(handler_input):
            return
        state = flow.restore(memory.unfinished_selfcheck(memory.recall(handler_input)), question_ids())
        if flow.is_unfinished(state, question_ids()):
            session[flow.SELFCHECK] = state


class UnfinishedSelfCheckKeeper(AbstractResponseInterceptor):
    """When a session ends (stop, cancel, walking away, the skill closing it), its unfinished self-check is kept."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        if handler_input.request_envelope.session is None:
            return
        ended = is_request_type("SessionEndedRequest")(handler_input) or \
            (response is not None and response.should_end_session is not False)
        if ended:
            keep_unfinished_selfcheck(handler_input)


HANDLERS = [RememberResultsAnswerHandler(), ResultsHandler(), ForgetMeHandler(), ForgetAnswerHandler(),
            SkillDisabledHandler()]
REQUEST_INTERCEPTORS = [UnfinishedSelfCheckLoader()]
RESPONSE_INTERCEPTORS = [UnfinishedSelfCheckKeeper()]
