"""Memory between visits through the chat console and the real endpoint: returning visits, two voices on one device,
"what were my results", forget me, the SkillDisabled event, a store that always fails, and no store at all."""
from __future__ import annotations

import json
import logging
import sqlite3

import pytest
from ask_sdk_core.exceptions import PersistenceException

from skill import skill_builder

from skill.devtools import envelopes

from skill.rulebook.questions import question_ids
from skill.storage import memory
from skill.voice.flow_wording import spoken_number
from skill.app import create_app
from skill.devtools.chat_session import ChatSession
from skill.devtools.resolver import resolver_for
from skill.devtools.envelopes import Caller
from skill.storage.persistence import ResilientAdapter
from skill.settings import Settings
from skill.storage.sqlite_adapter import SqliteAdapter
from tests.test_persistence import TABLE, aws, dynamodb  # noqa: F401 - fixtures

USER = "shared-echo"
TOTAL = spoken_number(len(question_ids()))  # "three of twelve": said from the question bank
USER_ID = envelopes.alexa_id("account", USER)
ALEX = envelopes.alexa_id("person", "alex")
SAM = envelopes.alexa_id("person", "sam")
DISCLAIMER = "not a substitute for professional advice"
FOUND = [{"id": "building_trust", "kind": "section", "because": "promises matter", "rule": "weak_promises"},
         {"id": "eye_contact", "kind": "exercise", "because": "closeness helps", "rule": "low_closeness"}]


@pytest.fixture
def database(tmp_path):
    return tmp_path / "trust.sqlite3"


@pytest.fixture
def settings(database) -> Settings:
    return Settings(verify_requests=False, database=f"sqlite:///{database}")


def chat_as(client, person: str | None = None, user: str = USER) -> ChatSession:
    return ChatSession(client, resolver_for("en-US"), Caller.named(user, person))


def rows(database) -> dict[str, str]:
    with sqlite3.connect(database) as db:
        return dict(db.execute("SELECT id, attributes FROM attributes"))


def record_of(database, key: str) -> dict:
    return memory.clean(json.loads(rows(database)[key]))


def seed(database, key: str, record: dict) -> None:
    """A record as an earlier visit left it, written straight to the store."""
    from ask_sdk_model import Context, RequestEnvelope, User
    from ask_sdk_model.interfaces.system import SystemState

    SqliteAdapter(database).save_attributes(
        RequestEnvelope(context=Context(system=SystemState(user=User(user_id=key)))), record)


def disabled_request() -> dict:
    return {"type": "AlexaSkillEvent.SkillDisabled", "requestId": "amzn1.echo-api.request.disabled",
            "timestamp": envelopes.timestamp(), "eventCreationTime": envelopes.timestamp(),
            "eventPublishingTime": envelopes.timestamp()}


def skill_disabled(client, user: str = USER) -> dict:
    body = envelopes.envelope(disabled_request(), Caller.named(user), None)
    answer = client.post("/alexa", json=body)
    assert answer.status_code == 200
    return answer.get_json()


class TestReturningVisits:
    def test_the_disclaimer_is_said_once_and_a_return_is_welcomed(self, client):
        chat = chat_as(client)
        assert DISCLAIMER in chat.say("/launch").speech
        chat.say("stop")
        again = chat.say("/launch")
        assert DISCLAIMER not in again.speech and "Welcome back" in again.speech

    def test_two_voices_on_one_device_keep_their_own_records(self, client, database):
        chat = chat_as(client, person="alex")
        chat.say("/launch")
        chat.say("/end")
        assert "Welcome back" in chat.say("/launch").speech
        chat.say("/person sam")
        assert DISCLAIMER in chat.say("/launch").speech
        chat.say("/person")
        assert DISCLAIMER in chat.say("/launch").speech
        assert {key for key in rows(database)} == {ALEX, SAM, USER_ID, USER_ID + memory.INDEX_SUFFIX}
        assert record_of(database, ALEX) == {"version": 1, "disclaimer_heard": True}

    def test_the_greeting_names_the_last_exercise_and_kept_results(self, client, database):
        seed(database, ALEX, {"version": 1, "disclaimer_heard": True, "visits": 3, "recommendations": FOUND,
                              "exercises": [{"id": "share_personal", "when": "2026-11-01"},
                                            {"id": "eye_contact", "when": "2026-11-20"}]})
        greeting = chat_as(client, person="alex").say("/launch").speech
        assert "Welcome back" in greeting and "Last time you tried an exercise: eye contact." in greeting
        assert "what were my results" in greeting
        assert "eye contact" not in chat_as(client, person="sam").say("/launch").speech


class TestResults:
    def test_kept_results_are_read_on_request(self, client, database):
        seed(database, ALEX, {"version": 1, "disclaimer_heard": True, "visits": 1, "recommendations": FOUND})
        chat = chat_as(client, person="alex")
        chat.say("/launch")
        turn = chat.say("what were my results")
        assert turn.intent == "ResultsIntent"
        assert "the part on building trust" in turn.speech and "An exercise may help: eye contact" in turn.speech
        assert not turn.end_session

    def test_without_results_it_says_so_and_offers_a_self_check(self, client):
        chat = chat_as(client)
        chat.say("/launch")
        turn = chat.say("what were my results")
        assert "don't have any self-check results" in turn.speech and "self-check now?" in turn.speech
        assert turn.reprompt and not turn.end_session

    def test_a_results_question_opens_a_session_of_its_own(self, client):
        turn = chat_as(client).say("ask trust builder what were my results")
        assert turn.intent == "ResultsIntent" and not turn.end_session


class TestForgetMe:
    def test_forget_me_asks_first_and_yes_deletes_everything_for_this_voice(self, client, database):
        alex = chat_as(client, person="alex")
        alex.say("/launch")
        chat_as(client, person="sam").say("/launch")
        question = alex.say("forget me")
        assert question.intent == "ForgetMeIntent" and "Shall I delete it all?" in question.speech
        assert ALEX in rows(database)
        done = alex.say("yes")
        assert "deleted everything" in done.speech and done.end_session
        assert ALEX not in rows(database) and SAM in rows(database)
        assert json.loads(rows(database)[USER_ID + memory.INDEX_SUFFIX])["persons"] == [SAM]
        assert DISCLAIMER in alex.say("/launch").speech

    def test_no_keeps_everything(self, client, database):
        chat = chat_as(client, person="alex")
        chat.say("/launch")
        before = rows(database)
        chat.say("delete my data")
        kept = chat.say("no")
        assert "haven't deleted anything" in kept.speech and "What would you like to do?" in kept.speech
        assert rows(database) == before and not kept.end_session

    def test_yes_without_the_question_deletes_nothing(self, client, database):
        chat = chat_as(client)
        chat.say("/launch")
        before = rows(database)
        chat.say("yes")
        assert rows(database) == before


class TestSkillDisabled:
    def test_the_event_deletes_every_voice_and_the_account_but_no_other_account(self, client, database):
        for person in ("alex", "sam", None):
            chat_as(client, person=person).say("/launch")
        chat_as(client, user="neighbour").say("/launch")
        answer = skill_disabled(client)
        assert "outputSpeech" not in answer.get("response", {})
        assert set(rows(database)) == {envelopes.alexa_id("account", "neighbour")}

    def test_the_event_without_a_store_is_answered(self, tmp_path):
        client = create_app(Settings(verify_requests=False, database="none")).test_client()
        skill_disabled(client)


class AlwaysFailing:
    """A store whose every call raises, as DynamoDB does when throttled or unreachable."""

    def get_attributes(self, request_envelope):
        raise PersistenceException("throttled for " + USER_ID)

    def save_attributes(self, request_envelope, attributes):
        raise PersistenceException("throttled")

    def delete_attributes(self, request_envelope):
        raise PersistenceException("throttled")


class TestAStoreThatAlwaysFails:
    @pytest.fixture
    def client(self, monkeypatch):
        monkeypatch.setattr(skill_builder, "persistence_adapter",
                            lambda _url, **_options: ResilientAdapter(AlwaysFailing()))
        return create_app(Settings(verify_requests=False, database="none")).test_client()

    def test_the_conversation_carries_on_with_one_warning_per_request(self, client, caplog):
        chat = chat_as(client, person="alex")
        # Each line, and whether it touches the store (then its faults make exactly one warning). "Yes" to deleting
        # is the one turn that cannot carry on as if nothing failed: it apologises, and the failure is logged too.
        script = [("/launch", True), ("what were my results", True), ("forget me", False), ("yes", "apology"),
                  ("/launch", True), ("help", False), ("start a self check", True), ("no", False),
                  ("do the eye contact exercise now", True), ("start a self check", False), ("yes", False),
                  ("sometimes", False), ("stop", True)]
        with caplog.at_level(logging.DEBUG, logger="skill"):
            for line, touches_store in script:
                caplog.clear()
                turn = chat.say(line)
                assert turn.speech and ("went wrong" in turn.speech) == (touches_store == "apology"), line
                warnings = [r.levelno for r in caplog.records if r.levelno >= logging.WARNING]
                expected = {False: [], True: [logging.WARNING], "apology": [logging.WARNING, logging.ERROR]}
                assert warnings == expected[touches_store], (line, [r.getMessage() for r in caplog.records])
                assert USER_ID not in caplog.text and ALEX not in caplog.text
                assert "sometimes" not in caplog.text
        # Disabling the skill cannot delete anything either: the event fails rather than being answered as done.
        body = envelopes.envelope(disabled_request(), Caller.named(USER), None)
        assert client.post("/alexa", json=body).status_code == 400


class TestWithoutAStore:
    @pytest.fixture
    def settings(self) -> Settings:
        return Settings(verify_requests=False, database="none")

    def test_every_visit_is_a_first_visit_and_everything_still_answers(self, client):
        chat = chat_as(client, person="alex")
        assert DISCLAIMER in chat.say("/launch").speech
        chat.say("stop")
        assert DISCLAIMER in chat.say("/launch").speech
        assert "don't have any self-check results" in chat.say("what were my results").speech
        forget = chat.say("forget me")
        assert "nothing to delete" in forget.speech and not forget.end_session

    def test_the_self_check_works_within_a_session_without_asking_to_remember(self, client):
        chat = chat_as(client)
        chat.say("/launch")
        chat.say("start a self check")
        answer(chat, 3)
        chat.say("main menu")
        assert f"three of {TOTAL}" in chat.say("continue my self check").speech
        assert "Question four." in chat.say("yes").speech
        answer(chat, 8)
        end = chat.say("no")
        assert "remember" not in end.speech and "Would you like" in end.speech
        assert "suggested" in chat.say("what were my results").speech
        chat.say("do the eye contact exercise now")
        chat.say("stop")
        assert DISCLAIMER in chat.say("/launch").speech


class TestOnDynamoDB:
    """The deployed store, under moto: forgetting one voice, then the whole account."""

    @pytest.fixture
    def client(self, dynamodb):
        return create_app(Settings(verify_requests=False, database=f"dynamodb://{TABLE}")).test_client()

    def test_forget_me_and_skill_disabled_delete_what_dynamodb_holds(self, client, dynamodb):
        table = dynamodb.Table(TABLE)
        alex = chat_as(client, person="alex")
        alex.say("/launch")
        chat_as(client, person="sam").say("/launch")
        chat_as(client).say("/launch")
        assert {item["id"] for item in table.scan()["Items"]} == {ALEX, SAM, USER_ID, USER_ID + memory.INDEX_SUFFIX}
        alex.say("forget me")
        assert alex.say("yes").end_session
        assert {item["id"] for item in table.scan()["Items"]} == {SAM, USER_ID, USER_ID + memory.INDEX_SUFFIX}
        skill_disabled(client)
        assert table.scan()["Items"] == []


def answer(chat: ChatSession, count: int, word: str = "no") -> None:
    for _ in range(count):
        chat.say(word)


class TestUnfinishedSelfCheck:
    def test_stopping_mid_way_keeps_the_answers_so_far_and_the_next_visit_offers_to_carry_on(self, client, database):
        chat = chat_as(client, person="alex")
        chat.say("/launch")
        chat.say("start a self check")
        answer(chat, 3)
        assert chat.say("stop").end_session
        assert record_of(database, ALEX)["unfinished_selfcheck"]["index"] == 3
        offer = chat.say("/launch")
        assert "Welcome back" in offer.speech and f"three of {TOTAL} questions answered" in offer.speech
        go_on = chat.say("yes")
        assert "Question four." in go_on.speech

    def test_stop_before_any_answer_promises_nothing_and_keeps_nothing(self, client, database):
        chat = chat_as(client, person="alex")
        chat.say("/launch")
        chat.say("start a self check")
        stopped = chat.say("stop")
        assert stopped.end_session and "continue my self-check" not in stopped.speech and "Goodbye" in stopped.speech
        assert "unfinished_selfcheck" not in record_of(database, ALEX)

    def test_continue_with_none_in_progress_says_so_and_only_starts_one_on_yes(self, client, database):
        chat = chat_as(client, person="alex")
        chat.say("/launch")
        none = chat.say("continue my self-check")
        assert none.intent == "ContinueSelfCheckIntent" and "don't have a self-check in progress" in none.speech
        assert "Question one." not in none.speech and "selfcheck" not in none.response["sessionAttributes"]
        assert "Question one." in chat.say("yes").speech

    def test_continue_with_one_in_progress_offers_it_with_how_far_it_went(self, client, database):
        chat = chat_as(client, person="alex")
        chat.say("start a self check")
        answer(chat, 2)
        chat.say("stop")
        chat.say("/launch")
        chat.say("no")
        assert f"two of {TOTAL}" in chat.say("continue my self-check").speech
        assert "Question three." in chat.say("yes").speech

    def test_give_me_an_exercise_next_visit_is_not_the_one_done_last_time(self, client, database):
        chat = chat_as(client, person="alex")
        chat.say("/launch")
        chat.say("start share something personal now")
        chat.say("stop")
        chat.say("/launch")
        picked = chat.say("give me an exercise")
        assert "share something personal" not in picked.speech and "Let's try this exercise" in picked.speech

    def test_walking_away_mid_way_keeps_it_too(self, client, database):
        chat = chat_as(client)
        chat.say("/launch")
        chat.say("start a self check")
        answer(chat, 2)
        chat.say("/end")
        assert record_of(database, USER_ID)["unfinished_selfcheck"]["index"] == 2
        assert f"two of {TOTAL}" in chat.say("ask trust builder to start a self check").speech

    def test_one_voice_is_not_offered_another_voices_self_check(self, client):
        alex = chat_as(client, person="alex")
        alex.say("start a self check")
        answer(alex, 4)
        alex.say("stop")
        sam = chat_as(client, person="sam")
        sam.say("/launch")
        assert "Question one." in sam.say("start a self check").speech

    def test_going_on_and_stopping_again_keeps_the_later_place(self, client, database):
        chat = chat_as(client)
        chat.say("start a self check")
        answer(chat, 2)
        chat.say("stop")
        chat.say("/launch")
        chat.say("yes")
        answer(chat, 3)
        chat.say("/end")
        assert record_of(database, USER_ID)["unfinished_selfcheck"]["index"] == 5

    def test_a_session_that_never_touched_the_self_check_leaves_it_stored(self, client, database):
        chat = chat_as(client)
        chat.say("start a self check")
        answer(chat, 2)
        chat.say("stop")
        chat.say("ask trust builder what topics do you have")
        chat.say("stop")
        assert record_of(database, USER_ID)["unfinished_selfcheck"]["index"] == 2

    def test_words_of_fear_mid_way_store_nothing_of_it(self, client, database):
        chat = chat_as(client)
        chat.say("/launch")
        chat.say("start a self check")
        answer(chat, 3)
        chat.say("i'm scared of my partner")
        chat.say("stop")
        assert "unfinished_selfcheck" not in record_of(database, USER_ID)

    def test_words_of_fear_in_a_self_check_taken_up_again_drop_the_stored_one(self, client, database):
        chat = chat_as(client)
        chat.say("start a self check")
        answer(chat, 3)
        chat.say("stop")
        chat.say("/launch")
        chat.say("yes")
        chat.say("i'm scared of my partner")
        chat.say("/end")
        assert "unfinished_selfcheck" not in record_of(database, USER_ID)
        assert "in progress" not in chat.say("/launch").speech

    def test_a_finished_self_check_leaves_no_answers_stored(self, client, database):
        chat = chat_as(client)
        chat.say("start a self check")
        answer(chat, 3)
        chat.say("stop")
        chat.say("/launch")
        chat.say("yes")
        answer(chat, 9)
        chat.say("/end")
        stored = rows(database)[USER_ID]
        assert "unfinished_selfcheck" not in stored and "answers" not in stored

    def test_no_to_carrying_on_at_launch_keeps_it_for_later_and_offers_the_menu(self, client, database):
        chat = chat_as(client)
        chat.say("start a self check")
        answer(chat, 3)
        chat.say("stop")
        chat.say("/launch")
        declined = chat.say("no")
        assert "keep it for later" in declined.speech and "What would you like to do?" in declined.speech
        assert "unfinished_selfcheck" in record_of(database, USER_ID)
        chat.say("/end")
        chat.say("/launch")
        assert f"three of {TOTAL}" in chat.say("start a self check").speech

    def test_no_to_carrying_on_after_start_a_self_check_keeps_it_and_start_over_begins_anew(self, client, database):
        chat = chat_as(client)
        chat.say("start a self check")
        answer(chat, 3)
        chat.say("stop")
        assert f"three of {TOTAL}" in chat.say("ask trust builder to start a self check").speech
        kept = chat.say("no")
        assert "Question one." not in kept.speech and "keep it for later" in kept.speech
        assert f"three of {TOTAL}" in chat.say("start a self check").speech
        assert "Question one." in chat.say("start over").speech


def finish_selfcheck(chat: ChatSession):
    """A whole self-check whose answers suggest sections and exercises, with no sign of fear or harm."""
    chat.say("start a self check")
    answer(chat, 11)
    return chat.say("no")


class TestRememberingResults:
    def test_yes_keeps_the_suggestions_without_reasons_or_answers(self, client, database):
        chat = chat_as(client, person="alex")
        chat.say("/launch")
        end = finish_selfcheck(chat)
        assert end.speech.endswith("Shall I remember these for next time?") and end.card is None
        assert "recommendations" not in record_of(database, ALEX)
        kept = chat.say("yes")
        assert "I'll remember them" in kept.speech and "Would you like to hear the part on" in kept.speech
        stored = rows(database)[ALEX]
        assert "because" not in stored and "answers" not in stored and "unfinished" not in stored
        suggestions = record_of(database, ALEX)["recommendations"]
        assert suggestions and all(set(entry) == {"id", "kind"} for entry in suggestions)
        assert "Would you like" in kept.reprompt
        first = chat.say("yes")
        assert first.intent == "AMAZON.YesIntent" and "What would you like to do" not in first.speech
        chat.say("stop")
        greeting = chat.say("/launch").speech
        assert "I've kept the suggestions from your last self-check" in greeting
        assert "Here's what your last self-check suggested. The part on" in chat.say("what were my results").speech

    def test_no_keeps_nothing_and_the_suggestion_is_still_offered(self, client, database):
        chat = chat_as(client, person="alex")
        chat.say("/launch")
        finish_selfcheck(chat)
        declined = chat.say("no")
        assert "I won't keep them" in declined.speech and "Would you like to hear the part on" in declined.speech
        assert "suggested" in chat.say("what were my results").speech  # this session still has them
        chat.say("stop")
        assert set(record_of(database, ALEX)) == {"version", "disclaimer_heard"}
        chat.say("/launch")
        assert "don't have any self-check results" in chat.say("what were my results").speech

    def test_after_words_of_fear_or_harm_nothing_is_offered_to_be_kept(self, client, database):
        chat = chat_as(client)
        chat.say("/launch")
        chat.say("start a self check")
        for word in ("yes", "no", "sometimes", "not sure", "yes", "yes", "no", "sometimes", "yes", "skip", "no"):
            chat.say(word)
        end = chat.say("yes")
        assert "remember" not in end.speech
        chat.say("stop")
        assert set(record_of(database, USER_ID)) == {"version", "disclaimer_heard"}


class TestExercisesRemembered:
    def test_a_finished_exercise_is_kept_without_its_day_and_named_next_time(self, client, database):
        chat = chat_as(client, person="alex")
        chat.say("/launch")
        chat.say("do the eye contact exercise now")
        assert record_of(database, ALEX)["exercises"][-1] == {"id": "eye_contact"}  # the greeting reads no date
        chat.say("stop")
        assert "Last time you tried an exercise: eye contact." in chat.say("/launch").speech
        chat.say("/person sam")
        assert "eye contact" not in chat.say("/launch").speech
