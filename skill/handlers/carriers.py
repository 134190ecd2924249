"""Free words heard again under every carrier their intent may have stripped: Alexa keeps "i want", "i think", "he",
"my husband" ... out of a phrase slot, so "i want to die" arrives as "to die". The carriers are the interaction
model's own (skill/content/carriers.yaml, written from the models by `python -m skill.devtools.locales`).

Hearing the words once per carrier would cost a whole listen each, and TellIntent has about two hundred. A carrier
can only add danger through a pattern whose match starts inside the carrier and runs on into the words: a match
wholly inside the words was heard without any carrier, and a carrier can only take danger away from it (a
negation, a benign phrase), never add it. carriers.yaml lists, for each tail of a carrier ("i want", "want"), the
patterns that can start there and run on; only those are tried, anchored, and only a carrier whose tail one of them
crosses from is heard whole. The words are not kept after the request.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache

from skill import content
from skill.listener import Hearing, listen
from skill.listener.hearing import SURE
from skill.listener.patterns import Pattern, benign_spans, load_patterns
from skill.listener.prefilter import PREFIX, strongest, trigrams_in
from skill.listener.words import normalise

# Meanings by seriousness, most serious first: what wins when the words heard under different carriers differ. A
# meaning the listener does not (yet) hear never occurs; every other meaning ranks below these.
SERIOUSNESS = ("crisis", "harm", "medical", "distress")
CARRIERS = "carriers"  # skill/content/carriers.yaml


@dataclass(frozen=True)
class Carrier:
    before: str  # normalised, as the listener reads it
    after: str
    tails: tuple[str, ...]  # the word-start tails of `before` some danger pattern may start in and run on from

    def around(self, words: str) -> str:
        return " ".join(part for part in (self.before, words, self.after) if part)


def most_serious(heard: Hearing | None, words: str, locale: str, intent: str) -> Hearing | None:
    """The most serious reading of `words` (normalised) under the carriers `intent` may have stripped, when one is
    more serious than `heard` (the words' own reading); else None. A sentence is heard only when a pattern of a
    family that could raise the reading crosses into the words from its carrier; a sure crisis ends the search."""
    best = heard
    tried = _worth_trying(locale, intent, words)
    crossing: dict[tuple[str, int], bool] = {}
    crossed = {tail for tail in tried if _crosses(tail, words, _raising(heard), crossing, tried[tail])}
    heard_already: set[str] = set()
    for carrier in carriers_of(locale, intent):
        if not (carrier.after or any(tail in crossed and _crosses(tail, words, _raising(best), crossing, tried[tail])
                                     for tail in carrier.tails)):
            continue
        sentence = carrier.around(words)
        if sentence in heard_already:
            continue
        heard_already.add(sentence)
        hearing = listen(sentence, locale)
        if _rank(hearing) < _rank(best):
            best = hearing
            if _rank(hearing)[:2] == (0, False):
                break
    return best if best is not heard else None


def _raising(hearing: Hearing | None) -> int:
    """Families ranked below this could raise `hearing`: the more serious ones, and its own while it is not sure."""
    rank = _rank(hearing)
    return rank[0] + rank[1]


def _rank(hearing: Hearing | None) -> tuple[int, bool, float]:
    """Smaller is more serious: the meaning's place in SERIOUSNESS, then sure before less sure, then confidence."""
    if hearing is None or hearing.meaning not in SERIOUSNESS:
        return (len(SERIOUSNESS), True, 0.0)
    return (SERIOUSNESS.index(hearing.meaning), hearing.level != SURE, -hearing.confidence)


def _crosses(tail: str, words: str, below: int, crossing: dict[tuple[str, int], bool],
             tried: tuple[int, ...]) -> bool:
    """Whether a pattern of a family ranked below `below` starts at `tail` and runs on into `words`; `tried`: the
    places in _crossing_from(tail) of the only patterns that may (_worth_trying). A match whose part in the words
    lies inside a benign phrase of the sentence does not count ("think about" before "dying to go on holiday"): a
    carrier the person may not have said must not turn their idiom into danger, and the words as they came are
    heard anyway."""
    if (tail, below) not in crossing:
        text = f"{tail} {words}"
        crossing[tail, below] = False
        patterns = _crossing_from(tail)
        for regex, rank in map(patterns.__getitem__, tried):
            if rank >= below:
                break  # most serious first: the rest cannot raise the reading either
            found = regex.match(text)
            if found is not None and found.end() > len(tail) and not _in_benign(text, len(tail) + 1, found.end()):
                crossing[tail, below] = True
                break
    return crossing[tail, below]


def _in_benign(text: str, start: int, end: int) -> bool:
    """Whether the words lie inside an audited idiom: only an idiom may keep a carrier from raising them. A phrase
    that only lowers does not; listen() lowers what it holds to fairly sure under the carrier too."""
    return any(span.idiom and span.start <= start and end <= span.end for span in benign_spans(text))


@cache
def carriers_of(locale: str, intent: str) -> tuple[Carrier, ...]:
    """The carriers of `intent` in `locale`'s model (en-US's for a locale without a model), each once as the
    listener reads it; a carrier no danger pattern can cross from is left out, unless it follows the words."""
    table = content.load(CARRIERS)["locales"]
    pairs = (table.get(locale) or table["en-US"]).get(intent, ())
    found: dict[tuple[str, str], Carrier] = {}
    for before, after in pairs:
        key = (normalise(before), normalise(after))
        if key not in found:
            said = key[0].split()
            tails = tuple(tail for start in range(len(said)) if _crossing_from(tail := " ".join(said[start:])))
            found[key] = Carrier(key[0], key[1], tails)
    return tuple(carrier for carrier in found.values() if carrier.tails or carrier.after)


@cache
def tails_of(locale: str, intent: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tail for carrier in carriers_of(locale, intent) for tail in carrier.tails))


def _worth_trying(locale: str, intent: str, words: str) -> dict[str, tuple[int, ...]]:
    """For each tail of `intent`'s carriers, the places in _crossing_from(tail) of the patterns that may cross from
    it into `words` (normalised): a pattern whose every match holds one of some runs of letters (prefilter.py),
    none of them in the tail, can only cross into words that hold one. A tail none may cross from is left out."""
    by_start, always = _crossing_index(locale, intent)
    tried = {tail: list(places) for tail, places in always.items()}
    for start in [start for start in trigrams_in(words) if start in by_start]:  # walks the sentence, not the index
        for run, pairs in by_start[start]:
            if run in words:
                for tail, place in pairs:
                    tried.setdefault(tail, []).append(place)
    return {tail: tuple(sorted(set(places))) for tail, places in tried.items()}


_Pairs = tuple[tuple[str, int], ...]  # (tail, place in _crossing_from(tail))


@cache
def _crossing_index(locale: str, intent: str) -> tuple[dict[str, tuple[tuple[str, _Pairs], ...]],
                                                      dict[str, tuple[int, ...]]]:
    """(the first three letters of a run: each run so beginning, with the (tail, place) pairs worth trying only when
    the words hold it; tail: the places always worth trying), for _worth_trying. A run shorter than three letters is
    no test worth making."""
    by_run: dict[str, list[tuple[str, int]]] = {}
    always: dict[str, list[int]] = {}
    for tail in tails_of(locale, intent):
        for place, (regex, _rank) in enumerate(_crossing_from(tail)):
            needed = [runs for runs in _required_of()[regex] if not any(run in tail for run in runs)]
            best = strongest(tuple(needed)) or ()
            if not best or min(map(len, best)) < PREFIX:
                always.setdefault(tail, []).append(place)
                continue
            for run in best:
                by_run.setdefault(run, []).append((tail, place))
    by_start: dict[str, list[tuple[str, _Pairs]]] = {}
    for run, pairs in by_run.items():
        by_start.setdefault(run[:PREFIX], []).append((run, tuple(pairs)))
    return ({start: tuple(runs) for start, runs in by_start.items()},
            {tail: tuple(places) for tail, places in always.items()})


@cache
def _required_of() -> dict[re.Pattern, tuple[tuple[str, ...], ...]]:
    """Each danger pattern's sets of runs of letters, one of each in every match (Pattern.required)."""
    return {pattern.regex: pattern.required for pattern, _rank in danger_patterns_ranked()}


@cache
def _crossing_from(tail: str) -> tuple[tuple[re.Pattern, int], ...]:
    """The danger patterns, with their family's rank, that may start at `tail` and run on, most serious first: as
    carriers.yaml lists them, and every pattern newer than that list. A tail the list does not know (a carrier
    added without regenerating it) tries every pattern."""
    table = content.load(CARRIERS)["crossings"]
    worked_out, listed = frozenset(table["patterns"]), table["tails"]
    crossing = frozenset(listed.get(tail, ()))
    return tuple((pattern.regex, rank) for pattern, rank, key in _danger_patterns_keyed()
                 if tail not in listed or key in crossing or key not in worked_out)


def danger_patterns() -> list[Pattern]:
    """Every pattern of the listener's danger families, most serious family first."""
    return [pattern for pattern, _rank in danger_patterns_ranked()]


@cache
def danger_patterns_ranked() -> tuple[tuple[Pattern, int], ...]:
    return tuple((pattern, rank) for rank, family in enumerate(SERIOUSNESS) if family in _danger_families()
                 for pattern in load_patterns(family))


@cache
def _danger_patterns_keyed() -> tuple[tuple[Pattern, int, str], ...]:
    return tuple((pattern, rank, pattern_key(pattern.source)) for pattern, rank in danger_patterns_ranked())


def _danger_families() -> tuple[str, ...]:
    """The listener's pattern files among SERIOUSNESS (medical and distress once the listener has them)."""
    return tuple(family for family in SERIOUSNESS if (content.CONTENT_DIR / "listening" / f"{family}.yaml").exists())


def pattern_key(source: str) -> str:
    """A short name for a pattern as written: any change to it makes a new pattern."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:12]


def prepare() -> None:
    """Read the carriers and the table of crossings now, not on the first free words heard."""
    for locale, intents in content.load(CARRIERS)["locales"].items():
        for intent in intents:
            carriers_of(locale, intent)
            tails_of(locale, intent)
            _crossing_index(locale, intent)
