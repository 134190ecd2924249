"""`trust-builder rules check` and `trust-builder rules explain`, as a rule writer uses them."""
from __future__ import annotations

import argparse
import json

import pytest

from skill.rulebook.cli import add_rules_commands, parse_answers, rules_format_help


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="trust-builder")
    add_rules_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    status = args.run(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_check_reports_the_rules_it_loaded(capsys):
    status, out, _ = run(["rules", "check"], capsys)
    assert status == 0
    assert out.startswith("OK: ") and "signs.json: signs" in out and "safety.json: safety (1 rule)" in out


def test_check_fails_with_the_loader_message_on_a_bad_folder(tmp_path, capsys):
    (tmp_path / "bad.json").write_text(json.dumps({"extra": {"tested": {"all": [{"m": {"drama": "yes"}}]}}}))
    status, out, err = run(["rules", "check", "--rules-dir", str(tmp_path)], capsys)
    assert status == 1 and not out
    assert err.strip() == f"error: {tmp_path / 'bad.json'}: ruleset 'extra', rule 'tested': missing 'sections'"


def test_check_honours_the_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TRUST_RULES_DIR", str(tmp_path))
    status, _, err = run(["rules", "check"], capsys)
    assert status == 1 and "no rules files" in err


def test_explain_shows_answers_counts_rules_reasons_and_what_was_withheld(capsys):
    status, out, _ = run(["rules", "explain", "--answer", "feels_unsafe=not sure", "--answer", "open_lives=no"], capsys)
    assert status == 0
    assert "  feels_unsafe: not sure" in out and "  drama: skipped" in out
    assert "weak_signs=1" in out and "not_sure=1" in out
    assert "safety.feels_unsafe (priority 100" in out and "because your safety comes first" in out
    assert "  1. safety (section) because your safety comes first [safety.feels_unsafe]" in out
    assert "Withheld: building_trust, trust_exercises, share_personal" in out


def test_explain_with_no_answers_still_explains(capsys):
    status, out, _ = run(["rules", "explain"], capsys)
    assert status == 0 and "signs.unclear_picture" in out


@pytest.mark.parametrize("answer, problem", [
    ("drama", "needs ID=VALUE"), ("dramas=yes", "unknown question id"), ("drama=maybe", "must be one of")])
def test_explain_refuses_bad_answers(capsys, answer, problem):
    status, out, err = run(["rules", "explain", "--answer", answer], capsys)
    assert status == 2 and not out and problem in err


def test_answers_parse_on_the_first_equals_sign_and_may_not_repeat():
    assert parse_answers([" drama = not sure "]) == {"drama": "not sure"}
    with pytest.raises(ValueError, match="answered twice"):
        parse_answers(["drama=yes", "drama=no"])


def test_help_lists_the_format_and_every_field_a_rule_may_test():
    text = rules_format_help()
    assert "sections" in text and "withhold" in text and "priority" in text
    for name in ("feels_unsafe", "concern_<question id>", "weak_signs", "strong_signs", "not_sure", "answered"):
        assert name in text
