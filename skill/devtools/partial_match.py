"""Whether a regular expression may match a text and go on past its end: a partial match, which Python's re does not
offer. Used to work out, once, which danger patterns can start inside a carrier phrase and run on into the words
Alexa hands over (skill/devtools/carrier_phrases.py); the skill reads the result, so it never parses a pattern."""
from __future__ import annotations

import re
from functools import cache

try:  # Python 3.11+
    from re import _constants as constants, _parser as parser
except ImportError:  # pragma: no cover - Python before 3.11
    import sre_constants as constants  # type: ignore[no-redef]
    import sre_parse as parser  # type: ignore[no-redef]

_DEPTH = 400  # steps of the walk before it gives up and says yes


def runs_past(regex: re.Pattern, text: str) -> bool:
    """True when a match of `regex` starting at `text`'s first character may take all of `text` and go on. What
    the walk does not read (a character class, a group reference, a deep nest) is taken to match: it errs towards
    yes, so a pattern is tried too often rather than left out."""
    return _runs_through(_parsed(regex), text, 0, 0)


@cache
def _parsed(regex: re.Pattern) -> list:
    return list(parser.parse(regex.pattern))


def _runs_through(items: list, text: str, at: int, depth: int) -> bool:
    if at == len(text):
        return True
    if not items:
        return False  # the match ends inside the text
    if depth > _DEPTH:
        return True
    op, value = items[0]
    rest = items[1:]
    if op is constants.LITERAL:
        return text[at] == chr(value) and _runs_through(rest, text, at + 1, depth + 1)
    if op is constants.NOT_LITERAL:
        return text[at] != chr(value) and _runs_through(rest, text, at + 1, depth + 1)
    if op in (constants.IN, constants.ANY):
        return _runs_through(rest, text, at + 1, depth + 1)
    if op in (constants.ASSERT, constants.ASSERT_NOT, constants.AT):
        return _runs_through(rest, text, at, depth + 1)
    if op is constants.SUBPATTERN:
        return _runs_through(list(value[-1]) + rest, text, at, depth + 1)
    if op is constants.BRANCH:
        return any(_runs_through(list(branch) + rest, text, at, depth + 1) for branch in value[1])
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
        low, high, body = value
        if high == 0:
            return _runs_through(rest, text, at, depth + 1)
        fewer = [(op, (max(low - 1, 0), high if high == constants.MAXREPEAT else high - 1, body))] if high != 1 else []
        once_more = _runs_through(list(body) + fewer + rest, text, at, depth + 1)
        return once_more or (low == 0 and _runs_through(rest, text, at, depth + 1))
    return True
