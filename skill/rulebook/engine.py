"""Decides which sections and exercises fit a set of self-check answers, by running rules/*.json on durable-rules.

Every hazard of durable-rules 2.0.28 (DESIGN.md §3) is handled here and nowhere else:
- the stock Host runs actions on background timer threads: ours starts none, and actions run inline;
- the C engine is not safe to enter from two threads: one lock serialises every call into it;
- each evaluation asserts one fact under a fresh session id whose state is always deleted, so memory
  stays flat (the engine refuses new ids once 1024 are alive);
- an unhandled fact leaves state whose deletion can crash the process (probed: the first fact of a
  ruleset is enough), so a rule of ours matches every fact and nothing is ever left unhandled;
- an action's exception is only recorded in the state: it is checked;
- a fact matching several branches of an $or fires the rule once per branch: firings are de-duplicated;
- patterns the engine would loop on, and loose types, are refused by skill.rulebook.loader at start-up.
"""
from __future__ import annotations

import copy
import itertools
import json
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping

import durable_rules_engine
from durable.engine import Host, MessageNotHandledException

from skill import content
from skill.rulebook.loader import Rule, RulesError, RulesetSpec, check_safety_policy, read_rules_dir
from skill.rulebook.policy import Policy, load_policy
from skill.rulebook.questions import FACT_TYPE, derive_fact, fact_fields
from skill.settings import DEFAULT_RULES_DIR

__all__ = ["Explanation", "Recommendation", "RuleBook", "RulesError", "default_rulebook", "default_rules_dir",
           "load_rules", "rulebook_for"]

SAFETY_SECTION = "safety"  # the section every rule that puts safety first recommends
SEEN_RULE = "_fact_seen"  # cannot clash: rule names in files start with a letter
_ENGINE_LOCK = threading.Lock()


@dataclass(frozen=True)
class Recommendation:
    id: str
    kind: str  # "section" or "exercise"
    because: str
    rule: str  # "ruleset.rule"


@dataclass(frozen=True)
class Explanation:
    """What one evaluation saw and did, for people who write rules."""
    fact: Mapping[str, object]
    fired: tuple[Rule, ...]  # in the order their recommendations are made
    recommendations: tuple[Recommendation, ...]
    withheld: tuple[str, ...]  # ids a fired rule recommended and another fired rule, or the policy, withheld
    withholding: frozenset[str] = frozenset()  # every id not to offer while this result stands: rules and policy
    notice: str | None = None  # the prompt the result says with where help is (rules/policy.json), or None
    overruled: tuple[Rule, ...] = ()  # rules that fired but the policy does not let count (a reassurance)


class _InlineHost(Host):
    """A durable-rules Host that starts no threads: actions run on the caller's thread, inside assert_fact."""

    def __init__(self) -> None:
        self.fired: list[str] = []
        super().__init__()

    def _run(self) -> None:
        # The stock version starts dispatch and timer threads that run actions on their own thread.
        pass

    def get_action(self, action_name: str):
        def record(closure) -> None:
            self.fired.append(action_name)
        return record


class RuleBook:
    """Compiled rules. Stateless per evaluation and safe to share between threads."""

    def __init__(self, rulesets: tuple[RulesetSpec, ...], kinds: Mapping[str, str], policy: Policy) -> None:
        self.rulesets = rulesets
        self.policy = policy
        self.rules: dict[str, Rule] = {rule.name: rule for spec in rulesets for rule in spec.rules}
        self._order = {name: index for index, name in enumerate(self.rules)}
        self._kinds = dict(kinds)
        self._sids = itertools.count(1)
        self._host = _InlineHost()
        with _ENGINE_LOCK:
            for spec in rulesets:
                _compile(self._host, spec)

    def recommend(self, answers: Mapping[str, str]) -> tuple[Recommendation, ...]:
        """Ordered, de-duplicated recommendations for the answers; ValueError for an unknown id or answer."""
        return self.explain(answers).recommendations

    def explain(self, answers: Mapping[str, str]) -> Explanation:
        fact = derive_fact(answers)
        return self.explain_fired(fact, self._fire(fact))

    def explain_fired(self, fact: Mapping, fired: tuple[Rule, ...]) -> Explanation:
        """What the rules that fired on `fact` recommend, in order, once the protection policy is applied. Pure:
        the audit (skill/rulebook/audit.py) calls it with rules fired in Python instead of in the engine."""
        overruled = tuple(rule for rule in fired if rule.reassures and not self.policy.may_reassure(fact))
        fired = tuple(rule for rule in fired if rule not in overruled)
        withheld_ids = frozenset().union(*(rule.withhold for rule in fired)) | self.policy.withheld(fact)
        recommendations: list[Recommendation] = []
        seen: set[str] = set()
        withheld: list[str] = []
        for rule in fired:
            for item in rule.sections:
                if item in seen:
                    continue
                seen.add(item)
                if item in withheld_ids:
                    withheld.append(item)
                else:
                    recommendations.append(Recommendation(item, self._kinds[item], rule.because, rule.name))
        return Explanation(MappingProxyType(dict(fact)), fired, tuple(recommendations), tuple(withheld), withheld_ids,
                           self.policy.notice(fact), overruled)

    def _fire(self, fact: dict) -> tuple[Rule, ...]:
        with _ENGINE_LOCK:
            sid = str(next(self._sids))
            self._host.fired = fired = []
            for spec in self.rulesets:
                self._assert_once(spec.name, {**fact, "sid": sid})
        # A set: an $or with two true branches fires its rule twice.
        return self.in_order(self.rules[name] for name in set(fired) - {SEEN_RULE})

    def in_order(self, rules: Iterable[Rule]) -> tuple[Rule, ...]:
        """Rules in the order their recommendations are made: higher priority first, then as the files list them."""
        return tuple(sorted(rules, key=lambda rule: (-rule.priority, self._order[rule.name])))

    def _assert_once(self, ruleset: str, fact: dict) -> None:
        sid = fact["sid"]
        created = False
        try:
            try:
                self._host.assert_fact(ruleset, fact)
            except MessageNotHandledException:
                # Cannot happen while SEEN_RULE matches every fact. Its state is left alone on purpose:
                # deleting the state of an unhandled fact can crash the process.
                raise RuntimeError(f"ruleset {ruleset!r} did not handle the answers fact") from None
            created = True
            failure = self._host.get_state(ruleset, sid).get("exception")
            if failure:
                raise RuntimeError(f"a rule action failed in ruleset {ruleset!r}: {failure}")
        finally:
            # Only state the engine finished creating: deleting after an engine error can crash it.
            if created:
                self._host.delete_state(ruleset, sid)


def _compile(host: _InlineHost, spec: RulesetSpec) -> None:
    # Copies: the engine's Ruleset deletes "run" from the dict it is given.
    definition = {rule.rule: {**copy.deepcopy(rule.pattern), "run": rule.name} for rule in spec.rules}
    definition[SEEN_RULE] = {"all": [{"m": {"t": FACT_TYPE}}], "run": SEEN_RULE}
    try:
        host.register_rulesets({spec.name: definition})
    except Exception as error:  # the engine raises bare errors with a numeric code
        raise RulesError(spec.file, f"the rules engine rejects it: {error}", spec.name,
                         _rejected_rule(spec)) from None


def _rejected_rule(spec: RulesetSpec) -> str | None:
    """The first rule the engine refuses on its own, to name it; None if only the whole set is refused."""
    for rule in spec.rules:
        try:
            handle = durable_rules_engine.create_ruleset("probe", json.dumps({rule.rule: rule.pattern}))
        except Exception:
            return rule.rule
        durable_rules_engine.delete_ruleset(handle)
    return None


def default_rules_dir() -> Path:
    """The rules that ship with the skill; Settings.rules_dir (TRUST_RULES_DIR) chooses others."""
    return DEFAULT_RULES_DIR


def load_rules(rules_dir: Path | None = None) -> RuleBook:
    """Reads, checks and compiles every rules file; RulesError naming file, ruleset and rule on any problem."""
    kinds = {section_id: "section" for section_id in content.section_ids()}
    kinds.update({exercise_id: "exercise" for exercise_id in content.exercise_ids()})
    rulesets = read_rules_dir(Path(rules_dir) if rules_dir else default_rules_dir(), frozenset(kinds), fact_fields())
    try:
        check_safety_policy(rulesets, SAFETY_SECTION, content.withheld_after_fear_or_harm())
        policy = load_policy(fact_fields())
    except content.ContentError as error:
        raise RulesError(error.file, error.problem) from None
    return RuleBook(rulesets, kinds, policy)


def default_rulebook() -> RuleBook:
    """The rules that ship with the skill (rules/), loaded once per process: for tools and tests. A running skill
    uses the rules its settings name, handed to each request by an interceptor (skill/handlers/interceptors.py)."""
    return _shipped_rulebook()


def _shipped_rulebook() -> RuleBook:
    return rulebook_for(DEFAULT_RULES_DIR)


def rulebook_for(rules_dir: Path) -> RuleBook:
    """The rules of `rules_dir`, compiled once and shared for as long as its files are unchanged; RulesError as
    load_rules. The engine never frees a compiled ruleset, so every app built in one process (tests build hundreds)
    would otherwise keep its own copy."""
    folder = Path(rules_dir).resolve()
    return _compiled(folder, _fingerprint(folder))


@cache
def _compiled(folder: Path, fingerprint: tuple) -> RuleBook:
    return load_rules(folder)  # a RulesError is raised, not cached: the next start tries again


def _fingerprint(folder: Path) -> tuple:
    """What load_rules reads, by name, size and time of change."""
    try:
        return tuple((path.name, path.stat().st_size, path.stat().st_mtime_ns)
                     for path in sorted(folder.glob("*.json")))
    except OSError:
        return ()
