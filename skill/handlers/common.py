"""What several features say alike: the one menu (aware of a crisis or a safety concern), a question asked again,
a pause, the apology; and letting go of the conversation."""
from __future__ import annotations

from dataclasses import replace


from skill.conversation import offers
from skill.conversation import session_state as state
from skill.conversation.reply import Reply
from skill.conversation.turn import Turn
from skill.handlers.replay import question_again, replay, waiting_question
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


def concern(turn: Turn) -> str | None:
    """What was heard in this session that changes what the skill offers: CRISIS after words of ending one's life
    (the crisis line is offered again), SAFETY after words or answers of fear or harm (the support numbers), else
    None. Both offer no couple activities; the crisis line comes first when both were heard."""
    session = session_of(turn)
    if state.crisis_line_given(session):
        return CRISIS
    return SAFETY if state.safety_concern(session) else None


def menu_question(turn: Turn) -> tuple[Speech, Speech]:
    """(question, reprompt) of the top of the skill; after words of crisis, fear or harm, without couple
    activities and with the resources that fit what was heard."""
    heard = concern(turn)
    return speak(turn, "menu_question", concern=heard), speak(turn, "menu_reprompt", concern=heard)


def menu(turn: Turn, opening: Speech | None = None) -> Reply:
    """`opening`, then the top of the skill as a question. Leaving for the menu ends whatever feature held the
    conversation."""
    end_feature(session_of(turn))
    question, reprompt = menu_question(turn)
    return Reply((opening or Speech()).extend(question), reprompt=reprompt)


def last_reply_again(turn: Turn) -> Reply:
    """"Repeat" or "resume" where no feature answers them: the last real reply again (never a miss's apology); when
    what the session kept of it does not read back, its question alone; else the menu."""
    return replay(turn) or question_again(turn) or menu(turn)


def ask_again(turn: Turn, opening_key: str) -> Reply:
    """Help while a yes-or-no question waits: the prompt `opening_key`, then that question again, its offer kept;
    the menu when no question waits."""
    question = waiting_question(turn)
    if question is None:
        return menu(turn, speak(turn, "fallback"))
    offer = offers.current(session_of(turn)) or None
    return Reply(speak(turn, opening_key).extend(question), reprompt=question, offer=offer)


def unclear(turn: Turn) -> Reply:
    """Something unclear while a yes-or-no question waits: the question again, after words that differ from the
    last miss's, so the skill never says the same sentence twice in a row."""
    misses = state.misses(session_of(turn))
    reply = ask_again(turn, "fallback")
    if misses:
        opening = Speech().say(phrase_in_turn("fallback_again", misses - 1, locale_of(turn)))
        reply = Reply(opening.extend(reply.reprompt), reprompt=reply.reprompt, offer=reply.offer)
    return replace(reply, missed=True)


def pause(turn: Turn, key: str, reprompt_key: str | None = None) -> Reply:
    """"Pause": the prompt `key`, then `reprompt_key` (else `key` again) while waiting. Not remembered, so that
    "resume" and "repeat" bring back what was said before the pause."""
    return Reply(speak(turn, key), reprompt=speak(turn, reprompt_key or key), remember=False)


def apology(turn: Turn) -> Reply:
    """The answer when a handler failed: whatever the feature held is let go, so the same state cannot fail the next
    turn too, and the menu's question follows the apology."""
    session = session_of(turn)
    for key in state.FEATURE_STATE:
        session.pop(key, None)
    question, reprompt = menu_question(turn)
    return Reply(speak(turn, "error").extend(question), reprompt=reprompt)
