"""Memory between visits: the greeting, an unfinished self-check kept and offered again, results kept on a yes,
"what were my results", and forgetting a person on request or when the skill is disabled.

What is stored, and its shape, is skill/storage/memory.py's; this module decides when. Privacy rules it keeps:
- a self-check's answers are stored only while it is unfinished (going on later needs them), never once finished;
- its suggestions are stored only after a yes to "shall I remember these for next time?", without their reasons;
- after words of fear or harm (session "safety_concern") nothing of the self-check is stored, nor offered to be.

Offers made here (skill/handlers/respond.py), answered by yes or no: {"forget": true} after "forget me";
{"remember_results": true, "then": the suggestion offer that waits} at the end of a self-check; and at launch the
self-check's own resume offer, {"selfcheck": "resume", "at": "launch"}.
"""
from __future__ import annotations

from typing import Mapping, Sequence

from ask_sdk_core.dispatch_components import (AbstractRequestHandler, AbstractRequestInterceptor,
                                              AbstractResponseInterceptor)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response

from skill import content

from skill.conversation import browse

from skill.storage import memory
from skill.conversation import selfcheck_flow as flow
from skill.conversation import session_state as state
from skill.voice.flow_wording import spoken_list, spoken_number
from skill.handlers.common import ask_again, end_feature, intent_in, locale_of, menu, session_of, speak
from skill.handlers.respond import LAST_RESPONSE, reply, silent_end
from skill.rulebook.questions import SKIPPED, question_ids
from skill.voice.speech import Speech, SpeechLimitError, prepend_speech
from skill.voice.wording import localise, phrase

FORGET, REMEMBER_RESULTS, THEN = state.FORGET, state.REMEMBER_RESULTS, state.THEN
SKILL_DISABLED = "AlexaSkillEvent.SkillDisabled"


# --- the greeting ----------------------------------------------------------------------------------------------

def greet(handler_input: HandlerInput, record: Mapping) -> Response:
    """The launch: the disclaimer on a first visit, else what is remembered; then the offer to carry on with an
    unfinished self-check, or the menu."""
    opening = speak(handler_input, "welcome_first", "disclaimer") if not memory.disclaimer_heard(record) \
        else welcome_back(handler_input, record)
    selfcheck = state.unfinished_selfcheck(session_of(handler_input))
    if selfcheck is None:
        return menu(handler_input, opening)
    return resume_offer(handler_input, selfcheck, opening, at_launch=True)


def resume_offer(handler_input: HandlerInput, selfcheck: Mapping, opening: Speech | None = None, *,
                 at_launch: bool = False) -> Response:
    """ "You have a self-check in progress, with five of twelve questions answered": the questions passed count,
    as the self-check itself goes on from there, and the skipped ones are said as skipped. Yes carries on; no keeps
    it for later."""
    locale = locale_of(handler_input)
    end_feature(session_of(handler_input))
    passed = flow.answers_so_far(selfcheck, question_ids())
    skipped = sum(answer == SKIPPED for answer in passed.values())
    answered = len(passed) - skipped
    if skipped:
        key = "resume_offer_skipped" if answered else "resume_offer_only_skipped"
    else:
        key = "resume_offer" if answered else "resume_offer_unanswered"
    question = phrase(key, locale, answered=spoken_number(answered), skipped=spoken_number(skipped),
                      count=spoken_number(len(question_ids())))
    offer = {state.OFFER_SELFCHECK: state.RESUME, **({state.AT: state.AT_LAUNCH} if at_launch else {})}
    return reply(handler_input, (opening or Speech()).say(question),
                 reprompt=speak(handler_input, "resume_reprompt"), offer=offer)


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

def results_now(handler_input: HandlerInput) -> list[dict]:
    """The suggestions of this session's self-check when it finished one, else the ones kept from an earlier visit;
    either way only what may be offered now (after words of fear or harm, nothing the safety rule withholds)."""
    session = session_of(handler_input)
    if state.has_results(session):
        return state.suggestions_now(session)
    return flow.suggestions(memory.recommendations(memory.recall(handler_input)), state.withheld_now(session))


def ask_to_remember(handler_input: HandlerInput, outcome, opening: Sequence[str] = ()) -> Response | None:
    """The end of a self-check (`outcome`, skill/selfcheck_results.Said): the results, then "shall I remember these
    for next time?" in place of their closing question, which waits in the offer. None when there is nothing to
    ask: no store, no suggestions, or words of fear or harm."""
    session = session_of(handler_input)
    if not memory.is_stored(handler_input) or state.safety_concern(session) or outcome.body is None \
            or not state.suggestions_now(session):
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
    touched = state.selfcheck_touched(session)
    selfcheck = state.unfinished_selfcheck(session)
    if selfcheck is not None and not state.safety_concern(session):
        memory.keep(handler_input, memory.save_unfinished_selfcheck(memory.recall(handler_input), selfcheck))
    elif touched:
        memory.keep(handler_input, memory.drop_unfinished_selfcheck(memory.recall(handler_input)))


def results_replaced(handler_input: HandlerInput) -> None:
    """A self-check has just finished: the results kept from an earlier one are stale, and after fear or harm they
    could offer what is withheld now, so they are let go with the finished self-check's answers. Its own
    suggestions are kept only after a yes to "shall I remember these?"."""
    record = memory.recall(handler_input)
    memory.keep(handler_input, memory.drop_recommendations(memory.drop_unfinished_selfcheck(record)))


def drop_kept_suggestions(handler_input: HandlerInput) -> None:
    """Words of fear, harm or crisis: suggestions kept from an earlier self-check could offer what is withheld now,
    on this visit or the next, so they are let go."""
    record = memory.recall(handler_input)
    if memory.recommendations(record):
        memory.keep(handler_input, memory.drop_recommendations(record))


def exercise_completed(handler_input: HandlerInput, exercise_id: str) -> None:
    """An exercise ran to its end: remembered, for the greeting next time."""
    memory.keep(handler_input, memory.record_exercise(memory.recall(handler_input), exercise_id))


# --- handlers ----------------------------------------------------------------------------------------------------

class RememberResultsAnswerHandler(AbstractRequestHandler):
    """Yes or no to "shall I remember these for next time?"; then the suggestion that was waiting is offered."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, "AMAZON.YesIntent", "AMAZON.NoIntent") and \
            state.offer(session_of(handler_input)).get(REMEMBER_RESULTS) is True

    def handle(self, handler_input: HandlerInput) -> Response:
        session = session_of(handler_input)
        waiting = state.offer(session).get(THEN)
        if is_intent_name("AMAZON.YesIntent")(handler_input):
            record = memory.drop_unfinished_selfcheck(memory.recall(handler_input))
            memory.keep(handler_input, memory.save_recommendations(record, state.suggestions_now(session)))
            opening = speak(handler_input, "results_remembered")
        else:
            opening = speak(handler_input, "results_not_remembered")
        if waiting is None:
            return menu(handler_input, opening)
        question = waiting["question"]
        return reply(handler_input, opening.say(question), reprompt=Speech().say(question),
                     offer=waiting["offer"] or None)


class ResultsHandler(AbstractRequestHandler):
    """ "What were my results": the suggestions of this session's self-check, or those kept from the last one."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ResultsIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        locale = locale_of(handler_input)
        titles = suggestion_titles(results_now(handler_input), locale)
        if not titles:
            end_feature(session_of(handler_input))
            return reply(handler_input, speak(handler_input, "results_nothing", "results_nothing_question"),
                         reprompt=speak(handler_input, "results_nothing_question"), offer={state.OFFER_SELFCHECK: True})
        return menu(handler_input, speak(handler_input, "results_kept", suggestions=spoken_list(titles, locale)))


class ForgetMeHandler(AbstractRequestHandler):
    """ "Forget me", "delete my data": asks first; yes deletes everything kept for this person's key."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ForgetMeIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        if not memory.is_stored(handler_input):
            return menu(handler_input, speak(handler_input, "forget_nothing_kept"))
        end_feature(session_of(handler_input))
        return reply(handler_input, speak(handler_input, "forget_question"),
                     reprompt=speak(handler_input, "forget_reprompt"), offer={FORGET: True})


class ForgetAnswerHandler(AbstractRequestHandler):
    """Yes or no to "shall I delete everything I've kept for you?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, "AMAZON.YesIntent", "AMAZON.NoIntent") and \
            state.offer(session_of(handler_input)).get(FORGET) is True

    def handle(self, handler_input: HandlerInput) -> Response:
        if is_intent_name("AMAZON.NoIntent")(handler_input):
            return menu(handler_input, speak(handler_input, "forget_kept"))
        memory.forget(handler_input)
        session = session_of(handler_input)
        for name in (state.SELFCHECK, state.RECOMMENDATIONS, state.WITHHELD):
            session.pop(name, None)
        # The session ends here, so nothing of this visit is saved again after the deletion.
        return reply(handler_input, speak(handler_input, "forget_done"), end_session=True)


class ForgetAgainHandler(AbstractRequestHandler):
    """Help, or something unclear, at "shall I delete everything?": what deleting means, and the question again."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, "AMAZON.HelpIntent", "AMAZON.FallbackIntent") and \
            state.offer(session_of(handler_input)).get(FORGET) is True

    def handle(self, handler_input: HandlerInput) -> Response:
        unclear = is_intent_name("AMAZON.FallbackIntent")(handler_input)
        return ask_again(handler_input, "fallback" if unclear else "forget_help")


class SkillDisabledHandler(AbstractRequestHandler):
    """The skill was disabled on the account: delete every record kept for it. An event: no session, no speech."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type(SKILL_DISABLED)(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        memory.forget_account(handler_input)
        return silent_end()


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
        if state.selfcheck(session) is not None or state.has_results(session) or not memory.is_stored(handler_input):
            return
        stored = flow.restore(memory.unfinished_selfcheck(memory.recall(handler_input)), question_ids())
        if flow.is_unfinished(stored, question_ids()):
            session[state.SELFCHECK] = stored


class UnfinishedSelfCheckKeeper(AbstractResponseInterceptor):
    """When a session ends (stop, cancel, walking away, the skill closing it), its unfinished self-check is kept."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        if handler_input.request_envelope.session is None:
            return
        ended = is_request_type("SessionEndedRequest")(handler_input) or \
            (response is not None and response.should_end_session is not False)
        if ended:
            keep_unfinished_selfcheck(handler_input)


class FirstVisitDisclaimer(AbstractResponseInterceptor):
    """A first visit that opens with a request ("Alexa, ask trust builder to start a self-check") rather than a
    launch hears the disclaimer too, before the answer. Not before safety or crisis resources (the session then has
    a safety concern): those come first, and the disclaimer waits for the next visit."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        envelope = handler_input.request_envelope
        if (response is None or response.output_speech is None or envelope.session is None
                or not envelope.session.new or not is_request_type("IntentRequest")(handler_input)
                or state.safety_concern(session_of(handler_input)) or not memory.is_stored(handler_input)):
            return  # with no store it could not be said just once: the launch says it instead
        record = memory.recall(handler_input)
        if memory.disclaimer_heard(record):
            return
        said = response.output_speech.ssml
        try:
            response.output_speech.ssml = prepend_speech(speak(handler_input, "disclaimer"), said)
        except SpeechLimitError:
            return  # an answer too long to take it: said on the next visit instead
        last = session_of(handler_input).get(LAST_RESPONSE)
        if isinstance(last, dict) and last.get("ssml") == said:
            last["ssml"] = response.output_speech.ssml  # "repeat" says it again exactly
        memory.keep(handler_input, memory.record_visit(record))


HANDLERS = [RememberResultsAnswerHandler(), ResultsHandler(), ForgetMeHandler(), ForgetAnswerHandler(),
            ForgetAgainHandler(), SkillDisabledHandler()]
REQUEST_INTERCEPTORS = [UnfinishedSelfCheckLoader()]
RESPONSE_INTERCEPTORS = [UnfinishedSelfCheckKeeper(), FirstVisitDisclaimer()]
