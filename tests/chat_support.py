"""Reading what a chat turn carries back (the `chat` fixture of conftest.py starts the sessions)."""
from __future__ import annotations


def attributes_of(turn) -> dict:
    """The session attributes a turn's response carries."""
    return (turn.response or {}).get("sessionAttributes") or {}
