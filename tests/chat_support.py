"""Talking to the skill in a test: a chat session in a locale, optionally mid-session with given attributes."""
from __future__ import annotations

from skill.devtools.chat import ChatSession, resolver_for
from skill.devtools.envelopes import SessionState


def chat(client, locale: str = "en-US", attributes: dict | None = None) -> ChatSession:
    """A chat console session on `client`; with `attributes`, one already under way that holds them."""
    session = ChatSession(client, resolver_for(locale), locale=locale)
    if attributes is not None:
        session.session = SessionState(new=False, attributes=attributes)
    return session


def attributes_of(turn) -> dict:
    """The session attributes a turn's response carries."""
    return (turn.response or {}).get("sessionAttributes") or {}
