"""What each section and exercise declares it is, read straight from the content files, for tests to check
navigation against: never the list the skill derives from them."""
from __future__ import annotations

from skill import content


def declared(kind: str) -> frozenset[str]:
    """Every section and exercise whose own `kind` is `kind`."""
    items = {**content.sections(), **content.exercises()}
    return frozenset(item_id for item_id, item in items.items() if item.get("kind") == kind)


def couple_work() -> frozenset[str]:
    """What must never be offered after words or answers of fear, harm or crisis (DESIGN.md, "Safety and policy")."""
    return declared("couple_work")
