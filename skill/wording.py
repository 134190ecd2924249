"""Finds what the skill says for a key and a locale: prompts from content data, spelled for the locale."""
from __future__ import annotations

import re
from functools import cache

from skill import content

DEFAULT_LOCALE = "en-US"


def phrase(key: str, locale: str | None = None, **values: str) -> str:
    """The prompt `key`, with `{name}` placeholders filled from `values`, spelled for `locale`."""
    text = content.load("prompts")[key]
    if values:
        text = text.format(**values)
    return localise(text, locale)


def localise(text: str, locale: str | None) -> str:
    """`text` with each word that has a US and a Commonwealth spelling in the locale's spelling."""
    pattern, replacements = _spelling(supported_locale(locale))
    if not replacements:
        return text
    return pattern.sub(lambda match: _same_case(match.group(0), replacements[match.group(0).lower()]), text)


def supported_locale(locale: str | None) -> str:
    variants = content.load("spelling")["variants"]
    return locale if locale in variants else DEFAULT_LOCALE


@cache
def _spelling(locale: str) -> tuple[re.Pattern, dict[str, str]]:
    data = content.load("spelling")
    to_commonwealth = data["variants"][locale] == "commonwealth"
    replacements = {}
    for us, commonwealth in data["pairs"]:
        source, target = (us, commonwealth) if to_commonwealth else (commonwealth, us)
        replacements[source.lower()] = target
    words = sorted(replacements, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(word) for word in words) + r")\b", re.IGNORECASE)
    return pattern, replacements


def _same_case(original: str, replacement: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement
