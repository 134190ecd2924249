"""One safety policy, declared in data: every section and exercise says what it is (its `kind`), what is withheld
after fear, harm or crisis follows from that, and the start stops when a declaration is missing or the safety rule
(rules/safety.json `withhold`) disagrees with them."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from skill import content
from skill.app import create_app
from skill.rulebook.engine import RulesError, load_rules
from skill.settings import Settings
from tests.chat_support import attributes_of
from tests.kinds_support import couple_work, declared

REAL_RULES = Path(__file__).resolve().parent.parent / "rules"
KINDS = content.load("kinds")["kinds"]


@pytest.fixture
def fresh_policy():
    """The derived policy is cached per process: forget it around a test that changes a declaration."""
    content.withheld_after_fear_or_harm.cache_clear()
    yield
    content.withheld_after_fear_or_harm.cache_clear()


def rules_copy(tmp_path: Path, withhold: list[str] | None = None) -> Path:
    """The shipped rules in a folder of their own, the safety rule's `withhold` replaced when given."""
    folder = tmp_path / "rules"
    shutil.copytree(REAL_RULES, folder)
    if withhold is not None:
        path = folder / "safety.json"
        document = json.loads(path.read_text(encoding="utf-8"))
        document["safety"]["feels_unsafe"]["withhold"] = withhold
        path.write_text(json.dumps(document), encoding="utf-8")
    return folder


def test_every_section_and_exercise_declares_a_known_kind():
    items = {**content.sections(), **content.exercises()}
    assert {item_id: item.get("kind") for item_id, item in items.items() if item.get("kind") not in KINDS} == {}


def test_every_kind_says_what_it_means_and_whether_fear_or_harm_withholds_it():
    assert all(kind["means"].strip() and kind["after_fear_or_harm"] in ("withheld", "offered") for kind in KINDS.values())
    assert [name for name, kind in KINDS.items() if kind["after_fear_or_harm"] == "withheld"] == ["couple_work"]


def test_the_safety_section_is_support_and_every_exercise_is_couple_work():
    assert declared("support") == {"safety"}
    assert content.exercise_ids() <= couple_work()


def test_the_policy_is_what_is_declared_couple_work():
    assert content.withheld_after_fear_or_harm() == couple_work()


def test_a_section_without_a_kind_stops_the_start_naming_it(monkeypatch, fresh_policy, tmp_path):
    monkeypatch.delitem(content.sections()["red_flags"], "kind")
    with pytest.raises(RulesError) as caught:
        create_app(Settings(verify_requests=False, database="none", rules_dir=rules_copy(tmp_path)))
    message = str(caught.value)
    assert "sections.yaml" in message and "'red_flags' declares no kind" in message and "couple_work" in message


def test_an_exercise_of_an_unknown_kind_stops_the_start_naming_it(monkeypatch, fresh_policy, tmp_path):
    monkeypatch.setitem(content.exercises()["eye_contact"], "kind", "for_two")
    with pytest.raises(RulesError, match=r"exercises.yaml: exercise 'eye_contact' declares the unknown kind 'for_two'"):
        load_rules(rules_copy(tmp_path))


def test_a_safety_rule_that_withholds_too_little_stops_the_start_naming_rule_and_id(tmp_path):
    folder = rules_copy(tmp_path, withhold=sorted(couple_work() - {"seeking_help"}))
    with pytest.raises(RulesError) as caught:
        create_app(Settings(verify_requests=False, database="none", rules_dir=folder))
    error = caught.value
    assert (error.file, error.ruleset, error.rule) == (str(folder / "safety.json"), "safety", "feels_unsafe")
    assert "does not withhold seeking_help" in str(error)


def test_a_safety_rule_that_withholds_what_is_not_couple_work_stops_the_start(tmp_path):
    folder = rules_copy(tmp_path, withhold=sorted(couple_work() | {"red_flags"}))
    with pytest.raises(RulesError, match="withholds red_flags, which skill/content does not declare couple work"):
        load_rules(folder)


def test_a_section_declared_couple_work_is_withheld_after_safety_words(monkeypatch, fresh_policy, chat):
    """Navigation follows the declaration: a section newly declared couple work is withheld without any list."""
    monkeypatch.setitem(content.sections()["red_flags"], "kind", "couple_work")
    talk = chat()
    talk.say("my partner hurts me")
    turn = talk.say("what are the warning signs")
    assert "won't suggest couple activities" in turn.speech
    assert attributes_of(turn)["offer"] == {"section": "safety"}


@pytest.mark.parametrize("utterance, section_id", [
    ("when should we see a counselor", "seeking_help"),
    ("tell me about rebuilding trust after a lie", "rebuilding_after_lying"),
    ("what are the warning signs", "red_flags"),
    ("how do I know if I can trust him", "recognising_trust"),
])
def test_after_safety_words_a_section_is_given_unless_declared_couple_work(utterance, section_id, chat):
    talk = chat()
    talk.say("I'm scared of my partner")
    turn = talk.say(utterance)
    if section_id in couple_work():
        assert "won't suggest couple activities" in turn.speech
    else:
        assert attributes_of(turn)["nav"]["section"] == section_id
