"""`trust-builder listen`: what the listener hears in a sentence, and why, as `rules explain` does for rules.

The evidence quotes the words typed: it is printed here for the person at the terminal and never logged.
"""
from __future__ import annotations

import argparse
import sys
from typing import IO, Mapping

from skill.listener import Hearing, listen
from skill.rulebook.questions import question_ids

EXIT_UNKNOWN_QUESTION = 2


def add_listen_command(subparsers) -> None:
    """Adds `listen` to the `trust-builder` command's subparsers."""
    command = subparsers.add_parser(
        "listen", help="show what the listener hears in a sentence: meaning, level, confidence, evidence",
        description=f"Question ids for --after: {', '.join(question_ids())}.")
    command.add_argument("words", nargs="+", help="what a person says, e.g. \"she won't let me see my friends\"")
    command.add_argument("--after", metavar="QUESTION_ID", help="the self-check question just asked")
    command.add_argument("--locale", default="en-US", help="the request's locale (default: %(default)s)")
    command.set_defaults(run=run_listen)


def run_listen(args: argparse.Namespace, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if args.after is not None and args.after not in question_ids():
        print(f"error: unknown question id {args.after!r}; known: {', '.join(question_ids())}", file=err)
        return EXIT_UNKNOWN_QUESTION
    sentence = " ".join(args.words)
    out.write(format_hearing(listen(sentence, locale=args.locale, asked=args.after), asked=args.after))
    return 0


def format_hearing(hearing: Hearing, asked: str | None = None, indent: str = "") -> str:
    """The reading as lines a reviewer reads: meaning, level, confidence, evidence, alternatives."""
    detail = f" {hearing.detail}" if hearing.detail else ""
    exercise = f" (exercise {hearing.exercise})" if hearing.exercise and hearing.exercise != hearing.detail else ""
    lines = [f"Meaning: {hearing.meaning}{detail}{exercise}",
             f"Level: {hearing.level} (confidence {hearing.confidence:.2f})"]
    if asked:
        lines.append(f"After: {asked}")
    lines.append("Evidence:")
    lines += [f"  {line}" for line in hearing.evidence] or ["  none"]
    lines.append("Alternatives:")
    lines += [f"  {meaning}{' ' + detail if detail else ''} {score:.2f}" for meaning, detail, score in hearing.alternatives]
    if not hearing.alternatives:
        lines.append("  none")
    return "".join(f"{indent}{line}\n" for line in lines)


def asked_in(attributes: Mapping | None) -> str | None:
    """The self-check question a session has just asked, or None: what `listen(asked=...)` needs.

    Reads the keys skill/conversation/session_state.py documents ("mode", and "selfcheck": {"index"}) without
    importing it: it imports the handlers, which `trust-builder --help` should not load.
    """
    if not attributes or attributes.get("mode") != "selfcheck":
        return None
    state = attributes.get("selfcheck")
    index = state.get("index") if isinstance(state, Mapping) else None
    ids = question_ids()
    return ids[index] if isinstance(index, int) and 0 <= index < len(ids) else None


def explain_line(line: str, attributes: Mapping | None, locale: str) -> str:
    """For `chat --explain`: the listener's reading of a typed line, before the skill answers it."""
    if line.startswith("/"):
        return ""
    asked = asked_in(attributes)
    return format_hearing(listen(line, locale=locale, asked=asked), asked=asked, indent="  listener| ")
