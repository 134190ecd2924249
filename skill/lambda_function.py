"""AWS Lambda entry point: hands each Alexa event to the same dispatch, and the same skill, as the web service."""
from __future__ import annotations

import logging
from typing import Any

from skill.settings import on_lambda

log = logging.getLogger(__name__)


class RequestNotHandled(Exception):
    """The event could not be read or answered. Its message is the reason the web endpoint would give for the same
    envelope, never words of the request: Lambda logs it, and an exception from ask-sdk may quote what the person
    said ("'my husband hits me' is not a valid SlotConfirmationStatus")."""


# Kept for the life of the container. On Lambda it is built as this module is imported, in the init phase, which
# Lambda runs before the first event and does not bill as part of it; elsewhere (tests, tools) on the first event.
_runtime: Any = None  # skill.web.dispatch.Dispatcher


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The serialised response envelope for `event`.

    An event the web endpoint would answer with 400 (a malformed envelope, another skill's id when TRUST_SKILL_ID
    is set, a skill failure) raises RequestNotHandled with the same reason: Lambda records an error and Alexa gets
    no answer. The template's SkillId trigger already keeps other skills out. Failures are logged by type and frames
    only, and the exception carries no chained exception for the Lambda runtime to print.
    """
    runtime = _runtime_for_this_container()
    from skill.web.dispatch import RejectedRequest, rejected

    try:
        return runtime.answer_event(event, context)
    except RejectedRequest as rejection:
        _status, answer = rejected(rejection)
        reason = answer["error"]
    # Raised here, outside any except block, so the exception carries no __context__ with user words.
    raise RequestNotHandled(reason)


def _runtime_for_this_container() -> Any:
    global _runtime
    if _runtime is None:
        from skill.log_safety import skip_call_sites
        from skill.settings import Settings
        from skill.skill_builder import build_skill, published_locales
        from skill.web.dispatch import Dispatcher

        settings = Settings.from_env()
        # Lambda's runtime has set up the handlers; TRUST_LOG_LEVEL sets how much of the skill's own gets there.
        logging.getLogger("skill").setLevel(settings.log_level)
        skip_call_sites()
        runtime = Dispatcher(build_skill(settings), skill_ids=settings.skill_ids)
        runtime.prepare(published_locales())
        _runtime = runtime
    return _runtime


def reset() -> None:
    """Forget the built skill, so the next event builds it again from the environment (for tests)."""
    global _runtime
    _runtime = None


if on_lambda():
    _runtime_for_this_container()
