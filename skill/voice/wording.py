"""Finds what the skill says for a key and a locale: prompts from content data, spelled for the locale."""
from __future__ import annotations

import re
from functools import cache, lru_cache

from skill import content
from skill.content import locale_registry
from skill.content.provenance import recipe_of, recipes_of, sourced

# The files of skill/content/ that hold prompts: one set of keys across them, each key defined once.
PROMPT_FILES = ("prompts", "flow")


class DuplicatePromptError(ValueError):
    """A prompt key is defined in two prompt files: which one the skill says would depend on lookup order."""


# A prompt may have variants chosen by what the conversation heard (`concern`): its `default`, and `after_safety` or
# `after_crisis` where it reads otherwise after words of fear or harm, or of ending one's life.
VARIANTS = {None: "default", "safety": "after_safety", "crisis": "after_crisis"}


def phrase(key: str, locale: str | None = None, *, concern: str | None = None, **values: object) -> str:
    """The prompt `key` (its variant for `concern`), with `{name}` placeholders filled from `values`, spelled for
    `locale`."""
    text = prompts()[key]
    if isinstance(text, dict):
        text = text.get(VARIANTS[concern]) or text["default"]
    if values:
        text = text.format(**values)
    return sourced(localise(text, locale), _phrase_recipe(key, concern, values))


def _phrase_recipe(key: str, concern: str | None, values: dict) -> list | None:
    """["p", key], with the concern and the values' recipes when there are any; None when a value has none."""
    filled = recipes_of(values)
    if filled is None:
        return None
    return ["p", key, concern, filled] if filled else ["p", key, concern] if concern else ["p", key]


def phrase_in_turn(key: str, turn: int, locale: str | None) -> str:
    """One of a list of prompts (`acks`), chosen by `turn` so that consecutive turns vary."""
    choices = prompts()[key]
    return localise(choices[turn % len(choices)], locale)


def filled(template: str, **values: object) -> str:
    """A content template with its `{name}` placeholders filled, keeping where template and values came from."""
    recipes = recipes_of(values)
    recipe = recipe_of(template)
    return sourced(template.format(**values), None if recipes is None or recipe is None else ["f", recipe, recipes])


@cache
def prompts() -> dict:
    """Every prompt of PROMPT_FILES by key; DuplicatePromptError when a key is in two files."""
    found: dict = {}
    where: dict[str, str] = {}
    for name in PROMPT_FILES:
        for key, text in content.load(name).items():
            if key in found:
                raise DuplicatePromptError(f"prompt {key!r} is in both {where[key]}.yaml and {name}.yaml")
            found[key], where[key] = text, name
    return found


def localise(text: str, locale: str | None) -> str:
    """`text` with each word that has a US and a Commonwealth spelling in the locale's spelling (Canada mixes)."""
    recipe = recipe_of(text)
    return sourced(_localised(text, locale), None if recipe is None else ["l", recipe])


@lru_cache(maxsize=4096)  # prompts with their few filled values: a small set, said again turn after turn
def _localised(text: str, locale: str | None) -> str:
    pattern, replacements = _spelling(supported_locale(locale))
    if not replacements:
        return text
    return pattern.sub(lambda match: _same_case(match.group(0), replacements[match.group(0).lower()]), text)


def supported_locale(locale: str | None) -> str:
    """The registered name of `locale` ("EN-gb" is en-GB), or the default locale's for one the skill does not serve."""
    return locale_registry.supported(locale).name


@cache
def _spelling(locale: str) -> tuple[re.Pattern, dict[str, str]]:
    data = content.load("spelling")
    variant = locale_registry.supported(locale).spelling
    us_in_canada = frozenset(data["canadian_us_forms"])
    replacements = {}
    for us, commonwealth in data["pairs"]:
        to_commonwealth = variant == "commonwealth" or (variant == "canadian" and us not in us_in_canada)
        source, target = (us, commonwealth) if to_commonwealth else (commonwealth, us)
        replacements[source.lower()] = target
    words = sorted(replacements, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(word) for word in words) + r")\b", re.IGNORECASE)
    return pattern, replacements


def capitalised(text: str) -> str:
    """`text` with its first letter upper case, the rest as it is ("red flags" → "Red flags", "Alexa" kept)."""
    recipe = recipe_of(text)
    return sourced(text[:1].upper() + text[1:], None if recipe is None else ["cap", recipe])


def _same_case(original: str, replacement: str) -> str:
    return capitalised(replacement) if original[:1].isupper() else replacement
