"""The one dispatch both entries share, free of any web framework: a request in, a status and a JSON body out.

The web endpoint hands over headers and the raw body; the Lambda entry hands over the event it was given. Both get
the same checks in the same order and the same reason for the same bad envelope: size cap, envelope shape,
verification (web only: Lambda is guarded by its SkillId trigger), the skill id in every configuration, then
deserialise with the one serializer, invoke, serialise.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from skill.log_safety import describe_fault, log_failure
from skill.web import can_fulfill
from skill.web.envelope import (
    EMPTY_RESPONSE,
    application_id,
    envelope_shape_problem,
    is_known_request_type,
)
from skill.web.serializer import EnvelopeSerializer
from skill.web.session_bounds import has_attributes, without_attributes, without_oversized_attributes
from skill.web.verification import VerificationError, header_value
from skill.web.warmup import prepare_turns

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 128 * 1024


class RejectedRequest(Exception):
    """A request answered with an error status; `check` says which step refused it."""

    def __init__(self, reason: str, check: str, status: int = 400, fault: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.check = check
        self.status = status
        self.fault = fault  # the exception behind it, by type only (log_safety.describe_fault)


def rejected(rejection: RejectedRequest) -> tuple[int, dict[str, str]]:
    """The status and body for a refusal, logged as one line with the reason and the check only: bodies carry
    what people said."""
    fault = f" after {rejection.fault}" if rejection.fault else ""
    logger.warning("rejected Alexa request: %s (check: %s)%s", rejection.reason, rejection.check, fault)
    return rejection.status, {"error": rejection.reason}


class Dispatcher:
    """What answering a request needs: the skill, the verifier (None when verification is off), the allowed skill
    ids (None: any) and the body cap. Holds no state of any request, so threads share one."""

    def __init__(self, skill: Any, *, verifier: Any = None, skill_ids: frozenset[str] | None = None,
                 max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.skill = skill
        self.verifier = verifier
        self.skill_ids = skill_ids
        self.max_body_bytes = max_body_bytes
        self.serializer = EnvelopeSerializer()

    def prepare(self, locales: list[str]) -> None:
        """Build now, at start-up, what the first turn in each of `locales` would build (skill.web.warmup)."""
        prepare_turns(self.serializer, locales)
        can_fulfill.verdicts()

    def dispatch(self, headers: Mapping[str, str], body: bytes) -> tuple[int, dict[str, Any]]:
        """An HTTP request's answer: (200, the response envelope), or (4xx, {"error": reason})."""
        try:
            _check_size(headers, body, self.max_body_bytes)
            text, envelope = _parse(body)
            _check_shape(envelope)
            if self.verifier is not None:
                self._verify(headers, body, envelope)
            return 200, self.answer(envelope, text)
        except RejectedRequest as rejection:
            return rejected(rejection)

    def answer_event(self, event: Any, context: Any = None) -> dict[str, Any]:
        """A Lambda event's answer; RejectedRequest, with the reason the web endpoint would give, if there is none."""
        _check_shape(event)
        return self.answer(event, None, context)

    def answer(self, envelope: dict[str, Any], text: str | None, context: Any = None) -> dict[str, Any]:
        """The half both entries share, for an envelope of the right shape (`text`: its JSON, when at hand, which
        spares measuring session attributes that cannot be too large)."""
        if self.skill_ids is not None and application_id(envelope) not in self.skill_ids:
            raise RejectedRequest("application id does not match", "application id")
        if envelope["request"]["type"] == can_fulfill.REQUEST_TYPE:
            return can_fulfill.can_fulfill_answer(envelope)  # before the skill: no handler may store or log
        if not is_known_request_type(envelope):
            return EMPTY_RESPONSE  # a request type newer than the skill: Alexa expects an empty answer
        try:
            return self._invoke(without_oversized_attributes(envelope, text), context)
        except RejectedRequest:
            if not has_attributes(envelope):
                raise
        # The session came from the client, and whatever it held made the turn fail: the turn is answered again from
        # a fresh session, so that no answer (a safety or crisis answer least of all) is refused for what it was sent.
        logger.warning("session attributes dropped: the turn failed with them")
        return self._invoke(without_attributes(envelope), context)

    def _invoke(self, envelope: dict[str, Any], context: Any) -> dict[str, Any]:
        try:
            request_envelope = self.serializer.read_envelope(envelope)
        except Exception as error:  # noqa: BLE001 - ask-sdk raises assorted errors on odd but well-shaped JSON
            raise RejectedRequest("not a valid request envelope", "envelope", fault=describe_fault(error)) from None
        try:
            return self.serializer.serialize(self.skill.invoke(request_envelope=request_envelope, context=context))
        except Exception as error:  # noqa: BLE001
            # The skill's catch-all exception handler should make this unreachable; if not, it is logged for us
            # and the caller gets a refusal, never a traceback.
            log_failure(logger, "skill failed on a request", error)
            raise RejectedRequest("request could not be handled", "skill") from None

    def _verify(self, headers: Mapping[str, str], body: bytes, envelope: dict[str, Any]) -> None:
        try:
            self.verifier.verify(headers, body, envelope)
        except VerificationError as error:
            raise RejectedRequest(error.reason, error.check) from None
        except Exception as error:  # noqa: BLE001
            # A certificate odd enough to trip the crypto library is still a refusal.
            log_failure(logger, "verifier failed on a request", error)
            raise RejectedRequest("request could not be verified", "verification") from None


def _check_size(headers: Mapping[str, str], body: bytes, max_bytes: int) -> None:
    declared = header_value(headers, "Content-Length")
    if (declared is not None and declared.strip().isdigit() and int(declared) > max_bytes) or len(body) > max_bytes:
        raise RejectedRequest("request body is too large", "size", 413)


def _parse(body: bytes) -> tuple[str, Any]:
    try:
        # Alexa sends UTF-8; json.loads on bytes would also guess UTF-16 and UTF-32.
        text = body.decode("utf-8")
        return text, json.loads(text)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise RejectedRequest("request body is not JSON", "envelope") from None


def _check_shape(envelope: Any) -> None:
    problem = envelope_shape_problem(envelope)
    if problem is not None:
        raise RejectedRequest(problem, "envelope")
