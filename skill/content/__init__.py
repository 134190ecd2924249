"""Loads the skill's spoken content (sections, exercises, questions, prompts) from the YAML files beside this module,
and derives from each item's declared kind what is withheld after words or answers of fear, harm or crisis."""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from skill.content.provenance import tagged

CONTENT_DIR = Path(__file__).parent
WITHHELD = "withheld"  # kinds.yaml: the value of `after_fear_or_harm` that hides a kind
# The files whose text the skill says: each string in them carries its place, so that "repeat" can keep the place
# instead of the words (skill/content/provenance.py). The listener's data and the model's phrasings are never said.
SPOKEN = frozenset({"prompts", "flow", "sections", "exercises", "questions", "topics", "safety", "crisis",
                    "grounding", "signposts"})


class ContentError(ValueError):
    """Content the skill refuses to start with; the message names the file and the item."""

    def __init__(self, file: str, problem: str):
        self.file, self.problem = file, problem
        super().__init__(f"{file}: {problem}")


@cache
def load(name: str) -> Any:
    """The parsed YAML file `name`.yaml of this folder, read once per process; the strings of a SPOKEN file carry
    their place in it."""
    with open(CONTENT_DIR / f"{name}.yaml", encoding="utf-8") as stream:
        # libyaml's loader where PyYAML has it: ten times faster, which a Lambda cold start feels.
        data = yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return tagged(data, [name]) if name in SPOKEN else data


@cache
def sections() -> dict[str, dict]:
    """Sections of advice by id, in the order the file gives them."""
    return {section["id"]: section for section in load("sections")["sections"]}


@cache
def exercises() -> dict[str, dict]:
    """Couple exercises by id."""
    return {exercise["id"]: exercise for exercise in load("exercises")["exercises"]}


def section_ids() -> frozenset[str]:
    return frozenset(sections())


def exercise_ids() -> frozenset[str]:
    return frozenset(exercises())


def kind_of(item_id: str) -> str:
    """The declared kind of a section or exercise (kinds.yaml); ContentError naming the item when it has none, or
    one kinds.yaml does not define."""
    if item_id in sections():
        item, file, what = sections()[item_id], "sections.yaml", "section"
    elif item_id in exercises():
        item, file, what = exercises()[item_id], "exercises.yaml", "exercise"
    else:
        raise ContentError(str(CONTENT_DIR), f"{item_id!r} is not a section or exercise in the content")
    kind = item.get("kind")
    known = load("kinds")["kinds"]
    if kind not in known:
        problem = f"declares the unknown kind {kind!r}" if kind is not None else "declares no kind"
        raise ContentError(str(CONTENT_DIR / file), f"{what} {item_id!r} {problem}; give it one of "
                                                    f"{', '.join(known)} (skill/content/kinds.yaml)")
    return kind


@cache
def withheld_after_fear_or_harm() -> frozenset[str]:
    """Every section and exercise whose declared kind is withheld after words or answers of fear, harm or crisis:
    the safety policy, derived from the declarations. ContentError for an item without a valid kind."""
    kinds = load("kinds")["kinds"]
    items = [*sections(), *exercises()]
    return frozenset(item for item in items if kinds[kind_of(item)]["after_fear_or_harm"] == WITHHELD)
