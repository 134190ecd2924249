"""One log line a turn that shows its shape, never what was said (no slot values, no speech); the rulebook for handlers."""
from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import IntentRequest, Request, Response

from skill.rulebook.engine import RuleBook

log = logging.getLogger("skill.turns")


class TurnLogger(AbstractResponseInterceptor):
    """One line a turn, written when the answer is ready: the request's shape and the answer's. A turn that fails
    is logged by the catch-all exception handler instead, with the same request shape."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        request = handler_input.request_envelope.request
        answered = ("none" if response is None else
                    f"end_session={response.should_end_session} reprompt={response.reprompt is not None} "
                    f"card={response.card is not None}")
        log.info("turn type=%s intent=%s locale=%s id=%s %s",
                 request.object_type, intent_of(request), request.locale, request.request_id, answered)


def intent_of(request: Request) -> str:
    """The intent's name for the log, "-" for a request without one."""
    return request.intent.name if isinstance(request, IntentRequest) and request.intent else "-"


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
