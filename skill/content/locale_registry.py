"""The locales the skill serves, read from locales.yaml: one registry instead of lists in code and tests."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from skill import content

SPELLINGS = ("us", "commonwealth", "canadian")


class LocaleRegistryError(ValueError):
    """locales.yaml has a mistake; the message names the entry."""


@dataclass(frozen=True)
class Locale:
    """One locale: its interaction model file, its spelling, its safety.yaml entry, and where its model comes from."""

    name: str
    model: str
    spelling: str
    safety: str
    generated_from: str | None = None

    @property
    def hand_written(self) -> bool:
        return self.generated_from is None

    @property
    def language(self) -> str:
        return self.name.split("-")[0]


def all_locales() -> tuple[Locale, ...]:
    """Every locale, in the order locales.yaml lists them."""
    return tuple(_registry()[1].values())


def names() -> tuple[str, ...]:
    return tuple(locale.name for locale in all_locales())


def generated() -> tuple[Locale, ...]:
    """The locales whose model `python -m skill.devtools.locales` makes from a hand-written one."""
    return tuple(locale for locale in all_locales() if not locale.hand_written)


def default_locale() -> Locale:
    return _registry()[0]


def find(name: str | None) -> Locale | None:
    """The locale called `name`, whatever its case ("EN-us" is en-US); None for one the skill does not serve."""
    return _registry()[1].get((name or "").strip().lower())


def supported(name: str | None) -> Locale:
    """The locale called `name`, or the default for one the skill does not serve."""
    return find(name) or default_locale()


@cache
def _registry() -> tuple[Locale, dict[str, Locale]]:
    data = content.load("locales")
    safety_entries = content.load("safety")["locales"]
    by_key: dict[str, Locale] = {}
    for name, entry in (data.get("locales") or {}).items():
        locale = _locale(name, entry or {}, safety_entries)
        if name.lower() in by_key:
            raise LocaleRegistryError(f"locales.yaml: {name} is listed twice")
        by_key[name.lower()] = locale
    for locale in by_key.values():
        source = by_key.get((locale.generated_from or "").lower())
        if locale.generated_from and (source is None or not source.hand_written):
            raise LocaleRegistryError(f"locales.yaml, {locale.name}: generated_from {locale.generated_from} "
                                      "is not a hand-written locale")
    default = by_key.get(str(data.get("default", "")).lower())
    if default is None:
        raise LocaleRegistryError(f"locales.yaml: the default {data.get('default')!r} is not a listed locale")
    return default, by_key


def _locale(name: str, entry: dict, safety_entries: dict) -> Locale:
    missing = [field for field in ("model", "spelling", "safety") if not entry.get(field)]
    if missing:
        raise LocaleRegistryError(f"locales.yaml, {name}: missing {', '.join(missing)}")
    if entry["spelling"] not in SPELLINGS:
        raise LocaleRegistryError(f"locales.yaml, {name}: spelling {entry['spelling']!r} is not one of {SPELLINGS}")
    # Without its entry a locale would hear another country's numbers: refuse to start instead.
    if entry["safety"] not in safety_entries:
        raise LocaleRegistryError(f"locales.yaml, {name}: safety.yaml has no entry {entry['safety']!r}")
    return Locale(name, entry["model"], entry["spelling"], entry["safety"], entry.get("generated_from"))
