"""What several features say alike: the one menu (aware of a crisis or a safety concern), a question asked again,
a pause, the apology; and letting go of the conversation."""
from __future__ import annotations

from dataclasses import replace

from ask_sdk_core.handler_input import HandlerInput

from skill.conversation import offers
from skill.conversation import session_state as state
from skill.conversation.reply import Reply
from skill.handlers.respond import question_again, replay, waiting_question
from skill.handlers.session import locale_of, session_of, speak
from skill.voice.speech import Speech
from skill.voice.wording import phrase_in_turn

# Session attributes several features share (skill/conversation/session_state.py reads them all).
MODE = state.MODE  # the feature holding the conversation ("selfcheck", "exercise"), or None
NAV = state.NAV  # the section being browsed
SAFETY_CONCERN = state.SAFETY_CONCERN  # words or answers suggested fear or harm: no couple activities from now on
CRISIS, SAFETY = "crisis", "safety"  # what `concern` heard


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
    heard = concern(handler_input)
    return speak(handler_input, "menu_question", concern=heard), speak(handler_input, "menu_reprompt", concern=heard)


def menu(handler_input: HandlerInput, opening: Speech | None = None) -> Reply:
    """`opening`, then the top of the skill as a question. Leaving for the menu ends whatever feature held the
    conversation."""
    end_feature(session_of(handler_input))
    question, reprompt = menu_question(handler_input)
    return Reply((opening or Speech()).extend(question), reprompt=reprompt)


def last_reply_again(handler_input: HandlerInput) -> Reply:
    """"Repeat" or "resume" where no feature answers them: the last real reply again (never a miss's apology); when
    what the session kept of it does not read back, its question alone; else the menu."""
    return replay(handler_input) or question_again(handler_input) or menu(handler_input)


def ask_again(handler_input: HandlerInput, opening_key: str) -> Reply:
    """Help while a yes-or-no question waits: the prompt `opening_key`, then that question again, its offer kept;
    the menu when no question waits."""
    question = waiting_question(handler_input)
    if question is None:
        return menu(handler_input, speak(handler_input, "fallback"))
    offer = offers.current(session_of(handler_input)) or None
    return Reply(speak(handler_input, opening_key).extend(question), reprompt=question, offer=offer)


def unclear(handler_input: HandlerInput) -> Reply:
    """Something unclear while a yes-or-no question waits: the question again, after words that differ from the
    last miss's, so the skill never says the same sentence twice in a row."""
    misses = state.misses(session_of(handler_input))
    reply = ask_again(handler_input, "fallback")
    if misses:
        opening = Speech().say(phrase_in_turn("fallback_again", misses - 1, locale_of(handler_input)))
        reply = Reply(opening.extend(reply.reprompt), reprompt=reply.reprompt, offer=reply.offer)
    return replace(reply, missed=True)


def pause(handler_input: HandlerInput, key: str, reprompt_key: str | None = None) -> Reply:
    """"Pause": the prompt `key`, then `reprompt_key` (else `key` again) while waiting. Not remembered, so that
    "resume" and "repeat" bring back what was said before the pause."""
    return Reply(speak(handler_input, key), reprompt=speak(handler_input, reprompt_key or key), remember=False)


def apology(handler_input: HandlerInput) -> Reply:
    """The answer when a handler failed: whatever the feature held is let go, so the same state cannot fail the next
    turn too, and the menu's question follows the apology."""
    session = session_of(handler_input)
    for key in state.FEATURE_STATE:
        session.pop(key, None)
    question, reprompt = menu_question(handler_input)
    return Reply(speak(handler_input, "error").extend(question), reprompt=reprompt)
