"""The web endpoint Alexa calls: size cap, request verification, then the skill.

Expects `current_app.extensions["trust_builder"]` to have `skill` (an ask-sdk-core
CustomSkill), `verifier` (a RequestVerifier, or None when verification is off) and
`max_body_bytes`. Every failure is answered with JSON `{"error": reason}`.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from ask_sdk_runtime.exceptions import AskSdkException
from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from skill.log_safety import log_failure
from skill.web.verification import VerificationError

logger = logging.getLogger(__name__)

endpoint = Blueprint("endpoint", __name__)



class EnvelopeSerializer(DefaultSerializer):
    """ask-sdk's serializer with two needless costs of reading a request taken out (about a fifth of a turn).

    Both are ask-sdk private hooks, replaced under their mangled names. Should a release rename them, these
    are simply not called and requests are read exactly as before, only slower; tests/test_endpoint.py fails
    then, so that it is noticed.
    """

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, Any] = {}

    def _DefaultSerializer__load_class_from_name(self, class_name: str) -> Any:
        # ask-sdk imports a model's module again for every object of every request; the answer never changes.
        found = self._classes.get(class_name)
        if found is None:
            found = DefaultSerializer._DefaultSerializer__load_class_from_name(self, class_name)
            self._classes[class_name] = found
        return found

    def _DefaultSerializer__deserialize_datetime(self, payload: Any, obj_type: Any) -> Any:
        # ask-sdk parses with dateutil, ~40 us for an ISO 8601 timestamp that fromisoformat reads in ~1 us (the
        # verifier reads the request timestamp with it too). Anything else still goes to dateutil.
        if obj_type is datetime and isinstance(payload, str):
            try:
                return datetime.fromisoformat(payload)
            except ValueError:
                pass
        return DefaultSerializer._DefaultSerializer__deserialize_datetime(self, payload, obj_type)


_serializer = EnvelopeSerializer()
# Requests that belong to a session: Alexa always sends `session` with them.
SESSION_REQUESTS = frozenset({"LaunchRequest", "IntentRequest", "SessionEndedRequest"})


class RejectedRequest(Exception):
    """A request answered with an error status; `check` says which step refused it."""

    def __init__(self, reason: str, check: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.check = check
        self.status = status


@endpoint.get("/healthz")
def healthz() -> Response:
    return jsonify(status="ok")


@endpoint.post("/alexa")
def alexa() -> Response | tuple[Response, int]:
    services = current_app.extensions["trust_builder"]
    try:
        body = _read_body(services.max_body_bytes)
        text, envelope = _parse_envelope(body)
        if services.verifier is not None:
            _verify(services.verifier, body, envelope)
        response_envelope = _invoke_skill(services.skill, text)
    except RejectedRequest as rejection:
        return _reject(rejection)
    return jsonify(response_envelope)


@endpoint.app_errorhandler(HTTPException)
def http_error_as_json(error: HTTPException) -> tuple[Response, int]:
    # Flask's default error pages are HTML; callers of this service only read JSON.
    status = error.code or 500
    return jsonify(error=(error.name or "error").lower()), status


def _reject(rejection: RejectedRequest) -> tuple[Response, int]:
    # Only the reason and the check: request bodies carry what users said.
    logger.warning("rejected Alexa request: %s (check: %s)", rejection.reason, rejection.check)
    return jsonify(error=rejection.reason), rejection.status


def _read_body(max_bytes: int) -> bytes:
    """The raw body, refusing it as soon as it is known to exceed `max_bytes`."""
    declared = request.content_length
    if declared is not None and declared > max_bytes:
        raise RejectedRequest("request body is too large", "size", 413)
    # Read one byte past the cap: a body sent without Content-Length (chunked) is
    # caught as soon as it is too large, without reading all of it.
    try:
        body = _read_at_most(max_bytes + 1)
    except RequestEntityTooLarge:
        # The app's MAX_CONTENT_LENGTH, when set, stops the read first.
        raise RejectedRequest("request body is too large", "size", 413) from None
    except HTTPException:
        # Werkzeug's ClientDisconnected: fewer bytes arrived than announced.
        raise RejectedRequest("request body could not be read", "size") from None
    if len(body) > max_bytes:
        raise RejectedRequest("request body is too large", "size", 413)
    return body


def _read_at_most(limit: int) -> bytes:
    # A stream read may return less than asked for before the end of the body.
    chunks: list[bytes] = []
    remaining = limit
    while remaining > 0:
        chunk = request.stream.read(remaining)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _parse_envelope(body: bytes) -> tuple[str, dict[str, Any]]:
    """The body as text and as a dict shaped like an Alexa request envelope."""
    try:
        # Alexa sends UTF-8; json.loads on bytes would also guess UTF-16 and UTF-32.
        text = body.decode("utf-8")
        envelope = json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RejectedRequest("request body is not JSON", "envelope") from None
    problem = envelope_shape_problem(envelope)
    if problem is not None:
        raise RejectedRequest(problem, "envelope")
    return text, envelope


def envelope_shape_problem(envelope: Any) -> str | None:
    """What keeps `envelope` from looking like an Alexa request envelope, or None.

    Checks what the skill reads before any handler runs, so a malformed request gets a 400 and a reason here
    instead of a skill that fails on it (or answers 200 to nothing): everything Alexa always sends. Every
    request has `context.System` with the user and the application; requests of a session (launch, intent,
    session end) have `session` with its id, application and user; an intent request names its intent.
    """
    if not isinstance(envelope, dict):
        return "request body is not a JSON object"
    if not isinstance(envelope.get("version"), str):
        return "request envelope has no version"
    request_part = envelope.get("request")
    if not isinstance(request_part, dict):
        return "request envelope has no request"
    for field in ("type", "requestId", "timestamp"):
        if not isinstance(request_part.get(field), str):
            return f"request has no {field}"
    for optional_object in ("session", "context"):
        if optional_object in envelope and not isinstance(envelope[optional_object], dict):
            return f"request envelope {optional_object} is not an object"
    return (_context_problem(envelope.get("context"))
            or _session_problem(request_part["type"], envelope.get("session"))
            or _intent_problem(request_part))


def _context_problem(context: dict | None) -> str | None:
    system = (context or {}).get("System")
    if not isinstance(system, dict):
        return "request envelope has no context.System"
    if not _has_text(system, "user", "userId"):
        return "request context has no System.user.userId"
    if not _has_text(system, "application", "applicationId"):
        return "request context has no System.application.applicationId"
    return None


def _session_problem(request_type: str, session: dict | None) -> str | None:
    if request_type not in SESSION_REQUESTS:
        return None
    if session is None:
        return f"{request_type} has no session"
    if not isinstance(session.get("sessionId"), str):
        return "request session has no sessionId"
    if not _has_text(session, "application", "applicationId"):
        return "request session has no application.applicationId"
    if not _has_text(session, "user", "userId"):
        return "request session has no user.userId"
    return None


def _intent_problem(request_part: dict) -> str | None:
    if request_part["type"] != "IntentRequest":
        return None
    if not isinstance(request_part.get("intent"), dict) or not isinstance(request_part["intent"].get("name"), str):
        return "IntentRequest has no intent.name"
    return None


def _has_text(parent: dict, child: str, field: str) -> bool:
    """Whether parent[child] is an object whose `field` is a string."""
    part = parent.get(child)
    return isinstance(part, dict) and isinstance(part.get(field), str)

def _verify(verifier: Any, body: bytes, envelope: dict[str, Any]) -> None:
    try:
        verifier.verify(request.headers, body, envelope)
    except VerificationError as error:
        raise RejectedRequest(error.reason, error.check) from None
    except Exception as error:
        # A certificate odd enough to trip the crypto library is still a refusal.
        log_failure(logger, "verifier failed on a request", error)
        raise RejectedRequest("request could not be verified", "verification") from None


def _invoke_skill(skill: Any, text: str) -> dict[str, Any]:
    """The skill's answer as JSON-ready data; RejectedRequest if it cannot give one."""
    try:
        request_envelope = _serializer.deserialize(text, RequestEnvelope)
    except Exception:
        # ask-sdk's deserializer raises assorted errors on odd but well-shaped JSON.
        raise RejectedRequest("not a valid request envelope", "envelope") from None
    try:
        response_envelope = skill.invoke(request_envelope=request_envelope, context=None)
        return _serializer.serialize(response_envelope)
    except Exception as error:
        # ask-sdk-core signals a skill id mismatch with a bare AskSdkException.
        if isinstance(error, AskSdkException) and "skill id verification" in str(error).lower():
            raise RejectedRequest("application id does not match", "application id") from None
        # The skill's catch-all exception handler should make anything else
        # unreachable; if not, log it for us and give Alexa a 400, never a traceback.
        log_failure(logger, "skill failed on a request", error)
        raise RejectedRequest("request could not be handled", "skill") from None

