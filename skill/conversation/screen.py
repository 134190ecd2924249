"""What a screen shows beside a reply: a neutral value (title, text, items), made for a part of a section and for a
round of a timed exercise. The edge turns it into APL where the device has a screen (skill/alexa/apl.py).

A screen is seen by whoever walks past it, and it stays up after the words are spoken (an Echo Show in a shared
kitchen). So it shows only words the reply says aloud, and nothing where the talk is of fear, harm or crisis: no
screen once such words were heard in the session, none for a section meant for someone who may be in danger (a kind
not in SHOWN_KINDS), and none on a safety or crisis reply, which never asks for one."""
from __future__ import annotations

from dataclasses import dataclass

from skill import content
from skill.voice.flow_wording import spoken_number
from skill.voice.wording import localise, phrase

# Kinds (skill/content/kinds.yaml) whose words may sit on a screen: about trust in general, or couple work (which
# is withheld after fear or harm anyway). Own wellbeing (red flags, trust beyond repair) and support are read by
# someone who may be in danger: shown on a shared screen, their titles could tell the person who hurts them. A new
# kind stays off the screen until it is added here.
SHOWN_KINDS = frozenset({"understanding", "couple_work"})


@dataclass(frozen=True)
class Screen:
    """`title` as a heading, `text` beneath it, then `items` one to a line; all of it words the reply says."""

    title: str
    text: str = ""
    items: tuple[str, ...] = ()


def section_screen(section_id: str, part: int, locale: str, *, after_concern: bool) -> Screen | None:
    """A part of a section: its title and the part's words; None when the section may not be shown, or after words
    of fear, harm or crisis."""
    section = content.sections()[section_id]
    if after_concern or section["kind"] not in SHOWN_KINDS:
        return None
    return Screen(_heading(localise(section["title"], locale)), str(localise(section["parts"][part], locale)))


def exercise_screen(exercise_id: str, round_index: int, rounds: int, locale: str, *,
                    after_concern: bool) -> Screen | None:
    """A round of a timed exercise: its name, which round when there are several (as the round says it), and the
    idea offered for a start when the exercise has ideas; None where the exercise may not be shown."""
    exercise = content.exercises()[exercise_id]
    if after_concern or exercise["kind"] not in SHOWN_KINDS:
        return None
    text = phrase("exercise_round", locale, number=spoken_number(round_index + 1), rounds=spoken_number(rounds)) \
        if rounds > 1 else ""
    ideas = exercise.get("ideas") or []
    items = (str(localise(ideas[round_index % len(ideas)], locale)),) if ideas else ()
    return Screen(_heading(localise(exercise["title"], locale)), str(text), items)


def _heading(title: str) -> str:
    """A spoken title ("what trust is") as a heading: its first letter a capital."""
    return str(title[:1].upper() + title[1:])
