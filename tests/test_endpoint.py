"""POST /alexa through Flask's test client: Amazon's verification matrix, size cap, envelope checks."""

from __future__ import annotations

import base64
import io
import json
import logging
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
import requests
import responses
from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import ResponseEnvelope
from flask import Flask
from hypothesis import event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from skill.app import create_app
from skill.web.dispatch import Dispatcher
from skill.web.endpoint import endpoint
from skill.settings import Settings
from skill.web.verification import DEFAULT_MAX_CHAIN_BYTES, RequestVerifier
from tests.signing import (
    CHAIN_URL,
    NOW,
    SKILL_ID,
    body_of,
    ca_bundle,  # noqa: F401  (a pytest fixture)
    chain_pem,
    envelope,
    sign,
    signed_headers,
)

MAX_BODY_BYTES = 128 * 1024

VALID_CERT_URLS = [
    "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
    "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
    "HTTPS://S3.AmazonAWS.com/echo.api/echo-api-cert.pem",
]
# Where each valid URL is fetched from once normalised.
NORMALISED_CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"

INVALID_CERT_URLS = [
    ("http://s3.amazonaws.com/echo.api/echo-api-cert.pem", "not https"),
    ("https://notamazon.com/echo.api/echo-api-cert.pem", "host"),
    ("https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem", "path"),
    ("https://s3.amazonaws.com/invalid.path/echo-api-cert.pem", "path"),
    ("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem", "port"),
]


class LaunchHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input):
        return handler_input.response_builder.speak("Welcome.").response


class SkillEventHandler(AbstractRequestHandler):
    def can_handle(self, handler_input):
        return handler_input.request_envelope.request.object_type.startswith("AlexaSkillEvent.")

    def handle(self, handler_input):
        return handler_input.response_builder.response


class Clock:
    """A clock the test can move; the verifier reads it for timestamps and chain validity."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now


def build_app(verifier: RequestVerifier | None) -> Flask:
    """The blueprint alone, with a two-handler skill: what the endpoint needs and nothing else."""
    builder = SkillBuilder()
    builder.add_request_handler(LaunchHandler())
    builder.add_request_handler(SkillEventHandler())
    app = Flask(__name__)
    app.extensions["trust_builder"] = Dispatcher(builder.create(), verifier=verifier, skill_ids=frozenset({SKILL_ID}),
                                                 max_body_bytes=MAX_BODY_BYTES)
    app.register_blueprint(endpoint)
    return app


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def verifier(ca_bundle, clock) -> RequestVerifier:
    return RequestVerifier(ca_bundle=ca_bundle, clock=clock)


@pytest.fixture
def client(verifier):
    """Replaces conftest's client in this module: the endpoint alone, with verification on."""
    return build_app(verifier).test_client()


@pytest.fixture
def amazon():
    """Stands in for S3: serves the test chain at CHAIN_URL; any other URL fails to connect."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(CHAIN_URL, body=chain_pem())
        yield mock


def post_signed(client, data, *, url=CHAIN_URL):
    body = data if isinstance(data, bytes) else body_of(data)
    return client.post("/alexa", data=body, headers=signed_headers(body, url=url))


def error_of(response) -> str:
    return response.get_json()["error"]


def fetches(mock, url=CHAIN_URL) -> int:
    return sum(1 for call in mock.calls if call.request.url == url)


# --- A correct request -----------------------------------------------------------


def test_correctly_signed_request_gets_the_skills_answer(client, amazon):
    response = post_signed(client, envelope())

    assert response.status_code == 200
    answer = DefaultSerializer().deserialize(response.get_data(as_text=True), ResponseEnvelope)
    assert isinstance(answer, ResponseEnvelope)
    assert "Welcome." in answer.response.output_speech.ssml


def test_healthz_answers_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "verification": "ok"}


# --- SignatureCertChainUrl ----------------------------------------------------------


@pytest.mark.parametrize("url", VALID_CERT_URLS)
def test_amazons_valid_cert_urls_pass(client, url):
    with responses.RequestsMock() as mock:
        mock.get(NORMALISED_CERT_URL, body=chain_pem())
        response = post_signed(client, envelope(), url=url)

    assert response.status_code == 200


@pytest.mark.parametrize(("url", "reason"), INVALID_CERT_URLS)
def test_amazons_invalid_cert_urls_are_refused_without_fetching(client, url, reason):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        response = post_signed(client, envelope(), url=url)
        fetched = len(mock.calls)  # responses forgets its calls on leaving the block

    assert response.status_code == 400
    assert reason in error_of(response)
    assert "certificate URL" in error_of(response)
    assert fetched == 0


def test_missing_cert_url_header_is_refused(client, amazon):
    response = post_signed(client, envelope(), url=None)

    assert response.status_code == 400
    assert error_of(response) == "missing SignatureCertChainUrl header"


def test_bad_cert_url_reason_wins_over_a_valid_body(client, amazon):
    # Amazon's order: the URL is checked before anything about the request itself.
    stale = envelope(timestamp=NOW - timedelta(days=1), application_id="someone else")
    response = post_signed(client, stale, url="https://notamazon.com/echo.api/echo-api-cert.pem")

    assert response.status_code == 400
    assert "host" in error_of(response)


# --- The certificate chain --------------------------------------------------------------


@pytest.mark.parametrize(
    ("leaf_options", "reason"),
    [
        ({"not_before": NOW - timedelta(days=60), "not_after": NOW - timedelta(seconds=1)}, "certificate expired"),
        ({"not_before": NOW + timedelta(seconds=1), "not_after": NOW + timedelta(days=60)}, "certificate not yet valid"),
        ({"dns_names": ("echo-api.example.com",)}, "certificate is not for echo-api.amazon.com"),
        ({"root_role": "stranger"}, "certificate chain is not trusted"),
    ],
    ids=["expired", "not-yet-valid", "wrong-san", "untrusted-root"],
)
def test_bad_chains_are_refused(client, leaf_options, reason):
    with responses.RequestsMock() as mock:
        mock.get(CHAIN_URL, body=chain_pem(**leaf_options))
        response = post_signed(client, envelope())

    assert response.status_code == 400
    assert error_of(response) == reason


def test_unparsable_pem_is_refused(client):
    with responses.RequestsMock() as mock:
        mock.get(CHAIN_URL, body=b"-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n")
        response = post_signed(client, envelope())

    assert response.status_code == 400
    assert error_of(response) == "certificate chain is not valid PEM"


def test_chain_is_fetched_once_for_many_requests(client, amazon):
    statuses = [post_signed(client, envelope()).status_code for _ in range(5)]

    assert statuses == [200] * 5
    assert fetches(amazon) == 1


def test_chain_is_fetched_again_once_the_leaf_has_expired(client, amazon, clock):
    assert post_signed(client, envelope()).status_code == 200
    clock.now = NOW + timedelta(days=31)  # the test leaf expires after 30 days

    response = post_signed(client, envelope(timestamp=clock.now))

    assert error_of(response) == "certificate expired"
    assert fetches(amazon) == 2


@pytest.mark.parametrize(
    ("failure", "reason"),
    [
        ({"body": requests.exceptions.ConnectTimeout()}, "download failed (ConnectTimeout)"),
        ({"body": requests.exceptions.ReadTimeout()}, "download failed (ReadTimeout)"),
        ({"status": 500}, "HTTP 500"),
        ({"body": b"\x00\x01 this is not a certificate"}, "not valid PEM"),
    ],
    ids=["connect-timeout", "read-timeout", "http-500", "garbage"],
)
def test_failed_fetch_is_refused_and_retried_by_the_next_request(client, failure, reason):
    with responses.RequestsMock() as mock:
        mock.get(CHAIN_URL, **failure)
        first = post_signed(client, envelope())
        mock.replace(responses.GET, CHAIN_URL, body=chain_pem())
        second = post_signed(client, envelope())
        fetched = fetches(mock)

    assert first.status_code == 400
    assert reason in error_of(first)
    assert second.status_code == 200
    assert fetched == 2


@pytest.mark.parametrize("failure", [{"body": chain_pem(not_after=NOW - timedelta(days=1))}, {"status": 404},
                                     {"status": 403}], ids=["expired", "http-404", "http-403"])
def test_a_chain_that_fails_for_lasting_reasons_is_remembered_not_downloaded_again(client, failure):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(CHAIN_URL, **failure)
        first = post_signed(client, envelope())
        mock.replace(responses.GET, CHAIN_URL, body=chain_pem())
        second = post_signed(client, envelope())
        fetched = fetches(mock)

    assert (first.status_code, second.status_code) == (400, 400)
    assert error_of(second) == error_of(first)
    assert fetched == 1


@pytest.mark.parametrize("declare_length", [True, False], ids=["with-content-length", "streamed"])
def test_chain_bigger_than_the_cap_is_refused(client, declare_length):
    oversized = chain_pem() + b"\n" * DEFAULT_MAX_CHAIN_BYTES
    with responses.RequestsMock() as mock:
        mock.get(CHAIN_URL, body=oversized, auto_calculate_content_length=declare_length)
        response = post_signed(client, envelope())

    assert response.status_code == 400
    assert error_of(response) == "certificate chain is too large"


# --- Signature-256 ------------------------------------------------------------------------


def test_missing_signature_is_refused(client, amazon):
    body = body_of(envelope())
    response = client.post("/alexa", data=body, headers={"SignatureCertChainUrl": CHAIN_URL})

    assert response.status_code == 400
    assert error_of(response) == "missing Signature-256 header"


def test_signature_that_is_not_base64_is_refused(client, amazon):
    body = body_of(envelope())
    headers = {"SignatureCertChainUrl": CHAIN_URL, "Signature-256": "not*base64!"}

    response = client.post("/alexa", data=body, headers=headers)

    assert response.status_code == 400
    assert error_of(response) == "signature is not valid base64"


def test_body_changed_after_signing_is_refused(client, amazon):
    body = body_of(envelope())
    headers = signed_headers(body)
    changed = body.replace(b"LaunchRequest", b"LaunchRequesT")

    response = client.post("/alexa", data=changed, headers=headers)

    assert response.status_code == 400
    assert error_of(response) == "signature does not match"


def test_signature_is_over_the_raw_bytes_not_the_parsed_json(client, amazon):
    # Same JSON, different whitespace: a verifier that re-serialised would accept it.
    body = body_of(envelope())
    respaced = json.dumps(envelope(), indent=2).encode()

    response = client.post("/alexa", data=respaced, headers=signed_headers(body))

    assert error_of(response) == "signature does not match"


# --- Timestamp -------------------------------------------------------------------------------


@pytest.mark.parametrize("offset", [-151, 151], ids=["151s-old", "151s-in-the-future"])
def test_timestamp_more_than_150_seconds_away_is_refused(client, amazon, offset):
    response = post_signed(client, envelope(timestamp=NOW + timedelta(seconds=offset)))

    assert response.status_code == 400
    assert error_of(response) == "timestamp is too far from now"


def test_timestamp_150_seconds_old_is_accepted(client, amazon):
    response = post_signed(client, envelope(timestamp=NOW - timedelta(seconds=150)))

    assert response.status_code == 200


def test_skill_event_3000_seconds_old_is_accepted(client, amazon):
    skill_event = envelope(request_type="AlexaSkillEvent.SkillDisabled", timestamp=NOW - timedelta(seconds=3000))

    response = post_signed(client, skill_event)

    assert response.status_code == 200


def test_skill_event_3700_seconds_old_is_refused(client, amazon):
    skill_event = envelope(request_type="AlexaSkillEvent.SkillDisabled", timestamp=NOW - timedelta(seconds=3700))

    response = post_signed(client, skill_event)

    assert response.status_code == 400
    assert error_of(response) == "timestamp is too far from now"


# --- Application id ----------------------------------------------------------------------


def test_wrong_application_id_is_refused(client, amazon):
    response = post_signed(client, envelope(application_id="amzn1.ask.skill.someone-else"))

    assert response.status_code == 400
    assert error_of(response) == "application id does not match"


# --- Body size and shape --------------------------------------------------------------------


def test_body_over_128_kib_is_refused_with_413(client, amazon):
    body = b" " * (MAX_BODY_BYTES + 1)

    response = client.post("/alexa", data=body, headers=signed_headers(body))

    assert response.status_code == 413
    assert error_of(response) == "request body is too large"


def test_streamed_body_over_128_kib_is_refused_with_413(client, amazon):
    response = post_chunked(client, b" " * (MAX_BODY_BYTES + 1))

    assert response.status_code == 413
    assert error_of(response) == "request body is too large"


def test_streamed_body_within_the_cap_is_read_whole(client, amazon):
    response = post_chunked(client, body_of(envelope()))

    assert response.status_code == 200


def post_chunked(client, body: bytes):
    """POST without Content-Length, as a chunked upload arrives: the cap must hold while reading."""
    environ = {"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True}
    return client.post(
        "/alexa", input_stream=io.BytesIO(body), headers=signed_headers(body), environ_overrides=environ
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"this is not json", "request body is not JSON"),
        (b"\xff\xfe{}", "request body is not JSON"),
        (b"[1, 2, 3]", "request body is not a JSON object"),
        (b'{"version": "1.0"}', "request envelope has no request"),
        (b'{"version": "1.0", "request": {"type": "LaunchRequest"}}', "request has no requestId"),
    ],
    ids=["not-json", "not-utf8", "json-array", "object-without-request", "request-without-id"],
)
def test_bodies_that_are_not_request_envelopes_are_refused(client, amazon, body, reason):
    response = post_signed(client, body)

    assert response.status_code == 400
    assert error_of(response) == reason


def test_signed_envelope_that_ask_sdk_cannot_read_is_refused(client, amazon):
    unreadable = envelope(request_type="IntentRequest")
    unreadable["request"]["intent"] = {"name": "AMAZON.HelpIntent", "slots": "not an object"}

    response = post_signed(client, unreadable)

    assert response.status_code == 400
    assert error_of(response) == "not a valid request envelope"


def test_every_refusal_is_logged_as_one_warning_without_the_body(client, amazon, caplog):
    secret = "my partner's secret"
    with caplog.at_level(logging.WARNING, logger="skill.web.dispatch"):
        post_signed(client, envelope(application_id=secret))

    records = [r for r in caplog.records if r.name == "skill.web.dispatch"]
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    message = records[0].getMessage()
    assert "application id does not match" in message and "check: application id" in message
    assert secret not in message


def test_other_paths_get_json_errors(client):
    assert client.get("/nowhere").get_json() == {"error": "not found"}
    assert client.get("/alexa").status_code == 405
    assert client.get("/alexa").get_json() == {"error": "method not allowed"}


def test_skill_that_raises_gives_400_not_500(amazon, verifier):
    app = build_app(verifier)
    app.extensions["trust_builder"].skill = SimpleNamespace(invoke=_raise_runtime_error)

    response = post_signed(app.test_client(), envelope())

    assert response.status_code == 400
    assert error_of(response) == "request could not be handled"


def test_verifier_that_breaks_gives_400_not_500(amazon):
    app = build_app(SimpleNamespace(verify=_raise_runtime_error))

    response = post_signed(app.test_client(), envelope())

    assert response.status_code == 400
    assert error_of(response) == "request could not be verified"


def _raise_runtime_error(*_, **__):
    raise RuntimeError("boom")


# --- Fuzzing: nothing unverified ever reaches the skill or a 500 ------------------------


_header_text = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=80)
_cert_urls = st.one_of(
    st.just(CHAIN_URL),
    st.sampled_from([*VALID_CERT_URLS, *(url for url, _ in INVALID_CERT_URLS)]),
    _header_text,
)
_signatures = st.one_of(
    st.just("sign-the-body"),
    _header_text,
    st.binary(max_size=300).map(lambda raw: base64.b64encode(raw).decode()),
)
# Envelopes for some other skill: even when correctly signed and on time they must fail.
_foreign_envelopes = st.builds(
    lambda moment, application_id, request_type: body_of(
        envelope(timestamp=moment, application_id=application_id, request_type=request_type)
    ),
    st.one_of(st.just(NOW), st.datetimes(timezones=st.just(timezone.utc))),
    _header_text.filter(lambda text: text != SKILL_ID),
    st.sampled_from(["LaunchRequest", "AlexaSkillEvent.SkillDisabled", "IntentRequest"]),
)
_bodies = st.one_of(st.binary(max_size=2000), _foreign_envelopes, st.just(b"x" * (MAX_BODY_BYTES + 1)))
_extra_headers = st.dictionaries(st.from_regex(r"X-[A-Za-z0-9-]{1,20}", fullmatch=True), _header_text, max_size=3)


@pytest.fixture(scope="module")
def fuzz_client(ca_bundle):
    # One client for all examples; a fixed clock, so the cached chain never expires.
    verifier = RequestVerifier(ca_bundle=ca_bundle, clock=lambda: NOW)
    return build_app(verifier).test_client()


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    url=st.one_of(st.none(), _cert_urls),
    signature=st.one_of(st.none(), _signatures),
    body=_bodies,
    extra=_extra_headers,
)
def test_random_requests_never_get_past_verification(fuzz_client, url, signature, body, extra):
    headers = dict(extra)
    if url is not None:
        headers["SignatureCertChainUrl"] = url
    if signature is not None:
        headers["Signature-256"] = sign(body) if signature == "sign-the-body" else signature
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(CHAIN_URL, body=chain_pem())
        response = fuzz_client.post("/alexa", data=body, headers=headers)

    assert response.status_code in (400, 413)
    event(response.get_json()["error"])


# --- Through the application factory, with the real skill and the real clock --------------


def factory_client(**settings_fields):
    return create_app(Settings(database="none", **settings_fields)).test_client()


def test_app_factory_answers_a_signed_launch_request(ca_bundle):
    now = datetime.now(timezone.utc)
    client = factory_client(skill_ids=frozenset({SKILL_ID}), verify_requests=True, ca_bundle=ca_bundle)
    with responses.RequestsMock() as mock:
        mock.get(CHAIN_URL, body=chain_pem(not_before=now - timedelta(days=1), not_after=now + timedelta(days=1)))
        response = post_signed(client, envelope(timestamp=now))

    assert response.status_code == 200
    answer = DefaultSerializer().deserialize(response.get_data(as_text=True), ResponseEnvelope)
    assert answer.response.output_speech is not None


def test_app_factory_refuses_an_unsigned_request(ca_bundle):
    client = factory_client(skill_ids=frozenset({SKILL_ID}), verify_requests=True, ca_bundle=ca_bundle)

    response = client.post("/alexa", json=envelope(timestamp=datetime.now(timezone.utc)))

    assert response.status_code == 400
    assert error_of(response) == "missing SignatureCertChainUrl header"


def test_skill_id_mismatch_found_by_ask_sdk_gives_400():
    # Verification off: the skill's own id check is the one that refuses.
    client = factory_client(skill_ids=frozenset({SKILL_ID}), verify_requests=False)

    response = client.post("/alexa", json=envelope(application_id="amzn1.ask.skill.someone-else"))

    assert response.status_code == 400
    assert error_of(response) == "application id does not match"


@pytest.mark.parametrize("chunked", [False, True], ids=["with-content-length", "streamed"])
def test_app_factory_caps_the_body_at_128_kib(chunked):
    client = factory_client(verify_requests=False)
    body = b" " * (MAX_BODY_BYTES + 1)

    response = post_chunked(client, body) if chunked else client.post("/alexa", data=body)

    assert response.status_code == 413
    assert error_of(response) == "request body is too large"


def test_app_factory_serves_healthz():
    response = factory_client(verify_requests=False).get("/healthz")

    assert (response.status_code, response.get_json()) == (200, {"status": "ok", "verification": "off"})


# --- What Alexa always sends, the endpoint requires: anything less is a 400 with the reason ----------------------

def _without(data: dict, *path: str) -> dict:
    """`data` with the key at `path` removed (a deep copy)."""
    data = json.loads(json.dumps(data))
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    return data


def _intent_envelope() -> dict:
    data = envelope(request_type="IntentRequest")
    data["request"]["intent"] = {"name": "AMAZON.HelpIntent", "confirmationStatus": "NONE"}
    return data


def _skill_disabled() -> dict:
    return _without(envelope(request_type="AlexaSkillEvent.SkillDisabled"), "session")


MALFORMED = {
    "intent request without intent": (_without(_intent_envelope(), "request", "intent"),
                                      "IntentRequest has no intent.name"),
    "intent without name": (_without(_intent_envelope(), "request", "intent", "name"),
                            "IntentRequest has no intent.name"),
    "intent request without session": (_without(_intent_envelope(), "session"), "IntentRequest has no session"),
    "launch without session": (_without(envelope(), "session"), "LaunchRequest has no session"),
    "session without user": (_without(envelope(request_type="SessionEndedRequest"), "session", "user"),
                             "request session has no user.userId"),
    "session without id": (_without(envelope(), "session", "sessionId"), "request session has no sessionId"),
    "session without application": (_without(envelope(), "session", "application"),
                                    "request session has no application.applicationId"),
    "skill event without context": (_without(_skill_disabled(), "context"), "request envelope has no context.System"),
    "context without user": (_without(envelope(), "context", "System", "user"),
                             "request context has no System.user.userId"),
    "context without application": (_without(envelope(), "context", "System", "application"),
                                    "request context has no System.application.applicationId"),
}


@pytest.fixture
def stored_app_client(tmp_path):
    """The real skill with a SQLite store (where a SkillDisabled event reaches the memory code), unverified."""
    return create_app(Settings(verify_requests=False, database=f"sqlite:///{tmp_path / 'store.sqlite3'}")).test_client()


@pytest.mark.parametrize(("body", "reason"), MALFORMED.values(), ids=MALFORMED.keys())
def test_a_request_missing_what_alexa_always_sends_gets_400_and_the_reason(stored_app_client, body, reason, caplog):
    with caplog.at_level(logging.WARNING):
        response = stored_app_client.post("/alexa", json=body)
    assert (response.status_code, error_of(response)) == (400, reason)
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR], "refused, not crashed"


def test_complete_requests_of_each_kind_still_get_200(stored_app_client):
    for body in (envelope(), _intent_envelope(), envelope(request_type="SessionEndedRequest"), _skill_disabled()):
        response = stored_app_client.post("/alexa", json=body)
        assert response.status_code == 200, (body["request"]["type"], response.get_json())


# --- Reading request envelopes -------------------------------------------------------------------------------


def _every_kind_of_request() -> list[dict]:
    from tests.conversation_support import SCRIPTS, run_script

    client = create_app(Settings(verify_requests=False, database="none")).test_client()
    sent = [request for kind in SCRIPTS for request in run_script(client, kind, f"reader-{kind}").requests]
    return sent + [envelope(), _intent_envelope(), envelope(request_type="SessionEndedRequest"), _skill_disabled()]


def test_requests_are_read_as_ask_sdks_own_serializer_reads_them():
    from ask_sdk_model import RequestEnvelope

    from skill.web.serializer import EnvelopeSerializer

    ours, theirs = EnvelopeSerializer(), DefaultSerializer()
    for request in _every_kind_of_request():
        text = json.dumps(request)
        read = ours.deserialize(text, RequestEnvelope)
        assert read == theirs.deserialize(text, RequestEnvelope)
        assert read.request.timestamp.utcoffset() == timedelta(0)


@pytest.mark.parametrize("timestamp", ["2026-01-15T12:00:00Z", "2026-01-15T12:00:00.123Z", "2026-01-15T12:00:00+00:00",
                                       "Thu, 15 Jan 2026 12:00:00 GMT", "2026-01-15 12:00 UTC"])
def test_timestamps_are_read_as_ask_sdk_reads_them(timestamp):
    from ask_sdk_model import RequestEnvelope

    from skill.web.serializer import EnvelopeSerializer

    request = envelope()
    request["request"]["timestamp"] = timestamp
    text = json.dumps(request)
    assert (EnvelopeSerializer().deserialize(text, RequestEnvelope).request.timestamp
            == DefaultSerializer().deserialize(text, RequestEnvelope).request.timestamp)


def test_the_faster_reader_is_really_used(monkeypatch):
    """Should ask-sdk rename the hooks EnvelopeSerializer replaces, reading would only be slower again: this says so."""
    import dateutil.parser
    from ask_sdk_model import RequestEnvelope

    from skill.web.serializer import EnvelopeSerializer

    loaded = []
    real_load = DefaultSerializer._DefaultSerializer__load_class_from_name

    def load(self, class_name):
        loaded.append(class_name)
        return real_load(self, class_name)

    monkeypatch.setattr(DefaultSerializer, "_DefaultSerializer__load_class_from_name", load)
    monkeypatch.setattr(dateutil.parser, "parse", lambda *args, **kwargs: pytest.fail("dateutil was used"))
    reader = EnvelopeSerializer()
    for _ in range(3):
        reader.deserialize(json.dumps(_intent_envelope()), RequestEnvelope)
    assert loaded and len(loaded) == len(set(loaded)), "each model class is looked up once"
