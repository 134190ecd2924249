"""Builds the one ask-sdk-core skill that both the web service and Lambda run."""
from __future__ import annotations

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.handlers import remembering, request_handlers
from skill.handlers.errors import CatchAllExceptionHandler
from skill.interceptors import RequestLogger, ResponseLogger
from skill.persistence import persistence_adapter
from skill.settings import Settings


def build_skill(settings: Settings) -> CustomSkill:
    builder = CustomSkillBuilder(persistence_adapter=persistence_adapter(settings.database))
    if settings.skill_ids and len(settings.skill_ids) == 1:
        # ask-sdk checks one id; several allowed ids are checked by the web endpoint's verifier.
        builder.skill_id = next(iter(settings.skill_ids))
    for handler in request_handlers():
        builder.add_request_handler(handler)
    builder.add_exception_handler(CatchAllExceptionHandler())
    builder.add_global_request_interceptor(RequestLogger())
    builder.add_global_response_interceptor(ResponseLogger())
    # Memory between visits: an unfinished self-check comes back at launch and is kept when a session ends.
    for interceptor in remembering.REQUEST_INTERCEPTORS:
        builder.add_global_request_interceptor(interceptor)
    for interceptor in remembering.RESPONSE_INTERCEPTORS:
        builder.add_global_response_interceptor(interceptor)
    return builder.create()
