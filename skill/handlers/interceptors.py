"""Request and response logging that shows the shape of a turn, never what was said (no slot values, no speech)."""
from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import IntentRequest, Response

from skill.rulebook.engine import RuleBook

log = logging.getLogger("skill.turns")


class RequestLogger(AbstractRequestInterceptor):
    def process(self, handler_input: HandlerInput) -> None:
        request = handler_input.request_envelope.request
        intent = request.intent.name if isinstance(request, IntentRequest) and request.intent else "-"
        log.info("request type=%s intent=%s locale=%s id=%s",
                 request.object_type, intent, request.locale, request.request_id)


class ResponseLogger(AbstractResponseInterceptor):
    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        if response is None:
            log.info("response none")
            return
        log.info("response end_session=%s reprompt=%s card=%s",
                 response.should_end_session, response.reprompt is not None, response.card is not None)


RULEBOOK = "rulebook"  # request attribute: the rules this skill runs with


class RulebookProvider(AbstractRequestInterceptor):
    """Puts the skill's rulebook (loaded and checked at start-up) into each request's attributes, where handlers
    find it with `rulebook_of`: explicit, with no global."""

    def __init__(self, rulebook: RuleBook) -> None:
        self.rulebook = rulebook

    def process(self, handler_input: HandlerInput) -> None:
        handler_input.attributes_manager.request_attributes[RULEBOOK] = self.rulebook


def rulebook_of(handler_input: HandlerInput) -> RuleBook:
    return handler_input.attributes_manager.request_attributes[RULEBOOK]
