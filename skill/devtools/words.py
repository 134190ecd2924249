"""The words of a typed utterance as the resolver compares them: lower case, punctuation dropped."""
from __future__ import annotations

import re

_WORD = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[^\W_]+(?:'[^\W_]+)*")


def words_of(text: str) -> list[str]:
    """The words of `text`: lower case, punctuation dropped except apostrophes inside words."""
    text = text.lower().replace("\u2019", "'")
    return [word.replace(",", "") if word[0].isdigit() else word for word in _WORD.findall(text)]


def normalise(text: str) -> str:
    return " ".join(words_of(text))
