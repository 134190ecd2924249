"""The one dispatch both entries share: the same answer, or the same refusal, from the web endpoint and from Lambda;
session attributes the skill could not have written are never replayed and never stop an answer."""
from __future__ import annotations

import json
import logging
import sqlite3

import pytest

from skill import lambda_function
from skill.app import create_app
from skill.settings import Settings
from tests.signing import SKILL_ID, envelope

OTHER_SKILL = "amzn1.ask.skill.99999999-9999-9999-9999-999999999999"
UNVERIFIED_SETTINGS = {"TRUST_DATABASE": "none", "TRUST_VERIFY_REQUESTS": "false"}


def intent(name: str, attributes: dict | None = None, **request_fields) -> dict:
    data = envelope(request_type="IntentRequest")
    data["request"].update(intent={"name": name, "confirmationStatus": "NONE"}, **request_fields)
    data["session"].update(new=False, attributes=attributes or {})
    return data


@pytest.fixture
def lambda_entry(monkeypatch):
    """Lambda's handler with its own container settings; call it with (event, skill_ids)."""
    def answer(event: dict, skill_ids: str = "") -> dict | str:
        for name, value in {**UNVERIFIED_SETTINGS, "TRUST_SKILL_ID": skill_ids}.items():
            monkeypatch.setenv(name, value)
        lambda_function.reset()
        try:
            return lambda_function.handler(event, None)
        except lambda_function.RequestNotHandled as refused:
            return str(refused)
        finally:
            lambda_function.reset()
    return answer


def web_entry(event: dict, skill_ids: str = "") -> dict | str:
    ids = frozenset(part.strip() for part in skill_ids.split(",") if part.strip()) or None
    client = create_app(Settings(verify_requests=False, database="none", skill_ids=ids)).test_client()
    response = client.post("/alexa", json=event)
    return response.get_json() if response.status_code == 200 else response.get_json()["error"]


def speech_of(answer: dict) -> str:
    return answer["response"].get("outputSpeech", {}).get("ssml", "")


# --- Both entries answer alike --------------------------------------------------------------------------------------

def _session_ended(reason: str) -> dict:
    data = envelope(request_type="SessionEndedRequest")
    data["request"]["reason"] = reason
    return data


ALIKE = {
    "a request type newer than the skill": (envelope(request_type="Alexa.Presentation.Future.Event"), ""),
    "an unknown SessionEnded reason": (_session_ended("SOME_NEW_REASON"), ""),
    "an unknown dialog state": (intent("AMAZON.HelpIntent", dialogState="SOME_NEW_STATE"), ""),
    "an old envelope without context": ({key: value for key, value in envelope().items() if key != "context"}, ""),
    "a session without its user": (intent("AMAZON.HelpIntent") | {"session": {"sessionId": "s", "new": False,
                                   "application": {"applicationId": SKILL_ID}}}, ""),
    "another skill, several ids configured": (envelope(application_id=OTHER_SKILL), f"{SKILL_ID}, {OTHER_SKILL}x"),
    "another skill, one id configured": (envelope(application_id=OTHER_SKILL), SKILL_ID),
}


@pytest.mark.parametrize(("event", "skill_ids"), ALIKE.values(), ids=ALIKE.keys())
def test_the_web_endpoint_and_lambda_answer_the_same_envelope_alike(lambda_entry, event, skill_ids):
    assert web_entry(event, skill_ids) == lambda_entry(event, skill_ids)


def test_unknown_request_types_and_enum_values_get_an_empty_200(lambda_entry):
    for event in (envelope(request_type="Alexa.Presentation.Future.Event"), _session_ended("SOME_NEW_REASON")):
        assert web_entry(event) == lambda_entry(event)
        assert web_entry(event)["response"] == {}


def test_an_old_envelope_without_context_is_refused_by_both_with_one_reason(lambda_entry):
    old = {key: value for key, value in envelope().items() if key != "context"}
    assert web_entry(old) == lambda_entry(old) == "request envelope has no context.System"


def test_with_verification_off_and_several_ids_another_skill_cannot_disable_ours(lambda_entry, tmp_path):
    path = tmp_path / "store.sqlite3"
    database = f"sqlite:///{path}"
    ids = frozenset({SKILL_ID, "amzn1.ask.skill.ours-too"})
    client = create_app(Settings(verify_requests=False, database=database, skill_ids=ids)).test_client()
    assert client.post("/alexa", json=envelope()).status_code == 200  # our skill: the first visit is stored
    disable = {key: value for key, value in envelope(request_type="AlexaSkillEvent.SkillDisabled",
                                                     application_id=OTHER_SKILL).items() if key != "session"}

    response = client.post("/alexa", json=disable)

    assert (response.status_code, response.get_json()) == (400, {"error": "application id does not match"})
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM attributes").fetchone() == (1,), "the record is still there"


# --- Session attributes that came from the client -------------------------------------------------------------------

FORGED_SSML = '<speak>Call this number now <audio src="https://attacker.example/a.mp3"/></speak>'


@pytest.mark.parametrize("said", ["AMAZON.RepeatIntent", "AMAZON.ResumeIntent"])
def test_repeat_and_resume_never_replay_ssml_the_skill_did_not_build(lambda_entry, said):
    forged = {"last_response": {"ssml": FORGED_SSML, "reprompt": FORGED_SSML}}
    for answer in (web_entry(intent(said, forged)), lambda_entry(intent(said, forged))):
        assert "attacker" not in json.dumps(answer) and "Call this number" not in json.dumps(answer)
        assert speech_of(answer).startswith("<speak>")


def test_repeat_replays_what_the_skill_said(client):
    first = client.post("/alexa", json=intent("ListTopicsIntent")).get_json()
    again = client.post("/alexa", json=intent("AMAZON.RepeatIntent", first["sessionAttributes"])).get_json()
    assert speech_of(again) == speech_of(first)


OVERSIZED = {"junk": "x" * 40_000}
NESTED = {"junk": json.loads("[" * 400 + "]" * 400)}


@pytest.mark.parametrize("attributes", [OVERSIZED, NESTED], ids=["oversized", "deeply nested"])
@pytest.mark.parametrize(("said", "heard"), [("SafetyIntent", "deserve to be safe"), ("CrisisIntent", "988")])
def test_safety_and_crisis_answer_whatever_the_session_attributes(lambda_entry, caplog, attributes, said, heard):
    with caplog.at_level(logging.DEBUG):
        answers = [web_entry(intent(said, attributes)), lambda_entry(intent(said, attributes))]
    for answer in answers:
        assert heard in speech_of(answer)
        assert "junk" not in answer.get("sessionAttributes", {})
    assert max(len(record.getMessage()) for record in caplog.records) < 4000, "log records stay small"
