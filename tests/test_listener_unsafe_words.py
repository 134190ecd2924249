"""Words of feeling unsafe, as Alexa hands them over (the opening "I" or "I feel" dropped) and in answer to "do you
ever feel unsafe or afraid with your partner?": fear, never the answer no; words of feeling safe, and "unsafe" denied
in the speaker's own voice ("I've never felt unsafe"): the answer no, and calm; any other denial of feeling unsafe
(without the "I", or limited in time): the answer no, to be confirmed, and outside that question a reason to ask."""
from __future__ import annotations

import pytest

from skill.listener import listen

UNSAFE = ["I don't feel safe", "i do not feel safe", "do not feel safe", "not safe", "never feel safe",
          "not really safe", "I feel unsafe", "unsafe", "I am not safe", "i don't feel safe anymore",
          "she makes me feel unsafe", "not safe at home"]
SAFE = ["I feel safe", "safe", "safe with her", "totally safe", "I've never once felt unsafe with my wife",
        "i never feel unsafe with him", "I have never felt unsafe in my own home"]
# Without the "I" a device may have dropped "he" ("he never feels unsafe with him" is no statement of the speaker's);
# "until", "before" and "anymore" say it was, or is, otherwise.
DENIED = ["has never hurt me", "never feel unsafe with him", "I never felt unsafe with him until last night",
          "I never felt unsafe with her before"]


@pytest.mark.parametrize("words", UNSAFE)
@pytest.mark.parametrize("asked", [None, "feels_unsafe", "open_lives"])
def test_words_of_feeling_unsafe_are_fear_wherever_they_are_said(words, asked):
    hearing = listen(words, asked=asked)
    assert (hearing.meaning, hearing.level) == ("harm", "sure"), (words, asked, hearing)


@pytest.mark.parametrize("words", SAFE)
def test_words_of_feeling_safe_answer_no_to_feeling_unsafe(words):
    hearing = listen(words, asked="feels_unsafe")
    assert (hearing.meaning, hearing.detail, hearing.level) == ("answer", "no", "sure"), (words, hearing)
    assert listen(words).meaning not in ("harm", "crisis")


@pytest.mark.parametrize("words", ["I've never once felt unsafe with my wife", "I have never felt unsafe with him"])
def test_unsafe_denied_in_the_speakers_own_voice_is_an_explicit_statement_of_safety(words):
    """The one calm a reply may answer with "I'm glad to hear that"; a danger clause beside it is still heard."""
    assert (listen(words).meaning, listen(words).detail) == ("calm", "safe")
    assert (listen(f"{words} but he hit me last night").meaning, listen(f"{words} and he hits me").level) == \
        ("harm", "sure")


# A denial is no statement of safety (the rule of asymmetry): after the question it is the answer no, fairly sure, so
# the skill confirms before keeping it; anywhere else the skill asks directly.
@pytest.mark.parametrize("words", DENIED)
def test_a_denial_of_feeling_unsafe_is_confirmed_never_calm(words):
    hearing = listen(words, asked="feels_unsafe")
    assert (hearing.meaning, hearing.detail, hearing.level) == ("answer", "no", "fairly_sure"), (words, hearing)
    assert (listen(words).meaning, listen(words).level) == ("harm", "fairly_sure")
