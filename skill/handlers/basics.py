"""Launch, help, stop, fallback, home and session end: the certification basics."""
from __future__ import annotations

from typing import Callable

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Intent, Response

from skill.storage import memory
from skill.conversation.crisis_wording import crisis_card
from skill.handlers import remembering
from skill.handlers.common import CRISIS, SAFETY, concern, locale_of, menu, menu_question, speak
from skill.handlers.safety import safety_card
from skill.handlers.respond import reply, silent_end


class LaunchHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        record = memory.recall(handler_input)
        memory.keep(handler_input, memory.record_visit(record))
        return remembering.greet(handler_input, record)


class HelpHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.HelpIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        _question, reprompt = menu_question(handler_input)
        keys = {CRISIS: ("help_crisis", "help_browse_question"), SAFETY: ("help_safety", "help_browse_question"),
                None: ("help", "help_question")}[concern(handler_input)]
        return reply(handler_input, speak(handler_input, *keys), reprompt=reprompt)


class StopHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.StopIntent")(handler_input) or is_intent_name("AMAZON.CancelIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        """After words of crisis, fear or harm, the goodbye says where the number is, and the card comes again."""
        heard = concern(handler_input)
        if heard is None:
            return reply(handler_input, speak(handler_input, "goodbye"), end_session=True)
        card = (crisis_card if heard == CRISIS else safety_card)(locale_of(handler_input))
        return reply(handler_input, speak(handler_input, f"{heard}_goodbye"), end_session=True, card=card)


class NavigateHomeHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.NavigateHomeIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return menu(handler_input, speak(handler_input, "home"))


class SessionEndedHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("SessionEndedRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return silent_end()


class FallbackHandler(AbstractRequestHandler):
    """AMAZON.FallbackIntent, and any intent or request nothing else handles: never a dead end. The menu's question
    follows, so after words of fear or harm it offers no couple activities."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("IntentRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        question, reprompt = menu_question(handler_input)
        return reply(handler_input, speak(handler_input, "fallback").extend(question), reprompt=reprompt)


class TellHandler(AbstractRequestHandler):
    """TellIntent, what people say in their own words: for now answered in every state as AMAZON.FallbackIntent is,
    until the listener hears the words (issue 11). `handlers` gives the skill's handlers, in order, to ask again."""

    def __init__(self, handlers: Callable[[], list[AbstractRequestHandler]]):
        self._handlers = handlers

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("TellIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        request.intent = Intent(name="AMAZON.FallbackIntent", slots={})
        handler = next(handler for handler in self._handlers() if handler.can_handle(handler_input))
        return handler.handle(handler_input)


class OtherRequestHandler(AbstractRequestHandler):
    """Requests that are not a turn of conversation (events, unknown types): answered without speech."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        return silent_end()


HANDLERS = [LaunchHandler(), HelpHandler(), StopHandler(), NavigateHomeHandler(), SessionEndedHandler()]
# These accept whatever no other handler took, so they go last.
LAST_RESORT = [FallbackHandler(), OtherRequestHandler()]
