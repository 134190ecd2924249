"""The safety net: crisis, then harm, then calm, read from the audited patterns of crisis.yaml, harm.yaml, calm.yaml;
and the needs heard after danger, medical.yaml then distress.yaml.

Crisis before harm: a wish to die is answered first, whatever else is said. A live match (not negated, not inside
a benign phrase) is a signal; a clear one is sure, an unclear one fairly sure. Danger words that are all negated
or benign, or words of safety, are calm: no signal.

After danger come needs (medical.yaml, then distress.yaml): an emergency of the body, then distress that wants a
support line. They are read the same way, but are not danger: their denial is no calm. Every other family heard
live in the sentence goes in the reading's `also` ("he stabbed me and I'm bleeding": harm, also medical).
"""
from __future__ import annotations

from functools import cache

from skill import content
from skill.listener.hearing import Hearing, reading, score
from skill.listener.patterns import Match, find, load_patterns

DANGER = ("crisis", "harm")
NEEDS = ("medical", "distress")


def hear_danger(text: str) -> tuple[Hearing | None, list[Match]]:
    """A crisis or harm reading of `text` (normalised), or None; and every danger match, live or not."""
    every: list[Match] = []
    heard: list[tuple[str, list[Match]]] = []
    for family in DANGER:
        matches = find(load_patterns(family), text)
        every += matches
        if any(match.live for match in matches):
            heard.append((family, matches))
    if not heard:
        return None, every
    (family, matches), others = heard[0], heard[1:] + _heard(NEEDS, text)
    return _reading(family, matches, tuple(name for name, _ in others)), every


def hear_need(text: str) -> Hearing | None:
    """A medical or distress reading of `text` (normalised), or None: heard only when no danger was."""
    heard = _heard(NEEDS, text)
    if not heard:
        return None
    (family, matches), others = heard[0], heard[1:]
    return _reading(family, matches, tuple(name for name, _ in others))


def _heard(families: tuple[str, ...], text: str) -> list[tuple[str, list[Match]]]:
    """Each of `families` heard live in `text`, in their order, with all its matches."""
    found = ((family, find(load_patterns(family), text)) for family in families)
    return [(family, matches) for family, matches in found if any(match.live for match in matches)]


@cache
def _urgency(family: str) -> dict[str, int]:
    """The kinds of `family` that name a reading whenever heard (its file's `urgent` list), by rank."""
    urgent = content.load(f"listening/{family}").get("urgent", [])
    return {kind: rank for rank, kind in enumerate(urgent)}


def _reading(family: str, matches: list[Match], also: tuple[str, ...]) -> Hearing:
    """The reading of a family's matches: a clear match outranks an unclear one; among equals an urgent kind ("I
    want to die, I've taken all my pills": overdose), then the first in the sentence, then the longest (the most
    specific: "he spies on me through the echo" is surveillance, not stalking), names the kind."""
    live = [match for match in matches if match.live]
    urgency = _urgency(family)
    best = min(live, key=lambda match: (match.pattern.clarity != "clear", urgency.get(match.kind, len(urgency)),
                                        match.start, match.start - match.end))
    evidence = [match.evidence(family) for match in live]
    evidence += [match.evidence(family) for match in matches if not match.live]
    return reading(family, best.kind, score(best.pattern.clarity), evidence, also=also)


def hear_calm(text: str, danger: list[Match]) -> Hearing | None:
    """Calm when the sentence says it is safe, or its only danger words are negated or benign."""
    said = [match for match in find(load_patterns("calm"), text) if match.live]
    if not said and not danger:
        return None
    evidence = [match.evidence("calm") for match in said] + [match.evidence("no signal") for match in danger]
    kinds = [match.kind for match in said]
    denied = any(match.negated for match in danger)
    kind = "mistaken" if "mistaken" in kinds else kinds[0] if kinds else "negated" if denied else "benign"
    return reading("calm", kind, score("calm"), evidence)
