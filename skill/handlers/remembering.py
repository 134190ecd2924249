"""Memory between visits, as a feature: "shall I remember these?", "what were my results", forgetting a person on
request or when the skill is disabled; and the interceptors that bring an unfinished self-check in at the start of a
session and keep it at the end. When the skill keeps what is skill/handlers/keeping.py's.

Offers answered here by yes or no: {"forget": true} after "forget me"; {"remember_results": true, "then": the
suggestion offer that waits} at the end of a self-check.
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response

from skill.conversation import offers
from skill.conversation import selfcheck_flow as flow
from skill.conversation import session_state as state
from skill.conversation.reply import SILENT, Reply, ending
from skill.conversation.selfcheck_results import read_back
from skill.handlers.common import ask_again, end_feature, menu, unclear as unclear_answer
from skill.handlers.feature import ANY, YES_NO, Feature, Turn, table
from skill.handlers.keeping import keep_unfinished_selfcheck, results_now
from skill.handlers.respond import spoken_again
from skill.handlers.suggestions import nothing_yet
from skill.handlers.session import locale_of, session_of, speak
from skill.rulebook.questions import question_ids
from skill.storage import memory
from skill.voice.speech import Speech

SKILL_DISABLED = "AlexaSkillEvent.SkillDisabled"
REMEMBER_ASKED, FORGET_ASKED = "remember_asked", "forget_asked"


def remember_answer(handler_input: HandlerInput) -> Reply:
    """Yes or no to "shall I remember these for next time?"; then the suggestion that was waiting is offered."""
    session = session_of(handler_input)
    question, waiting = offers.pop_then(offers.current(session))
    if is_intent_name("AMAZON.YesIntent")(handler_input):
        record = memory.drop_unfinished_selfcheck(memory.recall(handler_input))
        memory.keep(handler_input, memory.save_recommendations(record, state.suggestions_now(session)))
        opening = speak(handler_input, "results_remembered")
    else:
        opening = speak(handler_input, "results_not_remembered")
    question = spoken_again(handler_input, question, "question")
    if question is None:
        return menu(handler_input, opening)
    return Reply(opening.extend(question), reprompt=question, offer=waiting)


def results(handler_input: HandlerInput) -> Reply:
    """ "What were my results", "what did you tell me last time": the top three of this session's self-check (with
    their reasons) or of those kept from the last one, briefly, and the offer of the first."""
    found = results_now(handler_input)
    if not found:
        return nothing_yet(handler_input)
    end_feature(session_of(handler_input))
    speech, question, offer = read_back(found, locale_of(handler_input))
    return Reply(speech.say(question), reprompt=Speech().say(question), offer=offer)


def forget_me(handler_input: HandlerInput) -> Reply:
    """ "Forget me", "delete my data": asks first; yes deletes everything kept for this person's key."""
    if not memory.is_stored(handler_input):
        return menu(handler_input, speak(handler_input, "forget_nothing_kept"))
    end_feature(session_of(handler_input))
    return Reply(speak(handler_input, "forget_question"), reprompt=speak(handler_input, "forget_reprompt"),
                 offer={offers.FORGET: True})


def forget_answer(handler_input: HandlerInput) -> Reply:
    """Yes or no to "shall I delete everything I've kept for you?"."""
    if is_intent_name("AMAZON.NoIntent")(handler_input):
        return menu(handler_input, speak(handler_input, "forget_kept"))
    memory.forget(handler_input)
    session = session_of(handler_input)
    for name in (state.SELFCHECK, state.RECOMMENDATIONS, state.WITHHELD):
        session.pop(name, None)
    # The session ends here, so nothing of this visit is saved again after the deletion.
    return ending(speak(handler_input, "forget_done"))


def forget_again(handler_input: HandlerInput) -> Reply:
    """Help, or something unclear, at "shall I delete everything?": what deleting means, and the question again."""
    unclear = is_intent_name("AMAZON.FallbackIntent")(handler_input)
    return unclear_answer(handler_input) if unclear else ask_again(handler_input, "forget_help")


def remember_again(handler_input: HandlerInput) -> Reply:
    """Help, or something unclear, at "shall I remember these?": what remembering means, and the question again."""
    unclear = is_intent_name("AMAZON.FallbackIntent")(handler_input)
    return unclear_answer(handler_input) if unclear else ask_again(handler_input, "remember_results_help")


def forget_account(handler_input: HandlerInput) -> Reply:
    """The skill was disabled on the account: delete every record kept for it. An event: no session, no speech."""
    memory.forget_account(handler_input)
    return SILENT


class Remembering(Feature):
    name = "remembering"
    states = {
        ANY: {"ResultsIntent": Turn(results, to=("start_offered", "results")),
              "ForgetMeIntent": Turn(forget_me, to=(FORGET_ASKED,)),
              SKILL_DISABLED: Turn(forget_account)},
        REMEMBER_ASKED: table({YES_NO: Turn(remember_answer),
                               ("AMAZON.HelpIntent", "AMAZON.FallbackIntent"): Turn(remember_again, to=(REMEMBER_ASKED,))}),
        FORGET_ASKED: table({YES_NO: Turn(forget_answer),
                             ("AMAZON.HelpIntent", "AMAZON.FallbackIntent"): Turn(forget_again, to=(FORGET_ASKED,))}),
    }

    def states_now(self, handler_input: HandlerInput) -> list[str]:
        offer = offers.current(session_of(handler_input))
        return [name for name, key in ((REMEMBER_ASKED, offers.REMEMBER_RESULTS), (FORGET_ASKED, offers.FORGET))
                if offer.get(key) is True]


FEATURE = Remembering()


class UnfinishedSelfCheckLoader(AbstractRequestInterceptor):
    """At a launch or "start a self-check", a self-check left unfinished on an earlier visit is brought into the
    session, where the self-check offers to carry on with it. Not after this session finished one of its own."""

    def process(self, handler_input: HandlerInput) -> None:
        if handler_input.request_envelope.session is None:
            return
        starting = is_request_type("LaunchRequest")(handler_input) or \
            is_intent_name("StartSelfCheckIntent")(handler_input) or is_intent_name("ContinueSelfCheckIntent")(handler_input)
        if not starting:
            return
        session = session_of(handler_input)
        if state.selfcheck(session) is not None or state.has_results(session) or not memory.is_stored(handler_input):
            return
        stored = flow.restore(memory.unfinished_selfcheck(memory.recall(handler_input)), question_ids())
        if flow.is_unfinished(stored, question_ids()):
            session[state.SELFCHECK] = stored
            session[state.SELFCHECK_RESUMED] = True


class UnfinishedSelfCheckKeeper(AbstractResponseInterceptor):
    """When a session ends (stop, cancel, walking away, the skill closing it), its unfinished self-check is kept."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        if handler_input.request_envelope.session is None:
            return
        ended = is_request_type("SessionEndedRequest")(handler_input) or \
            (response is not None and response.should_end_session is not False)
        if ended:
            keep_unfinished_selfcheck(handler_input)


REQUEST_INTERCEPTORS = [UnfinishedSelfCheckLoader()]
RESPONSE_INTERCEPTORS = [UnfinishedSelfCheckKeeper()]
