"""Resolves a typed utterance to an intent and slots as Alexa would, from the interaction model's own data.

Used by the chat console, the conversation tests and the manifest's example phrases. What Alexa knows without
being told (built-in intent phrases, number words, duration words) is data in skill/content/builtin_phrases.yaml;
number and duration slots are read from words by skill/voice/spoken_numbers.py.

Order of trust, because a wrong intent is worse than a fallback:
1. exact: the whole utterance matches a sample (the most specific sample wins a tie);
2. relaxed: it matches once words that carry no intent ("please", "um", "the") are skipped on both sides;
3. partial: a sample inside the utterance, the utterance inside a sample, or a custom slot value anywhere,
   each covering at least half of what was said, and only when all such candidates name one intent;
otherwise AMAZON.FallbackIntent.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Iterator

from skill import content
from skill.content import locale_registry
from skill.voice.spoken_numbers import DurationWords, NumberWords

MODEL_DIR = Path(__file__).resolve().parents[2] / "interaction_model"
FALLBACK_INTENT = "AMAZON.FallbackIntent"
LAUNCH_REQUEST = "LaunchRequest"
BUILTIN_PREFIX = "AMAZON."
NUMBER_TYPE = "AMAZON.NUMBER"
DURATION_TYPE = "AMAZON.DURATION"
# Longest phrase a built-in slot value is looked for in ("two hours and a half minutes" is 6 words).
MAX_BUILTIN_SLOT_WORDS = 8

_WORD = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|[^\W_]+(?:'[^\W_]+)*")
_SLOT_REFERENCE = re.compile(r"\{(\w+)\}")


def words_of(text: str) -> list[str]:
    """The words of `text`: lower case, punctuation dropped except apostrophes inside words."""
    text = text.lower().replace("\u2019", "'")
    return [word.replace(",", "") if word[0].isdigit() else word for word in _WORD.findall(text)]


def normalise(text: str) -> str:
    return " ".join(words_of(text))


# --- what resolution gives -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ResolvedValue:
    """The custom slot type value a word or synonym stands for: its canonical name and id."""

    name: str
    id: str


@dataclass(frozen=True)
class SlotValue:
    """One slot of the intent; `value` is None when the utterance did not fill it (Alexa still sends it)."""

    name: str
    type: str
    value: str | None = None
    resolved: ResolvedValue | None = None


@dataclass(frozen=True)
class Resolution:
    """`intent` is an intent name, or LaunchRequest for "open <invocation name>".

    `match` says how sure it is: exact, relaxed, partial, or fallback. `invoked` is true when the utterance
    named the skill ("ask trust builder to ..."), which opens a new session.
    """

    intent: str
    slots: dict[str, SlotValue] = field(default_factory=dict)
    match: str = "exact"
    invoked: bool = False

    def value(self, slot: str) -> str | None:
        filled = self.slots.get(slot)
        return filled.value if filled else None


# --- the model, compiled ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SlotReference:
    name: str
    type: str


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
class _Candidate:
    intent: str
    slots: dict[str, SlotValue]
    coverage: float


class Resolver:
    """Resolves utterances with one locale's interaction model (the developer console's import format)."""

    def __init__(self, model: dict):
        language = model["interactionModel"]["languageModel"]
        known = _builtin_knowledge()
        self.invocation_name = normalise(language.get("invocationName", ""))
        self._invocation = tuple(words_of(self.invocation_name))
        self._ignorable = frozenset(normalise(word) for word in known["ignorable_words"])
        self._prevailing = tuple(known.get("prevailing_intents", ()))
        self._custom_types = {kind["name"]: _CustomType.from_model(kind) for kind in language.get("types", [])}
        self._numbers = NumberWords(known["numbers"])
        self._durations = DurationWords(known["duration"], self._numbers)
        self._invocation_words = {key: frozenset(normalise(word) for word in words)
                                  for key, words in known["invocation"].items()}
        self._slots_of: dict[str, tuple[SlotReference, ...]] = {}
        self.samples: list[Sample] = []
        for intent in language.get("intents", []):
            self._add_intent(intent, known["intents"])

    @classmethod
    def from_locale(cls, locale: str, model_dir: Path = MODEL_DIR) -> "Resolver":
        return cls(load_model(locale, model_dir))

    @property
    def intents(self) -> tuple[str, ...]:
        return tuple(self._slots_of)

    def resolve(self, utterance: str) -> Resolution:
        words = words_of(utterance)
        invoked, words = self._strip_invocation(words)
        if invoked and not [word for word in words if word not in self._ignorable]:
            return Resolution(LAUNCH_REQUEST, match="exact", invoked=True)
        resolution = self._resolve_words(words)
        return replace(resolution, invoked=True) if invoked else resolution

    # --- loading -----------------------------------------------------------------------------------------------

    def _add_intent(self, intent: dict, builtin_phrases: dict[str, list[str]]) -> None:
        name = intent["name"]
        slots = tuple(SlotReference(slot["name"], slot["type"]) for slot in intent.get("slots", []))
        for slot in slots:
            if slot.type not in self._custom_types and not slot.type.startswith(BUILTIN_PREFIX):
                raise ValueError(f"intent {name}: slot {slot.name} has type {slot.type}, "
                                 "which the model does not define")
        self._slots_of[name] = slots
        for text in intent.get("samples", []):
            self._add_sample(name, text, slots, from_model=True)
        for text in builtin_phrases.get(name, []) if name.startswith(BUILTIN_PREFIX) else []:
            self._add_sample(name, str(text), slots, from_model=False)

    def _add_sample(self, intent: str, text: str, slots: tuple[SlotReference, ...], *, from_model: bool) -> None:
        by_name = {slot.name: slot for slot in slots}
        tokens: list[Token] = []
        for index, part in enumerate(_SLOT_REFERENCE.split(text)):
            if index % 2 == 0:
                tokens.extend(words_of(part))
            elif part in by_name:
                tokens.append(by_name[part])
            else:
                raise ValueError(f"intent {intent}: sample {text!r} names slot {part}, which the intent does not have")
        if tokens:
            self.samples.append(Sample(intent, text, tuple(tokens), from_model, len(self.samples)))

    # --- invocation ----------------------------------------------------------------------------------------------

    def _strip_invocation(self, words: list[str]) -> tuple[bool, list[str]]:
        """Whether the utterance names the skill, and what is left to resolve once the naming is taken off."""
        named = self._invocation_words
        while words and words[0] in named["wake_words"]:
            words = words[1:]
        name = self._invocation
        size = len(name)
        if not name:
            return False, words
        if tuple(words[:size]) == name:
            return True, self._drop_joining(words[size:])
        if words and (words[0] in named["launch_words"] or words[0] in named["one_shot_words"]) \
                and tuple(words[1:1 + size]) == name:
            return True, self._drop_joining(words[1 + size:])
        if len(words) > size + 1 and tuple(words[-size:]) == name and words[-size - 1] in named["trailing_words"]:
            return True, words[:-size - 1]
        return False, words

    def _drop_joining(self, words: list[str]) -> list[str]:
        return words[1:] if words and words[0] in self._invocation_words["joining_words"] else words

    # --- matching ------------------------------------------------------------------------------------------------

    def _resolve_words(self, words: list[str]) -> Resolution:
        if not words:
            return self._fallback()
        exact = [(sample, slots) for sample in self.samples if not self._only_free_text(sample)
                 for slots in self._full_matches(sample.tokens, words, relaxed=False)]
        if exact:
            # The most specific sample wins; the model's own samples before the phrases Alexa knows.
            sample, slots = min(exact, key=lambda found: (-found[0].literal_count, not found[0].from_model,
                                                          found[0].order))
            return self._resolution(sample.intent, slots, "exact")
        meaningful = [word for word in words if word not in self._ignorable]
        if not meaningful:
            return self._fallback()
        relaxed = [_Candidate(sample.intent, slots, 1.0) for sample in self.samples
                   for slots in self._full_matches(sample.tokens, words, relaxed=True)]
        chosen = self._unambiguous(relaxed)
        if chosen:
            return self._resolution(chosen.intent, chosen.slots, "relaxed")
        chosen = self._unambiguous(self._partial_candidates(words, len(meaningful)))
        if chosen:
            return self._resolution(chosen.intent, chosen.slots, "partial")
        return self._fallback()

    def _full_matches(self, tokens, words, *, relaxed: bool) -> Iterator[dict[str, SlotValue]]:
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
                for end, value in self._slot_values(token, words, wi, free_text=not relaxed):
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
        return sample.literal_count == 0 and any(
            token.type not in self._custom_types and token.type not in (NUMBER_TYPE, DURATION_TYPE)
            for token in sample.tokens)

    def _slot_values(self, slot: SlotReference, words, start, *, free_text: bool) -> Iterator[tuple[int, SlotValue]]:
        """Values of `slot` that begin at `start`, longest first, as (end, value)."""
        custom = self._custom_types.get(slot.type)
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

    def _partial_candidates(self, words: list[str], meaningful: int) -> list[_Candidate]:
        candidates = []
        said = set(words) - self._ignorable
        for sample in self.samples:
            if not any(isinstance(token, SlotReference) or token in said for token in sample.tokens):
                continue  # shares no meaningful word with what was said: cannot be part of it, nor it of this
            candidates.extend(self._sample_inside(sample, words, meaningful))
            candidates.extend(self._utterance_inside(sample, words))
        candidates.extend(self._values_anywhere(words, meaningful))
        return candidates

    def _sample_inside(self, sample: Sample, words: list[str], meaningful: int) -> Iterator[_Candidate]:
        """The sample said inside a longer utterance, covering at least half of its meaningful words."""
        for start in range(len(words)):
            if words[start] in self._ignorable:
                continue
            for end, slots in self._walk(sample.tokens, words, 0, start, {}, relaxed=True, to_end=False, dead=set()):
                covered = sum(word not in self._ignorable for word in words[start:end])
                if covered and 2 * covered >= meaningful:
                    yield _Candidate(sample.intent, slots, covered / meaningful)
                break

    def _utterance_inside(self, sample: Sample, words: list[str]) -> Iterator[_Candidate]:
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
                for slots in self._full_matches(sample.tokens[start:end], words, relaxed=True):
                    yield _Candidate(sample.intent, slots, weight / total)
                    return

    def _values_anywhere(self, words: list[str], meaningful: int) -> Iterator[_Candidate]:
        """Custom slot values said anywhere, covering half of what was said, for an intent whose slots take them."""
        found: dict[str, list[tuple[ResolvedValue, str, int]]] = {}
        start = 0
        while start < len(words):
            step = 1
            for type_name, custom in self._custom_types.items():
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
                yield _Candidate(intent, filled, covered / meaningful)

    def _unambiguous(self, candidates: list[_Candidate]) -> _Candidate | None:
        """The best candidate, when every candidate names the same intent or one of them prevails."""
        intents = {candidate.intent for candidate in candidates}
        if len(intents) > 1:
            prevailing = next((intent for intent in self._prevailing if intent in intents), None)
            candidates = [candidate for candidate in candidates if candidate.intent == prevailing]
        if not candidates:
            return None
        return max(candidates, key=lambda candidate: candidate.coverage)

    def _resolution(self, intent: str, slots: dict[str, SlotValue], match: str) -> Resolution:
        # Alexa sends every slot of the intent, filled or not.
        every = {slot.name: slots.get(slot.name) or SlotValue(slot.name, slot.type) for slot in self._slots_of[intent]}
        return Resolution(intent, every, match)

    def _fallback(self) -> Resolution:
        return Resolution(FALLBACK_INTENT, {}, "fallback")


def load_model(locale: str, model_dir: Path = MODEL_DIR) -> dict:
    """The interaction model of `locale` (any case), as locales.yaml names its file."""
    registered = locale_registry.find(locale)
    if registered is None:
        raise FileNotFoundError(f"no interaction model for {locale} (locales: {', '.join(locale_registry.names())})")
    path = Path(model_dir) / registered.model
    with open(path, encoding="utf-8") as stream:
        return json.load(stream)


@cache
def _builtin_knowledge() -> dict:
    return content.load("builtin_phrases")


# --- slot types ------------------------------------------------------------------------------------------------

class _CustomType:
    """A slot type of the model: each value's name and synonyms, as word sequences."""

    def __init__(self, name: str, phrases: dict[tuple[str, ...], ResolvedValue]):
        self.name = name
        self.phrases = phrases
        self.longest = max((len(phrase) for phrase in phrases), default=0)

    @classmethod
    def from_model(cls, kind: dict) -> "_CustomType":
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

