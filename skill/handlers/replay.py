"""The last reply said again, for "repeat" and "resume": made from the recipes of ids skill/alexa/respond.py kept
(skill/content/provenance.py), never from text or SSML, since the session comes back from the client and may be
forged. What does not read back is never said: the question the reply asked is asked again, or the menu is said."""
from __future__ import annotations

from skill.conversation.offers import offer_of
from skill.conversation.reply import Reply
from skill.conversation.said_again import NotOurs, speech_from
from skill.conversation.session_state import SAID
from skill.conversation.turn import Turn
from skill.voice.speech import Speech


def replay(turn: Turn) -> Reply | None:
    """The last reply of this session that was not a miss, made again from what was kept: the same words, reprompt
    and offer; None when nothing was kept, or when what was kept does not read back whole."""
    said = _said(turn)
    speech, reprompt = spoken_again(turn, said, "speech"), spoken_again(turn, said, "reprompt")
    if speech is None or reprompt is None:
        return None
    return Reply(speech, reprompt=reprompt, offer=offer_of(said.get("offer")) or None)


def question_again(turn: Turn) -> Reply | None:
    """The question the last reply asked, alone, its offer standing: what is left to say again when the reply
    itself does not read back; None when the question does not either."""
    said = _said(turn)
    question = spoken_again(turn, said, "reprompt")
    if question is None:
        return None
    return Reply(Speech().extend(question), reprompt=question, offer=offer_of(said.get("offer")) or None)


def waiting_question(turn: Turn) -> Speech | None:
    """The question still waiting for an answer, said again: the last reply's reprompt; None without one."""
    return spoken_again(turn, _said(turn), "reprompt")


def _said(turn: Turn) -> dict:
    said = turn.session.get(SAID)
    return said if isinstance(said, dict) else {}


def spoken_again(turn: Turn, kept: object, name: str) -> Speech | None:
    """The speech `name` of a reply kept by said_again.keep, made again in this request's locale; None for one
    that is not the skill's own, or makes nothing."""
    try:
        speech = speech_from(kept, name, turn.locale, turn.rules.rules)
    except NotOurs:
        return None
    return speech or None
