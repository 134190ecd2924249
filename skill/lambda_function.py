"""AWS Lambda entry point: hands each Alexa event to the same skill the web service runs."""
from __future__ import annotations

import json
from typing import Any, NamedTuple

REQUEST_ENVELOPE = "ask_sdk_model.request_envelope.RequestEnvelope"


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
    """
    runtime = _runtime_for_this_container()
    request_envelope = runtime.serializer.deserialize(payload=json.dumps(event), obj_type=REQUEST_ENVELOPE)
    _check_skill_id(request_envelope, runtime.skill_ids)
    response_envelope = runtime.skill.invoke(request_envelope=request_envelope, context=context)
    return runtime.serializer.serialize(response_envelope)


def _runtime_for_this_container() -> _Runtime:
    global _runtime
    if _runtime is None:
        from ask_sdk_core.serialize import DefaultSerializer

        from skill.settings import Settings
        from skill.skill_builder import build_skill

        settings = Settings.from_env()
        _runtime = _Runtime(build_skill(settings), DefaultSerializer(), settings.skill_ids)
    return _runtime


def _check_skill_id(request_envelope, skill_ids: frozenset[str] | None) -> None:
    # ask-sdk checks a single configured id itself; with several ids build_skill leaves that
    # to the web verifier, which Lambda does not have, so the set is checked here.
    if not skill_ids:
        return
    application = getattr(getattr(getattr(request_envelope, "context", None), "system", None), "application", None)
    if getattr(application, "application_id", None) not in skill_ids:
        from ask_sdk_core.exceptions import AskSdkException

        raise AskSdkException("Skill ID Verification failed!!")


def reset() -> None:
    """Forget the built skill, so the next event builds it again from the environment (for tests)."""
    global _runtime
    _runtime = None
