"""`trust-builder chat`: talk to the skill in a terminal, or line by line as JSON for scripts (DESIGN §5).

Each typed line is resolved with the interaction model (skill/devtools/resolver.py), wrapped in a real request envelope
(skill/devtools/envelopes.py) and posted to the app's own /alexa route, with request verification off. ChatSession is the
machinery; the conversation tests use it too, so they exercise exactly what a person at the console does.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field, replace
from typing import IO, Any
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

def add_chat_command(commands) -> None:
    """Adds `chat` to the `trust-builder` command's subparsers."""
    chat = commands.add_parser(
        "chat", help="talk to the skill in a terminal (or line by line as JSON with --json)",
        description="Type what you would say to Alexa. Commands: "
                    + "; ".join(f"{name} {meaning}" for name, meaning in COMMANDS.items()))
    chat.add_argument("--explain", action="store_true", help="show the listener's reading of each line first")
    chat.add_argument("--json", action="store_true",
                      help="read lines from standard input and answer each with one JSON line, flushed at once")
    chat.add_argument("--locale", default=DEFAULT_LOCALE, help="request locale (default: %(default)s)")
    chat.add_argument("--user", help="user id or short name (default: the console's own user, the same every run)")
    chat.add_argument("--person", help="recognised voice profile id or short name (default: none)")
    chat.add_argument("--database", help="sqlite:///PATH, dynamodb://TABLE or none "
                                         "(default: TRUST_DATABASE, or the server's default)")
    chat.set_defaults(run=run_chat)


def run_chat(args: argparse.Namespace, stdin: IO[str] | None = None, stdout: IO[str] | None = None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    chat = ChatSession.open(chat_settings(args), locale=args.locale, user=args.user, person=args.person)
    if args.json:
        return json_lines(chat, stdin, stdout)
    return console(chat, stdin, stdout, explain=args.explain)


def chat_settings(args: argparse.Namespace, environ: dict[str, str] | None = None) -> Settings:
    """The server's settings from the environment, as the console runs them: its requests are not signed and
    carry the console's own skill id, it logs only warnings unless TRUST_LOG_LEVEL says otherwise, and
    --database wins over TRUST_DATABASE."""
    settings = Settings.from_env(environ, defaults={"TRUST_LOG_LEVEL": "WARNING"})
    return replace(settings, verify_requests=False, skill_ids=None, database=args.database or settings.database)


def json_lines(chat: ChatSession, stdin: IO[str], stdout: IO[str]) -> int:
    """One JSON line per input line, flushed at once, so another program can hold the conversation."""
    # readline, not iteration: it hands over each line as soon as it arrives.
    for line in iter(stdin.readline, ""):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            answer = chat.say(line).as_json()
        except EndpointError as error:
            answer = {"utterance": line, "error": str(error)}
        stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        stdout.flush()
        if line == "/quit":
            break
    return 0


def console(chat: ChatSession, stdin: IO[str], stdout: IO[str], explain: bool = False) -> int:
    interactive = stdin.isatty()
    if interactive:
        try:
            import readline  # noqa: F401 - gives input() line editing and history
        except ImportError:
            pass
    stdout.write(f"Trust Builder chat ({chat.locale}). Say something, or {', '.join(COMMANDS)}.\n")
    while True:
        try:
            line = input("you> ") if interactive else stdin.readline()
        except (EOFError, KeyboardInterrupt):
            stdout.write("\n")
            return 0
        if not interactive and not line:
            return 0
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not interactive:
            stdout.write(f"you> {line}\n")
        if explain:
            from skill.devtools.listen_cli import explain_line  # loads the listener only when asked to

            stdout.write(explain_line(line, chat.session.attributes if chat.session else None, chat.locale))
        try:
            stdout.write(_console_text(chat.say(line)))
        except EndpointError as error:
            stdout.write(f"  ! {error}\n")
        stdout.flush()
        if line == "/quit":
            return 0


def _console_text(turn: Turn) -> str:
    if turn.intent is None:
        return f"  ({turn.note})\n"
    slots = ", ".join(f"{name}={slot['value']}" + (f" ({slot['id']})" if slot["id"] else "")
                      for name, slot in turn.slots.items() if slot["value"] is not None)
    lines = [f"  [{turn.intent}{': ' + slots if slots else ''}]"]
    if turn.speech:
        lines.append(f"alexa> {turn.speech}")
    if turn.card:
        lines.append(f"  card: {turn.card['title']}: {turn.card['content']}")
    if turn.reprompt:
        lines.append(f"  (if nothing is said: {turn.reprompt})")
    if turn.end_session:
        lines.append("  (session ended)")
    return "\n".join(lines) + "\n"
