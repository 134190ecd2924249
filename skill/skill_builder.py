"""Builds the one ask-sdk-core skill that both the web service and Lambda run."""
from __future__ import annotations

import json
from pathlib import Path

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill.conversation import not_alone, support
from skill.alexa.errors import CatchAllExceptionHandler
from skill.alexa.handler import ConversationHandler, UnfinishedSelfCheckKeeper, UnfinishedSelfCheckLoader
from skill.alexa.interceptors import RulebookProvider, TurnLogger
from skill.alexa.memory_port import PendingDeletions
from skill.alexa.turn_of import Forgetting, Listening
from skill.handlers import carriers
from skill.listener import prepare as prepare_listener
from skill.storage.persistence import persistence_adapter
from skill.rulebook.engine import rulebook_for
from skill.settings import MANIFEST_FILE, Settings


def build_skill(settings: Settings) -> CustomSkill:
    """The skill for `settings`. Every rules file is read and checked here, so a mistake in one stops the start
    (RulesError naming file, ruleset and rule) instead of the first self-check that reaches it; so is every locale
    the manifest publishes, which must have its own safety and crisis numbers (ContentError naming the locale)."""
    rulebook = rulebook_for(settings.rules_dir)
    support.check_published(published_locales())
    prepare_listener()  # its data and patterns load now, at start-up, not on the first sentence someone says
    carriers.prepare()  # so do the carriers free words are heard again under
    not_alone.prepare()
    builder = CustomSkillBuilder(persistence_adapter=persistence_adapter(settings.database,
                                                                         aws_region=settings.aws_region))
    # The skill id is checked by skill.web.dispatch, for both entries and any number of ids, not by ask-sdk.
    builder.add_request_handler(ConversationHandler())
    builder.add_exception_handler(CatchAllExceptionHandler())
    builder.add_global_request_interceptor(RulebookProvider(rulebook))
    builder.add_global_request_interceptor(Listening())  # the Turn, its words heard before any feature answers
    builder.add_global_response_interceptor(TurnLogger())
    # Memory between visits: an unfinished self-check comes back at launch and is kept when a session ends.
    builder.add_global_request_interceptor(UnfinishedSelfCheckLoader())
    builder.add_global_response_interceptor(UnfinishedSelfCheckKeeper())
    builder.add_global_response_interceptor(PendingDeletions())  # deletions a fault left noted, when no one waits
    builder.add_global_response_interceptor(Forgetting())  # last: the words of the turn are not kept after it
    return builder.create()


def published_locales(manifest: Path = MANIFEST_FILE) -> list[str]:
    """The locales the skill manifest publishes (publishingInformation.locales)."""
    with open(manifest, encoding="utf-8") as stream:
        return list(json.load(stream)["manifest"]["publishingInformation"]["locales"])
