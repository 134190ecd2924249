"""Words of feeling unsafe, as Alexa hands them over (the opening "I" or "I feel" dropped) and in answer to "do you
ever feel unsafe or afraid with your partner?": fear, never the answer no; words of feeling safe: the answer no."""
from __future__ import annotations

import pytest

from skill.listener import listen

UNSAFE = ["I don't feel safe", "i do not feel safe", "do not feel safe", "not safe", "never feel safe",
          "not really safe", "I feel unsafe", "unsafe", "I am not safe", "i don't feel safe anymore",
          "she makes me feel unsafe", "not safe at home"]
SAFE = ["I feel safe", "safe", "safe with her", "I do not feel unsafe", "i never feel unsafe with him",
        "has never hurt me", "totally safe"]


@pytest.mark.parametrize("words", UNSAFE)
@pytest.mark.parametrize("asked", [None, "feels_unsafe", "open_lives"])
def test_words_of_feeling_unsafe_are_fear_wherever_they_are_said(words, asked):
    hearing = listen(words, asked=asked)
    assert (hearing.meaning, hearing.level) == ("harm", "sure"), (words, asked, hearing)


@pytest.mark.parametrize("words", SAFE)
def test_words_of_feeling_safe_answer_no_to_feeling_unsafe(words):
    hearing = listen(words, asked="feels_unsafe")
    assert (hearing.meaning, hearing.detail) == ("answer", "no"), (words, hearing)
    assert listen(words).meaning not in ("harm", "crisis")
