"""The catch-all exception handler: apologise, keep the session usable, log what went wrong."""
from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_request_type
from ask_sdk_model import Response

from skill.conversation.reply import SILENT
from skill.handlers.common import apology
from skill.handlers.interceptors import intent_of
from skill.log_safety import log_failure
from skill.handlers.respond import respond
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
        if request_type == "SessionEndedRequest" or handler_input.request_envelope.session is None:
            return respond(handler_input, SILENT)
        return respond(handler_input, apology(handler_input))
