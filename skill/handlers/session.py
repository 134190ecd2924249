"""What every handler reads of a turn: its locale, its request and slots, the session's attributes; and a spoken
phrase in the request's locale."""
from __future__ import annotations

from skill.conversation.turn import Turn
from skill.voice.speech import Speech
from skill.voice.wording import phrase


def locale_of(turn: Turn) -> str:
    """The request's own locale ("" without one). Wording picks its spelling from it, and the safety resources
    their country, each with its own fallback: an unknown locale must not borrow another country's numbers."""
    return turn.locale


def speak(turn: Turn, *keys: str, concern: str | None = None, **values: str) -> Speech:
    """Speech made of the prompts `keys` (their variants for `concern`), in the request's locale."""
    return Speech().say(*(phrase(key, turn.locale, concern=concern, **values) for key in keys))


def session_of(turn: Turn) -> dict:
    """This session's attributes, writable; an empty dict for requests outside a session."""
    return turn.session


def request_key(turn: Turn) -> str:
    """What a feature's table is keyed by: the intent's name for an intent, else the request's type."""
    return turn.request


def intent_in(turn: Turn, *names: str) -> bool:
    """Whether the request is an intent named one of `names`."""
    return turn.is_intent and turn.request in names


def slot_id(turn: Turn, name: str) -> str | None:
    """The id a custom slot's value resolved to (entity resolution), or None when it did not resolve."""
    return turn.slots.get(name)


def slot_heard(turn: Turn, name: str) -> str | None:
    """What was said for slot `name`; None when the slot was not filled."""
    return turn.slot_words.get(name) or None
