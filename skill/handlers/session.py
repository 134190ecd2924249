"""What every handler reads of a request: its locale, its intent and slots, the session's attributes; and a spoken
phrase in the request's locale."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, get_locale, get_slot, is_request_type

from skill.handlers.answers import resolved_id
from skill.voice.speech import Speech
from skill.voice.wording import phrase


def locale_of(handler_input: HandlerInput) -> str:
    """The request's own locale ("" without one). Wording picks its spelling from it, and the safety resources
    their country, each with its own fallback: an unknown locale must not borrow another country's numbers."""
    return get_locale(handler_input) or ""


def speak(handler_input: HandlerInput, *keys: str, concern: str | None = None, **values: str) -> Speech:
    """Speech made of the prompts `keys` (their variants for `concern`), in the request's locale."""
    locale = locale_of(handler_input)
    return Speech().say(*(phrase(key, locale, concern=concern, **values) for key in keys))


def session_of(handler_input: HandlerInput) -> dict:
    """This session's attributes, writable; an empty dict for requests outside a session."""
    if handler_input.request_envelope.session is None:
        return {}  # ask-sdk raises on session attributes of an event such as AlexaSkillEvent.SkillDisabled
    attributes = handler_input.attributes_manager.session_attributes
    return attributes if attributes is not None else {}


def request_key(handler_input: HandlerInput) -> str:
    """What a feature's table is keyed by: the intent's name for an intent, else the request's type."""
    if is_request_type("IntentRequest")(handler_input):
        return get_intent_name(handler_input)
    return handler_input.request_envelope.request.object_type


def intent_in(handler_input: HandlerInput, *names: str) -> bool:
    """Whether the request is an intent named one of `names`."""
    return is_request_type("IntentRequest")(handler_input) and get_intent_name(handler_input) in names


def slot_id(handler_input: HandlerInput, name: str) -> str | None:
    """The id a custom slot's value resolved to (entity resolution), or None when it did not resolve."""
    try:
        slot = get_slot(handler_input, name)
    except (AttributeError, TypeError):
        return None
    return resolved_id(slot)


def slot_heard(handler_input: HandlerInput, name: str) -> str | None:
    """What was said for slot `name`; None when the slot was not filled."""
    try:
        slot = get_slot(handler_input, name)
    except (AttributeError, TypeError):
        return None
    return slot.value if slot is not None and slot.value else None
