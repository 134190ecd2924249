"""A fast test that a pattern cannot match: the short letter sequences any match must start with.

Most sentences match none of the few hundred safety patterns, so a pattern's regular expression runs only when
one of its possible openings is in the text; all patterns' openings are looked up together (Prefilter). Derived from
the pattern as written, with each {macro} replaced by STOP (an opening ends there, as it does at a space, where
a clause mark may stand), so the YAML never has to say it.
"""
from __future__ import annotations


try:  # Python 3.11+
    from re import _constants as constants, _parser as parser
except ImportError:  # pragma: no cover - Python before 3.11
    import sre_constants as constants  # type: ignore[no-redef]
    import sre_parse as parser  # type: ignore[no-redef]

PREFIX = 3  # letters: enough to skip most patterns, few enough that alternatives stay a short list
STOP = "\x00"


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
    own short letter sequences are looked up in that index (one set intersection), instead of a test per pattern."""

    def __init__(self, openings_of_each: list[tuple[str, ...] | None]) -> None:
        index: dict[str, set[int]] = {}
        for number, found in enumerate(openings_of_each):
            for opening in found or ():
                index.setdefault(opening, set()).add(number)
        self._index = {opening: frozenset(numbers) for opening, numbers in index.items()}
        self._always = frozenset(number for number, found in enumerate(openings_of_each) if found is None)
        self._sizes = tuple(sorted({len(opening) for opening in index}))

    def candidates(self, text: str) -> list[int]:
        """The numbers of the patterns that may match `text`, in their order."""
        pieces = {text[start:start + size] for size in self._sizes for start in range(len(text) - size + 1)}
        found = set(self._always)
        for piece in pieces.intersection(self._index):
            found |= self._index[piece]
        return sorted(found)


