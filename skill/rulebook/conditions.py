"""A rule's condition evaluated in Python on one answers fact, as durable-rules evaluates it on the same fact.

The engine's answer is a pure function of the fact, and the loader admits only a small language (a plain value,
$eq, $neq, $lt, $lte, $gt, $gte, $and, $or; one type per field), so Python can say the same thing without the engine:
the protection policy (skill/rulebook/policy.py) is read with it on every result, and the audit
(skill/rulebook/audit.py) runs every rule over every possible set of answers with it, far faster than the engine.
tests/test_rules_audit.py checks that it and the engine agree.
"""
from __future__ import annotations

import operator
from typing import Any, Callable, Mapping

Test = Callable[[Mapping[str, Any]], bool]

_COMPARE = {"$eq": operator.eq, "$neq": operator.ne, "$lt": operator.lt, "$lte": operator.le,
            "$gt": operator.gt, "$gte": operator.ge}


def compile_condition(condition: Mapping) -> Test:
    """A function of a fact that says whether `condition` (already checked by the loader) holds for it."""
    (key, value), = condition.items()
    if key in ("$and", "$or"):
        parts = tuple(compile_condition(part) for part in value)
        combine = all if key == "$and" else any
        return lambda fact: combine(part(fact) for part in parts)
    if key in _COMPARE:
        (name, literal), = value.items()
        compare = _COMPARE[key]
        return lambda fact: compare(fact[name], literal)
    return lambda fact: fact[key] == value


def compile_pattern(pattern: Mapping) -> Test:
    """A rule's pattern list ({"all": [one]} or {"any": [...]}, each {"m": condition}) as one test of a fact."""
    (_kind, patterns), = pattern.items()
    tests = tuple(compile_condition(next(iter(entry.values()))) for entry in patterns)
    return tests[0] if len(tests) == 1 else (lambda fact: any(test(fact) for test in tests))


def fields_read(condition: Mapping) -> frozenset[str]:
    """Every fact field a condition reads."""
    (key, value), = condition.items()
    if key in ("$and", "$or"):
        return frozenset().union(*(fields_read(part) for part in value))
    if key in _COMPARE:
        return frozenset(value)
    return frozenset({key})


def pattern_fields(pattern: Mapping) -> frozenset[str]:
    (_kind, patterns), = pattern.items()
    return frozenset().union(*(fields_read(next(iter(entry.values()))) for entry in patterns))
