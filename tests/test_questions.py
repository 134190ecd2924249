"""The self-check's questions, and the fact the rules engine sees for a set of answers."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from skill import content
from skill.rulebook.questions import (ANSWERS, COUNTS, SKIPPED, derive_fact, fact_fields, question_ids, questions,
                                       validate_answers)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SHINGLE = 5  # questions are short: five words in a row from an article is already copying
MAX_WORDS = 15
OPENERS = ("do", "does", "is", "are", "can", "has", "have")
SIGNS = ("open_lives", "stories_add_up", "easy_talk", "meets_their_people", "at_ease_together", "open_devices")
WARNINGS = ("checking_up", "control", "drama", "lie_hurts", "broken_promises", "feels_unsafe")


def tokens(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "").replace("'", ""))


def shingles(text: str) -> set[tuple[str, ...]]:
    words = tokens(text)
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def test_signs_of_trust_are_asked_first_then_warning_signs():
    groups = [q.group for q in questions()]
    assert groups == sorted(groups, key=["signs", "warnings"].index), "every sign comes before every warning"
    by_group = {group: [q.id for q in questions() if q.group == group] for group in ("signs", "warnings")}
    assert set(SIGNS) <= set(by_group["signs"]) and set(WARNINGS) <= set(by_group["warnings"])


@pytest.mark.parametrize("question", questions(), ids=lambda q: q.id)
def test_each_question_is_one_short_yes_no_question(question):
    assert question.text.endswith("?") and question.text.count("?") == 1
    assert len(question.text.split()) <= MAX_WORDS
    # "When you talk, does ..." is still a yes/no question: look at the main clause.
    main_clause = question.text.split(", ", 1)[1] if question.text.startswith("When ") else question.text
    assert main_clause.split()[0].lower() in OPENERS
    assert " or not" not in question.text, "'yes' must mean one thing"
    assert question.topic and len(question.topic.split()) <= 8


@pytest.mark.parametrize("question", questions(), ids=lambda q: q.id)
def test_concern_answers_are_real_answers_and_never_skipped(question):
    assert question.concern and question.concern <= set(ANSWERS) - {SKIPPED}
    assert all(isinstance(answer, str) for answer in question.concern), "quote \"yes\"/\"no\" in the YAML"


def test_yes_is_the_good_answer_for_signs_and_the_worrying_one_for_warnings():
    for question in questions():
        assert question.is_concern("yes") == (question.group == "warnings"), question.id
        assert question.is_concern("sometimes"), question.id


def test_being_unsure_about_safety_counts_as_a_concern():
    assert questions()[-1].id == "feels_unsafe" and questions()[-1].is_concern("not sure")


def test_questions_are_in_our_own_words():
    seed_shingles = set().union(*(shingles(path.read_text(encoding="utf-8")) for path in SEEDS.glob("*.txt")))
    assert seed_shingles, "the seed articles are missing"
    for question in questions():
        copied = shingles(question.text) & seed_shingles
        assert not copied, f"{question.id} copies {[' '.join(words) for words in copied]}"


def test_raw_yaml_keeps_yes_and_no_as_strings():
    for entry in content.load("questions")["questions"]:
        assert all(isinstance(answer, str) for answer in entry["concern"]), entry["id"]


def test_missing_answers_are_skipped():
    full = validate_answers({"drama": "yes"})
    assert full["drama"] == "yes"
    assert all(full[qid] == SKIPPED for qid in question_ids() if qid != "drama")
    assert list(full) == list(question_ids())


@pytest.mark.parametrize("answers, problem", [
    ({"dramas": "yes"}, "unknown question id"),
    ({"drama": "maybe"}, "must be one of"),
    ({"drama": True}, "must be one of"),
    ({"drama": 1}, "must be one of"),
    ({"drama": "Yes"}, "must be one of"),
    ({"drama": None}, "must be one of"),
])
def test_unknown_ids_and_answers_are_refused(answers, problem):
    with pytest.raises(ValueError, match=problem):
        validate_answers(answers)


def test_fact_holds_answers_concern_flags_and_counts():
    fact = derive_fact({"open_lives": "no", "easy_talk": "sometimes", "stories_add_up": "yes",
                        "at_ease_together": "not sure", "drama": "yes", "feels_unsafe": "not sure"})
    assert fact["t"] == "answers"
    assert fact["open_lives"] == "no" and fact["concern_open_lives"] is True
    assert fact["stories_add_up"] == "yes" and fact["concern_stories_add_up"] is False
    assert fact["control"] == SKIPPED and fact["concern_control"] is False
    assert fact["concern_feels_unsafe"] is True
    assert {name: fact[name] for name in COUNTS} == {
        "concerns": 4, "weak_signs": 2, "strong_signs": 1, "not_sure": 2, "answered": 6}


def test_fact_types_match_what_rules_may_test():
    # The engine compares loosely, so every field must carry exactly the type the loader checks rules against.
    fact = derive_fact({})
    fields = fact_fields()
    assert set(fact) == set(fields) | {"t"}
    for name, kind in fields.items():
        assert type(fact[name]) is kind, name
