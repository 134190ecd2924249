"""The self-check's question bank, and the one fact the rules engine sees for a set of answers."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Mapping

from skill import content
ANSWERS = ("yes", "no", "sometimes", "not sure", "skipped")
SKIPPED = "skipped"
NOT_SURE = "not sure"
SIGNS = "signs"
GROUPS = ("signs", "warnings")
FACT_TYPE = "answers"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")

# The values computed in Python and put in the fact beside the answers. The engine has no
# "at least N of these" test, so every count a rule needs is computed here.
COUNTS = {
    "concerns": "answers that count as a concern, over all twelve questions",
    "weak_signs": "signs of trust (questions 1-6) whose answer is a concern",
    "strong_signs": "signs of trust answered with an answer that is not a concern and not \"not sure\"",
    "not_sure": "answers that are \"not sure\"",
    "answered": "questions not skipped",
}


@dataclass(frozen=True)
class Question:
    id: str
    group: str
    topic: str
    text: str
    concern: frozenset[str]

    def is_concern(self, answer: str) -> bool:
        return answer in self.concern


@cache
def questions() -> tuple[Question, ...]:
    """The twelve questions in the order they are asked, checked once per process."""
    bank = tuple(_question(entry) for entry in content.load("questions")["questions"])
    ids = [question.id for question in bank]
    if len(set(ids)) != len(ids):
        raise ValueError(f"questions.yaml: question ids repeat: {sorted(i for i in set(ids) if ids.count(i) > 1)}")
    return bank


@cache
def question_ids() -> tuple[str, ...]:
    return tuple(question.id for question in questions())


def validate_answers(answers: Mapping[str, str]) -> dict[str, str]:
    """Every question's answer, "skipped" where none was given; ValueError for an unknown id or answer."""
    known = set(question_ids())
    unknown = sorted(str(key) for key in answers if key not in known)
    if unknown:
        raise ValueError(f"unknown question id(s): {', '.join(unknown)}; known: {', '.join(question_ids())}")
    for question_id, answer in answers.items():
        # Exact strings only: the engine compares loosely, so a True or a 1 must never reach it.
        if not isinstance(answer, str) or answer not in ANSWERS:
            raise ValueError(f"answer to {question_id} must be one of {', '.join(ANSWERS)}, not {answer!r}")
    return {question_id: answers.get(question_id, SKIPPED) for question_id in question_ids()}


def derive_fact(answers: Mapping[str, str]) -> dict:
    """The fact for one evaluation: each answer, a concern flag per question, and the counts in COUNTS."""
    full = validate_answers(answers)
    fact: dict = {"t": FACT_TYPE}
    counts = dict.fromkeys(COUNTS, 0)
    for question in questions():
        answer = full[question.id]
        fact[question.id] = answer
        fact[f"concern_{question.id}"] = question.is_concern(answer)
        for name, add in counted(question, answer).items():
            counts[name] += add
    fact.update(counts)
    return fact


def counted(question: Question, answer: str) -> dict[str, int]:
    """What `answer` to `question` adds to each count in COUNTS."""
    concern = question.is_concern(answer)
    sign = question.group == SIGNS
    return {"concerns": int(concern), "weak_signs": int(sign and concern),
            "strong_signs": int(sign and answer not in (SKIPPED, NOT_SURE) and not concern),
            "not_sure": int(answer == NOT_SURE), "answered": int(answer != SKIPPED)}


def fact_fields() -> dict[str, type]:
    """Every field a rule may test, with its type: answers are str, concern flags bool, counts int."""
    fields: dict[str, type] = {}
    for question in questions():
        fields[question.id] = str
        fields[f"concern_{question.id}"] = bool
    fields.update(dict.fromkeys(COUNTS, int))
    return fields


def _question(entry: Mapping) -> Question:
    where = f"questions.yaml: question {entry.get('id', '?')!r}"
    if set(entry) != {"id", "group", "topic", "text", "concern"}:
        raise ValueError(f"{where}: needs exactly id, group, topic, text, concern; has {sorted(entry)}")
    if not isinstance(entry["id"], str) or not _ID.match(entry["id"]):
        raise ValueError(f"{where}: id must be lower-case letters, digits and underscores")
    if entry["group"] not in GROUPS:
        raise ValueError(f"{where}: group must be one of {GROUPS}")
    concern = entry["concern"]
    if not isinstance(concern, list) or not concern or not set(concern) <= set(ANSWERS) - {SKIPPED}:
        raise ValueError(f"{where}: concern must list answers among {ANSWERS[:-1]} (quote \"yes\" and \"no\")")
    return Question(entry["id"], entry["group"], entry["topic"], entry["text"], frozenset(concern))
