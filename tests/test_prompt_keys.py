"""Every prompt is said somewhere and every key said exists: keys are written out in the code, never built by string
arithmetic, so a search finds who says a prompt."""
from __future__ import annotations

import ast
from pathlib import Path

from skill.rulebook.engine import default_rulebook
from skill.voice.wording import prompts

PACKAGE = Path(__file__).resolve().parents[1] / "skill"
# Functions whose first (or every) positional arguments are prompt keys; Speech.pause, a method, is not one of them.
SAYING = {"phrase": 1, "phrase_in_turn": 1, "speak": None, "ask_again": None, "pause": None}


def source_trees() -> list[ast.AST]:
    return [ast.parse(path.read_text(encoding="utf-8")) for path in sorted(PACKAGE.rglob("*.py"))]


def string_constants() -> set[str]:
    return {node.value for tree in source_trees() for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def keys_said() -> list[tuple[str, ast.AST]]:
    """(key, argument) for each argument of a saying call that is a literal or any other expression."""
    found = []
    for tree in source_trees():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None)
            if name not in SAYING:
                continue
            args = node.args[:SAYING[name]] if SAYING[name] else node.args
            found += [(arg.value if isinstance(arg, ast.Constant) else None, arg) for arg in args
                      if not (isinstance(arg, ast.Name) and arg.id == "turn")]
    return found


def said_by_policy() -> set[str]:
    """The prompts the protection policy (rules/policy.json) names for the self-check's result to say."""
    policy = default_rulebook().policy
    return {policy.protect_say, policy.unanswered_say}


def test_every_prompt_is_said_somewhere():
    unused = sorted(set(prompts()) - string_constants() - said_by_policy())
    assert not unused, f"prompts no code says: {unused}"


def test_every_key_said_exists():
    missing = sorted({key for key, _arg in keys_said() if isinstance(key, str) and key not in prompts()})
    missing += sorted(said_by_policy() - set(prompts()))
    assert not missing, f"keys said but not in any prompt file: {missing}"


def test_no_key_is_built_by_string_arithmetic():
    built = [ast.unparse(arg) for _key, arg in keys_said() if isinstance(arg, (ast.JoinedStr, ast.BinOp))]
    assert not built, f"prompt keys built from pieces (write each key out): {built}"
