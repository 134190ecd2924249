"""Safe and discreet on a shared device, in every locale: no card unless asked for (and then only after hearing who
can see it, holding numbers or titles, never an answer), a neutral exit from the safety and crisis paths, and a
greeting that names nothing sensitive to a voice Alexa did not recognise."""
from __future__ import annotations

import pytest

from skill.app import create_app
from skill.content import locale_registry
from skill.devtools.envelopes import Caller
from skill.settings import Settings

LOCALES = locale_registry.names()
CALM_ANSWERS = ["yes"] * 6 + ["no"] * 3 + ["yes", "no", "no"]  # a lie still hurts; nothing of fear
EXITS = ["stop", "cancel", "never mind", "exit", "go away"]


@pytest.fixture
def stored(tmp_path):
    return create_app(Settings(verify_requests=False, database=f"sqlite:///{tmp_path / 'device.sqlite3'}")).test_client()


def finish_selfcheck(talk):
    talk.say("start a self-check")
    for answer in CALM_ANSWERS:
        turn = talk.say(answer)
    return turn


@pytest.mark.parametrize("locale", LOCALES)
def test_results_reach_the_app_only_after_a_yes_to_who_can_see_them(chat, locale):
    talk = chat(locale)
    talk.say("/launch")
    result = finish_selfcheck(talk)
    assert result.card is None and "put it in my app" in result.speech
    asked = talk.say("put it in my app")
    assert "Anyone with access to the app can see it" in asked.speech and asked.card is None
    assert talk.say("no").card is None
    talk.say("put it in my app")
    sent = talk.say("yes")
    assert sent.card is not None and sent.reprompt
    content = sent.card["content"].lower()
    assert "because" not in content and "you said" not in content, "titles only, never a reason or an answer"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("words", ["I'm scared of my partner", "I want to die"])
def test_the_numbers_reach_the_app_only_when_asked_for(chat, locale, words):
    talk = chat(locale)
    talk.say("/launch")
    assert talk.say(words).card is None
    asked = talk.say("put the number in my app")
    assert "Anyone with access to the app can see it" in asked.speech
    sent = talk.say("yes")
    assert sent.card is not None and any(character.isdigit() for character in sent.card["content"])


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("words", ["I'm scared of my partner", "I want to die"])
@pytest.mark.parametrize("leave", EXITS)
def test_leaving_the_safety_and_crisis_paths_is_quick_and_neutral(chat, locale, words, leave):
    talk = chat(locale)
    talk.say("/launch")
    talk.say(words)
    goodbye = talk.say(leave)
    assert goodbye.end_session and goodbye.card is None
    said = goodbye.speech.lower()
    assert not any(word in said for word in ("trust builder", "safe", "number", "helpline", "crisis", "abuse"))
    assert not any(character.isdigit() for character in said)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_greeting_names_an_unfinished_self_check_only_to_its_recognised_voice(stored, chat, locale):
    for person, discreet in ((None, True), ("alex", False)):
        talk = chat(locale, client=stored, caller=Caller.named(person=person))
        talk.say("/launch")
        talk.say("start a self-check")
        talk.say("yes")
        talk.say("stop")
        greeting = talk.say("/launch").speech
        assert "carry on where you left off" in greeting
        assert ("self-check" not in greeting.lower()) is discreet, greeting
