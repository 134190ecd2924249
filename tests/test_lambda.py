"""The Lambda entry point runs the same skill as the web service, built once per container."""
from __future__ import annotations

import logging
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

import skill.skill_builder
from skill import lambda_function
from skill.rulebook.engine import RulesError

REPO = Path(__file__).resolve().parents[1]
OUR_SKILL = "amzn1.ask.skill.00000000-0000-0000-0000-000000000001"
OTHER_SKILL = "amzn1.ask.skill.99999999-9999-9999-9999-999999999999"
TABLE = "trust-builder-lambda-test"


def launch_event(application_id: str = OUR_SKILL, person_id: str | None = None) -> dict:
    """A LaunchRequest as Alexa sends it to Lambda: the envelope as a dict."""
    user = {"userId": "amzn1.ask.account.TEST"}
    system = {"application": {"applicationId": application_id}, "user": user,
              "device": {"deviceId": "amzn1.ask.device.TEST", "supportedInterfaces": {}},
              "apiEndpoint": "https://api.amazonalexa.com"}
    if person_id:
        system["person"] = {"personId": person_id}
    return {
        "version": "1.0",
        "session": {"new": True, "sessionId": "amzn1.echo-api.session.TEST",
                    "application": {"applicationId": application_id}, "user": user},
        "context": {"System": system},
        "request": {"type": "LaunchRequest", "requestId": "amzn1.echo-api.request.TEST",
                    "timestamp": "2030-01-15T12:00:00Z", "locale": "en-US"},
    }


def speech(response: dict) -> str:
    return response["response"]["outputSpeech"]["ssml"]


@pytest.fixture(autouse=True)
def fresh_container(monkeypatch):
    """Each test is a new container: settings from its own environment, nothing cached."""
    monkeypatch.setenv("TRUST_DATABASE", "none")
    monkeypatch.delenv("TRUST_SKILL_ID", raising=False)
    lambda_function.reset()
    yield
    lambda_function.reset()


def test_a_launch_is_answered_with_speech_and_an_open_session():
    response = lambda_function.handler(launch_event(), None)
    assert response["version"] == "1.0"
    assert speech(response).startswith("<speak>")
    assert response["response"]["shouldEndSession"] is False
    assert "outputSpeech" in response["response"]["reprompt"]


def test_the_skill_is_built_once_per_container(monkeypatch):
    builds = []
    real_build = skill.skill_builder.build_skill

    def counting_build(settings):
        builds.append(settings)
        return real_build(settings)

    monkeypatch.setattr(skill.skill_builder, "build_skill", counting_build)
    for _ in range(3):
        lambda_function.handler(launch_event(), None)
    assert len(builds) == 1 and builds[0].database == "none"


# A request for another skill raises RequestNotHandled with the reason the web endpoint gives with its 400:
# Lambda reports an invocation error and Alexa gets no answer (Lambda has no status code to give).
@pytest.mark.parametrize("configured", [OUR_SKILL, f"{OUR_SKILL}, amzn1.ask.skill.another"],
                         ids=["one id", "several ids"])
def test_a_request_for_another_skill_is_refused(monkeypatch, configured):
    monkeypatch.setenv("TRUST_SKILL_ID", configured)
    with pytest.raises(lambda_function.RequestNotHandled, match="application id does not match"):
        lambda_function.handler(launch_event(application_id=OTHER_SKILL), None)
    assert "outputSpeech" in lambda_function.handler(launch_event(application_id=OUR_SKILL), None)["response"]


def test_progress_lives_in_dynamodb_per_voice(monkeypatch):
    """The deployed shape: DynamoDB behind the handler, two voices on one device kept apart."""
    from moto import mock_aws
    import boto3

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("TRUST_DATABASE", f"dynamodb://{TABLE}")
    with mock_aws():
        table = boto3.resource("dynamodb", region_name="us-east-1").create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}])
        first = lambda_function.handler(launch_event(person_id="amzn1.ask.person.ALEX"), None)
        again = lambda_function.handler(launch_event(person_id="amzn1.ask.person.ALEX"), None)
        other = lambda_function.handler(launch_event(person_id="amzn1.ask.person.SAM"), None)
        rows = {item["id"]: item["attributes"] for item in table.scan()["Items"]}
    # The account's index of voices (skill/storage/memory.py) lets AlexaSkillEvent.SkillDisabled find both.
    assert rows.pop("amzn1.ask.account.TEST#persons")["persons"] == ["amzn1.ask.person.ALEX", "amzn1.ask.person.SAM"]
    kept = {key: attributes["disclaimer_heard"] for key, attributes in rows.items()}
    assert kept == {"amzn1.ask.person.ALEX": True, "amzn1.ask.person.SAM": True}
    assert speech(first) != speech(again)  # the disclaimer is for a first visit
    assert speech(other) == speech(first)


def test_importing_the_entry_point_leaves_the_heavy_work_for_the_first_event():
    probe = ("import sys, skill.lambda_function;"
             "print(sorted(m for m in ('boto3', 'ask_sdk_core', 'ask_sdk_model', 'durable') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# --- Nothing a person said reaches Lambda's log ------------------------------------------------------------------

WORDS = "my husband hits me"


def intent_event_with_bad_slot() -> dict:
    """An IntentRequest ask-sdk cannot read: its error message would quote the person's words."""
    event = launch_event()
    event["request"].update(type="IntentRequest", timestamp=WORDS, intent={
        "name": "AnswerIntent", "confirmationStatus": "NONE",
        "slots": {"Answer": {"name": "Answer", "value": WORDS, "confirmationStatus": "NONE"}}})
    return event


def everything_lambda_would_print(error: BaseException) -> str:
    """The runtime logs the message and the traceback, and Python prints chained exceptions with it."""
    return "".join(traceback.format_exception(error)) + repr(error.__context__) + repr(error.__cause__)


def test_an_event_the_skill_cannot_read_is_refused_without_quoting_it(caplog):
    with caplog.at_level(logging.DEBUG), pytest.raises(lambda_function.RequestNotHandled) as refused:
        lambda_function.handler(intent_event_with_bad_slot(), None)
    assert WORDS not in everything_lambda_would_print(refused.value)
    assert refused.value.__context__ is None and refused.value.__cause__ is None
    assert WORDS not in caplog.text
    assert "SerializationException" in caplog.text  # what failed is still logged, by type


def test_a_skill_that_fails_is_refused_without_quoting_the_failure(monkeypatch, caplog):
    lambda_function.handler(launch_event(), None)  # builds the container's skill

    def failing_invoke(**_):
        raise ValueError(f"{WORDS!r} is not something I expected")

    monkeypatch.setattr(lambda_function._runtime.skill, "invoke", failing_invoke)
    with caplog.at_level(logging.DEBUG), pytest.raises(lambda_function.RequestNotHandled) as refused:
        lambda_function.handler(launch_event(), None)
    assert WORDS not in everything_lambda_would_print(refused.value) and WORDS not in caplog.text
    assert "ValueError" in caplog.text


# --- A broken rules folder stops the start -----------------------------------------------------------------------

def test_a_broken_rules_folder_stops_the_first_event(monkeypatch, tmp_path):
    (tmp_path / "broken.json").write_text('{"extra": {"tested": {"all": [{"m": {"drama": "yes"}}]}}}')
    monkeypatch.setenv("TRUST_RULES_DIR", str(tmp_path))
    with pytest.raises(RulesError, match="broken.json"):
        lambda_function.handler(launch_event(), None)
    with pytest.raises(RulesError):  # and every event after it: nothing half-built is kept
        lambda_function.handler(launch_event(), None)


def test_the_log_level_setting_applies_on_lambda_too(monkeypatch):
    skill_logger = logging.getLogger("skill")
    monkeypatch.setattr(skill_logger, "level", skill_logger.level)  # put back after the test
    monkeypatch.setenv("TRUST_LOG_LEVEL", "warning")
    lambda_function.handler(launch_event(), None)
    assert skill_logger.level == logging.WARNING
