"""The skill's request handlers, in the order ask-sdk tries them: the first whose can_handle says yes answers.

Crisis comes first, then safety, so that words of ending one's life, and of fear or harm, are heard anywhere.
A feature that holds the conversation (a self-check, an exercise) comes before general navigation, so "yes",
"next" or "help" mean what they mean there.
"""
from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler

from skill.handlers import basics, crisis, exercises, navigation, remembering, safety, selfcheck


def request_handlers() -> list[AbstractRequestHandler]:
    return [
        *crisis.HANDLERS,
        *safety.HANDLERS,
        *selfcheck.HANDLERS,
        *exercises.HANDLERS,
        *remembering.HANDLERS,
        *navigation.HANDLERS,
        *basics.HANDLERS,
        basics.TellHandler(request_handlers),
        *basics.LAST_RESORT,
    ]
