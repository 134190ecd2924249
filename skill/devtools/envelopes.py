"""Builds request envelopes shaped as Alexa sends them (JSON-ready dicts), for the chat console, tests and benchmarks."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from skill.devtools.resolution import Resolution, SlotValue

VERSION = "1.0"
# The console's own skill id: any id is accepted while TRUST_SKILL_ID is unset (DESIGN §2).
CONSOLE_SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-7472757374b1"
# The same person on the same device every run, so what the skill stores is there next time, as on an Echo.
CONSOLE_USER = "console-user"
CONSOLE_DEVICE = "console-device"
API_ENDPOINT = "https://api.amazonalexa.com"
USER_INITIATED = "USER_INITIATED"
SCREEN_INTERFACES = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2024.3"}}}


def alexa_id(kind: str, name: str) -> str:
    """An id in Alexa's form (`amzn1.ask.<kind>.<name>`); an id already in that form is kept as it is."""
    return name if name.startswith("amzn1.") else f"amzn1.ask.{kind}.{name}"


@dataclass(frozen=True)
class Caller:
    """Who is speaking, on which device, to which skill: what stays the same from one session to the next.

    `person_id` is the recognised voice profile; persistence keys on it before the user id (DESIGN §3).
    """

    user_id: str = alexa_id("account", CONSOLE_USER)
    device_id: str = alexa_id("device", CONSOLE_DEVICE)
    application_id: str = CONSOLE_SKILL_ID
    person_id: str | None = None
    screen: bool = False  # a device with a screen (an Echo Show): its requests say it supports APL

    @classmethod
    def named(cls, user: str | None = None, person: str | None = None,
              application_id: str = CONSOLE_SKILL_ID) -> "Caller":
        """A caller from short names ("sam") or full Alexa ids; the console's own user when `user` is None."""
        return cls(user_id=alexa_id("account", user or CONSOLE_USER),
                   application_id=application_id,
                   person_id=alexa_id("person", person) if person else None)


@dataclass
class SessionState:
    """One session as Alexa keeps it between requests: its id, whether it is new, its attributes."""

    session_id: str = field(default_factory=lambda: "amzn1.echo-api.session." + str(uuid.uuid4()))
    new: bool = True
    attributes: dict[str, Any] = field(default_factory=dict)


def envelope(request: dict[str, Any], caller: Caller, session: SessionState | None) -> dict[str, Any]:
    """The whole request: version, session (when there is one), context and `request`."""
    application = {"applicationId": caller.application_id}
    user = {"userId": caller.user_id}
    system: dict[str, Any] = {
        "application": application,
        "user": user,
        "device": {"deviceId": caller.device_id, "supportedInterfaces": SCREEN_INTERFACES if caller.screen else {}},
        "apiEndpoint": API_ENDPOINT,
    }
    if caller.person_id:
        system["person"] = {"personId": caller.person_id}
    body: dict[str, Any] = {"version": VERSION}
    if session is not None:
        body["session"] = {
            "new": session.new,
            "sessionId": session.session_id,
            "application": dict(application),
            "user": dict(user),
            "attributes": dict(session.attributes),
        }
    body["context"] = {"System": system}
    body["request"] = request
    return body


def launch_request(locale: str, now: datetime | None = None) -> dict[str, Any]:
    return {**_request_basics("LaunchRequest", locale, now), "shouldLinkResultBeReturned": False}


def intent_request(resolution: Resolution, locale: str, application_id: str = CONSOLE_SKILL_ID,
                   now: datetime | None = None) -> dict[str, Any]:
    intent: dict[str, Any] = {"name": resolution.intent, "confirmationStatus": "NONE"}
    if resolution.slots:
        intent["slots"] = {name: slot_json(slot, application_id) for name, slot in resolution.slots.items()}
    return {**_request_basics("IntentRequest", locale, now), "intent": intent}


def session_ended_request(locale: str, reason: str = USER_INITIATED, now: datetime | None = None) -> dict[str, Any]:
    return {**_request_basics("SessionEndedRequest", locale, now), "reason": reason}


def slot_json(slot: SlotValue, application_id: str = CONSOLE_SKILL_ID) -> dict[str, Any]:
    """A slot as Alexa sends it: name only when unfilled; value, and entity resolution for custom types."""
    data: dict[str, Any] = {"name": slot.name, "confirmationStatus": "NONE"}
    if slot.value is None:
        return data
    data["value"] = slot.value
    data["source"] = "USER"
    simple: dict[str, Any] = {"type": "Simple", "value": slot.value}
    authority = f"amzn1.er-authority.echo-sdk.{application_id}.{slot.type}"
    if slot.resolved is not None:
        resolutions = {"resolutionsPerAuthority": [{
            "authority": authority,
            "status": {"code": "ER_SUCCESS_MATCH"},
            "values": [{"value": {"name": slot.resolved.name, "id": slot.resolved.id}}],
        }]}
        data["resolutions"] = resolutions
        simple["resolutions"] = resolutions
    elif not slot.type.startswith("AMAZON."):
        # A custom slot's words that match none of its values: Alexa still names the type, with no match.
        resolutions = {"resolutionsPerAuthority": [{"authority": authority, "status": {"code": "ER_SUCCESS_NO_MATCH"}}]}
        data["resolutions"] = resolutions
        simple["resolutions"] = resolutions
    data["slotValue"] = simple
    return data


def timestamp(now: datetime | None = None) -> str:
    """ISO-8601 in UTC to the second, as Alexa writes it (2026-11-23T04:50:34Z)."""
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _request_basics(kind: str, locale: str, now: datetime | None) -> dict[str, Any]:
    return {"type": kind, "requestId": "amzn1.echo-api.request." + str(uuid.uuid4()),
            "timestamp": timestamp(now), "locale": locale}
