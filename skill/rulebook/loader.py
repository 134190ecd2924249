"""Reads rules/*.json and checks every rule before the engine sees it, so mistakes fail at start-up by name.

A rules file is durable-rules' own JSON form, {ruleset: {rule: {...}}}, where each rule has exactly one
pattern list ("all" with one pattern, or "any" with one or more) plus our metadata:
    sections  ids of sections or exercises to recommend, in order (required)
    because   the short spoken reason, starting with "because " (required)
    priority  a whole number; recommendations of higher-priority rules come first (required)
    withhold  ids that must not be suggested when this rule fires (optional). A rule that recommends the
              safety section must withhold exactly what the content's kinds withhold after fear or harm
              (skill/content/kinds.yaml): `check_safety_policy`.
    reassures true when the rule tells the person that trust sounds fine (optional): it then counts only where
              the protection policy allows it (rules/policy.json, "reassure")
    note      a comment for people who write rules (optional, never spoken)
rules/policy.json is not a ruleset: it is the protection policy (skill/rulebook/policy.py), skipped here.
The metadata is stripped; the pattern list is what the engine compiles.
"""
from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from skill.content.provenance import sourced
from skill.rulebook.questions import ANSWERS

METADATA_KEYS = frozenset({"sections", "because", "priority", "withhold", "reassures", "note"})
REQUIRED_KEYS = ("sections", "because", "priority")
PATTERN_KEYS = frozenset({"all", "any"})
LOGIC = frozenset({"$and", "$or"})
EQUALITY = frozenset({"$eq", "$neq"})
ORDERING = frozenset({"$lt", "$lte", "$gt", "$gte"})
PRESENCE = frozenset({"$ex", "$nex"})
MAX_BECAUSE_CHARS = 120
# Probed on durable-rules 2.0.28: compiling a ruleset hangs for ever once its patterns add up to more
# than 512 alternatives (each $or branch and each "any" entry is one). We stop well short of that.
MAX_ALTERNATIVES = 256
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
POLICY_FILE = "policy.json"  # the protection policy beside the rules, not a ruleset (skill/rulebook/policy.py)


class RulesError(Exception):
    """A rules file the skill refuses to start with. The message names the file, ruleset and rule."""

    def __init__(self, file: str, problem: str, ruleset: str | None = None, rule: str | None = None):
        self.file, self.ruleset, self.rule, self.problem = file, ruleset, rule, problem
        where = file
        if ruleset is not None:
            where += f": ruleset {ruleset!r}"
        if rule is not None:
            where += f", rule {rule!r}"
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Rule:
    """One rule's metadata and its engine pattern; `name` is "ruleset.rule", unique in a rule book."""
    name: str
    file: str
    ruleset: str
    rule: str
    sections: tuple[str, ...]
    because: str
    priority: int
    withhold: frozenset[str]
    pattern: Mapping[str, Any] = field(compare=False)  # {"all"|"any": [...]}, as the engine compiles it
    reassures: bool = False  # says trust sounds fine: only where the protection policy allows it


@dataclass(frozen=True)
class RulesetSpec:
    name: str
    file: str
    rules: tuple[Rule, ...]


def read_rules_dir(rules_dir: Path, known_ids: frozenset[str], fields: Mapping[str, type]) -> tuple[RulesetSpec, ...]:
    """Every ruleset of every *.json file in `rules_dir`, files in name order; RulesError on the first problem."""
    if not rules_dir.is_dir():
        raise RulesError(str(rules_dir), "no such rules folder")
    files = sorted(path for path in rules_dir.glob("*.json") if path.name != POLICY_FILE)
    if not files:
        raise RulesError(str(rules_dir), "no rules files (*.json) in this folder")
    specs: list[RulesetSpec] = []
    seen: dict[str, str] = {}
    for path in files:
        for spec in read_rules_file(path, known_ids, fields):
            if spec.name in seen:
                raise RulesError(spec.file, f"ruleset name already used in {seen[spec.name]}", spec.name)
            seen[spec.name] = spec.file
            specs.append(spec)
    return tuple(specs)


def read_rules_file(path: Path, known_ids: frozenset[str], fields: Mapping[str, type]) -> tuple[RulesetSpec, ...]:
    file = str(path)
    document = parse_json(path)
    if not isinstance(document, dict) or not document:
        raise RulesError(file, "must hold a JSON object of rulesets: {\"ruleset\": {\"rule\": {...}}}")
    specs = []
    for ruleset, rules in document.items():
        _check_name(file, ruleset)
        if not isinstance(rules, dict) or not rules:
            raise RulesError(file, "must be a non-empty object of rules", ruleset)
        checked = tuple(_rule(file, ruleset, rule, body, known_ids, fields) for rule, body in rules.items())
        _check_size(file, ruleset, checked)
        specs.append(RulesetSpec(ruleset, file, checked))
    return tuple(specs)


def parse_json(path: Path) -> Any:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
        # json keeps only the last of two equal keys; a rule overwritten in silence is worse than an error.
        result: dict = {}
        for key, value in pairs:
            if key in result:
                raise RulesError(str(path), f"key {key!r} appears twice in one object")
            result[key] = value
        return result

    def no_constant(name: str) -> Any:
        raise RulesError(str(path), f"{name} is not a JSON value")

    try:
        text = path.read_text(encoding="utf-8")
        return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constant)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise RulesError(str(path), f"not valid JSON: {error.msg} at {where}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RulesError(str(path), f"cannot be read: {error}") from None


def _check_name(file: str, name: str, ruleset: str | None = None) -> None:
    """A ruleset's name (ruleset None) or a rule's name within `ruleset`."""
    # Plain names keep "ruleset.rule" unambiguous, and keep out the engine's own suffixes ($state, $flow).
    if not _NAME.match(name):
        what = "rule" if ruleset else "ruleset"
        raise RulesError(file, f"{what} name {name!r} must be lower-case letters, digits and underscores, "
                               "starting with a letter", ruleset, name if ruleset else None)


def _rule(file: str, ruleset: str, rule: str, body: Any, known_ids: frozenset[str],
          fields: Mapping[str, type]) -> Rule:
    _check_name(file, rule, ruleset)

    def fail(problem: str) -> RulesError:
        return RulesError(file, problem, ruleset, rule)

    if not isinstance(body, dict):
        raise fail("must be a JSON object")
    unknown = sorted(set(body) - METADATA_KEYS - PATTERN_KEYS)
    if unknown:
        raise fail(f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(METADATA_KEYS | PATTERN_KEYS))}")
    for key in REQUIRED_KEYS:
        if key not in body:
            raise fail(f"missing {key!r}")
    sections = _id_list(body["sections"], "sections", known_ids, fail, allow_empty=False)
    withhold = _id_list(body.get("withhold", []), "withhold", known_ids, fail, allow_empty=True)
    clash = sorted(set(sections) & set(withhold))
    if clash:
        raise fail(f"both recommends and withholds {', '.join(clash)}")
    because = body["because"]
    if not isinstance(because, str) or not because.startswith("because ") or len(because) > MAX_BECAUSE_CHARS:
        raise fail(f"'because' must be a spoken reason starting with \"because \", "
                   f"at most {MAX_BECAUSE_CHARS} characters")
    priority = body["priority"]
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise fail("'priority' must be a whole number")
    if not isinstance(body.get("note", ""), str):
        raise fail("'note' must be text")
    if not isinstance(body.get("reassures", False), bool):
        raise fail("'reassures' must be true or false")
    pattern = _pattern(body, fields, fail)
    name = f"{ruleset}.{rule}"
    because = sourced(because, ["rule", name])  # said by the rule's name, so "repeat" keeps the name, not the words
    return Rule(name, file, ruleset, rule, sections, because, priority, frozenset(withhold), pattern,
                reassures=body.get("reassures", False))


def _id_list(value: Any, key: str, known_ids: frozenset[str], fail, *, allow_empty: bool) -> tuple[str, ...]:
    if not isinstance(value, list) or (not value and not allow_empty) or not all(isinstance(v, str) for v in value):
        raise fail(f"{key!r} must be a {'' if allow_empty else 'non-empty '}list of section or exercise ids")
    unknown = [item for item in value if item not in known_ids]
    if unknown:
        raise fail(f"{key!r} names {', '.join(unknown)}, which is not a section or exercise in the content")
    if len(set(value)) != len(value):
        raise fail(f"{key!r} repeats an id")
    return tuple(value)


def _pattern(body: Mapping, fields: Mapping[str, type], fail) -> dict:
    kinds = sorted(PATTERN_KEYS & set(body))
    if len(kinds) != 1:
        raise fail("needs exactly one of 'all' or 'any'")
    kind = kinds[0]
    patterns = body[kind]
    if not isinstance(patterns, list) or not patterns:
        raise fail(f"{kind!r} must be a non-empty list of patterns")
    if kind == "all" and len(patterns) != 1:
        # Each evaluation asserts one fact; "all" with two patterns waits for two facts and never fires.
        raise fail("'all' must hold exactly one pattern (one fact per evaluation); combine tests with $and")
    for pattern in patterns:
        if not isinstance(pattern, dict) or len(pattern) != 1:
            raise fail('each pattern must be an object with one name, like {"m": {...}}')
        (binding, condition), = pattern.items()
        if not _NAME.match(binding):
            raise fail(f"pattern name {binding!r} must be a plain lower-case name such as \"m\"")
        check_condition(condition, fields, fail)
    return {kind: copy.deepcopy(patterns)}


def check_condition(condition: Any, fields: Mapping[str, type], fail) -> None:
    if not isinstance(condition, dict) or len(condition) != 1:
        # The engine reads an object with two tests as something other than "both": say it with $and.
        raise fail(f"each condition must be an object with exactly one test; combine tests with $and: {condition!r}")
    (key, value), = condition.items()
    if key in LOGIC:
        if not isinstance(value, list) or not value:
            raise fail(f"{key} needs a non-empty list of conditions (an empty one makes the engine hang)")
        for part in value:
            check_condition(part, fields, fail)
    elif key in PRESENCE:
        # A pattern of only $nex also matches the engine's own state record, and the engine then fires it
        # for ever. Our fact always holds every field, so presence tests could tell nothing anyway.
        raise fail(f"{key} is not allowed: every field is always in the fact (an unanswered question is "
                   "\"skipped\"), and a pattern of only $nex matches the engine's own state and fires for ever")
    elif key in EQUALITY | ORDERING:
        if not isinstance(value, dict) or len(value) != 1:
            raise fail(f"{key} needs an object with one field, like {{\"{key}\": {{\"weak_signs\": 3}}}}")
        (name, literal), = value.items()
        _check_field(name, fields, fail)
        _check_literal(name, key, literal, fields[name], fail)
    elif key.startswith("$"):
        raise fail(f"unsupported test {key}; use one of {', '.join(sorted(LOGIC | EQUALITY | ORDERING))}")
    else:
        _check_field(key, fields, fail)
        _check_literal(key, "$eq", value, fields[key], fail)


def _check_field(name: str, fields: Mapping[str, type], fail) -> None:
    if name not in fields:
        raise fail(f"unknown field {name!r}; the fact has {', '.join(fields)}")


def _check_literal(name: str, test: str, literal: Any, kind: type, fail) -> None:
    # The engine compares loosely ("4" >= 3 holds, true equals 1), so each field takes one type only.
    if kind is int:
        if not isinstance(literal, int) or isinstance(literal, bool):
            raise fail(f"{name} is a count: compare it with a whole number, not {literal!r}")
    elif test in ORDERING:
        raise fail(f"{name} can only be tested for equality ({', '.join(sorted(EQUALITY))} or a plain value)")
    elif kind is bool and not isinstance(literal, bool):
        raise fail(f"{name} is true or false, not {literal!r}")
    elif kind is str and literal not in ANSWERS:
        raise fail(f"{name} is an answer: one of {', '.join(ANSWERS)}, not {literal!r}")


def alternatives(condition: Mapping) -> int:
    """How many patterns the condition can unfold into, counting $or as a sum and $and as a product."""
    (key, value), = condition.items()
    if key == "$or":
        return sum(alternatives(part) for part in value)
    if key == "$and":
        product = 1
        for part in value:
            product = min(product * alternatives(part), MAX_ALTERNATIVES + 1)
        return product
    return 1


def _check_size(file: str, ruleset: str, rules: tuple[Rule, ...]) -> None:
    total = 1  # the wrapper's own rule that sees every fact
    for rule in rules:
        for pattern in next(iter(rule.pattern.values())):
            total += alternatives(next(iter(pattern.values())))
        if total > MAX_ALTERNATIVES:
            raise RulesError(file, f"the ruleset grows past {MAX_ALTERNATIVES} alternative patterns here "
                                   "(each $or branch and each 'any' entry counts; the engine hangs when "
                                   "compiling more than 512): split it into several rulesets", ruleset, rule.rule)


def check_safety_policy(rulesets: tuple[RulesetSpec, ...], safety_section: str, policy: frozenset[str]) -> None:
    """Every rule that recommends `safety_section` withholds exactly `policy`, the ids the content's declared kinds
    withhold after fear or harm: answers and words of fear then hide the same things. RulesError naming the rule."""
    for spec in rulesets:
        for rule in spec.rules:
            if safety_section not in rule.sections or rule.withhold == policy:
                continue
            problems = []
            if policy - rule.withhold:
                problems.append(f"does not withhold {', '.join(sorted(policy - rule.withhold))}, which "
                                "skill/content declares couple work")
            if rule.withhold - policy:
                problems.append(f"withholds {', '.join(sorted(rule.withhold - policy))}, which skill/content "
                                "does not declare couple work")
            raise RulesError(rule.file, f"recommends {safety_section} but {' and '.join(problems)}; the kinds "
                                        "(skill/content/kinds.yaml) and this 'withhold' must agree", spec.name, rule.rule)
