"""Small helpers every handler uses: the request's locale, a spoken phrase for it, session state, slot ids, and the
one menu (with the one choice of its question, aware of a crisis or a safety concern)."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, get_locale, get_slot, is_request_type
from ask_sdk_model import Response

from skill.conversation import session_state as state
from skill.conversation.answers import resolved_id
from skill.handlers.respond import last_question, reply
from skill.voice.speech import Speech
from skill.voice.wording import phrase

# Session attributes several features share (skill/conversation/session_state.py reads them all).
MODE = state.MODE  # the feature holding the conversation ("selfcheck", "exercise"), or None
NAV = state.NAV  # the section being browsed
SAFETY_CONCERN = state.SAFETY_CONCERN  # words or answers suggested fear or harm: no couple activities from now on
CRISIS, SAFETY = "crisis", "safety"  # what `concern` heard


def locale_of(handler_input: HandlerInput) -> str:
    """The request's own locale ("" without one). Wording picks its spelling from it, and the safety resources
    their country, each with its own fallback: an unknown locale must not borrow another country's numbers."""
    return get_locale(handler_input) or ""


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


def end_feature(session: dict) -> None:
    """The feature holding the conversation lets go of it: no mode, no exercise between rounds. A self-check under
    way stays in the session, to be carried on later."""
    session[MODE] = None
    session.pop(state.EXERCISE, None)


def concern(handler_input: HandlerInput) -> str | None:
    """What was heard in this session that changes what the skill offers: CRISIS after words of ending one's life
    (the crisis line is offered again), SAFETY after words or answers of fear or harm (the support numbers), else
    None. Both offer no couple activities; the crisis line comes first when both were heard."""
    session = session_of(handler_input)
    if state.crisis_line_given(session):
        return CRISIS
    return SAFETY if state.safety_concern(session) else None


def menu_question(handler_input: HandlerInput) -> tuple[Speech, Speech]:
    """(question, reprompt) of the top of the skill; after words of crisis, fear or harm, without couple
    activities and with the resources that fit what was heard."""
    prefix = {CRISIS: "crisis_", SAFETY: "safety_", None: ""}[concern(handler_input)]
    return speak(handler_input, f"{prefix}menu_question"), speak(handler_input, f"{prefix}menu_reprompt")


def menu(handler_input: HandlerInput, opening: Speech | None = None) -> Response:
    """`opening`, then the top of the skill as a question. Leaving for the menu ends whatever feature held the
    conversation."""
    end_feature(session_of(handler_input))
    question, reprompt = menu_question(handler_input)
    return reply(handler_input, (opening or Speech()).extend(question), reprompt=reprompt)


def ask_again(handler_input: HandlerInput, opening_key: str) -> Response:
    """Help or an unclear answer while a yes-or-no question waits: the prompt `opening_key`, then that question again,
    its offer kept; the menu when no question waits."""
    question = last_question(handler_input)
    if question is None:
        return menu(handler_input, speak(handler_input, "fallback"))
    offer = state.offer(session_of(handler_input)) or None
    return reply(handler_input, speak(handler_input, opening_key).say(question), reprompt=Speech().say(question),
                 offer=offer)


def pause(handler_input: HandlerInput, key: str, reprompt_key: str | None = None) -> Response:
    """"Pause": the prompt `key`, then `reprompt_key` (else `key` again) while waiting. Not remembered, so that
    "resume" and "repeat" bring back what was said before the pause."""
    return reply(handler_input, speak(handler_input, key), reprompt=speak(handler_input, reprompt_key or key),
                 remember=False)


def apology(handler_input: HandlerInput) -> Response:
    """The answer when a handler failed: whatever the feature held is let go, so the same state cannot fail the next
    turn too, and the menu's question follows the apology."""
    session = session_of(handler_input)
    for key in state.FEATURE_STATE:
        session.pop(key, None)
    question, reprompt = menu_question(handler_input)
    return reply(handler_input, speak(handler_input, "error").extend(question), reprompt=reprompt)
