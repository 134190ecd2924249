"""Alexa's catch-all for free speech: a phrase slot (AMAZON.SearchQuery) behind a carrier phrase ("he {words}",
"how do i {words}") takes the words said after the carrier, when no other intent's sample matched. Also writes down,
for the skill, which carriers each intent's samples may have stripped (skill/content/carriers.yaml).

What Alexa does, and so this does (DESIGN.md, "Hearing what people say"): the slot holds only the words the slot
stands for, not the carrier ("he hit me" fills words with "hit me"); a sample of the slot alone, or of the phrase
slot beside another slot, fails Alexa's build, so the model is refused here too.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from skill.devtools.partial_match import runs_past
from skill.devtools.resolution import SlotValue
from skill.devtools.slot_readers import SlotReference
from skill.handlers.carriers import danger_patterns, pattern_key
from skill.listener.prefilter import openings
from skill.listener.words import normalise

PHRASE_SLOT_TYPES = frozenset({"AMAZON.SearchQuery"})


def is_phrase_slot(slot: SlotReference) -> bool:
    return slot.type in PHRASE_SLOT_TYPES


@dataclass(frozen=True)
class CarrierSample:
    """A sample of a phrase slot: the carrier words before it and after it."""

    intent: str
    before: tuple[str, ...]
    slot: SlotReference
    after: tuple[str, ...]
    order: int

    @property
    def carrier_size(self) -> int:
        return len(self.before) + len(self.after)


def carrier_sample(intent: str, text: str, tokens: tuple, order: int) -> CarrierSample:
    """The carrier sample `text` (already split into `tokens`); ValueError where Alexa's build would fail."""
    slots = [index for index, token in enumerate(tokens) if isinstance(token, SlotReference)]
    if len(slots) != 1:
        raise ValueError(f"intent {intent}: sample {text!r}: a phrase slot must stand alone, with no other slot")
    if len(tokens) == 1:
        raise ValueError(f"intent {intent}: sample {text!r} has no carrier phrase (MissingCarrierPhraseWithPhraseSlot)")
    at = slots[0]
    return CarrierSample(intent, tuple(tokens[:at]), tokens[at], tuple(tokens[at + 1:]), order)


class CarrierPhrases:
    """Matches an utterance to the phrase-slot sample with the longest carrier that opens (and closes) it."""

    def __init__(self, samples: list[CarrierSample], ignorable: frozenset[str]):
        self.samples = samples
        self._ignorable = ignorable

    def match(self, words: list[str]) -> tuple[CarrierSample, SlotValue] | None:
        """The sample and its filled slot; filler words before the carrier ("um", "well, he ...") are passed over."""
        for start in range(len(words)):
            found = self._longest_at(words[start:])
            if found is not None:
                return found
            if words[start] not in self._ignorable:
                return None
        return None

    def _longest_at(self, words: list[str]) -> tuple[CarrierSample, SlotValue] | None:
        fitting = [sample for sample in self.samples
                   if sample.carrier_size < len(words)
                   and tuple(words[:len(sample.before)]) == sample.before
                   and tuple(words[len(words) - len(sample.after):]) == sample.after]
        if not fitting:
            return None
        # The most specific carrier wins, as a sample with more words does among the other intents.
        sample = min(fitting, key=lambda candidate: (-candidate.carrier_size, candidate.order))
        heard = words[len(sample.before):len(words) - len(sample.after)]
        return sample, SlotValue(sample.slot.name, sample.slot.type, " ".join(heard))


_SLOT = re.compile(r"\{(\w+)\}")


def stripped_carriers(model: dict) -> dict[str, list[list[str]]]:
    """Each phrase-slot intent's carriers, as [before, after] pairs in the samples' order, each pair once: the words
    Alexa may have kept out of the slot. The skill hears the slot's words again under each (skill/handlers/carriers.py)."""
    language = model["interactionModel"]["languageModel"]
    found: dict[str, list[list[str]]] = {}
    for intent in language["intents"]:
        phrase_slots = {slot["name"] for slot in intent.get("slots", []) if slot["type"] in PHRASE_SLOT_TYPES}
        for sample in intent.get("samples", []) if phrase_slots else ():
            parts = _SLOT.split(sample)
            if len(parts) == 3 and parts[1] in phrase_slots:
                pair = [parts[0].strip(), parts[2].strip()]
                if pair not in found.setdefault(intent["name"], []):
                    found[intent["name"]].append(pair)
    return found


def crossings(carriers: list[str]) -> dict:
    """For each word-start tail of each carrier (as the listener reads it: "i want", "want"), the danger patterns a
    match of which may start at the tail and run on into the words after it, by pattern_key(); and every pattern
    key this was worked out for, so that the skill knows which patterns are newer than the table. A tail no pattern
    crosses from is listed too, with none: the skill tries every pattern after a tail it does not find."""
    patterns = danger_patterns()
    tails = sorted({" ".join(said[start:]) for carrier in carriers
                    for said in [normalise(carrier).split()] for start in range(len(said))})
    first = [(pattern, openings(pattern.regex.pattern)) for pattern in patterns]  # macros expanded
    found = {tail: [pattern_key(pattern.source) for pattern, letters in first
                    if (letters is None or (tail + " ").startswith(letters)) and runs_past(pattern.regex, tail + " ")]
             for tail in tails}
    return {"patterns": sorted(pattern_key(pattern.source) for pattern in patterns), "tails": found}
