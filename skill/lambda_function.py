"""AWS Lambda entry point: hands each Alexa event to the same skill the web service runs."""
from __future__ import annotations

import json
import logging
from typing import Any, NamedTuple

from skill.log_safety import log_failure

REQUEST_ENVELOPE = "ask_sdk_model.request_envelope.RequestEnvelope"
SKILL_ID_MISMATCH = "Skill ID Verification failed!!"
log = logging.getLogger(__name__)


class RequestNotHandled(Exception):
    """The event could not be read or answered. Its message is fixed: Lambda logs it, and an exception from
    ask-sdk may quote what the person said ("'my husband hits me' is not a valid SlotConfirmationStatus")."""


class _Runtime(NamedTuple):
    skill: Any  # ask_sdk_core.skill.CustomSkill
    serializer: Any  # ask_sdk_core.serialize.DefaultSerializer
    skill_ids: frozenset[str] | None


# Built on the first invocation and kept for the life of the container. Heavy imports wait
# until then too, so importing this module stays cheap (it is measured as part of cold start).
_runtime: _Runtime | None = None


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Deserialise the request envelope, run the skill, return the serialised response envelope.

    A request for a skill id not in TRUST_SKILL_ID raises ask-sdk's AskSdkException ("Skill ID
    Verification failed!!"), as ask-sdk's own lambda handler does: Lambda records an error and
    Alexa gets no answer. The template's SkillId trigger already keeps other skills out.
    Any other failure is logged by type and frames only, and raised as RequestNotHandled, with no
    message of the original and no chained exception for the Lambda runtime to print.
    """
    runtime = _runtime_for_this_container()
    failure = _answer(runtime, event, context)
    if isinstance(failure, dict):
        return failure
    # Raised here, outside any except block, so the exception carries no __context__ with user words.
    raise failure


def _answer(runtime: "_Runtime", event: dict[str, Any], context: Any) -> dict[str, Any] | Exception:
    """The serialised response, or the exception to raise instead."""
    try:
        request_envelope = runtime.serializer.deserialize(payload=json.dumps(event), obj_type=REQUEST_ENVELOPE)
    except Exception as error:  # noqa: BLE001 - whatever ask-sdk raises may quote the request
        log_failure(log, "the event is not a request envelope the skill can read", error)
        return RequestNotHandled("the event is not a request envelope the skill can read")
    if not _skill_id_allowed(request_envelope, runtime.skill_ids):
        return _skill_id_mismatch()
    try:
        return runtime.serializer.serialize(runtime.skill.invoke(request_envelope=request_envelope, context=context))
    except Exception as error:  # noqa: BLE001
        if _is_skill_id_mismatch(error):
            return _skill_id_mismatch()
        log_failure(log, "the skill could not answer the event", error)
        return RequestNotHandled("the skill could not answer the event")


def _runtime_for_this_container() -> _Runtime:
    global _runtime
    if _runtime is None:
        from ask_sdk_core.serialize import DefaultSerializer

        from skill.settings import Settings
        from skill.skill_builder import build_skill

        settings = Settings.from_env()
        # Lambda's runtime has set up the handlers; TRUST_LOG_LEVEL sets how much of the skill's own gets there.
        logging.getLogger("skill").setLevel(settings.log_level)
        _runtime = _Runtime(build_skill(settings), DefaultSerializer(), settings.skill_ids)
    return _runtime


def _skill_id_allowed(request_envelope, skill_ids: frozenset[str] | None) -> bool:
    # ask-sdk checks a single configured id itself; with several ids build_skill leaves that
    # to the web verifier, which Lambda does not have, so the set is checked here.
    if not skill_ids:
        return True
    application = getattr(getattr(getattr(request_envelope, "context", None), "system", None), "application", None)
    return getattr(application, "application_id", None) in skill_ids


def _is_skill_id_mismatch(error: Exception) -> bool:
    from ask_sdk_core.exceptions import AskSdkException

    return isinstance(error, AskSdkException) and "skill id verification" in str(error).lower()


def _skill_id_mismatch() -> Exception:
    from ask_sdk_core.exceptions import AskSdkException

    return AskSdkException(SKILL_ID_MISMATCH)


def reset() -> None:
    """Forget the built skill, so the next event builds it again from the environment (for tests)."""
    global _runtime
    _runtime = None
