"""The self-check's and exercises' wording (skill/content/flow.yaml): phrases, and numbers and durations in words."""
from __future__ import annotations

from skill import content
from skill.wording import localise


def said(key: str, locale: str | None, **values: object) -> str:
    """The phrase `key` of flow.yaml with its `{name}` placeholders filled, spelled for `locale`."""
    text = _flow()[key]
    if values:
        text = text.format(**values)
    return localise(text, locale)


def said_in_turn(key: str, turn: int, locale: str | None) -> str:
    """One of a list of phrases (`acks`), chosen by `turn` so that consecutive turns vary."""
    choices = _flow()[key]
    return localise(choices[turn % len(choices)], locale)


def spoken_number(number: int) -> str:
    """0 to 99 in words; larger numbers as digits, which Alexa reads aloud as well."""
    words = _flow()["numbers"]
    if 0 <= number < 20:
        return words["units"][number]
    if 20 <= number < 100:
        tens, units = divmod(number, 10)
        return words["tens"][tens] + (f"-{words['units'][units]}" if units else "")
    return str(number)


def spoken_duration(seconds: int, locale: str | None) -> str:
    """A duration as said aloud: "ninety seconds", "two minutes", "three minutes and twenty seconds"."""
    seconds = int(round(seconds))
    minutes, rest = divmod(seconds, 60)
    if minutes == 0 or (minutes == 1 and rest):
        return _unit("second", seconds, locale)
    if not rest:
        return _unit("minute", minutes, locale)
    return said("minutes_and_seconds", locale, minutes=_unit("minute", minutes, locale),
                seconds=_unit("second", rest, locale))


def spoken_list(items: list[str], locale: str | None) -> str:
    """ "a, b, and c" as said aloud."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {said('list_and', locale)} {items[1]}"
    return ", ".join(items[:-1]) + f", {said('list_and', locale)} {items[-1]}"


def _unit(name: str, count: int, locale: str | None) -> str:
    return said(name, locale) if count == 1 else said(f"{name}s", locale, count=spoken_number(count))


def _flow() -> dict:
    return content.load("flow")
