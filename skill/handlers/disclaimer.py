"""The disclaimer on a first visit that opens with a request ("Alexa, ask trust builder to start a self-check")
rather than a launch: said before the answer, once per person (the launch says it on its own)."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type

from skill.conversation import session_state as state
from skill.conversation.reply import Reply
from skill.handlers.session import session_of, speak
from skill.storage import memory
from skill.voice.speech import SpeechLimitError


def with_first_visit_disclaimer(handler_input: HandlerInput, reply: Reply) -> Reply:
    """`reply`, opened by the disclaimer when this is such a first visit. Not before safety or crisis resources (the
    session then has a safety concern): those come first, and the disclaimer waits for the next visit."""
    envelope = handler_input.request_envelope
    if (not reply.speech or envelope.session is None or not envelope.session.new
            or not is_request_type("IntentRequest")(handler_input)
            or state.safety_concern(session_of(handler_input)) or not memory.is_stored(handler_input)):
        return reply  # with no store it could not be said just once: the launch says it instead
    record = memory.recall(handler_input)
    if memory.disclaimer_heard(record):
        return reply
    try:
        opened = reply.opened_by(speak(handler_input, "disclaimer"))
        opened.speech.ssml  # noqa: B018 - an answer too long to take it hears it on the next visit instead
    except SpeechLimitError:
        return reply
    memory.keep(handler_input, memory.record_visit(record))
    return opened
