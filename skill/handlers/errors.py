"""The catch-all exception handler: apologise, keep the session usable, log what went wrong."""
from __future__ import annotations

import logging
import traceback

from ask_sdk_core.dispatch_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_request_type
from ask_sdk_model import Response

from skill.handlers.common import speak
from skill.respond import reply, silent_end

log = logging.getLogger(__name__)


class CatchAllExceptionHandler(AbstractExceptionHandler):
    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        request_type = get_request_type(handler_input)
        # The exception's type and where it was raised, not its message: that may quote what the person said.
        log.error("handler failed on %s: %s\n%s", request_type, type(exception).__name__,
                  "".join(traceback.format_tb(exception.__traceback__)))
        if request_type == "SessionEndedRequest" or handler_input.request_envelope.session is None:
            return silent_end()
        return reply(handler_input, speak(handler_input, "error", "error_question"),
                     reprompt=speak(handler_input, "menu_reprompt"))
