"""Free words heard again under the carriers their intent may have stripped (skill/handlers/carriers.py): the meaning
a carrier held is not lost, an idiom is not turned into danger, and the table the skill reads stays current."""
from __future__ import annotations

import re

import pytest

from skill import content
from skill.devtools.locales import CARRIERS_FILE, carriers_text
from skill.devtools.partial_match import runs_past
from skill.handlers import carriers
from skill.handlers.hearing import danger_acted_on, hear
from skill.listener.words import normalise

CRISIS_LINE, ABUSE_LINE = "988", "1-800-799-7233"


def test_the_carriers_table_is_what_the_models_and_the_patterns_make():
    assert CARRIERS_FILE.read_text(encoding="utf-8") == carriers_text(), \
        "run python -m skill.devtools.locales and commit skill/content/carriers.yaml"


@pytest.mark.parametrize("said, line", [
    ("I want to die so badly", CRISIS_LINE),
    ("I think about dying all the time", CRISIS_LINE),
    ("I feel like ending it all tonight", CRISIS_LINE),
    ("my girlfriend gets aggressive with me when she drinks", ABUSE_LINE),
])
def test_what_a_carrier_meant_reaches_its_help(chat, said, line):
    talk = chat()
    talk.say("/launch")
    turn = talk.say(said)
    assert turn.intent not in ("CrisisIntent", "SafetyIntent"), "said whole by a sample: no carrier was stripped"
    assert line in turn.speech, turn.speech


# Audited idioms only: a mishap that is not one ("if I miss her party") now lowers to a direct question, by design.
@pytest.mark.parametrize("said", ["I'm dying to go on holiday with him", "my mum will kill me I burnt the dinner",
                                  "I'm dying for a cup of tea", "I think he beats me at chess every time"])
def test_a_carrier_the_person_may_not_have_said_turns_no_idiom_into_danger(chat, said):
    talk = chat()
    talk.say("/launch")
    turn = talk.say(said)
    assert CRISIS_LINE not in turn.speech and ABUSE_LINE not in turn.speech, turn.speech


def test_the_most_serious_reading_wins_and_the_words_alone_are_not_lost():
    # "to die" alone is nothing; under "i want" it is a wish to die, under "he" or "my husband" nothing more.
    assert hear("to die so badly", "en-US", None, "TellIntent").meaning == "crisis"
    # What the words say by themselves is kept when no carrier says more.
    assert hear("how to rebuild trust after an affair", "en-US", None, "TellIntent").meaning == "topic"
    # A sure reading of the words themselves is not searched further.
    hits = hear("hits me", "en-US", None, "TellIntent")
    assert danger_acted_on(hits, "TellIntent") == "harm"


def test_only_carriers_a_danger_pattern_can_cross_from_are_heard():
    tails = carriers.tails_of("en-US", "TellIntent")
    assert "want" in tails and "he" in tails  # "(i) want to die", "he hits me"
    assert "yesterday" not in tails and "a few years ago" not in tails  # no danger pattern opens like them


def test_a_pattern_newer_than_the_table_is_tried_after_every_tail(monkeypatch):
    table = content.load(carriers.CARRIERS)
    stale = {**table, "crossings": {"patterns": [], "tails": table["crossings"]["tails"]}}
    monkeypatch.setattr(carriers.content, "load", lambda name: stale if name == carriers.CARRIERS else content.load(name))
    carriers._crossing_from.cache_clear()
    try:
        assert len(carriers._crossing_from("yesterday")) == len(carriers.danger_patterns())
    finally:
        carriers._crossing_from.cache_clear()


def test_seriousness_leaves_room_for_meanings_the_listener_may_learn():
    assert carriers.SERIOUSNESS[:2] == ("crisis", "harm")
    assert {"medical", "distress"} <= set(carriers.SERIOUSNESS)


@pytest.mark.parametrize("pattern, text, expected", [
    (r"i (?:want|wish) to die", "i ", True),
    (r"i (?:want|wish) to die", "i want ", True),
    (r"i (?:want|wish) to die", "i think ", False),
    (r"i (?:want|wish) to die", "i want to die ", False),  # the match ends inside the text: nothing runs on
    (r"(?:he|she) (?:(?:just|really) )*hits? me", "he just really ", True),
    (r"(?:he|she) (?:(?:just|really) )*hits? me", "he loves ", False),
    (r"(?:so )?tired of \w+", "so ", True),
    (r"[a-z]+ me", "anything ", True),  # what the walk does not read it takes to match
])
def test_a_partial_match_says_whether_a_pattern_may_run_on(pattern, text, expected):
    assert runs_past(re.compile(pattern), normalise(text) + " ") is expected


def _tune_sentences() -> list[str]:
    import yaml

    from tests.eval import CORPUS

    items = yaml.safe_load((CORPUS / "tune.yaml").read_text(encoding="utf-8"))["items"]
    return [normalise(item["text"]) for item in items]


@pytest.mark.parametrize("intent", ["TellIntent", "ElsewhereIntent", "NoButIntent", "NobodyIntent", "NothingIntent"])
def test_no_pattern_that_crosses_from_a_carrier_is_left_untried(intent):
    """Only a speed-up: every pattern that matches from a tail on into the words is among those tried."""
    for words in _tune_sentences()[::2]:
        tried = carriers._worth_trying("en-US", intent, words)
        for tail in carriers.tails_of("en-US", intent):
            text = f"{tail} {words}"
            crossing = [place for place, (regex, _rank) in enumerate(carriers._crossing_from(tail))
                        if (found := regex.match(text)) is not None and found.end() > len(tail)]
            assert set(crossing) <= set(tried.get(tail, ())), (intent, tail, words)
