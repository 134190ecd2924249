"""The features the topic model reads from a sentence: its words, word pairs and word pieces, each group weighted.

Training (skill/devtools/listener_model.py) and listening use this one function, so the weights they share mean
the same thing. Word pieces (3 to 5 letters) let "cheating", "cheated" and "cheater" share evidence.
"""
from __future__ import annotations

import math

from skill.listener.words import words

PIECE_SIZES = (3, 4, 5)


def features(normalised: str) -> dict[str, float]:
    """{feature: value}; each group (words, pairs, pieces) has unit length, so long sentences do not dominate."""
    tokens = words(normalised)
    groups = (
        {f"w:{token}" for token in tokens},
        {f"p:{first}_{second}" for first, second in zip(tokens, tokens[1:])},
        {f"c:{piece}" for token in tokens for piece in _pieces(f" {token} ")},
    )
    found: dict[str, float] = {}
    for group in groups:
        if group:
            value = 1.0 / math.sqrt(len(group))
            found.update(dict.fromkeys(group, value))
    return found


def _pieces(padded: str):
    for size in PIECE_SIZES:
        for start in range(len(padded) - size + 1):
            yield padded[start:start + size]
