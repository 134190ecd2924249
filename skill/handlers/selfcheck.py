"""The spoken self-check: twelve questions, answers in session attributes, the rules' recommendations at the end.

While a question waits for its answer, session "mode" is "selfcheck" and the offer is {"answer": question_id}:
both must hold for these handlers to treat yes, no, next, repeat, back, help or stop as part of the self-check.
Any other handler that answers (safety words, a topic by name) replaces the offer, so the self-check simply waits
in session attributes until "continue my self-check". Answers are never logged.
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from skill.conversation import browse

from skill.storage import memory
from skill.conversation import selfcheck_flow as flow
from skill.conversation import session_state as state
from skill.conversation.answers import answer_of_intent
from skill.voice.flow_wording import spoken_number
from skill.handlers import remembering
from skill.handlers.common import (MODE, NAV, SAFETY_CONCERN, ask_again, end_feature, intent_in, locale_of, menu,
                                   pause, session_of, speak)
from skill.handlers.exercises import start_exercise
from skill.handlers.respond import reply
from skill.rulebook.questions import SKIPPED, question_ids, questions
from skill.conversation.selfcheck_results import Said, next_suggestion, result
from skill.voice.speech import Speech
from skill.voice.wording import phrase, phrase_in_turn

ANSWERING_INTENTS = ("AnswerIntent", "AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.NextIntent")


# --- reading the session -----------------------------------------------------------------------------------------

def asking(handler_input: HandlerInput) -> bool:
    """A self-check question is waiting for its answer."""
    session = session_of(handler_input)
    return state.mode(session) == state.SELFCHECK_MODE and state.ANSWER in state.offer(session)


def unfinished(handler_input: HandlerInput) -> dict | None:
    """The self-check begun in this session (or restored into it from memory) and not yet finished."""
    return state.unfinished_selfcheck(session_of(handler_input))


def _asked_state(handler_input: HandlerInput) -> dict:
    """The state of the self-check being asked; a fresh one if the session's was lost or damaged."""
    return state.selfcheck(session_of(handler_input)) or flow.start()


def _offer_is(handler_input: HandlerInput, key: str, value=None) -> bool:
    offer = state.offer(session_of(handler_input))
    return key in offer and (value is None or offer[key] == value)


# --- building the turns --------------------------------------------------------------------------------------------

def ask(handler_input: HandlerInput, selfcheck: dict, *opening: str) -> Response:
    """Say `opening`, then the current question; or, when all are answered, the result."""
    session = session_of(handler_input)
    session[state.SELFCHECK] = selfcheck
    if flow.is_finished(selfcheck, question_ids()):
        return finish(handler_input, selfcheck, *opening)
    session[MODE] = state.SELFCHECK_MODE
    locale = locale_of(handler_input)
    speech = Speech().say(*opening, *_question(selfcheck, locale))
    return reply(handler_input, speech, reprompt=_question_reprompt(selfcheck, locale),
                 offer={state.ANSWER: flow.current_question(selfcheck, question_ids())})


def _question(selfcheck: dict, locale: str) -> list[str]:
    index, count = selfcheck["index"], len(question_ids())
    if index == 0:
        label = phrase("question_first", locale)
    elif index == count - 1:
        label = phrase("question_last", locale)
    else:
        label = phrase("question_number", locale, number=spoken_number(index + 1))
    return [label, questions()[index].text]


def _question_reprompt(selfcheck: dict, locale: str) -> Speech:
    return Speech().say(questions()[selfcheck["index"]].text, phrase("question_options", locale))


def finish(handler_input: HandlerInput, selfcheck: dict, *opening: str) -> Response:
    """The rules' recommendations for these answers, kept in the session, and the result said. Words of fear or harm
    earlier in the session count as the rules putting safety first. Results kept from an earlier self-check are
    stale from now on, and let go."""
    from skill.rulebook.engine import default_rulebook  # noqa: PLC0415 - the engine loads its rules on first use

    found = default_rulebook().explain(flow.answers_so_far(selfcheck, question_ids()))
    recommendations, withheld = flow.recommendation_data(found.recommendations), flow.withheld_ids(found.fired)
    session = session_of(handler_input)
    session.pop(state.SELFCHECK, None)
    end_feature(session)
    session[state.RECOMMENDATIONS] = recommendations
    session[state.WITHHELD] = withheld
    if flow.safety_first(recommendations):
        session[SAFETY_CONCERN] = True
    remembering.results_replaced(handler_input)
    outcome = result(recommendations, state.withheld_now(session), locale_of(handler_input),
                     safety_concern=state.safety_concern(session))
    return remembering.ask_to_remember(handler_input, outcome, opening) or _say(handler_input, outcome, opening)


def _say(handler_input: HandlerInput, outcome: Said, opening: tuple[str, ...] = ()) -> Response:
    speech = Speech().say(*opening).extend(outcome.speech) if opening else outcome.speech
    return reply(handler_input, speech, reprompt=outcome.reprompt, offer=outcome.offer, card=outcome.card)


def begin(handler_input: HandlerInput) -> Response:
    locale = locale_of(handler_input)
    return ask(handler_input, flow.start(), phrase("selfcheck_intro", locale, count=spoken_number(len(question_ids()))))


# --- handlers while a question waits --------------------------------------------------------------------------------

class AnswerHandler(AbstractRequestHandler):
    """An answer: AnswerIntent (yes, no, sometimes, not sure, skip and their variants), yes, no, or next (skip)."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return asking(handler_input) and intent_in(handler_input, *ANSWERING_INTENTS)

    def handle(self, handler_input: HandlerInput) -> Response:
        locale = locale_of(handler_input)
        selfcheck = _asked_state(handler_input)
        request = handler_input.request_envelope.request
        answer = answer_of_intent(request.intent.name, request.intent.slots)
        if answer is None:
            return ask(handler_input, selfcheck, phrase("not_an_answer", locale))
        selfcheck = flow.record(selfcheck, question_ids(), answer)
        if flow.is_finished(selfcheck, question_ids()):
            return ask(handler_input, selfcheck)
        opening = phrase("skipped", locale) if answer == SKIPPED else phrase_in_turn("acks", selfcheck["index"], locale)
        return ask(handler_input, selfcheck, opening)


class QuestionAgainHandler(AbstractRequestHandler):
    """While a question waits, `intents` hear it again, after the prompt `opening` when there is one: fallback
    (not an answer), repeat and resume, help."""

    def __init__(self, intents: tuple[str, ...], opening: str | None = None):
        self.intents, self.opening = intents, opening

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return asking(handler_input) and intent_in(handler_input, *self.intents)

    def handle(self, handler_input: HandlerInput) -> Response:
        opening = [phrase(self.opening, locale_of(handler_input))] if self.opening else []
        return ask(handler_input, _asked_state(handler_input), *opening)


class BackHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return asking(handler_input) and is_intent_name("AMAZON.PreviousIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        locale = locale_of(handler_input)
        selfcheck = _asked_state(handler_input)
        if selfcheck["index"] == 0:
            return ask(handler_input, selfcheck, phrase("back_first", locale))
        selfcheck = flow.back(selfcheck)
        earlier = selfcheck["answers"].get(flow.current_question(selfcheck, question_ids()))
        if earlier == SKIPPED:
            reminder = phrase("previous_skipped", locale)
        else:
            reminder = phrase("previous_answer", locale, answer=earlier) if earlier else ""
        return ask(handler_input, selfcheck, phrase("back", locale), reminder)


class StopSelfCheckHandler(AbstractRequestHandler):
    """Stop or cancel mid-way: a goodbye, which says how to pick up again only when the answers so far will be kept
    (a store is configured, and no words of fear or harm were heard: then nothing of the self-check is stored)."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return asking(handler_input) and intent_in(handler_input, "AMAZON.StopIntent", "AMAZON.CancelIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        session = session_of(handler_input)
        end_feature(session)
        kept = memory.is_stored(handler_input) and not state.safety_concern(session)
        goodbye = phrase("selfcheck_stop" if kept else "selfcheck_stop_unkept", locale_of(handler_input))
        return reply(handler_input, Speech().say(goodbye), end_session=True)


class PauseQuestionHandler(AbstractRequestHandler):
    """Pause: wait, and let resume or repeat bring the question back."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return asking(handler_input) and is_intent_name("AMAZON.PauseIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return pause(handler_input, "pause")


class RestartHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        if is_intent_name("AMAZON.StartOverIntent")(handler_input):
            return asking(handler_input) or _offer_is(handler_input, state.OFFER_SELFCHECK, state.RESUME)
        return False

    def handle(self, handler_input: HandlerInput) -> Response:
        locale = locale_of(handler_input)
        return ask(handler_input, flow.start(), phrase("selfcheck_restart", locale))


class LeaveSelfCheckHandler(AbstractRequestHandler):
    """"Main menu" mid-way: the self-check waits in the session, and the menu is offered."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return asking(handler_input) and is_intent_name("AMAZON.NavigateHomeIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return menu(handler_input, speak(handler_input, "selfcheck_paused"))


# --- starting, continuing, and the suggestions ---------------------------------------------------------------------

class StartSelfCheckHandler(AbstractRequestHandler):
    """"Start a self-check", or yes to an offer of one; with one unfinished, it offers to carry on."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if is_intent_name("StartSelfCheckIntent")(handler_input):
            return True
        return is_intent_name("AMAZON.YesIntent")(handler_input) and \
            _offer_is(handler_input, state.OFFER_SELFCHECK, True)

    def handle(self, handler_input: HandlerInput) -> Response:
        selfcheck = unfinished(handler_input)
        if selfcheck is None:
            return begin(handler_input)
        return remembering.resume_offer(handler_input, selfcheck)


class ContinueSelfCheckHandler(AbstractRequestHandler):
    """Yes to carrying on, or "resume" when a self-check waits and nothing else is going on."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        resume = _offer_is(handler_input, state.OFFER_SELFCHECK, state.RESUME)
        if is_intent_name("AMAZON.YesIntent")(handler_input) and resume:
            return True
        if not is_intent_name("AMAZON.ResumeIntent")(handler_input) or unfinished(handler_input) is None:
            return False
        return resume or not state.offer_made(session_of(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        selfcheck = unfinished(handler_input)
        if selfcheck is None:  # the offer outlived the self-check it was about: a new one
            return begin(handler_input)
        return ask(handler_input, selfcheck, phrase("resume_go_on", locale_of(handler_input)))


class DeclineContinueHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.NoIntent")(handler_input) and \
            _offer_is(handler_input, state.OFFER_SELFCHECK, state.RESUME)

    def handle(self, handler_input: HandlerInput) -> Response:
        # No is "not now": the answers so far are kept for later ("start over" begins a new one).
        return menu(handler_input, speak(handler_input, "resume_kept"))


class SuggestionHandler(AbstractRequestHandler):
    """Yes (or next) to a suggestion of the last self-check: the section's first part, or the exercise itself.
    "Next" while still in a suggested section (after "tell me more" too) moves on to the following suggestion."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if intent_in(handler_input, "AMAZON.YesIntent", "AMAZON.NextIntent") and \
                _offer_is(handler_input, state.RECOMMENDATION):
            return True
        return is_intent_name("AMAZON.NextIntent")(handler_input) and _following(handler_input) is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        session = session_of(handler_input)
        offered = state.suggestions_now(session)
        index = state.offer(session).get(state.RECOMMENDATION, _following(handler_input))
        if index is None or not index < len(offered):
            return menu(handler_input, speak(handler_input, "suggestions_done"))
        entry = offered[index]
        if entry["kind"] == "exercise":
            session[state.SUGGESTION] = index  # when it ends, the next suggestion is offered
            return start_exercise(handler_input, entry["id"], None, recommended=True)
        return _suggested_section(handler_input, offered, index)


def _following(handler_input: HandlerInput) -> int | None:
    """The index of the suggestion after the one being browsed, while it is still the section being browsed."""
    session = session_of(handler_input)
    index, place = state.suggestion(session), state.place(session)
    if state.mode(session) or index is None or place is None:
        return None
    offered = state.suggestions_now(session)
    if not index < len(offered) - 1 or offered[index]["id"] != place[0]:
        return None
    return index + 1


class DeclineSuggestionHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.NoIntent")(handler_input) and _offer_is(handler_input, state.RECOMMENDATION)

    def handle(self, handler_input: HandlerInput) -> Response:
        return menu(handler_input, speak(handler_input, "suggestions_declined"))


class OfferAgainHandler(AbstractRequestHandler):
    """Help, or something unclear, while a suggestion, the offer to carry on, or "shall I remember these?" waits:
    a short explanation, then the same question again, its offer kept."""

    HELP = {state.RECOMMENDATION: "suggestion_help", state.OFFER_SELFCHECK: "resume_help",
            state.REMEMBER_RESULTS: "remember_results_help"}

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return intent_in(handler_input, "AMAZON.HelpIntent", "AMAZON.FallbackIntent") and \
            self._help_key(handler_input) is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        if is_intent_name("AMAZON.FallbackIntent")(handler_input):
            return ask_again(handler_input, "fallback")
        return ask_again(handler_input, self._help_key(handler_input))

    def _help_key(self, handler_input: HandlerInput) -> str | None:
        offer = state.offer(session_of(handler_input))
        if offer.get(state.OFFER_SELFCHECK) not in (None, state.RESUME):
            return None  # an offer to start one is the menu's own question
        return next((key for name, key in self.HELP.items() if name in offer), None)


def _suggested_section(handler_input: HandlerInput, offered: list[dict], index: int) -> Response:
    """Part one of a suggested section; then the next suggestion is offered, or after the last, the section's own
    next step. "Tell me more" goes on through navigation, which follows session "nav"."""
    locale = locale_of(handler_input)
    session = session_of(handler_input)
    section_id = offered[index]["id"]
    speech = browse.spoken_part(section_id, 0, locale)
    following = next_suggestion(offered, index + 1, locale)
    if following is None:
        question, offer = browse.section_question(section_id, 0, locale, withheld=state.withheld_now(session))
        speech.say(phrase("suggestions_done", locale))
    else:
        question, offer = following
    end_feature(session)
    session[NAV] = {"section": section_id, "part": 0, "offer": offer}
    session[state.SUGGESTION] = index
    return reply(handler_input, speech.say(question), reprompt=Speech().say(question), offer=offer)


HANDLERS = [
    AnswerHandler(), QuestionAgainHandler(("AMAZON.FallbackIntent",), "not_an_answer"),
    QuestionAgainHandler(("AMAZON.RepeatIntent", "AMAZON.ResumeIntent")), BackHandler(),
    QuestionAgainHandler(("AMAZON.HelpIntent",), "selfcheck_help"),
    StopSelfCheckHandler(), PauseQuestionHandler(), RestartHandler(), LeaveSelfCheckHandler(),
    StartSelfCheckHandler(), ContinueSelfCheckHandler(), DeclineContinueHandler(),
    SuggestionHandler(), DeclineSuggestionHandler(), OfferAgainHandler(),
]
