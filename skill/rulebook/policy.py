"""The protection policy (rules/policy.json): what every self-check result must respect, whatever the rules say.

- protect: when its condition holds (control, or fear in any form), every section and exercise of the kinds it
  names (couple work, skill/content/kinds.yaml) is withheld, and the result says `say` with where help is;
- safety_unanswered: when its condition holds (the safety question skipped or declined), the result says `say`;
- reassure: a rule marked "reassures" counts only where `only_when` holds ("sounds strong" needs a "no" to the
  safety question and no concern at all).
The skill applies it to every result (skill/rulebook/engine.py); skill/rulebook/audit.py proves that the rules keep
it on their own, for every possible set of answers. It is read from the shipped rules folder only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from skill import content
from skill.rulebook.conditions import Test, compile_condition, fields_read
from skill.rulebook.loader import POLICY_FILE, RulesError, check_condition, parse_json
from skill.settings import DEFAULT_RULES_DIR

_CLAUSES = {"protect": {"when", "withhold_kinds", "say", "note"},
            "safety_unanswered": {"when", "say", "note"},
            "reassure": {"only_when", "note"}}


@dataclass(frozen=True)
class Policy:
    protect_when: Test
    withhold: frozenset[str]  # every section and exercise of the protected kinds
    protect_say: str
    unanswered_when: Test
    unanswered_say: str
    reassure_when: Test
    fields: frozenset[str] = field(default=frozenset())  # every fact field the policy reads

    def protects(self, fact: Mapping[str, Any]) -> bool:
        return self.protect_when(fact)

    def withheld(self, fact: Mapping[str, Any]) -> frozenset[str]:
        return self.withhold if self.protects(fact) else frozenset()

    def may_reassure(self, fact: Mapping[str, Any]) -> bool:
        return self.reassure_when(fact)

    def watched(self, question_ids: Iterable[str]) -> frozenset[str]:
        """The questions whose answers the policy reads (control, fear): never read back aloud, as someone else in the
        room could hear what the person said about them."""
        return frozenset(question_id for question_id in question_ids
                         if {question_id, f"concern_{question_id}"} & self.fields)

    def notice(self, fact: Mapping[str, Any]) -> str | None:
        """The prompt key the result says with where help is, or None."""
        if self.protects(fact):
            return self.protect_say
        return self.unanswered_say if self.unanswered_when(fact) else None


def load_policy(fields: Mapping[str, type], folder: Path = DEFAULT_RULES_DIR) -> Policy:
    """The policy of `folder`/policy.json, checked as strictly as a rule; RulesError naming the clause."""
    path = folder / POLICY_FILE
    if not path.is_file():
        raise RulesError(str(path), "the protection policy is missing")
    document = parse_json(path)
    file = str(path)
    if not isinstance(document, dict) or set(document) != {*_CLAUSES, "note"}:
        raise RulesError(file, f"must hold exactly note, {', '.join(_CLAUSES)}")
    for name, keys in _CLAUSES.items():
        clause = document[name]
        if not isinstance(clause, dict) or set(clause) != keys:
            raise RulesError(file, f"{name} must hold exactly {', '.join(sorted(keys))}")
    conditions = {name: document[name]["only_when" if name == "reassure" else "when"] for name in _CLAUSES}
    for name, condition in conditions.items():
        def fail(problem: str, name: str = name) -> RulesError:
            return RulesError(file, f"{name}: {problem}")
        check_condition(condition, fields, fail)
    protect = document["protect"]
    return Policy(compile_condition(conditions["protect"]), _items_of(protect["withhold_kinds"], file),
                  protect["say"], compile_condition(conditions["safety_unanswered"]),
                  document["safety_unanswered"]["say"], compile_condition(conditions["reassure"]),
                  frozenset().union(*(fields_read(condition) for condition in conditions.values())))


def _items_of(kinds: Any, file: str) -> frozenset[str]:
    """Every section and exercise of `kinds`; at least every kind withheld after fear or harm must be named."""
    known = content.load("kinds")["kinds"]
    if not isinstance(kinds, list) or not kinds or not all(kind in known for kind in kinds):
        raise RulesError(file, f"protect: withhold_kinds must list kinds of skill/content/kinds.yaml: {', '.join(known)}")
    required = {name for name, kind in known.items() if kind["after_fear_or_harm"] == content.WITHHELD}
    if not required <= set(kinds):
        raise RulesError(file, f"protect: withhold_kinds must name {', '.join(sorted(required))}, which fear withholds")
    return frozenset(item for item in (*content.sections(), *content.exercises()) if content.kind_of(item) in kinds)
