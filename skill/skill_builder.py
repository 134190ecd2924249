"""Builds the one ask-sdk-core skill that both the web service and Lambda run."""
from __future__ import annotations

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.handlers import remembering, request_handlers
from skill.handlers.errors import CatchAllExceptionHandler
from skill.handlers.interceptors import RequestLogger, ResponseLogger
from skill.storage.persistence import persistence_adapter
from skill.rulebook.engine import RuleBook, rulebook_for, rules_in_use
from skill.settings import Settings


class RulesSkill(CustomSkill):
    """An ask-sdk skill that runs its requests with its own rules (what default_rulebook() answers in a handler)."""

    def __init__(self, skill_configuration, rulebook: RuleBook) -> None:
        super().__init__(skill_configuration=skill_configuration)
        self.rulebook = rulebook

    def invoke(self, request_envelope, context):
        with rules_in_use(self.rulebook):
            return super().invoke(request_envelope=request_envelope, context=context)


def build_skill(settings: Settings) -> CustomSkill:
    """The skill for `settings`. Every rules file is read and checked here, so a mistake in one stops the start
    (RulesError naming file, ruleset and rule) instead of the first self-check that reaches it."""
    rulebook = rulebook_for(settings.rules_dir)
    builder = CustomSkillBuilder(persistence_adapter=persistence_adapter(settings.database,
                                                                         aws_region=settings.aws_region))
    # The skill id is checked by skill.web.dispatch, for both entries and any number of ids, not by ask-sdk.
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
    return RulesSkill(builder.skill_configuration, rulebook)
