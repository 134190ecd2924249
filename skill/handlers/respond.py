"""Turns Speech into an ask-sdk Response, refusing any response that breaks Alexa's limits (DESIGN §3)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from xml.sax.saxutils import unescape

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
    """The last response of this session again, exactly as it was said; None when there is none, or when it is not
    speech the skill could have built (session attributes come from the client: DESIGN §3)."""
    session = handler_input.attributes_manager.session_attributes or {}
    last = session.get(LAST_RESPONSE)
    ssml = _built_here(last.get("ssml")) if isinstance(last, dict) else None
    reprompt = _built_here(last.get("reprompt")) if isinstance(last, dict) else None
    if ssml is None or reprompt is None:
        return None
    return Response(output_speech=SsmlOutputSpeech(ssml=ssml),
                    reprompt=Reprompt(output_speech=SsmlOutputSpeech(ssml=reprompt)), should_end_session=False)


def last_question(handler_input: HandlerInput) -> str | None:
    """The question still waiting for an answer, as plain text: the last response's reprompt; None without one."""
    session = handler_input.attributes_manager.session_attributes or {}
    last = session.get(LAST_RESPONSE)
    reprompt = _built_here(last.get("reprompt")) if isinstance(last, dict) else None
    if reprompt is None:
        return None
    return ssml_to_text(reprompt) or None


_SSML_PART = re.compile(r'(<break time="\d+m?s"/>|<audio src="[^"<>]*"/>'
                        r'|<say-as interpret-as="telephone">[^<>]*</say-as>)')


def _built_here(ssml: object) -> str | None:
    """`ssml` if the speech builder makes exactly it again from its parts, within Alexa's limits; otherwise None.

    A replayed response must be one the skill produced: text (escaped), breaks, library sounds and telephone numbers
    are all the builder makes, so anything else (another tag, an outside sound, a long break) fails to rebuild.
    """
    if not isinstance(ssml, str) or not (ssml.startswith("<speak>") and ssml.endswith("</speak>")):
        return None
    rebuilt = Speech()
    try:
        for index, part in enumerate(_SSML_PART.split(ssml[len("<speak>"):-len("</speak>")])):
            if index % 2 == 0:
                rebuilt.say(unescape(part))
            elif part.startswith("<break"):
                amount = part.split('"')[1]
                rebuilt.pause(int(amount[:-2]) / 1000 if amount.endswith("ms") else int(amount[:-1]))
            elif part.startswith("<audio"):
                rebuilt.sound(unescape(part.split('"')[1]))
            else:
                rebuilt.phone(unescape(part[part.index(">") + 1:-len("</say-as>")]))
        return ssml if rebuilt.ssml == ssml else None
    except SpeechLimitError:
        return None


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
