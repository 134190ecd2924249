"""What the listener keeps of the sentences of one turn: every reader of a sentence asks for its words, spans,
danger and scores, and a turn may hear it twice (once for an answer, once for danger) or under several carriers,
so each is worked out once. forget() drops them all: the skill calls it when a turn ends, so no words are kept."""
from __future__ import annotations

from functools import lru_cache

from skill.listener.words import normalise

SENTENCES = 256  # more than one turn hears: its words, and the words again under each carrier that may cross
_KEPT: list = []


def per_sentence(function):
    """`function` (pure, of a sentence) worked out once per sentence until forget()."""
    kept = lru_cache(maxsize=SENTENCES)(function)
    _KEPT.append(kept)
    return kept


def kept_functions() -> tuple:
    """Every function whose results are kept per sentence (for tests: keeping them is no build)."""
    return tuple(_KEPT)


def forget() -> None:
    """Drop everything kept of the sentences heard."""
    for kept in _KEPT:
        kept.cache_clear()


normalised = per_sentence(normalise)  # words.normalise(), once per sentence (words.py stays as the model reads it)
