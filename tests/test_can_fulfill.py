"""CanFulfillIntentRequest: Alexa asks, before choosing a skill for words that named none, whether this one can take
them. The answer is honest per intent, and asking leaves nothing behind: nothing stored, no words logged."""
from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import ResponseEnvelope

from skill.app import create_app
from skill.devtools.resolver import MODEL_DIR
from skill.settings import Settings
from skill.web.can_fulfill import verdicts
from tests.signing import SKILL_ID

MANIFEST = json.loads((MODEL_DIR / "skill.json").read_text(encoding="utf-8"))["manifest"]
LOCALES = sorted(MANIFEST["publishingInformation"]["locales"])
# Words no log may hold: what someone might say to Alexa without naming the skill.
PRIVATE_WORDS = "my husband locked me in the bedroom again"


def language_model(locale: str) -> dict:
    return json.loads((MODEL_DIR / f"{locale}.json").read_text(encoding="utf-8"))["interactionModel"]["languageModel"]


def slot_value(model: dict, slot_type: str) -> tuple[str, dict | None]:
    """A value of `slot_type` and the resolution Alexa sends with it (None for a built-in type)."""
    for kind in model["types"]:
        if kind["name"] == slot_type:
            value = kind["values"][0]
            code = {"code": "ER_SUCCESS_MATCH"}
            return value["name"]["value"], {"resolutionsPerAuthority": [
                {"authority": f"amzn1.er-authority.echo-sdk.{SKILL_ID}.{slot_type}", "status": code,
                 "values": [{"value": {"name": value["name"]["value"], "id": value.get("id", "x")}}]}]}
    return ("PT5M" if slot_type == "AMAZON.DURATION" else PRIVATE_WORDS), None


def can_fulfill_request(locale: str, intent: str, slots: dict | None = None) -> dict:
    system = {"application": {"applicationId": SKILL_ID}, "user": {"userId": "amzn1.ask.account.ROUTER"},
              "device": {"deviceId": "amzn1.ask.device.ROUTER", "supportedInterfaces": {}}}
    return {"version": "1.0",
            "session": {"new": True, "sessionId": "amzn1.echo-api.session.ROUTER",
                        "application": {"applicationId": SKILL_ID}, "user": {"userId": "amzn1.ask.account.ROUTER"}},
            "context": {"System": system},
            "request": {"type": "CanFulfillIntentRequest", "requestId": "amzn1.echo-api.request.ROUTER",
                        "timestamp": "2030-01-15T12:00:00Z", "locale": locale,
                        "intent": {"name": intent, "slots": slots or {}}}}


def filled_slots(model: dict, intent: dict) -> dict:
    slots = {}
    for slot in intent.get("slots", ()):
        value, resolutions = slot_value(model, slot["type"])
        slots[slot["name"]] = {"name": slot["name"], "value": value, **({"resolutions": resolutions} if resolutions else {})}
    return slots


def stored_rows(database: Path) -> int:
    if not database.exists():
        return 0
    with sqlite3.connect(database) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return sum(connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables)


def test_the_manifest_subscribes_to_the_request():
    assert {"type": "CAN_FULFILL_INTENT_REQUEST"} in MANIFEST["apis"]["custom"]["interfaces"]


def test_every_intent_of_every_model_has_an_honest_answer_and_none_is_left_over():
    intents = {intent["name"] for locale in LOCALES for intent in language_model(locale)["intents"]}
    assert set(verdicts()) == intents
    # What the skill is for is a yes; what only means something inside a conversation, or is Alexa's, is a no.
    assert {verdicts()[name] for name in ("TopicIntent", "StartSelfCheckIntent", "StartExerciseIntent")} == {"YES"}
    assert {verdicts()[name] for name in intents if name.startswith("AMAZON.")} == {"NO"}
    assert verdicts()["AnswerIntent"] == verdicts()["ForgetMeIntent"] == "NO"


@pytest.mark.parametrize("locale", LOCALES)
def test_each_intent_is_answered_without_storing_or_logging_anything(locale, tmp_path, caplog):
    database = tmp_path / "store.sqlite3"
    client = create_app(Settings(verify_requests=False, database=f"sqlite:///{database}",
                                 skill_ids=frozenset({SKILL_ID}))).test_client()
    model = language_model(locale)
    caplog.set_level(logging.DEBUG)
    for intent in model["intents"]:
        response = client.post("/alexa", json=can_fulfill_request(locale, intent["name"], filled_slots(model, intent)))
        assert response.status_code == 200, (intent["name"], response.get_json())
        answer = DefaultSerializer().deserialize(response.get_data(as_text=True), ResponseEnvelope).response
        assert answer.can_fulfill_intent.can_fulfill.value == verdicts()[intent["name"]], intent["name"]
        assert answer.output_speech is None and answer.should_end_session is None
        for slot in intent.get("slots", ()):
            said = answer.can_fulfill_intent.slots[slot["name"]]
            assert said.can_understand.value in ("YES", "MAYBE"), (intent["name"], slot["name"])
            expected = "NO" if verdicts()[intent["name"]] == "NO" else "YES"
            assert said.can_fulfill.value == expected, (intent["name"], slot["name"])

    assert stored_rows(database) == 0
    assert PRIVATE_WORDS not in caplog.text and "locked me" not in caplog.text


def test_a_topic_it_does_not_have_is_a_maybe_and_an_intent_it_does_not_know_a_no(client):
    unknown_topic = {"Topic": {"name": "Topic", "value": "plumbing", "resolutions": {"resolutionsPerAuthority": [
        {"authority": "amzn1.er-authority.echo-sdk.x.TopicType", "status": {"code": "ER_SUCCESS_NO_MATCH"}}]}}}
    topic = client.post("/alexa", json=can_fulfill_request("en-US", "TopicIntent", unknown_topic)).get_json()
    unknown = client.post("/alexa", json=can_fulfill_request("en-US", "OrderPizzaIntent")).get_json()

    assert topic["response"]["canFulfillIntent"] == {
        "canFulfill": "MAYBE", "slots": {"Topic": {"canUnderstand": "NO", "canFulfill": "NO"}}}
    assert unknown["response"]["canFulfillIntent"] == {"canFulfill": "NO"}


def test_through_lambda_too(monkeypatch):
    from skill import lambda_function

    monkeypatch.setenv("TRUST_DATABASE", "none")
    lambda_function.reset()
    try:
        answer = lambda_function.handler(can_fulfill_request("en-GB", "StartSelfCheckIntent"), None)
    finally:
        lambda_function.reset()
    assert answer["response"]["canFulfillIntent"] == {"canFulfill": "YES"}
