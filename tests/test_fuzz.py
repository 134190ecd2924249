"""Fuzzing /alexa with hypothesis: whatever arrives, the endpoint never answers 500.

The envelopes start from real ones, recorded mid-conversation through the chat console (so they carry real session
attributes), and are then broken: fields removed, values of the wrong type, unknown request types, intents and slot
values, huge and non-ASCII strings, corrupted session attributes. With verification off the answer is a valid
response envelope or a 400; with verification on (none of these is correctly signed) it is always a 400.
"""
from __future__ import annotations

import json
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import ResponseEnvelope
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from skill.app import create_app
from skill.settings import Settings
from tests.conversation_support import SCRIPTS, run_script
from tests.live_signing_support import SKILL_ID, serve_chain, signed_request, stamped, write_live_ca_bundle
from tests.signing import sign

MAX_RESPONSE_BYTES = 24 * 1024  # Alexa's limit for a whole response (DESIGN §3)
FUZZ = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.data_too_large])
SIGNED_FUZZ = settings(FUZZ, max_examples=200)

REQUEST_TYPES = ["LaunchRequest", "IntentRequest", "SessionEndedRequest", "CanFulfillIntentRequest",
                 "AlexaSkillEvent.SkillEnabled", "AlexaSkillEvent.ProactiveSubscriptionChanged",
                 "Connections.Response", "Display.ElementSelected", "Alexa.Presentation.APL.UserEvent",
                 "AudioPlayer.PlaybackStarted", "System.ExceptionEncountered", "Messaging.MessageReceived",
                 "Dialog.InputRequest", "NoSuchRequest"]
INTENTS = ["TopicIntent", "ListTopicsIntent", "TellMeMoreIntent", "SafetyIntent", "StartSelfCheckIntent",
           "AnswerIntent", "StartExerciseIntent", "ResultsIntent", "ForgetMeIntent", "AMAZON.YesIntent",
           "AMAZON.NoIntent", "AMAZON.NextIntent", "AMAZON.PreviousIntent", "AMAZON.RepeatIntent",
           "AMAZON.StartOverIntent", "AMAZON.PauseIntent", "AMAZON.ResumeIntent", "AMAZON.HelpIntent",
           "AMAZON.FallbackIntent", "AMAZON.NavigateHomeIntent", "AMAZON.StopIntent", "NoSuchIntent"]
SLOTS = ["Topic", "Answer", "Exercise", "Duration", "NoSuchSlot"]
# Session attribute names the skill keeps (skill/alexa/respond.py, handlers, selfcheck_flow.py), and some it never wrote.
ATTRIBUTE_KEYS = ["mode", "nav", "offer", "last_response", "said", "selfcheck", "recommendations", "withheld",
                  "safety_concern", "resume", "exercise", "answer", "visits", "disclaimer_heard", "x", ""]

huge_text = st.sampled_from(["\u00e9\u4e2d\U0001f600" * 6000, "a" * 90_000, "\u202e\u0000\ud7ff" * 4000])
strings = st.one_of(st.text(max_size=40), st.text(alphabet=st.characters(codec="utf-8"), max_size=300), huge_text)
header_text = st.one_of(st.from_regex(r"[A-Za-z0-9+/=]{0,400}", fullmatch=True),
                        st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=400))
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63),
                         st.floats(allow_nan=False), strings)
json_values = st.recursive(json_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                                  st.dictionaries(st.text(max_size=10), inner,
                                                                                  max_size=4)), max_leaves=12)


def _record_bases() -> list[dict[str, Any]]:
    """Real request envelopes from every scripted conversation, recorded once with verification off."""
    client = create_app(Settings(verify_requests=False, database="none")).test_client()
    bases = []
    for kind in SCRIPTS:
        bases.extend(run_script(client, kind, f"fuzz-{kind}").requests)
    return bases


BASES = _record_bases()


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, prefix + (key,)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, prefix + (index,)))
    return found


def _parent(document: Any, path: tuple) -> Any:
    for key in path[:-1]:
        document = document[key]
    return document


def _delete(draw, envelope: dict) -> None:
    path = draw(st.sampled_from(_paths(envelope)))
    parent = _parent(envelope, path)
    del parent[path[-1]]


def _retype(draw, envelope: dict) -> None:
    path = draw(st.sampled_from(_paths(envelope)))
    _parent(envelope, path)[path[-1]] = draw(json_values)


def _request_part(envelope: dict) -> dict:
    if not isinstance(envelope.get("request"), dict):
        envelope["request"] = {}
    return envelope["request"]


def _request_type(draw, envelope: dict) -> None:
    _request_part(envelope)["type"] = draw(st.one_of(st.sampled_from(REQUEST_TYPES), st.text(max_size=30)))


def _intent(draw, envelope: dict) -> None:
    request = _request_part(envelope)
    request["type"] = "IntentRequest"
    name = draw(st.one_of(st.sampled_from(INTENTS), strings))
    old = request.get("intent") if isinstance(request.get("intent"), dict) else {}
    request["intent"] = {**old, "name": name, "confirmationStatus": draw(st.sampled_from(["NONE", "DENIED", "??"]))}


def _slot(draw, envelope: dict) -> None:
    request = _request_part(envelope)
    request.setdefault("type", "IntentRequest")
    intent = request.get("intent") if isinstance(request.get("intent"), dict) else {"name": draw(st.sampled_from(INTENTS))}
    request["intent"] = intent
    name = draw(st.sampled_from(SLOTS))
    slot: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
    if draw(st.booleans()):
        slot["value"] = draw(strings)
    if draw(st.booleans()):
        status = draw(st.sampled_from(["ER_SUCCESS_MATCH", "ER_SUCCESS_NO_MATCH", "ER_ERROR_TIMEOUT", "WHAT"]))
        values = [{"value": {"name": draw(strings), "id": draw(st.text(max_size=20))}}] if draw(st.booleans()) else []
        slot["resolutions"] = {"resolutionsPerAuthority": [
            {"authority": "amzn1.er-authority.echo-sdk.x." + name, "status": {"code": status}, "values": values}]}
    slots = intent.get("slots") if isinstance(intent.get("slots"), dict) else {}
    intent["slots"] = {**slots, name: slot}


def _attributes(draw, envelope: dict) -> None:
    session = envelope.get("session")
    if not isinstance(session, dict):
        session = envelope["session"] = {"new": False, "sessionId": "amzn1.echo-api.session.fuzz",
                                         "application": {"applicationId": SKILL_ID},
                                         "user": {"userId": "amzn1.ask.account.fuzz"}}
    attributes = session.get("attributes") if isinstance(session.get("attributes"), dict) else {}
    key = draw(st.one_of(st.sampled_from(ATTRIBUTE_KEYS), st.text(max_size=10)))
    attributes[key] = draw(json_values)
    session["attributes"] = draw(st.sampled_from([attributes, attributes, None, [], "corrupt", 7]))


MUTATIONS = [_delete, _retype, _request_type, _intent, _slot, _attributes]


@st.composite
def broken_envelopes(draw) -> dict:
    envelope = stamped(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 4))):
        draw(st.sampled_from(MUTATIONS))(draw, envelope)
    return envelope


@st.composite
def bodies(draw) -> bytes:
    """Broken envelopes as UTF-8 JSON, non-ASCII written raw or escaped; kept under the 128 KB body cap."""
    raw = json.dumps(draw(broken_envelopes()), ensure_ascii=draw(st.booleans())).encode("utf-8")
    assume(len(raw) < 120 * 1024)
    return raw


def _app(settings: Settings):
    # The default log level: create_app() sets the "skill" logger's level for the whole process, and other
    # test modules count its warnings.
    app = create_app(settings)
    # An unhandled exception reaches the test with its traceback instead of becoming an anonymous 500.
    app.config["PROPAGATE_EXCEPTIONS"] = True
    return app


@pytest.fixture(scope="module")
def unverified_client(tmp_path_factory):
    database = tmp_path_factory.mktemp("fuzz") / "skill.sqlite3"
    return _app(Settings(verify_requests=False, database=f"sqlite:///{database}")).test_client()


@pytest.fixture(scope="module")
def verified_client(tmp_path_factory):
    directory = tmp_path_factory.mktemp("fuzz-verified")
    settings = Settings(skill_ids=frozenset({SKILL_ID}), ca_bundle=write_live_ca_bundle(directory),
                        database=f"sqlite:///{directory / 'skill.sqlite3'}")
    return _app(settings).test_client()


def assert_valid_response_envelope(data: bytes, request_body: bytes) -> None:
    reply = json.loads(data)
    # ask-sdk echoes the request's session attributes. Huge ones (which Alexa never sends: it only echoes what the
    # skill sent, and the skill checks that size) may push the envelope over the limit; then only the skill's own
    # response is held to it.
    request = json.loads(request_body)
    session = request.get("session") if isinstance(request, dict) else None
    carried = session.get("attributes") if isinstance(session, dict) else None
    if len(json.dumps(carried if isinstance(carried, dict) else {})) > MAX_RESPONSE_BYTES // 4:
        assert len(json.dumps(reply.get("response")).encode("utf-8")) < MAX_RESPONSE_BYTES
    else:
        assert len(data) < MAX_RESPONSE_BYTES
    assert isinstance(reply, dict) and reply.get("version") == "1.0"
    response = reply["response"]
    assert isinstance(response, dict)
    speech = response.get("outputSpeech")
    if speech is not None:
        assert speech["type"] == "SSML" and speech["ssml"].startswith("<speak>")
    if response.get("shouldEndSession") is False:
        assert response["reprompt"]["outputSpeech"]["ssml"].startswith("<speak>")
    assert isinstance(reply.get("sessionAttributes", {}), dict)
    DefaultSerializer().deserialize(data.decode("utf-8"), ResponseEnvelope)


@FUZZ
@given(body=bodies())
def test_unverified_endpoint_answers_broken_envelopes_with_a_response_or_400(unverified_client, body):
    answer = unverified_client.post("/alexa", data=body, content_type="application/json")
    event(f"HTTP {answer.status_code}")
    assert answer.status_code in (200, 400), answer.get_data(as_text=True)[:500]
    if answer.status_code == 200:
        assert_valid_response_envelope(answer.get_data(), body)
    else:
        assert isinstance(answer.get_json()["error"], str)


@FUZZ
@given(body=st.one_of(st.binary(max_size=2000), st.text(max_size=2000).map(str.encode),
                      json_values.map(lambda value: json.dumps(value).encode())))
def test_unverified_endpoint_answers_any_bytes_with_a_response_or_400(unverified_client, body):
    assume(len(body) < 120 * 1024)  # larger bodies are refused by size, with 413 (test_endpoint.py)
    answer = unverified_client.post("/alexa", data=body, content_type="application/json")
    assert answer.status_code in (200, 400)
    if answer.status_code == 200:
        assert_valid_response_envelope(answer.get_data(), body)


@SIGNED_FUZZ
@given(body=bodies(), signing=st.sampled_from(["none", "other body", "before breaking", "garbage"]),
       data=st.data())
def test_verified_endpoint_refuses_every_broken_envelope(verified_client, body, signing, data):
    original, good_headers = signed_request(data.draw(st.sampled_from(BASES)))
    headers = {"Content-Type": "application/json"}
    if signing == "other body":
        headers = good_headers  # a real signature, of a different request
    elif signing == "before breaking":
        headers = {**good_headers, "Signature-256": sign(body)}
        body = body + b" "  # signed, then changed in transit
    elif signing == "garbage":
        headers = {**good_headers, "Signature-256": data.draw(header_text)}
    assume(body != original)
    with serve_chain():
        answer = verified_client.post("/alexa", data=body, headers=headers)
    event(f"HTTP {answer.status_code}: {(answer.get_json(silent=True) or {}).get('error')}")
    assert answer.status_code == 400, answer.get_data(as_text=True)[:500]
