"""The one ask-sdk request handler: the request made into a Turn, the conversation's router asked which row answers
it, and the Reply made into a Response. Every request reaches it (the last resort answers anything)."""
from __future__ import annotations

from ask_sdk_core.dispatch_components import (AbstractRequestHandler, AbstractRequestInterceptor,
                                              AbstractResponseInterceptor)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from skill.alexa.respond import respond
from skill.alexa.turn_of import turn_of
from skill.handlers.router import route
from skill.handlers.remembering import bring_back_unfinished_selfcheck, keep_when_ended


class ConversationHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = turn_of(handler_input)
        _feature, row = route(turn)
        return respond(turn, row.action(turn), handler_input.request_envelope)


class UnfinishedSelfCheckLoader(AbstractRequestInterceptor):
    """At a launch or "start a self-check", a self-check left unfinished on an earlier visit comes into the session."""

    def process(self, handler_input: HandlerInput) -> None:
        bring_back_unfinished_selfcheck(turn_of(handler_input))


class UnfinishedSelfCheckKeeper(AbstractResponseInterceptor):
    """When a session ends (stop, cancel, walking away, the skill closing it), its unfinished self-check is kept."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        keep_when_ended(turn_of(handler_input), response is not None and response.should_end_session is not False)
