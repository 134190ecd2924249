"""Results that protect, as a property of the rules as data (rules/policy.json): control or fear never leads to couple
work and a skipped safety question never to "sounds strong", for every possible set of answers.

How "every" is reached without running 5^12 sets of answers through durable-rules: skill/rulebook/audit.py asks each
question of the rules over the distinct readings of the few fields it depends on (exhaustive, in Python). Here we
check the three things that makes it sound: the readings cover every set of answers, the Python evaluation agrees
with the engine, and a rulebook that breaks the policy is caught (and refused by `trust-builder rules check`). The
policy the skill applies on top is checked over every reading of the policy's own fields, through the engine.
"""
from __future__ import annotations

import itertools
import json
import shutil
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skill.rulebook import audit
from skill.rulebook.cli import EXIT_BAD_RULES, run_check
from skill.rulebook.engine import default_rulebook, load_rules
from skill.rulebook.questions import ANSWERS, derive_fact, question_ids
from tests.kinds_support import couple_work

REAL_RULES = Path(__file__).resolve().parent.parent / "rules"
EXAMPLES = settings(max_examples=100, deadline=None)
answer_sets = st.dictionaries(st.sampled_from(question_ids()), st.sampled_from(ANSWERS))


def full(answers: dict) -> dict:
    return {question_id: answers.get(question_id, "skipped") for question_id in question_ids()}


def reading(answers: dict, fields) -> tuple:
    fact = derive_fact(answers)
    return tuple(fact[name] for name in sorted(fields))


def rules_copy(tmp_path: Path, change) -> Path:
    """The shipped rules in a folder of their own, one file changed by `change(documents)`."""
    folder = tmp_path / "rules"
    shutil.copytree(REAL_RULES, folder)
    documents = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in folder.glob("*.json")}
    change(documents)
    for name, document in documents.items():
        (folder / name).write_text(json.dumps(document), encoding="utf-8")
    return folder


# --- the shipped rules keep the policy, for every set of answers ----------------------------------------------------

def test_the_shipped_rules_keep_the_policy_for_every_set_of_answers():
    assert audit.breaches(default_rulebook()) == []


def test_the_policy_watches_control_and_fear_and_withholds_exactly_the_couple_work():
    policy = default_rulebook().policy
    assert policy.watched(question_ids()) == {"control", "feels_unsafe"}
    assert policy.withhold == couple_work()
    assert {"trusting_your_partner", "everyday_habits", "seeking_help", "building_trust"} <= policy.withhold


def test_over_every_reading_of_the_policys_fields_the_engine_result_protects():
    """Every combination of the fields the policy reads, through the real engine, with the policy applied."""
    book = default_rulebook()
    readings = list(audit.answer_sets(book.policy.fields))
    assert len(readings) > 50
    for answers in readings:
        explanation = book.explain(answers)
        offered = {item.id for item in explanation.recommendations}
        control_or_fear = answers["control"] in ("yes", "sometimes") or \
            answers["feels_unsafe"] in ("yes", "sometimes", "not sure")
        if control_or_fear:
            assert not offered & couple_work(), answers
            assert explanation.notice == "results_protect", answers
            assert couple_work() <= explanation.withholding
        elif answers["feels_unsafe"] == "skipped":
            assert explanation.notice == "helpline_line", answers
        if answers["feels_unsafe"] != "no":
            assert not any(item.because.endswith("sounds strong") for item in explanation.recommendations), answers


@EXAMPLES
@given(answer_sets, st.sampled_from(["yes", "sometimes"]))
def test_control_with_any_other_answers_offers_no_couple_work_and_says_where_help_is(answers, control):
    explanation = default_rulebook().explain({**answers, "control": control})
    assert not {item.id for item in explanation.recommendations} & couple_work()
    assert explanation.notice == "results_protect"


# --- the audit is exhaustive: its readings cover every set of answers -------------------------------------------------

@pytest.mark.parametrize("fields, count", [
    ({"control", "drama"}, 25),  # two answers seen as they are
    ({"weak_signs"}, 7),  # 0 to 6 weak signs
    ({"concerns"}, 13),  # 0 to 12 concerns
    ({"concern_control", "feels_unsafe"}, 10),
])
def test_readings_are_exactly_the_distinct_values_of_their_fields(fields, count):
    found = [reading(answers, fields) for answers in audit.answer_sets(frozenset(fields))]
    assert len(found) == len(set(found)) == count


def test_readings_of_two_questions_match_brute_force_over_their_answers():
    fields = frozenset({"concern_control", "concern_feels_unsafe", "feels_unsafe", "not_sure"})
    brute = {reading({"control": a, "feels_unsafe": b, "drama": c}, fields)
             for a, b, c in itertools.product(ANSWERS, repeat=3)}
    found = {reading(answers, fields) for answers in audit.answer_sets(fields)}
    assert brute <= found  # the other nine questions add not-sure counts brute force over three does not reach
    assert len(found) == len(set(found))


@cache
def widest_readings() -> tuple[frozenset, frozenset]:
    """The widest set of fields one of the audit's questions reads, and every reading the audit runs of it."""
    widest = max((fields for _rule, fields, _broken, _problem in audit._questions(default_rulebook())), key=len)
    return widest, frozenset(reading(answers, widest) for answers in audit.answer_sets(widest))


@EXAMPLES
@given(answer_sets)
def test_any_set_of_answers_reads_like_one_the_audit_runs(answers):
    widest, readings = widest_readings()
    assert reading(answers, widest) in readings


# --- the Python evaluation agrees with durable-rules -----------------------------------------------------------------

@EXAMPLES
@given(answer_sets)
def test_python_and_the_engine_fire_the_same_rules_in_the_same_order(answers):
    book = default_rulebook()
    explanation = book.explain(answers)
    in_python = audit.python_firing(book)(derive_fact(answers))
    assert tuple(rule for rule in in_python if rule not in explanation.overruled) == explanation.fired


def test_python_and_the_engine_agree_on_every_reading_of_the_counts():
    book = default_rulebook()
    fire = audit.python_firing(book)
    fields = frozenset({"weak_signs", "strong_signs", "feels_unsafe"})
    for answers in audit.answer_sets(fields):
        explanation = book.explain(answers)
        assert set(fire(derive_fact(answers))) == set(explanation.fired) | set(explanation.overruled), answers


# --- a rulebook that breaks the policy is refused -----------------------------------------------------------------

def _control_forgets_building_trust(documents):
    rule = documents["concerns.json"]["concerns"]["control"]
    rule["withhold"] = [item for item in rule["withhold"] if item != "building_trust"]


def _all_well_without_the_safety_question(documents):
    documents["signs.json"]["signs"]["all_well"]["all"] = [
        {"m": {"$and": [{"concerns": 0}, {"$gte": {"strong_signs": 4}}]}}]


def test_a_rulebook_offering_couple_work_after_control_is_found_with_an_example(tmp_path):
    book = load_rules(rules_copy(tmp_path, _control_forgets_building_trust))
    found = audit.breaches(book)
    assert {(breach.rule.name, "building_trust" in breach.problem) for breach in found} >= \
        {("signs.few_weak_signs", True), ("signs.many_weak_signs", True)}
    example = found[0].answers
    assert example["control"] in ("yes", "sometimes") and example["feels_unsafe"] not in ("yes", "sometimes", "not sure")
    # The skill itself still applies the policy to such rules: what it says never offers couple work.
    assert "building_trust" not in {item.id for item in book.explain(example).recommendations}


def test_rules_check_refuses_a_rulebook_that_would_offer_couple_work_after_control(tmp_path, capsys):
    folder = rules_copy(tmp_path, _control_forgets_building_trust)
    assert run_check(type("Args", (), {"rules_dir": folder})()) == EXIT_BAD_RULES
    error = capsys.readouterr().err
    assert "break the protection policy" in error and "building_trust" in error and "control=" in error


def test_rules_check_refuses_a_reassurance_after_a_skipped_safety_question(tmp_path, capsys):
    folder = rules_copy(tmp_path, _all_well_without_the_safety_question)
    assert run_check(type("Args", (), {"rules_dir": folder})()) == EXIT_BAD_RULES
    assert "'signs.all_well' reassures where the policy does not allow it" in capsys.readouterr().err
    # Applied by the skill: the reassurance is dropped, and the result says where help is.
    book = load_rules(folder)
    strong = {question_id: "yes" for question_id in question_ids()[:6]}
    explanation = book.explain({**strong, **{q: "no" for q in question_ids()[6:11]}})
    assert [rule.name for rule in explanation.overruled] == ["signs.all_well"]
    assert not any("sounds strong" in item.because for item in explanation.recommendations)
    assert explanation.notice == "helpline_line"


def test_the_shipped_rules_pass_rules_check(capsys):
    assert run_check(type("Args", (), {"rules_dir": REAL_RULES})()) == 0
    assert "keeps the protection policy" in capsys.readouterr().out
