"""The spoken self-check: twelve questions, answers in session attributes, the rules' recommendations at the end.

While a question waits for its answer, session "mode" is "selfcheck" and the offer is {"answer": question_id}:
both must hold for these handlers to treat yes, no, next, repeat, back, help or stop as part of the self-check.
Any other handler that answers (safety words, a topic by name) replaces the offer, so the self-check simply waits
in session attributes until "continue my self-check". Answers are never logged.
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, is_intent_name, is_request_type
from ask_sdk_model import Response

from skill import browse, content
from skill import selfcheck_flow as flow
from skill.answers import answer_of_intent
from skill.flow_wording import said, said_in_turn, spoken_number
from skill.handlers import remembering
from skill.handlers.common import MODE, NAV, SAFETY_CONCERN, locale_of, menu, session_of, speak
from skill.handlers.exercises import start_exercise
from skill.respond import OFFER, current_offer, reply
from skill.selfcheck_questions import SKIPPED, question_ids, questions
from skill.selfcheck_results import RECOMMENDATION, Said, next_suggestion, result
from skill.speech import Speech

SELFCHECK_MODE = "selfcheck"
ASKING = "answer"
RESUME = "resume"
SUGGESTION = "suggestion"
ANSWERING_INTENTS = ("AnswerIntent", "AMAZON.YesIntent", "AMAZON.NoIntent", "AMAZON.NextIntent")


# --- reading the session -----------------------------------------------------------------------------------------

def asking(handler_input: HandlerInput) -> bool:
    """A self-check question is waiting for its answer."""
    session = session_of(handler_input)
    offer = current_offer(handler_input) or {}
    return session.get(MODE) == SELFCHECK_MODE and ASKING in offer


def unfinished(handler_input: HandlerInput) -> dict | None:
    """The self-check begun in this session (or restored into it from memory) and not yet finished."""
    state = _state(handler_input)
    return state if flow.is_unfinished(state, question_ids()) else None


def _state(handler_input: HandlerInput) -> dict | None:
    return flow.restore(session_of(handler_input).get(flow.SELFCHECK), question_ids())


def _asked_state(handler_input: HandlerInput) -> dict:
    """The state of the self-check being asked; a fresh one if the session's was lost or damaged."""
    return _state(handler_input) or flow.start()


def _offer_is(handler_input: HandlerInput, key: str, value=None) -> bool:
    offer = current_offer(handler_input) or {}
    return key in offer and (value is None or offer[key] == value)


def _intent_in(handler_input: HandlerInput, *names: str) -> bool:
    return is_request_type("IntentRequest")(handler_input) and get_intent_name(handler_input) in names


# --- building the turns --------------------------------------------------------------------------------------------

def ask(handler_input: HandlerInput, state: dict, *opening: str) -> Response:
    """Say `opening`, then the current question; or, when all are answered, the result."""
    session = session_of(handler_input)
    session[flow.SELFCHECK] = state
    if flow.is_finished(state, question_ids()):
        return finish(handler_input, state, *opening)
    session[MODE] = SELFCHECK_MODE
    locale = locale_of(handler_input)
    speech = Speech().say(*opening, *_question(state, locale))
    return reply(handler_input, speech, reprompt=_question_reprompt(state, locale),
                 offer={ASKING: flow.current_question(state, question_ids())})


def _question(state: dict, locale: str) -> list[str]:
    index, count = state["index"], len(question_ids())
    if index == 0:
        label = said("question_first", locale)
    elif index == count - 1:
        label = said("question_last", locale)
    else:
        label = said("question_number", locale, number=spoken_number(index + 1))
    return [label, questions()[index].text]


def _question_reprompt(state: dict, locale: str) -> Speech:
    return Speech().say(questions()[state["index"]].text, said("question_options", locale))


def finish(handler_input: HandlerInput, state: dict, *opening: str) -> Response:
    """The rules' recommendations for these answers, kept in the session, and the result said."""
    from skill.rules_engine import default_rulebook  # noqa: PLC0415 - the engine loads its rules on first use

    found = default_rulebook().explain(flow.answers_so_far(state, question_ids()))
    recommendations, withheld = flow.recommendation_data(found.recommendations), flow.withheld_ids(found.fired)
    session = session_of(handler_input)
    session.pop(flow.SELFCHECK, None)
    session[MODE] = None
    session[flow.RECOMMENDATIONS] = recommendations
    session[flow.WITHHELD] = withheld
    if flow.safety_first(recommendations):
        session[SAFETY_CONCERN] = True
    outcome = result(recommendations, withheld, locale_of(handler_input))
    return remembering.ask_to_remember(handler_input, outcome, opening) or _say(handler_input, outcome, opening)


def _say(handler_input: HandlerInput, outcome: Said, opening: tuple[str, ...] = ()) -> Response:
    speech = Speech().say(*opening).extend(outcome.speech) if opening else outcome.speech
    return reply(handler_input, speech, reprompt=outcome.reprompt, offer=outcome.offer, card=outcome.card)


def begin(handler_input: HandlerInput) -> Response:
    locale = locale_of(handler_input)
    return ask(handler_input, flow.start(), said("selfcheck_intro", locale, count=spoken_number(len(question_ids()))))


# --- handlers while a question waits --------------------------------------------------------------------------------

class AnswerHandler(AbstractRequestHandler):
    """An answer: AnswerIntent (yes, no, sometimes, not sure, skip and their variants), yes, no, or next (skip)."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return asking(handler_input) and _intent_in(handler_input, *ANSWERING_INTENTS)

    def handle(self, handler_input: HandlerInput) -> Response:
        locale = locale_of(handler_input)
        state = _asked_state(handler_input)
        request = handler_input.request_envelope.request
        answer = answer_of_intent(request.intent.name, request.intent.slots)
        if answer is None:
            return ask(handler_input, state, said("not_an_answer", locale))
        state = flow.record(state, question_ids(), answer)
        if flow.is_finished(state, question_ids()):
            return ask(handler_input, state)
        opening = said("skipped", locale) if answer == SKIPPED else said_in_turn("acks", state["index"], locale)
        return ask(handler_input, state, opening)


class NotAnAnswerHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return asking(handler_input) and is_intent_name("AMAZON.FallbackIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return ask(handler_input, _asked_state(handler_input), said("not_an_answer", locale_of(handler_input)))


class RepeatQuestionHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return asking(handler_input) and _intent_in(handler_input, "AMAZON.RepeatIntent", "AMAZON.ResumeIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        return ask(handler_input, _asked_state(handler_input))


class BackHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return asking(handler_input) and is_intent_name("AMAZON.PreviousIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        locale = locale_of(handler_input)
        state = _asked_state(handler_input)
        if state["index"] == 0:
            return ask(handler_input, state, said("back_first", locale))
        state = flow.back(state)
        earlier = state["answers"].get(flow.current_question(state, question_ids()))
        if earlier == SKIPPED:
            reminder = said("previous_skipped", locale)
        else:
            reminder = said("previous_answer", locale, answer=earlier) if earlier else ""
        return ask(handler_input, state, said("back", locale), reminder)


class QuestionHelpHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return asking(handler_input) and is_intent_name("AMAZON.HelpIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return ask(handler_input, _asked_state(handler_input), said("selfcheck_help", locale_of(handler_input)))


class StopSelfCheckHandler(AbstractRequestHandler):
    """Stop or cancel mid-way: a goodbye that says how to pick up again. The answers so far stay in the session
    attributes under "selfcheck", for the memory to keep."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return asking(handler_input) and _intent_in(handler_input, "AMAZON.StopIntent", "AMAZON.CancelIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        session_of(handler_input)[MODE] = None
        return reply(handler_input, Speech().say(said("selfcheck_stop", locale_of(handler_input))), end_session=True)


class PauseQuestionHandler(AbstractRequestHandler):
    """Pause: wait, and let resume or repeat bring the question back."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return asking(handler_input) and is_intent_name("AMAZON.PauseIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        wait = Speech().say(said("selfcheck_wait", locale_of(handler_input)))
        return reply(handler_input, wait, reprompt=wait, remember=False)


class RestartHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        if is_intent_name("AMAZON.StartOverIntent")(handler_input):
            return asking(handler_input) or _offer_is(handler_input, flow.SELFCHECK, RESUME)
        return False

    def handle(self, handler_input: HandlerInput) -> Response:
        locale = locale_of(handler_input)
        return ask(handler_input, flow.start(), said("selfcheck_restart", locale))


class LeaveSelfCheckHandler(AbstractRequestHandler):
    """"Main menu" mid-way: the self-check waits in the session, and the menu is offered."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return asking(handler_input) and is_intent_name("AMAZON.NavigateHomeIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return menu(handler_input, Speech().say(said("selfcheck_paused", locale_of(handler_input))))


# --- starting, continuing, and the suggestions ---------------------------------------------------------------------

class StartSelfCheckHandler(AbstractRequestHandler):
    """"Start a self-check", or yes to an offer of one; with one unfinished, it offers to carry on."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if is_intent_name("StartSelfCheckIntent")(handler_input):
            return True
        return is_intent_name("AMAZON.YesIntent")(handler_input) and _offer_is(handler_input, flow.SELFCHECK, True)

    def handle(self, handler_input: HandlerInput) -> Response:
        state = unfinished(handler_input)
        if state is None:
            return begin(handler_input)
        locale = locale_of(handler_input)
        session_of(handler_input)[MODE] = None
        question = said("resume_offer", locale, answered=spoken_number(len(state["answers"])),
                        count=spoken_number(len(question_ids())))
        return reply(handler_input, Speech().say(question), reprompt=Speech().say(said("resume_reprompt", locale)),
                     offer={flow.SELFCHECK: RESUME})


class ContinueSelfCheckHandler(AbstractRequestHandler):
    """Yes to carrying on, or "resume" when a self-check waits and nothing else is going on."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if is_intent_name("AMAZON.YesIntent")(handler_input) and _offer_is(handler_input, flow.SELFCHECK, RESUME):
            return True
        if not is_intent_name("AMAZON.ResumeIntent")(handler_input) or unfinished(handler_input) is None:
            return False
        return _offer_is(handler_input, flow.SELFCHECK, RESUME) or OFFER not in session_of(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return ask(handler_input, unfinished(handler_input), said("resume_go_on", locale_of(handler_input)))


class DeclineContinueHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.NoIntent")(handler_input) and _offer_is(handler_input, flow.SELFCHECK, RESUME)

    def handle(self, handler_input: HandlerInput) -> Response:
        # No to carrying on lets the unfinished one go, stored too; asked after "start a self-check", a new one starts.
        remembering.drop_unfinished_selfcheck(handler_input)
        if not remembering.offered_at_launch(handler_input):
            return begin(handler_input)
        return menu(handler_input, speak(handler_input, "no_thanks"))


class SuggestionHandler(AbstractRequestHandler):
    """Yes (or next) to a suggestion of the last self-check: the section's first part, or the exercise itself.
    "Next" while still in a suggested section (after "tell me more" too) moves on to the following suggestion."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if _intent_in(handler_input, "AMAZON.YesIntent", "AMAZON.NextIntent") and \
                _offer_is(handler_input, RECOMMENDATION):
            return True
        return is_intent_name("AMAZON.NextIntent")(handler_input) and _following(handler_input) is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        offered = _offered(handler_input)
        index = current_offer(handler_input)[RECOMMENDATION] if _offer_is(handler_input, RECOMMENDATION) \
            else _following(handler_input)
        if not isinstance(index, int) or not 0 <= index < len(offered):
            return menu(handler_input, Speech().say(said("suggestions_done", locale_of(handler_input))))
        entry = offered[index]
        if entry["kind"] == "exercise":
            session_of(handler_input).pop(SUGGESTION, None)
            return start_exercise(handler_input, entry["id"], None, recommended=True)
        return _suggested_section(handler_input, offered, index)


def _following(handler_input: HandlerInput) -> int | None:
    """The index of the suggestion after the one being browsed, while it is still the section being browsed."""
    session = session_of(handler_input)
    index, nav = session.get(SUGGESTION), session.get(NAV)
    if session.get(MODE) or type(index) is not int or not isinstance(nav, dict):
        return None
    offered = _offered(handler_input)
    if not 0 <= index < len(offered) - 1 or offered[index]["id"] != nav.get("section"):
        return None
    return index + 1


class DeclineSuggestionHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.NoIntent")(handler_input) and _offer_is(handler_input, RECOMMENDATION)

    def handle(self, handler_input: HandlerInput) -> Response:
        return menu(handler_input, Speech().say(said("suggestions_declined", locale_of(handler_input))))


def _offered(handler_input: HandlerInput) -> list[dict]:
    session = session_of(handler_input)
    known = {"section": content.section_ids(), "exercise": content.exercise_ids()}
    recommendations = flow.restore_recommendations(session.get(flow.RECOMMENDATIONS), known)
    return flow.suggestions(recommendations, flow.restore_withheld(session.get(flow.WITHHELD)))


def _suggested_section(handler_input: HandlerInput, offered: list[dict], index: int) -> Response:
    """Part one of a suggested section; then the next suggestion is offered, or after the last, the section's own
    next step. "Tell me more" goes on through navigation, which follows session "nav"."""
    locale = locale_of(handler_input)
    session = session_of(handler_input)
    section_id = offered[index]["id"]
    speech = browse.spoken_part(section_id, 0, locale)
    following = next_suggestion(offered, index + 1, locale)
    if following is None:
        question, offer = browse.section_question(section_id, 0, locale,
                                                  safety_concern=bool(session.get(SAFETY_CONCERN)))
        speech.say(said("suggestions_done", locale))
    else:
        question, offer = following
    session[NAV] = {"section": section_id, "part": 0, "offer": offer}
    session[SUGGESTION] = index
    return reply(handler_input, speech.say(question), reprompt=Speech().say(question), offer=offer)


HANDLERS = [
    AnswerHandler(), NotAnAnswerHandler(), RepeatQuestionHandler(), BackHandler(), QuestionHelpHandler(),
    StopSelfCheckHandler(), PauseQuestionHandler(), RestartHandler(), LeaveSelfCheckHandler(),
    StartSelfCheckHandler(), ContinueSelfCheckHandler(), DeclineContinueHandler(),
    SuggestionHandler(), DeclineSuggestionHandler(),
]
