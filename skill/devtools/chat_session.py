"""The chat console's machinery: a person at one device talking to the skill through the app's own endpoint.

Each typed line is resolved with the interaction model (skill/devtools/resolver.py), wrapped in a real request envelope
(skill/devtools/envelopes.py) and posted to the app's own /alexa route. The console (skill/devtools/chat.py), the
conversation tests and the benchmarks all use ChatSession, so they exercise exactly what a person at the console does.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from xml.sax.saxutils import escape

from skill.devtools import envelopes
from skill.devtools.envelopes import Caller, SessionState
from skill.content import locale_registry
from skill.devtools.resolution import LAUNCH_REQUEST, Resolution
from skill.devtools.resolver import Resolver, resolver_for
from skill.settings import Settings
from skill.voice.speech import ssml_to_text

ENDPOINT = "/alexa"
DEFAULT_LOCALE = locale_registry.default_locale().name
COMMANDS = {
    "/launch": "open the skill in a new session (\"Alexa, open trust builder\")",
    "/new": "start a new session with the next line, without a launch (\"Alexa, ask trust builder to ...\")",
    "/end": "end the session as if the person walked away (SessionEndedRequest, USER_INITIATED)",
    "/person": "/person ID: the recognised voice is ID from now on; /person alone: no recognised voice",
    "/help": "these commands",
    "/quit": "leave the console (so does Ctrl-D)",
}


class EndpointError(RuntimeError):
    """The endpoint answered with an error status instead of a response."""


@dataclass
class Turn:
    """One line typed and what came of it. `intent` is None for a console command that sends no request."""

    utterance: str
    intent: str | None = None
    slots: dict[str, dict[str, str | None]] = field(default_factory=dict)
    speech: str = ""
    ssml: str | None = None
    reprompt: str | None = None
    card: dict[str, str] | None = None
    end_session: bool | None = None
    note: str | None = None  # what a console command did
    request: dict[str, Any] | None = None  # the envelope sent
    response: dict[str, Any] | None = None  # the envelope received

    def as_json(self) -> dict[str, Any]:
        data = {key: getattr(self, key) for key in
                ("utterance", "intent", "slots", "speech", "ssml", "reprompt", "card", "end_session")}
        if self.note is not None:
            data["note"] = self.note
        return data


class ChatSession:
    """A person at one device talking to the skill: keeps user and device across sessions, the session between turns.

    `client` is anything with Flask's test-client `post(path, json=...)`.
    """

    def __init__(self, client, resolver: Resolver, caller: Caller | None = None, locale: str = DEFAULT_LOCALE):
        self.client = client
        self.resolver = resolver
        self.caller = caller or Caller()
        self.locale = locale
        self.session: SessionState | None = None  # None: the next request opens a new session

    @classmethod
    def open(cls, settings: Settings, locale: str = DEFAULT_LOCALE, user: str | None = None,
             person: str | None = None) -> "ChatSession":
        """A session on a fresh app built with `settings`, the way the console runs."""
        from skill.app import create_app  # here: building the app reads content and rules, which --help never needs

        return cls(create_app(settings).test_client(), resolver_for(locale), Caller.named(user, person), locale)

    def say(self, line: str) -> Turn:
        """Whatever the person typed: a console command or something said to the skill."""
        line = line.strip()
        command, _, argument = line.partition(" ")
        if command in COMMANDS:
            return self._command(line, command, argument.strip())
        if line.startswith("/"):
            return Turn(line, note=f"unknown command {command}; try /help")
        return self.utter(line)

    def utter(self, text: str) -> Turn:
        resolution = self.resolver.resolve(text)
        if resolution.intent == LAUNCH_REQUEST:
            return self.launch(text)
        if resolution.invoked or self.session is None:
            # Naming the skill ("ask trust builder to ...") opens a session of its own, as it does on a device.
            self.session = SessionState()
        request = envelopes.intent_request(resolution, self.locale, self.caller.application_id)
        return self._send(text, request, _slots_json(resolution))

    def launch(self, utterance: str = "/launch") -> Turn:
        self.session = SessionState()
        return self._send(utterance, envelopes.launch_request(self.locale))

    def new_session(self) -> Turn:
        self.session = None
        return Turn("/new", note="the next line starts a new session")

    def end(self) -> Turn:
        if self.session is None:
            return Turn("/end", note="no session is open")
        turn = self._send("/end", envelopes.session_ended_request(self.locale))
        self.session = None
        return turn

    def set_person(self, person: str | None) -> Turn:
        self.caller = replace(self.caller, person_id=envelopes.alexa_id("person", person) if person else None)
        note = f"the recognised voice is {self.caller.person_id}" if person else "no recognised voice"
        return Turn("/person" + (f" {person}" if person else ""), note=note)

    def _command(self, line: str, command: str, argument: str) -> Turn:
        if command == "/launch":
            return self.launch()
        if command == "/new":
            return self.new_session()
        if command == "/end":
            return self.end()
        if command == "/person":
            return self.set_person(argument or None)
        if command == "/help":
            return Turn(line, note="; ".join(f"{name}: {meaning}" for name, meaning in COMMANDS.items()))
        return Turn(line, note="bye")

    def _send(self, utterance: str, request: dict, slots: dict | None = None) -> Turn:
        body = envelopes.envelope(request, self.caller, self.session)
        answer = self.client.post(ENDPOINT, json=body)
        if answer.status_code != 200:
            self.session = None  # Alexa closes a session whose skill failed
            reason = (answer.get_json(silent=True) or {}).get("error", "no reason given")
            raise EndpointError(f"{ENDPOINT} answered {answer.status_code}: {reason}")
        reply = answer.get_json()
        turn = _turn_from_response(utterance, request, reply, slots or {})
        turn.request = body
        self._carry_session(turn, reply)
        return turn

    def _carry_session(self, turn: Turn, reply: dict) -> None:
        if turn.end_session or self.session is None:
            self.session = None
            return
        # Alexa keeps only the attributes the skill sends back.
        self.session = SessionState(self.session.session_id, new=False,
                                    attributes=reply.get("sessionAttributes") or {})


def _turn_from_response(utterance: str, request: dict, reply: dict, slots: dict) -> Turn:
    response = reply.get("response") or {}
    ssml = _speech_ssml(response.get("outputSpeech"))
    reprompt = _speech_ssml((response.get("reprompt") or {}).get("outputSpeech"))
    card = response.get("card")
    intent = request["intent"]["name"] if request["type"] == "IntentRequest" else request["type"]
    # A session ends when the skill says so, after a SessionEndedRequest, and, on a device without a screen as
    # this console is, when the skill leaves shouldEndSession out.
    ended = request["type"] == "SessionEndedRequest" or response.get("shouldEndSession") is not False
    return Turn(
        utterance=utterance,
        intent=intent,
        slots=slots,
        speech=ssml_to_text(ssml) if ssml else "",
        ssml=ssml,
        reprompt=ssml_to_text(reprompt) if reprompt else None,
        card=_card_json(card),
        end_session=ended,
        response=reply,
    )


def _card_json(card: dict | None) -> dict[str, str] | None:
    # A Standard card has `text` where a Simple card has `content`.
    if not card:
        return None
    return {"title": card.get("title", ""), "content": card.get("content") or card.get("text") or ""}


def _speech_ssml(output: dict | None) -> str | None:
    if not output:
        return None
    if output.get("type") == "PlainText":
        return f"<speak>{escape(output.get('text', ''))}</speak>"
    return output.get("ssml")


def _slots_json(resolution: Resolution) -> dict[str, dict[str, str | None]]:
    return {name: {"value": slot.value, "id": slot.resolved.id if slot.resolved else None}
            for name, slot in resolution.slots.items()}


# --- the command -----------------------------------------------------------------------------------------------
