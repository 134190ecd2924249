"""Small helpers every handler uses: the request's locale, a spoken phrase for it, session state, slot ids."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_locale, get_slot
from ask_sdk_model import Response
from ask_sdk_model.slu.entityresolution import StatusCode

from skill.respond import reply
from skill.speech import Speech
from skill.wording import phrase, supported_locale

# Session attributes several features share.
MODE = "mode"  # the feature holding the conversation ("selfcheck", "exercise"), or None
NAV = "nav"  # the section being browsed
SAFETY_CONCERN = "safety_concern"  # words or answers suggested fear or harm: no couple activities from now on


def locale_of(handler_input: HandlerInput) -> str:
    return supported_locale(get_locale(handler_input))


def speak(handler_input: HandlerInput, *keys: str, **values: str) -> Speech:
    """Speech made of the prompts `keys`, in the request's locale."""
    locale = locale_of(handler_input)
    return Speech().say(*(phrase(key, locale, **values) for key in keys))


def session_of(handler_input: HandlerInput) -> dict:
    """This session's attributes, writable; an empty dict for requests outside a session."""
    if handler_input.request_envelope.session is None:
        return {}  # ask-sdk raises on session attributes of an event such as AlexaSkillEvent.SkillDisabled
    attributes = handler_input.attributes_manager.session_attributes
    return attributes if attributes is not None else {}


def slot_id(handler_input: HandlerInput, name: str) -> str | None:
    """The id a custom slot's value resolved to (entity resolution), or None when it did not resolve."""
    try:
        slot = get_slot(handler_input, name)
    except (AttributeError, TypeError):
        return None
    resolutions = getattr(slot, "resolutions", None)
    for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
        if authority.status is not None and authority.status.code == StatusCode.ER_SUCCESS_MATCH and authority.values:
            return authority.values[0].value.id
    return None


def menu(handler_input: HandlerInput, opening: Speech | None = None) -> Response:
    """`opening`, then the top of the skill as a question; after words of fear or harm, without couple activities.

    Leaving for the menu ends whatever feature held the conversation."""
    session = session_of(handler_input)
    session[MODE] = None
    question, reprompt = (("safety_menu_question", "safety_menu_reprompt") if session.get(SAFETY_CONCERN)
                          else ("menu_question", "menu_reprompt"))
    speech = (opening or Speech()).extend(speak(handler_input, question))
    return reply(handler_input, speech, reprompt=speak(handler_input, reprompt))
