"""Drops session attributes the skill could never have written: too large or too deeply nested.

ask-sdk sends incoming session attributes back unchanged, so with verification off or through a Lambda test event
they may be anything. Oversized ones would make every answer too large for Alexa, the apology and the safety and
crisis answers included; deeply nested ones make ask-sdk's serializer recurse until it fails. The skill's own
attributes are flat and, like the whole response they travel in, well under Alexa's 24 KB: dropping anything larger
starts the conversation afresh, which is the best the skill can do with them.
"""

from __future__ import annotations

import json
import logging
from typing import Any

logger = logging.getLogger(__name__)

# The skill's own attributes are ids and small values (what it said last is kept as ids, not speech), far under
# 12 KB inside a response of under 24 KB; the skill nests them four levels at most.
MAX_ATTRIBUTES_BYTES = 12 * 1024
MAX_ATTRIBUTES_DEPTH = 8


def without_oversized_attributes(envelope: dict[str, Any], text: str | None = None) -> dict[str, Any]:
    """`envelope` itself when its session attributes are within bounds; otherwise a copy without them.

    Measured as the answer will carry them: JSON with every character beyond ASCII escaped, as ask-sdk and Flask
    write it, where one emoji of 4 bytes in the request takes 12 in the answer. `text`, the envelope's JSON when at
    hand, spares measuring attributes that cannot be too large: an ASCII body no longer than the bound.
    """
    session = envelope.get("session")
    attributes = session.get("attributes") if isinstance(session, dict) else None
    if not attributes:
        return envelope
    may_be_too_large = text is None or len(text) > MAX_ATTRIBUTES_BYTES or not text.isascii()
    problem = _problem(attributes, may_be_too_large=may_be_too_large)
    if problem is None:
        return envelope
    logger.warning("session attributes dropped: %s", problem)
    return without_attributes(envelope)


def without_attributes(envelope: dict[str, Any]) -> dict[str, Any]:
    """A copy of `envelope` whose session starts afresh: no attributes."""
    return {**envelope, "session": {**envelope["session"], "attributes": {}}}


def has_attributes(envelope: dict[str, Any]) -> bool:
    session = envelope.get("session")
    return isinstance(session, dict) and bool(session.get("attributes"))


def _problem(attributes: Any, *, may_be_too_large: bool) -> str | None:
    if _deeper_than(attributes, MAX_ATTRIBUTES_DEPTH):
        return f"nested deeper than {MAX_ATTRIBUTES_DEPTH} levels"
    if not may_be_too_large:
        return None
    size = len(json.dumps(attributes, separators=(",", ":"), ensure_ascii=True))
    if size > MAX_ATTRIBUTES_BYTES:
        return f"{size} bytes, over {MAX_ATTRIBUTES_BYTES}"
    return None


def _deeper_than(value: Any, limit: int) -> bool:
    # Without recursion: the value may be nested deeper than Python's recursion limit.
    level = [value]
    for _ in range(limit + 1):
        level = [child for item in level
                 for child in (item.values() if isinstance(item, dict) else item if isinstance(item, list) else ())]
        if not level:
            return False
    return True
