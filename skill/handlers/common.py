"""Small helpers every handler uses: the request's locale and a spoken phrase for it."""
from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_locale

from skill.speech import Speech
from skill.wording import phrase, supported_locale


def locale_of(handler_input: HandlerInput) -> str:
    return supported_locale(get_locale(handler_input))


def speak(handler_input: HandlerInput, *keys: str, **values: str) -> Speech:
    """Speech made of the prompts `keys`, in the request's locale."""
    locale = locale_of(handler_input)
    return Speech().say(*(phrase(key, locale, **values) for key in keys))
