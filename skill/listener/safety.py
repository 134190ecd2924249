"""The safety net: crisis, then harm, then calm, read from the audited patterns of crisis.yaml, harm.yaml, calm.yaml.

Crisis before harm: a wish to die is answered first, whatever else is said. A live match (not negated, not inside
a benign phrase) is a signal; a clear one is sure, an unclear one fairly sure. Danger words that are all negated
or benign, or words of safety, are calm: no signal.
"""
from __future__ import annotations

from skill.listener.hearing import Hearing, reading, score
from skill.listener.patterns import Match, find, load_patterns


def hear_danger(text: str) -> tuple[Hearing | None, list[Match]]:
    """A crisis or harm reading of `text` (normalised), or None; and every danger match, live or not."""
    every: list[Match] = []
    for family in ("crisis", "harm"):
        matches = find(load_patterns(family), text)
        every += matches
        live = [match for match in matches if match.live]
        if live:
            # A clear match outranks an unclear one; among equals, the first in the sentence names the kind.
            best = min(live, key=lambda match: (match.pattern.clarity != "clear", match.start))
            evidence = [match.evidence(family) for match in live]
            evidence += [match.evidence(family) for match in matches if not match.live]
            return reading(family, best.kind, score(best.pattern.clarity), evidence), every
    return None, every


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
