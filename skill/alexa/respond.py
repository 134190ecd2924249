"""Turns a Reply into an ask-sdk Response in one place: the finishing touches, the session writes of the offer and
the last reply, and last of all Alexa's size limit (DESIGN §3).

The last reply is kept as recipes of ids (skill/content/provenance.py), never as text or SSML: the session comes
back from the client and may be forged, so "repeat" (skill/handlers/replay.py) says only what
skill/conversation/said_again.py makes from ids of the skill's own content."""
from __future__ import annotations

import json

from ask_sdk_model import Response
from ask_sdk_model.ui import Reprompt, SimpleCard, SsmlOutputSpeech

from skill.alexa.apl import add_screen
from skill.conversation.offers import OFFER
from skill.conversation.reply import SILENT, Reply
from skill.conversation.said_again import keep
from skill.conversation.session_state import LAST_RESPONSE, MISSES, SAID, misses
from skill.conversation.turn import Turn
from skill.handlers.disclaimer import with_first_visit_disclaimer
from skill.voice.speech import MAX_RESPONSE_BYTES, SpeechLimitError
# Generous room for the envelope's fixed keys and types ("version", "userAgent", "outputSpeech", "SSML", ...).
ENVELOPE_ALLOWANCE = 512


def respond(turn: Turn, reply: Reply, request_envelope: object = None) -> Response:
    """The response for this turn. An open session always carries a reprompt (Reply refuses one without). The
    request's envelope says whether the device has a screen (skill/alexa/apl.py)."""
    if reply is SILENT:
        return Response()
    reply = with_first_visit_disclaimer(turn, reply)
    speech = reply.speech.ssml
    response = Response(output_speech=SsmlOutputSpeech(ssml=speech), should_end_session=reply.end_session)
    if not reply.end_session:
        response.reprompt = Reprompt(output_speech=SsmlOutputSpeech(ssml=reply.reprompt.ssml))
    if reply.card is not None:
        response.card = SimpleCard(title=reply.card.title, content=reply.card.content)
    if reply.directives:
        response.directives = list(reply.directives)
    add_screen(response, request_envelope, reply.screen)
    session = turn.session if turn.in_session else None
    if session is not None and not reply.end_session:
        _count_misses(session, reply)
        session.pop(LAST_RESPONSE, None)  # the SSML an earlier version kept: never read, dropped
        if reply.remember:
            _keep_said(session, reply)
    _check_size(response, session)
    return response


def _keep_said(session: dict, reply: Reply) -> None:
    """The reply kept as recipes of ids, for "repeat", and its offer: what "yes" means next."""
    if not reply.missed or not isinstance(session.get(SAID), dict):
        # A miss is not content: "resume" or "repeat" after it bring back what was said before it.
        session[SAID] = {**keep(speech=reply.speech, reprompt=reply.reprompt), "offer": reply.offer}
    if reply.offer is None:
        session.pop(OFFER, None)
    else:
        session[OFFER] = reply.offer


def _count_misses(session: dict, reply: Reply) -> None:
    """Misses in a row: one more for a reply that could not place what was said, none after any other reply."""
    if reply.missed:
        session[MISSES] = misses(session) + 1
    else:
        session.pop(MISSES, None)


def _check_size(response: Response, session_attributes: dict | None) -> None:
    """Alexa counts the whole response envelope, session attributes included. What varies is what we wrote (speech,
    reprompt, card, directives, session attributes); the envelope's fixed keys fit in ENVELOPE_ALLOWANCE. Measured
    this way, not by serialising the model: the endpoint serialises it once anyway, and twice costs a fifth of a turn."""
    written = [response.output_speech.ssml if response.output_speech else None,
               response.reprompt.output_speech.ssml if response.reprompt else None,
               [response.card.title, response.card.content] if response.card else None,
               [directive.to_dict() for directive in response.directives or ()],
               session_attributes or {}]
    size = len(json.dumps(written, default=str).encode("utf-8")) + ENVELOPE_ALLOWANCE
    if size >= MAX_RESPONSE_BYTES:
        raise SpeechLimitError(f"response of about {size} bytes; Alexa takes under {MAX_RESPONSE_BYTES}")
