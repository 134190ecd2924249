"""Loads the skill's spoken content (sections, exercises, questions, prompts) from the YAML files beside this module."""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).parent


@cache
def load(name: str) -> Any:
    """The parsed YAML file `name`.yaml of this folder, read once per process."""
    with open(CONTENT_DIR / f"{name}.yaml", encoding="utf-8") as stream:
        # libyaml's loader where PyYAML has it: ten times faster, which a Lambda cold start feels.
        return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


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
