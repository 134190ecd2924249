"""Safety first everywhere: words of fear heard at any point reach the self-check's result and card, the results kept
between visits, the catch-all answers (fallback, help, the apology) and the goodbye of a stopped self-check."""
from __future__ import annotations

import pytest

from skill.app import create_app
from skill.devtools.chat_session import ChatSession
from skill.devtools.envelopes import Caller
from skill.conversation.selfcheck_results import result
from skill.settings import Settings

LIE_ANSWERS = ["yes", "no", "sometimes", "skip", "skip", "sometimes", "yes", "no", "no", "yes", "no", "no"]
FEAR_ANSWERS = ["yes"] * 6 + ["no"] * 5 + ["yes"]
WITHHELD_TITLES = ["rebuilding trust after a lie", "being trustworthy", "forgiveness", "learning to trust your partner",
                   "fixing trust issues", "expert help", "building trust"]


@pytest.fixture
def stored_client(tmp_path):
    return create_app(Settings(verify_requests=False, database=f"sqlite:///{tmp_path / 'trust.sqlite3'}")).test_client()


def selfcheck(talk: ChatSession, answers: list[str]):
    talk.say("start a self-check")
    for answer in answers:
        turn = talk.say(answer)
    return turn


# --- S2: results, card, suggestions ------------------------------------------------------------------------------

def test_the_result_and_card_put_safety_first_after_words_of_fear_heard_before():
    found = [{"id": "rebuilding_after_lying", "kind": "section", "because": "because a lie hurts", "rule": "r"},
             {"id": "forgiveness", "kind": "exercise", "because": "because a lie hurts", "rule": "r"},
             {"id": "red_flags", "kind": "section", "because": "because of control", "rule": "c"}]
    said = result(found, [], "en-US", safety_concern=True)
    assert "You deserve to be safe" in said.speech.text and "red flags" not in said.speech.text  # on yes, after it
    assert "rebuilding trust after a lie" not in said.speech.text and "forgiveness" not in said.speech.text.lower()
    assert "1-800-799-7233" in said.speech.text and said.card is None
    assert said.offer == {"recommendation": 0}
    plain = result(found, [], "en-US")
    assert "You deserve to be safe" not in plain.speech.text and "rebuilding trust after a lie" in plain.speech.text


def test_words_of_fear_then_a_self_check_with_calm_answers(chat):
    talk = chat()
    talk.say("/launch")
    talk.say("my partner hurts me")
    end = selfcheck(talk, LIE_ANSWERS)
    assert end.speech.startswith("Thank you. That's all the questions. If you feel afraid")
    said = end.speech.lower()
    assert not [title for title in WITHHELD_TITLES if title in said]
    assert "1-800-799-7233" in end.speech and end.card is None


# --- S3: results kept between visits ------------------------------------------------------------------------------

def test_a_self_check_that_finds_fear_lets_go_of_results_kept_from_an_earlier_one(stored_client, chat):
    talk = chat(client=stored_client, caller=Caller.named(person="alex"))  # recognised: the greeting names results
    talk.say("/launch")
    assert "Shall I remember these" in selfcheck(talk, LIE_ANSWERS).speech
    talk.say("yes")
    talk.say("stop")
    assert "I've kept the suggestions" in talk.say("/launch").speech
    end = selfcheck(talk, FEAR_ANSWERS)
    assert "You deserve to be safe" in end.speech
    results = talk.say("what were my results")
    assert not [title for title in WITHHELD_TITLES if title in results.speech.lower()]
    talk.say("stop")
    again = talk.say("/launch")
    assert "I've kept the suggestions" not in again.speech
    assert "don't have any self-check results" in talk.say("what were my results").speech


def test_a_new_result_makes_the_kept_one_stale_even_when_it_is_not_kept(stored_client, chat):
    talk = chat(client=stored_client)
    talk.say("/launch")
    selfcheck(talk, LIE_ANSWERS)
    talk.say("yes")
    talk.say("stop")
    talk.say("/launch")
    selfcheck(talk, ["no"] * 12)
    talk.say("no")  # not remembered
    talk.say("stop")
    talk.say("/launch")
    assert "don't have any self-check results" in talk.say("what were my results").speech


# --- S4: the catch-all answers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["blorp fizzle wug", "help"])
def test_the_catch_all_answers_offer_no_couple_activity_after_words_of_fear(line, chat):
    # A feature this version does not know holds the conversation, so basics.py answers, not navigation.
    turn = chat(attributes={"safety_concern": True, "mode": "some-new-feature"}).say(line)
    assert "support numbers" in turn.speech and "exercise" not in turn.speech.lower()
    assert "exercise" not in turn.reprompt.lower() and turn.speech.endswith("?")


def test_the_fallback_still_offers_everything_without_a_concern(chat):
    turn = chat(attributes={"mode": "some-new-feature"}).say("blorp fizzle wug")
    assert "didn't catch that" in turn.speech and "try an exercise together" in turn.speech


# --- S6: the goodbye of a stopped self-check ------------------------------------------------------------------------

def test_without_a_store_stopping_a_self_check_promises_nothing_for_next_time(chat):
    talk = chat()
    talk.say("/launch")
    talk.say("start a self-check")
    talk.say("yes")
    goodbye = talk.say("stop")
    assert goodbye.end_session and "Goodbye" in goodbye.speech and "continue my self-check" not in goodbye.speech


def test_with_a_store_stopping_promises_to_carry_on_unless_fear_was_heard(stored_client, chat):
    talk = chat(client=stored_client)
    talk.say("/launch")
    talk.say("start a self-check")
    talk.say("yes")
    assert "continue my self-check" in talk.say("stop").speech
    talk.say("/launch")
    talk.say("i'm scared of my partner")
    talk.say("continue my self-check")
    talk.say("yes")
    assert "continue my self-check" not in talk.say("stop").speech
