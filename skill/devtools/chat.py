"""`trust-builder chat`: talk to the skill in a terminal, or line by line as JSON for scripts (DESIGN §5).

Each typed line is resolved with the interaction model (skill/devtools/resolver.py), wrapped in a real request envelope
(skill/devtools/envelopes.py) and posted to the app's own /alexa route, with request verification off. ChatSession is the
machinery; the conversation tests use it too, so they exercise exactly what a person at the console does.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from typing import IO

from skill.devtools.chat_session import COMMANDS, DEFAULT_LOCALE, ChatSession, EndpointError, Turn
from skill.settings import Settings


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
