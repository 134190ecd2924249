"""Session attributes are measured as the answer will carry them, and no turn is refused for what they hold: a safety
or crisis answer is never a 400, whatever the client sent back as its session (issue 20, D6).

2,000 emoji are 8 KB in a request but 24 KB in the answer (each escaped as two \\uXXXX), which made SafetyIntent and
CrisisIntent answer 400 while the size guard counted characters."""
from __future__ import annotations

import json

import pytest

from skill import lambda_function
from skill.app import create_app
from skill.settings import Settings
from skill.web.dispatch import Dispatcher
from skill.web.session_bounds import MAX_ATTRIBUTES_BYTES, without_oversized_attributes
from tests.signing import envelope

EMOJI = "\U0001F600" * 2000  # 8,000 bytes of UTF-8, 2,000 characters, 24,000 bytes once escaped in JSON


def intent(name: str, attributes: dict, slots: dict | None = None) -> dict:
    data = envelope(request_type="IntentRequest")
    data["request"]["intent"] = {"name": name, "confirmationStatus": "NONE", "slots": slots or {}}
    data["session"].update(new=False, attributes=attributes)
    return data


def words(text: str) -> dict:
    return {"words": {"name": "words", "value": text, "confirmationStatus": "NONE"}}


TURNS = {  # what is said, and what its answer must hold
    "safety": (lambda attributes: intent("SafetyIntent", attributes), "deserve to be safe"),
    "crisis": (lambda attributes: intent("CrisisIntent", attributes), "988"),
    "danger in free words": (lambda attributes: intent("TellIntent", attributes, words("hits me when he drinks")),
                             "1-800-799-7233"),
}
ATTRIBUTES = {
    "emoji in a key of its own": {"note": EMOJI},
    "emoji in the last reply": {"last_response": {"ssml": f"<speak>{EMOJI}</speak>", "reprompt": "<speak>?</speak>"}},
    "emoji as the mode": {"mode": EMOJI},
    "emoji as keys": {f"k{n}\U0001F600": "\U0001F600" * 3 for n in range(600)},
}


@pytest.fixture(scope="module")
def client():
    return create_app(Settings(verify_requests=False, database="none")).test_client()


def post_raw_utf8(client, data: dict):
    """As a client that does not escape: the emoji go over the wire as UTF-8."""
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return client.post("/alexa", data=body, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("attributes", ATTRIBUTES.values(), ids=ATTRIBUTES.keys())
@pytest.mark.parametrize("turn", TURNS.values(), ids=TURNS.keys())
def test_safety_turns_answer_with_2000_emoji_in_the_session(client, turn, attributes):
    make, heard = turn
    response = post_raw_utf8(client, make(attributes))

    assert response.status_code == 200, response.get_json()
    answer = response.get_json()
    assert heard in answer["response"]["outputSpeech"]["ssml"]
    assert "\U0001F600" not in json.dumps(answer, ensure_ascii=False)
    assert len(response.get_data()) < 24_000


@pytest.mark.parametrize("attributes", ATTRIBUTES.values(), ids=ATTRIBUTES.keys())
def test_through_lambda_too(monkeypatch, attributes):
    monkeypatch.setenv("TRUST_DATABASE", "none")
    lambda_function.reset()
    try:
        answer = lambda_function.handler(intent("CrisisIntent", attributes), None)
    finally:
        lambda_function.reset()
    assert "988" in answer["response"]["outputSpeech"]["ssml"]


def test_the_guard_counts_what_the_answer_will_carry_not_characters():
    text_of = lambda data: json.dumps(data, ensure_ascii=False)  # noqa: E731 - the body as the client sent it
    emoji = intent("SafetyIntent", {"note": EMOJI})
    plain = intent("SafetyIntent", {"note": "x" * (MAX_ATTRIBUTES_BYTES - 100)})

    assert len(text_of(emoji)) < MAX_ATTRIBUTES_BYTES  # so few characters that counting them let it through
    assert without_oversized_attributes(emoji, text_of(emoji))["session"]["attributes"] == {}
    assert without_oversized_attributes(plain, text_of(plain)) is plain


class _FailsOnAttributes:
    """A skill that fails whenever the session holds anything: what the guard could not foresee."""

    def __init__(self) -> None:
        self.seen: list[dict] = []

    def invoke(self, request_envelope, context=None):
        attributes = request_envelope.session.attributes or {}
        self.seen.append(dict(attributes))
        if attributes:
            raise RuntimeError("the skill tripped on what the session held")
        from ask_sdk_model import ResponseEnvelope
        from ask_sdk_model.response import Response
        return ResponseEnvelope(version="1.0", response=Response())


def test_a_turn_that_fails_on_its_attributes_is_answered_from_a_fresh_session():
    skill = _FailsOnAttributes()
    answer = Dispatcher(skill).answer(intent("SafetyIntent", {"mode": "selfcheck", "odd": [1, {"a": None}]}), None)

    assert answer["version"] == "1.0"
    assert skill.seen == [{"mode": "selfcheck", "odd": [1, {"a": None}]}, {}]


def test_a_turn_that_fails_without_attributes_is_still_refused_once():
    skill = _FailsOnAttributes()
    skill.invoke = lambda request_envelope, context=None: (_ for _ in ()).throw(RuntimeError("broken"))
    from skill.web.dispatch import RejectedRequest

    with pytest.raises(RejectedRequest):
        Dispatcher(skill).answer(intent("SafetyIntent", {}), None)
