"""A clear disclosure of fear or harm, kept with a store for the next visit (issue 19, abuse replies): one mark in a
recognised voice's record, never in the account's shared one; that voice's next launch offers the support numbers in
words that name nothing and withholds couple work; other voices hear an ordinary greeting; forgetting erases it."""
from __future__ import annotations

import pytest

from skill.app import create_app
from skill.settings import Settings
from tests.test_remembering import ALEX, DISCLAIMER, USER_ID, chat_as, record_of, rows, skill_disabled

DISCLOSURE = "my husband hits me"
HELPLINE = "1-800-799-7233"
OFFER = "support numbers again"
# Nothing in the greeting may tell whoever is in the room what was said before.
NAMES_NOTHING = ("abuse", "afraid", "fear", "scared", "unsafe", "safe", "crisis", "hotline", "hurt", "hit", "harm",
                 "partner", "husband", "last time you said")


@pytest.fixture
def database(tmp_path):
    return tmp_path / "trust.sqlite3"


@pytest.fixture
def client(database):
    return create_app(Settings(verify_requests=False, database=f"sqlite:///{database}")).test_client()


def disclose(client, person: str | None):
    talk = chat_as(client, person=person)
    talk.say("/launch")
    assert HELPLINE in talk.say(DISCLOSURE).speech
    talk.say("/end")
    return talk


def test_a_recognised_voice_is_offered_the_numbers_discreetly_next_time_and_gets_them_on_asking(client, database):
    alex = disclose(client, "alex")
    assert record_of(database, ALEX).get("safety_disclosed") is True
    greeting = alex.say("/launch")
    assert "Welcome back" in greeting.speech and OFFER in greeting.speech
    for said in (greeting.speech, greeting.reprompt):
        assert said and not [word for word in NAMES_NOTHING if word in said.lower()], said
    assert greeting.card is None and not greeting.end_session
    numbers = alex.say("support numbers")
    assert HELPLINE in numbers.speech
    alex.say("/end")
    assert HELPLINE not in alex.say("/launch").speech
    assert HELPLINE in alex.say("yes").speech


def test_any_other_reply_carries_on_with_couple_work_withheld(client):
    alex = disclose(client, "alex")
    alex.say("/launch")
    turn = alex.say("start the eye contact exercise")
    assert "rather not" in turn.speech and "look into each other's eyes" not in turn.speech.lower()
    assert turn.response["sessionAttributes"]["safety_concern"] is True
    assert not turn.end_session


def test_an_unrecognised_voice_keeps_nothing_and_hears_an_ordinary_greeting(client, database):
    account = disclose(client, None)
    assert "safety_disclosed" not in record_of(database, USER_ID)
    greeting = account.say("/launch")
    assert "Welcome back" in greeting.speech and OFFER not in greeting.speech
    assert "safety_concern" not in (greeting.response.get("sessionAttributes") or {})


def test_other_voices_on_the_device_hear_an_ordinary_greeting(client, database):
    disclose(client, "alex")
    for person in ("sam", None):
        greeting = chat_as(client, person=person).say("/launch")
        assert OFFER not in greeting.speech and OFFER not in (greeting.reprompt or "")
        assert not (greeting.response.get("sessionAttributes") or {}).get("safety_concern")


def test_forget_me_erases_the_mark(client, database):
    alex = disclose(client, "alex")
    alex.say("/launch")
    alex.say("forget me")
    assert "deleted everything" in alex.say("yes").speech
    assert ALEX not in rows(database)
    greeting = alex.say("/launch")
    assert DISCLAIMER in greeting.speech and OFFER not in greeting.speech


def test_disabling_the_skill_erases_the_mark(client, database):
    disclose(client, "alex")
    skill_disabled(client)
    assert rows(database) == {}
    assert OFFER not in chat_as(client, person="alex").say("/launch").speech
