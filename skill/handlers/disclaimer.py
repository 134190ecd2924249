"""The disclaimer on a first visit that opens with a request ("Alexa, ask trust builder to start a self-check")
rather than a launch: said before the answer, once per person (the launch says it on its own)."""
from __future__ import annotations

from skill.conversation import session_state as state
from skill.conversation.reply import Reply
from skill.conversation.turn import Turn
from skill.handlers.session import session_of, speak
from skill.storage import memory
from skill.voice.speech import SpeechLimitError


def with_first_visit_disclaimer(turn: Turn, reply: Reply) -> Reply:
    """`reply`, opened by the disclaimer when this is such a first visit. Not before safety or crisis resources (the
    session then has a safety concern): those come first, and the disclaimer waits for the next visit."""
    if (not reply.speech or not turn.new_session or not turn.is_intent
            or state.safety_concern(session_of(turn)) or not turn.memory.is_stored()):
        return reply  # with no store it could not be said just once: the launch says it instead
    record = turn.memory.recall()
    if memory.disclaimer_heard(record):
        return reply
    try:
        opened = reply.opened_by(speak(turn, "disclaimer"))
        opened.speech.ssml  # noqa: B018 - an answer too long to take it hears it on the next visit instead
    except SpeechLimitError:
        return reply
    turn.memory.keep(memory.record_visit(record))
    return opened
