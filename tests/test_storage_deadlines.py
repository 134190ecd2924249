"""Through the Lambda entry on DynamoDB (moto): storage keeps its deadlines when throttled, the turn still answers, and
no logger, at any level, records what a person said, answered or is."""
from __future__ import annotations

import logging

import pytest

from skill import lambda_function
from skill.devtools.chat_session import ChatSession
from skill.devtools.envelopes import Caller
from skill.devtools.resolver import resolver_for
from skill.log_safety import LIBRARY_LOGGERS
from skill.storage.dynamodb import DYNAMODB_TIMEOUTS
from tests.storage_faults_support import Throttle

TABLE = "trust-builder-deadlines"
USER = "amzn1.ask.account.LOGPROBE-USER"
PERSON = "amzn1.ask.person.LOGPROBE-PERSON"
# What the record of a part-done self-check holds, as stored: any of these in a log line is a leak.
STORED_WORDS = ("unfinished_selfcheck", "disclaimer_heard", "answers", "LOGPROBE")


class LambdaClient:
    """The chat console's client shape (`post(path, json=...)`), answered by the Lambda entry itself."""

    class Answer:
        def __init__(self, status_code: int, body: dict) -> None:
            self.status_code, self._body = status_code, body

        def get_json(self, silent: bool = False) -> dict:
            return self._body

    def post(self, _path: str, json: dict):
        try:
            return self.Answer(200, lambda_function.handler(json, None))
        except lambda_function.RequestNotHandled as refused:
            return self.Answer(400, {"error": str(refused)})


@pytest.fixture
def lambda_on_dynamodb(monkeypatch):
    """A fresh Lambda container on a moto table; the boto3 resource it builds is handed back for fault injection."""
    from moto import mock_aws
    import boto3

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("TRUST_DATABASE", f"dynamodb://{TABLE}")
    monkeypatch.setenv("TRUST_LOG_LEVEL", "DEBUG")
    monkeypatch.delenv("TRUST_SKILL_ID", raising=False)
    built = []
    real_resource = boto3.resource

    def resource(*args, **kwargs):
        built.append(real_resource(*args, **kwargs))
        return built[-1]

    with mock_aws():
        real_resource("dynamodb", region_name="us-east-1").create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
        monkeypatch.setattr(boto3, "resource", resource)
        lambda_function.reset()
        yield built
        lambda_function.reset()


def chat() -> ChatSession:
    return ChatSession(LambdaClient(), resolver_for("en-US"), Caller.named(USER, PERSON))


def test_with_the_root_logger_at_debug_no_log_line_holds_the_person_or_what_they_answered(lambda_on_dynamodb,
                                                                                         caplog):
    with caplog.at_level(logging.DEBUG):
        talk = chat()
        talk.say("/launch")
        talk.say("start a self check")
        for _ in range(3):
            talk.say("sometimes")
        assert talk.say("stop").end_session
        assert "three of" in chat().say("/launch").speech  # the answers were stored, in DynamoDB
        assert logging.getLogger().getEffectiveLevel() == logging.DEBUG
    assert caplog.records, "the test must see the log"
    logged = "\n".join(f"{record.name} {record.getMessage()}" for record in caplog.records)
    leaks = [word for word in (*STORED_WORDS, USER, PERSON, "sometimes") if word in logged]
    assert leaks == []
    for name in LIBRARY_LOGGERS:
        assert logging.getLogger(name).getEffectiveLevel() >= logging.WARNING


def test_the_store_is_built_with_timeouts_and_a_bounded_retry(lambda_on_dynamodb):
    chat().say("/launch")
    config = lambda_on_dynamodb[-1].meta.client.meta.config
    assert (config.connect_timeout, config.read_timeout) == (DYNAMODB_TIMEOUTS["connect_timeout"],
                                                             DYNAMODB_TIMEOUTS["read_timeout"])
    assert config.retries == {"mode": "standard", "total_max_attempts": 2}
    # Two tries of at most connect + read, and one back-off of at most a second: well inside Alexa's 8 seconds.
    worst_call = 2 * (config.connect_timeout + config.read_timeout) + 1
    assert worst_call <= 4


class TestThrottledStorage:
    @pytest.fixture
    def throttled(self, lambda_on_dynamodb):
        talk = chat()
        talk.say("/launch")  # builds the container and its store
        return talk, Throttle(lambda_on_dynamodb[-1])

    def test_a_launch_answers_after_one_throttled_call_and_makes_no_other(self, throttled):
        talk, throttle = throttled
        throttle.sent.clear()
        turn = chat().say("/launch")
        assert turn.speech and turn.reprompt
        # One call's two tries; every other call the turn wanted was not made.
        assert throttle.sent == ["GetItem", "GetItem"]

    def test_a_crisis_turn_answers_first_and_waits_on_at_most_one_throttled_call(self, throttled):
        talk, throttle = throttled
        throttle.sent.clear()
        turn = talk.say("I want to kill myself")
        assert turn.intent == "CrisisIntent" and "988" in turn.speech
        assert len(throttle.sent) <= 2


def test_a_request_makes_no_storage_call_once_its_storage_time_is_spent(monkeypatch, tmp_path):
    from ask_sdk_model import Context, LaunchRequest, RequestEnvelope, User
    from ask_sdk_model.interfaces.system import SystemState

    from skill.storage import persistence
    from skill.storage.sqlite_adapter import SqliteAdapter

    monkeypatch.setattr(persistence, "STORAGE_BUDGET_S", 2.0)
    now = [100.0]
    monkeypatch.setattr(persistence.time, "monotonic", lambda: now[0])
    inner = SqliteAdapter(tmp_path / "budget.sqlite3")
    envelope = RequestEnvelope(request=LaunchRequest(request_id="amzn1.echo-api.request.budget"),
                               context=Context(system=SystemState(user=User(user_id=USER))))
    inner.save_attributes(envelope, {"kept": 1})
    store = persistence.ResilientAdapter(inner)
    assert store.get_attributes(envelope) == {"kept": 1}  # the request's first call starts its clock
    now[0] += 1.5
    store.save_attributes(envelope, {"kept": 2})  # within the budget
    now[0] += 1.0
    store.save_attributes(envelope, {"kept": 3})  # 2.5 s in: not made
    assert inner.get_attributes(envelope) == {"kept": 2}
