"""The listener package keeps its rule (pure: no ask-sdk, no IO but its data, nothing heavy at run time), its
interface, and data that agrees with the skill's content; its model is trained from today's phrasings."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml

from skill import content
from skill.listener import Hearing, listen
from skill.listener.hearing import MEANINGS
from skill.listener.topics import MODEL_PATH

PACKAGE = Path(__file__).resolve().parents[1] / "skill" / "listener"
DATA = MODEL_PATH.parent
ALLOWED = ("skill.content", "skill.listener", "skill.rulebook.questions", "skill.voice")
STANDARD = {"__future__", "array", "dataclasses", "functools", "json", "math", "operator", "pathlib", "re", "sys",
            "unicodedata", "sre_constants", "sre_parse"}
MODULES = sorted(PACKAGE.glob("*.py"))


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            # "from skill import content" imports skill.content
            names |= {f"{node.module}.{alias.name}" for alias in node.names} if node.module == "skill" else {node.module}
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_a_listener_module_imports_only_what_the_package_rule_allows(path):
    for name in imported(path):
        assert name.startswith(ALLOWED) or name.split(".")[0] in STANDARD or name == "re", f"{path.name}: {name}"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_a_listener_module_is_small_and_says_its_job_first(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 300
    assert ast.get_docstring(ast.parse(text)), f"{path.name} has no docstring"


def test_the_model_was_trained_from_todays_phrasings():
    from skill.devtools.listener_model import fingerprint

    stored = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["fingerprint"]
    assert stored == fingerprint(), "the topic model is stale: run `make listener-model`"


def test_the_model_knows_every_section_and_only_those():
    classes = set(json.loads(MODEL_PATH.read_text(encoding="utf-8"))["classes"])
    assert classes == set(content.section_ids()) | {"crisis", "harm", "medical", "distress", "none"}


def test_the_phrasings_cover_every_section():
    phrasings = yaml.safe_load((DATA / "topics.yaml").read_text(encoding="utf-8"))["sections"]
    assert set(phrasings) == set(content.section_ids())
    assert min(len(texts) for texts in phrasings.values()) >= 25


def test_request_patterns_name_real_exercises_and_the_agreed_commands():
    requests = content.load("listening/requests")
    assert set(requests["exercises"]) == set(content.exercise_ids())
    assert list(requests["commands"]) == ["list", "describe", "start", "different", "shorter", "longer",
                                          "set_length", "time_left", "rounds_left", "again", "done", "pause",
                                          "resume", "any"]
    assert set(requests["manners"]) == {"thanks", "hello", "goodbye", "who_are_you", "therapist", "talk_to_someone"}
    assert set(requests["out_of_scope"]) == {"call", "weather", "music", "joke", "timer", "shopping", "other"}


def test_harm_and_crisis_kinds_are_the_agreed_ones():
    assert list(content.load("listening/harm")["kinds"]) == [
        "family_abuse", "violence", "threats", "control_money", "control_phone", "control_friends",
        "control_movement", "sexual_coercion", "stalking", "fear", "emotional_abuse", "forced_marriage", "pet_abuse",
        "reproductive_coercion", "surveillance", "online_abuse", "leaving", "sexual_violence"]
    assert list(content.load("listening/crisis")["kinds"]) == [
        "passive_wish", "burden", "hopelessness", "plan", "self_harm", "means", "overdose"]
    assert list(content.load("listening/medical")["kinds"]) == [
        "heart_attack", "stroke", "not_breathing", "choking", "unconscious", "bleeding", "overdose_other", "seizure",
        "other_emergency"]
    assert list(content.load("listening/distress")["kinds"]) == [
        "depressed", "hopeless", "panic", "anxious", "alone", "cant_cope", "crying", "grief"]


def test_a_hearing_has_the_agreed_fields():
    hearing = listen("she won't let me see my friends", locale="en-GB", asked=None)
    assert isinstance(hearing, Hearing) and hearing.meaning in MEANINGS
    assert 0 <= hearing.confidence <= 1 and hearing.level in ("sure", "fairly_sure", "unsure")
    assert all(isinstance(line, str) for line in hearing.evidence)
    assert all(len(alternative) == 3 for alternative in hearing.alternatives)


@pytest.mark.parametrize("locale", ["en-US", "en-GB", "en-AU", "en-CA", "en-IN"])
def test_every_locale_is_heard(locale):
    assert listen("my wife hit me", locale=locale).meaning == "harm"


@pytest.mark.parametrize("sentence", ["", "   ", "?!", "a" * 2000, "he " * 500, "ÅÄÖ ñ 你好"])
def test_odd_input_is_heard_without_error(sentence):
    assert listen(sentence).meaning in MEANINGS
