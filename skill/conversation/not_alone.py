"""Whether words say someone else is there now, or that the person cannot talk ("he's in the room", "I can't
talk"): the patterns of content/listening/not_alone.yaml, read with the listener's own pattern reader, so that a
negated match ("he's not home") is no signal. Pure: words in, a yes or no out."""
from __future__ import annotations

import re
from functools import cache

from skill import content
from skill.listener.patterns import find, load_patterns
from skill.listener.memory import normalised

FAMILY = "not_alone"


def not_alone(words: str | None) -> bool:
    """Whether `words` (what a request carried) say someone is there, or that the person cannot talk now."""
    if not words:
        return False
    text = normalised(words)
    return bool(_gate().search(text)) and any(match.live for match in find(load_patterns(FAMILY), text))


def prepare() -> None:
    """Read the words and patterns now, at start-up, not on the first sentence someone says."""
    _gate()
    load_patterns(FAMILY)


@cache
def _gate() -> re.Pattern:
    """Any of the words every pattern holds (not_alone.yaml `gate`): most sentences hold none, and stop here."""
    words = content.load(f"listening/{FAMILY}")["gate"]
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(word) for word in words) + r")(?![a-z])")
