"""Words of feeling unsafe, as Alexa hands them over (the opening "I" or "I feel" dropped) and in answer to "do you
ever feel unsafe or afraid with your partner?": fear, never the answer no; words of feeling safe: the answer no; a
denial of feeling unsafe: the answer no, to be confirmed, and outside that question a reason to ask."""
from __future__ import annotations

import pytest

from skill.listener import listen

UNSAFE = ["I don't feel safe", "i do not feel safe", "do not feel safe", "not safe", "never feel safe",
          "not really safe", "I feel unsafe", "unsafe", "I am not safe", "i don't feel safe anymore",
          "she makes me feel unsafe", "not safe at home"]
SAFE = ["I feel safe", "safe", "safe with her", "totally safe"]
DENIED = ["I do not feel unsafe", "i never feel unsafe with him", "has never hurt me"]


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


# A denial is no statement of safety (the rule of asymmetry): after the question it is the answer no, fairly sure, so
# the skill confirms before keeping it; anywhere else the skill asks directly.
@pytest.mark.parametrize("words", DENIED)
def test_a_denial_of_feeling_unsafe_is_confirmed_never_calm(words):
    hearing = listen(words, asked="feels_unsafe")
    assert (hearing.meaning, hearing.detail, hearing.level) == ("answer", "no", "fairly_sure"), (words, hearing)
    assert (listen(words).meaning, listen(words).level) == ("harm", "fairly_sure")
