"""Loading rules: every mistake stops start-up with a message naming file, ruleset and rule; new rules need no code."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from skill.rulebook import engine as rules_engine
from skill.app import create_app
from skill.devtools.chat_session import ChatSession
from skill.devtools.resolver import resolver_for
from skill.alexa.handler import ConversationHandler
from skill.alexa.turn_of import turn_of
from skill.rulebook.engine import RulesError, default_rules_dir, load_rules
from skill.settings import Settings

REAL_RULES = Path(__file__).resolve().parent.parent / "rules"
GOOD_PATTERN = [{"m": {"concern_drama": True}}]


def rule(**changes) -> dict:
    """A valid rule, changed as asked; a value of None removes the key."""
    body = {"all": GOOD_PATTERN, "sections": ["red_flags"], "because": "because of a test", "priority": 1}
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


def write_rules(folder: Path, name: str = "extra.json", ruleset: str = "extra", rule_name: str = "tested",
                body: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps({ruleset: {rule_name: body if body is not None else rule()}}), encoding="utf-8")
    return path


def load_error(folder: Path) -> RulesError:
    with pytest.raises(RulesError) as caught:
        load_rules(folder)
    return caught.value


def assert_names_rule(error: RulesError, path: Path, ruleset: str = "extra", rule_name: str = "tested") -> None:
    assert str(path) in str(error)
    assert f"ruleset {ruleset!r}, rule {rule_name!r}" in str(error)
    assert (error.file, error.ruleset, error.rule) == (str(path), ruleset, rule_name)


def test_the_real_rules_load():
    book = load_rules(REAL_RULES)
    assert {spec.name for spec in book.rulesets} == {"safety", "concerns", "signs"}


def test_unparsable_json_names_file_and_place(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"extra": {"tested": {"all": [}}}', encoding="utf-8")
    error = load_error(tmp_path)
    assert str(error).startswith(f"{path}: not valid JSON") and "line 1, column" in str(error)


def test_a_key_given_twice_is_refused_not_silently_overwritten(tmp_path):
    path = tmp_path / "twice.json"
    path.write_text('{"extra": {"tested": {"priority": 1, "priority": 2}}}', encoding="utf-8")
    assert "'priority' appears twice" in str(load_error(tmp_path))


@pytest.mark.parametrize("key", ["run", "pri", "sectoins", "count"])
def test_unknown_keys_are_refused(tmp_path, key):
    path = write_rules(tmp_path, body={**rule(), key: 1})
    error = load_error(tmp_path)
    assert_names_rule(error, path)
    assert f"unknown key(s) {key}" in str(error)


@pytest.mark.parametrize("missing", ["sections", "because", "priority"])
def test_missing_metadata_is_refused(tmp_path, missing):
    path = write_rules(tmp_path, body=rule(**{missing: None}))
    error = load_error(tmp_path)
    assert_names_rule(error, path)
    assert f"missing {missing!r}" in str(error)


@pytest.mark.parametrize("changes, problem", [
    ({"sections": ["red_flag"]}, "names red_flag, which is not a section or exercise"),
    ({"withhold": ["nowhere"]}, "names nowhere, which is not a section or exercise"),
    ({"sections": []}, "must be a non-empty list"),
    ({"sections": ["red_flags", "red_flags"]}, "repeats an id"),
    ({"withhold": ["red_flags"]}, "both recommends and withholds red_flags"),
    ({"because": "you said so"}, "starting with \"because \""),
    ({"priority": "high"}, "whole number"),
    ({"priority": True}, "whole number"),
    ({"note": ["a", "list"]}, "'note' must be text"),
])
def test_bad_metadata_is_refused(tmp_path, changes, problem):
    path = write_rules(tmp_path, body=rule(**changes))
    error = load_error(tmp_path)
    assert_names_rule(error, path)
    assert problem in str(error)


@pytest.mark.parametrize("condition", [
    {"$nex": {"drama": 1}},
    {"$and": [{"$nex": {"drama": 1}}, {"$nex": {"control": 1}}]},
    {"$or": [{"concern_drama": True}, {"$nex": {"control": 1}}]},
], ids=["nex", "and of nex", "or with a nex branch"])
def test_patterns_that_could_match_the_engines_own_state_are_refused(tmp_path, condition):
    # Loaded, these patterns make the engine fire for ever on its own state record.
    path = write_rules(tmp_path, body=rule(all=[{"m": condition}]))
    error = load_error(tmp_path)
    assert_names_rule(error, path)
    assert "$nex is not allowed" in str(error) and "fires for ever" in str(error)


def test_presence_tests_are_refused_because_every_field_is_always_there(tmp_path):
    write_rules(tmp_path, body=rule(all=[{"m": {"$and": [{"concern_drama": True}, {"$ex": {"control": 1}}]}}]))
    assert "$ex is not allowed: every field is always in the fact" in str(load_error(tmp_path))


@pytest.mark.parametrize("pattern, problem", [
    ({"any": None, "all": None}, "exactly one of 'all' or 'any'"),
    ({"any": GOOD_PATTERN}, "exactly one of 'all' or 'any'"),
    ({"all": []}, "non-empty list of patterns"),
    ({"all": [{"m": {"concern_drama": True}}, {"n": {"concern_control": True}}]}, "exactly one pattern"),
    ({"all": [{"m": {"concern_drama": True, "concern_control": True}}]}, "exactly one test; combine tests with $and"),
    ({"all": [{"m": {"$and": []}}]}, "non-empty list of conditions"),
    ({"all": [{"m": {"$mt": {"drama": "y.*"}}}]}, "unsupported test $mt"),
    ({"all": [{"m": {"dramas": "yes"}}]}, "unknown field 'dramas'"),
    ({"all": [{"m": {"$gte": {"weak_signs": "3"}}}]}, "compare it with a whole number"),
    ({"all": [{"m": {"concern_drama": 1}}]}, "true or false"),
    ({"all": [{"m": {"drama": True}}]}, "is an answer"),
    ({"all": [{"m": {"$gt": {"drama": "no"}}}]}, "only be tested for equality"),
    ({"all": [{"m": {"t": "answers"}}]}, "unknown field 't'"),
    ({"all": [{"M$any": {"concern_drama": True}}]}, "plain lower-case name"),
], ids=lambda value: str(value)[:40])
def test_bad_patterns_are_refused(tmp_path, pattern, problem):
    body = rule(**pattern) if "any" in pattern or "all" not in pattern else rule(all=pattern["all"])
    path = write_rules(tmp_path, body=body)
    error = load_error(tmp_path)
    assert_names_rule(error, path)
    assert problem in str(error)


def test_a_ruleset_too_large_for_the_engine_to_compile_is_refused(tmp_path):
    # Past 512 alternatives the engine's compiler never returns; the loader stops at 256.
    branches = [{"weak_signs": n} for n in range(300)]
    path = write_rules(tmp_path, body=rule(all=[{"m": {"$or": branches}}]))
    error = load_error(tmp_path)
    assert_names_rule(error, path)
    assert "split it into several rulesets" in str(error)


def test_whatever_else_the_engine_rejects_is_reported_with_the_rule(tmp_path):
    # Valid to our checks, but nested deeper than the engine's expression limit (error 113).
    condition = {"concern_drama": True}
    for _ in range(25):
        condition = {"$and": [condition]}
    folder = tmp_path / "rules"
    shutil.copytree(REAL_RULES, folder)
    path = folder / "extra.json"
    path.write_text(json.dumps({"extra": {"fine": rule(), "tested": rule(all=[{"m": condition}])}}), encoding="utf-8")
    error = load_error(folder)
    assert_names_rule(error, path)
    assert "the rules engine rejects it" in str(error) and "113" in str(error)


@pytest.mark.parametrize("ruleset, rule_name", [("Extra", "tested"), ("extra$state", "tested"), ("extra", "Bad-Name")])
def test_names_must_be_plain(tmp_path, ruleset, rule_name):
    write_rules(tmp_path, ruleset=ruleset, rule_name=rule_name)
    assert "must be lower-case letters" in str(load_error(tmp_path))


def test_a_ruleset_name_used_in_two_files_is_refused(tmp_path):
    write_rules(tmp_path, "a.json")
    second = write_rules(tmp_path, "b.json", rule_name="other")
    error = load_error(tmp_path)
    assert str(error).startswith(f"{second}: ruleset 'extra': ruleset name already used in {tmp_path / 'a.json'}")


@pytest.mark.parametrize("document, problem", [([], "JSON object of rulesets"), ({}, "JSON object of rulesets"),
                                               ({"extra": {}}, "non-empty object of rules")])
def test_file_and_ruleset_shapes_are_checked(tmp_path, document, problem):
    (tmp_path / "shape.json").write_text(json.dumps(document), encoding="utf-8")
    assert problem in str(load_error(tmp_path))


def test_an_empty_or_missing_folder_is_refused(tmp_path):
    assert "no rules files" in str(load_error(tmp_path))
    assert "no such rules folder" in str(load_error(tmp_path / "absent"))


def test_a_rule_added_in_a_folder_takes_effect_without_code_changes(tmp_path):
    folder = tmp_path / "rules"
    shutil.copytree(REAL_RULES, folder)
    answers = {"easy_talk": "no"}
    assert "what_is_trust" not in {item.id for item in load_rules(folder).recommend(answers)}
    write_rules(folder, "talk.json", "talk", "start_from_the_beginning", rule(
        all=[{"m": {"easy_talk": "no"}}], sections=["what_is_trust"], because="because talking is hard", priority=55))
    found = load_rules(folder).recommend(answers)
    item = next(item for item in found if item.id == "what_is_trust")
    assert (item.rule, item.because, item.kind) == (
        "talk.start_from_the_beginning", "because talking is hard", "section")
    assert [i.id for i in found].index("what_is_trust") < [i.id for i in found].index("building_trust")


def test_the_rules_folder_can_be_chosen_by_environment(tmp_path):
    write_rules(tmp_path)
    chosen = Settings.from_env({"TRUST_RULES_DIR": str(tmp_path)}).rules_dir
    assert chosen == tmp_path
    assert set(load_rules(chosen).rules) == {"extra.tested"}
    assert Settings.from_env({}).rules_dir == default_rules_dir() == REAL_RULES


def test_an_or_with_two_true_branches_recommends_once(tmp_path):
    write_rules(tmp_path, body=rule(all=[{"m": {"$or": [{"concern_drama": True}, {"concern_control": True}]}}]))
    book = load_rules(tmp_path)
    found = book.recommend({"drama": "yes", "control": "yes"})
    assert [item.id for item in found] == ["red_flags"]
    assert book._host.fired.count("extra.tested") == 2, "the engine itself fires twice; we de-duplicate"


def test_an_any_with_two_matching_patterns_recommends_once(tmp_path):
    write_rules(tmp_path, body=rule(all=None, any=[{"m": {"concern_drama": True}}, {"m": {"concern_control": True}}]))
    assert [item.id for item in load_rules(tmp_path).recommend({"drama": "yes", "control": "yes"})] == ["red_flags"]


def test_answers_no_rule_matches_are_safe_from_the_first_evaluation_on(tmp_path):
    # Unhandled facts used to leave state that crashes the process when deleted, from the very first one.
    write_rules(tmp_path)
    book = load_rules(tmp_path)
    for _ in range(1100):  # more than the 1024 session ids the engine keeps alive
        assert book.recommend({"drama": "no"}) == ()


def test_a_failing_action_is_reported_not_swallowed(tmp_path, monkeypatch):
    def failing_action(self, action_name):
        def fail(closure):
            raise KeyError("boom")
        return fail

    write_rules(tmp_path)
    monkeypatch.setattr(rules_engine._InlineHost, "get_action", failing_action)
    book = load_rules(tmp_path)
    with pytest.raises(RuntimeError, match="a rule action failed in ruleset 'extra'.*boom"):
        book.recommend({"drama": "yes"})


def test_the_default_rule_book_is_loaded_once():
    assert rules_engine.default_rulebook() is rules_engine.default_rulebook()


# --- The skill loads its rules at start-up, from Settings.rules_dir ----------------------------------------------

def app_with_rules(folder: Path):
    return create_app(Settings(verify_requests=False, database="none", rules_dir=folder))


def test_the_app_refuses_to_start_on_a_broken_rules_file(tmp_path):
    write_rules(tmp_path, body=rule(sections=None))
    with pytest.raises(RulesError, match="missing 'sections'") as refused:
        app_with_rules(tmp_path)
    assert refused.value.file == str(tmp_path / "extra.json")


def test_the_app_refuses_to_start_without_a_rules_folder(tmp_path):
    with pytest.raises(RulesError, match="no such rules folder"):
        app_with_rules(tmp_path / "nowhere")


def test_each_app_answers_with_the_rules_of_its_own_settings(tmp_path, monkeypatch):
    write_rules(tmp_path)
    seen = []
    real_handle = ConversationHandler.handle

    def spying_handle(self, handler_input):
        seen.append(set(turn_of(handler_input).rules.rules))
        return real_handle(self, handler_input)

    monkeypatch.setattr(ConversationHandler, "handle", spying_handle)
    for app in (app_with_rules(tmp_path), app_with_rules(REAL_RULES)):
        assert ChatSession(app.test_client(), resolver_for("en-US")).launch().speech
    assert seen[0] == {"extra.tested"} and "safety.feels_unsafe" in seen[1]
    assert "safety.feels_unsafe" in rules_engine.default_rulebook().rules, "outside a request: the shipped rules"


def test_apps_of_one_rules_folder_share_its_compiled_rules_until_a_file_changes(tmp_path):
    path = write_rules(tmp_path)
    first = rules_engine.rulebook_for(tmp_path)
    assert rules_engine.rulebook_for(tmp_path) is first
    path.write_text(path.read_text(encoding="utf-8").replace("because of a test", "because of a change"),
                    encoding="utf-8")
    changed = rules_engine.rulebook_for(tmp_path)
    assert changed is not first and changed.rules["extra.tested"].because == "because of a change"
