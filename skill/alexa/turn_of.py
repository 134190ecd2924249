"""A request made into a Turn, once: the request's name, its slots, the words it carries heard by the listener, the
session, the memory port and the rules. What was heard is never logged or stored."""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import IntentRequest, Slot
from ask_sdk_model.slu.entityresolution import StatusCode

from skill.alexa.interceptors import RULEBOOK
from skill.alexa.memory_port import StoredMemory
from skill.conversation import offers
from skill.conversation.turn import Turn
from skill.handlers import hearing
from skill.handlers.hearing import CATCH_ALL_SLOT_TYPE, MAX_WORDS_CHARS
from skill.listener import forget

TURN = "turn"  # request attribute: this request's Turn


def turn_of(handler_input: HandlerInput) -> Turn:
    """This request's Turn, made the first time it is asked for (by Listening, before any feature answers)."""
    attributes = handler_input.attributes_manager.request_attributes
    if TURN not in attributes:
        attributes[TURN] = _made(handler_input, listening=True)
    return attributes[TURN]


def unheard_turn_of(handler_input: HandlerInput) -> Turn:
    """This request's Turn without hearing its words: for answering a failure, which must not fail again where the
    listener failed."""
    return handler_input.attributes_manager.request_attributes.get(TURN) or _made(handler_input, listening=False)


def _made(handler_input: HandlerInput, listening: bool) -> Turn:
    envelope = handler_input.request_envelope
    request = envelope.request
    is_intent = isinstance(request, IntentRequest) and request.intent is not None
    slots = {name: slot for name, slot in ((request.intent.slots or {}) if is_intent else {}).items()
             if slot is not None}
    in_session = envelope.session is not None
    # ask-sdk raises on session attributes of an event such as AlexaSkillEvent.SkillDisabled
    session = (handler_input.attributes_manager.session_attributes if in_session else None)
    session = session if session is not None else {}
    words = _said(slots) if is_intent else ""
    locale = getattr(request, "locale", None) or ""
    caught_all, heard = _caught_all(slots), None
    if listening and words:  # most requests carry none: a button-like intent, a launch
        asked = offers.current(session).get(offers.ANSWER)
        heard = hearing.hear(words, locale, asked, request.intent.name, catch_all=caught_all)
    system = getattr(envelope.context, "system", None)
    return Turn(request=request.intent.name if is_intent else request.object_type, locale=locale,
                is_intent=is_intent,
                slots={name: found for name, slot in slots.items() if (found := resolved_id(slot)) is not None},
                slot_words={name: slot.value for name, slot in slots.items() if isinstance(slot.value, str)
                            and slot.value},
                words=words, caught_all=caught_all, heard=heard, in_session=in_session,
                new_session=bool(in_session and envelope.session.new),
                recognised=bool(getattr(getattr(system, "person", None), "person_id", None)),
                session=session, memory=StoredMemory(handler_input),
                rules=handler_input.attributes_manager.request_attributes.get(RULEBOOK))


def _said(slots: dict[str, Slot]) -> str:
    """The words the request carries, in the intent's order; "" without any. A value that Alexa resolved to one of
    our own slot values is left out: it is a phrase of the model, checked by tests/test_hearing.py to carry no
    danger the intent itself does not answer. The catch-all's words are always heard: its values only show Alexa
    what a sentence looks like."""
    values = [slot.value for slot in slots.values() if isinstance(slot.value, str)
              and (resolved_id(slot) is None or _is_catch_all(slot))]
    return " ".join(value.strip() for value in values if value.strip())[:MAX_WORDS_CHARS]


def _caught_all(slots: dict[str, Slot]) -> bool:
    """Whether the words came in the catch-all's slot, with no carrier before them."""
    return any(slot.value and _is_catch_all(slot) for slot in slots.values())


def _is_catch_all(slot: Slot) -> bool:
    """A value of the catch-all's slot type: Alexa names the type at the end of the resolution's authority."""
    resolutions = getattr(slot, "resolutions", None)
    return any((getattr(authority, "authority", None) or "").endswith(f".{CATCH_ALL_SLOT_TYPE}")
               for authority in getattr(resolutions, "resolutions_per_authority", None) or [])


def resolved_id(slot: Slot | None) -> str | None:
    """The id a custom slot's value resolved to (entity resolution, as Alexa sends it), or None."""
    resolutions = getattr(slot, "resolutions", None)
    for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
        if authority.status is not None and authority.status.code == StatusCode.ER_SUCCESS_MATCH and authority.values:
            return authority.values[0].value.id
    return None


class Listening(AbstractRequestInterceptor):
    """Hears the words of every intent that carries some (a phrase slot, or what was said for a custom slot), given
    the self-check question waiting for its answer, if any: the Turn is made here, before any feature answers."""

    def process(self, handler_input: HandlerInput) -> None:
        forget()  # a turn that failed may have left its words behind
        turn_of(handler_input)


class Forgetting(AbstractResponseInterceptor):
    """Drops what the listener kept of this turn's sentences (skill.listener.memory) once the answer is ready."""

    def process(self, handler_input: HandlerInput, response) -> None:
        forget()
