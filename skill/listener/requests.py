"""Requests that are not topics: an exercise or a command for one, manners, and what the skill cannot do.

Patterns live in requests.yaml; families are tried in this order: out of scope, commands, exercises, manners.
"""
from __future__ import annotations

import re
from functools import cache

from skill import content
from skill.listener.hearing import Hearing, reading, score
from skill.listener.memory import per_sentence
from skill.listener.patterns import compile_pattern


@cache
def _spec() -> dict[str, dict[str, re.Pattern] | re.Pattern]:
    raw = content.load("listening/requests")
    compiled: dict = {"exercise_context": compile_pattern(f"(?:{raw['exercise_context']})")}
    for family in ("exercises", "commands", "manners", "out_of_scope"):
        compiled[family] = {kind: compile_pattern(f"(?:{source})") for kind, source in raw[family].items()}
    for kind in raw["at_start"]:
        compiled["commands"][kind] = compile_pattern(f"^{raw['lead_in']}(?:{raw['commands'][kind]})")
    return compiled


def exercise_named(text: str) -> tuple[str | None, str | None]:
    """(exercise id, the words that named it) for the first exercise named in `text`, or (None, None)."""
    found = [(hit.start(), kind, hit.group(0)) for kind, regex in _spec()["exercises"].items()
             for hit in [regex.search(text)] if hit]
    if not found:
        return None, None
    _, kind, words = min(found)
    return kind, words


@per_sentence
def hear_request(text: str) -> Hearing | None:
    """The first request family that matches `text` (normalised), or None."""
    spec = _spec()
    exercise, named = exercise_named(text)
    # What the skill cannot do comes first: "set a timer for ten minutes" is not an exercise's length.
    out_of_scope = _first(spec["out_of_scope"], text)
    if out_of_scope is not None:
        kind, hit = out_of_scope
        return reading("out_of_scope", kind, score("request"), [f'out_of_scope/{kind} heard in "{hit.group(0)}"'])
    for kind, regex in spec["commands"].items():
        hit = regex.search(text)
        if hit:
            evidence = [f'exercise/{kind} heard in "{hit.group(0)}"']
            if exercise:
                evidence.append(f'names the exercise {exercise} in "{named}"')
            return reading("exercise", kind, score("request"), evidence, exercise=exercise)
    if exercise and spec["exercise_context"].search(text):
        return reading("exercise", exercise, score("request"), [f'names the exercise {exercise} in "{named}"'],
                       exercise=exercise)
    manners = _first(spec["manners"], text)
    if manners is not None:
        kind, hit = manners
        return reading("manners", kind, score("request"), [f'manners/{kind} heard in "{hit.group(0)}"'])
    return None


def _first(family: dict[str, re.Pattern], text: str) -> tuple[str, re.Match] | None:
    for kind, regex in family.items():
        hit = regex.search(text)
        if hit:
            return kind, hit
    return None
