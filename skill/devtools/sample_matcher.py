"""Matches an utterance's words against the model's samples: whole, with filler words skipped, or in part."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from skill.devtools.resolution import SlotValue
from skill.devtools.slot_readers import SlotReader, SlotReference
from skill.devtools.words import words_of

_SLOT_REFERENCE = re.compile(r"\{(\w+)\}")

Token = str | SlotReference  # a literal word, or a slot


@dataclass(frozen=True)
class Sample:
    intent: str
    text: str
    tokens: tuple[Token, ...]
    from_model: bool  # False for the built-in phrases Alexa knows
    order: int

    @property
    def literal_count(self) -> int:
        return sum(isinstance(token, str) for token in self.tokens)


@dataclass
class Candidate:
    intent: str
    slots: dict[str, SlotValue]
    coverage: float


def sample_tokens(intent: str, text: str, slots: Iterable[SlotReference]) -> tuple[Token, ...]:
    """The words and slots of sample `text`; ValueError when it names a slot the intent does not have."""
    by_name = {slot.name: slot for slot in slots}
    tokens: list[Token] = []
    for index, part in enumerate(_SLOT_REFERENCE.split(text)):
        if index % 2 == 0:
            tokens.extend(words_of(part))
        elif part in by_name:
            tokens.append(by_name[part])
        else:
            raise ValueError(f"intent {intent}: sample {text!r} names slot {part}, which the intent does not have")
    return tuple(tokens)


class SampleMatcher:
    """The three ways an utterance can match samples, from surest to loosest (see skill/devtools/resolver.py)."""

    def __init__(self, samples: list[Sample], slots_of: dict[str, tuple[SlotReference, ...]], reader: SlotReader,
                 ignorable: frozenset[str], prevailing: tuple[str, ...], catch_all_types: frozenset[str] = frozenset()):
        self.samples = samples
        # The words a sample cannot match without, so most samples are passed over without a walk.
        self._needed = {sample: frozenset(token for token in sample.tokens
                                                if isinstance(token, str) and token not in ignorable)
                        for sample in samples}
        self._slots_of = slots_of
        self._reader = reader
        self._ignorable = ignorable
        self._prevailing = prevailing
        # A catch-all type's values are whole sentences that only show Alexa the range: never a part of what was said.
        self._catch_all_types = catch_all_types

    def exact(self, words: list[str]) -> tuple[Sample, dict[str, SlotValue]] | None:
        """The most specific sample that matches all of `words`, the model's own before the phrases Alexa knows."""
        said = set(words)
        exact = [(sample, slots) for sample in self.samples
                 if self._needed[sample] <= said and not self._only_free_text(sample)
                 for slots in self.full_matches(sample.tokens, words, relaxed=False)]
        if not exact:
            return None
        return min(exact, key=lambda found: (-found[0].literal_count, not found[0].from_model, found[0].order))

    def relaxed(self, words: list[str]) -> Candidate | None:
        """A sample that matches once words carrying no intent are skipped on both sides, if all name one intent."""
        said = set(words)
        return self._unambiguous([Candidate(sample.intent, slots, 1.0) for sample in self.samples
                                  if self._needed[sample] <= said
                                  for slots in self.full_matches(sample.tokens, words, relaxed=True)])

    def partial(self, words: list[str], meaningful: int) -> Candidate | None:
        """A sample inside the utterance, the utterance inside a sample, or a slot value anywhere, if one intent."""
        return self._unambiguous(self._partial_candidates(words, meaningful))

    def full_matches(self, tokens, words, *, relaxed: bool) -> Iterator[dict[str, SlotValue]]:
        """The first way `tokens` match all of `words`, if any (slots take the longest value that fits)."""
        for _end, slots in self._walk(tokens, words, 0, 0, {}, relaxed=relaxed, to_end=True, dead=set()):
            yield slots
            return

    def _walk(self, tokens, words, ti, wi, filled, *, relaxed, to_end, dead) -> Iterator[tuple[int, dict]]:
        """Ways the tokens from `ti` on match words from `wi` on, as (end of match, slots filled)."""
        if (ti, wi) in dead:
            return
        found = False
        if ti == len(tokens):
            end = wi
            while relaxed and end < len(words) and words[end] in self._ignorable:
                end += 1
            if not to_end or end == len(words):
                found = True
                yield end, filled
        else:
            token = tokens[ti]
            steps: list[tuple[int, int, dict]] = []
            if isinstance(token, str):
                if wi < len(words) and words[wi] == token:
                    steps.append((ti + 1, wi + 1, filled))
                if relaxed and token in self._ignorable:
                    steps.append((ti + 1, wi, filled))
            else:
                for end, value in self._reader.values(token, words, wi, free_text=not relaxed):
                    steps.append((ti + 1, end, {**filled, token.name: value}))
            if relaxed and wi < len(words) and words[wi] in self._ignorable:
                steps.append((ti, wi + 1, filled))
            for next_ti, next_wi, next_filled in steps:
                for result in self._walk(tokens, words, next_ti, next_wi, next_filled,
                                         relaxed=relaxed, to_end=to_end, dead=dead):
                    found = True
                    yield result
        if not found:
            # Whether the rest can match does not depend on the slots filled so far.
            dead.add((ti, wi))

    def _only_free_text(self, sample: Sample) -> bool:
        """A sample of nothing but free-text slots ("{Name}") would take any utterance at all."""
        return sample.literal_count == 0 and any(self._reader.takes_any_words(token) for token in sample.tokens)

    def _partial_candidates(self, words: list[str], meaningful: int) -> list[Candidate]:
        candidates = []
        said = set(words) - self._ignorable
        for sample in self.samples:
            if not any(isinstance(token, SlotReference) or token in said for token in sample.tokens):
                continue  # shares no meaningful word with what was said: cannot be part of it, nor it of this
            candidates.extend(self._sample_inside(sample, words, meaningful))
            candidates.extend(self._utterance_inside(sample, words))
        candidates.extend(self._values_anywhere(words, meaningful))
        return candidates

    def _sample_inside(self, sample: Sample, words: list[str], meaningful: int) -> Iterator[Candidate]:
        """The sample said inside a longer utterance, covering at least half of its meaningful words."""
        for start in range(len(words)):
            if words[start] in self._ignorable:
                continue
            for end, slots in self._walk(sample.tokens, words, 0, start, {}, relaxed=True, to_end=False, dead=set()):
                covered = sum(word not in self._ignorable for word in words[start:end])
                if covered and 2 * covered >= meaningful:
                    yield Candidate(sample.intent, slots, covered / meaningful)
                break

    def _utterance_inside(self, sample: Sample, words: list[str]) -> Iterator[Candidate]:
        """The utterance is part of a sample: at least half of its meaningful words and slots, and two of them
        or a slot, since one word alone ("what", "check") is too often part of samples it does not mean."""
        weights = [0 if isinstance(token, str) and token in self._ignorable else 1 for token in sample.tokens]
        total = sum(weights)
        size = len(sample.tokens)
        for start in range(size):
            for end in range(size, start, -1):
                weight = sum(weights[start:end])
                has_slot = any(isinstance(token, SlotReference) for token in sample.tokens[start:end])
                if (start, end) == (0, size) or 2 * weight < total or (weight < 2 and not has_slot):
                    continue
                for slots in self.full_matches(sample.tokens[start:end], words, relaxed=True):
                    yield Candidate(sample.intent, slots, weight / total)
                    return

    def _values_anywhere(self, words: list[str], meaningful: int) -> Iterator[Candidate]:
        """Custom slot values said anywhere, covering half of what was said, for an intent whose slots take them."""
        found: dict[str, list] = {}
        start = 0
        while start < len(words):
            step = 1
            for type_name, custom in self._reader.custom_types.items():
                if type_name in self._catch_all_types:
                    continue
                for end, resolved, heard in custom.values_at(words, start):
                    found.setdefault(type_name, []).append((resolved, heard, end - start))
                    step = max(step, end - start)
                    break
            start += step
        for intent, slots in self._slots_of.items():
            filled = {}
            covered = 0
            for slot in slots:
                if found.get(slot.type) and slot.name not in filled:
                    resolved, heard, length = found[slot.type][0]
                    filled[slot.name] = SlotValue(slot.name, slot.type, heard, resolved)
                    covered += length
            if filled and 2 * covered >= meaningful:
                yield Candidate(intent, filled, covered / meaningful)

    def _unambiguous(self, candidates: list[Candidate]) -> Candidate | None:
        """The best candidate, when every candidate names the same intent or one of them prevails."""
        intents = {candidate.intent for candidate in candidates}
        if len(intents) > 1:
            prevailing = next((intent for intent in self._prevailing if intent in intents), None)
            candidates = [candidate for candidate in candidates if candidate.intent == prevailing]
        if not candidates:
            return None
        return max(candidates, key=lambda candidate: candidate.coverage)
