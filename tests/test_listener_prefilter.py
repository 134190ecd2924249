"""The prefilter only saves time: a pattern it leaves out could never have matched, and the order is kept."""
from __future__ import annotations

import pytest
import yaml

from skill import content
from skill.listener.answers import echo_patterns
from skill.listener.patterns import benign_phrases, load_patterns, patterns_of
from skill.listener.prefilter import factors
from skill.listener.words import normalise
from tests.eval import CORPUS

PATTERN_FILES = ("harm", "crisis", "calm", "answers", "medical", "distress", "not_alone")


def _sentences() -> list[str]:
    items = yaml.safe_load((CORPUS / "tune.yaml").read_text(encoding="utf-8"))["items"]
    return [normalise(item["text"]) for item in items]


def _pattern_sets():
    sets = [load_patterns(name) for name in PATTERN_FILES]
    sets += [echo_patterns(question) for question in content.load("listening/answer_echoes")["questions"]]
    return sets + [benign_phrases()[0]]


@pytest.mark.parametrize("sentence", _sentences()[::3])
def test_no_pattern_that_matches_is_left_out(sentence):
    for patterns in _pattern_sets():
        kept = patterns.may_match(sentence)
        matching = [pattern for pattern in patterns if pattern.regex.search(sentence)]
        assert [pattern for pattern in matching if pattern not in kept] == []
        assert kept == [pattern for pattern in patterns if pattern in kept], "the written order is kept"


def test_the_prefilter_does_leave_patterns_out():
    harm = load_patterns("harm")
    assert len(harm.may_match(normalise("what does trust even mean"))) < len(harm) / 2


def test_a_pattern_whose_openings_cannot_be_told_is_always_tried():
    patterns = patterns_of({"x": ["(?:very )?sad", "[a-z]+ful"]}, "test")
    assert all(pattern.openings is None for pattern in patterns)
    assert patterns.may_match("so sad and so painful") == list(patterns)


@pytest.mark.parametrize("pattern, required", [
    ("he (?:hit|hits) me", ("hit",)),  # the longest runs of letters win; "hits" holds "hit"
    ("he (?:hurt|slapped) me", ("hurt", "slapped")),
    ("(?:very )?sad", ("sad",)),  # an optional part requires nothing
    ("kill(?:s|ed)? me", ("kill",)),
    ("\x00 (?:want|wish) to die", ("want", "wish")),  # a macro (STOP) is not looked into
    ("[a-z]+ful", ("ful",)),
    ("(?:he|she) ", ("he", "she")),
    ("[a-z]+", None),  # nothing is required: always tried
])
def test_the_letters_a_match_must_hold(pattern, required):
    assert factors(pattern) == required


def test_a_pattern_is_left_out_when_its_letters_are_missing():
    patterns = patterns_of({"x": ["he (?:hit|hits) me"], "y": ["(?:very )?sad"]}, "test")
    assert [pattern.kind for pattern in patterns.may_match("he hugs me")] == []
    assert [pattern.kind for pattern in patterns.may_match("he , hits me and i am sad")] == ["x", "y"]


def test_every_danger_patterns_own_examples_pass_the_prefilter():
    """Examples made from each pattern (tests/pattern_examples_support.py): a pattern whose opening is a macro, or
    whose alternatives open differently, is still tried on its own words."""
    from tests.pattern_examples_support import danger_examples, filled

    for family, pattern, example in danger_examples():
        sentence = normalise(filled(example))
        if pattern.regex.search(sentence):
            assert pattern in load_patterns(family).may_match(sentence), (pattern.source, sentence)
