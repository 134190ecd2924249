"""Turns Speech into an ask-sdk Response, refusing any response that breaks Alexa's limits (DESIGN §3)."""
from __future__ import annotations

import json
from dataclasses import dataclass

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.ui import SimpleCard, SsmlOutputSpeech, Reprompt

from skill.voice.speech import MAX_RESPONSE_BYTES, Speech, SpeechLimitError, ssml_to_text

LAST_RESPONSE = "last_response"
OFFER = "offer"
# Generous room for the envelope's fixed keys and types ("version", "userAgent", "outputSpeech", "SSML", ...).
ENVELOPE_ALLOWANCE = 512


@dataclass(frozen=True)
class Card:
    title: str
    content: str


def reply(handler_input: HandlerInput, speech: Speech, *, reprompt: Speech | None = None,
          end_session: bool = False, card: Card | None = None, offer: dict | None = None,
          remember: bool = True) -> Response:
    """The response for this turn. An open session always carries a reprompt; `offer` is what "yes" will mean next.

    `remember=False` leaves the recorded last response and offer as they were, for asides such as "pause"
    after which "resume" or "repeat" should bring back what was said before.
    """
    if not end_session and not reprompt:
        raise SpeechLimitError("an open session needs a reprompt")
    response = Response(output_speech=SsmlOutputSpeech(ssml=speech.ssml), should_end_session=end_session)
    if not end_session:
        response.reprompt = Reprompt(output_speech=SsmlOutputSpeech(ssml=reprompt.ssml))
    if card is not None:
        response.card = SimpleCard(title=card.title, content=card.content)
    session = handler_input.attributes_manager.session_attributes
    if session is not None and not end_session and remember:
        session[LAST_RESPONSE] = {"ssml": speech.ssml, "reprompt": reprompt.ssml}
        if offer is None:
            session.pop(OFFER, None)
        else:
            session[OFFER] = offer
    _check_size(response, session)
    return response


def replay(handler_input: HandlerInput) -> Response | None:
    """The last response of this session again, exactly as it was said; None when there is none."""
    session = handler_input.attributes_manager.session_attributes or {}
    last = session.get(LAST_RESPONSE)
    if not isinstance(last, dict) or not isinstance(last.get("ssml"), str) or not isinstance(last.get("reprompt"), str):
        return None
    return Response(output_speech=SsmlOutputSpeech(ssml=last["ssml"]),
                    reprompt=Reprompt(output_speech=SsmlOutputSpeech(ssml=last["reprompt"])),
                    should_end_session=False)


def last_question(handler_input: HandlerInput) -> str | None:
    """The question still waiting for an answer, as plain text: the last response's reprompt; None without one."""
    session = handler_input.attributes_manager.session_attributes or {}
    last = session.get(LAST_RESPONSE)
    reprompt = last.get("reprompt") if isinstance(last, dict) else None
    if not isinstance(reprompt, str):
        return None
    return ssml_to_text(reprompt) or None


def silent_end() -> Response:
    """A SessionEndedRequest gets no speech."""
    return Response()


def _check_size(response: Response, session_attributes: dict | None) -> None:
    """Alexa counts the whole response envelope, session attributes included. What varies is what we wrote (speech,
    reprompt, card, session attributes); the envelope's fixed keys fit in ENVELOPE_ALLOWANCE. Measured this way, not
    by serialising the model: the endpoint serialises it once anyway, and twice costs a fifth of a turn."""
    written = [response.output_speech.ssml if response.output_speech else None,
               response.reprompt.output_speech.ssml if response.reprompt else None,
               [response.card.title, response.card.content] if response.card else None,
               session_attributes or {}]
    size = len(json.dumps(written).encode("utf-8")) + ENVELOPE_ALLOWANCE
    if size >= MAX_RESPONSE_BYTES:
        raise SpeechLimitError(f"response of about {size} bytes; Alexa takes under {MAX_RESPONSE_BYTES}")
