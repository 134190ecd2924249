"""The safety net: crisis, then harm, then calm, read from the audited patterns of crisis.yaml, harm.yaml, calm.yaml;
and the needs heard after danger, medical.yaml then distress.yaml.

Crisis before harm: a wish to die is answered first, whatever else is said. A live match is a signal: a clear one is
sure, an unclear one fairly sure. The rule of asymmetry: a negation, a limit or a benign phrase may lower danger
words to fairly sure (same family and kind, the evidence says what lowered them), never to calm; only an audited
idiom of benign.yaml ("this traffic is killing me") makes them no signal. Calm is words of safety, or danger words
heard only inside audited idioms.

After danger come needs (medical.yaml, then distress.yaml): an emergency of the body, then distress that wants a
support line. They are read the same way, but are not danger: their denial is no calm. Every other family heard
live in the sentence goes in the reading's `also` ("he stabbed me and I'm bleeding": harm, also medical).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from skill import content
from skill.listener.hearing import FAIRLY_SURE, Hearing, reading, score
from skill.listener.memory import per_sentence
from skill.listener.patterns import Match, PatternSet, find, load_patterns, patterns_of

FAMILIES = ("crisis", "harm")  # in the order they are answered
NEEDS = ("medical", "distress")
EXPLICITLY_SAFE = "safe"  # the calm detail of an explicit statement of safety: the only calm "I'm glad" may answer


@dataclass(frozen=True)
class Danger:
    """What the danger patterns heard in one sentence."""

    reading: Hearing | None  # crisis or harm, or None
    lowered: bool  # the reading's words were all negated, limited or benign: fairly sure, and answers may follow
    idioms: tuple[Match, ...]  # danger words heard only inside audited idioms (no signal), when reading is None


@per_sentence
def hear_danger(text: str) -> Danger:
    """Crisis or harm in `text` (normalised), live or lowered. Kept for the turn, which may ask twice for it."""
    found = {family: found_in(family, text) for family in FAMILIES}
    heard = [family for family in FAMILIES if any(match.live for match in found[family])]
    if heard:
        also = tuple(heard[1:]) + tuple(name for name, _ in _heard(NEEDS, text))
        return Danger(_reading(heard[0], found[heard[0]], also), False, ())
    lowered = [(family, match) for family in FAMILIES for match in found[family] if not match.idiom]
    lowered += [(match.kind.split("/")[0], match) for match in find(_denials(), text) if not match.idiom]
    if lowered:
        family = min((family for family, _ in lowered), key=FAMILIES.index)
        # The danger patterns name the kind before a denial of calm.yaml does ("he has never hit me": violence).
        best = min((match for name, match in lowered if name == family),
                   key=lambda match: ("/" in match.kind, match.start))
        evidence = [_lowered_evidence(name, match) for name, match in lowered]
        kind = best.kind.split("/")[-1]
        return Danger(reading(family, kind, score("lowered"), evidence, level=FAIRLY_SURE), True, ())
    return Danger(None, False, tuple(match for family in FAMILIES for match in found[family]))



@per_sentence
def hear_need(text: str) -> Hearing | None:
    """A medical or distress reading of `text` (normalised), or None: heard only when no danger was."""
    heard = _heard(NEEDS, text)
    if not heard:
        return None
    (family, matches), others = heard[0], heard[1:]
    return _reading(family, matches, tuple(name for name, _ in others))


@per_sentence
def needs_denied(text: str) -> tuple[str, ...]:
    """The needs whose words `text` (normalised) holds only negated or inside a benign phrase ("I'm not having a
    heart attack"): no signal, and the model's net may not name them either."""
    found = ((family, found_in(family, text)) for family in NEEDS)
    return tuple(family for family, matches in found if matches and not any(match.live for match in matches))


@per_sentence
def found_in(family: str, text: str) -> tuple[Match, ...]:
    """Every match of `family`'s patterns in `text` (normalised). Kept for the turn: danger, needs and their
    denials each ask for the needs' matches."""
    return tuple(find(load_patterns(family), text))


def _heard(families: tuple[str, ...], text: str) -> list[tuple[str, tuple[Match, ...]]]:
    """Each of `families` heard live in `text`, in their order, with all its matches."""
    found = ((family, found_in(family, text)) for family in families)
    return [(family, matches) for family, matches in found if any(match.live for match in matches)]


@cache
def _urgency(family: str) -> dict[str, int]:
    """The kinds of `family` that name a reading whenever heard (its file's `urgent` list), by rank."""
    urgent = content.load(f"listening/{family}").get("urgent", [])
    return {kind: rank for rank, kind in enumerate(urgent)}


def _reading(family: str, matches: tuple[Match, ...], also: tuple[str, ...]) -> Hearing:
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

@per_sentence
def hear_calm(text: str, idioms: tuple[Match, ...]) -> Hearing | None:
    """Calm when the sentence says words of safety, or its only danger words lie inside audited idioms. The detail
    is the calm kind (calm.yaml; EXPLICITLY_SAFE for an explicit statement of safety), "mistaken" first, or
    "benign" for idioms alone."""
    # Words of safety inside an audited idiom are still said ("I've never once felt unsafe with him" is one).
    said = [match for match in find(load_patterns("calm"), text) if not (match.negated or match.benign)]
    if not said and not idioms:
        return None
    evidence = [match.evidence("calm") for match in said] + [match.evidence("no signal") for match in idioms]
    kinds = [match.kind for match in said]
    kind = "mistaken" if "mistaken" in kinds else kinds[0] if kinds else "benign"
    return reading("calm", kind, score("calm"), evidence)


def answers_no() -> tuple[str, ...]:
    """The self-check questions that words of safety, or a denial alone, answer no (calm.yaml, answers_no)."""
    return tuple(content.load("listening/calm")["answers_no"])


@cache
def _denials() -> PatternSet:
    """Danger denied in words no danger pattern holds (calm.yaml, denials), each kind written family/kind."""
    return patterns_of(content.load("listening/calm")["denials"], "listening/calm.yaml: denials")


def _lowered_evidence(family: str, match: Match) -> str:
    if "/" in match.kind:  # a denial of calm.yaml: the words deny danger of that family and kind
        return f'lowered, a denial: {match.evidence(family).replace(f"{family}/{match.kind}", match.kind)}'
    return match.evidence(family)
