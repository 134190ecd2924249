"""Numbers and durations as Alexa hears them: number words to numbers, duration words to ISO-8601, ISO-8601 to seconds.

AMAZON.NUMBER and AMAZON.DURATION come as digits and ISO-8601 text ("PT1M30S"). The resolver (skill/devtools/resolver.py)
writes them from typed words as Alexa would; the exercises (skill/conversation/exercise_timing.py) read the duration back. Both
sides of the format live here, on one table of units, so they cannot drift apart. The words themselves are data: the
`numbers` and `duration` blocks of skill/content/builtin_phrases.yaml. Saying numbers is skill/voice/flow_wording.py's.
"""
from __future__ import annotations

import re
from fractions import Fraction

# Seconds in each ISO-8601 unit, largest first; weeks and days before the "T", hours, minutes and seconds after it.
UNIT_SECONDS = {"W": 7 * 86400, "D": 86400, "H": 3600, "M": 60, "S": 1}
DATE_UNITS, TIME_UNITS = ("W", "D"), ("H", "M", "S")
_NUMBER = r"(\d+(?:\.\d+)?)"
_ISO_DURATION = re.compile("^P" + "".join(rf"(?:{_NUMBER}{unit})?" for unit in DATE_UNITS)
                           + "(?:T" + "".join(rf"(?:{_NUMBER}{unit})?" for unit in TIME_UNITS) + ")?$")


class NumberWords:
    """AMAZON.NUMBER: digits, or number words up to the thousands ("one hundred and five", "twenty-five")."""

    def __init__(self, data: dict):
        self.units = data["units"]
        self.tens = data["tens"]
        self.scales = data["scales"]
        self.one = frozenset(data["one"])
        self.joining = frozenset(data["joining"])

    def parse(self, words: list[str]) -> int | None:
        if len(words) == 1 and words[0].isdigit():
            return int(words[0])
        total, current, last = 0, 0, None  # last: the kind of the previous word, to refuse "five five"
        for index, word in enumerate(words):
            if word in self.one and index == 0 and len(words) > 1 and words[1] in self.scales:
                current, last = 1, "unit"
            elif word in self.units and last in (None, "tens", "scale", "and"):
                if last == "tens" and (self.units[word] == 0 or self.units[word] > 9):
                    return None
                current, last = current + self.units[word], "unit"
            elif word in self.tens and last in (None, "scale", "and"):
                current, last = current + self.tens[word], "tens"
            elif word in self.scales and last in ("unit", "tens"):
                scale = self.scales[word]
                if scale >= 1000:
                    total, current = total + current * scale, 0
                elif current % 100 == 0:
                    return None  # "two hundred hundred"
                else:
                    current = (current - current % 100) + (current % 100) * scale
                last = "scale"
            elif word in self.joining and last == "scale" and index < len(words) - 1:
                last = "and"
            else:
                return None
        return total + current if last not in (None, "and") else None


class DurationWords:
    """AMAZON.DURATION as ISO-8601: "two minutes" PT2M, "a minute and a half" PT1M30S, "half an hour" PT30M."""

    def __init__(self, data: dict, numbers: NumberWords):
        self.units = data["units"]
        self.half = frozenset(data["half"])
        self.joining = frozenset(data["joining"])
        self.numbers = numbers

    def parse(self, words: list[str]) -> str | None:
        amounts: dict[str, Fraction] = {}
        rest = words
        while rest:
            parsed = self._one_part(rest)
            if parsed is None:
                return None
            unit, amount, rest = parsed
            if unit in amounts:
                return None
            amounts[unit] = amount
            if rest and rest[0] in self.joining:
                rest = rest[1:]
                if not rest:
                    return None
        return iso_duration(amounts) if amounts else None

    def _one_part(self, words: list[str]) -> tuple[str, Fraction, list[str]] | None:
        """One "<amount> <unit>" at the start of `words`, with the words after it."""
        # "half a minute", "half an hour"
        if len(words) >= 3 and words[0] in self.half and words[1] in self.numbers.one and words[2] in self.units:
            return self.units[words[2]], Fraction(1, 2), words[3:]
        for index in range(len(words) - 1, 0, -1):
            if words[index] not in self.units:
                continue
            amount = self._amount(words[:index])
            if amount is None:
                continue
            rest = words[index + 1:]
            # "a minute and a half", "two hours and a half"
            if len(rest) >= 3 and rest[0] in self.joining and rest[1] in self.numbers.one and rest[2] in self.half:
                amount, rest = amount + Fraction(1, 2), rest[3:]
            return self.units[words[index]], amount, rest
        return None

    def _amount(self, words: list[str]) -> Fraction | None:
        if len(words) == 1 and words[0] in self.numbers.one:
            return Fraction(1)
        if len(words) == 1 and re.fullmatch(r"\d+\.\d+", words[0]):
            return Fraction(words[0])
        # "one and a half minutes"
        if len(words) >= 4 and words[-3] in self.joining and words[-2] in self.numbers.one and words[-1] in self.half:
            whole = self.numbers.parse(words[:-3])
            return None if whole is None else whole + Fraction(1, 2)
        number = self.numbers.parse(words)
        return None if number is None else Fraction(number)


def iso_duration(amounts: dict[str, Fraction]) -> str:
    """ISO-8601 text of unit amounts; a fraction of a unit moves to the next smaller unit when it comes out whole
    (half a minute is PT30S)."""
    amounts = dict(amounts)
    for unit, lower in zip(("D", "H", "M"), ("H", "M", "S")):
        amount = amounts.get(unit)
        if amount is not None and amount.denominator != 1:
            moved = (amount - int(amount)) * (UNIT_SECONDS[unit] // UNIT_SECONDS[lower])
            if moved.denominator == 1:
                amounts[unit] = Fraction(int(amount))
                amounts[lower] = amounts.get(lower, Fraction(0)) + moved
    date = "".join(f"{_number_text(amounts[unit])}{unit}" for unit in DATE_UNITS if amounts.get(unit))
    time = "".join(f"{_number_text(amounts[unit])}{unit}" for unit in TIME_UNITS if amounts.get(unit))
    if not date and not time:
        return "PT0S"
    return "P" + date + ("T" + time if time else "")


def duration_seconds(text: str | None) -> float | None:
    """Seconds in an ISO-8601 duration as AMAZON.DURATION gives it (PT2M, PT90S, PT1M30S); None if it is not one,
    or is no time at all."""
    if not text:
        return None
    text = text.strip().upper()
    match = _ISO_DURATION.match(text)
    if match is None or text in ("P", "PT") or text.endswith("T"):
        return None
    seconds = sum(float(amount) * UNIT_SECONDS[unit]
                  for amount, unit in zip(match.groups(), (*DATE_UNITS, *TIME_UNITS)) if amount)
    return seconds if seconds > 0 else None


def _number_text(amount: Fraction) -> str:
    if amount.denominator == 1:
        return str(amount.numerator)
    return f"{float(amount):g}"
