"""What a request envelope must hold before the skill sees it.

Strict about what verification and routing need (the application and user ids, the session of a session request,
an intent's name); lenient about what Alexa may add later: an unknown request type is answered with an empty
response (an unknown value of an enumeration is skill.web.serializer's to forgive).
"""

from __future__ import annotations

from typing import Any

from ask_sdk_model import Request

# Requests that belong to a session: Alexa always sends `session` with them.
SESSION_REQUESTS = frozenset({"LaunchRequest", "IntentRequest", "SessionEndedRequest"})
# What Alexa expects for a request the skill has nothing to say to.
EMPTY_RESPONSE = {"version": "1.0", "response": {}}


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


def is_known_request_type(envelope: dict) -> bool:
    """Whether ask-sdk-model has a class for this request type; other types are newer than the skill."""
    return envelope["request"]["type"] in Request.discriminator_value_class_map


def application_id(envelope: dict) -> str:
    """The application id of an envelope that passed envelope_shape_problem."""
    return envelope["context"]["System"]["application"]["applicationId"]


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
