"""Reads the listening patterns (skill/content/listening/*.yaml) once, and finds them in a normalised sentence.

A pattern is a regular expression over words.normalise() text, with {macros} from words.yaml. A space in a pattern
also lets a clause mark sit there, so "yes he does" matches "yes , he does". A match can be *negated* (a negation
word stands before it in its clause: "he has never hit me"; not when the denial is limited or taken back by what
follows: "he never hits me where people can see"), *benign* (it lies inside a phrase of benign.yaml that lowers:
"he turned up at my work with flowers") or inside an *idiom* (an audited idiom of benign.yaml: "this traffic is
killing me", "a film about a stalker"); the reader of the match decides what those mean (safety.py: only an idiom
is no signal, the rest is lowered to fairly sure).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from skill import content
from skill.listener.memory import per_sentence
from skill.listener.prefilter import STOP, Prefilter, openings, required_sets, strongest

_MACRO = re.compile(r"\{([a-z_]+)\}")
_GAP = "(?: ,)? "
EVIDENCE_CHARS = 70  # of a pattern, in --explain: enough to find it in its YAML file


@dataclass(frozen=True)
class Pattern:
    kind: str
    source: str  # as written in the YAML file: what a reviewer reads
    regex: re.Pattern
    clarity: str  # "clear" | "unclear"
    openings: tuple[str, ...] | None  # letters any match starts with (prefilter.py); None: always try
    required: tuple[tuple[str, ...], ...] = ()  # sets of runs of letters, one of each in any match (prefilter.py)


@dataclass(frozen=True)
class Match:
    pattern: Pattern
    start: int
    end: int
    words: str
    negation: str | None = None  # the negation word that denies it, if any ("never")
    benign: str | None = None  # the words of the lowering benign phrase it lies in, if any
    idiom: bool = False  # it lies inside an audited idiom

    @property
    def kind(self) -> str:
        return self.pattern.kind

    @property
    def negated(self) -> bool:
        return self.negation is not None

    @property
    def live(self) -> bool:
        """True when the words mean what the pattern says: not negated, not inside a benign phrase or an idiom."""
        return not (self.negated or self.benign or self.idiom)

    def evidence(self, family: str) -> str:
        state = ("idiom: " if self.idiom else f'lowered, negated by "{self.negation}": ' if self.negated
                 else f'lowered, inside "{self.benign}": ' if self.benign else "")
        source = self.pattern.source
        shown = source if len(source) <= EVIDENCE_CHARS else source[:EVIDENCE_CHARS] + "..."
        return f'{state}{family}/{self.kind} heard in "{self.words}" (pattern "{shown}")'


@cache
def _words_file() -> dict:
    return content.load("listening/words")


@cache
def _macros() -> dict[str, str]:
    raw = _words_file()["macros"]
    expanded: dict[str, str] = {}

    def expand(name: str, seen: tuple[str, ...] = ()) -> str:
        if name in seen:
            raise ValueError(f"listening/words.yaml: macro {name} refers to itself through {seen}")
        if name not in expanded:
            expanded[name] = _MACRO.sub(lambda m: expand(m.group(1), seen + (name,)), _alternatives(raw[name]))
        return expanded[name]

    for name in raw:
        expand(name)
    return expanded


def _alternatives(value) -> str:
    """A macro written as a YAML list is one alternative per entry."""
    if isinstance(value, list):
        return "(?:" + "|".join(str(item) for item in value) + ")"
    return str(value)


def compile_pattern(source: str) -> re.Pattern:
    """`source` with its macros expanded, matched on whole words."""
    macros = _macros()

    def substitute(found: re.Match) -> str:
        if found.group(1) not in macros:
            raise ValueError(f"unknown macro {{{found.group(1)}}} in pattern {source!r}")
        return macros[found.group(1)]

    body = _MACRO.sub(substitute, source.strip()).replace(" ", _GAP)
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


class PatternSet(tuple):
    """Patterns in the order written, with the prefilter that picks those that may match a text."""

    def __new__(cls, patterns: list[Pattern]) -> PatternSet:
        made = super().__new__(cls, patterns)
        made.prefilter = Prefilter([pattern.openings for pattern in made],
                                   [strongest(pattern.required) for pattern in made])
        return made

    def may_match(self, text: str) -> list[Pattern]:
        return [self[number] for number in self.prefilter.candidates(text)]


@cache
def load_patterns(name: str) -> PatternSet:
    """Every pattern of listening/`name`.yaml: `kinds: {kind: [pattern or {pattern, clarity}]}`."""
    return patterns_of(content.load(f"listening/{name}")["kinds"], f"listening/{name}.yaml")


def patterns_of(kinds: dict, where: str) -> PatternSet:
    """The patterns of a `{kind: [pattern or {pattern, clarity}]}` table; `where` names it in errors."""
    patterns = []
    for kind, entries in kinds.items():
        for entry in entries:
            source, clarity = (entry, "clear") if isinstance(entry, str) else (entry["pattern"], entry["clarity"])
            if clarity not in ("clear", "unclear"):
                raise ValueError(f"{where}: clarity must be clear or unclear, not {clarity!r}")
            patterns.append(_pattern(str(kind), source, clarity))
    return PatternSet(patterns)


def _pattern(kind: str, source: str, clarity: str = "clear") -> Pattern:
    return Pattern(kind, source, compile_pattern(source), clarity, _openings(source),
                   required_sets(_macros_stopped(source)))


def _openings(source: str) -> tuple[str, ...] | None:
    """The letters a match of `source` starts with (prefilter.py). A macro that opens the pattern is looked into
    ("{scared} of ..." opens with "sca", "afr", ...); one further in ends an opening, as a space does."""
    source = source.strip()
    opening = re.match(r"\{([a-z_]+)\}", source)
    if opening and opening.group(1) in _macros():
        found = openings(f"(?:{_macros()[opening.group(1)]})" + _MACRO.sub(STOP, source[opening.end():]))
        if found is not None:
            return found
    return openings(_MACRO.sub(STOP, source))


def _macros_stopped(source: str) -> str:
    """A pattern as written, each {macro} replaced by STOP: what prefilter.py reads."""
    return _MACRO.sub(STOP, source.strip())


@cache
def _new_clause() -> tuple[frozenset[str], frozenset[str]]:
    spec = _words_file()["negation"]
    return frozenset(spec["new_subjects"]), frozenset(spec["passes_on"])


@cache
def _negation_words() -> tuple[re.Pattern, re.Pattern, int, re.Pattern]:
    spec = _words_file()["negation"]
    cues = compile_pattern("(?:" + "|".join(spec["cues"]) + ")")
    boundary = compile_pattern("(?:,|" + "|".join(spec["clause_starts"] + spec["reach_stops"]) + ")")
    limits = compile_pattern("(?:" + "|".join(spec["limits"]) + ")")
    return cues, boundary, int(spec["reach_words"]), limits


@dataclass(frozen=True)
class BenignSpan:
    start: int
    end: int
    idiom: bool  # an audited idiom (no signal); otherwise a phrase that only lowers


_IDIOM = "idiom"


@cache
def benign_phrases() -> tuple[PatternSet, re.Pattern]:
    """The phrases of benign.yaml, idioms (kind _IDIOM) then those that only lower, and where a phrase ends."""
    spec = content.load("listening/benign")
    phrases = [_pattern(_IDIOM, entry["phrase"]) for entry in spec["idioms"]]
    phrases += [_pattern("lowers", source) for source in spec["lowers"]]
    return PatternSet(phrases), compile_pattern("(?:" + "|".join(spec["ends"]) + ")")


@per_sentence
def benign_spans(text: str) -> tuple[BenignSpan, ...]:
    """Every benign phrase in `text` (normalised), each cut where a new clause about the speaker's own life begins:
    "a film about a stalker [and he follows me now]". Kept for the turn: every reader of one sentence asks for them."""
    phrases, ends = benign_phrases()
    spans = []
    for phrase in phrases.may_match(text):
        for hit in phrase.regex.finditer(text):
            cut = ends.search(text, hit.start() + 1, hit.end())
            spans.append(BenignSpan(hit.start(), cut.start() if cut else hit.end(), phrase.kind == _IDIOM))
    return tuple(spans)


def without_idioms(text: str) -> str:
    """`text` with its audited idioms left out: what is left for the model's safety net to read. Phrases that only
    lower stay in: they must never hide danger from the net."""
    kept, last = [], 0
    for span in sorted((span for span in benign_spans(text) if span.idiom), key=lambda span: span.start):
        if span.start > last:
            kept.append(text[last:span.start])
        last = max(last, span.end)
    return " ".join(" ".join(kept + [text[last:]]).split())


def find(patterns: PatternSet, text: str) -> list[Match]:
    """Every place a pattern matches `text` (normalised), each marked negated, benign or idiom where it is."""
    hits = [(pattern, hit) for pattern in patterns.may_match(text) for hit in pattern.regex.finditer(text)]
    if not hits:
        return []
    spans = benign_spans(text)
    found = []
    for pattern, hit in hits:
        start, end = hit.span()
        around = [span for span in spans if span.start <= start and end <= span.end]
        lowering = next((span for span in around if not span.idiom), None)
        found.append(Match(pattern, start, end, hit.group(0), _negation(text, start, end),
                           text[lowering.start:lowering.end] if lowering else None,
                           any(span.idiom for span in around)))
    return found


def _negation(text: str, start: int, end: int) -> str | None:
    """The negation cue among the few words before `start`, in the same clause, that denies the match: "he has never
    (hit me)"; None when there is none, or when words after the match limit the denial to some times or places or
    take it back: "he never (hits me) where people can see", "... but I think he will"."""
    cues, boundary, reach, limits = _negation_words()
    before = text[:start]
    clause_start = max((m.end() for m in boundary.finditer(before)), default=0)
    clause = " ".join(before[clause_start:].split()[-reach:])
    cue = None
    for cue in cues.finditer(clause):
        pass
    if cue is None or _starts_new_clause(clause[cue.end():].split() + text[start:end].split()[:1]):
        return None
    return None if limits.search(text, end) else cue.group(0)


def _starts_new_clause(following: list[str]) -> bool:
    """A subject among the words after a negation, not just after it nor after a verb it passes through: the
    negation stays behind ("he doesn't hit me (she) just screams", but "I don't think (he) would hurt me")."""
    subjects, passes_on = _new_clause()
    return any(word in subjects and previous not in passes_on for previous, word in zip(following, following[1:]))
