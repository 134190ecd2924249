"""Example sentences made from the listening patterns themselves, for the listener's property tests.

A pattern of harm.yaml or crisis.yaml is a regular expression; walking its parsed form gives sentences it matches
(the first, the last and a middle alternative at every choice), so every pattern is tested without a hand-written
example beside it. The person who acts ({agent}) and the person spoken of ({object}) are left as markers, to be
filled with every gender and relation the macros hold.
"""
from __future__ import annotations

import re
from functools import cache

from skill.listener.patterns import _macros, compile_pattern, load_patterns
from skill.listener.words import normalise

try:  # Python 3.11+
    from re import _constants as constants, _parser as parser
except ImportError:  # pragma: no cover - Python before 3.11
    import sre_constants as constants  # type: ignore[no-redef]
    import sre_parse as parser  # type: ignore[no-redef]

AGENT, OBJECT = "qagentq", "qobjectq"  # markers no pattern or sentence holds
FILLER = "things"  # a word where a pattern takes any word
PICKS = ("first", "last")  # which alternative each example takes at every choice


def _pick(options: list, how: str):
    return options[{"first": 0, "middle": len(options) // 2, "last": -1}[how]]


def _sample(items, how: str) -> str:
    out = []
    for op, value in items:
        if op is constants.LITERAL:
            out.append(chr(value))
        elif op is constants.NOT_LITERAL or op is constants.ANY:
            out.append("x")
        elif op is constants.IN:
            out.append(_one_of(value))
        elif op is constants.BRANCH:
            out.append(_sample(_pick(value[1], how), how))
        elif op is constants.SUBPATTERN:
            out.append(_sample(value[-1], how))
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
            low, _, body = value
            word = list(body) == [(constants.IN, [(constants.CATEGORY, constants.CATEGORY_WORD)])]
            out.append(FILLER if word and low else _sample(body, how) * low)
        # lookarounds and anchors add no words
    return "".join(out)


def _one_of(choices) -> str:
    if choices and choices[0][0] is constants.NEGATE:
        return "x"
    op, value = choices[0]
    if op is constants.LITERAL:
        return chr(value)
    if op is constants.RANGE:
        return chr(value[0])
    return {constants.CATEGORY_DIGIT: "1", constants.CATEGORY_SPACE: " "}.get(value, "x")


def examples_of(pattern) -> list[str]:
    """Sentences `pattern` matches, with the agent and object left as markers."""
    marked = pattern.source.replace("{agent}", AGENT).replace("{object}", OBJECT)
    regex = pattern.regex if marked == pattern.source else compile_pattern(marked)
    parsed = parser.parse(regex.pattern).data
    made = []
    for how in PICKS:
        text = " ".join(_sample(parsed, how).split())
        if text and text not in made and regex.search(text):
            made.append(text)
    return made


def _every(items) -> set[str]:
    """Every string a finite expression (literals, alternatives, optional parts) matches."""
    found = {""}
    for op, value in items:
        if op is constants.LITERAL:
            found = {text + chr(value) for text in found}
        elif op is constants.BRANCH:
            found = {text + tail for text in found for branch in value[1] for tail in _every(branch)}
        elif op is constants.SUBPATTERN:
            found = {text + tail for text in found for tail in _every(value[-1])}
        elif op is constants.MAX_REPEAT and value[1] == 1:
            found = found | {text + tail for text in found for tail in _every(value[2])}
        elif op in (constants.ASSERT, constants.ASSERT_NOT, constants.AT):
            continue
        else:
            raise ValueError(f"not a finite expression: {op}")
    return found


@cache
def partners() -> tuple[str, ...]:
    """Every spelling of {partner_noun}: every gender and relation, current or former."""
    return tuple(sorted(" ".join(text.split()) for text in _every(parser.parse(_macros()["partner_noun"]).data)))


@cache
def agents() -> tuple[str, ...]:
    """Everyone {agent} names, as a sentence says them."""
    return ("he", "she", "they") + tuple(f"{owner} {partner}" for partner in partners() for owner in ("my", "our"))


@cache
def objects() -> tuple[str, ...]:
    return ("him", "her", "them") + tuple(f"my {partner}" for partner in partners())


@cache
def danger_examples() -> tuple[tuple[str, object, str], ...]:
    """(family, pattern, example with markers) for every crisis and harm pattern."""
    return tuple((family, pattern, example) for family in ("crisis", "harm") for pattern in load_patterns(family)
                 for example in examples_of(pattern))


def filled(example: str, agent: str = "he", whom: str = "him") -> str:
    return example.replace(AGENT, agent).replace(OBJECT, whom)


def matches_itself(pattern, sentence: str) -> bool:
    """The pattern still finds its words once the sentence is spelled as the listener reads it."""
    return re.search(pattern.regex, normalise(sentence)) is not None
