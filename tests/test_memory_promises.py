"""Memory on a shared device, in dialogues through the chat fixture: "stop" promises "next time" only when the answers
were saved (no store, nothing answered, or a failed save: no promise), and what is kept is said only to its voice."""
from __future__ import annotations

import pytest

from skill.app import create_app
from skill.devtools.envelopes import Caller
from skill.settings import Settings
from skill.storage.sqlite_adapter import SqliteAdapter
from skill.voice.wording import phrase

PROMISE = "Next time, say continue my self-check"


@pytest.fixture
def stored(tmp_path):
    return create_app(Settings(verify_requests=False, database=f"sqlite:///{tmp_path / 'device.sqlite3'}")).test_client()


def stop_after(talk, answers: list[str]):
    talk.say("/launch")
    talk.say("start a self-check")
    for answer in answers:
        talk.say(answer)
    return talk.say("stop")


def test_with_a_store_and_an_answer_stop_promises_next_time_and_keeps_it(chat, stored):
    talk = chat(client=stored)
    stop = stop_after(talk, ["yes", "no"])
    assert PROMISE in stop.speech and stop.end_session
    assert "carry on where you left off" in talk.say("/launch").speech


def test_without_a_store_stop_promises_nothing(chat):
    stop = stop_after(chat(), ["yes", "no"])
    assert PROMISE not in stop.speech and "next time" not in stop.speech.lower()
    assert stop.speech == phrase("selfcheck_stop_unkept", "en-US")


def test_before_any_answer_stop_promises_nothing(chat, stored):
    stop = stop_after(chat(client=stored), [])
    assert "next time" not in stop.speech.lower()


def test_when_the_save_fails_stop_promises_nothing(chat, stored, monkeypatch):
    def refuse(self, request_envelope, attributes):
        raise OSError("disk full")

    monkeypatch.setattr(SqliteAdapter, "save_attributes", refuse)
    talk = chat(client=stored)
    stop = stop_after(talk, ["yes", "no"])
    assert "next time" not in stop.speech.lower() and stop.end_session
    monkeypatch.undo()
    assert "carry on where you left off" not in talk.say("/launch").speech


def test_after_words_of_fear_stop_promises_nothing_and_keeps_nothing(chat, stored):
    talk = chat(client=stored)
    stop = stop_after(talk, ["yes", "I'm scared of my partner", "continue my self-check", "yes", "no"])
    assert "next time" not in stop.speech.lower()
    assert "carry on where you left off" not in talk.say("/launch").speech


def test_the_discreet_offer_and_its_reprompt_name_nothing_the_recognised_one_may(chat, stored):
    talk = chat(client=stored)
    stop_after(talk, ["yes", "no"])
    discreet = talk.say("/launch")
    for said in (discreet.speech, discreet.reprompt):
        assert "self-check" not in said and "questions" not in said
    alex = chat(client=stored, caller=Caller.named(person="alex"))
    stop_after(alex, ["yes"])
    named = alex.say("/launch")
    assert "self-check" in named.speech and "self-check" in named.reprompt


def test_a_recognised_voice_hears_its_earlier_answer_when_going_back_but_no_one_else_does(chat, stored):
    answers = ["yes", "sometimes"]
    alex = chat(client=stored, caller=Caller.named(person="alex"))
    stop_after(alex, answers)
    alex.say("/launch")
    alex.say("yes")
    assert "Last time you said sometimes" in alex.say("go back").speech
    someone = chat(client=stored)
    stop_after(someone, answers)
    someone.say("/launch")
    someone.say("yes")
    assert "Last time" not in someone.say("go back").speech
