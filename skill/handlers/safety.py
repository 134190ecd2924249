"""The safety path: words that suggest fear or harm get safety resources first, from anywhere in the skill.

First in the handler order, so it answers mid self-check and mid exercise too. It ends whatever feature held
the conversation (session "mode"), and marks the session (SAFETY_CONCERN) so that navigation no longer offers
couple activities or joint counselling, and lets go of suggestions kept from an earlier self-check. Once the crisis
line was given, asking for support means it again (`respond_with_support`). What is said, with the locale's numbers,
is skill/conversation/support.py's; no card, since anyone with access to the Alexa app could read it.
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from skill.conversation import browse
from skill.conversation import session_state as state
from skill.handlers.common import CRISIS, NAV, SAFETY_CONCERN, concern, end_feature, locale_of, session_of, slot_id
from skill.handlers.crisis import respond_with_crisis_line
from skill.handlers.remembering import drop_kept_suggestions
from skill.handlers.respond import reply


def respond_with_safety(handler_input: HandlerInput, part: int = 0) -> Response:
    """Part `part` of the safety section; ends any running feature and marks the session."""
    locale = locale_of(handler_input)
    session = session_of(handler_input)
    end_feature(session)
    session[SAFETY_CONCERN] = True
    drop_kept_suggestions(handler_input)
    speech, reprompt, offer = browse.section_speech(browse.SAFETY_SECTION, part, locale,
                                                    withheld=state.withheld_now(session))
    session[NAV] = {"section": browse.SAFETY_SECTION, "part": part, "offer": offer}
    return reply(handler_input, speech, reprompt=reprompt, offer=offer)


def respond_with_support(handler_input: HandlerInput, part: int = 0) -> Response:
    """"Support numbers", or yes to an offer of support: after words of ending one's life, the crisis line again
    (the crisis path's own answer) rather than the safety section's helpline; else part `part` of that section."""
    if part == 0 and concern(handler_input) == CRISIS:
        return respond_with_crisis_line(handler_input, again=True)
    return respond_with_safety(handler_input, part)


class SafetyHandler(AbstractRequestHandler):
    """Words of fear or harm ("I'm scared of my partner"), or the safety topic asked for by name."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if is_intent_name("SafetyIntent")(handler_input):
            return True
        return is_intent_name("TopicIntent")(handler_input) and slot_id(handler_input, "Topic") == browse.SAFETY_SECTION

    def handle(self, handler_input: HandlerInput) -> Response:
        if is_intent_name("SafetyIntent")(handler_input):
            return respond_with_safety(handler_input)
        return respond_with_support(handler_input)


HANDLERS = [SafetyHandler()]
