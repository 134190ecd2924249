"""Proves, for every possible set of self-check answers, that the rules keep the protection policy on their own.

There are 5^12 sets of answers (yes, no, sometimes, not sure, skipped for each of twelve questions), but the rules and
the policy read only some fields of the fact, and many answers give those fields the same values (for a sign of
trust, "no" and "sometimes" are both a concern; a count does not care which question added to it). Two sets of
answers that agree on every field read get the same result, from the engine as from Python, so one set stands for
all that agree: `answer_sets` builds one per distinct reading, question by question, merging as it goes. Each is
then run through the rules in Python (skill/rulebook/conditions.py, checked against the engine by
tests/test_rules_audit.py), which takes about a second where the engine would take minutes.

A breach is a rule that, on its own, would suggest couple work after control or fear, or reassure where the policy
does not allow it. The skill still applies the policy to every result; `trust-builder rules check` refuses rules with
a breach, so that what a rule says and what the person hears never disagree.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Mapping

from skill.rulebook.conditions import compile_pattern, pattern_fields
from skill.rulebook.engine import RuleBook
from skill.rulebook.loader import Rule
from skill.rulebook.questions import ANSWERS, COUNTS, SKIPPED, counted, derive_fact, questions


@dataclass(frozen=True)
class Breach:
    rule: Rule
    problem: str
    answers: Mapping[str, str]  # one set of answers that shows it

    def __str__(self) -> str:
        shown = ", ".join(f"{question_id}={answer}" for question_id, answer in self.answers.items()
                          if answer != SKIPPED) or "every question skipped"
        return f"{self.rule.file}: rule {self.rule.name!r} {self.problem}, for example with {shown}"


def answer_sets(fields: frozenset[str]) -> Iterator[dict[str, str]]:
    """One set of answers for each distinct reading of `fields` over all 5^12 sets of answers."""
    counts = [name for name in COUNTS if name in fields]
    readings: dict[tuple, tuple[str, ...]] = {((), (0,) * len(counts)): ()}
    for question in questions():
        choices = _choices(question, fields, counts)
        merged: dict[tuple, tuple[str, ...]] = {}
        for (seen, totals), answers in readings.items():
            for answer, (visible, adds) in choices.items():
                key = (seen + visible, tuple(total + add for total, add in zip(totals, adds)))
                merged.setdefault(key, answers + (answer,))
        readings = merged
    ids = [question.id for question in questions()]
    for answers in readings.values():
        yield dict(zip(ids, answers))


def _choices(question, fields: frozenset[str], counts: list[str]) -> dict[str, tuple[tuple, tuple]]:
    """The answers to `question` that read differently, each with what it shows and what it adds to each count."""
    found: dict[tuple, str] = {}
    for answer in ANSWERS:
        adds = counted(question, answer)
        visible = (answer if question.id in fields else None,
                   question.is_concern(answer) if f"concern_{question.id}" in fields else None)
        found.setdefault((visible, tuple(adds[name] for name in counts)), answer)
    return {answer: reading for reading, answer in found.items()}


def python_firing(book: RuleBook) -> Callable[[Mapping], tuple[Rule, ...]]:
    """A function of a fact giving the rules that fire on it, in the engine's order, evaluated in Python."""
    tests = [(rule, compile_pattern(rule.pattern)) for rule in book.rules.values()]
    return lambda fact: book.in_order(rule for rule, test in tests if test(fact))


def breaches(book: RuleBook, *, limit: int = 5) -> list[Breach]:
    """Up to `limit` ways the rules on their own break the policy, one per rule and problem; [] when they keep it.

    Each question asked of the rules reads only a few fields: whether rule R, firing after control or fear, suggests
    couple work C depends only on the fields the policy, R and the rules that withhold C read; whether a reassuring
    rule fires where it may not, only on the fields it and the policy read. So each is answered over the distinct
    readings of those fields alone: that covers every set of answers, and keeps each enumeration small."""
    found: list[Breach] = []
    for rule, fields, broken, problem in _questions(book):
        example = next((answers for answers in answer_sets(fields) if broken(derive_fact(answers))), None)
        if example is not None:
            found.append(Breach(rule, problem, example))
            if len(found) >= limit:
                break
    return found


def _questions(book: RuleBook) -> Iterator[tuple[Rule, frozenset[str], Callable[[Mapping], bool], str]]:
    """(rule, the fields the question reads, a test of a fact that is true where the rule breaks the policy, the
    problem) for every way a rule could break it."""
    policy = book.policy
    withholders = _withholders(book)
    for rule in book.rules.values():
        fires = compile_pattern(rule.pattern)
        fields = policy.fields | pattern_fields(rule.pattern)
        for item in rule.sections:
            if item not in policy.withhold:
                continue
            others = [test for test, _fields in withholders.get(item, [])]
            reading = fields.union(*(other_fields for _test, other_fields in withholders.get(item, [])))
            yield (rule, reading,
                   lambda fact, fires=fires, others=others: policy.protects(fact) and fires(fact) and
                   not any(other(fact) for other in others),
                   f"suggests {item}, couple work, after control or fear (rules/policy.json \"protect\")")
        if rule.reassures:
            yield (rule, fields, lambda fact, fires=fires: fires(fact) and not policy.may_reassure(fact),
                   "reassures where the policy does not allow it (rules/policy.json \"reassure\")")


def _withholders(book: RuleBook) -> dict[str, list[tuple[Callable[[Mapping], bool], frozenset[str]]]]:
    """For each id, the test and the fields read of every rule that withholds it."""
    found: dict[str, list] = {}
    for rule in book.rules.values():
        test, fields = compile_pattern(rule.pattern), pattern_fields(rule.pattern)
        for item in rule.withhold:
            found.setdefault(item, []).append((test, fields))
    return found
