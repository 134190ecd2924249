"""Numbers, durations and lists in words, as the skill says them: "twelve", "two minutes", "a, b, and c"."""
from __future__ import annotations

from skill.content.provenance import recipe_of, sourced
from skill.voice.wording import filled, phrase, phrase_in_turn, prompts


def spoken_number(number: int) -> str:
    """0 to 99 in words; larger numbers as digits, which Alexa reads aloud as well."""
    return sourced(_number_words(number), ["n", number] if type(number) is int else None)


def _number_words(number: int) -> str:
    words = prompts()["numbers"]
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
        return _unit("second", "seconds", seconds, locale)
    if not rest:
        return _unit("minute", "minutes", minutes, locale)
    return phrase("minutes_and_seconds", locale, minutes=_unit("minute", "minutes", minutes, locale),
                  seconds=_unit("second", "seconds", rest, locale))


def spoken_round_length(seconds: int, locale: str | None) -> str:
    """A round's length as said before it starts, in words a listener takes in at once: "about two minutes",
    "just under two minutes" (106 s), "about a minute and a quarter" (76 s); never "106 seconds"."""
    seconds = int(round(seconds))
    if seconds % 15 == 0:
        return phrase("about_duration", locale, duration=spoken_duration(seconds, locale))
    minutes_above = -(-seconds // 60)
    if seconds >= 60 and minutes_above * 60 - seconds <= 15:
        return phrase("just_under_duration", locale, duration=spoken_duration(minutes_above * 60, locale))
    minutes, quarters = divmod(int(round(seconds / 15)), 4)
    if quarters == 0 or minutes == 0:
        return phrase("about_duration", locale, duration=spoken_duration((minutes * 4 + quarters) * 15, locale))
    words = phrase_in_turn("a_minute_and_quarters", quarters - 1, locale) if minutes == 1 else \
        filled(phrase_in_turn("minutes_and_quarters", quarters - 1, locale), count=spoken_number(minutes))
    return phrase("about_duration", locale, duration=words)


def spoken_list(items: list[str], locale: str | None) -> str:
    """ "a", "a and b", "a, b, and c" as said aloud."""
    recipes = [recipe_of(item) for item in items]
    return sourced(_listed(items, locale), None if None in recipes else ["list", recipes])


def _listed(items: list[str], locale: str | None) -> str:
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {phrase('list_and', locale)} {items[1]}"
    return ", ".join(items[:-1]) + f", {phrase('list_and', locale)} {items[-1]}"


def _unit(one: str, many: str, count: int, locale: str | None) -> str:
    return phrase(one, locale) if count == 1 else phrase(many, locale, count=spoken_number(count))
