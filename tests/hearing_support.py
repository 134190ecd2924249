"""Hand-built readings for dialogue tests: words the listener will hear in a way its data may not name yet (a new
meaning, the field `also`, an urgent kind), given to the skill as if heard."""
from __future__ import annotations

import pytest

from skill.handlers import hearing as hearing_module
from skill.listener import Hearing


@pytest.fixture
def heard_as(monkeypatch):
    """`heard_as({"sentence": Hearing})`: the words a request carries of that sentence (Alexa may keep its opening
    out of them) are heard so; other words as usual."""
    real = hearing_module.hear

    def install(readings: dict[str, Hearing]) -> None:
        def hear(words, locale, asked, intent, catch_all=False):
            found = [reading for sentence, reading in readings.items() if words.lower().strip() in sentence]
            return found[0] if found else real(words, locale, asked, intent, catch_all)
        monkeypatch.setattr(hearing_module, "hear", hear)

    return install
