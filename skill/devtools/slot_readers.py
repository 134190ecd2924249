"""Slot values read from an utterance's words: the model's custom slot types, numbers, durations and free text."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from skill.devtools.resolution import ResolvedValue, SlotValue
from skill.devtools.words import words_of
from skill.voice.spoken_numbers import DurationWords, NumberWords

BUILTIN_PREFIX = "AMAZON."
NUMBER_TYPE = "AMAZON.NUMBER"
DURATION_TYPE = "AMAZON.DURATION"
# Longest phrase a built-in slot value is looked for in ("two hours and a half minutes" is 6 words).
MAX_BUILTIN_SLOT_WORDS = 8


@dataclass(frozen=True)
class SlotReference:
    """A slot as a sample names it: `{Topic}` in "tell me about {Topic}"."""

    name: str
    type: str


class CustomType:
    """A slot type of the model: each value's name and synonyms, as word sequences."""

    def __init__(self, name: str, phrases: dict[tuple[str, ...], ResolvedValue]):
        self.name = name
        self.phrases = phrases
        self.longest = max((len(phrase) for phrase in phrases), default=0)

    @classmethod
    def from_model(cls, kind: dict) -> "CustomType":
        phrases: dict[tuple[str, ...], ResolvedValue] = {}
        for entry in kind.get("values", []):
            names = entry["name"]
            resolved = ResolvedValue(names["value"], entry.get("id") or names["value"])
            for phrase in [names["value"], *names.get("synonyms", [])]:
                # When two values share a synonym the first keeps it, as the model lists them.
                phrases.setdefault(tuple(words_of(phrase)), resolved)
        phrases.pop((), None)
        return cls(kind["name"], phrases)

    def values_at(self, words: list[str], start: int) -> Iterator[tuple[int, ResolvedValue, str]]:
        """(end, value, words heard) for each value that begins at `start`, longest first."""
        for end in range(min(len(words), start + self.longest), start, -1):
            resolved = self.phrases.get(tuple(words[start:end]))
            if resolved is not None:
                yield end, resolved, " ".join(words[start:end])


class SlotReader:
    """Reads a slot's value from words: custom types by their values and synonyms, built-in types by what they mean."""

    def __init__(self, custom_types: dict[str, CustomType], numbers: NumberWords, durations: DurationWords):
        self.custom_types = custom_types
        self._numbers = numbers
        self._durations = durations

    @classmethod
    def from_model(cls, language: dict, known: dict) -> "SlotReader":
        """The reader of a language model's slot types, with the number and duration words Alexa knows (`known`)."""
        numbers = NumberWords(known["numbers"])
        return cls({kind["name"]: CustomType.from_model(kind) for kind in language.get("types", [])},
                   numbers, DurationWords(known["duration"], numbers))

    def knows(self, slot_type: str) -> bool:
        return slot_type in self.custom_types or slot_type.startswith(BUILTIN_PREFIX)

    def takes_any_words(self, slot: SlotReference) -> bool:
        """A slot whose value may be any words at all (names, free phrases), unlike a value list or a number."""
        return slot.type not in self.custom_types and slot.type not in (NUMBER_TYPE, DURATION_TYPE)

    def values(self, slot: SlotReference, words: list[str], start: int, *,
               free_text: bool) -> Iterator[tuple[int, SlotValue]]:
        """Values of `slot` that begin at `start`, longest first, as (end, value)."""
        custom = self.custom_types.get(slot.type)
        if custom is not None:
            for end, resolved, heard in custom.values_at(words, start):
                yield end, SlotValue(slot.name, slot.type, heard, resolved)
            return
        longest = min(len(words), start + MAX_BUILTIN_SLOT_WORDS)
        for end in range(longest, start, -1):
            phrase = words[start:end]
            if slot.type == NUMBER_TYPE:
                number = self._numbers.parse(phrase)
                value = None if number is None else str(number)
            elif slot.type == DURATION_TYPE:
                value = self._durations.parse(phrase)
            else:
                # Other built-in types (names, cities, free phrases) take what was said, but only where a whole
                # sample matches exactly: as free text they could swallow any utterance.
                value = " ".join(phrase) if free_text else None
            if value is not None:
                yield end, SlotValue(slot.name, slot.type, value)
