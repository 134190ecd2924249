"""A fast test that a pattern cannot match: the short letter sequences any match must start with.

Most sentences match none of the few hundred safety patterns, so a pattern's regular expression runs only when
one of its possible openings is in the text; all patterns' openings are looked up together (Prefilter). Derived from
the pattern as written, with each {macro} replaced by STOP (an opening ends there, as it does at a space, where
a clause mark may stand), so the YAML never has to say it.
"""
from __future__ import annotations

import re

from skill.listener.memory import per_sentence

try:  # Python 3.11+
    from re import _constants as constants, _parser as parser
except ImportError:  # pragma: no cover - Python before 3.11
    import sre_constants as constants  # type: ignore[no-redef]
    import sre_parse as parser  # type: ignore[no-redef]

PREFIX = 3  # letters: enough to skip most patterns, few enough that alternatives stay a short list
STOP = "\x00"
_MATCH_START = re.compile(r"(?<![a-z0-9]).", re.DOTALL)  # where a pattern's match may start


def openings(pattern: str) -> tuple[str, ...] | None:
    """Every letter sequence a match may start with, or None when that cannot be told (then always try it)."""
    try:
        found = _starts(list(parser.parse(pattern)), "")
    except _Unknown:
        return None
    return tuple(sorted(found)) if found and all(found) else None


class _Unknown(Exception):
    pass


def _starts(items: list, prefix: str) -> set[str]:
    """The openings of a sequence of parsed items, each at most PREFIX letters, after `prefix`."""
    if len(prefix) >= PREFIX or not items:
        return {prefix} if prefix else set()
    op, value = items[0]
    rest = items[1:]
    if op is constants.LITERAL:
        if chr(value) in (STOP, " "):
            return _known(prefix)
        return _starts(rest, prefix + chr(value))
    if op in (constants.ASSERT_NOT, constants.ASSERT, constants.AT):
        return _starts(rest, prefix)
    if op is constants.SUBPATTERN:
        return _starts(list(value[-1]) + rest, prefix)
    if op is constants.BRANCH:
        return set().union(*(_starts(list(branch) + rest, prefix) for branch in value[1]))
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT):
        low, _, body = value
        if low == 0:
            return _starts(rest, prefix) | _starts(list(body) + rest, prefix) if prefix else _raise()
        return _starts(list(body) + rest, prefix)
    return _known(prefix)  # a character class or anything else: what is known so far must appear


def _known(prefix: str) -> set[str]:
    if prefix:
        return {prefix}
    raise _Unknown


def _raise() -> set[str]:
    # An optional part at the very start: its openings and those after it would both be needed; rare, so give up.
    raise _Unknown


class Prefilter:
    """Which of many patterns may match a text, found at once: every pattern's openings are indexed, and the text's
    own short letter sequences are looked up in that index (one set intersection), instead of a test per pattern;
    so are the runs of letters one of which each match must hold (factors()), by their first three letters."""

    def __init__(self, openings_of_each: list[tuple[str, ...] | None],
                 factors_of_each: list[tuple[str, ...] | None] | None = None) -> None:
        index: dict[str, set[int]] = {}
        for number, found in enumerate(openings_of_each):
            for opening in found or ():
                index.setdefault(opening, set()).add(number)
        self._index = {opening: frozenset(numbers) for opening, numbers in index.items()}
        # Kept as sets too: a set intersected with a dict walks the whole dict, with a set only the smaller side.
        self._openings = frozenset(self._index)
        self._always = frozenset(number for number, found in enumerate(openings_of_each) if found is None)
        factors_of_each = factors_of_each or [None] * len(openings_of_each)
        # A run shorter than a trigram ("he") is no test worth making: such a pattern is tried on its openings alone.
        untested = [found is None or min(map(len, found)) < PREFIX for found in factors_of_each]
        by_run: dict[str, set[int]] = {}
        for number, found in enumerate(factors_of_each):
            for run in () if untested[number] else found:
                by_run.setdefault(run, set()).add(number)
        by_start: dict[str, list[tuple[str, frozenset[int]]]] = {}
        for run, numbers in by_run.items():
            by_start.setdefault(run[:PREFIX], []).append((run, frozenset(numbers)))
        self._runs = {start: tuple(runs) for start, runs in by_start.items()}
        self._run_starts = frozenset(self._runs)
        self._untested = frozenset(number for number, flag in enumerate(untested) if flag)

    def candidates(self, text: str) -> list[int]:
        """The numbers of the patterns that may match `text`, in their order. Every pattern starts where no letter
        or digit stands before it (patterns.compile_pattern), so only the letters from such places are looked up."""
        found = set(self._always)
        for piece in _openings_in(text).intersection(self._openings):
            found |= self._index[piece]
        holding = set(self._untested)
        for start in trigrams_in(text).intersection(self._run_starts):
            for run, numbers in self._runs[start]:
                if run in text:
                    holding |= numbers
        return sorted(found & holding)


@per_sentence
def _openings_in(text: str) -> frozenset[str]:
    """The letters, up to PREFIX, from every place in `text` a match may start."""
    starts = [found.start() for found in _MATCH_START.finditer(text)]
    return frozenset(text[start:start + size] for size in range(1, PREFIX + 1) for start in starts)


@per_sentence
def trigrams_in(text: str) -> frozenset[str]:
    """Every PREFIX letters of `text`, wherever they stand."""
    return frozenset(text[start:start + PREFIX] for start in range(len(text) - PREFIX + 1))


# --- Letters any match must hold -----------------------------------------------------------------------------------
# An opening says how a match starts, and most patterns open with a pronoun or a macro of people ("he", "my", "i"),
# which nearly every sentence has. What a match must hold further in ("kill", "die", "heart") picks far fewer
# patterns. Read from the pattern as written, a {macro} as STOP: a run of letters within one word, outside any macro
# and any optional part, is in every match (a space may become " , " in the text, so a run ends at a space), and a
# part that may match one of a few such runs requires one of them. The longest such runs are kept.

FACTOR_LIMIT = 24  # runs one part of a pattern may stand for and still be a useful test
FACTOR_GOOD = 5  # letters: longer runs are no better a test, fewer of them is


def factors(pattern: str) -> tuple[str, ...] | None:
    """Runs of letters one of which any match of `pattern` (as written, each macro replaced by STOP) holds, or
    None when none can be told (then always try it): of all such sets (required_sets), the longest shortest run,
    then the fewest runs."""
    return strongest(required_sets(pattern))


def strongest(sets: tuple[tuple[str, ...], ...]) -> tuple[str, ...] | None:
    """The best test of `sets` (strength()), or None when there is none."""
    return max(sets, key=strength) if sets else None


def required_sets(pattern: str) -> tuple[tuple[str, ...], ...]:
    """Every set of runs of letters, one run of which each match of `pattern` (written as for factors()) holds."""
    try:
        parsed = parser.parse(pattern)
        if parsed.state.flags & (constants.SRE_FLAG_IGNORECASE | constants.SRE_FLAG_VERBOSE):
            return ()
        return tuple(dict.fromkeys(tuple(sorted(found)) for found in _required(list(parsed))))
    except (_Unknown, RecursionError):
        return ()


def _required(items: list) -> list[frozenset[str]]:
    """Sets of runs one of which a match of the sequence `items` holds."""
    found: list[frozenset[str]] = []
    run: set[str] = {""}  # what the stretch of finite items read so far may have matched

    def keep(candidate) -> None:
        if candidate and "" not in candidate and len(candidate) <= FACTOR_LIMIT:
            found.append(frozenset(candidate))

    for op, value in items:
        finite = _language(op, value)
        if finite is not None and "" not in finite or finite == {""}:
            joined = {before + after for before in run for after in finite}
            if len(joined) <= FACTOR_LIMIT:
                run = joined
                continue
        keep(run)  # an optional part or one of many strings ends the stretch
        keep(_inner(op, value))
        run = {""} if finite is None or "" in finite else set(finite)
    keep(run)
    return found


def _best(items: list) -> frozenset[str] | None:
    found = _required(items)
    return max(found, key=strength) if found else None


def strength(candidate) -> tuple[int, int]:
    """How good a test a set of runs is: the longer its shortest run, then the fewer runs, the better."""
    return min(min(map(len, candidate)), FACTOR_GOOD), -len(candidate)


def _inner(op, value) -> frozenset[str] | None:
    """What an item that is not one of a few runs requires of a match, looked for inside it."""
    if op is constants.SUBPATTERN:
        if value[1] or value[2]:  # flags (ignore case, ...) change what a letter means
            raise _Unknown
        return _best(list(value[-1]))
    if op is constants.BRANCH:
        branches = [_best(list(branch)) for branch in value[1]]
        return None if any(found is None for found in branches) else frozenset().union(*branches)
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT, constants.POSSESSIVE_REPEAT) and value[0] >= 1:
        return _best(list(value[2]))
    if op is constants.ATOMIC_GROUP:
        return _best(list(value))
    if op in (constants.GROUPREF, constants.GROUPREF_EXISTS):
        raise _Unknown
    return None


def _language(op, value) -> set[str] | None:
    """Every string an item can match when it is a few runs of letters ("" for an assertion, which matches none);
    None otherwise: a space (it may be " , " in the text), a macro, a class of many letters, a long repeat."""
    if op is constants.LITERAL:
        return None if chr(value) in (STOP, " ") else {chr(value)}
    if op in (constants.ASSERT, constants.ASSERT_NOT, constants.AT):
        return {""}
    if op is constants.IN:
        letters = [chr(item) for kind, item in value if kind is constants.LITERAL]
        return set(letters) if len(letters) == len(value) and not set(letters) & {STOP, " "} else None
    if op is constants.SUBPATTERN:
        if value[1] or value[2]:
            raise _Unknown
        return _sequence_language(list(value[-1]))
    if op is constants.BRANCH:
        found: set[str] = set()
        for branch in value[1]:
            language = _sequence_language(list(branch))
            if language is None:
                return None
            found |= language
        return found if len(found) <= FACTOR_LIMIT else None
    if op in (constants.MAX_REPEAT, constants.MIN_REPEAT, constants.POSSESSIVE_REPEAT):
        low, high, body = value
        language = _sequence_language(list(body))
        if language is None or high > 2:
            return None
        found, power = set(), {""}
        for count in range(high + 1):
            if count >= low:
                found |= power
            power = {before + after for before in power for after in language}
        return found if len(found) <= FACTOR_LIMIT else None
    if op in (constants.GROUPREF, constants.GROUPREF_EXISTS):
        raise _Unknown
    return None


def _sequence_language(items: list) -> set[str] | None:
    found = {""}
    for op, value in items:
        language = _language(op, value)
        if language is None:
            return None
        found = {before + after for before in found for after in language}
        if len(found) > FACTOR_LIMIT:
            return None
    return found
