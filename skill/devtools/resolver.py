"""Resolves a typed utterance to an intent and slots as Alexa would, from the interaction model's own data.

Used by the chat console, the conversation tests and the manifest's example phrases. What Alexa knows without
being told (built-in intent phrases, number words, duration words) is data in skill/content/builtin_phrases.yaml;
slots are read by skill/devtools/slot_readers.py and samples matched by skill/devtools/sample_matcher.py.

Order of trust, because a wrong intent is worse than a fallback:
1. exact: the whole utterance matches a sample (the most specific sample wins a tie);
2. relaxed: it matches once words that carry no intent ("please", "um", "the") are skipped on both sides;
3. phrase: a carrier phrase opens it ("he ...", "how do i ..."), and the intent of that phrase slot takes the rest
   (skill/devtools/carrier_phrases.py): a whole sentence that opens with a carrier is what the phrase slot is for,
   and a real intent's sample said whole has already won above;
4. partial: a sample inside the utterance, the utterance inside a sample, or a custom slot value anywhere,
   each covering at least half of what was said, and only when all such candidates name one intent. It covers
   only a fragment of what was said, so it is the weakest evidence: "i'm not scared of him" holds the sample
   "scared of him" with its negation lost, and goes to the phrase slot ("i'm ...") instead;
5. catch-all: the model's sample of the catch-all slot type alone ("{phrase}", skill/handlers/hearing.py,
   CATCH_ALL_SLOT_TYPE) takes every word of what nothing else took;
otherwise AMAZON.FallbackIntent.

Where this differs from a device, on purpose: Alexa's model is statistical. It weighs the catch-all against every
intent and against AMAZON.FallbackIntent's out-of-domain model, so a device may send FallbackIntent (without the
words) where the console gives the catch-all, or the catch-all where the console found a sample. The console shows
the words the skill would hear if the catch-all wins; the utterance profiler shows what a device does
(docs/listening-on-a-device.md).
"""
from __future__ import annotations

import json
import sys
from dataclasses import replace
from functools import cache
from pathlib import Path

from skill import content
from skill.content import locale_registry
from skill.devtools.carrier_phrases import CarrierPhrases, CarrierSample, carrier_sample, is_phrase_slot
from skill.devtools.resolution import FALLBACK_INTENT, LAUNCH_REQUEST, Resolution, SlotValue
from skill.devtools.sample_matcher import Sample, SampleMatcher, sample_tokens
from skill.devtools.slot_readers import BUILTIN_PREFIX, SlotReader, SlotReference
from skill.devtools.words import normalise, words_of
from skill.handlers.hearing import CATCH_ALL_SLOT_TYPE

MODEL_DIR = Path(__file__).resolve().parents[2] / "interaction_model"


class Resolver:
    """Resolves utterances with one locale's interaction model (the developer console's import format)."""

    def __init__(self, model: dict):
        language = model["interactionModel"]["languageModel"]
        known = _builtin_knowledge()
        self.invocation_name = normalise(language.get("invocationName", ""))
        self._invocation = tuple(words_of(self.invocation_name))
        self._ignorable = frozenset(normalise(word) for word in known["ignorable_words"])
        self._reader = SlotReader.from_model(language, known)
        self._invocation_words = {key: frozenset(normalise(word) for word in words)
                                  for key, words in known["invocation"].items()}
        self._slots_of: dict[str, tuple[SlotReference, ...]] = {}
        self.samples: list[Sample] = []
        self.carrier_samples: list[CarrierSample] = []
        self.catch_all: tuple[str, SlotReference] | None = None
        for intent in language.get("intents", []):
            self._add_intent(intent, known["intents"])
        self._carriers = CarrierPhrases(self.carrier_samples, self._ignorable)
        self._matcher = SampleMatcher(self.samples, self._slots_of, self._reader, self._ignorable,
                                      tuple(known.get("prevailing_intents", ())), frozenset({CATCH_ALL_SLOT_TYPE}))

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
            if not self._reader.knows(slot.type):
                raise ValueError(f"intent {name}: slot {slot.name} has type {slot.type}, "
                                 "which the model does not define")
        self._slots_of[name] = slots
        for text in intent.get("samples", []):
            self._add_sample(name, text, slots, from_model=True)
        for text in builtin_phrases.get(name, []) if name.startswith(BUILTIN_PREFIX) else []:
            self._add_sample(name, str(text), slots, from_model=False)

    def _add_sample(self, intent: str, text: str, slots: tuple[SlotReference, ...], *, from_model: bool) -> None:
        tokens = sample_tokens(intent, text, slots)
        if len(tokens) == 1 and isinstance(tokens[0], SlotReference) and tokens[0].type == CATCH_ALL_SLOT_TYPE:
            self.catch_all = (intent, tokens[0])  # step 5: it takes what no sample matched, never a part of it
        elif any(isinstance(token, SlotReference) and is_phrase_slot(token) for token in tokens):
            self.carrier_samples.append(carrier_sample(intent, text, tokens, len(self.carrier_samples)))
        elif tokens:
            self.samples.append(Sample(intent, text, tokens, from_model, len(self.samples)))

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

    # --- the order of trust --------------------------------------------------------------------------------------

    def _resolve_words(self, words: list[str]) -> Resolution:
        if not words:
            return self._fallback()
        exact = self._matcher.exact(words)
        if exact:
            sample, slots = exact
            return self._resolution(sample.intent, slots, "exact")
        meaningful = [word for word in words if word not in self._ignorable]
        if not meaningful:
            return self._fallback()
        chosen = self._matcher.relaxed(words)
        if chosen:
            return self._resolution(chosen.intent, chosen.slots, "relaxed")
        carried = self._carriers.match(words)
        if carried:
            sample, value = carried
            return self._resolution(sample.intent, {value.name: value}, "phrase")
        chosen = self._matcher.partial(words, len(meaningful))
        if chosen:
            return self._resolution(chosen.intent, chosen.slots, "partial")
        if self.catch_all is not None:
            intent, slot = self.catch_all
            return self._resolution(intent, {slot.name: SlotValue(slot.name, slot.type, " ".join(words))}, "catch_all")
        return self._fallback()

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


def resolver_for(locale: str) -> Resolver:
    """The resolver of `locale`'s model; a model of the same language when the locale has none yet."""
    try:
        return Resolver.from_locale(locale)
    except FileNotFoundError:
        language = locale.split("-")[0].lower()
        same_language = [known.name for known in locale_registry.all_locales() if known.language.lower() == language]
        if not same_language:
            raise
        print(f"no interaction model for {locale}; resolving with {same_language[0]}'s", file=sys.stderr)
        return Resolver.from_locale(same_language[0])


@cache
def _builtin_knowledge() -> dict:
    return content.load("builtin_phrases")
