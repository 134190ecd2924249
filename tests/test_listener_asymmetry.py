"""The rule of asymmetry, over the data itself: every danger pattern of harm.yaml and crisis.yaml, said by everyone
{agent} names and wrapped in every conditional, negation, limit and benign phrase below, is never heard as calm.
Only the audited idioms of benign.yaml may give calm, and they are tested the other way: their examples are calm,
and a sentence in which someone who could harm the speaker acts is never calm inside one.

Examples come from the patterns (tests/pattern_examples_support.py), so a new pattern is tested the day it is
written. Pairs, not the full product, keep it fast: every pattern with every wrapper, every agent with every
pattern that names one.
"""
from __future__ import annotations

import pytest
import yaml

from skill.listener import listen
from skill.listener.patterns import compile_pattern
from skill.listener.safety import answers_no, hear_danger
from skill.listener.words import normalise
from skill.listener.topics import MODEL_PATH
from tests.pattern_examples_support import AGENT, agents, danger_examples, filled, matches_itself, objects

DANGER = ("crisis", "harm")
BENIGN = yaml.safe_load((MODEL_PATH.parent / "benign.yaml").read_text(encoding="utf-8"))
# {x} is the danger example. Written the way people say them, in every English locale.
CONDITIONAL = ["if {x}", "{x} if i tell anyone", "i think {x}", "{x} when he has had a drink", "sometimes {x}"]
NEGATED = ["never {x}", "not {x}", "nobody said {x}", "i do not think {x}", "{x} but not anymore",
           "not even when {x}", "i never thought {x} but i feel like it will happen soon"]
LIMITED = ["{x} yet", "not {x} in front of the kids", "never {x} where people can see"]
LOWERING = ["{x} as a surprise", "{x} to make me laugh", "{x} because i asked him to", "{x} with flowers",
            "i was only joking {x}", "{x} like a hawk", "if i ever feel unsafe {x}", "it hit me {x}"]
IDIOM = ["we watched a film about {x}", "this traffic is killing me {x}", "i am dying to tell you {x}",
         "my wife is going to kill me i forgot the milk {x}", "she always beats me at chess {x}",
         "the news story about {x}", "{x} at scrabble", "{x} if i forget the milk"]
WRAPPERS = CONDITIONAL + NEGATED + LIMITED + LOWERING + IDIOM
SUBJECT = compile_pattern("{subject}")  # he, she, they, I, we, my husband ...: where an idiom's tail stops
IDIOM_PHRASES = [compile_pattern(entry["phrase"]) for entry in BENIGN["idioms"]]


def negated_forms(example: str) -> list[str]:
    """The example with "never" after the one who acts, when it names one: "he never hits me"."""
    return [example.replace(AGENT, f"{AGENT} never", 1)] if example.startswith(AGENT) else []


def may_be_calm(example: str, sentence: str) -> bool:
    """Inside an audited idiom, calm is allowed when no one acts in the example (a story, a game, a wish), or when the
    whole sentence is one audited idiom ("he will kill me if I forget the milk")."""
    text = normalise(sentence)
    return not SUBJECT.search(normalise(example)) or any(phrase.fullmatch(text) for phrase in IDIOM_PHRASES)


def check_never_calm(wrapper: str, example: str, *, idiom: bool = False) -> None:
    """`example` said inside `wrapper` is never calm (audited idioms aside, as may_be_calm says)."""
    sentence = wrapper.format(x=example)
    if hear_danger(normalise(sentence)).reading is not None:
        return  # danger heard, live or lowered: listen() gives it (or, after a question, a confirmed answer)
    if idiom and may_be_calm(example, sentence):
        return
    hearing = listen(sentence)
    assert hearing.meaning != "calm", (sentence, hearing, hearing.evidence)


@pytest.mark.parametrize("family", DANGER)
def test_every_danger_pattern_is_heard_as_danger(family):
    """The examples are sound: each pattern's own example, said plainly, is danger."""
    for name, pattern, example in danger_examples():
        sentence = filled(example)
        if name == family and matches_itself(pattern, sentence):
            hearing = listen(sentence)
            assert hearing.meaning in DANGER, (sentence, hearing, hearing.evidence)


@pytest.mark.parametrize("wrappers", [CONDITIONAL, NEGATED, LIMITED, LOWERING, IDIOM],
                         ids=["conditional", "negated", "limited", "lowering", "idiom"])
def test_no_danger_pattern_is_calm_in_any_wrapper(wrappers):
    """Every pattern's first example in every wrapper; its other examples in one wrapper each, in turn."""
    idiom = wrappers is IDIOM
    seen = set()
    for turn, (_, pattern, example) in enumerate(danger_examples()):
        first = id(pattern) not in seen
        seen.add(id(pattern))
        for wrapper in wrappers if first else [wrappers[turn % len(wrappers)]]:
            check_never_calm(wrapper, filled(example), idiom=idiom)
        for denied in negated_forms(example):
            check_never_calm("{x}", filled(denied))


def test_every_agent_with_every_pattern_that_names_one():
    """Every gender and relation with every pattern that names one, plain (danger) and denied (never calm); each
    agent in one wrapper, in turn."""
    named = [example for _, _, example in danger_examples() if AGENT in example]
    for number, agent in enumerate(agents()):
        for example in named:
            sentence = filled(example, agent, objects()[number % len(objects())])
            assert hear_danger(normalise(sentence)).reading is not None, sentence
            for denied in negated_forms(example):
                check_never_calm("{x}", filled(denied, agent))
        wrapper = WRAPPERS[number % len(WRAPPERS)]
        check_never_calm(wrapper, filled(named[number % len(named)], agent), idiom=wrapper in IDIOM)


def test_every_object_with_every_pattern_that_names_one():
    named = [example for _, _, example in danger_examples() if "qobjectq" in example]
    for number, whom in enumerate(objects()):
        for turn, example in enumerate(named):
            sentence = filled(example, whom=whom)
            check_never_calm("{x}", sentence)
            check_never_calm(NEGATED[(number + turn) % len(NEGATED)], sentence)


@pytest.mark.parametrize("asked", answers_no())
def test_a_denial_answering_a_safety_question_is_never_calm_and_never_sure(asked):
    """After "do you ever feel unsafe?" a denial may be the answer no, but only fairly sure (the skill confirms)."""
    for _, pattern, example in danger_examples():
        for denied in [*negated_forms(example), "never " + example]:
            sentence = filled(denied)
            hearing = listen(sentence, asked=asked)
            assert hearing.meaning != "calm", (sentence, hearing)
            if hearing.meaning == "answer" and matches_itself(pattern, sentence):
                assert hearing.level == "fairly_sure", (sentence, hearing, hearing.evidence)


IDIOMS = [(entry["phrase"], example) for entry in BENIGN["idioms"] for example in entry["examples"]]
DANGER_CLAUSES = ["he hits me", "my husband threatened to kill me", "i want to kill myself", "she follows me everywhere",
                  "my ex boyfriend put a tracker on my car"]


def test_every_audited_idiom_says_why_and_gives_examples():
    for entry in BENIGN["idioms"]:
        assert entry.get("why") and entry.get("examples"), entry["phrase"]


@pytest.mark.parametrize(("phrase", "example"), IDIOMS)
def test_an_audited_idiom_is_calm_or_a_topic(phrase, example):
    assert listen(example).meaning not in DANGER, (example, listen(example).evidence)


@pytest.mark.parametrize(("phrase", "example"), IDIOMS)
def test_an_audited_idiom_holds_no_one_who_harms_the_speaker(phrase, example):
    """A danger clause said beside an idiom, without a comma as Alexa hands words over, is heard whole."""
    for clause in DANGER_CLAUSES:
        for sentence in (f"{example} {clause}", f"{example} and {clause}", f"{clause} {example}"):
            hearing = listen(sentence)
            assert (hearing.meaning, hearing.level) in {("harm", "sure"), ("crisis", "sure")}, (sentence, hearing)


@pytest.mark.parametrize("sentence", [
    "he said he will kill me if I tell anyone", "she'll kill me if I don't do what she says",
    "he'll kill me if I wake him up", "my boyfriend will kill me if I lose his keys again",
    "he grabbed me by the throat to make me laugh", "he put a tracker on my car as a surprise",
    "she watches me like a hawk", "my husband's going to kill me when he finds out I told you",
])
def test_threats_once_excused_by_a_benign_phrase_are_sure(sentence):
    hearing = listen(sentence)
    assert (hearing.meaning, hearing.level) == ("harm", "sure"), hearing.evidence
