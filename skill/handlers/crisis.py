"""The crisis path: words of ending one's life or of self-harm get the locale's crisis line and emergency number.

First of all handlers, before safety: it answers anywhere (mid self-check, mid exercise, while browsing), ends whatever
feature held the conversation (session "mode"), and offers to repeat the number. "Yes" to that offer says the number
again; "no" asks to reach out from a phone and ends the session. What is said is skill/conversation/support.py's; no
card, since anyone with access to the Alexa app could read it.
Like words of fear, these words mark the session (SAFETY_CONCERN): no couple activities are offered after them, and
nothing of a self-check is kept, not even suggestions saved on an earlier visit. They also mark it CRISIS_LINE_GIVEN:
from then on the menu, help, fallback and any offer of support give the crisis line again rather than the support
numbers of the safety path.
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from skill.conversation import session_state as state
from skill.conversation.support import crisis_decline, crisis_speech
from skill.handlers.common import SAFETY_CONCERN, end_feature, locale_of, session_of
from skill.handlers.remembering import drop_kept_suggestions
from skill.handlers.respond import reply

# The offer made with the crisis line: what "yes" and "no" answer next.
OFFER = {state.CRISIS: state.REPEAT_NUMBER}


def respond_with_crisis_line(handler_input: HandlerInput, *, again: bool = False) -> Response:
    locale = locale_of(handler_input)
    session = session_of(handler_input)
    end_feature(session)
    session[SAFETY_CONCERN] = True
    session[state.CRISIS_LINE_GIVEN] = True
    drop_kept_suggestions(handler_input)
    speech, reprompt = crisis_speech(locale, again=again)
    return reply(handler_input, speech, reprompt=reprompt, offer=OFFER)


class CrisisHandler(AbstractRequestHandler):
    """"I want to kill myself", "I want to die", "I'm thinking of ending my life"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("CrisisIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return respond_with_crisis_line(handler_input)


class RepeatTheNumberHandler(AbstractRequestHandler):
    """"Yes" to "Would you like me to repeat the number?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.YesIntent")(handler_input) and state.crisis_offered(session_of(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        return respond_with_crisis_line(handler_input, again=True)


class NumberNotRepeatedHandler(AbstractRequestHandler):
    """"No" to "Would you like me to repeat the number?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.NoIntent")(handler_input) and state.crisis_offered(session_of(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        return reply(handler_input, crisis_decline(locale_of(handler_input)), end_session=True)


HANDLERS = [CrisisHandler(), RepeatTheNumberHandler(), NumberNotRepeatedHandler()]
