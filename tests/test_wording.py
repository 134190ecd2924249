"""skill/voice/wording.py: one lookup for every prompt file, each key defined once, no text written twice; lists in words."""
from __future__ import annotations

import pytest

from skill import content

from skill.voice import wording
from skill.voice.flow_wording import spoken_list


def test_one_lookup_finds_prompts_of_every_prompt_file():
    assert wording.phrase("goodbye") == content.load("prompts")["goodbye"]
    assert wording.phrase("question_first") == content.load("flow")["question_first"]
    assert wording.phrase("resume_offer", "en-GB", answered="two", count="twelve").startswith("You have a self-check")


def test_a_prompt_says_its_variant_for_what_the_conversation_heard():
    variants = content.load("prompts")["menu_question"]
    assert wording.phrase("menu_question") == variants["default"]
    assert wording.phrase("menu_question", concern="safety") == variants["after_safety"]
    assert wording.phrase("menu_question", concern="crisis") == variants["after_crisis"]
    assert wording.phrase("welcome", concern="crisis") == content.load("prompts")["welcome"], "no variant: the one text"


def test_a_key_defined_in_two_prompt_files_fails_loudly(monkeypatch):
    real = content.load

    def doubled(name):
        return {**real(name), "goodbye": "Bye."} if name == "flow" else real(name)

    monkeypatch.setattr(content, "load", doubled)
    wording.prompts.cache_clear()
    try:
        with pytest.raises(wording.DuplicatePromptError, match="goodbye"):
            wording.phrase("goodbye")
    finally:
        monkeypatch.undo()
        wording.prompts.cache_clear()


def test_no_text_is_written_twice_under_two_keys():
    seen: dict[str, str] = {}
    twice = []
    for key, text in wording.prompts().items():
        if isinstance(text, str):
            normal = " ".join(text.split())
            if normal in seen:
                twice.append((seen[normal], key))
            seen.setdefault(normal, key)
    assert twice == []


@pytest.mark.parametrize("items, said", [([], ""), (["a"], "a"), (["a", "b"], "a and b"),
                                         (["a", "b", "c"], "a, b, and c")])
def test_one_way_to_say_a_list(items, said):
    assert spoken_list(items, "en-US") == said


def test_canadian_english_mixes_commonwealth_and_us_spellings():
    from skill.voice.wording import localise

    text = "Recognizing counseling behavior takes judgment"
    assert localise(text, "en-GB") == "Recognising counselling behaviour takes judgement"
    assert localise(text, "en-CA") == "Recognizing counselling behaviour takes judgment"
    assert localise(text, "en-US") == text
