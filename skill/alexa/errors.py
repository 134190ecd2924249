"""The catch-all exception handler: apologise, keep the session usable, log what went wrong."""
from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_request_type
from ask_sdk_model import Response

from skill.alexa.interceptors import intent_of
from skill.alexa.respond import respond
from skill.alexa.turn_of import unheard_turn_of
from skill.conversation.reply import SILENT
from skill.handlers.common import apology
from skill.log_safety import log_failure
from skill.storage.forgetting import AccountDeletionUnfinished

log = logging.getLogger(__name__)


class CatchAllExceptionHandler(AbstractExceptionHandler):
    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        # A disabled account whose records are not all deleted: the event must fail, not be answered as done.
        return not isinstance(exception, AccountDeletionUnfinished)

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        request_type = get_request_type(handler_input)
        intent = intent_of(handler_input.request_envelope.request)
        log_failure(log, f"handler failed on {request_type} intent={intent}", exception)
        turn = unheard_turn_of(handler_input)
        if request_type == "SessionEndedRequest" or not turn.in_session:
            return respond(turn, SILENT, handler_input.request_envelope)
        return respond(turn, apology(turn), handler_input.request_envelope)
