"""Replies: an open session always has a reprompt, and no reply may pass Alexa's 24 KB limit."""
from __future__ import annotations

import json

import pytest
from ask_sdk_core.serialize import DefaultSerializer

from skill.alexa.respond import respond
from skill.conversation.reply import Card, Reply
from skill.conversation.turn import Turn
from skill.voice.speech import MAX_RESPONSE_BYTES, Speech, SpeechLimitError


def turn_with(session: dict) -> Turn:
    return Turn(request="AMAZON.HelpIntent", is_intent=True, session=session)


def test_an_open_session_without_a_reprompt_is_refused():
    with pytest.raises(SpeechLimitError, match="reprompt"):
        Reply(Speech().say("Hello."))


def test_a_reply_whose_session_attributes_pass_the_limit_is_refused():
    session = {"notes": "x" * MAX_RESPONSE_BYTES}
    with pytest.raises(SpeechLimitError, match="bytes"):
        respond(turn_with(session), Reply(Speech().say("Hello?"), reprompt=Speech().say("Still there?")))


def test_the_size_check_never_underestimates_the_real_envelope():
    """Just under the limit by our measure must be under it for real too."""
    session: dict = {}
    speech, reprompt = Speech().say("word " * 700), Speech().say("Shall we go on?")
    card = Card("Suggestions", "line\n" * 400)
    session["notes"] = "y" * 14000
    response = respond(turn_with(session), Reply(speech, reprompt=reprompt, card=card))
    envelope = {"version": "1.0", "sessionAttributes": session, "userAgent": "ask-python/1.19.0 Python/3.12.0",
                "response": DefaultSerializer().serialize(response)}
    assert len(json.dumps(envelope).encode("utf-8")) < MAX_RESPONSE_BYTES
