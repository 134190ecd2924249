"""`trust-builder rules check` and `trust-builder rules explain`: tools for people who write rules/*.json."""
from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import IO

from skill.rulebook import loader as rules_loader
from skill.rulebook.audit import breaches
from skill.rulebook.engine import Explanation, RuleBook, RulesError, load_rules
from skill.rulebook.questions import ANSWERS, COUNTS, question_ids
from skill.settings import Settings

EXIT_BAD_RULES = 1
EXIT_BAD_ANSWER = 2


def add_rules_commands(subparsers) -> None:
    """Adds `rules check` and `rules explain` to the `trust-builder` command's subparsers."""
    rules = subparsers.add_parser("rules", help="check the rules, or see which rules fire for some answers",
                                  description=rules_format_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = rules.add_subparsers(dest="rules_command", required=True)
    folder = argparse.ArgumentParser(add_help=False)
    folder.add_argument("--rules-dir", type=Path, default=None,
                        help="folder of rules files (default: TRUST_RULES_DIR, or the rules folder of the project)")

    check = commands.add_parser("check", parents=[folder], help="load every rules file and prove, over every possible "
                                "set of answers, that the rules keep the protection policy; exit 1 on a problem")
    check.set_defaults(run=run_check)

    explain = commands.add_parser(
        "explain", parents=[folder], help="show which rules fire for some answers, and why",
        description=f"Questions: {', '.join(question_ids())}. Answers: {', '.join(ANSWERS)} (missing = skipped).")
    explain.add_argument("--answer", action="append", default=[], metavar="ID=VALUE",
                         help='one answer, e.g. --answer lie_hurts=yes --answer "drama=not sure"; repeatable')
    explain.set_defaults(run=run_explain)


def rules_format_help() -> str:
    """The rules file format and every field a rule may test, for `trust-builder rules --help`."""
    lines = [rules_loader.__doc__.strip(), "", "Fields of the fact:"]
    lines.append(textwrap.fill(", ".join(question_ids()) + ":", width=100, initial_indent="  ",
                               subsequent_indent="  "))
    lines.append(f"      the answer to that question: {', '.join(ANSWERS)}")
    lines.append("  concern_<question id>: true when the answer counts as a concern for that question")
    lines += [f"  {name}: {meaning}" for name, meaning in COUNTS.items()]
    lines.append("Tests: a plain value (equals), $eq, $neq, $lt, $lte, $gt, $gte, $and, $or. Example pattern:")
    lines.append('  "all": [{"m": {"$and": [{"concern_drama": true}, {"$lte": {"weak_signs": 2}}]}}]')
    return "\n".join(lines)


def run_check(args: argparse.Namespace, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    book = _load(args.rules_dir, err)
    if book is None:
        return EXIT_BAD_RULES
    found = breaches(book)
    if found:
        # The skill would still apply the policy, but then what a rule says and what the person hears disagree.
        print("error: the rules break the protection policy (rules/policy.json) on their own:", file=err)
        for breach in found:
            print(f"  {breach}", file=err)
        return EXIT_BAD_RULES
    files = sorted({spec.file for spec in book.rulesets})
    print(f"OK: {len(book.rules)} rules in {len(book.rulesets)} rulesets from {len(files)} files; every possible set "
          "of answers keeps the protection policy", file=out)
    for spec in book.rulesets:
        count = len(spec.rules)
        print(f"  {spec.file}: {spec.name} ({count} rule{'s' if count != 1 else ''})", file=out)
    return 0


def run_explain(args: argparse.Namespace, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        answers = parse_answers(args.answer)
    except ValueError as error:
        print(f"error: {error}", file=err)
        return EXIT_BAD_ANSWER
    book = _load(args.rules_dir, err)
    if book is None:
        return EXIT_BAD_RULES
    try:
        explanation = book.explain(answers)
    except ValueError as error:
        print(f"error: {error}", file=err)
        return EXIT_BAD_ANSWER
    out.write(format_explanation(explanation))
    return 0


def parse_answers(items: list[str]) -> dict[str, str]:
    """{"drama": "not sure"} from ["drama=not sure"]; ValueError for a malformed or repeated item."""
    answers: dict[str, str] = {}
    for item in items:
        question_id, separator, value = item.partition("=")
        question_id, value = question_id.strip(), value.strip()
        if not separator or not question_id:
            raise ValueError(f"--answer needs ID=VALUE, not {item!r}")
        if question_id in answers:
            raise ValueError(f"{question_id} is answered twice")
        answers[question_id] = value
    return answers


def format_explanation(explanation: Explanation) -> str:
    fact = explanation.fact
    lines = ["Answers:"]
    lines += [f"  {question_id}: {fact[question_id]}" for question_id in question_ids()]
    lines.append("Derived: " + ", ".join(f"{name}={fact[name]}" for name in COUNTS))
    lines.append("Rules that fire, in order:")
    for rule in explanation.fired:
        withhold = f"; withholds {', '.join(sorted(rule.withhold))}" if rule.withhold else ""
        lines.append(f"  {rule.name} (priority {rule.priority}, {rule.file}): {rule.because}")
        lines.append(f"      recommends {', '.join(rule.sections)}{withhold}")
    if not explanation.fired:
        lines.append("  none")
    lines.append("Recommendations:")
    for number, item in enumerate(explanation.recommendations, 1):
        lines.append(f"  {number}. {item.id} ({item.kind}) {item.because} [{item.rule}]")
    if not explanation.recommendations:
        lines.append("  none")
    if explanation.withheld:
        lines.append(f"Withheld: {', '.join(explanation.withheld)}")
    if explanation.overruled:
        lines.append(f"Not let count by the policy: {', '.join(rule.name for rule in explanation.overruled)}")
    if explanation.notice:
        lines.append(f"Says where help is: {explanation.notice}")
    return "\n".join(lines) + "\n"


def _load(rules_dir: Path | None, err: IO[str]) -> RuleBook | None:
    try:
        return load_rules(rules_dir or Settings.from_env().rules_dir)
    except RulesError as error:
        print(f"error: {error}", file=err)
        return None
